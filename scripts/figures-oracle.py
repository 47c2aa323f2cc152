#!/usr/bin/env python3
"""Cross-check of the Swift CATD core against crowd-kit's RASA (= CATD on 1-D embeddings).

Usage:
  python3 scripts/figures-oracle.py [--binary PATH] [--seed N] [--tol 1e-6]
      generate a seeded synthetic input, run `<binary> catd-io <input.csv>`, run RASA on the same
      data, compare; exit 1 if a difference exceeds --tol.
  python3 scripts/figures-oracle.py --self-test
      the same, with this script's numpy CATD (`catd-io` mode below) standing in for the Swift binary.
  python3 scripts/figures-oracle.py catd-io INPUT.csv
      numpy reference: reads the CSV, prints `t,<indicator>,<log10 truth>` and `w,<source>,<weight>`.

Algorithm (crowd-kit 1.4.2 `RASA.fit`, 1-D embedding y = log10(value), see docs/ALGORITHMS.md §1.5):
  n_k      = number of claims (rows) of source k, counting every claim (also those on indicators with one claim)
  prior_k  = chi2.isf(alpha/2, n_k)                      (upper 97.5 % quantile for alpha = 0.05)
  w_k      = 1 for every source
  repeat at most n_iter times:
      t_i  = sum_k w_k y_ik / sum_k w_k                  (weighted mean, un-normalised w)
      w_k  = prior_k / max(sum_i (y_ik - t_i)^2, 1e-5)   (clip applies to the per-source SUM)
      if not the first pass and sum_i (t_i - t_prev_i)^2 / sum_i t_i^2 < tol: stop
      t_prev = t
  output: t (the last one) and w (computed FROM that last t, i.e. half a step ahead). No normalisation.

Weights are compared raw (no normalisation): RASA's skills_ are absolute (prior / clipped loss) and the Swift
core must print the same numbers. Relative difference = |w_swift - w_rasa| / |w_rasa|.
"""
import argparse
import csv
import math
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ALPHA, N_ITER, TOL_RASA, EPS = 0.05, 100, 1e-9, 1e-5


# --------------------------------------------------------------------------------------------------
# Portable chi-square upper quantile (no scipy), so the Swift port can copy it line by line.
# Solves Q(k/2, x/2) = p, Q = regularised upper incomplete gamma; Wilson–Hilferty start, then Newton.

def _gamma_q(a, x):
    """Regularised upper incomplete gamma Q(a, x) (Numerical Recipes gser / gcf with modified Lentz)."""
    if x <= 0.0:
        return 1.0
    gln = math.lgamma(a)
    if x < a + 1.0:  # series for P, then Q = 1 - P
        ap, s, term = a, 1.0 / a, 1.0 / a
        for _ in range(100_000):
            ap += 1.0
            term *= x / ap
            s += term
            if abs(term) < abs(s) * 1e-17:
                break
        return 1.0 - s * math.exp(-x + a * math.log(x) - gln)
    tiny = 1e-300  # continued fraction for Q
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-17:
            break
    return math.exp(-x + a * math.log(x) - gln) * h


def chi2_isf(p, k, z=None):
    """x such that P(X > x) = p for X ~ chi2(k). z = standard normal upper quantile of p (1.959963984540054 for 0.025)."""
    if z is None:
        from statistics import NormalDist
        z = NormalDist().inv_cdf(1.0 - p)
    a = 0.5 * k
    h = 2.0 / (9.0 * k)
    x = max(k * (1.0 - h + z * math.sqrt(h)) ** 3, 1e-3)  # Wilson–Hilferty
    for _ in range(100):
        f = _gamma_q(a, 0.5 * x) - p
        # d/dx Q(a, x/2) = -pdf_chi2(x) = -exp((a-1) ln(x/2) - x/2 - lgamma(a)) / 2
        dens = 0.5 * math.exp((a - 1.0) * math.log(0.5 * x) - 0.5 * x - math.lgamma(a))
        step = f / dens  # Newton on Q(x) - p with Q' = -dens: x_new = x + f/dens
        x_new = x + step
        if x_new <= 0.0:
            x_new = 0.5 * x
        if abs(x_new - x) <= 1e-15 * x:
            x = x_new
            break
        x = x_new
    return x


# --------------------------------------------------------------------------------------------------
# numpy reference of RASA.fit on 1-D embeddings

def catd_reference(ind, src, y, n_ind, n_src, alpha=ALPHA, n_iter=N_ITER, tol=TOL_RASA, portable_chi2=True):
    import numpy as np
    counts = np.bincount(src, minlength=n_src)
    if portable_chi2:
        z = 1.959963984540054 if alpha == 0.05 else None
        cache = {}
        prior = np.array([cache.setdefault(int(n), chi2_isf(alpha / 2, int(n), z)) if n > 0 else 0.0 for n in counts])
    else:
        from scipy.stats import chi2
        prior = np.where(counts > 0, chi2.isf(alpha / 2, np.maximum(counts, 1)), 0.0)
    w = np.ones(n_src)
    prev = None
    for it in range(1, n_iter + 1):
        t = np.bincount(ind, w[src] * y, minlength=n_ind) / np.bincount(ind, w[src], minlength=n_ind)
        w = prior / np.maximum(np.bincount(src, (y - t[ind]) ** 2, minlength=n_src), EPS)
        if prev is not None and np.sum((t - prev) ** 2) / np.sum(t * t) < tol:
            break
        prev = t
    return t, w, it


def read_claims(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    if rows and not rows[0][0].lstrip("-").isdigit():
        rows = rows[1:]  # header
    return [(int(i), int(s), float(v)) for i, s, v in rows]


def catd_io(path):
    """Stand-in for `enjeu-core-bench catd-io`: same input and output formats."""
    import numpy as np
    claims = read_claims(path)
    inds = sorted({c[0] for c in claims})
    srcs = sorted({c[1] for c in claims})
    ii, si = {v: k for k, v in enumerate(inds)}, {v: k for k, v in enumerate(srcs)}
    ind = np.array([ii[c[0]] for c in claims])
    src = np.array([si[c[1]] for c in claims])
    y = np.log10(np.array([c[2] for c in claims]))
    t, w, _ = catd_reference(ind, src, y, len(inds), len(srcs))
    out = [f"t,{i},{float(t[k])!r}" for k, i in enumerate(inds)] + [f"w,{s},{float(w[k])!r}" for k, s in enumerate(srcs)]
    print("\n".join(out))


# --------------------------------------------------------------------------------------------------
# synthetic data, RASA, comparison

def synthetic(seed, n_ind=200, n_src=60, mean_claims=10.0):
    """Long-tail participation, mostly good sources, some noisy/biased ones, plus degenerate cases."""
    import numpy as np
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.3, 5.0, n_ind)                       # log10 of the true value: 2 .. 100,000
    sigma = rng.uniform(0.005, 0.05, n_src)                    # good sources
    noisy = rng.choice(n_src - 3, 8, replace=False)
    sigma[noisy] = rng.uniform(0.15, 0.6, 8)                   # noisy sources
    bias = np.zeros(n_src)
    bias[noisy[:3]] = rng.choice([-1, 1], 3) * rng.uniform(0.05, 0.2, 3)  # three of them also biased
    activity = rng.pareto(1.2, n_src) + 0.2                     # long tail
    activity[-3:] = 0.0                                         # sources n_src-3.. get exactly one claim below
    p = activity / activity.sum()
    claims = []
    for i in range(n_ind - 3):                                  # the last 3 indicators: one claim each, below
        n = int(min(max(1, rng.poisson(mean_claims)), np.count_nonzero(p)))
        for k in rng.choice(n_src, n, replace=False, p=p):
            claims.append((i, int(k)))
    claims.append((n_ind - 3, n_src - 3))                       # single-claim source on a single-claim indicator: zero loss
    claims.append((n_ind - 2, n_src - 2))                       # single-claim source on a shared indicator below
    claims.append((0, n_src - 1))                               # single-claim source on a busy indicator
    claims.append((n_ind - 1, int(np.argmax(activity))))        # single-claim indicator from the busiest source
    claims.append((n_ind - 2, int(np.argsort(activity)[-2])))
    rows = []
    for i, k in claims:
        y = truth[i] + bias[k] + sigma[k] * rng.standard_normal()
        rows.append((i, k, float(10.0 ** y)))
    return rows


def run_rasa(rows, alpha=ALPHA, n_iter=N_ITER, tol=TOL_RASA):
    import numpy as np
    import pandas as pd
    from crowdkit.aggregation import RASA
    df = pd.DataFrame({
        "task": [r[0] for r in rows], "worker": [r[1] for r in rows], "output": [repr(r[2]) for r in rows],
        "embedding": [np.array([math.log10(r[2])]) for r in rows],
    })
    r = RASA(n_iter=n_iter, tol=tol, alpha=alpha).fit(df)
    t = {int(i): float(np.asarray(e).reshape(-1)[0]) for i, e in r.aggregated_embeddings_.items()}
    w = {int(k): float(v) for k, v in r.skills_.items()}
    return t, w


def run_binary(cmd, path):
    proc = subprocess.run(cmd + ["catd-io", path], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} catd-io failed ({proc.returncode}):\n{proc.stderr}")
    t, w, other = {}, {}, 0
    for line in proc.stdout.splitlines():
        parts = line.strip().split(",")
        if len(parts) == 3 and parts[0] in ("t", "w"):
            (t if parts[0] == "t" else w)[int(parts[1])] = float(parts[2])
        elif line.strip():
            other += 1
    if other:
        print(f"note: ignored {other} unrecognised line(s) of output", file=sys.stderr)
    return t, w


def compare(name_a, a, name_b, b, rel):
    keys_a, keys_b = set(a), set(b)
    missing = sorted(keys_b - keys_a)[:5], sorted(keys_a - keys_b)[:5]
    worst, worst_key = 0.0, None
    for k in keys_a & keys_b:
        d = abs(a[k] - b[k])
        if rel:
            d /= max(abs(b[k]), 1e-300)
        if d > worst or worst_key is None:
            worst, worst_key = d, k
    return worst, worst_key, len(keys_a & keys_b), missing


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=None, help="Swift binary (default: .build/release/enjeu-core-bench); may be a command line")
    ap.add_argument("--seed", type=int, default=20240517)
    ap.add_argument("--tol", type=float, default=1e-6, help="failure threshold for both differences")
    ap.add_argument("--self-test", action="store_true", help="use this script's numpy CATD instead of the Swift binary")
    ap.add_argument("--no-header", action="store_true", help="omit the `indicator,source,value` header line")
    ap.add_argument("--keep", action="store_true", help="keep the input CSV and print its path")
    args = ap.parse_args()

    root = Path(__file__).resolve().parent.parent
    if args.self_test:
        cmd, label = [sys.executable, str(Path(__file__).resolve())], "numpy"
    else:
        cmd = shlex.split(args.binary) if args.binary else [str(root / ".build/release/enjeu-core-bench")]
        label = "swift"
        if not (os.path.exists(cmd[0]) or len(cmd) > 1):
            sys.exit(f"binary not found: {cmd[0]} (swift build -c release --product enjeu-core-bench)")

    rows = synthetic(args.seed)
    fd, path = tempfile.mkstemp(prefix="figures-oracle-", suffix=".csv")
    with os.fdopen(fd, "w") as f:
        if not args.no_header:
            f.write("indicator,source,value\n")
        f.writelines(f"{i},{k},{v!r}\n" for i, k, v in rows)
    try:
        got_t, got_w = run_binary(cmd, path)
    finally:
        if args.keep:
            print(f"input kept at {path}")
        else:
            os.unlink(path)
    ref_t, ref_w = run_rasa(rows)

    n_ind, n_src = len({r[0] for r in rows}), len({r[1] for r in rows})
    print(f"seed {args.seed}: {len(rows)} claims, {n_ind} indicators, {n_src} sources; RASA(n_iter={N_ITER}, tol={TOL_RASA}, alpha={ALPHA})")
    dt = compare(label, got_t, "rasa", ref_t, rel=False)
    dw = compare(label, got_w, "rasa", ref_w, rel=True)
    print(f"{'quantity':<34} {'compared':>8} {'max diff':>12} {'at':>6}  status")
    ok = True
    for name, (d, key, n, (miss, extra)) in (("truth, abs diff in log10", dt), ("weight, rel diff (raw, no norm.)", dw)):
        good = d <= args.tol and not miss and not extra
        ok &= good
        print(f"{name:<34} {n:>8} {d:>12.3e} {str(key):>6}  {'ok' if good else 'FAIL'}")
        if miss or extra:
            print(f"    missing from {label}: {miss}  not in RASA: {extra}")
    if args.self_test:
        from scipy.stats import chi2
        ks = list(range(1, 2001)) + [5000, 10_000, 100_000]
        worst = max(abs(chi2_isf(0.025, k, 1.959963984540054) / chi2.isf(0.025, k) - 1) for k in ks)
        print(f"{'portable chi2.isf(0.025,k) vs scipy':<34} {len(ks):>8} {worst:>12.3e} {'':>6}  {'ok' if worst < 1e-12 else 'FAIL'}")
        ok &= worst < 1e-12
    print("PASS" if ok else f"FAIL (threshold {args.tol:g})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "catd-io":
        catd_io(sys.argv[2])
    else:
        main()
