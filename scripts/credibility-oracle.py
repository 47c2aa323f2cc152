"""Cross-checks EnjeuCore's seeded EigenTrust against networkx's personalised PageRank on random graphs.

Usage: bash scripts/credibility-oracle.sh   (builds enjeu-core-bench, runs `credibility-io FILE` on each graph)
networkx is called with tol=1e-10/len(G) (its default stops too early, docs/ALGORITHMS.md §2.4) and dangling mass sent
to the personalisation vector, which is the seeds.
"""
import random
import subprocess
import sys
import tempfile

import networkx as nx


def graph(seed, n, m, seeds):
    rng = random.Random(seed)
    edges = {}
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges[(a, b)] = edges.get((a, b), 0) + rng.choice([1, 1, 1, 1.5, 2])
    return edges, rng.sample(range(n), seeds)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/enjeu-core-bench"
    worst = 0.0
    for seed, (n, m, s) in enumerate([(50, 200, 3), (500, 3000, 10), (2000, 12000, 40), (300, 400, 5)]):
        edges, seeds = graph(seed, n, m, s)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(f"{n}\n" + " ".join(map(str, seeds)) + "\n")
            for (a, b), w in edges.items():
                f.write(f"{a},{b},{w}\n")
            path = f.name
        out = subprocess.run([binary, "credibility-io", path], capture_output=True, text=True, check=True).stdout.split()
        ours = [float(x) for x in out]
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        for (a, b), w in edges.items():
            g.add_edge(a, b, weight=w)
        personal = {i: (1 if i in seeds else 0) for i in range(n)}
        ref = nx.pagerank(g, alpha=0.85, personalization=personal, weight="weight", tol=1e-10 / n, max_iter=1000)
        diff = max(abs(ours[i] - ref[i]) for i in range(n))
        worst = max(worst, diff)
        print(f"graph {seed}: {n} nodes, {len(edges)} edges, {s} seeds: max |difference| {diff:.3e}")
    print("PASS" if worst < 1e-6 else "FAIL")
    return 0 if worst < 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
