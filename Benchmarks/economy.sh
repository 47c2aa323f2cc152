#!/usr/bin/env bash
# Economy HTTP benchmark (release build), in a community with 50,000 offers and 100,000 flows among 500 actors:
# catalogue search p99 (budget < 30 ms), the actor matrix server time (budget < 100 ms), a CSV import of 100,000
# flows (budget < 10 s). One connection approximates server time; 16 connections show throughput under load.
# Usage: bash Benchmarks/economy.sh [--postgres]   (env: DURATION=5s)
DURATION=${DURATION:-5s}
source "$(dirname "$0")/common.sh"
t0=$(date +%s.%N); $SEED_BIN demo --communities 20 --people 2000 --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded (50,000 offers, 100,000 flows) in %.1f s\n" "$(echo "$t1 - $t0" | bc)"
start_server
AUTH="Authorization: Bearer $(demo_token camille)"
S=/api/v1/communities/tisserands-du-rhone
printf "%-58s %11s %11s %10s %10s\n" "route" "1c p50 ms" "1c p99 ms" "16c req/s" "16c p99"
for path in "$S/offers?q=tissage" "$S/offers?q=cours%20teinture" "$S/offers?q=r%C3%A9paration%20lyon" "/api/v1/offers?q=poterie" \
            "$S/flows/matrix?by=actor" "$S/flows/matrix?by=actor&from=2026-03-01&to=2026-06-30" "$S/flows/matrix?by=nature" "$S/flows"; do
  curl -fs -o /dev/null -H "$AUTH" "$B$path" || { echo "$path does not answer 200" >&2; exit 1; }
  one=$(wrk -t1 -c1 -d"$DURATION" --latency -H "$AUTH" "$B$path")
  many=$(wrk -t2 -c16 -d"$DURATION" --latency -H "$AUTH" "$B$path")
  printf "%-58s %11s %11s %10s %10s\n" "$path" "$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')")" "$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')")" \
    "$(echo "$many" | awk '/Requests\/sec/ {print $2}')" "$(to_ms "$(echo "$many" | awk '$1=="99%" {print $2}')")"
done
python3 - "$DATA/flows.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("from,to,nature,measure,quantity,unit,description,appreciation,date,note\n")
    for i in range(100_000):
        if i % 4:
            f.write(f"@camille,community,material,quantitative,{i % 90 + 1},€,,,2026-0{i % 9 + 1}-1{i % 9},\n")
        else:
            f.write(f"@camille,@sophie,immaterial,qualitative,,,\"Coup de main, n°{i}\",{i % 5 + 1},2026-0{i % 9 + 1}-1{i % 9},\n")
PY
printf "CSV import of 100,000 flows (%s bytes): " "$(stat -c %s "$DATA/flows.csv")"
curl -fs -o "$DATA/import.json" -w "%{http_code} in %{time_total} s\n" -X POST -H "$AUTH" -H 'content-type: text/csv' --data-binary "@$DATA/flows.csv" "$B$S/flows/import"
cat "$DATA/import.json"; echo
