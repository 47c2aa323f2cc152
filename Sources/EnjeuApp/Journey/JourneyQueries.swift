import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of the journey, in plain SQL; dashboards read maintained sums.
struct JourneyQueries {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }
    var db: any Database { context.db }

    // The rows live with the views (EnjeuWeb/Models/JourneyModels.swift); these names are the API file's.
    typealias ProposalRow = JourneyProposal
    typealias ActionRow = JourneyAction
    typealias Person = JourneyPerson
    typealias UpdateRow = JourneyActionUpdate
    typealias RecognitionRow = JourneyRecognition
    typealias Balance = RecognitionBalance
    typealias RetroRow = JourneyRetrospective

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
        func count(_ kinds: [ProposalKind], _ status: ProposalStatus) -> SQLQueryString {
            """
            (SELECT COUNT(*) FROM journey_proposals WHERE community_id = c.id AND cycle = \(literal: cycle)
               AND kind IN (\(literals: kinds.map(\.rawValue), joinedBy: ",")) AND status = \(literal: status.rawValue))
            """
        }
        func actions(_ condition: SQLQueryString) -> SQLQueryString {
            "(SELECT COUNT(*) FROM journey_actions a WHERE a.community_id = c.id AND a.cycle = \(literal: cycle)\(condition))"
        }
        let r = try await db.row("""
            SELECT \(count([.value], .open)) AS open_values, \(count([.value], .adopted)) AS adopted_values,
              \(count([.stake, .purpose], .open)) AS open_stakes, \(count([.stake, .purpose], .adopted)) AS adopted_stakes,
              \(count([.project], .open)) AS open_projects, \(count([.project], .adopted)) AS adopted_projects,
              \(actions("")) AS planned, \(actions(" AND a.owner_id IS NOT NULL")) AS owned,
              \(actions(" AND a.status = \(literal: ActionStatus.inProgress.rawValue)")) AS in_progress,
              \(actions(" AND a.status = \(literal: ActionStatus.done.rawValue)")) AS done,
              (SELECT COUNT(*) FROM journey_retrospectives r WHERE r.community_id = c.id AND r.cycle = \(literal: cycle)) AS retros,
              (SELECT COUNT(*) FROM journey_retrospectives r JOIN amendments m ON m.id = r.amendment_id
                 WHERE r.community_id = c.id AND r.cycle = \(literal: cycle) AND m.status = \(literal: AmendmentStatus.adopted.rawValue)) AS adopted_governance
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

    static let proposalColumns: SQLQueryString = """
        p.id, p.cycle, p.kind, p.title, p.body, p.status, p.closes_at, p.created_at, u.handle AS author_handle,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = \(literal: Stance.consent.rawValue)) AS consents,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = \(literal: Stance.object.rawValue)) AS objections,
        (SELECT COUNT(*) FROM journey_positions x WHERE x.proposal_id = p.id AND x.stance = \(literal: Stance.abstain.rawValue)) AS abstentions
        """

    static func proposalRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> JourneyProposal? {
        try await db.row("""
            SELECT \(proposalColumns) FROM journey_proposals p JOIN users u ON u.id = p.author_id
            WHERE p.id = \(bind: id) AND p.community_id = \(bind: community)
            """, as: JourneyProposal.self)
    }

    /// A cycle's proposals, open first then adopted, then the rest; at most 500 (the artefacts of one cycle).
    func proposals(_ community: UUID, cycle: Int) async throws -> [JourneyProposal] {
        try await db.rows("""
            SELECT \(Self.proposalColumns) FROM journey_proposals p JOIN users u ON u.id = p.author_id
            WHERE p.community_id = \(bind: community) AND p.cycle = \(bind: cycle)
            ORDER BY CASE p.status WHEN \(literal: ProposalStatus.open.rawValue) THEN 0 WHEN \(literal: ProposalStatus.adopted.rawValue) THEN 1 ELSE 2 END,
              p.id LIMIT 500
            """, as: JourneyProposal.self)
    }

    /// The positions the rule counts: active members' only.
    static func countedPositions(_ db: any Database, community: UUID, _ proposal: UUID) async throws -> WeighedPositions {
        try await WeighedPositions.read(db, community: community, """
            SELECT x.stance AS stance, x.user_id AS user_id FROM journey_positions x JOIN journey_proposals p ON p.id = x.proposal_id
            JOIN memberships m ON m.user_id = x.user_id AND m.community_id = p.community_id
            WHERE x.proposal_id = \(bind: proposal) AND m.status = \(literal: MembershipStatus.active.rawValue)
            """)
    }

    // MARK: Actions

    static let actionColumns: SQLQueryString = """
        a.id, a.cycle, a.title, a.description, a.stake_id, s.title AS stake_title, a.needs, a.due_on, a.status, a.owner_id,
        o.handle AS owner_handle, a.outcome, a.created_at,
        (SELECT COUNT(*) FROM journey_participants t WHERE t.action_id = a.id) AS participants
        """

    static func actionRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> JourneyAction? {
        try await db.row("""
            SELECT \(actionColumns) FROM journey_actions a LEFT JOIN journey_proposals s ON s.id = a.stake_id LEFT JOIN users o ON o.id = a.owner_id
            WHERE a.id = \(bind: id) AND a.community_id = \(bind: community)
            """, as: JourneyAction.self)
    }

    /// The action a route's `:id` names, in this community; 404 otherwise.
    func requireAction(_ ctx: CommunityContext, _ id: String?) async throws -> JourneyAction {
        guard let id = id.flatMap(UUID.init(uuidString:)), let a = try await Self.actionRow(db, ctx.id, id) else { throw AppError.notFound }
        return a
    }

    /// Newest first, keyset-paged; `cycle` nil means every cycle.
    func actions(_ community: UUID, cycle: Int?, after: String?, limit: Int = 50) async throws -> KeysetPage<JourneyAction> {
        var q: SQLQueryString = """
            SELECT \(Self.actionColumns) FROM journey_actions a LEFT JOIN journey_proposals s ON s.id = a.stake_id LEFT JOIN users o ON o.id = a.owner_id
            WHERE a.community_id = \(bind: community)
            """
        if let cycle { q.appendLiteral(" AND a.cycle = \(cycle)") }
        if let id = try Cursor.after(after)?.id { q.appendLiteral(" AND a.id < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY a.id DESC LIMIT \(limit + 1)")
        return KeysetPage(rows: try await db.rows(q, as: JourneyAction.self), size: limit) { $0.id }
    }

    static func isParticipant(_ db: any Database, _ action: UUID, _ user: UUID) async throws -> Bool {
        try await sql(db).raw("SELECT id FROM journey_participants WHERE action_id = \(bind: action) AND user_id = \(bind: user)").first() != nil
    }

    func participants(_ action: UUID) async throws -> [JourneyPerson] {
        try await db.rows("""
            SELECT u.handle, u.display_name FROM journey_participants t JOIN users u ON u.id = t.user_id
            WHERE t.action_id = \(bind: action) ORDER BY t.joined_at LIMIT 500
            """, as: JourneyPerson.self)
    }

    /// Participants of several actions in one query (the report lists every action with its team).
    func participants(of actions: [UUID]) async throws -> [UUID: [JourneyPerson]] {
        guard !actions.isEmpty else { return [:] }
        struct Row: Decodable { let actionId: UUID, handle: String, displayName: String
            enum CodingKeys: String, CodingKey { case handle, actionId = "action_id", displayName = "display_name" } }
        let rows = try await db.rows("""
            SELECT t.action_id, u.handle, u.display_name FROM journey_participants t JOIN users u ON u.id = t.user_id
            WHERE t.action_id IN (\(binds: actions)) ORDER BY t.joined_at
            """, as: Row.self)
        return Dictionary(grouping: rows, by: \.actionId).mapValues { $0.map { JourneyPerson(handle: $0.handle, displayName: $0.displayName) } }
    }

    func updates(_ action: UUID) async throws -> [JourneyActionUpdate] {
        try await db.rows("""
            SELECT j.status, j.note, j.created_at, u.handle FROM journey_updates j JOIN users u ON u.id = j.user_id
            WHERE j.action_id = \(bind: action) ORDER BY j.id DESC LIMIT 200
            """, as: JourneyActionUpdate.self)
    }

    // MARK: Subjects

    enum Purpose { case assessment, recognition }
    struct Target { let kind: JourneySubjectKind; let id: UUID; let label: String; var actionStatus: ActionStatus? = nil; var cycle: Int? = nil }

    /// `id` is an action's id, a member's handle, or the community's slug — always inside this community.
    func resolve(_ ctx: CommunityContext, _ s: JourneyService.Subject, for purpose: Purpose) async throws -> Target {
        guard let kind = JourneySubjectKind(rawValue: s.kind) else { throw AppError.invalid(Violations(.kind, .notAChoice)) }
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

    /// A member of this community named by a route's `:handle`, as assessed (404 when there is none).
    func requireMember(_ ctx: CommunityContext, _ handle: String) async throws -> Target {
        guard let target = try? await resolve(ctx, .init(kind: JourneySubjectKind.member.rawValue, id: handle), for: .assessment) else { throw AppError.notFound }
        return target
    }
}
