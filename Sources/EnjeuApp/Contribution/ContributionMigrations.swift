import Fluent
import SQLKit

/// A member's contribution page reads each of its lists newest first from one index: their amendments, values,
/// ledger entries on either side, referrals, recognitions and endorsements given and received (their actions come
/// through `participants_by_user`).
struct M038MemberContributionIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("amendments_by_author", "amendments", ["community_id", "author_id", "id"]),
        ("contributions_by_user", "figure_contributions", ["community_id", "user_id", "id"]),
        ("flows_by_from", "flows", ["community_id", "from_key", "id"]),
        ("flows_by_to", "flows", ["community_id", "to_key", "id"]),
        ("referrals_by_referrer", "referrals", ["community_id", "referrer_id", "id"]),
        ("recognitions_by_giver", "journey_recognitions", ["community_id", "from_id", "id"]),
        ("recognitions_by_receiver", "journey_recognitions", ["community_id", "to_id", "id"]),
        ("endorsements_by_giver", "endorsements", ["community_id", "from_id", "id"]),
        ("endorsements_by_receiver", "endorsements", ["community_id", "to_id", "id"]),
    ]

    func prepare(on db: any Database) async throws {
        for i in Self.indexes { try await db.createIndex(i.name, on: i.table, i.columns) }
    }

    func revert(on db: any Database) async throws {
        for i in Self.indexes { try await sql(db).raw("DROP INDEX IF EXISTS \(unsafeRaw: i.name)").run() }
    }
}

/// Whether a person shows a summary of their contributions on their profile: off until they choose.
struct M039AddContributionSummarySetting: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "users", .bool("show_contributions", default: false))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: "users", "show_contributions")
    }
}

/// A member's actions are read from their participations in action order: `(user_id, action_id)` holds both, so the
/// contribution page's list stops after a page and its scores read no participant row (measured with 1,100
/// participations among 2,000 actions of a community, SQLite: the list 5 ms → 0.15 ms, its order had come from scanning
/// every action of the community). It replaces `participants_by_user (user_id)`, its prefix.
struct M046aContributionParticipations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.createIndex("participants_by_user_action", on: "journey_participants", ["user_id", "action_id"])
        try await sql(db).raw("DROP INDEX IF EXISTS participants_by_user").run()
    }

    func revert(on db: any Database) async throws {
        try await db.createIndex("participants_by_user", on: "journey_participants", ["user_id"])
        try await sql(db).raw("DROP INDEX IF EXISTS participants_by_user_action").run()
    }
}
