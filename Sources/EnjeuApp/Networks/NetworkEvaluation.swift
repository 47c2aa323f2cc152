import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The network's four-criteria evaluation: each contributing member's published totals, as its own evaluation page
/// computes them (actions, plus the members' assessments `EvaluationRelease` publishes), summed over the members; in
/// three queries whatever the number of members.
extension NetworkQueries {
    private struct Sums: Decodable {
        let communityId: UUID, cycle: Int, selfAssessed: Bool, subjects: Int, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        enum CodingKeys: String, CodingKey {
            case cycle, subjects, n, material, consciousness, mastery, maturity, communityId = "community_id", selfAssessed = "self"
        }
        var aggregate: ScoreAggregate { ScoreAggregate(count: n, sums: [material, consciousness, mastery, maturity]) }
    }

    private struct OpenCycle: Decodable {
        let communityId: UUID, cycle: Int
        enum CodingKeys: String, CodingKey { case cycle, communityId = "community_id" }
    }

    func evaluation() async throws -> NetworkEvaluation {
        let giving = contributing(.evaluation), idList = ids(giving)
        guard !giving.isEmpty else { return Self.network([:], contributors: 0) }
        // Per community, cycle and kind: the actions' sums (subject = the community's cycle), and the members'
        // assessments with how many members each cell covers (one row per member, cycle and kind).
        func sums(_ kind: AggregateKind, subjects: SQLQueryString, _ extra: SQLQueryString) -> SQLQueryString {
            """
            SELECT community_id, cycle, self, \(subjects) AS subjects, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(material) AS BIGINT) AS material,
              CAST(SUM(consciousness) AS BIGINT) AS consciousness, CAST(SUM(mastery) AS BIGINT) AS mastery, CAST(SUM(maturity) AS BIGINT) AS maturity
            FROM journey_aggregates WHERE community_id IN (\(idList)) AND subject_kind = \(literal: kind.rawValue)\(extra)
            GROUP BY community_id, cycle, self
            """
        }
        async let actionRows = ctx.db.rows(sums(.cycle, subjects: "0", " AND subject_id = community_id"), as: Sums.self)
        async let cellRows = ctx.db.rows(sums(.member, subjects: "COUNT(*)", " AND n > 0"), as: Sums.self)
        async let openRows = ctx.db.rows("SELECT community_id, cycle FROM journeys WHERE community_id IN (\(idList))", as: OpenCycle.self)
        let (actions, cells, open) = try await (actionRows, cellRows, openRows)
        let openCycle = Dictionary(open.map { ($0.communityId, $0.cycle) }, uniquingKeysWith: max)

        var totals: [UUID: (own: ScoreAggregate, peers: ScoreAggregate)] = [:]
        for a in actions {
            var t = totals[a.communityId] ?? (ScoreAggregate(), ScoreAggregate())
            if a.selfAssessed { t.own = t.own + a.aggregate } else { t.peers = t.peers + a.aggregate }
            totals[a.communityId] = t
        }
        for (community, rows) in Dictionary(grouping: cells, by: \.communityId) {
            let release = EvaluationRelease(rows.map { MemberCell(cycle: $0.cycle, selfAssessed: $0.selfAssessed, subjects: $0.subjects,
                                                                  aggregate: $0.aggregate) },
                                            openCycle: openCycle[community] ?? 1)
            let members = release.members(cycle: nil)
            let t = totals[community] ?? (ScoreAggregate(), ScoreAggregate())
            totals[community] = (t.own + members.own, t.peers + members.peers)
        }
        return Self.network(totals, contributors: giving.count)
    }

    /// Each total rests on the member communities with something in it; fewer than `minimumSubjects`, it is withheld.
    static func network(_ totals: [UUID: (own: ScoreAggregate, peers: ScoreAggregate)], contributors: Int) -> NetworkEvaluation {
        func total(_ part: [ScoreAggregate]) -> NetworkTotal {
            let resting = part.filter { $0.count > 0 }
            guard resting.count >= EvaluationRelease.minimumSubjects else { return NetworkTotal(members: resting.count, total: nil) }
            return NetworkTotal(members: resting.count, total: resting.reduce(ScoreAggregate(), +))
        }
        return NetworkEvaluation(contributors: contributors, own: total(totals.values.map(\.own)), peers: total(totals.values.map(\.peers)))
    }
}
