#!/usr/bin/env bash
# #ChiffresEnsemble HTTP benchmark (release build): an indicator with 1,000 contributions, read by a member who has paid
# for it, as JSON and as the HTML page (budget p99 < 30 ms), and the end-to-end time of a new contribution, which
# recomputes that indicator's estimate in its transaction (the estimator's own budget, < 5 ms, is in enjeu-core-bench).
# Usage: bash Benchmarks/figures.sh [--postgres]   (env: DURATION=6s ROUNDS=3 POSTS=100)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
DURATION=${DURATION:-6s}; ROUNDS=${ROUNDS:-3}; POSTS=${POSTS:-100}
swift build -c release --product enjeu 2>&1 | tail -1
BIN=.build/release/enjeu
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${ENJEU_PG_DIR:-}" ] && bash scripts/pg-throwaway.sh stop "$ENJEU_PG_DIR"; rm -rf "$DATA"; }
trap cleanup EXIT
export ENJEU_DATA_DIR=$DATA ENJEU_PORT=$PORT ENJEU_BCRYPT_COST=4 LOG_LEVEL=error ENJEU_AUTH_RATE_LIMIT=1000 ENJEU_FIGURES_REFRESH_SECONDS=0
if [ "${1:-}" = "--postgres" ]; then eval "$(bash scripts/pg-throwaway.sh)"; export DATABASE_URL=$ENJEU_PG_URL; fi
$BIN demo --communities 20 --people 2000 --log error >/dev/null
$BIN serve --log error >"$DATA/server.log" 2>&1 & SERVER=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.05; done
B="http://127.0.0.1:$PORT"
TOKEN=$(curl -fs -X POST "$B/api/v1/tokens" -H 'content-type: application/json' \
  -d '{"email":"sophie@demo.enjeu.local","password":"enjeu-demo-2026","name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"
ID=$(curl -fs -H "$AUTH" "$B/api/v1/communities/tisserands-du-rhone/indicators?q=banc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
# The first read pays one credit; the benchmark measures the paid re-reads a member makes all month.
curl -fs -H "$AUTH" "$B/api/v1/communities/tisserands-du-rhone/indicators/$ID" | python3 -c '
import json, sys
d = json.load(sys.stdin); e = d["estimate"]
print("indicator: %d contributors, estimate %.2f [%.2f, %.2f], %d outliers, access %s"
      % (e["contributors"], e["value"], e["low"], e["high"], len(e["outliers"]), d["access"]))'
# A browser session for the HTML page: the sign-in form's CSRF cookie and field.
JAR=$DATA/jar; curl -fs -c "$JAR" "$B/signin" >/dev/null
CSRF=$(awk '$6=="enjeu_csrf" {print $7}' "$JAR")
curl -fs -b "$JAR" -c "$JAR" -o /dev/null -X POST "$B/signin" --data-urlencode "_csrf=$CSRF" \
  --data-urlencode "email=sophie@demo.enjeu.local" --data-urlencode "password=enjeu-demo-2026"
SESSION=$(awk '$6=="enjeu_session" {print $7}' "$JAR")
COOKIE="Cookie: enjeu_session=$SESSION; enjeu_csrf=$CSRF"
run() { # path header → "rps p99"
  curl -fs -o /dev/null -H "$2" "$B$1" || { echo "$1 does not answer 200" >&2; exit 1; }
  out=$(wrk -t2 -c16 -d"$DURATION" --latency -H "$2" "$B$1")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
to_ms() { case "$1" in *us) echo "$1" | sed 's/us//' | awk '{printf "%.2f", $1/1000}';; *ms) echo "$1" | sed 's/ms//';; *s) echo "$1" | sed 's/s//' | awk '{printf "%.2f", $1*1000}';; esac; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A RPS P99
names=(api page)
for round in $(seq "$ROUNDS"); do
  read -r r p < <(run "/api/v1/communities/tisserands-du-rhone/indicators/$ID" "$AUTH"); RPS[api]+="$r "; P99[api]+="$(to_ms "$p") "
  read -r r p < <(run "/communities/tisserands-du-rhone/figures/$ID" "$COOKIE"); RPS[page]+="$r "; P99[page]+="$(to_ms "$p") "
done
echo "indicator with 1,000 contributions, median of $ROUNDS rounds of $DURATION, 16 connections (budget p99 < 30 ms)"
printf "%-40s %10s %10s\n" "route" "req/s" "p99 (ms)"
printf "%-40s %10s %10s\n" "GET /api/v1/…/indicators/{id}" "$(echo "${RPS[api]}" | median)" "$(echo "${P99[api]}" | median)"
printf "%-40s %10s %10s\n" "GET /communities/…/figures/{id} (HTML)" "$(echo "${RPS[page]}" | median)" "$(echo "${P99[page]}" | median)"
# New contributions, one after the other: each supersedes the member's value and recomputes the estimate over 1,000 values.
times=$(for i in $(seq "$POSTS"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -X POST -H "$AUTH" -H 'content-type: application/json' \
    -d "{\"value\": 15.$((i % 9)), \"source\": \"observation personnelle\", \"observedOn\": \"2026-09-01\"}" \
    "$B/api/v1/communities/tisserands-du-rhone/indicators/$ID/contributions"
done | sort -g)
echo "$times" | awk -v n="$POSTS" '{a[NR]=$1*1000} END {printf "POST a contribution (recomputes the estimate), %d sequential: median %.1f ms, p95 %.1f ms, max %.1f ms\n", n, a[int((NR+1)/2)], a[int(NR*0.95)], a[NR]}'
