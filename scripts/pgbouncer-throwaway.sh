#!/usr/bin/env bash
# Starts a throwaway PgBouncer (transaction pooling) on 127.0.0.1 in front of a PostgreSQL URL, in a temporary directory
# with its own ini and userlist, and prints the URL to reach the same database through it.
# Usage: eval "$(bash scripts/pgbouncer-throwaway.sh postgres://postgres@127.0.0.1:5432/enjeu)"
#          → sets ENJEU_PGB_URL, ENJEU_PGB_DIR        (env: PGB_POOL_SIZE=20 server connections per database)
# Stop it with: bash scripts/pgbouncer-throwaway.sh stop "$ENJEU_PGB_DIR"
# The PostgreSQL must trust 127.0.0.1 (as scripts/pg-throwaway.sh's does): PgBouncer is given no password.
set -euo pipefail
export PATH=$PATH:/usr/sbin   # Debian installs pgbouncer there
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }  # PgBouncer refuses to run as root
if [ "${1:-}" = stop ]; then
  [ -f "$2/pid" ] && kill "$(cat "$2/pid")" 2>/dev/null || true
  for _ in $(seq 50); do [ -f "$2/pid" ] || break; sleep 0.1; done
  rm -rf "$2"
  exit 0
fi
url=${1:?usage: pgbouncer-throwaway.sh postgres://user@host:port/db}
command -v pgbouncer >/dev/null || { echo "pgbouncer is missing (apt-get install pgbouncer)" >&2; exit 1; }
rest=${url#*://}; userinfo=${rest%%@*}; user=${userinfo%%:*}; hostport=${rest#*@}; hostport=${hostport%%/*}; db=${rest##*/}
host=${hostport%:*}; port=${hostport##*:}
dir=$(mktemp -d /tmp/enjeu-pgb.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
listen=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "\"$user\" \"\"" >"$dir/userlist.txt"
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$host port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = ${PGB_POOL_SIZE:-20}
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits
logfile = $dir/log
pidfile = $dir/pid
EOF
[ "$(id -u)" = 0 ] && chown postgres "$dir"/*
as_pg pgbouncer -d -q "$dir/pgbouncer.ini"
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$listen),0.2)" 2>/dev/null && break
  sleep 0.05
done
[ -f "$dir/pid" ] || { echo "PgBouncer did not start:" >&2; cat "$dir/log" >&2; exit 1; }
echo "export ENJEU_PGB_URL=postgres://$user@127.0.0.1:$listen/$db ENJEU_PGB_DIR=$dir"
