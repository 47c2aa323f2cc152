#!/usr/bin/env bash
# Moderation benchmark (issue 20), release build: the weavers' review queue with 10,000 open reports, each of another
# post (`enjeu demo --reports 10000`, in a community of 1,000,000 posts). Signed in as its founder, at one connection
# (≈ server time: p50, p99) and at 64 connections (req/s, p99, share of /healthz in the same round): the queue's page
# and its JSON, first and deep in the queue, and the community's feed (reports add no query to it). Budget: the queue
# p99 < 30 ms at one connection.
# Usage: bash Benchmarks/moderation.sh [--postgres]
#   (env: DURATION=5s ROUNDS=3 REPORTS=10000 PAGES=20; ENJEU_BIN, SEED_BIN as in common.sh)
DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-3}; REPORTS=${REPORTS:-10000}; PAGES=${PAGES:-20}
source "$(dirname "$0")/common.sh"
t0=$(date +%s.%N); $SEED_BIN demo --communities 20 --people 2000 --reports "$REPORTS" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (1,000,000 posts, %d open reports in the weavers' queue) in %.1f s\n" "$REPORTS" "$(echo "$t1 - $t0" | bc)"
start_server
COOKIE=$(demo_cookie camille); AUTH="Authorization: Bearer $(demo_token camille)"
C=/communities/tisserands-du-rhone; A=/api/v1$C
# A cursor deep in the queue: follow `next` page after page (25 cases a page).
DEEP=$(deep_cursor "$AUTH" "$A/reports" "$PAGES")
echo "deep cursor: after $PAGES pages of the queue"
route_label() { echo "${1//$DEEP/<deep>}"; }
measure_routes "/healthz|COOKIE|-" "$C/reports|COOKIE|30" "$A/reports|AUTH|30" "$C/reports?after=$DEEP|COOKIE|30" \
  "$A/reports?after=$DEEP|AUTH|30" "$C/feed|COOKIE|-"
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
echo "routes over budget: $fails"
