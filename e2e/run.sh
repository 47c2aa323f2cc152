#!/usr/bin/env bash
# Runs the browser tests (journey, first steps, #CodeSocial, #ChiffresEnsemble, a six-step cycle, the economy, a network, a programme, the social space,
# moderation and personal data, roles and the charter, keyboard only) against one fresh server; fails if any fails. Every page they visit is
# audited by axe-core at 1280 and 375 px. Then e2e/screenshots.py photographs the demo's main pages (screenshots/fr, screenshots/en). Screenshots (those
# of failures and the demo's) and the axe report go to $E2E_ARTIFACTS (a new temporary folder if unset, printed at the
# end), for CI to keep. Usage, from the repo root: bash e2e/run.sh [e2e/test_….py …]
set -uo pipefail

BIN="${ENJEU_BIN:-.build/debug/enjeu}"
PY="${PYTHON:-.venv/bin/python}"
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DATA="$(mktemp -d)"
LOG="$DATA/server.log"
export E2E_ARTIFACTS="${E2E_ARTIFACTS:-$(mktemp -d "${TMPDIR:-/tmp}/enjeu-e2e.XXXXXX")}"
mkdir -p "$E2E_ARTIFACTS"; rm -rf "$E2E_ARTIFACTS/axe"  # this run's results only
SERVER=""

cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
    rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Federation on (plain http is allowed on loopback): the « Fédivers » pages show their forms.
ENJEU_PUBLIC_URL="http://127.0.0.1:$PORT" ENJEU_DATA_DIR="$DATA" ENJEU_PORT="$PORT" ENJEU_BCRYPT_COST=4 ENJEU_AUTH_RATE_LIMIT=1000 ENJEU_WRITE_RATE_LIMIT=1000 \
    "$BIN" serve >"$LOG" 2>&1 &
SERVER=$!

for _ in $(seq 120); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    if ! kill -0 "$SERVER" 2>/dev/null; then echo "server exited early:" >&2; cat "$LOG" >&2; exit 1; fi
    sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    echo "server not healthy after 60 s:" >&2; cat "$LOG" >&2; exit 1
fi

STATUS=0
# Given test files (bash e2e/run.sh e2e/test_network.py), only those run, and the demo is not photographed.
TESTS=("$@")
[ ${#TESTS[@]} -eq 0 ] && TESTS=(e2e/test_journey.py e2e/test_first_steps.py e2e/test_code.py e2e/test_figures.py e2e/test_cycle.py
                                  e2e/test_economy.py e2e/test_network.py e2e/test_programme.py e2e/test_social.py
                                  e2e/test_moderation.py e2e/test_roles.py e2e/test_keyboard.py)
for TEST in "${TESTS[@]}"; do
    echo "== $TEST"
    "$PY" "$TEST" --base-url "http://127.0.0.1:$PORT" || STATUS=1
done
# The server must also stop cleanly on SIGTERM (background tasks cancelled before the databases close).
kill -TERM "$SERVER"; wait "$SERVER"; CODE=$?; SERVER=""
if [ "$CODE" -ne 0 ] && [ "$CODE" -ne 143 ]; then echo "the server did not shut down cleanly (exit $CODE)" >&2; STATUS=1; fi
"$PY" e2e/axe_report.py "$E2E_ARTIFACTS" || STATUS=1
# The demo's main pages photographed in French and English at both widths, each language on a database of its own.
if [ $# -eq 0 ]; then
    echo "== e2e/screenshots.py"
    "$PY" e2e/screenshots.py --bin "$BIN" || STATUS=1
fi
if [ "$STATUS" -ne 0 ]; then echo "--- server log (last 50 lines) ---" >&2; tail -n 50 "$LOG" >&2; fi
echo "artefacts (screenshots, axe report): $E2E_ARTIFACTS"
exit "$STATUS"
