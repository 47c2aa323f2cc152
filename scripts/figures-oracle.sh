#!/usr/bin/env bash
# Cross-checks the Swift CATD core (enjeu-core-bench catd-io) against crowd-kit's RASA.
# Usage: bash scripts/figures-oracle.sh [--seed N] [--tol 1e-6] [--self-test] ...  (arguments go to figures-oracle.py)
# Set SKIP_BUILD=1 to reuse an existing .build/release/enjeu-core-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-oracle
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet crowd-kit==1.4.2 numpy==2.4.6 scipy==1.17.1 pandas==3.1.1
fi
case " $* " in
  *" --self-test "*) ;;
  *) [ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product enjeu-core-bench ;;
esac
exec "$venv/bin/python" scripts/figures-oracle.py "$@"
