import Fluent
import EnjeuCore
import SQLKit
import Foundation

/// Vitality (`Vitality` in EnjeuCore, Communities/VitalityQueries.swift) counts what was done over two 30-day windows:
/// each count reads one of these indexes over a range of dates. `revival_sent_at` is when a dormant community's members
/// last got a revival notice (Communities/StageService.swift).
struct M043aVitality: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("posts_by_date", "posts", ["community_id", "created_at"]),
        ("post_comments_by_date", "post_comments", ["community_id", "created_at"]),
        ("contributions_by_date", "figure_contributions", ["community_id", "created_at"]),
        ("flows_by_created", "flows", ["community_id", "created_at"]),
        ("amendment_positions_by_date", "amendment_positions", ["community_id", "created_at"]),
        ("amendments_by_decision", "amendments", ["community_id", "decided_at"]),
        ("proposals_by_decision", "journey_proposals", ["community_id", "decided_at"]),
    ]

    func prepare(on db: any Database) async throws {
        for i in Self.indexes { try await db.createIndex(i.name, on: i.table, i.columns) }
        try await db.addColumns(to: "communities", .time(optional: "revival_sent_at"))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: "communities", "revival_sent_at")
        for i in Self.indexes { try await sql(db).raw("DROP INDEX IF EXISTS \(unsafeRaw: i.name)").run() }
    }
}

/// When each journey cycle started, so a cycle's restitution reads the figures, flows and code revisions of its dates
/// (`journeys.started_at` keeps only the current cycle's). The current cycle of each journey is recorded now; an earlier
/// cycle without a row reads from the last recorded start before it (or the community's creation).
struct M043bJourneyCycles: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("journey_cycles", .id, .ref("community_id", "communities", .cascade), .int("cycle"), .time("started_at"),
                           unique: ["community_id", "cycle"])
        struct Row: Decodable { let communityId: UUID, cycle: Int, startedAt: Date
            enum CodingKeys: String, CodingKey { case cycle, communityId = "community_id", startedAt = "started_at" } }
        let rows = try await db.rows("SELECT community_id, cycle, started_at FROM journeys", as: Row.self)
        try await sql(db).insert(into: "journey_cycles", columns: ["id", "community_id", "cycle", "started_at"], rows: rows) {
            [UUID(), $0.communityId, $0.cycle, $0.startedAt]
        }
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("journey_cycles")
        try await CommunityGenerations.refresh(on: sql(db))
    }
}

/// Whether stewards read the figures free is written in the charter: a column beside the give-to-get rules, changed only
/// by adopting a charter version (Governance/CharterProposals.swift). Its default only stands for the rows that exist
/// now, which M043dCharterRules writes into their communities' current charter; new rows say false.
struct M043cStewardsReadFree: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "figure_settings", .bool("stewards_read_free", default: true))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: "figure_settings", "stewards_read_free")
    }
}

/// Each charter version records the give-to-get rules and the stewards' free reading it carries (`charters.rules`,
/// `stewards_read_free`; `Charter.write`). Stewards read free only where a charter says so: every existing community's
/// current version is written with what applied when it was migrated (stewards reading free, as before issue 18, and
/// its rules); a community created since starts without it (`FiguresService.ensureSettings` writes false).
struct M043dCharterRules: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Charter.schema, .text(optional: "rules"), .bool(optional: "stewards_read_free"))
        struct Row: Decodable { let id: UUID; let charter_version: Int }
        let r = CreditRules.standard
        for c in try await db.rows("SELECT id, charter_version FROM communities", as: Row.self) {
            try await sql(db).raw("""
                INSERT INTO figure_settings (community_id, allowance, read_cost, earn, half_life_days, dirty, stewards_read_free)
                VALUES (\(bind: c.id), \(bind: r.allowance), \(bind: r.readCost), \(bind: r.earn), \(bind: r.halfLifeDays), \(bind: false), \(bind: true))
                ON CONFLICT (community_id) DO NOTHING
                """).run()
            let s = try await FiguresQueries.settings(db, c.id)
            try await sql(db).raw("""
                UPDATE charters SET rules = \(bind: String(decoding: try JSONEncoder().encode(s.rules), as: UTF8.self)),
                  stewards_read_free = \(bind: s.stewardsReadFree)
                WHERE community_id = \(bind: c.id) AND version = \(bind: c.charter_version)
                """).run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: Charter.schema, "rules", "stewards_read_free")
    }
}
