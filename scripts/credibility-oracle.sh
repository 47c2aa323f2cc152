#!/usr/bin/env bash
# Cross-checks the Swift seeded EigenTrust (enjeu-core-bench credibility-io) against networkx's personalised PageRank.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-oracle
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import networkx' 2>/dev/null || "$venv/bin/pip" install --quiet networkx==3.6.1
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product enjeu-core-bench
exec "$venv/bin/python" scripts/credibility-oracle.py .build/release/enjeu-core-bench
