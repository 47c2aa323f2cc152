import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every write of the six-step journey, each in one transaction. Proposals are decided by `DecisionEngine` under the
/// community's #CodeSocial rule; retrospectives turn their changes into amendments of the code's governance section.
/// Evaluation, recognition and retrospectives are in `JourneyService+Evaluation.swift`.
struct JourneyService {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    struct ProposalIn: Content, Sendable { let kind: String; let title: String; let body: String }
    struct ActionIn: Content, Sendable { let title: String; let description: String?; let stake: UUID?; let needs: String?; let dueOn: String? }
    struct StatusIn: Content, Sendable { let status: String; let note: String? }
    struct Subject: Content, Sendable { let kind: String; let id: String }
    struct AssessmentIn: Content, Sendable { let subject: Subject; let scores: Scores; let comment: String? }
    struct RecognitionIn: Content, Sendable { let to: Subject; let message: String; let criteria: [String]? }
    struct RetrospectiveIn: Content, Sendable { let worked: String; let didNot: String; let change: String? }

    /// The cycle the community is in (1 until a steward starts the next).
    static func cycle(_ db: any Database, _ community: UUID) async throws -> Int {
        struct Row: Decodable { let cycle: Int }
        return try await db.row("SELECT cycle FROM journeys WHERE community_id = \(bind: community)", as: Row.self)?.cycle ?? 1
    }

    /// A closed cycle's members' figures are published on the promise that they never move again (`EvaluationRelease`),
    /// and members are assessed in the open cycle only. On PostgreSQL an assessment could read the cycle just before the
    /// next one starts and commit after it: assessing holds this lock shared, starting the next cycle holds it alone, each
    /// until its transaction ends. SQLite runs one write transaction at a time (App/Writes.swift), so it needs none.
    static func lockCycle(_ db: any Database, _ community: UUID, exclusive: Bool) async throws {
        guard db.isPostgres else { return }
        let key = withUnsafeBytes(of: community.uuid) { $0.loadUnaligned(as: Int64.self) }
        let function = exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared"
        try await sql(db).raw("SELECT \(unsafeRaw: function)(\(bind: key))").run()
    }

    // MARK: Starting, templates, cycles

    /// Starts the journey from one of the four fields of application: suggested values and stakes become open
    /// proposals, first actions become planned actions — all editable or rejectable by the community.
    func start(_ ctx: CommunityContext, template raw: String) async throws {
        let viewer = try ctx.requireViewer()
        guard let template = JourneyTemplate(rawValue: raw) else { throw AppError.invalid(Violations(.kind, .notAChoice)) }
        let now = context.now
        let closes = now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        let lang = context.lang
        try await context.write { db in
            // Two stewards starting at once: the second finds the row and gets a clear 409.
            let started = try await sql(db).raw("""
                INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: ctx.id), 1, \(bind: template.rawValue), \(bind: now))
                ON CONFLICT (community_id) DO NOTHING RETURNING community_id
                """).first()
            guard started != nil else { throw AppError.conflict(JourneyText.errJourneyStarted.text) }
            try await Self.recordCycle(db, context.newID(), ctx.id, 1, now)
            for (kind, title, body) in template.proposals(lang) {
                try await Self.insertProposal(db, context.newID(), ctx.id, 1, kind, title, body, viewer.id, closes, now)
            }
            for (title, description) in template.actions(lang) {
                try await sql(db).raw("""
                    INSERT INTO journey_actions (id, community_id, cycle, title, description, needs, status, outcome, created_by, created_at)
                    VALUES (\(bind: context.newID()), \(bind: ctx.id), 1, \(bind: title), \(bind: description), '', \(bind: ActionStatus.planned.rawValue),
                      '', \(bind: viewer.id), \(bind: now))
                    """).run()
            }
        }
    }

    func nextCycle(_ ctx: CommunityContext) async throws -> Int {
        let seen = try await Self.cycle(context.db, ctx.id)
        let facts = try await JourneyQueries(context).facts(ctx.id, cycle: seen)
        guard JourneyRules.canStartNextCycle(facts) else { throw AppError.conflict(JourneyText.errCycleNotDone.text) }
        let now = context.now
        return try await context.write { db in
            try await Self.lockCycle(db, ctx.id, exclusive: true)
            // Conditional on the cycle the check saw, so two clicks never skip a cycle.
            try await sql(db).raw("""
                INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: ctx.id), 1, \(bind: JourneyTemplate.free.rawValue), \(bind: now))
                ON CONFLICT (community_id) DO NOTHING
                """).run()
            let moved = try await sql(db).raw("""
                UPDATE journeys SET cycle = cycle + 1, started_at = \(bind: now) WHERE community_id = \(bind: ctx.id) AND cycle = \(bind: seen) RETURNING cycle
                """).first()
            guard moved != nil else { throw AppError.conflict(CommonText.errStale.text) }
            try await Self.recordCycle(db, context.newID(), ctx.id, seen + 1, now)
            return seen + 1
        }
    }

    /// When a cycle started (`journey_cycles`, M043b): its restitution reads what happened from then to the next start.
    static func recordCycle(_ db: any Database, _ id: UUID, _ community: UUID, _ cycle: Int, _ at: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO journey_cycles (id, community_id, cycle, started_at) VALUES (\(bind: id), \(bind: community), \(bind: cycle), \(bind: at))
            ON CONFLICT (community_id, cycle) DO NOTHING
            """).run()
    }

    // MARK: Proposals, decided like amendments

    func propose(_ ctx: CommunityContext, _ input: ProposalIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let v = try ProposalDraft(kind: input.kind, title: input.title, body: input.body).validated().mapError(AppError.invalid).get()
        let id = context.newID()
        let now = context.now
        let closes = now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        let app = context.app
        try await context.writeAnnouncing { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await Self.insertProposal(db, id, ctx.id, cycle, v.kind, v.title, v.body, viewer.id, closes, now)
            try await Notify.everyone(db, app: app, community: ctx.id, kind: .decision, actor: viewer.handle, actorID: viewer.id,
                                      subject: NotificationView.excerpt(v.title), link: JourneyEndpoints.overview.path(ctx.community.slug), now: now)
        }
        return id
    }

    private static func insertProposal(_ db: any Database, _ id: UUID, _ community: UUID, _ cycle: Int, _ kind: ProposalKind, _ title: String,
                                       _ body: String, _ author: UUID, _ closes: Date, _ now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO journey_proposals (id, community_id, cycle, kind, title, body, author_id, status, closes_at, created_at)
            VALUES (\(bind: id), \(bind: community), \(bind: cycle), \(bind: kind.rawValue), \(bind: title), \(bind: body), \(bind: author),
              \(bind: ProposalStatus.open.rawValue), \(bind: closes), \(bind: now))
            """).run()
    }

    /// A new position replaces the member's previous one on the proposal.
    func position(_ ctx: CommunityContext, proposal: UUID, stance raw: String, reason rawReason: String) async throws {
        let viewer = try ctx.requireViewer()
        guard let stance = Stance(rawValue: raw) else { throw AppError.invalid(Violations(.stance, .notAChoice)) }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if stance == .object && reason.count < 10 { throw AppError.invalid(Violations(.reason, .tooShort(min: 10))) }
        if reason.count > 5_000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 5_000))) }
        let now = context.now
        try await context.write { db in
            guard let p = try await JourneyQueries.proposalRow(db, ctx.id, proposal) else { throw AppError.notFound }
            guard p.status == .open else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
            try await sql(db).raw("""
                INSERT INTO journey_positions (id, proposal_id, user_id, stance, reason, created_at)
                VALUES (\(bind: context.newID()), \(bind: proposal), \(bind: viewer.id), \(bind: stance.rawValue), \(bind: reason), \(bind: now))
                ON CONFLICT (proposal_id, user_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason, created_at = excluded.created_at
                """).run()
        }
    }

    /// Applies the community's rule now (a steward), or as of `now` (the closer, once the proposal's time is up).
    func decide(_ community: Community, proposal: UUID, asOf now: Date? = nil) async throws -> Outcome {
        let now = now ?? context.now
        let app = context.app
        return try await context.writeAnnouncing { db in
            guard let p = try await JourneyQueries.proposalRow(db, community.id!, proposal) else { throw AppError.notFound }
            guard p.status == .open else { return p.status.outcome }
            let counted = try await JourneyQueries.countedPositions(db, community: community.id!, proposal)
            let tally = DecisionEngine.tally(counted.positions, activeMembers: community.memberCount, policy: community.decisionPolicy,
                                             weighted: counted.weighted)
            let outcome = DecisionEngine.decide(tally, policy: community.decisionPolicy, closesAt: p.closesAt, now: now)
            guard outcome != .open else { return .open }
            // On PostgreSQL two deciders can both have read 'open': only the one whose update changed the row announces it.
            let changed = try await sql(db).raw("""
                UPDATE journey_proposals SET status = \(bind: ProposalStatus(outcome).rawValue), decided_at = \(bind: now)
                WHERE id = \(bind: proposal) AND status = \(bind: ProposalStatus.open.rawValue) RETURNING id
                """).first()
            guard changed != nil else {
                let decided = try await JourneyQueries.proposalRow(db, community.id!, proposal)
                return decided?.status.outcome ?? .open
            }
            if outcome == .adopted {
                try await Notify.feed(db, app: app, community: community.id!, slug: community.slug, .adopted, actor: nil, subject: p.title,
                                      link: JourneyEndpoints.overview.path(community.slug), now: now)
            }
            return outcome
        }
    }

    /// Decides every open proposal whose time is up (`asOf`: now unless a test moves the clock); returns how many were decided.
    func closeDueProposals(asOf now: Date? = nil) async throws -> Int {
        let now = now ?? context.now
        struct Due: Decodable { let id: UUID; let communityId: UUID; enum CodingKeys: String, CodingKey { case id, communityId = "community_id" } }
        let due = try await context.db.rows("""
            SELECT p.id, p.community_id FROM journey_proposals p JOIN communities c ON c.id = p.community_id
            WHERE p.status = \(literal: ProposalStatus.open.rawValue) AND p.closes_at <= \(bind: now) AND c.stage <> \(literal: LifeStage.closed.rawValue)
            LIMIT 100
            """, as: Due.self)
        var decided = 0
        for d in due {
            guard let row = try await context.db.row("SELECT \(Community.columns) FROM communities c WHERE c.id = \(bind: d.communityId)",
                                                     as: Community.Row.self) else { continue }
            do {
                if try await decide(Community(row: row), proposal: d.id, asOf: now) != .open { decided += 1 }
            } catch {
                context.logger.warning("deciding a journey proposal failed", metadata: ["proposal": "\(d.id)", "error": "\(error)"])
            }
        }
        return decided
    }

    // MARK: Actions

    func createAction(_ ctx: CommunityContext, _ input: ActionIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let v = try ActionDraft(title: input.title, description: input.description ?? "", needs: input.needs ?? "", dueOn: input.dueOn)
            .validated().mapError(AppError.invalid).get()
        if let stake = input.stake {
            // Actions serve a stake (or purpose) the community has adopted.
            guard let p = try await JourneyQueries.proposalRow(context.db, ctx.id, stake), p.status == .adopted, p.kind == .stake || p.kind == .purpose
            else { throw AppError.invalid(Violations(.stake, .notAChoice)) }
        }
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await sql(db).raw("""
                INSERT INTO journey_actions (id, community_id, cycle, title, description, stake_id, needs, due_on, status, outcome, created_by, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: v.title), \(bind: v.description), \(bind: input.stake), \(bind: v.needs),
                  \(bind: v.dueOn), \(bind: ActionStatus.planned.rawValue), '', \(bind: viewer.id), \(bind: now))
                """).run()
        }
        return id
    }

    /// Joins the action's team; the first volunteer of an action without owner becomes its owner.
    func volunteer(_ ctx: CommunityContext, action: UUID) async throws {
        let viewer = try ctx.requireViewer()
        let now = context.now
        try await context.write { db in
            guard let a = try await JourneyQueries.actionRow(db, ctx.id, action) else { throw AppError.notFound }
            guard a.status == .planned || a.status == .inProgress else { throw AppError.conflict(JourneyText.errActionClosed.text) }
            try await sql(db).raw("""
                INSERT INTO journey_participants (id, action_id, user_id, joined_at) VALUES (\(bind: context.newID()), \(bind: action), \(bind: viewer.id), \(bind: now))
                ON CONFLICT (action_id, user_id) DO NOTHING
                """).run()
            try await sql(db).raw("UPDATE journey_actions SET owner_id = \(bind: viewer.id) WHERE id = \(bind: action) AND owner_id IS NULL").run()
        }
    }

    /// planned → in progress (needs an owner) → done (needs an outcome report) or dropped; the same status with a note
    /// is a progress update. Only the action's team and stewards move it.
    func setStatus(_ ctx: CommunityContext, action: UUID, _ input: StatusIn) async throws {
        let viewer = try ctx.requireViewer()
        guard let next = ActionStatus(rawValue: input.status) else { throw AppError.invalid(Violations(.status, .notAChoice)) }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 5_000 { throw AppError.invalid(Violations(.note, .tooLong(max: 5_000))) }
        let now = context.now
        let steward = ctx.can(.steward)
        try await context.writeAnnouncing { db in
            guard let a = try await JourneyQueries.actionRow(db, ctx.id, action) else { throw AppError.notFound }
            let current = a.status
            let team = try await JourneyQueries.isParticipant(db, action, viewer.id)
            guard team || steward else { throw AppError.forbidden(JourneyText.errTeamOnly.text) }
            if !team { try await ctx.recheck(.steward, in: db) }
            if next == current {
                guard current == .inProgress || current == .planned else { throw AppError.conflict(JourneyText.errActionClosed.text) }
                if note.count < 3 { throw AppError.invalid(Violations(.note, .tooShort(min: 3))) }
            } else {
                guard current.canMove(to: next) else { throw AppError.conflict(JourneyText.errActionMove.text) }
                if next == .inProgress && a.ownerId == nil { throw AppError.conflict(JourneyText.errActionNeedsOwner.text) }
                if next == .done && note.count < 10 { throw AppError.invalid(Violations(.note, .tooShort(min: 10))) }
                let done = try await sql(db).raw("""
                    UPDATE journey_actions SET status = \(bind: next.rawValue), outcome = \(bind: next == .done || next == .dropped ? note : a.outcome)
                    WHERE id = \(bind: action) AND status = \(bind: current.rawValue) RETURNING id
                    """).first()
                guard done != nil else { throw AppError.conflict(CommonText.errStale.text) }
                if next == .done {
                    try await Notify.feed(db, app: context.app, community: ctx.id, slug: ctx.community.slug, .actionDone, actor: viewer.id, subject: a.title,
                                          link: JourneyEndpoints.action.path(ctx.community.slug, action), now: now)
                    try await Notify.credibilityChanged(db, ctx.id)
                }
            }
            try await sql(db).raw("""
                INSERT INTO journey_updates (id, action_id, user_id, status, note, created_at)
                VALUES (\(bind: context.newID()), \(bind: action), \(bind: viewer.id), \(bind: next.rawValue), \(bind: note), \(bind: now))
                """).run()
        }
    }
}
