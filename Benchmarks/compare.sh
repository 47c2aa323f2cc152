#!/usr/bin/env bash
# Two builds on the same data, measured in alternation: each round runs wrk against A then B on every path, so a busy
# machine slows both alike (separate runs minutes apart differ by ±15 % here). Prints medians and B/A per path.
# Usage: bash Benchmarks/compare.sh A_BINARY B_BINARY   (env: COMMUNITIES=500 PEOPLE=10000 DURATION=5s ROUNDS=5 PATHS=…)
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1; B=$2
COMMUNITIES=${COMMUNITIES:-500}; PEOPLE=${PEOPLE:-10000}; DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-5}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export ENJEU_BCRYPT_COST=4 LOG_LEVEL=error ENJEU_AUTH_RATE_LIMIT=1000 ENJEU_FIGURES_REFRESH_SECONDS=0
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Seeded once, by A (an older build's demo, when comparing with an older build), then copied: identical data.
mkdir -p "$WORK/a"
ENJEU_DATA_DIR=$WORK/a "$A" demo --communities "$COMMUNITIES" --people "$PEOPLE" --log error >/dev/null
cp -r "$WORK/a" "$WORK/b"
declare -A PORT
for side in a b; do
  bin=$A; [ "$side" = b ] && bin=$B
  PORT[$side]=$(free_port)
  ENJEU_DATA_DIR=$WORK/$side ENJEU_PORT=${PORT[$side]} "$bin" serve --log error >"$WORK/$side.log" 2>&1 & PIDS+=($!)
  until curl -fs "http://127.0.0.1:${PORT[$side]}/healthz" >/dev/null; do sleep 0.1; done
done
# PATHS="/healthz /communities" measures only those.
paths=(${PATHS:-/healthz /communities/tisserands-du-rhone /communities /communities/tisserands-du-rhone/members
  /communities/tisserands-du-rhone/code /api/v1/communities/tisserands-du-rhone/code})
declare -A RPS
for round in $(seq "$ROUNDS"); do
  for path in "${paths[@]}"; do
    for side in a b; do
      r=$(wrk -t2 -c64 -d"$DURATION" "http://127.0.0.1:${PORT[$side]}$path" | awk '/Requests\/sec/ {print $2}')
      RPS[$side$path]+="$r "
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "median of %s alternating rounds of %s, 64 connections\n%-48s %10s %10s %7s\n" "$ROUNDS" "$DURATION" route "A req/s" "B req/s" "B/A"
for path in "${paths[@]}"; do
  a=$(echo "${RPS[a$path]}" | median); b=$(echo "${RPS[b$path]}" | median)
  printf "%-48s %10s %10s %7s\n" "$path" "$a" "$b" "$(echo "scale=2; $b / $a" | bc)"
done
