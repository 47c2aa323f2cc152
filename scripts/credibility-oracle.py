"""Cross-checks EnjeuCore's seeded EigenTrust against networkx's personalised PageRank on random graphs.

Usage: bash scripts/credibility-oracle.sh   (builds enjeu-core-bench, runs `credibility-io FILE` on each graph)
networkx is called with tol=1e-10/len(G) (its default stops too early, docs/ALGORITHMS.md §2.4) and dangling mass sent
to the personalisation vector, which is the seeds.
"""
import math
import random
import subprocess
import sys
import tempfile

import networkx as nx


def graph(seed, n, m, seeds, weighted):
    rng = random.Random(seed)
    edges = {}
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges[(a, b)] = edges.get((a, b), 0) + rng.choice([1, 1, 1, 1.5, 2])
    # Weighted seeds as the app anchors them: log2(1 + verified results).
    chosen = rng.sample(range(n), seeds)
    return edges, {s: (math.log2(1 + rng.randint(1, 20)) if weighted else 1.0) for s in chosen}


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/enjeu-core-bench"
    worst = 0.0
    cases = [(50, 200, 3, False), (500, 3000, 10, False), (2000, 12000, 40, False), (300, 400, 5, False),
             (500, 3000, 10, True), (2000, 12000, 40, True)]
    for seed, (n, m, s, weighted) in enumerate(cases):
        edges, seeds = graph(seed, n, m, s, weighted)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(f"{n}\n" + " ".join(f"{i}:{w!r}" for i, w in seeds.items()) + "\n")
            for (a, b), w in edges.items():
                f.write(f"{a},{b},{w}\n")
            path = f.name
        out = subprocess.run([binary, "credibility-io", path], capture_output=True, text=True, check=True).stdout.split()
        ours = [float(x) for x in out]
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        for (a, b), w in edges.items():
            g.add_edge(a, b, weight=w)
        personal = {i: seeds.get(i, 0) for i in range(n)}
        ref = nx.pagerank(g, alpha=0.85, personalization=personal, weight="weight", tol=1e-10 / n, max_iter=1000)
        diff = max(abs(ours[i] - ref[i]) for i in range(n))
        worst = max(worst, diff)
        print(f"graph {seed}: {n} nodes, {len(edges)} edges, {s} {'weighted ' if weighted else ''}seeds: max |difference| {diff:.3e}")
    print("PASS" if worst < 1e-6 else "FAIL")
    return 0 if worst < 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
