#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 in a temporary directory and prints its URL.
# Usage: eval "$(bash scripts/pg-throwaway.sh)"   → sets ENJEU_PG_URL, ENJEU_PG_DIR, ENJEU_PG_BIN
# Stop it with: bash scripts/pg-throwaway.sh stop "$ENJEU_PG_DIR"
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then
  as_pg "$bin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi
dir=$(mktemp -d /tmp/enjeu-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=1000" start >/dev/null
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres enjeu >/dev/null
echo "export ENJEU_PG_URL=postgres://postgres@127.0.0.1:$port/enjeu ENJEU_PG_DIR=$dir ENJEU_PG_BIN=$bin"
