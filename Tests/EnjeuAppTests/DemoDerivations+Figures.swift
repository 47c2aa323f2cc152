import Foundation
import Testing
import Vapor
import SQLKit
import Fluent
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

extension DemoDerivations {
    private struct Contribution: Decodable, Sendable {
        let id: UUID, communityId: UUID, userId: UUID, value: Double, source: String, sourceKind: String, observedOn: String, comment: String
        let createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, value, source, comment
            case communityId = "community_id", userId = "user_id", sourceKind = "source_kind", observedOn = "observed_on", createdAt = "created_at"
        }
    }

    /// What the services derive from an indicator's values: its estimate, each value's marks and credit, the ledger, the
    /// history, the values as relearning reads them.
    private static func derived(_ db: any Database, _ indicator: UUID) async throws -> [[String]] {
        return [
            try await snapshot(db, "indicators WHERE id = \(literalID(db, indicator))",
                               [("est_kind", .text), ("est_value", .double), ("est_low", .double), ("est_high", .double), ("est_contributors", .int),
                                ("est_sources", .int), ("est_outliers", .text), ("est_at", .date)]),
            try await snapshot(db, "figure_contributions WHERE indicator_id = \(literalID(db, indicator))",
                               [("id", .uuid), ("status", .text), ("credit_state", .text), ("credited", .double), ("outlier", .bool),
                                ("consensus_at_entry", .optionalDouble)]),
            try await snapshot(db, "credit_entries WHERE indicator_id = \(literalID(db, indicator))",
                               [("user_id", .uuid), ("kind", .text), ("amount", .double), ("at", .date), ("contribution_id", .uuid), ("dedupe", .text)]),
            try await snapshot(db, "figure_estimate_history WHERE indicator_id = \(literalID(db, indicator))",
                               [("at", .date), ("kind", .text), ("value", .double), ("low", .double), ("high", .double), ("contributors", .int)]),
            try await snapshot(db, "figure_claims WHERE indicator_id = \(literalID(db, indicator))", [("community_id", .uuid), ("claims", .text)]),
        ]
    }

    /// An id as a literal (the snapshot takes plain SQL): both databases read the text form.
    private static func literalID(_ db: any Database, _ id: UUID) -> String { "'\(id.uuidString)'" }

    /// Every synthetic indicator (and the weavers' bench) emptied of its values, which then arrive again one by one, as
    /// `FiguresService.contribute` writes them, each followed by the service's own recomputation: the same estimate,
    /// marks, credits and history as the bulk load wrote.
    static func figuresReplayed(_ app: Application) async throws {
        struct I: Decodable { let id: UUID }
        let indicators = try await app.db.rows("""
            SELECT i.id FROM indicators i JOIN communities c ON c.id = i.community_id
            WHERE c.slug LIKE 'bench-%' OR i.name = 'Prix du mètre de lin (banc d''essai)' OR i.name LIKE '%(banc d''essai de contribution)'
            ORDER BY i.id
            """, as: I.self).map(\.id)
        #expect(indicators.count == DemoBulkTests.communities * DemoCommand.cityIndicators.count + 1 + DemoBulkTests.contributor)
        var credited = 0
        for indicator in indicators {
            let before = try await derived(app.db, indicator)
            credited += before[2].count
            let values = try await app.db.rows("""
                SELECT id, community_id, user_id, value, source, source_kind, observed_on, comment, created_at FROM figure_contributions
                WHERE indicator_id = \(bind: indicator) ORDER BY id
                """, as: Contribution.self)
            try await app.write(on: app.db) { db in
                for table in ["credit_entries", "figure_estimate_history", "figure_contributions"] {
                    try await sql(db).raw("DELETE FROM \(unsafeRaw: table) WHERE indicator_id = \(bind: indicator)").run()
                }
                try await sql(db).raw("""
                    UPDATE indicators SET est_kind = 'none', est_value = 0, est_low = 0, est_high = 0, est_contributors = 0, est_sources = 0,
                      est_outliers = '[]', est_at = NULL WHERE id = \(bind: indicator)
                    """).run()
            }
            for c in values {
                try await app.write(on: app.db) { db in
                    struct Est: Decodable { let estKind: String; let estValue: Double
                        enum CodingKeys: String, CodingKey { case estKind = "est_kind", estValue = "est_value" } }
                    let est = try await db.row("SELECT est_kind, est_value FROM indicators WHERE id = \(bind: indicator)", as: Est.self)
                    let consensus: Double? = est?.estKind == FigureEstimate.Kind.none.rawValue ? nil : est?.estValue
                    try await sql(db).raw("""
                        INSERT INTO figure_contributions (id, community_id, indicator_id, user_id, value, source, source_kind, observed_on,
                          comment, status, credit_state, credited, outlier, consensus_at_entry, created_at)
                        VALUES (\(bind: c.id), \(bind: c.communityId), \(bind: indicator), \(bind: c.userId), \(bind: c.value), \(bind: c.source),
                          \(bind: c.sourceKind), \(bind: c.observedOn), \(bind: c.comment), 'current', 'escrow', 0, \(bind: false), \(bind: consensus),
                          \(bind: c.createdAt))
                        """).run()
                    try await FiguresService(app.context()).recompute(db, indicatorID: indicator, now: c.createdAt)
                }
            }
            let after = try await derived(app.db, indicator)
            let same = after == before
            #expect(same, "indicator \(indicator): \(zip(before, after).map { Set($0).symmetricDifference($1).sorted().prefix(2) })")
        }
        #expect(credited > 100, "values were corroborated and credited")
    }

    /// The synthetic rows that name nothing of the story's (whose ids are random), in one string.
    static func digest(_ app: Application) async throws -> String {
        let bench = "(SELECT id FROM communities WHERE slug LIKE 'bench-%')"
        var out: [String] = []
        out += try await snapshot(app.db, "users WHERE email LIKE '%@bench.enjeu.local'",
                                  [("id", .uuid), ("handle", .text), ("values_held", .text), ("skills", .text), ("created_at", .date)], orderBy: "id")
        out += try await snapshot(app.db, "communities WHERE slug LIKE 'bench-%'", [("id", .uuid), ("slug", .text), ("name", .text), ("member_count", .int)],
                                  orderBy: "id")
        out += try await snapshot(app.db, "memberships WHERE community_id IN \(bench)", [("id", .uuid), ("user_id", .uuid), ("role", .text)], orderBy: "id")
        out += try await snapshot(app.db, "posts WHERE community_id IN \(bench)", [("id", .uuid), ("author_id", .uuid), ("body", .text), ("created_at", .date)],
                                  orderBy: "id")
        out += try await snapshot(app.db, "offers WHERE community_id IN \(bench)", [("id", .uuid), ("title", .text), ("folded", .text)], orderBy: "id")
        out += try await snapshot(app.db, "flows WHERE community_id IN \(bench)",
                                  [("id", .uuid), ("from_key", .text), ("to_key", .text), ("quantity", .optionalDouble), ("status", .text), ("date", .text)],
                                  orderBy: "id")
        out += try await snapshot(app.db, "figure_contributions WHERE community_id IN \(bench)",
                                  [("id", .uuid), ("user_id", .uuid), ("value", .double), ("credit_state", .text), ("credited", .double)], orderBy: "id")
        // The contributor's (`--contributor`), in the weavers' community.
        let contributor = "(SELECT id FROM users WHERE handle = '\(DemoScale.handle(DemoCommand.contributor))')"
        out += try await snapshot(app.db, "flows WHERE recorded_by = \(contributor)",
                                  [("id", .uuid), ("from_key", .text), ("to_key", .text), ("quantity", .optionalDouble), ("date", .text)], orderBy: "id")
        out += try await snapshot(app.db, "journey_participants WHERE user_id = \(contributor)", [("id", .uuid), ("action_id", .uuid)], orderBy: "id")
        out += try await snapshot(app.db, "figure_contributions WHERE user_id = \(contributor)",
                                  [("id", .uuid), ("indicator_id", .uuid), ("value", .double), ("credit_state", .text)], orderBy: "id")
        return out.joined(separator: "\n")
    }
}
