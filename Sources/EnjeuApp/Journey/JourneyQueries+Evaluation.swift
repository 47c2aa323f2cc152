import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of evaluation (maintained sums), recognition and retrospectives.
extension JourneyQueries {
    // MARK: Evaluation

    struct AggregateRow: Decodable, Sendable {
        let selfAssessed: Bool, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        enum CodingKeys: String, CodingKey { case n, material, consciousness, mastery, maturity, selfAssessed = "self" }
        var aggregate: ScoreAggregate { ScoreAggregate(count: n, sums: [material, consciousness, mastery, maturity]) }
    }

    /// Self- and peer-assessment sums of one subject (`cycle` subject = the community's whole cycle).
    func aggregates(_ community: UUID, kind: AggregateKind, subject: UUID, cycle: Int?) async throws -> (own: ScoreAggregate, peers: ScoreAggregate) {
        var q: SQLQueryString = """
            SELECT self, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(material) AS BIGINT) AS material, CAST(SUM(consciousness) AS BIGINT) AS consciousness,
              CAST(SUM(mastery) AS BIGINT) AS mastery, CAST(SUM(maturity) AS BIGINT) AS maturity
            FROM journey_aggregates WHERE community_id = \(bind: community) AND subject_kind = \(bind: kind.rawValue) AND subject_id = \(bind: subject)
            """
        if let cycle { q.appendLiteral(" AND cycle = \(cycle)") }
        q.appendLiteral(" GROUP BY self")
        let rows = try await db.rows(q, as: AggregateRow.self)
        return (rows.first { $0.selfAssessed }?.aggregate ?? ScoreAggregate(), rows.first { !$0.selfAssessed }?.aggregate ?? ScoreAggregate())
    }

    /// The same as the figures a page shows.
    func figures(_ community: UUID, kind: AggregateKind, subject: UUID) async throws -> JourneyFigures {
        let (own, peers) = try await aggregates(community, kind: kind, subject: subject, cycle: nil)
        return JourneyFigures(own: own, peers: peers)
    }

    struct CycleAggregate: Decodable, Sendable {
        let cycle: Int, selfAssessed: Bool, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        enum CodingKeys: String, CodingKey { case cycle, n, material, consciousness, mastery, maturity, selfAssessed = "self" }
        var aggregate: ScoreAggregate { ScoreAggregate(count: n, sums: [material, consciousness, mastery, maturity]) }
    }

    /// The actions' sums per cycle (members' assessments are read apart, through `memberRelease`).
    func cycleAggregates(_ community: UUID) async throws -> [CycleAggregate] {
        try await db.rows("""
            SELECT cycle, self, n, material, consciousness, mastery, maturity FROM journey_aggregates
            WHERE community_id = \(bind: community) AND subject_kind = \(literal: AggregateKind.cycle.rawValue) AND subject_id = \(bind: community)
            ORDER BY cycle
            """, as: CycleAggregate.self)
    }

    private struct CellRow: Decodable {
        let cycle: Int, selfAssessed: Bool, subjects: Int, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        enum CodingKeys: String, CodingKey { case cycle, subjects, n, material, consciousness, mastery, maturity, selfAssessed = "self" }
    }

    /// Members' assessments per cycle and kind, with how many members each covers, filtered by `EvaluationRelease`:
    /// only cells of closed cycles with at least three assessed members reach the community's figures.
    func memberRelease(_ community: UUID, cycle: Int?) async throws -> EvaluationRelease {
        let open = try await journey(community)?.cycle ?? 1
        // One row per member, cycle and kind (unique index), so COUNT(*) counts distinct members.
        var q: SQLQueryString = """
            SELECT cycle, self, COUNT(*) AS subjects, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(material) AS BIGINT) AS material,
              CAST(SUM(consciousness) AS BIGINT) AS consciousness, CAST(SUM(mastery) AS BIGINT) AS mastery, CAST(SUM(maturity) AS BIGINT) AS maturity
            FROM journey_aggregates WHERE community_id = \(bind: community) AND subject_kind = \(literal: AggregateKind.member.rawValue) AND n > 0
            """
        if let cycle { q.appendLiteral(" AND cycle = \(cycle)") }
        q.appendLiteral(" GROUP BY cycle, self")
        let cells = try await db.rows(q, as: CellRow.self).map {
            MemberCell(cycle: $0.cycle, selfAssessed: $0.selfAssessed, subjects: $0.subjects,
                       aggregate: ScoreAggregate(count: $0.n, sums: [$0.material, $0.consciousness, $0.mastery, $0.maturity]))
        }
        return EvaluationRelease(cells, openCycle: open)
    }

    /// The community's evaluation of one cycle (or all): actions, plus the members' assessments `EvaluationRelease`
    /// publishes; `partial` when some are left out.
    func communityEvaluation(_ community: UUID, cycle: Int?) async throws -> (own: ScoreAggregate, peers: ScoreAggregate, partial: Bool) {
        let actions = try await aggregates(community, kind: .cycle, subject: community, cycle: cycle)
        let release = try await memberRelease(community, cycle: cycle)
        let members = release.members(cycle: cycle)
        return (actions.own + members.own, actions.peers + members.peers, release.withholds(cycle: cycle))
    }

    // MARK: Recognition

    func recognitions(_ community: UUID, cycle: Int?, after: String?, limit: Int = 50) async throws -> KeysetPage<JourneyRecognition> {
        var q: SQLQueryString = """
            SELECT r.id, r.cycle, u.handle AS from_handle, u.display_name AS from_name, r.to_kind, r.to_id, t.handle AS to_handle, r.to_label,
              r.message, r.criteria, r.created_at
            FROM journey_recognitions r JOIN users u ON u.id = r.from_id
              LEFT JOIN users t ON t.id = r.to_id AND r.to_kind = \(literal: JourneySubjectKind.member.rawValue)
            WHERE r.community_id = \(bind: community)
            """
        if let cycle { q.appendLiteral(" AND r.cycle = \(cycle)") }
        if let id = try Cursor.after(after)?.id { q.appendLiteral(" AND r.id < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY r.id DESC LIMIT \(limit + 1)")
        return KeysetPage(rows: try await db.rows(q, as: JourneyRecognition.self), size: limit) { $0.id }
    }

    /// Individual (a person) against collective (a team or the whole community) recognition, per cycle.
    func recognitionBalance(_ community: UUID) async throws -> [RecognitionBalance] {
        let member = JourneySubjectKind.member.rawValue
        return try await db.rows("""
            SELECT cycle, CAST(SUM(CASE WHEN to_kind = \(literal: member) THEN 1 ELSE 0 END) AS BIGINT) AS individual,
              CAST(SUM(CASE WHEN to_kind = \(literal: member) THEN 0 ELSE 1 END) AS BIGINT) AS collective
            FROM journey_recognitions WHERE community_id = \(bind: community) GROUP BY cycle ORDER BY cycle
            """, as: RecognitionBalance.self)
    }

    // MARK: Retrospectives

    func retrospectives(_ community: UUID, cycle: Int) async throws -> [JourneyRetrospective] {
        try await db.rows("""
            SELECT r.id, r.worked, r.did_not, r.change, r.amendment_id, m.status AS amendment_status, u.handle, r.created_at
            FROM journey_retrospectives r JOIN users u ON u.id = r.author_id LEFT JOIN amendments m ON m.id = r.amendment_id
            WHERE r.community_id = \(bind: community) AND r.cycle = \(bind: cycle) ORDER BY r.id DESC LIMIT 100
            """, as: JourneyRetrospective.self)
    }
}
