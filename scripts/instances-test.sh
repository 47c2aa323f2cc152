#!/usr/bin/env bash
# Two Enjeu instances on one PostgreSQL, through PgBouncer in transaction mode when `pgbouncer` is installed (LISTEN
# straight to PostgreSQL through DATABASE_LISTEN_URL), and what must hold across them:
#   started together on an empty database, both migrate it (one at a time) and serve;
#   (a) a session made by signing in on A works on B;
#   (b) the CSRF cookie got from A is accepted by a form POST on B, and a POST without it is refused with 403;
#   (c) a client subscribed to B's live events receives the post published on A;
#   (d) each scheduled job runs once per tick (job_runs: one row per job and tick, no tick skipped);
#   (e) ENJEU_AUTH_RATE_LIMIT holds for both together: N failed sign-ins split between A and B, then 429 on either.
# Builds nothing: runs .build/debug/enjeu, or $ENJEU_BIN. Uses $ENJEU_PG_URL if set (in a fresh database it creates
# and drops), else a throwaway PostgreSQL (scripts/pg-throwaway.sh). Everything started is stopped at exit.
# Usage: bash scripts/instances-test.sh        (env: ENJEU_BIN, ENJEU_PG_URL, NO_PGBOUNCER=1 to connect directly)
set -euo pipefail
export PATH=$PATH:/usr/sbin   # Debian installs pgbouncer there
cd "$(dirname "$0")/.."
BIN=${ENJEU_BIN:-.build/debug/enjeu}
[ -x "$BIN" ] || { echo "FAIL: no server binary at $BIN (swift build, or set ENJEU_BIN)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=(); PG_DIR=""; PGB_DIR=""; ADMIN_URL=""; DB=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$PGB_DIR" ] && bash scripts/pgbouncer-throwaway.sh stop "$PGB_DIR"
  [ -n "$ADMIN_URL" ] && [ -n "$DB" ] && psql -qX "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  [ -n "$PG_DIR" ] && bash scripts/pg-throwaway.sh stop "$PG_DIR"
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [ -n "${ENJEU_PG_URL:-}" ]; then
  ADMIN_URL=$ENJEU_PG_URL
  DB=enjeu_instances_$(python3 -c 'import secrets; print(secrets.token_hex(4))')
  psql -qX "$ADMIN_URL" -c "CREATE DATABASE $DB" >/dev/null
  DIRECT=${ENJEU_PG_URL%/*}/$DB
else
  eval "$(bash scripts/pg-throwaway.sh)"
  PG_DIR=$ENJEU_PG_DIR
  DIRECT=$ENJEU_PG_URL
fi
POOLED=$DIRECT; MODE="directly"
if command -v pgbouncer >/dev/null && [ -z "${NO_PGBOUNCER:-}" ]; then
  eval "$(bash scripts/pgbouncer-throwaway.sh "$DIRECT")"
  PGB_DIR=$ENJEU_PGB_DIR; POOLED=$ENJEU_PGB_URL; MODE="through PgBouncer (transaction pooling)"
fi
echo "PostgreSQL $DIRECT; instances connect $MODE"

RATE=5
start_instance() { # name port
  env DATABASE_URL="$POOLED" DATABASE_LISTEN_URL="$DIRECT" ENJEU_PORT="$2" ENJEU_BCRYPT_COST=4 ENJEU_AUTH_RATE_LIMIT=$RATE \
      ENJEU_TRUSTED_PROXIES=127.0.0.1 ENJEU_CREDIBILITY_REFRESH_SECONDS=1 ENJEU_FIGURES_REFRESH_SECONDS=1 ENJEU_DATA_DIR="$WORK/$1" \
      "$BIN" serve --log warning >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
wait_healthy() { # name port pid
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: instance $1 did not start; its log:" >&2; tail -20 "$WORK/$1.log" >&2; exit 1
}
PORT_A=$(free_port); PORT_B=$(free_port)
# Started together on the empty database: they take turns to migrate it (App/Migrating.swift), and both must serve.
start_instance a "$PORT_A"; start_instance b "$PORT_B"
wait_healthy a "$PORT_A" "${PIDS[0]}"; wait_healthy b "$PORT_B" "${PIDS[1]}"

status=0
PSQL="psql -qAtX $DIRECT" A="http://127.0.0.1:$PORT_A" B="http://127.0.0.1:$PORT_B" RATE=$RATE python3 - <<'PY' || status=$?
import http.client, json, os, queue, subprocess, sys, threading, time, urllib.parse

A, B, RATE = os.environ["A"], os.environ["B"], int(os.environ["RATE"])
failures = []

def check(ok, message):
    print(("ok   " if ok else "FAIL ") + message, flush=True)
    if not ok: failures.append(message)

def request(base, method, path, body=None, headers=None, form=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=15)
    headers = dict(headers or {})
    if form is not None:
        body = urllib.parse.urlencode(form); headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        body = json.dumps(body); headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    data = res.read().decode("utf-8", "replace")
    cookies = {}
    for name, value in res.getheaders():
        if name.lower() == "set-cookie":
            k, _, v = value.split(";", 1)[0].partition("=")
            cookies[k.strip()] = v.strip()
    conn.close()
    return res.status, data, cookies, dict((k.lower(), v) for k, v in res.getheaders())

def psql(sql):
    return subprocess.run(os.environ["PSQL"].split() + ["-c", sql], check=True, capture_output=True, text=True).stdout.strip()

# A member and her community, made on A.
password = "correct horse battery"
status, body, _, _ = request(A, "POST", "/api/v1/accounts",
                             {"handle": "ana", "displayName": "Ana Cross-Instance", "email": "ana@example.org", "password": password})
if status != 201: sys.exit(f"FAIL: sign-up on A answered {status}: {body[:300]}")
status, body, _, _ = request(A, "POST", "/api/v1/tokens", {"email": "ana@example.org", "password": password, "name": "test"})
if status != 201: sys.exit(f"FAIL: token on A answered {status}: {body[:300]}")
bearer = {"Authorization": "Bearer " + json.loads(body)["token"]}
community = {"slug": "entre-instances", "name": "Entre instances", "purpose": "Vérifier que deux instances partagent tout",
             "perimeter": "Lyon", "rhythm": "mensuel", "stage": "emerging", "visibility": "members", "charter": "Je donne autant que je reçois."}
status, body, _, _ = request(A, "POST", "/api/v1/communities", community, bearer)
if status != 201: sys.exit(f"FAIL: community on A answered {status}: {body[:300]}")

# (a) and (b): the sign-in form of A, its CSRF cookie, a session made on A.
status, _, jar, _ = request(A, "GET", "/signin")
csrf = jar.get("enjeu_csrf", "")
check(status == 200 and len(csrf) == 43, f"(b) A's sign-in page sets a CSRF cookie (status {status})")
status, _, got, _ = request(A, "POST", "/signin", form={"_csrf": csrf, "email": "ana@example.org", "password": password},
                            headers={"Cookie": f"enjeu_csrf={csrf}"})
session = got.get("enjeu_session", "")
check(status == 303 and session, f"(a) signing in on A answers 303 with a session cookie (got {status})")
cookie = f"enjeu_session={session}; enjeu_csrf={csrf}"
status, page, _, _ = request(B, "GET", "/communities/entre-instances/members", headers={"Cookie": cookie})
check(status == 200 and "Ana Cross-Instance" in page, f"(a) B serves the members-only page to A's session with her name (status {status})")
status, _, _, _ = request(B, "GET", "/communities/entre-instances/members")
check(status != 200, f"(a) the same page is closed without the session (status {status})")

# (b) A form POST on B with A's CSRF cookie and field is accepted; without the cookie it is refused.
form = {"_csrf": csrf, "displayName": "Ana Renamed On B", "bio": "", "values": "", "skills": "", "lang": "fr"}
status, _, _, _ = request(B, "POST", "/me", form=form, headers={"Cookie": cookie})
check(status == 303, f"(b) B accepts a profile form POST carrying A's CSRF cookie (status {status})")
status, page, _, _ = request(A, "GET", "/communities/entre-instances/members", headers={"Cookie": cookie})
check("Ana Renamed On B" in page, "(b) the write made on B is read on A")
status, _, _, _ = request(B, "POST", "/me", form=dict(form, displayName="Forged"), headers={"Cookie": f"enjeu_session={session}"})
check(status == 403, f"(b) B refuses the same POST without the CSRF cookie with 403 (status {status})")

# (c) Live events: a stream open on B hears the post published on A.
url = urllib.parse.urlsplit(B)
stream = http.client.HTTPConnection(url.hostname, url.port, timeout=15)
stream.request("GET", "/events", headers={"Cookie": cookie, "Accept": "text/event-stream"})
res = stream.getresponse()
check(res.status == 200 and res.getheader("Content-Type", "").startswith("text/event-stream"), f"(c) B opens an event stream (status {res.status})")
lines = queue.Queue()
def read_stream():
    try:
        for raw in res: lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
    except Exception:
        pass
threading.Thread(target=read_stream, daemon=True).start()
deadline = time.time() + 10
while time.time() < deadline:
    try:
        if lines.get(timeout=1) == ": open": break
    except queue.Empty:
        pass
status, body, _, _ = request(A, "POST", "/api/v1/communities/entre-instances/posts", {"body": "Bonjour depuis A"}, bearer)
post_id = json.loads(body).get("id", "") if status == 201 else ""
check(status == 201 and post_id, f"(c) A publishes a post (status {status})")
event, received = "", ""
deadline = time.time() + 10
while time.time() < deadline and not received:
    try:
        line = lines.get(timeout=0.5)
    except queue.Empty:
        continue
    if line.startswith("event: "): event = line[7:]
    elif line.startswith("data: ") and event == "post": received = line[6:]
check(post_id and post_id.lower() in received.lower(), f"(c) B's stream receives A's post event (got {received or 'nothing in 10 s'})")
stream.close()

# (d) Each scheduled job runs once per tick: both instances try every tick of the 1-second jobs.
time.sleep(5)
for job in ("credibility.recompute", "figures.relearn"):
    runs, ticks, first, last, holders = psql(
        f"SELECT COUNT(*), COUNT(DISTINCT tick), MIN(tick), MAX(tick), COUNT(DISTINCT split_part(holder, ':', 2)) "
        f"FROM job_runs WHERE job = '{job}'").split("|")
    runs, ticks, first, last = int(runs), int(ticks), int(first or 0), int(last or 0)
    check(runs >= 4 and runs == ticks, f"(d) {job}: {runs} runs for {ticks} ticks, no tick run twice ({holders} instance(s) took them)")
    check(last - first + 1 == ticks, f"(d) {job}: every tick from {first} to {last} was taken (no tick lost)")
    failed = psql(f"SELECT COUNT(*) FROM job_runs WHERE job = '{job}' AND outcome NOT LIKE 'ok%'")
    check(failed == "0", f"(d) {job}: no run failed ({failed} failed)")
holders = psql("SELECT string_agg(DISTINCT holder, ' ') FROM job_runs")
print(f"     ticks taken by: {holders}")

# (e) Rate limits: N failed sign-ins from one client, alternating between A and B, then 429 on either.
client = {"X-Forwarded-For": "198.51.100.77"}
statuses = []
for i in range(RATE):
    statuses.append(request(A if i % 2 == 0 else B, "POST", "/api/v1/tokens",
                            {"email": f"nobody{i}@example.org", "password": "wrong password"}, client)[0])
check(statuses == [401] * RATE, f"(e) {RATE} failed sign-ins alternating A and B answer 401 ({statuses})")
for name, base in (("B", B), ("A", A)):
    status, _, _, headers = request(base, "POST", "/api/v1/tokens", {"email": "late@example.org", "password": "wrong password"}, client)
    check(status == 429 and headers.get("retry-after"), f"(e) the next one on {name} answers 429 with Retry-After (status {status})")
status, _, _, _ = request(B, "POST", "/api/v1/tokens", {"email": "late@example.org", "password": "wrong password"}, {"X-Forwarded-For": "198.51.100.78"})
check(status == 401, f"(e) another client is not held back (status {status})")

if failures:
    print(f"\n{len(failures)} cross-instance check(s) failed", file=sys.stderr)
    sys.exit(1)
print("\nall cross-instance checks passed")
PY
if [ "$status" != 0 ]; then
  for name in a b; do echo "--- the last lines of instance $name's log:"; tail -15 "$WORK/$name.log"; done
fi
exit "$status"
