# Shared by the HTTP benchmarks: sourced, not run. Builds the release server, prepares a throwaway data directory
# (and PostgreSQL with --postgres), and offers helpers to start the server, sign in and read wrk's numbers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH=/opt/swift/usr/bin:$PATH
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# ENJEU_BIN=/path/to/enjeu measures another build (e.g. the previous commit's, to compare) without building.
if [ -n "${ENJEU_BIN:-}" ]; then BIN=$ENJEU_BIN; else swift build -c release --product enjeu 2>&1 | tail -1; BIN=.build/release/enjeu; fi
# SEED_BIN=/path/to/enjeu seeds with that build's demo, so two builds are compared on identical data.
SEED_BIN=${SEED_BIN:-$BIN}
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
B="http://127.0.0.1:$PORT"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${ENJEU_PG_DIR:-}" ] && bash scripts/pg-throwaway.sh stop "$ENJEU_PG_DIR"; rm -rf "$DATA"; }
trap cleanup EXIT
export ENJEU_DATA_DIR=$DATA ENJEU_PORT=$PORT ENJEU_BCRYPT_COST=4 LOG_LEVEL=error ENJEU_AUTH_RATE_LIMIT=1000 ENJEU_FIGURES_REFRESH_SECONDS=0
if [ "${1:-}" = "--postgres" ]; then eval "$(bash scripts/pg-throwaway.sh)"; export DATABASE_URL=$ENJEU_PG_URL; fi

start_server() {
  $BIN serve --log "${SERVER_LOG:-error}" >"$DATA/server.log" 2>&1 & SERVER=$!
  until curl -fs "$B/healthz" >/dev/null; do sleep 0.05; done
}

# A demo member's API token, and a browser session cookie (the sign-in form's CSRF cookie and field); a synthetic
# person's (p5_bench) with `bench` as the second argument.
demo_token() {
  curl -fs -X POST "$B/api/v1/tokens" -H 'content-type: application/json' \
    -d "{\"email\":\"$1@${2:-demo}.enjeu.local\",\"password\":\"enjeu-demo-2026\",\"name\":\"bench\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
demo_cookie() {
  local jar=$DATA/jar-$1 csrf
  curl -fs -c "$jar" "$B/signin" >/dev/null
  csrf=$(awk '$6=="enjeu_csrf" {print $7}' "$jar")
  curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST "$B/signin" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=$1@${2:-demo}.enjeu.local" --data-urlencode "password=enjeu-demo-2026"
  echo "Cookie: enjeu_session=$(awk '$6=="enjeu_session" {print $7}' "$jar"); enjeu_csrf=$csrf"
}

# A cursor deep in a paged JSON list: follows `next` from the first page, $3 pages; fails if the list ends first. The
# list is the answer itself, or its member named $4 (`{"flows": {"items": […], "next": …}}`); $2 may have a query.
deep_cursor() {
  local header=$1 path=$2 pages=$3 list=${4:-} next="" i sep="?" query=""
  case "$path" in *\?*) sep="&";; esac
  for i in $(seq "$pages"); do
    query=""; [ -z "$next" ] || query="${sep}after=$next"
    next=$(curl -fs -H "$header" "$B$path$query" \
             | python3 -c 'import json,sys; d = json.load(sys.stdin); d = d[sys.argv[1]] if sys.argv[1] else d; print(d.get("next") or "")' "$list") \
      || { echo "$path page $i does not answer 200" >&2; exit 1; }
    [ -n "$next" ] || { echo "$path ended after $i page(s)" >&2; exit 1; }
  done
  echo "$next"
}

to_ms() { case "$1" in *us) echo "$1" | sed 's/us//' | awk '{printf "%.2f", $1/1000}';; *ms) echo "$1" | sed 's/ms//';; *s) echo "$1" | sed 's/s//' | awk '{printf "%.2f", $1*1000}';; esac; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Measures routes given as "path|header|budget": `header` names a variable holding the request's header line (COOKIE,
# AUTH…), `budget` is the one-connection p99 in ms (- for none); the first route is the reference (/healthz, requested
# the same way). ROUNDS interleaved rounds of DURATION, each every route at one connection (≈ server time) then at 64 (a
# one-connection run never starts behind a 64-connection backlog); prints the medians with each route's 64-connection
# throughput as a share of the reference's, and sets `fails` to the routes over budget or not answering. Each route must
# answer 200 first. `route_label` (overridable) names a route in the table.
route_label() { echo "$1"; }
measure_routes() {
  local routes=("$@") r path h budget one many base p50 p99 rps p99c ok
  declare -A P50=() P99=() RPS=() P99C=()
  for r in "${routes[@]}"; do
    IFS='|' read -r path h _ <<<"$r"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "${!h}" "$B$path")
    [ "$code" = 200 ] || { echo "$path answers $code" >&2; exit 1; }
  done
  for round in $(seq "$ROUNDS"); do
    for r in "${routes[@]}"; do
      IFS='|' read -r path h _ <<<"$r"
      one=$(wrk -t1 -c1 -d"$DURATION" --timeout 10s --latency -H "${!h}" "$B$path")
      P50[$path]+="$(to_ms "$(echo "$one" | awk '$1=="50%" {print $2}')") "; P99[$path]+="$(to_ms "$(echo "$one" | awk '$1=="99%" {print $2}')") "
    done
    for r in "${routes[@]}"; do
      IFS='|' read -r path h _ <<<"$r"
      many=$(wrk -t2 -c64 -d"$DURATION" --timeout 10s --latency -H "${!h}" "$B$path")
      RPS[$path]+="$(echo "$many" | awk '/Requests\/sec/ {print $2}') "; P99C[$path]+="$(to_ms "$(echo "$many" | awk '$1=="99%" {print $2}')") "
    done
    sleep 2
  done
  IFS='|' read -r path _ <<<"${routes[0]}"; base=$(echo "${RPS[$path]}" | median)
  echo "median of $ROUNDS interleaved rounds of $DURATION, signed in${ENJEU_PG_URL:+, PostgreSQL}"
  printf "%-58s %9s %9s %10s %9s %6s %s\n" route "1c p50" "1c p99" "64c req/s" "64c p99" share budget
  fails=0
  for r in "${routes[@]}"; do
    IFS='|' read -r path _ budget <<<"$r"
    p50=$(echo "${P50[$path]}" | median); p99=$(echo "${P99[$path]}" | median)
    rps=$(echo "${RPS[$path]}" | median); p99c=$(echo "${P99C[$path]}" | median)
    # No answer within wrk's timeout (or a server still busy with the previous route's backlog): over budget.
    if [ -z "$p99" ] || [ "$p99" = 0.00 ]; then printf "%-58s %s\n" "$(route_label "$path")" "no measure (every request timed out)"; fails=$((fails + 1)); continue; fi
    ok=-; if [ "$budget" != - ]; then ok="ok (< $budget ms)"; if [ "$(echo "$p99 >= $budget" | bc)" = 1 ]; then ok="OVER (< $budget ms)"; fails=$((fails + 1)); fi; fi
    printf "%-58s %9s %9s %10s %9s %6s %s\n" "$(route_label "$path")" "$p50" "$p99" "$rps" "$p99c" "$(echo "scale=2; $rps / $base" | bc)" "$ok"
  done
}
