import Fluent

/// When each session was last used, for the account page (« dernière activité »); written at most every
/// `Session.lastSeenStep` per session, so the column costs no write per request.
struct M025AddSessionLastSeen: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Session.schema, .time(optional: "last_seen_at"))
    }

    func revert(on db: any Database) async throws { try await db.dropColumns(from: Session.schema, "last_seen_at") }
}
