#!/usr/bin/env bash
# HTTP benchmark: release build, a demo-sized database, wrk at 64 connections.
# Prints requests/s and p99 for /healthz, a community home, the community list (and a search),
# and each page's throughput as a share of /healthz (budget: ≥ 25 %, p99 < 50 ms).
# Usage: bash Benchmarks/http.sh [--postgres]   (env: COMMUNITIES=500 PEOPLE=10000 DURATION=6s ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
COMMUNITIES=${COMMUNITIES:-500}; PEOPLE=${PEOPLE:-10000}; DURATION=${DURATION:-6s}
swift build -c release --product enjeu 2>&1 | tail -1
BIN=.build/release/enjeu
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${ENJEU_PG_DIR:-}" ] && bash scripts/pg-throwaway.sh stop "$ENJEU_PG_DIR"; rm -rf "$DATA"; }
trap cleanup EXIT
export ENJEU_DATA_DIR=$DATA ENJEU_PORT=$PORT ENJEU_BCRYPT_COST=4 LOG_LEVEL=error
if [ "${1:-}" = "--postgres" ]; then eval "$(bash scripts/pg-throwaway.sh)"; export DATABASE_URL=$ENJEU_PG_URL; fi
echo "Seeding: demo + $COMMUNITIES communities, $PEOPLE people…"
t0=$(date +%s.%N); $BIN demo --communities "$COMMUNITIES" --people "$PEOPLE" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
t0=$(date +%s.%N)
$BIN serve --log error >"$DATA/server.log" 2>&1 & SERVER=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.05; done
t1=$(date +%s.%N); printf "cold start to first /healthz: %.2f s\n" "$(echo "$t1 - $t0" | bc)"
run() { # name path → "rps p99ms"
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$2" || { echo "$2 does not answer 200" >&2; exit 1; }
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $p99"
}
to_ms() { case "$1" in *us) echo "$1" | sed 's/us//' | awk '{printf "%.2f", $1/1000}';; *ms) echo "$1" | sed 's/ms//';; *s) echo "$1" | sed 's/s//' | awk '{printf "%.2f", $1*1000}';; esac; }
# Rounds interleave /healthz with the pages so that a noisy neighbour slows both alike; medians are reported.
ROUNDS=${ROUNDS:-3}
paths=(/healthz /communities/tisserands-du-rhone /communities "/communities?q=cooperative" /communities/tisserands-du-rhone/members
       /communities/tisserands-du-rhone/code /communities/tisserands-du-rhone/code/history /api/v1/communities/tisserands-du-rhone/code)
declare -A RPS P99
for round in $(seq "$ROUNDS"); do
  for path in "${paths[@]}"; do
    read -r rps p99 < <(run page "$path")
    RPS[$path]+="$rps "; P99[$path]+="$(to_ms "$p99") "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${RPS[/healthz]}" | median)
echo "median of $ROUNDS interleaved rounds of $DURATION each, 64 connections"
printf "%-48s %10s %10s %8s\n" "route" "req/s" "p99 (ms)" "ratio"
for path in "${paths[@]}"; do
  r=$(echo "${RPS[$path]}" | median); p=$(echo "${P99[$path]}" | median)
  printf "%-48s %10s %10s %8s\n" "$path" "$r" "$p" "$(echo "scale=2; $r / $base" | bc)"
done
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
