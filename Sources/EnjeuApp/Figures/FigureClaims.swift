import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// Each indicator's current values as relearning reads them, kept beside it (`figure_claims`): one text per indicator,
/// `user value,user value…`, sorted by user so that whoever writes it writes the same. Relearning a programme then reads
/// 5,000 rows instead of 1,000,000 values: a driver's row costs microseconds whatever it holds, and grouping the values
/// in the database cost 2.4 s of CPU per million on SQLite (turning each double into text, most of it).
/// Written by the one place where an indicator's values change meaning (its recompute, in the same transaction), and by
/// what moves values without recomputing them: a merge (the merged indicator's values leave it), an account's deletion
/// (its values pass to the community's departed member).
enum FigureClaims {
    struct Claim: Sendable { let user: UUID, value: Double }

    /// The stored form; `Double.description` is the shortest text that reads back as the same double.
    static func text(_ claims: [Claim]) -> String {
        claims.map { ($0.user.uuidString, $0.value) }.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1.description)" }.joined(separator: ",")
    }

    /// Replaces one indicator's claims (none: its row goes). Inside the caller's transaction.
    static func store(_ db: any Database, indicator: UUID, community: UUID, _ claims: [Claim]) async throws {
        guard !claims.isEmpty else {
            try await sql(db).raw("DELETE FROM figure_claims WHERE indicator_id = \(bind: indicator)").run()
            return
        }
        try await sql(db).raw("""
            INSERT INTO figure_claims (indicator_id, community_id, claims) VALUES (\(bind: indicator), \(bind: community), \(bind: text(claims)))
            ON CONFLICT (indicator_id) DO UPDATE SET community_id = excluded.community_id, claims = excluded.claims
            """).run()
    }

    private struct Row: Decodable {
        let indicatorId: UUID, communityId: UUID, userId: UUID?, value: Double?
        enum CodingKeys: String, CodingKey { case value, indicatorId = "indicator_id", communityId = "community_id", userId = "user_id" }
    }

    /// Writes the claims of these indicators again from their current values (all indicators when nil: a migration's
    /// fill, a test's check). 500 indicators per read, so memory stays bounded on a large instance.
    static func rebuild(_ db: any Database, indicators: [UUID]? = nil) async throws {
        struct One: Decodable { let id: UUID }
        var ids = indicators ?? []
        if indicators == nil { ids = try await db.rows("SELECT id FROM indicators ORDER BY id", as: One.self).map(\.id) }
        for chunk in ids.chunks(of: 500) {
            let rows = try await db.rows("""
                SELECT i.id AS indicator_id, i.community_id, c.user_id, c.value FROM indicators i
                  LEFT JOIN figure_contributions c ON c.indicator_id = i.id AND c.status = 'current'
                WHERE i.id IN (\(binds: chunk))
                """, as: Row.self)
            for (indicator, values) in Dictionary(grouping: rows, by: \.indicatorId) {
                let claims = values.compactMap { r in r.userId.flatMap { u in r.value.map { Claim(user: u, value: $0) } } }
                try await store(db, indicator: indicator, community: values[0].communityId, claims)
            }
        }
    }
}

/// `figure_claims`, filled from the values already given.
struct M045FigureClaims: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("figure_claims", .keyRef("indicator_id", "indicators", .cascade), .ref("community_id", "communities", .cascade),
                           .text("claims"))
        try await db.createIndex("claims_by_community", on: "figure_claims", ["community_id"])
        try await FigureClaims.rebuild(db)
    }

    func revert(on db: any Database) async throws {
        try await db.schema("figure_claims").delete()
    }
}
