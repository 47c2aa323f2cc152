#!/usr/bin/env bash
# #ChiffresEnsemble HTTP benchmark (release build): an indicator with 1,000 contributions, read by a member who has paid
# for it, as JSON and as the HTML page (budget p99 < 30 ms), and the end-to-end time of a new contribution, which
# recomputes that indicator's estimate in its transaction (the estimator's own budget, < 5 ms, is in enjeu-core-bench).
# Usage: bash Benchmarks/figures.sh [--postgres]   (env: DURATION=6s ROUNDS=3 POSTS=100)
DURATION=${DURATION:-6s}; ROUNDS=${ROUNDS:-3}; POSTS=${POSTS:-100}
source "$(dirname "$0")/common.sh"
$SEED_BIN demo --communities 20 --people 2000 --log error >/dev/null
start_server
AUTH="Authorization: Bearer $(demo_token sophie)"
ID=$(curl -fs -H "$AUTH" "$B/api/v1/communities/tisserands-du-rhone/indicators?q=banc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
# The first read pays one credit; the benchmark measures the paid re-reads a member makes all month.
curl -fs -H "$AUTH" "$B/api/v1/communities/tisserands-du-rhone/indicators/$ID" | python3 -c '
import json, sys
d = json.load(sys.stdin); e = d["estimate"]
print("indicator: %d contributors, estimate %.2f [%.2f, %.2f], %d outliers, access %s"
      % (e["contributors"], e["value"], e["low"], e["high"], len(e["outliers"]), d["access"]))'
COOKIE=$(demo_cookie sophie)
run() { # path header → "rps p99"
  curl -fs -o /dev/null -H "$2" "$B$1" || { echo "$1 does not answer 200" >&2; exit 1; }
  out=$(wrk -t2 -c16 -d"$DURATION" --latency -H "$2" "$B$1")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
declare -A RPS P99
for round in $(seq "$ROUNDS"); do
  read -r r p < <(run "/api/v1/communities/tisserands-du-rhone/indicators/$ID" "$AUTH"); RPS[api]+="$r "; P99[api]+="$(to_ms "$p") "
  read -r r p < <(run "/communities/tisserands-du-rhone/figures/$ID" "$COOKIE"); RPS[page]+="$r "; P99[page]+="$(to_ms "$p") "
done
echo "indicator with 1,000 contributions, median of $ROUNDS rounds of $DURATION, 16 connections (budget p99 < 30 ms)"
printf "%-40s %10s %10s\n" "route" "req/s" "p99 (ms)"
printf "%-40s %10s %10s\n" "GET /api/v1/…/indicators/{id}" "$(echo "${RPS[api]}" | median)" "$(echo "${P99[api]}" | median)"
printf "%-40s %10s %10s\n" "GET /communities/…/figures/{id} (HTML)" "$(echo "${RPS[page]}" | median)" "$(echo "${P99[page]}" | median)"
# One connection: the latency a member sees on an idle server (≈ server time).
for spec in "GET /api/v1/…/indicators/{id}|/api/v1/communities/tisserands-du-rhone/indicators/$ID|$AUTH" \
            "GET /communities/…/figures/{id} (HTML)|/communities/tisserands-du-rhone/figures/$ID|$COOKIE"; do
  IFS='|' read -r name path header <<<"$spec"
  one=$(wrk -t1 -c1 -d"$DURATION" --latency -H "$header" "$B$path")
  printf "%-40s 1 connection: p50 %s ms, p99 %s ms\n" "$name" "$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')")" "$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')")"
done
# New contributions, one after the other: each supersedes the member's value and recomputes the estimate over 1,000 values.
times=$(for i in $(seq "$POSTS"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -X POST -H "$AUTH" -H 'content-type: application/json' \
    -d "{\"value\": 15.$((i % 9)), \"source\": \"observation personnelle\", \"observedOn\": \"2026-09-01\"}" \
    "$B/api/v1/communities/tisserands-du-rhone/indicators/$ID/contributions"
done | sort -g)
echo "$times" | awk -v n="$POSTS" '{a[NR]=$1*1000} END {printf "POST a contribution (recomputes the estimate), %d sequential: median %.1f ms, p95 %.1f ms, max %.1f ms\n", n, a[int((NR+1)/2)], a[int(NR*0.95)], a[NR]}'
