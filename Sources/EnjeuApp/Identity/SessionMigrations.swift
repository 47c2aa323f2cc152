import Fluent

/// When each session was last used, for the account page (« dernière activité »); written at most every
/// `Session.lastSeenStep` per session, so the column costs no write per request.
struct M025AddSessionLastSeen: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Session.schema, .time(optional: "last_seen_at"))
    }

    func revert(on db: any Database) async throws { try await db.dropColumns(from: Session.schema, "last_seen_at") }
}

/// PostgreSQL: the session lookup that runs on every signed-in request, as a function. PL/pgSQL keeps the plan of its
/// query for the life of the server connection, so each request costs an execution instead of a parse and a plan (about
/// half of PostgreSQL's work on that query, measured with perf); nothing is kept on the client's side, so it works
/// behind PgBouncer in transaction mode. `IdentityMiddleware` calls it; SQLite runs the same query inline. A migration
/// that changes these columns of `sessions`, `users` or `notifications` makes the function again.
struct M031ViewerLookup: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard sql(db).dialect.name == "postgresql" else { return }
        try await sql(db).raw("""
            CREATE FUNCTION enjeu_viewer(token text, at timestamptz)
            RETURNS TABLE (credential uuid, user_id uuid, handle text, display_name text, lang text, last_seen_at timestamptz, unread bigint)
            LANGUAGE plpgsql STABLE AS $$
            #variable_conflict use_column
            BEGIN
              RETURN QUERY SELECT s.id, u.id, u.handle, u.display_name, u.lang, s.last_seen_at,
                (SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL AND n.in_app LIMIT 100) x)
              FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = token AND s.expires_at > at;
            END $$
            """).run()
    }

    func revert(on db: any Database) async throws {
        guard sql(db).dialect.name == "postgresql" else { return }
        try await sql(db).raw("DROP FUNCTION enjeu_viewer(text, timestamptz)").run()
    }
}
