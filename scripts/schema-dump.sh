#!/usr/bin/env bash
# Prints the schema a fresh install gets from an enjeu binary, normalised so that two builds can be diffed:
# the database's own dump, then every statement the migrations ran (in order, under the migration that ran it,
# taken from the debug log), then the names recorded in _fluent_migrations.
# Usage: bash scripts/schema-dump.sh [--from <older-binary>] <enjeu-binary>                      → SQLite (sqlite3 .schema)
#        bash scripts/schema-dump.sh [--from <older-binary>] <enjeu-binary> postgres://…/any-db  → PostgreSQL (pg_dump):
#          a database of its own is created on that server for the run and dropped afterwards.
# --from: the older binary migrates first, then this one: the schema an existing install upgrades to.
# Compare two builds: diff <(bash scripts/schema-dump.sh old-enjeu) <(bash scripts/schema-dump.sh .build/debug/enjeu)
# Upgrade = fresh install: diff <(bash scripts/schema-dump.sh --from old-enjeu new-enjeu) <(bash scripts/schema-dump.sh new-enjeu)
set -euo pipefail
usage="usage: schema-dump.sh [--from <older-binary>] <enjeu-binary> [postgres-url]"
bins=()
if [ "${1:-}" = --from ]; then bins+=("$(realpath "${2:?$usage}")"); shift 2; fi
bins+=("$(realpath "${1:?$usage}")")
server=${2:-}
work=$(mktemp -d /tmp/enjeu-schema.XXXXXX)
cleanup() {
  [ -z "${fresh_url:-}" ] || psql "$server" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db_name" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# `migrate` after configure's own auto-migration: the schema is complete and the command has nothing left to ask.
# The JSON debug log holds each statement on one line, multi-line SQL included; each binary's run appends to it.
migrate() {
  for bin in "${bins[@]}"; do
    (cd "$work" && env -u DATABASE_URL ENJEU_JOBS=0 ENJEU_LOG_FORMAT=json LOG_LEVEL=debug "$@" "$bin" migrate) \
      > "$work/run.log" 2>&1 || { cat "$work/run.log" >&2; exit 1; }
    cat "$work/run.log" >> "$work/migrate.log"
  done
}

# The statements each migration sent (binds included); Fluent's bookkeeping (ids, times) and what runs after boot left out.
statements() {
  echo "-- statements"
  python3 -c '
import json, sys
inside = False
for line in open(sys.argv[1]):
    try: entry = json.loads(line)
    except ValueError: continue
    message = entry.get("msg")
    if message == "[Migrator] Starting prepare": print("## " + entry["migration"])
    if message in ("[Migrator] Starting prepare", "[Migrator] Finished prepare"): inside = message.startswith("[Migrator] Starting")
    elif inside and message == "Executing query" and "_fluent_migrations" not in entry["sql"]:
        print(entry["sql"] + ("" if entry.get("binds") == "[]" else "  -- binds: " + entry["binds"]))
' "$work/migrate.log"
}

if [ -z "$server" ]; then
  command -v sqlite3 >/dev/null || { echo "sqlite3 missing (apt-get install sqlite3)" >&2; exit 1; }
  migrate ENJEU_DATA_DIR="$work/data"
  sqlite3 "$work/data/enjeu.sqlite" .schema
  statements
  echo "-- migrations"
  sqlite3 "$work/data/enjeu.sqlite" "SELECT name FROM _fluent_migrations ORDER BY rowid"
else
  command -v pg_dump >/dev/null || { echo "pg_dump missing (apt-get install postgresql-client)" >&2; exit 1; }
  db_name="enjeu_schema_$$"
  psql "$server" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db_name" >/dev/null
  fresh_url="${server%/*}/$db_name"
  migrate DATABASE_URL="$fresh_url"
  # Comments, blank lines and the \restrict guard (a random key per run) are not the schema.
  pg_dump --schema-only --no-owner --no-privileges "$fresh_url" | grep -v -e '^--' -e '^$' -e '^\\restrict ' -e '^\\unrestrict '
  statements
  echo "-- migrations"
  psql "$fresh_url" -At -c "SELECT name FROM _fluent_migrations ORDER BY created_at, name"
fi
