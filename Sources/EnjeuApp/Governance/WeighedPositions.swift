import Fluent
import SQLKit
import EnjeuCore

/// A credibility rule may weigh positions by credibility, up to a cap (`PositionWeight`).
struct M057WeighedPositions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "credibility_rules", .bool("weigh_positions", default: false),
                                .double("weight_cap", default: PositionWeight.defaultCap))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: "credibility_rules", "weight_cap", "weigh_positions")
    }
}

/// Positions as a decision counts them: each a stance and, when the community's credibility rule weighs positions, its
/// author's overall credibility clamped by the rule's cap (`PositionWeight`). The rule and the scores are joined to the
/// positions' query, so weighing costs a decision no query more.
struct WeighedPositions: Sendable {
    let positions: [CountedPosition], weighted: Bool

    /// `positions`: a query selecting `stance` and `user_id`, one row per counted position.
    static func read(_ db: any Database, community: UUID, _ positions: SQLQueryString) async throws -> WeighedPositions {
        struct Row: Decodable {
            let stance: Stance, score: Double?, weighPositions: Bool?, weightCap: Double?
            enum CodingKeys: String, CodingKey { case stance, score, weighPositions = "weigh_positions", weightCap = "weight_cap" }
        }
        var query = SQLQueryString("SELECT x.stance, s.score, r.weigh_positions, r.weight_cap FROM (")
        query.appendInterpolation(positions)
        query.appendLiteral(") x LEFT JOIN credibility_rules r ON r.community_id = ")
        query.appendInterpolation(bind: community)
        query.appendLiteral(" AND r.weigh_positions LEFT JOIN credibility_scores s ON s.community_id = r.community_id AND s.user_id = x.user_id AND s.topic_key = ''")
        let rows = try await db.rows(query, as: Row.self)
        let weighted = rows.contains { $0.weighPositions == true }
        return WeighedPositions(positions: rows.map { r in
            CountedPosition(r.stance, weight: weighted ? PositionWeight.weight(credibility: r.score, cap: r.weightCap ?? PositionWeight.defaultCap) : 1)
        }, weighted: weighted)
    }
}
