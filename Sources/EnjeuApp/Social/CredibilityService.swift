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

    /// A member of a community: results are counted per pair.
    struct MemberKey: Hashable, Sendable { let community: UUID; let user: UUID }
    private struct Counted: Decodable { let communityId: UUID; let userId: UUID; let n: Int
        enum CodingKeys: String, CodingKey { case n, communityId = "community_id", userId = "user_id" } }

    /// Verified results of one community's members (or, `nil`, of every community's): amendments adopted, figures the
    /// consensus confirmed (credited), actions done and well assessed by their team (`WellAssessed`: at least two
    /// participants' assessments, the mean of the four criteria at or above the community's threshold), referrals completed.
    /// `threshold`: one for every community instead of each one's `communities.result_threshold` (the migration that
    /// first filled `credibility_results` runs before that column exists); that migration also runs before
    /// `amendments.kind` (M040a), when every amendment was a code amendment.
    static func results(_ db: any Database, _ community: UUID?, threshold: Int? = nil) async throws -> [MemberKey: Results] {
        func only(_ column: String) -> SQLQueryString { community.map { " AND \(unsafeRaw: column) = \(bind: $0)" } ?? "" }
        let codeOnly: SQLQueryString = threshold == nil ? " AND kind = \(bind: GovernanceKind.code.rawValue)" : ""
        var out: [MemberKey: Results] = [:]
        func key(_ r: Counted) -> MemberKey { MemberKey(community: r.communityId, user: r.userId) }
        for r in try await db.rows("""
            SELECT community_id, author_id AS user_id, COUNT(*) AS n FROM amendments
            WHERE status = \(bind: AmendmentStatus.adopted.rawValue)\(codeOnly)\(only("community_id"))
            GROUP BY community_id, author_id
            """, as: Counted.self) { out[key(r), default: Results()].amendmentsAdopted = r.n }
        for r in try await db.rows("""
            SELECT community_id, user_id, COUNT(*) AS n FROM figure_contributions
            WHERE credit_state = \(bind: CreditState.credited.rawValue)\(only("community_id"))
            GROUP BY community_id, user_id
            """, as: Counted.self) { out[key(r), default: Results()].figuresConfirmed = r.n }
        // An action's assessments are all its participants' (only they may assess it), kept as the team's own
        // (`self` = true) in its cycle's sums: the action's rows over both values of `self` are its assessments.
        for r in try await db.rows("""
            SELECT a.community_id, p.user_id, COUNT(*) AS n FROM journey_actions a
              JOIN (SELECT subject_id, SUM(n) AS n, SUM(material + consciousness + mastery + maturity) AS total FROM journey_aggregates
                    WHERE subject_kind = \(bind: AggregateKind.action.rawValue)\(only("community_id")) GROUP BY subject_id) g ON g.subject_id = a.id
              \(unsafeRaw: threshold == nil ? "JOIN communities c ON c.id = a.community_id" : "")
              JOIN journey_participants p ON p.action_id = a.id
            WHERE a.status = \(bind: ActionStatus.done.rawValue) AND g.n >= \(bind: WellAssessed.minimumAssessors)
              AND g.total * 100 >= \(unsafeRaw: threshold.map(String.init) ?? "c.result_threshold") * \(unsafeRaw: String(Criterion.allCases.count)) * g.n\(only("a.community_id"))
            GROUP BY a.community_id, p.user_id
            """, as: Counted.self) { out[key(r), default: Results()].actionsCompleted = r.n }
        for r in try await db.rows("""
            SELECT community_id, referrer_id AS user_id, COUNT(*) AS n FROM referrals
            WHERE status = \(bind: ReferralStatus.completed.rawValue)\(only("community_id"))
            GROUP BY community_id, referrer_id
            """, as: Counted.self) { out[key(r), default: Results()].referralsCompleted = r.n }
        return out
    }

    /// Stores the results a computation used, replacing one community's (or, `nil`, adding to an emptied table);
    /// members without any result have no row.
    static func storeResults(_ db: any Database, community: UUID?, _ results: [MemberKey: Results]) async throws {
        if let community { try await sql(db).raw("DELETE FROM credibility_results WHERE community_id = \(bind: community)").run() }
        let rows: [(key: MemberKey, value: Results)] = results.filter { $0.value.total > 0 }.map { ($0.key, $0.value) }
        try await sql(db).insert(into: "credibility_results", columns: ["community_id", "user_id", "amendments_adopted", "figures_confirmed",
                                                                        "actions_completed", "referrals_completed"], rows: rows) {
            [$0.key.community, $0.key.user, $0.value.amendmentsAdopted, $0.value.figuresConfirmed, $0.value.actionsCompleted, $0.value.referralsCompleted]
        }
    }

    /// The results a member's last computed credibility stands on (none before the first computation).
    static func storedResults(_ db: any Database, _ community: UUID, of user: UUID) async throws -> Results {
        struct Row: Decodable {
            let a: Int, f: Int, j: Int, r: Int
        }
        guard let row = try await db.row("""
            SELECT amendments_adopted AS a, figures_confirmed AS f, actions_completed AS j, referrals_completed AS r FROM credibility_results
            WHERE community_id = \(bind: community) AND user_id = \(bind: user)
            """, as: Row.self) else { return Results() }
        return Results(amendmentsAdopted: row.a, figuresConfirmed: row.f, actionsCompleted: row.j, referralsCompleted: row.r)
    }

    /// The community's threshold of a well-assessed action, in hundredths (`WellAssessed`).
    static func threshold(_ db: any Database, _ community: UUID) async throws -> Int {
        struct Row: Decodable { let t: Int }
        return try await db.row("SELECT result_threshold AS t FROM communities WHERE id = \(bind: community)", as: Row.self)?.t
            ?? WellAssessed.defaultThreshold
    }

    /// Stewards set the threshold (the gate checked it); out of 1…4 → 422 naming `threshold`. The community's
    /// credibility is marked for the next computation in the same transaction, with a line in the audit trail.
    @discardableResult
    func setThreshold(_ ctx: CommunityContext, _ raw: Double?) async throws -> Int {
        let steward = try ctx.requireViewer()
        guard let raw else { throw AppError.invalid(Violations(.threshold, .required)) }
        let t = try WellAssessed.threshold(raw).mapError(AppError.invalid).get()
        try await context.write { db in
            try await sql(db).raw("UPDATE communities SET result_threshold = \(bind: t) WHERE id = \(bind: ctx.id)").run()
            try await Notify.credibilityChanged(db, ctx.id)
            try await AuditEvent.record(db, context, community: ctx.id, "credibility.threshold", WellAssessed.text(t, decimalComma: false),
                                        actor: steward.id)
        }
        return t
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
        let counted = try await Self.results(db, community)
        var results: [Int: Results] = [:]
        for (member, r) in counted { if let i = index[member.user] { results[i] = r } }
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
        // Only active members' results explain a score.
        let used = counted.filter { index[$0.key.user] != nil }
        try await context.write { db in
            // The state row first: on PostgreSQL its lock orders two computations of one community (a steward's and the
            // background's, or two instances'), so the second one's DELETE sees the first one's rows.
            try await sql(db).raw("""
                UPDATE credibility_state SET computed_at = \(bind: now), anchored_on_stewards = \(bind: onStewards) WHERE id = \(bind: community)
                """).run()
            try await sql(db).raw("DELETE FROM credibility_scores WHERE community_id = \(bind: community)").run()
            try await sql(db).insert(into: "credibility_scores", columns: ["id", "community_id", "topic_key", "user_id", "score", "rank"],
                                     rows: batch) { [ids.next(), community, $0.topic, $0.user, $0.score, $0.rank] }
            try await Self.storeResults(db, community: community, used)
            // Kept exact by every endorsement and revocation; recounted here too, after writes that bypass them (bulk loads).
            try await SocialIndexes.recountTopics(db, community: community)
            // What the community's credibility rule grants, from these scores (issue 18): pages read it with the membership.
            try await CredibilityGrants.refresh(db, community: community)
        }
        return (members.count, edges.count)
    }
}
