#!/usr/bin/env bash
# Social HTTP benchmark (release build), in a community with 1,000,000 posts and 20,000 endorsements among ~1,000 members:
# the feed as JSON (first page and a page deep in it, both one keyset range scan), the HTML feed page (budget p99 < 30 ms),
# the credibility ranking and one member's "why", the notifications and the personal feed. One connection approximates
# server time; 16 connections show throughput under load. Then the memory of 1,000 open event streams (budget < 300 MiB).
# Usage: bash Benchmarks/social.sh [--postgres]   (env: DURATION=5s STREAMS=1000 PAGES=20)
DURATION=${DURATION:-5s}; STREAMS=${STREAMS:-1000}; PAGES=${PAGES:-20}
source "$(dirname "$0")/common.sh"
t0=$(date +%s.%N); $SEED_BIN demo --communities 20 --people 2000 --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (1,000,000 posts, 20,000 endorsements, credibility computed) in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
# Every open event stream holds a socket: the server inherits this shell's open-file limit, so raise it before starting it.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open-file limit for the server: $(ulimit -n)"
# One account opens every stream here: lift the per-account cap (5 by default) for this measurement.
export ENJEU_SSE_MAX_PER_ACCOUNT=$STREAMS ENJEU_SSE_MAX_STREAMS=$((STREAMS + 100))
start_server
TOKEN=$(demo_token camille)
AUTH="Authorization: Bearer $TOKEN"
COOKIE=$(demo_cookie camille)
S=/api/v1/communities/tisserands-du-rhone

# A cursor deep in the feed: follow `next` from the first page, page after page.
DEEP=$(deep_cursor "$AUTH" "$S/posts" "$PAGES")
echo "deep cursor: after $PAGES pages of 30 posts"
curl -fs -H "$AUTH" "$B$S/credibility" | python3 -c '
import json, sys
d = json.load(sys.stdin)
top = ", ".join("@%s %.2f" % (i["handle"], i["score"]) for i in d["items"][:3])
print("credibility computed at %s; top: %s" % (d.get("computedAt"), top or "(none)"))'

printf "%-58s %11s %11s %10s %10s\n" "route" "1c p50 ms" "1c p99 ms" "16c req/s" "16c p99"
FEED_P99=""
for spec in "$AUTH|$S/posts" "$AUTH|$S/posts?after=$DEEP" "$COOKIE|/communities/tisserands-du-rhone/feed" \
            "$AUTH|$S/credibility" "$AUTH|$S/credibility/camille" "$AUTH|/api/v1/notifications" "$AUTH|/api/v1/feed"; do
  IFS='|' read -r header path <<<"$spec"
  curl -fs -o /dev/null -H "$header" "$B$path" || { echo "$path does not answer 200" >&2; exit 1; }
  one=$(wrk -t1 -c1 -d"$DURATION" --latency -H "$header" "$B$path")
  many=$(wrk -t2 -c16 -d"$DURATION" --latency -H "$header" "$B$path")
  p99=$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')")
  many_p99=$(to_ms "$(echo "$many" | awk '$1=="99%" {print $2}')")
  [ "$path" = "/communities/tisserands-du-rhone/feed" ] && FEED_P99="$p99|$many_p99"
  label=$path; [ "$path" = "$S/posts?after=$DEEP" ] && label="$S/posts?after=<deep cursor>"
  printf "%-58s %11s %11s %10s %10s\n" "$label" "$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')")" "$p99" \
    "$(echo "$many" | awk '/Requests\/sec/ {print $2}')" "$many_p99"
done
IFS='|' read -r feed_one feed_many <<<"$FEED_P99"
verdict=$(awk -v p="$feed_one" 'BEGIN { print (p != "" && p + 0 < 30) ? "within budget" : "OVER BUDGET" }')
echo "budget: feed page p99 < 30 ms (1 connection): ${feed_one} ms, $verdict (16 connections: ${feed_many} ms)"

echo "event streams: $STREAMS open at once as camille"
status=0
python3 Benchmarks/sse_streams.py --url "$B/api/v1/events" --token "$TOKEN" --streams "$STREAMS" --pid "$SERVER" || status=$?
curl -fs "$B/healthz" >/dev/null || { echo "the server no longer answers after the event streams" >&2; status=1; }
exit $status
