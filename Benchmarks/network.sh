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
# route|header|budget in ms for the one-connection p99 (- for none)
measure_routes "/healthz|COOKIE|-" "$N/network|COOKIE|50" "$N/network?q=tissage|COOKIE|50" "$A/network|COOKIE|50" "$A/network/matrix|COOKIE|100" \
  "$A/network/offers?q=tissage|COOKIE|30" "$A/network/offers?q=cours%20teinture|COOKIE|30" "$A/network/offers?q=r%C3%A9paration%20lyon|COOKIE|30" \
  "$A/network/offers|COOKIE|30"
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
echo "routes over budget: $fails"
