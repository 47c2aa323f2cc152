#!/usr/bin/env bash
# Export memory benchmark (release build): one community's ledger grown to 1,000,000 flows, exported as CSV, JSON and
# ValueFlows JSON-LD, and the #CodeSocial's git history, while the server's resident memory is sampled every 20 ms.
# Budget (issue 12): the server's RSS stays under 150 MB during every export.
# Usage: bash Benchmarks/exports.sh [--postgres]   (env: FLOWS=1000000)
FLOWS=${FLOWS:-1000000}
source "$(dirname "$0")/common.sh"
$SEED_BIN demo --log error >/dev/null
SLUG=tisserands-du-rhone
# Grow the ledger by copying its flows (every column but the id) until it holds $FLOWS rows.
if [ -n "${DATABASE_URL:-}" ]; then
  psql() { "$ENJEU_PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 "$DATABASE_URL" "$@"; }
  cols=$(psql -At -c "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'flows' AND column_name <> 'id'")
  cid="(SELECT id FROM communities WHERE slug = '$SLUG')"
  have=$(psql -At -c "SELECT COUNT(*) FROM flows WHERE community_id = $cid")
  psql -c "INSERT INTO flows (id, $cols) SELECT gen_random_uuid(), $cols FROM flows CROSS JOIN generate_series(1, $(( (FLOWS - have) / have + 1 )))
           WHERE community_id = $cid AND reverses_id IS NULL"
  psql -c "ANALYZE flows"
  count=$(psql -At -c "SELECT COUNT(*) FROM flows f JOIN communities c ON c.id = f.community_id WHERE c.slug = '$SLUG'")
else
  count=$(python3 - "$DATA/enjeu.sqlite" "$SLUG" "$FLOWS" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); slug, target = sys.argv[2], int(sys.argv[3])
cols = [r[1] for r in db.execute("PRAGMA table_info(flows)") if r[1] != "id"]
# Ids are stored as UUID text, as Fluent writes them.
uuid = "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"
cid = db.execute("SELECT id FROM communities WHERE slug = ?", (slug,)).fetchone()[0]
have = db.execute("SELECT COUNT(*) FROM flows WHERE community_id = ?", (cid,)).fetchone()[0]
while have < target:
    n = min(target - have, have)
    db.execute(f"INSERT INTO flows (id, {','.join(cols)}) SELECT {uuid}, {','.join(cols)} FROM flows WHERE community_id = ? AND reverses_id IS NULL LIMIT ?", (cid, n))
    have = db.execute("SELECT COUNT(*) FROM flows WHERE community_id = ?", (cid,)).fetchone()[0]
db.commit()
print(have)
PY
)
fi
echo "ledger of $SLUG: $count flows"
start_server
COOKIE=$(demo_cookie camille)
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
printf "%-48s %12s %10s %14s %14s\n" "export" "bytes" "seconds" "RSS before MB" "RSS peak MB"
for path in "/communities/$SLUG/economy/flows.csv" "/api/v1/communities/$SLUG/flows.json" "/communities/$SLUG/economy/flows.jsonld" \
            "/communities/$SLUG/code/export.git-fast-import"; do
  before=$(rss); peak=$before
  t0=$(date +%s.%N)
  curl -fsS -H "$COOKIE" -H "Authorization: Bearer $(demo_token camille)" -o "$DATA/export.out" "$B$path" 2>"$DATA/curl.err" & pid=$!
  while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.02; done
  wait $pid || { echo "$path failed: $(curl -s -o /dev/null -w "%{http_code}" -H "$COOKIE" "$B$path")" >&2; cat "$DATA/curl.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  printf "%-48s %12s %10.1f %14.1f %14.1f\n" "$path" "$(stat -c %s "$DATA/export.out")" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "$before / 1024" | bc -l)" "$(echo "$peak / 1024" | bc -l)"
  [ "$peak" -lt $((150 * 1024)) ] || { echo "over budget: peak RSS ${peak} kB during $path (budget 150 MB)" >&2; FAILED=1; }
done
[ -z "${FAILED:-}" ] && echo "every export stayed under 150 MB"
