import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of the journey, in plain SQL; dashboards read maintained sums.
struct JourneyQueries {
    let req: Request
    init(_ req: Request) { self.req = req }
    var db: any Database { req.db }

    // MARK: The steps

    private struct FactsRow: Decodable {
        let openValues: Int, adoptedValues: Int, openStakes: Int, adoptedStakes: Int, openProjects: Int, adoptedProjects: Int
        let planned: Int, owned: Int, inProgress: Int, done: Int, retros: Int, adoptedGovernance: Int
        enum CodingKeys: String, CodingKey {
            case planned, owned, done, retros
            case openValues = "open_values", adoptedValues = "adopted_values", openStakes = "open_stakes", adoptedStakes = "adopted_stakes"
            case openProjects = "open_projects", adoptedProjects = "adopted_projects", inProgress = "in_progress", adoptedGovernance = "adopted_governance"
        }
    }

    /// Everything the six states depend on, in one query of indexed counts.
    func facts(_ community: UUID, cycle: Int) async throws -> JourneyFacts {
        func count(_ kinds: String, _ status: String) -> String {
            "(SELECT COUNT(*) FROM journey_proposals WHERE community_id = c.id AND cycle = \(cycle) AND kind IN (\(kinds)) AND status = '\(status)')"
        }
        let r = try await db.row("""
            SELECT \(unsafeRaw: count("'value'", "open")) AS open_values, \(unsafeRaw: count("'value'", "adopted")) AS adopted_values,
              \(unsafeRaw: count("'stake','purpose'", "open")) AS open_stakes, \(unsafeRaw: count("'stake','purpose'", "adopted")) AS adopted_stakes,
              \(unsafeRaw: count("'project'", "open")) AS open_projects, \(unsafeRaw: count("'project'", "adopted")) AS adopted_projects,
              (SELECT COUNT(*) FROM journey_actions a WHERE a.community_id = c.id AND a.cycle = \(literal: cycle)) AS planned,
              (SELECT COUNT(*) FROM journey_actions a WHERE a.community_id = c.id AND a.cycle = \(literal: cycle) AND a.owner_id IS NOT NULL) AS owned,
              (SELECT COUNT(*) FROM journey_actions a WHERE a.community_id = c.id AND a.cycle = \(literal: cycle) AND a.status = 'in-progress') AS in_progress,
              (SELECT COUNT(*) FROM journey_actions a WHERE a.community_id = c.id AND a.cycle = \(literal: cycle) AND a.status = 'done') AS done,
              (SELECT COUNT(*) FROM journey_retrospectives r WHERE r.community_id = c.id AND r.cycle = \(literal: cycle)) AS retros,
              (SELECT COUNT(*) FROM journey_retrospectives r JOIN amendments m ON m.id = r.amendment_id
                 WHERE r.community_id = c.id AND r.cycle = \(literal: cycle) AND m.status = 'adopted') AS adopted_governance
            FROM communities c WHERE c.id = \(bind: community)
            """, as: FactsRow.self)
        var f = JourneyFacts()
        guard let r else { return f }
        f.openValues = r.openValues; f.adoptedValues = r.adoptedValues; f.openStakes = r.openStakes; f.adoptedStakes = r.adoptedStakes
        f.openProjects = r.openProjects; f.adoptedProjects = r.adoptedProjects; f.plannedActions = r.planned; f.ownedActions = r.owned
        f.actionsInProgress = r.inProgress; f.actionsDone = r.done; f.retrospectives = r.retros; f.governanceAmendmentsAdopted = r.adoptedGovernance
        return f
    }

    struct JourneyRow: Decodable { let cycle: Int }
    func journey(_ community: UUID) async throws -> JourneyRow? {
        try await db.row("SELECT cycle FROM journeys WHERE community_id = \(bind: community)", as: JourneyRow.self)
    }

    // MARK: Proposals

    struct ProposalRow: Decodable, Sendable {
        let id: UUID, cycle: Int, kind: String, title: String, body: String, status: String, closesAt: Date, createdAt: Date
        let authorHandle: String, consents: Int, objections: Int, abstentions: Int
        enum CodingKeys: String, CodingKey {
            case id, cycle, kind, title, body, status, consents, objections, abstentions
            case closesAt = "closes_at", createdAt = "created_at", authorHandle = "author_handle"
        }
    }

    static let proposalColumns: SQLQueryString = """
        p.id, p.cycle, p.kind, p.title, p.body, p.status, p.closes_at, p.created_at, u.handle AS author_handle,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = 'consent') AS consents,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = 'object') AS objections,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = 'abstain') AS abstentions
        """

    static func proposalRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> ProposalRow? {
        try await db.row("""
            SELECT \(proposalColumns) FROM journey_proposals p JOIN users u ON u.id = p.author_id
            WHERE p.id = \(bind: id) AND p.community_id = \(bind: community)
            """, as: ProposalRow.self)
    }

    /// A cycle's proposals, open first then adopted, then the rest; at most 500 (the artefacts of one cycle).
    func proposals(_ community: UUID, cycle: Int) async throws -> [ProposalRow] {
        try await db.rows("""
            SELECT \(Self.proposalColumns) FROM journey_proposals p JOIN users u ON u.id = p.author_id
            WHERE p.community_id = \(bind: community) AND p.cycle = \(bind: cycle)
            ORDER BY CASE p.status WHEN 'open' THEN 0 WHEN 'adopted' THEN 1 ELSE 2 END, p.id LIMIT 500
            """, as: ProposalRow.self)
    }

    private struct StanceRow: Decodable { let stance: String }

    /// The positions the rule counts: active members' only.
    static func countedStances(_ db: any Database, _ proposal: UUID) async throws -> [Stance] {
        try await db.rows("""
            SELECT x.stance FROM journey_positions x JOIN journey_proposals p ON p.id = x.proposal_id
            JOIN memberships m ON m.user_id = x.user_id AND m.community_id = p.community_id
            WHERE x.proposal_id = \(bind: proposal) AND m.status = 'active'
            """, as: StanceRow.self).compactMap { Stance(rawValue: $0.stance) }
    }

    // MARK: Actions

    struct ActionRow: Decodable, Sendable {
        let id: UUID, cycle: Int, title: String, description: String, stakeId: UUID?, stakeTitle: String?, needs: String, dueOn: String?
        let status: String, ownerId: UUID?, ownerHandle: String?, outcome: String, createdAt: Date, participants: Int
        enum CodingKeys: String, CodingKey {
            case id, cycle, title, description, needs, status, outcome, participants
            case stakeId = "stake_id", stakeTitle = "stake_title", dueOn = "due_on", ownerId = "owner_id", ownerHandle = "owner_handle"
            case createdAt = "created_at"
        }
    }

    static let actionColumns: SQLQueryString = """
        a.id, a.cycle, a.title, a.description, a.stake_id, s.title AS stake_title, a.needs, a.due_on, a.status, a.owner_id,
        o.handle AS owner_handle, a.outcome, a.created_at,
        (SELECT COUNT(*) FROM journey_participants t WHERE t.action_id = a.id) AS participants
        """

    static func actionRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> ActionRow? {
        try await db.row("""
            SELECT \(actionColumns) FROM journey_actions a LEFT JOIN journey_proposals s ON s.id = a.stake_id LEFT JOIN users o ON o.id = a.owner_id
            WHERE a.id = \(bind: id) AND a.community_id = \(bind: community)
            """, as: ActionRow.self)
    }

    func requireAction(_ ctx: CommunityContext) async throws -> ActionRow {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let a = try await Self.actionRow(db, ctx.id, id) else { throw AppError.notFound }
        return a
    }

    /// Newest first, keyset-paged; `cycle` nil means every cycle.
    func actions(_ community: UUID, cycle: Int?, after: String?, limit: Int = 50) async throws -> KeysetPage<ActionRow> {
        var q: SQLQueryString = """
            SELECT \(Self.actionColumns) FROM journey_actions a LEFT JOIN journey_proposals s ON s.id = a.stake_id LEFT JOIN users o ON o.id = a.owner_id
            WHERE a.community_id = \(bind: community)
            """
        if let cycle { q.appendLiteral(" AND a.cycle = \(cycle)") }
        if let id = try KeysetPage<Never>.afterID(after) { q.appendLiteral(" AND a.id < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY a.id DESC LIMIT \(limit + 1)")
        return KeysetPage(rows: try await db.rows(q, as: ActionRow.self), size: limit) { $0.id }
    }

    static func isParticipant(_ db: any Database, _ action: UUID, _ user: UUID) async throws -> Bool {
        try await sql(db).raw("SELECT id FROM journey_participants WHERE action_id = \(bind: action) AND user_id = \(bind: user)").first() != nil
    }

    struct Person: Decodable, Sendable, Content {
        let handle: String, displayName: String
        enum CodingKeys: String, CodingKey { case handle, displayName = "display_name" }
    }

    func participants(_ action: UUID) async throws -> [Person] {
        try await db.rows("""
            SELECT u.handle, u.display_name FROM journey_participants t JOIN users u ON u.id = t.user_id
            WHERE t.action_id = \(bind: action) ORDER BY t.joined_at LIMIT 500
            """, as: Person.self)
    }

    struct UpdateRow: Decodable, Sendable, Content {
        let status: String, note: String, createdAt: Date, handle: String
        enum CodingKeys: String, CodingKey { case status, note, handle, createdAt = "created_at" }
    }

    func updates(_ action: UUID) async throws -> [UpdateRow] {
        try await db.rows("""
            SELECT j.status, j.note, j.created_at, u.handle FROM journey_updates j JOIN users u ON u.id = j.user_id
            WHERE j.action_id = \(bind: action) ORDER BY j.id DESC LIMIT 200
            """, as: UpdateRow.self)
    }

    // MARK: Subjects

    enum SubjectKind: String { case action, member, community }
    enum Purpose { case assessment, recognition }
    struct Target { let kind: SubjectKind; let id: UUID; let label: String; var actionStatus: String? = nil; var cycle: Int? = nil }

    /// `id` is an action's id, a member's handle, or the community's slug — always inside this community.
    func resolve(_ ctx: CommunityContext, _ s: JourneyService.Subject, for purpose: Purpose) async throws -> Target {
        guard let kind = SubjectKind(rawValue: s.kind) else { throw AppError.invalid(Violations(.kind, .notAChoice)) }
        switch kind {
        case .action:
            guard let id = UUID(uuidString: s.id), let a = try await Self.actionRow(db, ctx.id, id) else { throw AppError.invalid(Violations(.slug, .notAChoice)) }
            return Target(kind: .action, id: a.id, label: a.title, actionStatus: a.status, cycle: a.cycle)
        case .member:
            guard let m = try await SocialQueries.member(db, ctx.id, s.id) else { throw AppError.invalid(Violations(.handle, .notAChoice)) }
            return Target(kind: .member, id: m.userId, label: m.displayName)
        case .community:
            guard purpose == .recognition, s.id == ctx.community.slug else { throw AppError.invalid(Violations(.slug, .notAChoice)) }
            return Target(kind: .community, id: ctx.id, label: ctx.community.name)
        }
    }

    // MARK: Evaluation

    struct AggregateRow: Decodable, Sendable {
        let selfAssessed: Bool, n: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
        enum CodingKeys: String, CodingKey { case n, material, consciousness, mastery, maturity, selfAssessed = "self" }
        var aggregate: ScoreAggregate { ScoreAggregate(count: n, sums: [material, consciousness, mastery, maturity]) }
    }

    /// Self- and peer-assessment sums of one subject (`cycle` subject = the community's whole cycle).
    func aggregates(_ community: UUID, kind: String, subject: UUID, cycle: Int?) async throws -> (own: ScoreAggregate, peers: ScoreAggregate) {
        var q: SQLQueryString = """
            SELECT self, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(material) AS BIGINT) AS material, CAST(SUM(consciousness) AS BIGINT) AS consciousness,
              CAST(SUM(mastery) AS BIGINT) AS mastery, CAST(SUM(maturity) AS BIGINT) AS maturity
            FROM journey_aggregates WHERE community_id = \(bind: community) AND subject_kind = \(bind: kind) AND subject_id = \(bind: subject)
            """
        if let cycle { q.appendLiteral(" AND cycle = \(cycle)") }
        q.appendLiteral(" GROUP BY self")
        let rows = try await db.rows(q, as: AggregateRow.self)
        return (rows.first { $0.selfAssessed }?.aggregate ?? ScoreAggregate(), rows.first { !$0.selfAssessed }?.aggregate ?? ScoreAggregate())
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
            WHERE community_id = \(bind: community) AND subject_kind = 'cycle' AND subject_id = \(bind: community) ORDER BY cycle
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
            FROM journey_aggregates WHERE community_id = \(bind: community) AND subject_kind = 'member' AND n > 0
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
        let actions = try await aggregates(community, kind: "cycle", subject: community, cycle: cycle)
        let release = try await memberRelease(community, cycle: cycle)
        let members = release.members(cycle: cycle)
        return (actions.own + members.own, actions.peers + members.peers, release.withholds(cycle: cycle))
    }

    /// Participants of several actions in one query (the report lists every action with its team).
    func participants(of actions: [UUID]) async throws -> [UUID: [Person]] {
        guard !actions.isEmpty else { return [:] }
        struct Row: Decodable { let actionId: UUID, handle: String, displayName: String
            enum CodingKeys: String, CodingKey { case handle, actionId = "action_id", displayName = "display_name" } }
        let rows = try await db.rows("""
            SELECT t.action_id, u.handle, u.display_name FROM journey_participants t JOIN users u ON u.id = t.user_id
            WHERE t.action_id IN (\(binds: actions)) ORDER BY t.joined_at
            """, as: Row.self)
        return Dictionary(grouping: rows, by: \.actionId).mapValues { $0.map { Person(handle: $0.handle, displayName: $0.displayName) } }
    }

    // MARK: Recognition

    struct RecognitionRow: Decodable, Sendable {
        let id: UUID, cycle: Int, fromHandle: String, fromName: String, toKind: String, toId: UUID, toHandle: String?, toLabel: String
        let message: String, criteria: String, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, cycle, message, criteria
            case fromHandle = "from_handle", fromName = "from_name", toKind = "to_kind", toId = "to_id", toHandle = "to_handle"
            case toLabel = "to_label", createdAt = "created_at"
        }
    }

    func recognitions(_ community: UUID, cycle: Int?, after: String?, limit: Int = 50) async throws -> KeysetPage<RecognitionRow> {
        var q: SQLQueryString = """
            SELECT r.id, r.cycle, u.handle AS from_handle, u.display_name AS from_name, r.to_kind, r.to_id, t.handle AS to_handle, r.to_label,
              r.message, r.criteria, r.created_at
            FROM journey_recognitions r JOIN users u ON u.id = r.from_id LEFT JOIN users t ON t.id = r.to_id AND r.to_kind = 'member'
            WHERE r.community_id = \(bind: community)
            """
        if let cycle { q.appendLiteral(" AND r.cycle = \(cycle)") }
        if let id = try KeysetPage<Never>.afterID(after) { q.appendLiteral(" AND r.id < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY r.id DESC LIMIT \(limit + 1)")
        return KeysetPage(rows: try await db.rows(q, as: RecognitionRow.self), size: limit) { $0.id }
    }

    struct Balance: Decodable, Sendable {
        let cycle: Int, individual: Int, collective: Int
    }

    /// Individual (a person) against collective (a team or the whole community) recognition, per cycle.
    func recognitionBalance(_ community: UUID) async throws -> [Balance] {
        try await db.rows("""
            SELECT cycle, CAST(SUM(CASE WHEN to_kind = 'member' THEN 1 ELSE 0 END) AS BIGINT) AS individual,
              CAST(SUM(CASE WHEN to_kind = 'member' THEN 0 ELSE 1 END) AS BIGINT) AS collective
            FROM journey_recognitions WHERE community_id = \(bind: community) GROUP BY cycle ORDER BY cycle
            """, as: Balance.self)
    }

    struct RetroRow: Decodable, Sendable {
        let id: UUID, worked: String, didNot: String, change: String, amendmentId: UUID?, amendmentStatus: String?, handle: String, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, worked, change, handle
            case didNot = "did_not", amendmentId = "amendment_id", amendmentStatus = "amendment_status", createdAt = "created_at"
        }
    }

    func retrospectives(_ community: UUID, cycle: Int) async throws -> [RetroRow] {
        try await db.rows("""
            SELECT r.id, r.worked, r.did_not, r.change, r.amendment_id, m.status AS amendment_status, u.handle, r.created_at
            FROM journey_retrospectives r JOIN users u ON u.id = r.author_id LEFT JOIN amendments m ON m.id = r.amendment_id
            WHERE r.community_id = \(bind: community) AND r.cycle = \(bind: cycle) ORDER BY r.id DESC LIMIT 100
            """, as: RetroRow.self)
    }
}
