#!/usr/bin/env bash
# Three Enjeu instances on one PostgreSQL, as an operator would run them: a throwaway PostgreSQL, PgBouncer in front of
# it (transaction pooling) for the instances' pools, their live events listening straight on PostgreSQL
# (DATABASE_LISTEN_URL), and nginx balancing over the three (event streams unbuffered). The demo is seeded once, a
# member signs in through nginx, and wrk measures a few pages signed in at 64 connections through nginx; each page's
# throughput is a share of /healthz requested the same way in the same round (rounds interleave pages; medians shown).
# Everything started runs as a plain process with its files in a temporary directory, stopped and removed at exit.
# Usage: bash Benchmarks/instances.sh [--people N] [--communities M]
#        (env: DURATION=5s ROUNDS=3; ENJEU_BIN, SEED_BIN as in common.sh; NO_PGBOUNCER=1 to connect the pools directly)
# Needs: nginx, pgbouncer, wrk, PostgreSQL (Debian's packages).
PEOPLE=10000; COMMUNITIES=500
while [ $# -gt 0 ]; do
  case "$1" in
    --people) PEOPLE=$2; shift 2 ;;
    --communities) COMMUNITIES=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
DURATION=${DURATION:-5s}; ROUNDS=${ROUNDS:-3}
set -- --postgres
source "$(dirname "$0")/common.sh"   # release build (or ENJEU_BIN), $DATA, a throwaway PostgreSQL, demo_cookie, median
for tool in nginx pgbouncer; do command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "$tool is missing: apt-get install $tool" >&2; exit 1; }; done
export PATH=$PATH:/usr/sbin
INSTANCES=(); NGINX=""; PGB_DIR=""
stop_all() {
  [ -n "$NGINX" ] && { kill "$NGINX" 2>/dev/null || true; }
  for p in "${INSTANCES[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null
  [ -n "$PGB_DIR" ] && bash scripts/pgbouncer-throwaway.sh stop "$PGB_DIR"
  cleanup   # common.sh's: the PostgreSQL and $DATA
}
trap stop_all EXIT
DIRECT=$ENJEU_PG_URL; POOLED=$DIRECT
if [ -z "${NO_PGBOUNCER:-}" ]; then
  # 3 instances × 2 event loops × 4 connections each share 20 server connections.
  eval "$(PGB_POOL_SIZE=20 bash scripts/pgbouncer-throwaway.sh "$DIRECT")"
  PGB_DIR=$ENJEU_PGB_DIR; POOLED=$ENJEU_PGB_URL
fi
export DATABASE_URL=$POOLED DATABASE_LISTEN_URL=$DIRECT ENJEU_TRUSTED_PROXIES=127.0.0.1
echo "Seeding: demo + $COMMUNITIES communities, $PEOPLE people (PostgreSQL${PGB_DIR:+ through PgBouncer})…"
t0=$(date +%s.%N); $SEED_BIN demo --communities "$COMMUNITIES" --people "$PEOPLE" --log error >/dev/null; t1=$(date +%s.%N)
printf "seeded in %.1f s\n" "$(echo "$t1 - $t0" | bc)"

ports=()
for i in 1 2 3; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ENJEU_PORT=$port $BIN serve --log error >"$DATA/instance$i.log" 2>&1 & INSTANCES+=($!)
  ports+=("$port")
done
# The first to start migrates what the seeding build did not (one at a time: App/Migrating.swift); the others wait.
for i in 0 1 2; do
  until curl -fs "http://127.0.0.1:${ports[$i]}/healthz" >/dev/null; do
    kill -0 "${INSTANCES[$i]}" 2>/dev/null || { echo "instance $((i + 1)) stopped:" >&2; tail "$DATA/instance$((i + 1)).log" >&2; exit 1; }
    sleep 0.1
  done
done

NGX=$DATA/nginx; mkdir -p "$NGX/temp"; chmod 755 "$DATA" "$NGX"; chmod 777 "$NGX/temp"
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
upstreams=$(for port in "${ports[@]}"; do echo "    server 127.0.0.1:$port;"; done)
cat >"$NGX/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $NGX/temp/body; proxy_temp_path $NGX/temp/proxy; fastcgi_temp_path $NGX/temp/fastcgi;
  uwsgi_temp_path $NGX/temp/uwsgi; scgi_temp_path $NGX/temp/scgi;
  upstream enjeu {
$upstreams
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    location / { proxy_pass http://enjeu; }
    # Live events (Social/LiveEvents.swift): each message goes out as it is written, and a quiet stream stays open
    # between heartbeats.
    location ~ ^(/api/v1)?/events\$ {
      proxy_pass http://enjeu;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" & NGINX=$!
B="http://127.0.0.1:$NGINX_PORT"   # demo_cookie and the measures below go through nginx
for _ in $(seq 100); do curl -fs "$B/healthz" >/dev/null && break; sleep 0.05; done
curl -fs "$B/healthz" >/dev/null || { echo "nginx did not start:" >&2; cat "$NGX/error.log" >&2; exit 1; }

COOKIE=$(demo_cookie camille)
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$B/me/account")" = 200 ] || { echo "signing in through nginx failed" >&2; exit 1; }
# An event stream through nginx delivers its first bytes at once (not held in a buffer).
opened=$(curl -sN -m 2 -H "$COOKIE" "$B/events" 2>/dev/null | head -c 40 || true)
[[ "$opened" == *": open"* ]] || { echo "the event stream did not open through nginx (got: $opened)" >&2; exit 1; }

C=/communities/tisserands-du-rhone
pages=(/healthz "$C" "$C/members" "$C/code" "$C/feed" /notifications "/catalogue?q=tissage")
for path in "${pages[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$B$path")
  [ "$code" = 200 ] || { echo "$path answers $code signed in through nginx" >&2; exit 1; }
done
declare -A RPS P99
for round in $(seq "$ROUNDS"); do
  for path in "${pages[@]}"; do
    out=$(wrk -t2 -c64 -d"$DURATION" --latency -H "$COOKIE" "$B$path")
    RPS[$path]+="$(echo "$out" | awk '/Requests\/sec/ {print $2}') "
    P99[$path]+="$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')") "
    if echo "$out" | grep -q "Non-2xx"; then echo "$path: $(echo "$out" | grep Non-2xx)" >&2; fi
  done
done
base=$(echo "${RPS[/healthz]}" | median)
echo "median of $ROUNDS interleaved rounds of $DURATION, 64 connections through nginx to 3 instances," \
     "PostgreSQL${PGB_DIR:+ through PgBouncer (transaction pooling)}, $COMMUNITIES communities, $PEOPLE people, signed in"
printf "%-50s %9s %9s %6s\n" page "req/s" "p99 ms" share
for path in "${pages[@]}"; do
  r=$(echo "${RPS[$path]}" | median); p=$(echo "${P99[$path]}" | median)
  printf "%-50s %9s %9s %6s\n" "$path" "$r" "$p" "$(echo "scale=2; $r / $base" | bc)"
done
for i in 0 1 2; do echo "instance $((i + 1)) RSS after load: $(( $(ps -o rss= -p "${INSTANCES[$i]}") / 1024 )) MiB"; done
