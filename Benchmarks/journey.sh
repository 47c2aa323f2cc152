#!/usr/bin/env bash
# Journey HTTP benchmark (release build): the community evaluation page and API with 1,000 done actions and 20,000
# assessments (budget: under 30 ms server time), read from maintained sums. Prints one-connection latency (≈ server
# time: median and p99) and 16-connection throughput and p99; also the journey page and the cycle report.
# Usage: bash Benchmarks/journey.sh [--postgres]   (env: DURATION=5s)
DURATION=${DURATION:-5s}
source "$(dirname "$0")/common.sh"
t0=$(date +%s.%N); $SEED_BIN demo --communities 20 --people 2000 --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (1,000 actions, 20,000 assessments) in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
start_server
AUTH="Authorization: Bearer $(demo_token sophie)"
curl -fs -H "$AUTH" "$B/api/v1/communities/tisserands-du-rhone/evaluation" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("evaluation API: %d assessments behind the figures" % d["assessments"])'
COOKIE=$(demo_cookie sophie)
printf "%-44s %12s %12s %10s %12s\n" "route" "1 conn p50" "1 conn p99" "16c req/s" "16c p99"
for spec in "$AUTH|/api/v1/communities/tisserands-du-rhone/evaluation" "$COOKIE|/communities/tisserands-du-rhone/journey/evaluation" \
            "$COOKIE|/communities/tisserands-du-rhone/journey" "$COOKIE|/communities/tisserands-du-rhone/journey/report"; do
  IFS='|' read -r header path <<<"$spec"
  curl -fs -o /dev/null -H "$header" "$B$path" || { echo "$path does not answer 200" >&2; exit 1; }
  one=$(wrk -t1 -c1 -d"$DURATION" --latency -H "$header" "$B$path")
  many=$(wrk -t2 -c16 -d"$DURATION" --latency -H "$header" "$B$path")
  printf "%-44s %12s %12s %10s %12s\n" "$path" "$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')")" "$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')")" \
    "$(echo "$many" | awk '/Requests\/sec/ {print $2}')" "$(to_ms "$(echo "$many" | awk '$1=="99%" {print $2}')")"
done
