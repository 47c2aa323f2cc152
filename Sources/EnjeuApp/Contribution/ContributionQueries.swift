import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// What one member brought to one community, read for their contribution page and its JSON: each list newest first,
/// keyset-paged on its own index (`M038MemberContributionIndexes`), one query a list, never a query a row.
struct ContributionQueries {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }
    var db: any Database { ctx.db }
    static let pageSize = 20

    /// A member of the community by handle, active or suspended (those the members page lists); nil otherwise.
    func member(_ community: UUID, _ handle: String) async throws -> SocialMember? {
        guard Rules.isValidHandle(handle) else { return nil }
        return try await db.row("""
            SELECT m.user_id, u.handle, u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.community_id = \(bind: community) AND m.handle = \(bind: handle)
              AND m.status IN (\(bind: MembershipStatus.active.rawValue), \(bind: MembershipStatus.suspended.rawValue))
            """, as: SocialMember.self)
    }

    /// `… AND <column> < cursor ORDER BY <column> DESC LIMIT size + 1`, the tail of every list here.
    private func page(_ q: SQLQueryString, _ column: String, after: String?, size: Int) throws -> SQLQueryString {
        var q = q
        if let id = try Cursor.after(after)?.id { q.appendLiteral(" AND \(column) < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY \(column) DESC LIMIT \(size + 1)")
        return q
    }

    /// The actions they took part in, each with its collective scores: an action's sums are at most two rows of
    /// `journey_aggregates` in its own cycle (the team's, `self` = true, and any other), read through the unique index.
    /// Ordered by the participation's `action_id` (the same id), so `participants_by_user_action` gives the order and the
    /// read stops after a page, however many actions they or the community have.
    func actions(_ community: UUID, _ user: UUID, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionAction> {
        struct Row: Decodable, Sendable {
            let id: UUID, title: String, status: ActionStatus, cycle: Int, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        }
        let kind = AggregateKind.action.rawValue
        let q = try page("""
            SELECT a.id, a.title, a.status, a.cycle,
              COALESCE(s.n, 0) + COALESCE(o.n, 0) AS n, COALESCE(s.material, 0) + COALESCE(o.material, 0) AS material,
              COALESCE(s.consciousness, 0) + COALESCE(o.consciousness, 0) AS consciousness,
              COALESCE(s.mastery, 0) + COALESCE(o.mastery, 0) AS mastery, COALESCE(s.maturity, 0) + COALESCE(o.maturity, 0) AS maturity
            FROM journey_participants p JOIN journey_actions a ON a.id = p.action_id
              LEFT JOIN journey_aggregates s ON s.community_id = a.community_id AND s.cycle = a.cycle AND s.subject_kind = \(bind: kind)
                AND s.subject_id = a.id AND s.self = \(bind: true)
              LEFT JOIN journey_aggregates o ON o.community_id = a.community_id AND o.cycle = a.cycle AND o.subject_kind = \(bind: kind)
                AND o.subject_id = a.id AND o.self = \(bind: false)
            WHERE p.user_id = \(bind: user) AND a.community_id = \(bind: community)
            """, "p.action_id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: Row.self), size: size) { $0.id }.map {
            ContributionAction(id: $0.id, title: $0.title, status: $0.status, cycle: $0.cycle, assessments: $0.n,
                               sums: [$0.material, $0.consciousness, $0.mastery, $0.maturity])
        }
    }

    /// The sums of every assessment of the actions they took part in (one aggregate read through their participations).
    /// `CROSS JOIN` keeps SQLite's order (their participations first, from `participants_by_user_action`): left to
    /// choose, it scanned every action's sums in the community (3 ms for 2,000 actions; 1.9 ms so); PostgreSQL plans it
    /// as the inner join it is.
    func actionScores(_ community: UUID, _ user: UUID) async throws -> ScoreAggregate {
        struct Row: Decodable, Sendable { let n: Int?, material: Int?, consciousness: Int?, mastery: Int?, maturity: Int? }
        let r = try await db.row("""
            SELECT CAST(SUM(g.n) AS BIGINT) AS n, CAST(SUM(g.material) AS BIGINT) AS material, CAST(SUM(g.consciousness) AS BIGINT) AS consciousness,
              CAST(SUM(g.mastery) AS BIGINT) AS mastery, CAST(SUM(g.maturity) AS BIGINT) AS maturity
            FROM journey_participants p CROSS JOIN journey_actions a CROSS JOIN journey_aggregates g
            WHERE p.user_id = \(bind: user) AND a.id = p.action_id AND a.community_id = \(bind: community)
              AND g.community_id = a.community_id AND g.cycle = a.cycle AND g.subject_kind = \(bind: AggregateKind.action.rawValue) AND g.subject_id = a.id
            """, as: Row.self)
        return ScoreAggregate(count: r?.n ?? 0, sums: [r?.material ?? 0, r?.consciousness ?? 0, r?.mastery ?? 0, r?.maturity ?? 0])
    }

    /// Every verified result of the community's members, as the last credibility computation counted them.
    func communityResults(_ community: UUID) async throws -> Results {
        struct Row: Decodable, Sendable { let a: Int?, f: Int?, j: Int?, r: Int? }
        let row = try await db.row("""
            SELECT CAST(SUM(amendments_adopted) AS BIGINT) AS a, CAST(SUM(figures_confirmed) AS BIGINT) AS f,
              CAST(SUM(actions_completed) AS BIGINT) AS j, CAST(SUM(referrals_completed) AS BIGINT) AS r
            FROM credibility_results WHERE community_id = \(bind: community)
            """, as: Row.self)
        return Results(amendmentsAdopted: row?.a ?? 0, figuresConfirmed: row?.f ?? 0, actionsCompleted: row?.j ?? 0, referralsCompleted: row?.r ?? 0)
    }

    func amendments(_ community: UUID, _ user: UUID, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionAmendment> {
        let q = try page("""
            SELECT id, summary, decided_at FROM amendments
            WHERE community_id = \(bind: community) AND author_id = \(bind: user) AND status = \(bind: AmendmentStatus.adopted.rawValue)
              AND kind = \(bind: GovernanceKind.code.rawValue)
            """, "id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: ContributionAmendment.self), size: size) { $0.id }
    }

    /// Their values the consensus confirmed (credited) and never flagged as outliers, with the indicator's name (not
    /// the credits: a member's ledger is their own).
    func figures(_ community: UUID, _ user: UUID, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionFigure> {
        let q = try page("""
            SELECT f.id, f.indicator_id, i.name, i.unit, f.observed_on, f.created_at
            FROM figure_contributions f JOIN indicators i ON i.id = f.indicator_id
            WHERE f.community_id = \(bind: community) AND f.user_id = \(bind: user) AND f.credit_state = \(bind: CreditState.credited.rawValue)
              AND f.outlier = \(bind: false)
            """, "f.id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: ContributionFigure.self), size: size) { $0.id }
    }

    /// The ledger's entries from or to them, as the economy's ledger reads them (`EconomyQueries.flowColumns`):
    /// each side newest first from its own index, merged. Only the home ledger names members (between communities,
    /// each side is a party), so the entries other communities hold are not theirs.
    func flows(_ community: UUID, _ handle: String, after: String?, size: Int = pageSize) async throws -> KeysetPage<EconomyFlow> {
        let key = Actor.member(handle).key
        let cursor = try Cursor.after(after)?.id
        func side(_ column: String) -> SQLQueryString {
            var q: SQLQueryString = "SELECT * FROM (SELECT "
            q.appendInterpolation(EconomyQueries.flowColumns)
            q.appendInterpolation(EconomyQueries.flowFrom)
            q.appendLiteral(" WHERE f.community_id = "); q.appendInterpolation(bind: community)
            q.appendLiteral(" AND f.\(column) = "); q.appendInterpolation(bind: key)
            if let cursor { q.appendLiteral(" AND f.id < "); q.appendInterpolation(bind: cursor) }
            q.appendLiteral(" ORDER BY f.id DESC LIMIT \(size + 1)) AS \(column == "from_key" ? "given" : "received")")
            return q
        }
        var seen = Set<UUID>()
        // An entry from them to themselves would be on both sides.
        let rows = try await db.rows(side("from_key") + " UNION ALL " + side("to_key") + " ORDER BY id DESC", as: EconomyFlow.self)
            .filter { seen.insert($0.id).inserted }
        return KeysetPage(rows: rows, size: size) { $0.id }
    }

    func referrals(_ community: UUID, _ user: UUID, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionReferral> {
        let q = try page("""
            SELECT r.id, r.offer_id, o.title AS offer, r.status, r.created_at FROM referrals r JOIN offers o ON o.id = r.offer_id
            WHERE r.community_id = \(bind: community) AND r.referrer_id = \(bind: user) AND r.kind = \(bind: ReferralKind.referral.rawValue)
            """, "r.id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: ContributionReferral.self), size: size) { $0.id }
    }

    func recognitions(_ community: UUID, _ user: UUID, received: Bool, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionRecognition> {
        let base: SQLQueryString
        if received {
            base = """
                SELECT r.id, u.handle AS other, r.message, r.created_at FROM journey_recognitions r JOIN users u ON u.id = r.from_id
                WHERE r.to_id = \(bind: user) AND r.to_kind = \(bind: JourneySubjectKind.member.rawValue) AND r.community_id = \(bind: community)
                """
        } else {
            base = """
                SELECT r.id, r.to_label AS other, r.message, r.created_at FROM journey_recognitions r
                WHERE r.from_id = \(bind: user) AND r.community_id = \(bind: community)
                """
        }
        let q = try page(base, "r.id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: ContributionRecognition.self), size: size) { $0.id }
    }

    func endorsements(_ community: UUID, _ user: UUID, received: Bool, after: String?, size: Int = pageSize) async throws -> KeysetPage<ContributionEndorsement> {
        // The other side's handle: who endorsed them, or whom they endorsed.
        let (mine, other) = received ? ("to_id", "from_id") : ("from_id", "to_id")
        let q = try page("""
            SELECT e.id, u.handle AS other, e.topic, e.note, e.created_at FROM endorsements e JOIN users u ON u.id = e.\(unsafeRaw: other)
            WHERE e.community_id = \(bind: community) AND e.\(unsafeRaw: mine) = \(bind: user) AND e.revoked_at IS NULL
            """, "e.id", after: after, size: size)
        return KeysetPage(rows: try await db.rows(q, as: ContributionEndorsement.self), size: size) { $0.id }
    }

    /// The whole page, or with `part` that list alone from `after`.
    func load(_ c: CommunityContext, handle: String, part: ContributionPart?, after: String?) async throws -> ContributionPage {
        guard let m = try await member(c.id, handle.lowercased()) else { throw AppError.notFound }
        let u = m.userId, id = c.id
        func wants(_ p: ContributionPart) -> Bool { part == nil || part == p }
        let cursor = part == nil ? nil : after
        let journey = JourneyQueries(ctx)
        let evaluation = try await journey.aggregates(id, kind: .cycle, subject: id, cycle: nil)
        return ContributionPage(
            place: CommunityPlace(c), member: m, part: part,
            results: try await CredibilityService.storedResults(db, id, of: u), communityResults: try await communityResults(id),
            mine: try await actionScores(id, u), community: ScoreAggregate(count: evaluation.own.count + evaluation.peers.count,
                                                                          sums: zip(evaluation.own.sums, evaluation.peers.sums).map { $0 + $1 }),
            threshold: try await CredibilityService.threshold(db, id),
            actions: wants(.actions) ? try await actions(id, u, after: cursor) : nil,
            amendments: wants(.amendments) ? try await amendments(id, u, after: cursor) : nil,
            // Which indicators a member gave to is read, like the indicators themselves, by those who contribute.
            figures: wants(.figures) && c.can(.contribute) ? try await figures(id, u, after: cursor) : nil,
            flows: wants(.flows) ? try await flows(id, m.handle, after: cursor) : nil,
            referrals: wants(.referrals) ? try await referrals(id, u, after: cursor) : nil,
            recognitionsGiven: wants(.recognitionsGiven) ? try await recognitions(id, u, received: false, after: cursor) : nil,
            recognitionsReceived: wants(.recognitionsReceived) ? try await recognitions(id, u, received: true, after: cursor) : nil,
            endorsementsGiven: wants(.endorsementsGiven) ? try await endorsements(id, u, received: false, after: cursor) : nil,
            endorsementsReceived: wants(.endorsementsReceived) ? try await endorsements(id, u, received: true, after: cursor) : nil)
    }
}

/// The summary a person may show on their profile (`users.show_contributions`, off by default).
extension ContributionQueries {
    /// Whether they show it, and then their verified results in each of `communities` (those the reader sees) where
    /// they have any, in the order given: one read of `credibility_results`.
    func summary(of user: UUID, in communities: [CommunityCard]) async throws -> (shows: Bool, lines: [ContributionSummary]) {
        struct Shown: Decodable { let show: Bool }
        guard try await db.row("SELECT show_contributions AS show FROM users WHERE id = \(bind: user)", as: Shown.self)?.show == true else {
            return (false, [])
        }
        guard !communities.isEmpty else { return (true, []) }
        struct Row: Decodable, Sendable { let slug: String, a: Int, f: Int, j: Int, r: Int }
        let rows = try await db.rows("""
            SELECT c.slug, r.amendments_adopted AS a, r.figures_confirmed AS f, r.actions_completed AS j, r.referrals_completed AS r
            FROM credibility_results r JOIN communities c ON c.id = r.community_id
            WHERE r.user_id = \(bind: user) AND c.slug IN (\(binds: communities.map(\.slug)))
            """, as: Row.self)
        let bySlug = Dictionary(rows.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        return (true, communities.compactMap { c in
            bySlug[c.slug].map { ContributionSummary(slug: c.slug, name: c.name, results: Results(amendmentsAdopted: $0.a, figuresConfirmed: $0.f,
                                                                                             actionsCompleted: $0.j, referralsCompleted: $0.r)) }
        })
    }

    /// Shows or hides one's own summary.
    func setSummary(_ viewer: Viewer, show: Bool) async throws {
        try await ctx.write { db in
            try await sql(db).raw("UPDATE users SET show_contributions = \(bind: show) WHERE id = \(bind: viewer.id)").run()
        }
    }
}
