#!/usr/bin/env bash
# Every read page as a member uses it: release build, demo seeded at the given size, wrk at 64 connections on the same
# machine, signed in (a demo member's session cookie) and signed out. Each page's throughput is a share of /healthz
# requested the same way in the same round (budget: share ≥ 0.25 and p99 < 50 ms). Rounds interleave every page, so a
# noisy neighbour slows all alike; medians are reported, then the server's RSS.
# Usage: bash Benchmarks/pages.sh [--postgres] [--people N] [--communities M]
#        (env: DURATION=5s ROUNDS=3 ONLY=regex to measure only the pages whose path matches; ENJEU_BIN, SEED_BIN as in common.sh)
PEOPLE=10000; COMMUNITIES=500; PG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) PG=--postgres; shift ;;
    --people) PEOPLE=$2; shift 2 ;;
    --communities) COMMUNITIES=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-3}
set -- $PG
source "$(dirname "$0")/common.sh"
echo "Seeding: demo + $COMMUNITIES communities, $PEOPLE people${PG:+ (PostgreSQL)}…"
t0=$(date +%s.%N); $SEED_BIN demo --communities "$COMMUNITIES" --people "$PEOPLE" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
start_server
C=/communities/tisserands-du-rhone
COOKIE=$(demo_cookie camille)
# Pages that name a row: the first link of that kind on the page that lists them.
first_link() { { curl -fs -H "$COOKIE" "$B$1" | grep -o "href=\"$2[^\"?#]*\"" | head -1 | sed 's/^href="//; s/"$//'; } || true; }
indicator=$(first_link "$C/figures" "$C/figures/[0-9a-fA-F-]\{36\}")
why=$(first_link "$C/credibility" "$C/credibility/[a-z0-9_-]*")
action=$(first_link "$C/journey/actions" "$C/journey/actions/[0-9a-fA-F-]\{36\}")
blame=$C/code/blame/governance
# Signed-in pages; the ones marked * are read signed out too (the others need an account).
pages=("/healthz*" "$C*" "$C/members" "$C/code*" "$C/code/history*" "$C/code/diff" "$blame" "$C/code/amendments"
       "$C/figures" "$indicator" "$C/journey" "$C/journey/evaluation" "$action" "$C/economy" "$C/economy/flows"
       "$C/economy/pyramid" "$C/feed" "$C/credibility" "$why" /notifications /feed "/catalogue?q=tissage*" /me/matches
       "/communities*" "/*")
declare -A RPS P99
run() { # path [cookie] → "rps p99"
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c64 -d"$DURATION" --latency -H "$2" "$B$1"); else out=$(wrk -t2 -c64 -d"$DURATION" --latency "$B$1"); fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
measured=()
for entry in "${pages[@]}"; do
  path=${entry%\*}
  [ -z "$path" ] && continue
  if [ -n "${ONLY:-}" ] && [ "$path" != /healthz ] && ! [[ "$path" =~ $ONLY ]]; then continue; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$B$path")
  [ "$code" = 200 ] || { echo "$path answers $code signed in" >&2; exit 1; }
  measured+=("in $path")
  if [ "$entry" != "$path" ]; then measured+=("out $path"); fi
done
for round in $(seq "$ROUNDS"); do
  for m in "${measured[@]}"; do
    who=${m%% *}; path=${m#* }
    if [ "$who" = in ]; then read -r rps p99 < <(run "$path" "$COOKIE"); else read -r rps p99 < <(run "$path"); fi
    RPS[$m]+="$rps "; P99[$m]+="$(to_ms "$p99") "
  done
done
base_in=$(echo "${RPS[in /healthz]}" | median); base_out=$(echo "${RPS[out /healthz]}" | median)
echo "median of $ROUNDS interleaved rounds of $DURATION, 64 connections, $COMMUNITIES communities, $PEOPLE people${PG:+, PostgreSQL}"
printf "%-62s %-4s %9s %9s %6s %s\n" page who "req/s" "p99 ms" share budget
fails=0
for m in "${measured[@]}"; do
  who=${m%% *}; path=${m#* }
  r=$(echo "${RPS[$m]}" | median); p=$(echo "${P99[$m]}" | median)
  base=$base_in; [ "$who" = out ] && base=$base_out
  share=$(echo "scale=2; $r / $base" | bc)
  ok=ok; if [ "$path" != /healthz ] && { [ "$(echo "$share < 0.25" | bc)" = 1 ] || [ "$(echo "$p >= 50" | bc)" = 1 ]; }; then ok=OVER; fails=$((fails + 1)); fi
  printf "%-62s %-4s %9s %9s %6s %s\n" "$path" "$who" "$r" "$p" "$share" "$ok"
done
rss=$(ps -o rss= -p "$SERVER"); echo "server RSS after load: $((rss / 1024)) MiB"
echo "pages over budget: $fails"
