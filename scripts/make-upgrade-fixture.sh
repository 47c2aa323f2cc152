#!/usr/bin/env bash
# Writes Tests/Fixtures/upgrade/<last migration>.sqlite: the French demo world in this release's schema, compacted.
# UpgradeTests migrates every fixture in that folder with the current code and checks every row is intact.
# Run it at each release (before the release's first new migration lands) and keep the earlier fixtures:
# each one is a database some install may still hold.
# Usage: bash scripts/make-upgrade-fixture.sh [enjeu-binary]   (default: builds and uses .build/debug/enjeu)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${1:-}" ]; then bin=$(realpath "$1"); else swift build --product enjeu >&2; bin=$PWD/.build/debug/enjeu; fi
command -v sqlite3 >/dev/null || { echo "make-upgrade-fixture.sh needs the sqlite3 command (Debian: apt-get install sqlite3)" >&2; exit 1; }
work=$(mktemp -d /tmp/enjeu-fixture.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The demo fills every feature's tables; no synthetic scale, so the fixture stays small. Jobs off: nothing else writes.
(cd "$work" && env -u DATABASE_URL ENJEU_DATA_DIR="$work/data" ENJEU_JOBS=0 ENJEU_BCRYPT_COST=4 "$bin" demo --lang fr) > "$work/demo.log" 2>&1 \
  || { cat "$work/demo.log" >&2; exit 1; }
last=$(sqlite3 "$work/data/enjeu.sqlite" "SELECT name FROM _fluent_migrations ORDER BY batch DESC, created_at DESC, name DESC LIMIT 1")
out=Tests/Fixtures/upgrade/${last#EnjeuApp.}.sqlite
mkdir -p "$(dirname "$out")"
rm -f "$out"
# One file, WAL folded in, free pages dropped.
sqlite3 "$work/data/enjeu.sqlite" "VACUUM INTO '$out'"
echo "$out: $(du -h "$out" | cut -f1), $(sqlite3 "$out" "SELECT COUNT(*) FROM users") people, schema up to $last"
