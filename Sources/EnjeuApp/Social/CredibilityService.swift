import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Credibility is computed in the background (never on a page request): reads the community's active members,
/// endorsements between them and their verified results, runs `Credibility.compute` (pure, in the core) and stores
/// the ranked scores in one transaction.
struct CredibilityService {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    struct Counted: Decodable { let userId: UUID; let n: Int; enum CodingKeys: String, CodingKey { case n, userId = "user_id" } }

    /// Verified results per member: amendments adopted, figures the consensus confirmed (credited), actions done and
    /// assessed well by others (mean ≥ 2 of 4 over the four criteria), referrals completed.
    func results(_ community: UUID, of user: UUID? = nil) async throws -> [UUID: Results] {
        try await Self.results(context.db, community, of: user)
    }

    static func results(_ db: any Database, _ community: UUID, of user: UUID? = nil) async throws -> [UUID: Results] {
        // One member's (for a "why" page) or everyone's.
        func only(_ column: String) -> SQLQueryString { user.map { " AND \(unsafeRaw: column) = \(bind: $0)" } ?? "" }
        var out: [UUID: Results] = [:]
        for r in try await db.rows("""
            SELECT author_id AS user_id, COUNT(*) AS n FROM amendments
            WHERE community_id = \(bind: community) AND status = \(bind: AmendmentStatus.adopted.rawValue)\(only("author_id"))
            GROUP BY author_id
            """, as: Counted.self) { out[r.userId, default: Results()].amendmentsAdopted = r.n }
        for r in try await db.rows("""
            SELECT user_id, COUNT(*) AS n FROM figure_contributions
            WHERE community_id = \(bind: community) AND credit_state = \(bind: CreditState.credited.rawValue)\(only("user_id"))
            GROUP BY user_id
            """, as: Counted.self) { out[r.userId, default: Results()].figuresConfirmed = r.n }
        for r in try await db.rows("""
            SELECT p.user_id, COUNT(*) AS n FROM journey_actions a JOIN journey_participants p ON p.action_id = a.id
              JOIN journey_aggregates g ON g.community_id = a.community_id AND g.subject_kind = \(bind: AggregateKind.action.rawValue)
                AND g.subject_id = a.id AND g.self = \(bind: false)
            WHERE a.community_id = \(bind: community) AND a.status = \(bind: ActionStatus.done.rawValue) AND g.n > 0
              AND (g.material + g.consciousness + g.mastery + g.maturity) >= 8 * g.n\(only("p.user_id"))
            GROUP BY p.user_id
            """, as: Counted.self) { out[r.userId, default: Results()].actionsCompleted = r.n }
        for r in try await db.rows("""
            SELECT referrer_id AS user_id, COUNT(*) AS n FROM referrals
            WHERE community_id = \(bind: community) AND status = \(bind: ReferralStatus.completed.rawValue)\(only("referrer_id"))
            GROUP BY referrer_id
            """, as: Counted.self) { out[r.userId, default: Results()].referralsCompleted = r.n }
        return out
    }

    private struct Member: Decodable { let userId: UUID; let role: Role; enum CodingKeys: String, CodingKey { case role, userId = "user_id" } }
    private struct EdgeRow: Decodable { let fromId: UUID; let toId: UUID; let topicKey: String
        enum CodingKeys: String, CodingKey { case fromId = "from_id", toId = "to_id", topicKey = "topic_key" } }

    private struct Due: Decodable { let id: UUID }

    /// One run of the background work: recomputes every community marked as changed; returns how many were.
    /// One community's failure is logged and leaves it marked for the next run.
    func recomputeDue() async throws -> Int {
        let due = try await context.db.rows("SELECT id FROM credibility_state WHERE dirty = \(bind: true)", as: Due.self)
        var done = 0
        for d in due where !Task.isCancelled {
            do {
                try await recompute(d.id)
                done += 1
            } catch {
                context.logger.error("credibility refresh failed", metadata: ["community": "\(d.id)", "error": "\(error)"])
            }
        }
        return done
    }

    @discardableResult
    func recompute(_ community: UUID) async throws -> (members: Int, endorsements: Int) {
        do { return try await recomputeNow(community) } catch {
            // Marked again, so the next background run retries.
            try? await context.write { db in try await Notify.credibilityChanged(db, community) }
            throw error
        }
    }

    private func recomputeNow(_ community: UUID) async throws -> (members: Int, endorsements: Int) {
        // Cleared first: an endorsement arriving during the computation marks the community for the next one.
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO credibility_state (id, dirty, anchored_on_stewards) VALUES (\(bind: community), \(bind: false), \(bind: false))
                ON CONFLICT (id) DO UPDATE SET dirty = \(bind: false)
                """).run()
        }
        let db = context.db
        let members = try await db.rows("""
            SELECT user_id, role FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: MembershipStatus.active.rawValue)
            """, as: Member.self)
        var index: [UUID: Int] = [:]
        for (i, m) in members.enumerated() { index[m.userId] = i }
        let edges = try await db.rows("""
            SELECT from_id, to_id, topic_key FROM endorsements WHERE community_id = \(bind: community) AND revoked_at IS NULL
            """, as: EdgeRow.self).compactMap { e -> (from: Int, to: Int, topic: String)? in
                guard let f = index[e.fromId], let t = index[e.toId] else { return nil }
                return (f, t, e.topicKey)
            }
        var results: [Int: Results] = [:]
        for (user, r) in try await self.results(community) { if let i = index[user] { results[i] = r } }
        let stewards = members.enumerated().filter { $0.element.role != .member }.map(\.offset)
        let scores = Credibility.compute(.init(members: members.count, endorsements: edges, results: results, stewards: stewards))

        // Overall: every member ranked. Per topic: only members endorsed on it (others have nothing to show there).
        var rows: [(topic: String, user: UUID, score: Double, rank: Int)] = []
        func ranked(_ topic: String, _ values: [Double], only: Set<Int>?) {
            let order = values.indices.filter { only?.contains($0) ?? true }.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : members[$0].userId.uuidString < members[$1].userId.uuidString }
            for (r, i) in order.enumerated() { rows.append((topic, members[i].userId, values[i], r + 1)) }
        }
        ranked("", scores.overall, only: nil)
        let endorsedOn = Dictionary(grouping: edges, by: \.topic).mapValues { Set($0.map(\.to)) }
        for (topic, values) in scores.topics { ranked(topic, values, only: endorsedOn[topic]) }

        let ids = context.app.enjeu.ids
        let now = context.now
        let onStewards = scores.anchoredOnStewards
        let batch = rows
        try await context.write { db in
            // The state row first: on PostgreSQL its lock orders two computations of one community (a steward's and the
            // background's, or two instances'), so the second one's DELETE sees the first one's rows.
            try await sql(db).raw("""
                UPDATE credibility_state SET computed_at = \(bind: now), anchored_on_stewards = \(bind: onStewards) WHERE id = \(bind: community)
                """).run()
            try await sql(db).raw("DELETE FROM credibility_scores WHERE community_id = \(bind: community)").run()
            try await sql(db).insert(into: "credibility_scores", columns: ["id", "community_id", "topic_key", "user_id", "score", "rank"],
                                     rows: batch) { [ids.next(), community, $0.topic, $0.user, $0.score, $0.rank] }
        }
        return (members.count, edges.count)
    }
}
