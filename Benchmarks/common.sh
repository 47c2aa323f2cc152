# Shared by the HTTP benchmarks: sourced, not run. Builds the release server, prepares a throwaway data directory
# (and PostgreSQL with --postgres), and offers helpers to start the server, sign in and read wrk's numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH=/opt/swift/usr/bin:$PATH
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# ENJEU_BIN=/path/to/enjeu measures another build (e.g. the previous commit's, to compare) without building.
if [ -n "${ENJEU_BIN:-}" ]; then BIN=$ENJEU_BIN; else swift build -c release --product enjeu 2>&1 | tail -1; BIN=.build/release/enjeu; fi
# SEED_BIN=/path/to/enjeu seeds with that build's demo, so two builds are compared on identical data.
SEED_BIN=${SEED_BIN:-$BIN}
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$PORT"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${ENJEU_PG_DIR:-}" ] && bash scripts/pg-throwaway.sh stop "$ENJEU_PG_DIR"; rm -rf "$DATA"; }
trap cleanup EXIT
export ENJEU_DATA_DIR=$DATA ENJEU_PORT=$PORT ENJEU_BCRYPT_COST=4 LOG_LEVEL=error ENJEU_AUTH_RATE_LIMIT=1000 ENJEU_FIGURES_REFRESH_SECONDS=0
if [ "${1:-}" = "--postgres" ]; then eval "$(bash scripts/pg-throwaway.sh)"; export DATABASE_URL=$ENJEU_PG_URL; fi

start_server() {
  $BIN serve --log "${SERVER_LOG:-error}" >"$DATA/server.log" 2>&1 & SERVER=$!
  until curl -fs "$B/healthz" >/dev/null; do sleep 0.05; done
}

# A demo member's API token, and a browser session cookie (the sign-in form's CSRF cookie and field); a synthetic
# person's (p5_bench) with `bench` as the second argument.
demo_token() {
  curl -fs -X POST "$B/api/v1/tokens" -H 'content-type: application/json' \
    -d "{\"email\":\"$1@${2:-demo}.enjeu.local\",\"password\":\"enjeu-demo-2026\",\"name\":\"bench\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
demo_cookie() {
  local jar=$DATA/jar-$1 csrf
  curl -fs -c "$jar" "$B/signin" >/dev/null
  csrf=$(awk '$6=="enjeu_csrf" {print $7}' "$jar")
  curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST "$B/signin" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=$1@${2:-demo}.enjeu.local" --data-urlencode "password=enjeu-demo-2026"
  echo "Cookie: enjeu_session=$(awk '$6=="enjeu_session" {print $7}' "$jar"); enjeu_csrf=$csrf"
}

to_ms() { case "$1" in *us) echo "$1" | sed 's/us//' | awk '{printf "%.2f", $1/1000}';; *ms) echo "$1" | sed 's/ms//';; *s) echo "$1" | sed 's/s//' | awk '{printf "%.2f", $1*1000}';; esac; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
