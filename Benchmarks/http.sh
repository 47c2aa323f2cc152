#!/usr/bin/env bash
# HTTP benchmark: release build, a demo-sized database, wrk at 64 connections.
# Prints requests/s and p99 for /healthz, a community home, the community list (and a search),
# and each page's throughput as a share of /healthz (budget: ≥ 25 %, p99 < 50 ms).
# Usage: bash Benchmarks/http.sh [--postgres]   (env: COMMUNITIES=500 PEOPLE=10000 DURATION=6s ROUNDS=3;
#        ENJEU_BIN=… SEED_BIN=… to compare two builds on the same data)
COMMUNITIES=${COMMUNITIES:-500}; PEOPLE=${PEOPLE:-10000}; DURATION=${DURATION:-6s}
source "$(dirname "$0")/common.sh"
echo "Seeding: demo + $COMMUNITIES communities, $PEOPLE people…"
t0=$(date +%s.%N); $SEED_BIN demo --communities "$COMMUNITIES" --people "$PEOPLE" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
t0=$(date +%s.%N)
start_server
t1=$(date +%s.%N); printf "cold start to first /healthz: %.2f s\n" "$(echo "$t1 - $t0" | bc)"
run() { # name path → "rps p99ms"
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$2" || { echo "$2 does not answer 200" >&2; exit 1; }
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $p99"
}
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
base=$(echo "${RPS[/healthz]}" | median)
echo "median of $ROUNDS interleaved rounds of $DURATION each, 64 connections"
printf "%-48s %10s %10s %8s\n" "route" "req/s" "p99 (ms)" "ratio"
for path in "${paths[@]}"; do
  r=$(echo "${RPS[$path]}" | median); p=$(echo "${P99[$path]}" | median)
  printf "%-48s %10s %10s %8s\n" "$path" "$r" "$p" "$(echo "scale=2; $r / $base" | bc)"
done
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
