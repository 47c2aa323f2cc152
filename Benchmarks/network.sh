#!/usr/bin/env bash
# Network benchmark (issue 16), release build: the demo's network of third places with 200 synthetic member
# communities, 50,000 offers and 100,000 flows between them (`enjeu demo --network 200`). Signed in (a member of a
# member community), at one connection (≈ server time: p50, p99) and at 64 connections (req/s, p99, and the share of
# /healthz requested the same way in the same round). Budgets at one connection: the network page p99 < 50 ms, the
# network matrix < 100 ms, a catalogue search across the network p99 < 30 ms. Rounds interleave every route; medians.
# Usage: bash Benchmarks/network.sh [--postgres]   (env: DURATION=5s ROUNDS=3; ENJEU_BIN, SEED_BIN as in common.sh)
DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-3}
source "$(dirname "$0")/common.sh"
t0=$(date +%s.%N); $SEED_BIN demo --communities 200 --people 2000 --network 200 --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (200 member communities, 50,000 offers, 100,000 flows between them) in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
start_server
COOKIE=$(demo_cookie camille)
N=/communities/tiers-lieux-auvergne; A=/api/v1$N
# route|budget in ms for the one-connection p99 (- for none)
routes=("/healthz|-" "$N/network|50" "$N/network?q=tissage|50" "$A/network|50" "$A/network/matrix|100"
        "$A/network/offers?q=tissage|30" "$A/network/offers?q=cours%20teinture|30" "$A/network/offers?q=r%C3%A9paration%20lyon|30"
        "$A/network/offers|30")
for r in "${routes[@]}"; do
  path=${r%|*}
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$B$path")
  [ "$code" = 200 ] || { echo "$path answers $code signed in" >&2; exit 1; }
done
declare -A P50 P99 RPS P99C
for round in $(seq "$ROUNDS"); do
  # One connection for every route first, then 64: a one-connection run never starts behind a 64-connection backlog.
  for r in "${routes[@]}"; do
    path=${r%|*}
    one=$(wrk -t1 -c1 -d"$DURATION" --timeout 10s --latency -H "$COOKIE" "$B$path")
    P50[$path]+="$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')") "; P99[$path]+="$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')") "
  done
  for r in "${routes[@]}"; do
    path=${r%|*}
    many=$(wrk -t2 -c64 -d"$DURATION" --timeout 10s --latency -H "$COOKIE" "$B$path")
    RPS[$path]+="$(echo "$many" | awk '/Requests\/sec/ {print $2}') "; P99C[$path]+="$(to_ms "$(echo "$many" | awk '$1=="99%" {print $2}')") "
  done
  sleep 2
done
base=$(echo "${RPS[/healthz]}" | median)
echo "median of $ROUNDS interleaved rounds of $DURATION, signed in${ENJEU_PG_URL:+, PostgreSQL}"
printf "%-58s %9s %9s %10s %9s %6s %s\n" route "1c p50" "1c p99" "64c req/s" "64c p99" share budget
fails=0
for r in "${routes[@]}"; do
  path=${r%|*}; budget=${r#*|}
  p50=$(echo "${P50[$path]}" | median); p99=$(echo "${P99[$path]}" | median)
  rps=$(echo "${RPS[$path]}" | median); p99c=$(echo "${P99C[$path]}" | median)
  # No answer within wrk's timeout (or a server still busy with the previous route's backlog): over budget.
  if [ -z "$p99" ] || [ "$p99" = 0.00 ]; then printf "%-58s %s\n" "$path" "no measure (every request timed out)"; fails=$((fails + 1)); continue; fi
  ok=-; if [ "$budget" != - ]; then ok="ok (< $budget ms)"; if [ "$(echo "$p99 >= $budget" | bc)" = 1 ]; then ok="OVER (< $budget ms)"; fails=$((fails + 1)); fi; fi
  printf "%-58s %9s %9s %10s %9s %6s %s\n" "$path" "$p50" "$p99" "$rps" "$p99c" "$(echo "scale=2; $rps / $base" | bc)" "$ok"
done
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
echo "routes over budget: $fails"
