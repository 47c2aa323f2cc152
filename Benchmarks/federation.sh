#!/usr/bin/env bash
# Federation benchmark (issue 19), release build. Budget: « A community with 10,000 remote followers on 500 instances:
# publishing one revision enqueues deliveries in < 100 ms and never blocks the request; the inbox verifies and
# acknowledges 200 signed activities per second on this machine. »
# A fresh database, the server federating as http://127.0.0.1:<port> (ENJEU_PUBLIC_URL) with its job queue running, a
# steward and a public community made through the API. Then:
#  1. the inbox: Benchmarks/federation_inbox.py plays 8 remote servers (one loopback port each, so each stays under the
#     3,000 activities a minute Enjeu allows one domain) and posts 2,000 distinct signed `Create`s to /ap/inbox, 32 at
#     once: acknowledged (202) per second, latency p50/p99, every answer not 202 (budget: >= 200/s, none refused);
#  2. posts without followers: POSTS posts timed one after the other, POST_GAP s apart (curl's time_total), the reference;
#  3. 10,000 rows in federation_followers, 20 actors on each of 500 servers whose shared inbox is
#     https://f<i>.invalid/inbox (deliveries there fail and are retried with backoff: the worst case, dead servers);
#     the server's followers collection must count them;
#  4. pages idle: wrk on /healthz, the community's page and its « Fédivers » page, 64 connections, signed in;
#  5. posts with 10,000 followers, timed the same way: each queues one `ap.publish` job, whose fan-out logs
#     `published … inboxes=500 ms=…`: its ms (budget < 100 ms), 500 inboxes each time, 500 `ap.deliver` jobs a post;
#     the request must not pay for it (its p50 at most BLOCK_MARGIN_MS = 5 ms, or half the fan-out's own p50, above the
#     reference's: a request that did the fan-out would take at least the fan-out's time more);
#  6. pages while publishing: wrk again while a post goes out every PUBLISH_EVERY s and the deliveries fail and retry.
# The server logs at `info` (the `published` lines), so it writes a line per request in both page measures alike.
# Usage: bash Benchmarks/federation.sh [--postgres]
#   (env: FOLLOWERS=10000 DOMAINS=500 POSTS=30 ACTIVITIES=2000 SERVERS=8 CONCURRENCY=32 SCHEME=cavage|rfc9421|mixed
#    DURATION=5s POST_GAP=0.2 PUBLISH_EVERY=0.5 PUBLISH_WAIT=600 BLOCK_MARGIN_MS=5; PYTHON=.venv/bin/python with
#    e2e/requirements.txt installed, as e2e/run.sh; ENJEU_BIN as in common.sh)
# Needs: wrk, curl, bc, python3 (its sqlite3 module; psql with --postgres, as common.sh starts it).
FOLLOWERS=${FOLLOWERS:-10000}; DOMAINS=${DOMAINS:-500}; POSTS=${POSTS:-30}; ACTIVITIES=${ACTIVITIES:-2000}
SERVERS=${SERVERS:-8}; CONCURRENCY=${CONCURRENCY:-32}; SCHEME=${SCHEME:-cavage}; DURATION=${DURATION:-5s}
POST_GAP=${POST_GAP:-0.2}; PUBLISH_EVERY=${PUBLISH_EVERY:-0.5}; PUBLISH_WAIT=${PUBLISH_WAIT:-600}; BLOCK_MARGIN_MS=${BLOCK_MARGIN_MS:-5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=${PYTHON:-.venv/bin/python}
# Checked before common.sh builds: the signing libraries must be there.
(cd "$HERE/.." && "$PY" -c 'import cryptography, requests, http_message_signatures') 2>/dev/null || {
  echo "$PY cannot import cryptography, requests and http_message_signatures: python3 -m venv .venv &&" \
       ".venv/bin/pip install -r e2e/requirements.txt (or PYTHON=/path/to/python)" >&2; exit 1; }
source "$HERE/common.sh"   # release build (or ENJEU_BIN), $DATA, $B, --postgres, to_ms; cd to the repository
export ENJEU_PUBLIC_URL=$B ENJEU_LOG_FORMAT=text ENJEU_WRITE_RATE_LIMIT=${ENJEU_WRITE_RATE_LIMIT:-100000} ENJEU_JOBS=1
POSTER=""
stop_all() { [ -n "$POSTER" ] && { kill "$POSTER" 2>/dev/null || true; }; [ -n "${KEEP_LOG:-}" ] && cp "$LOG" "$KEEP_LOG"; cleanup; }
trap stop_all EXIT
LOG=$DATA/server.log
$BIN serve --log info >"$LOG" 2>&1 & SERVER=$!
until curl -fs "$B/healthz" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server stopped:" >&2; tail -20 "$LOG" >&2; exit 1; }
  sleep 0.1
done
DB=SQLite; [ -n "${DATABASE_URL:-}" ] && DB=PostgreSQL
echo "server: $ENJEU_PUBLIC_URL ($DB), job queue running (${ENJEU_JOB_WORKERS:-2} workers), log at info"

# --- The database, read (and written) from outside --------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
  sql() { "$ENJEU_PG_BIN/psql" -q -X -At -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$1"; }
  epoch() { echo "EXTRACT(EPOCH FROM $1)"; }
else
  # Python's sqlite3 beside the server (WAL: reading waits for nobody). Times are stored as seconds since 1970 by
  # SQLiteNIO; epoch() also reads ISO text, should that change.
  sql() { python3 - "$DATA/enjeu.sqlite" "$1" <<'PY'
import sqlite3, sys
from datetime import datetime
def epoch(v):
    if v is None or isinstance(v, (int, float)): return v
    return datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp()
db = sqlite3.connect(sys.argv[1], timeout=60)
db.create_function("epoch", 1, epoch)
with db:
    for row in db.execute(sys.argv[2]).fetchall():
        print("|".join("" if v is None else str(v) for v in row))
PY
  }
  epoch() { echo "epoch($1)"; }
fi
# Percentiles (nearest rank) of the numbers on stdin: "p50 p99 max count".
stats() { sort -g | awk '{a[NR]=$1} END { if (NR == 0) { print "- - - 0"; exit }
  i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
  printf "%.1f %.1f %.1f %d\n", a[i50], a[i99], a[NR], NR }'; }

# --- A steward and a public community, through the API ------------------------------------------------------------------
SLUG=banc-federation; EMAIL=banc_federation@example.org; PASSWORD="une phrase de passe assez longue"
json_post() {  # path json [header] → the answer's body; exits unless 200 or 201
  local out code
  out=$(curl -s -m 30 -w '\n%{http_code}' -X POST "$B$1" -H 'content-type: application/json' ${3:+-H "$3"} -d "$2")
  code=${out##*$'\n'}; out=${out%$'\n'*}
  case "$code" in 200|201) echo "$out" ;; *) echo "POST $1 answered $code: $out" >&2; exit 1 ;; esac
}
json_post /api/v1/accounts "{\"handle\":\"banc_federation\",\"displayName\":\"Banc fédération\",\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" >/dev/null
TOKEN=$(json_post /api/v1/tokens "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"bench\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"
json_post /api/v1/communities "{\"slug\":\"$SLUG\",\"name\":\"Banc d'essai de la fédération\",
  \"purpose\":\"Agir ensemble pour le bien commun du quartier\",\"perimeter\":\"Lyon\",\"rhythm\":\"mensuel\",
  \"stage\":\"emerging\",\"visibility\":\"public\",\"charter\":\"Je donne autant que je reçois.\"}" "$AUTH" >/dev/null
# A browser session, as demo_cookie signs in (the sign-in form's CSRF cookie and field).
jar=$DATA/jar; curl -fs -c "$jar" "$B/signin" >/dev/null; csrf=$(awk '$6=="enjeu_csrf" {print $7}' "$jar")
curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST "$B/signin" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD"
COOKIE="Cookie: enjeu_session=$(awk '$6=="enjeu_session" {print $7}' "$jar"); enjeu_csrf=$csrf"
C=/communities/$SLUG; A=/api/v1/communities/$SLUG
for check in "$COOKIE|/me/account" "$COOKIE|$C" "Accept: application/activity+json|/ap/communities/$SLUG"; do
  IFS='|' read -r header path <<<"$check"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$B$path")
  [ "$code" = 200 ] || { echo "$path answers $code (the steward, the community or its actor is missing)" >&2; exit 1; }
done
followers() { curl -fs -H 'Accept: application/activity+json' "$B/ap/communities/$SLUG/followers" \
                | python3 -c 'import json,sys; print(json.load(sys.stdin)["totalItems"])'; }
echo "a steward and the public community $SLUG (an actor, $(followers) followers)"
# Deliveries to .invalid should fail at once (NXDOMAIN); a resolver that times out instead slows the queue, not pages.
dns_ms=$(python3 -c 'import socket, time
t = time.time()
try: socket.getaddrinfo("f1.invalid", 443)
except OSError: pass
print(int((time.time() - t) * 1000))')
[ "$dns_ms" -lt 1000 ] || echo "warning: resolving f1.invalid took $dns_ms ms here: deliveries will hold the queue's workers" >&2

# --- 1. The inbox ---------------------------------------------------------------------------------------------------------
echo "== 1. inbox: $ACTIVITIES signed activities from $SERVERS remote servers, $CONCURRENCY at once"
kept_before=$(sql "SELECT COUNT(*) FROM inbox_activities")
inbox_status=0
"$PY" Benchmarks/federation_inbox.py --base "$B" --community "$SLUG" --activities "$ACTIVITIES" --servers "$SERVERS" \
  --concurrency "$CONCURRENCY" --scheme "$SCHEME" --result "$DATA/inbox.json" || inbox_status=$?
[ -s "$DATA/inbox.json" ] || { echo "the inbox benchmark gave no result (exit $inbox_status)" >&2; tail -20 "$LOG" >&2; exit 1; }
read -r IN_RATE IN_P50 IN_P99 IN_SENT IN_ACKED IN_BAD IN_WARM < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["per_second"], r["p50_ms"], r["p99_ms"], r["sent"], r["acknowledged"], r["not_acknowledged"],
      r["warmup_sent"] - r["warmup_acknowledged"])' "$DATA/inbox.json")
kept=$(( $(sql "SELECT COUNT(*) FROM inbox_activities") - kept_before ))
echo "kept in inbox_activities: $kept (acknowledged: $((IN_ACKED + SERVERS - IN_WARM)), each once)"
# Acting on them (the queue's `ap.inbox` jobs) comes after the acknowledgement: how long until all are done.
t0=$(date +%s.%N); left=1
for _ in $(seq 600); do
  left=$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'ap.inbox' AND state IN ('queued', 'running')")
  [ "$left" = 0 ] && break; sleep 0.2
done
printf "acted on by the job queue (ap.inbox) within %.1f s of the last acknowledgement (%s still queued)\n" \
  "$(echo "$(date +%s.%N) - $t0" | bc)" "$left"

# --- Posts, timed one after the other ---------------------------------------------------------------------------------------
post() {  # $1: label → "status seconds" (a line)
  curl -s -m 30 -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$B$A/posts" -H "$AUTH" -H 'content-type: application/json' \
    -d "{\"body\":\"Banc d'essai de la fédération, message $1 : une nouvelle pour les serveurs qui nous suivent.\"}"
}
timed_posts() {  # $1: label prefix → prints the milliseconds of each; exits if one is not 201
  local i code secs
  for i in $(seq "$POSTS"); do
    read -r code secs < <(post "$1-$i")
    [ "$code" = 201 ] || [ "$code" = 200 ] || { echo "post $1-$i answered $code" >&2; exit 1; }
    echo "$secs" | awk '{printf "%.2f\n", $1 * 1000}'
    sleep "$POST_GAP"
  done
}
echo "== 2. $POSTS posts, no followers (the reference)"
timed_posts ref >"$DATA/posts_ref.txt"
read -r REF_P50 REF_P99 REF_MAX _ < <(stats <"$DATA/posts_ref.txt")
echo "post request: p50 $REF_P50 ms, p99 $REF_P99 ms, max $REF_MAX ms"
[ "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'ap.publish'")" = 0 ] || echo "warning: a post without followers queued ap.publish" >&2

# --- 3. 10,000 followers on 500 servers -------------------------------------------------------------------------------------
echo "== 3. $FOLLOWERS followers on $DOMAINS servers (https://f<i>.invalid/inbox)"
t0=$(date +%s.%N)
if [ -n "${DATABASE_URL:-}" ]; then
  sql "INSERT INTO federation_followers (id, community_id, actor_iri, inbox, domain, follow_id, created_at)
       SELECT gen_random_uuid(), c.id, 'https://f' || (g % $DOMAINS + 1) || '.invalid/users/u' || g,
              'https://f' || (g % $DOMAINS + 1) || '.invalid/inbox', 'f' || (g % $DOMAINS + 1) || '.invalid',
              'https://f' || (g % $DOMAINS + 1) || '.invalid/follows/' || gen_random_uuid(), now()
       FROM communities c CROSS JOIN generate_series(0, $FOLLOWERS - 1) g WHERE c.slug = '$SLUG'"
  sql "ANALYZE federation_followers" >/dev/null
else
  python3 - "$DATA/enjeu.sqlite" "$SLUG" "$FOLLOWERS" "$DOMAINS" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1], timeout=60)
slug, n, domains = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
# The community's id and creation time as stored (ids are UUID text as Fluent writes them, times as SQLiteNIO does).
cid, created = db.execute("SELECT id, created_at FROM communities WHERE slug = ?", (slug,)).fetchone()
rows = []
for g in range(n):
    d = f"f{g % domains + 1}.invalid"
    rows.append((str(uuid.uuid4()).upper(), cid, f"https://{d}/users/u{g}", f"https://{d}/inbox", d,
                 f"https://{d}/follows/{uuid.uuid4()}", created))
with db:
    db.executemany("INSERT INTO federation_followers (id, community_id, actor_iri, inbox, domain, follow_id, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
PY
fi
# Written directly, so their count is kept here as the follows' transactions keep it (federation_counts).
sql "INSERT INTO federation_counts (community_id, followers) SELECT community_id, COUNT(*) FROM federation_followers GROUP BY community_id
     ON CONFLICT (community_id) DO UPDATE SET followers = excluded.followers" >/dev/null
IFS='|' read -r f_rows f_inboxes f_domains < <(sql "SELECT COUNT(*), COUNT(DISTINCT inbox), COUNT(DISTINCT domain)
  FROM federation_followers WHERE community_id = (SELECT id FROM communities WHERE slug = '$SLUG')")
f_seen=$(followers)
printf "inserted in %.1f s: %s rows, %s inboxes, %s domains; the server's followers collection says %s\n" \
  "$(echo "$(date +%s.%N) - $t0" | bc)" "$f_rows" "$f_inboxes" "$f_domains" "$f_seen"
[ "$f_seen" = "$FOLLOWERS" ] && [ "$f_inboxes" = "$DOMAINS" ] || { echo "the server does not see the $FOLLOWERS followers" >&2; exit 1; }

# --- 4. Pages, nothing being published ---------------------------------------------------------------------------------------
wrk_run() {  # path → "req/s p99_ms"
  local out
  out=$(wrk -t2 -c64 -d"$DURATION" --timeout 10s --latency -H "$COOKIE" "$B$1")
  if echo "$out" | grep -q "Non-2xx"; then echo "$1: $(echo "$out" | grep Non-2xx)" >&2; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
}
PAGES=(/healthz "$C" "$C/federation")
declare -A IDLE_RPS IDLE_P99 BUSY_RPS BUSY_P99
echo "== 4. pages, nothing being published (64 connections, $DURATION each, signed in)"
for path in "${PAGES[@]}"; do read -r "IDLE_RPS[$path]" "IDLE_P99[$path]" < <(wrk_run "$path"); done

# --- 5. Posts with 10,000 followers: the request, then the fan-out ---------------------------------------------------------
echo "== 5. $POSTS posts, $FOLLOWERS followers on $DOMAINS servers"
published_lines() {  # the fan-outs' log lines, colours taken out
  { grep -aF inboxes "$LOG" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '(^|[^[:alnum:]_])published([^[:alnum:]_]|$)'; } || true
}
before=$(published_lines | wc -l)
timed_posts fed >"$DATA/posts_fed.txt"
read -r PUB_P50 PUB_P99 PUB_MAX _ < <(stats <"$DATA/posts_fed.txt")
echo "post request: p50 $PUB_P50 ms, p99 $PUB_P99 ms, max $PUB_MAX ms (without followers: p50 $REF_P50 ms, p99 $REF_P99 ms)"
# Each post's `ap.publish` job runs when a worker takes it, behind the deliveries queued before it.
t0=$(date +%s.%N); n=0
while :; do
  n=$(( $(published_lines | wc -l) - before ))
  [ "$n" -ge "$POSTS" ] && break
  elapsed=$(echo "$(date +%s.%N) - $t0" | bc)
  [ "$(echo "$elapsed > $PUBLISH_WAIT" | bc)" = 1 ] && { echo "only $n of $POSTS fan-outs logged within $PUBLISH_WAIT s" >&2; break; }
  sleep 1
done
printf "fan-outs logged: %s of %s, the last %.1f s after the last post\n" "$n" "$POSTS" "$(echo "$(date +%s.%N) - $t0" | bc)"
published_lines | tail -n +"$((before + 1))" | head -n "$POSTS" >"$DATA/published.txt"
echo "e.g. $(head -1 "$DATA/published.txt" | cut -c1-200)"
# `inboxes: 500` / `ms: 12.3` (text log), or `inboxes=500` / "inboxes":"500" — whichever the format.
field() { sed -E "s/.*[^[:alnum:]_]\"?$1\"?[:=] ?\"?([0-9.]+).*/\1/;t;d" "$DATA/published.txt"; }
read -r FAN_P50 FAN_P99 FAN_MAX FAN_N < <(field ms | stats)
inboxes_ok=$(field inboxes | grep -cx "$DOMAINS" || true)
echo "fan-out (the ap.publish job: the activity, then $DOMAINS deliveries queued in one transaction): p50 $FAN_P50 ms," \
     "p99 $FAN_P99 ms, max $FAN_MAX ms over $FAN_N; inboxes=$DOMAINS in $inboxes_ok of $FAN_N"
read -r Q_P50 Q_P99 Q_MAX _ < <(sql "SELECT ($(epoch finished_at) - $(epoch created_at)) * 1000 FROM jobs
  WHERE kind = 'ap.publish' AND state = 'done'" | stats)
echo "post committed → its deliveries queued (the job's wait in the queue included): p50 $Q_P50 ms, p99 $Q_P99 ms, max $Q_MAX ms"
DELIVER=$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'ap.deliver'")
PUBLISH_JOBS=$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'ap.publish'")
echo "jobs: $PUBLISH_JOBS ap.publish (expected $POSTS), $DELIVER ap.deliver (expected $((POSTS * DOMAINS)));" \
     "ap.deliver by state: $(sql "SELECT state || ' ' || COUNT(*) FROM jobs WHERE kind = 'ap.deliver' GROUP BY state" | paste -sd, -)"

# --- 6. Pages while publishing ------------------------------------------------------------------------------------------------
echo "== 6. pages while a post goes out every $PUBLISH_EVERY s (and $DELIVER deliveries fail and retry)"
( i=0; while :; do i=$((i + 1)); post "busy-$i" >>"$DATA/busy_posts.txt" || true; sleep "$PUBLISH_EVERY"; done ) &
POSTER=$!
sleep 1
for path in "${PAGES[@]}"; do read -r "BUSY_RPS[$path]" "BUSY_P99[$path]" < <(wrk_run "$path"); done
kill "$POSTER" 2>/dev/null || true; wait "$POSTER" 2>/dev/null || true; POSTER=""
read -r BUSY_POST_P50 BUSY_POST_P99 _ BUSY_POSTS < <(awk '$1 ~ /^20[01]$/ {printf "%.2f\n", $2 * 1000}' "$DATA/busy_posts.txt" | stats)
busy_bad=$(awk 'NF == 2 && $1 !~ /^20[01]$/' "$DATA/busy_posts.txt" | wc -l)
printf "%-40s %12s %10s %14s %10s %6s\n" page "idle req/s" "idle p99" "publishing r/s" "p99" share
for path in "${PAGES[@]}"; do
  printf "%-40s %12s %10s %14s %10s %6s\n" "$path" "${IDLE_RPS[$path]}" "${IDLE_P99[$path]}" "${BUSY_RPS[$path]}" \
    "${BUSY_P99[$path]}" "$(echo "scale=2; ${BUSY_RPS[$path]:-0} / ${IDLE_RPS[$path]:-1}" | bc)"
done
echo "posts meanwhile: $BUSY_POSTS (p50 $BUSY_POST_P50 ms, p99 $BUSY_POST_P99 ms), $busy_bad not 201"
echo "server RSS: $(( $(ps -o rss= -p "$SERVER") / 1024 )) MiB"

# --- Summary ------------------------------------------------------------------------------------------------------------------
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a != "-" && a + 0 < b + 0) ? 1 : 0 }'; }
fan_ok=0
[ "$FAN_N" = "$POSTS" ] && [ "$inboxes_ok" = "$POSTS" ] && [ "$DELIVER" = "$((POSTS * DOMAINS))" ] && [ "$(lt "$FAN_P99" 100)" = 1 ] && fan_ok=1
extra=$(awk -v a="$PUB_P50" -v b="$REF_P50" 'BEGIN { printf "%.1f", a - b }')
allowed=$(awk -v m="$BLOCK_MARGIN_MS" -v f="$FAN_P50" 'BEGIN { h = (f == "-") ? 0 : f / 2; print (h > m + 0) ? h : m }')
block_ok=$(lt "$extra" "$allowed")
inbox_ok=0
[ "$IN_BAD" = 0 ] && [ "$IN_WARM" = 0 ] && [ "$kept" = "$((IN_SENT + SERVERS))" ] && [ "$(lt 199.999 "$IN_RATE")" = 1 ] && inbox_ok=1
echo
echo "== summary: issue 19's budgets ($DB, $(nproc) cores)"
echo "$(verdict $fan_ok)  fan-out of one post to $FOLLOWERS followers on $DOMAINS servers < 100 ms: p99 $FAN_P99 ms" \
     "(p50 $FAN_P50, max $FAN_MAX) over $FAN_N of $POSTS posts; inboxes=$DOMAINS in $inboxes_ok; $DELIVER ap.deliver jobs" \
     "(expected $((POSTS * DOMAINS)))"
echo "$(verdict "$block_ok")  the post request does not wait for it: p50 $PUB_P50 ms with followers, $REF_P50 ms without" \
     "(+$extra ms; allowed < $allowed ms: ${BLOCK_MARGIN_MS} ms or half the fan-out's p50); p99 $PUB_P99 vs $REF_P99 ms"
echo "$(verdict $inbox_ok)  inbox >= 200 signed activities acknowledged per second: $IN_RATE/s (p50 $IN_P50 ms, p99 $IN_P99 ms," \
     "$CONCURRENCY at once, $SERVERS servers, $SCHEME); not 202: $IN_BAD of $IN_SENT (+$IN_WARM of $SERVERS warm-up); kept $kept"
echo "info  pages while publishing keep $(echo "scale=2; ${BUSY_RPS[$C]:-0} / ${IDLE_RPS[$C]:-1}" | bc) of their throughput ($C)," \
     "$(echo "scale=2; ${BUSY_RPS[/healthz]:-0} / ${IDLE_RPS[/healthz]:-1}" | bc) (/healthz)"
[ $((fan_ok + block_ok + inbox_ok)) = 3 ]
