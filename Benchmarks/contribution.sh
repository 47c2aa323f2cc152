#!/usr/bin/env bash
# A member's contribution page (issue 18), release build: p5_bench of the weavers with 1,000 more done actions she took
# part in (two in three verified results), 10,000 more ledger entries and 1,000 more values the consensus confirmed,
# one in each of 1,000 indicators (`enjeu demo --communities 100 --people 2000 --contributor 1000`). Read by another active
# weaver (p6_bench: a browser session and an API token) at one connection (≈ server time: p50, p99) and at 64 connections
# (req/s, p99, share of /healthz in the same round): the page and its JSON, then pages deep in her lists (`?part=…&after=`).
# Budget: p99 < 30 ms at one connection. The page cache is off unless PAGE_CACHE_MB says otherwise: a page served from it
# runs no query, and its key holds the minute and the viewer, so each reader's first read of a minute pays in full.
# Usage: bash Benchmarks/contribution.sh [--postgres]
#   (env: DURATION=5s ROUNDS=3 CONTRIBUTOR=1000 PAGES=25 PAGE_CACHE_MB=0; COMMUNITIES=100 PEOPLE=2000; ENJEU_BIN, SEED_BIN as in common.sh)
DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-3}; CONTRIBUTOR=${CONTRIBUTOR:-1000}; PAGES=${PAGES:-25}
COMMUNITIES=${COMMUNITIES:-100}; PEOPLE=${PEOPLE:-2000}
source "$(dirname "$0")/common.sh"
export ENJEU_PAGE_CACHE_MB=${PAGE_CACHE_MB:-0}
t0=$(date +%s.%N); $SEED_BIN demo --communities "$COMMUNITIES" --people "$PEOPLE" --contributor "$CONTRIBUTOR" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (%d communities, %d people; p5_bench: %d more actions, %d more flows, %d more confirmed values) in %.1f s\n" \
  "$COMMUNITIES" "$PEOPLE" "$CONTRIBUTOR" $((10 * CONTRIBUTOR)) "$CONTRIBUTOR" "$(echo "$t1 - $t0" | bc)"
start_server
COOKIE=$(demo_cookie p6_bench bench); AUTH="Authorization: Bearer $(demo_token p6_bench bench)"
C=/communities/tisserands-du-rhone/members/p5_bench/contribution; A=/api/v1$C
curl -fs -H "$AUTH" "$B$A" | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = d["results"]
print("her verified results: %d actions, %d figures, %d amendments, %d referrals; her actions: %d assessments"
      % (r["actionsCompleted"], r["figuresConfirmed"], r["amendmentsAdopted"], r["referralsCompleted"], d["actionScores"]["assessments"]))
print("first page: " + ", ".join("%s %d%s" % (k, len(v["items"]), "+" if v.get("next") else "") for k, v in d.items() if isinstance(v, dict) and "items" in v))'
# Cursors deep in her three long lists: follow `next` page after page (20 a page).
FLOWS=$(deep_cursor "$AUTH" "$A?part=flows" "$((PAGES * 4))" flows)
ACTIONS=$(deep_cursor "$AUTH" "$A?part=actions" "$PAGES" actions)
FIGURES=$(deep_cursor "$AUTH" "$A?part=figures" "$PAGES" figures)
echo "deep cursors: after $((PAGES * 4)) pages of flows, $PAGES of actions and of figures (page cache: ${ENJEU_PAGE_CACHE_MB} MB)"
route_label() { local p=${1//$FLOWS/<deep>}; p=${p//$ACTIONS/<deep>}; p=${p//$FIGURES/<deep>}; echo "${p//p5_bench\/contribution/…}"; }
measure_routes "/healthz|COOKIE|-" "$C|COOKIE|30" "$A|AUTH|30" "$C?part=flows&after=$FLOWS|COOKIE|30" "$A?part=flows&after=$FLOWS|AUTH|30" \
  "$A?part=actions&after=$ACTIONS|AUTH|30" "$A?part=figures&after=$FIGURES|AUTH|30"
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
echo "over budget: $fails"
