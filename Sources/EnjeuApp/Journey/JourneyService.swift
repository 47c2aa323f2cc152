import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every write of the six-step journey, each in one transaction. Proposals are decided by `DecisionEngine` under the
/// community's #CodeSocial rule; retrospectives turn their changes into amendments of the code's governance section.
struct JourneyService {
    let req: Request

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
        guard sql(db).dialect.name == "postgresql" else { return }
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
        let now = req.now
        let ids = req.application.enjeu.ids
        let closes = now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        let lang = req.lang
        try await req.write { db in
            // Two stewards starting at once: the second finds the row and gets a clear 409.
            let started = try await sql(db).raw("""
                INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: ctx.id), 1, \(bind: template.rawValue), \(bind: now))
                ON CONFLICT (community_id) DO NOTHING RETURNING community_id
                """).first()
            guard started != nil else { throw AppError.conflict(.errJourneyStarted) }
            for (kind, title, body) in template.proposals(lang) {
                try await Self.insertProposal(db, ids.next(), ctx.id, 1, kind, title, body, viewer.id, closes, now)
            }
            for (title, description) in template.actions(lang) {
                try await sql(db).raw("""
                    INSERT INTO journey_actions (id, community_id, cycle, title, description, needs, status, outcome, created_by, created_at)
                    VALUES (\(bind: ids.next()), \(bind: ctx.id), 1, \(bind: title), \(bind: description), '', 'planned', '', \(bind: viewer.id), \(bind: now))
                    """).run()
            }
        }
    }

    func nextCycle(_ ctx: CommunityContext) async throws -> Int {
        let seen = try await Self.cycle(req.db, ctx.id)
        let facts = try await JourneyQueries(req).facts(ctx.id, cycle: seen)
        guard JourneyRules.canStartNextCycle(facts) else { throw AppError.conflict(.errCycleNotDone) }
        let now = req.now
        return try await req.write { db in
            try await Self.lockCycle(db, ctx.id, exclusive: true)
            // Conditional on the cycle the check saw, so two clicks never skip a cycle.
            try await sql(db).raw("""
                INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: ctx.id), 1, 'free', \(bind: now))
                ON CONFLICT (community_id) DO NOTHING
                """).run()
            let moved = try await sql(db).raw("""
                UPDATE journeys SET cycle = cycle + 1, started_at = \(bind: now) WHERE community_id = \(bind: ctx.id) AND cycle = \(bind: seen) RETURNING cycle
                """).first()
            guard moved != nil else { throw AppError.conflict(.errStale) }
            return seen + 1
        }
    }

    // MARK: Proposals, decided like amendments

    func propose(_ ctx: CommunityContext, _ input: ProposalIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let v = try ProposalDraft(kind: input.kind, title: input.title, body: input.body).validated().mapError(AppError.invalid).get()
        let id = req.newID()
        let now = req.now
        let closes = now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        let app = req.application
        try await req.writeAnnouncing { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await Self.insertProposal(db, id, ctx.id, cycle, v.kind, v.title, v.body, viewer.id, closes, now)
            try await Notify.everyone(db, app: app, community: ctx.id, kind: .decision, actor: viewer.handle,
                                      actorID: viewer.id, subject: NotificationView.excerpt(v.title), link: Paths.journey(ctx.community.slug), now: now)
        }
        return id
    }

    private static func insertProposal(_ db: any Database, _ id: UUID, _ community: UUID, _ cycle: Int, _ kind: ProposalKind, _ title: String,
                                       _ body: String, _ author: UUID, _ closes: Date, _ now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO journey_proposals (id, community_id, cycle, kind, title, body, author_id, status, closes_at, created_at)
            VALUES (\(bind: id), \(bind: community), \(bind: cycle), \(bind: kind.rawValue), \(bind: title), \(bind: body), \(bind: author),
              'open', \(bind: closes), \(bind: now))
            """).run()
    }

    /// A new position replaces the member's previous one on the proposal.
    func position(_ ctx: CommunityContext, proposal: UUID, stance raw: String, reason rawReason: String) async throws {
        let viewer = try ctx.requireViewer()
        guard let stance = Stance(rawValue: raw) else { throw AppError.invalid(Violations(.stance, .notAChoice)) }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if stance == .object && reason.count < 10 { throw AppError.invalid(Violations(.reason, .tooShort(min: 10))) }
        if reason.count > 5_000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 5_000))) }
        let now = req.now
        let ids = req.application.enjeu.ids
        try await req.write { db in
            guard let p = try await JourneyQueries.proposalRow(db, ctx.id, proposal) else { throw AppError.notFound }
            guard p.status == "open" else { throw AppError.conflict(.errAlreadyDecided) }
            try await sql(db).raw("""
                INSERT INTO journey_positions (id, proposal_id, user_id, stance, reason, created_at)
                VALUES (\(bind: ids.next()), \(bind: proposal), \(bind: viewer.id), \(bind: stance.rawValue), \(bind: reason), \(bind: now))
                ON CONFLICT (proposal_id, user_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason, created_at = excluded.created_at
                """).run()
        }
    }

    /// Applies the community's rule now (stewards, or the background closer once the proposal's time is up).
    static func decide(app: Application, db: any Database, community: Community, proposal: UUID, now: Date) async throws -> Outcome {
        try await app.writeAnnouncing(on: db) { db in
            guard let p = try await JourneyQueries.proposalRow(db, community.id!, proposal) else { throw AppError.notFound }
            guard p.status == "open" else { return Outcome(rawValue: p.status) ?? .open }
            let stances = try await JourneyQueries.countedStances(db, proposal)
            let tally = DecisionEngine.tally(stances, activeMembers: community.memberCount, policy: community.decisionPolicy)
            let outcome = DecisionEngine.decide(tally, policy: community.decisionPolicy, closesAt: p.closesAt, now: now)
            guard outcome != .open else { return .open }
            // On PostgreSQL two deciders can both have read 'open': only the one whose update changed the row announces it.
            let changed = try await sql(db).raw("""
                UPDATE journey_proposals SET status = \(bind: outcome.rawValue), decided_at = \(bind: now)
                WHERE id = \(bind: proposal) AND status = 'open' RETURNING id
                """).first()
            guard changed != nil else {
                let decided = try await JourneyQueries.proposalRow(db, community.id!, proposal)
                return decided.flatMap { Outcome(rawValue: $0.status) } ?? .open
            }
            if outcome == .adopted {
                try await Notify.feed(db, app: app, community: community.id!, slug: community.slug, .adopted, actor: nil, subject: p.title,
                                      link: Paths.journey(community.slug), now: now)
            }
            return outcome
        }
    }

    /// Decides every open proposal whose time is up (run with the amendments by `AmendmentCloser`).
    static func decideDue(app: Application, now: Date) async throws -> Int {
        struct Due: Decodable { let id: UUID; let communityId: UUID; enum CodingKeys: String, CodingKey { case id, communityId = "community_id" } }
        let due = try await app.db.rows("""
            SELECT id, community_id FROM journey_proposals WHERE status = 'open' AND closes_at <= \(bind: now) LIMIT 100
            """, as: Due.self)
        var decided = 0
        for d in due {
            guard let row = try await app.db.row("SELECT \(Community.columns) FROM communities c WHERE c.id = \(bind: d.communityId)",
                                                 as: Community.Row.self) else { continue }
            do {
                if try await decide(app: app, db: app.db, community: Community(row: row), proposal: d.id, now: now) != .open { decided += 1 }
            } catch {
                app.logger.warning("deciding a journey proposal failed", metadata: ["proposal": "\(d.id)", "error": "\(error)"])
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
            guard let p = try await JourneyQueries.proposalRow(req.db, ctx.id, stake), p.status == "adopted",
                  p.kind == ProposalKind.stake.rawValue || p.kind == ProposalKind.purpose.rawValue
            else { throw AppError.invalid(Violations(.stake, .notAChoice)) }
        }
        let id = req.newID()
        let now = req.now
        try await req.write { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await sql(db).raw("""
                INSERT INTO journey_actions (id, community_id, cycle, title, description, stake_id, needs, due_on, status, outcome, created_by, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: v.title), \(bind: v.description), \(bind: input.stake), \(bind: v.needs),
                  \(bind: v.dueOn), 'planned', '', \(bind: viewer.id), \(bind: now))
                """).run()
        }
        return id
    }

    /// Joins the action's team; the first volunteer of an action without owner becomes its owner.
    func volunteer(_ ctx: CommunityContext, action: UUID) async throws {
        let viewer = try ctx.requireViewer()
        let now = req.now
        let ids = req.application.enjeu.ids
        try await req.write { db in
            guard let a = try await JourneyQueries.actionRow(db, ctx.id, action) else { throw AppError.notFound }
            guard a.status == ActionStatus.planned.rawValue || a.status == ActionStatus.inProgress.rawValue else { throw AppError.conflict(.errActionClosed) }
            try await sql(db).raw("""
                INSERT INTO journey_participants (id, action_id, user_id, joined_at) VALUES (\(bind: ids.next()), \(bind: action), \(bind: viewer.id), \(bind: now))
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
        let now = req.now
        let ids = req.application.enjeu.ids
        let steward = ctx.can(.steward)
        let app = req.application
        try await req.writeAnnouncing { db in
            guard let a = try await JourneyQueries.actionRow(db, ctx.id, action) else { throw AppError.notFound }
            guard let current = ActionStatus(rawValue: a.status) else { throw AppError.notFound }
            let team = try await JourneyQueries.isParticipant(db, action, viewer.id)
            guard team || steward else { throw AppError.forbidden(.errTeamOnly) }
            if next == current {
                guard current == .inProgress || current == .planned else { throw AppError.conflict(.errActionClosed) }
                if note.count < 3 { throw AppError.invalid(Violations(.note, .tooShort(min: 3))) }
            } else {
                guard current.canMove(to: next) else { throw AppError.conflict(.errActionMove) }
                if next == .inProgress && a.ownerId == nil { throw AppError.conflict(.errActionNeedsOwner) }
                if next == .done && note.count < 10 { throw AppError.invalid(Violations(.note, .tooShort(min: 10))) }
                let done = try await sql(db).raw("""
                    UPDATE journey_actions SET status = \(bind: next.rawValue), outcome = \(bind: next == .done || next == .dropped ? note : a.outcome)
                    WHERE id = \(bind: action) AND status = \(bind: current.rawValue) RETURNING id
                    """).first()
                guard done != nil else { throw AppError.conflict(.errStale) }
                if next == .done {
                    try await Notify.feed(db, app: app, community: ctx.id, slug: ctx.community.slug, .actionDone, actor: viewer.id, subject: a.title,
                                          link: Paths.journeyAction(ctx.community.slug, action), now: now)
                    try await Notify.credibilityChanged(db, ctx.id)
                }
            }
            try await sql(db).raw("""
                INSERT INTO journey_updates (id, action_id, user_id, status, note, created_at)
                VALUES (\(bind: ids.next()), \(bind: action), \(bind: viewer.id), \(bind: next.rawValue), \(bind: note), \(bind: now))
                """).run()
        }
    }

    // MARK: Evaluation and recognition

    /// Participants assess a done action; members assess each other (or themselves, shown apart as self-assessment).
    /// A second assessment replaces the first, which is kept; the maintained sums move in the same transaction.
    func assess(_ ctx: CommunityContext, _ input: AssessmentIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let scores = try input.scores.validated().mapError(AppError.invalid).get()
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > 5_000 { throw AppError.invalid(Violations(.comment, .tooLong(max: 5_000))) }
        let target = try await JourneyQueries(req).resolve(ctx, input.subject, for: .assessment)
        let isSelf: Bool
        var subjectCycle: Int?
        switch target.kind {
        case .action:
            guard let status = target.actionStatus else { throw AppError.notFound }
            if status == ActionStatus.dropped.rawValue { throw AppError.conflict(.errDroppedAction) }
            guard status == ActionStatus.done.rawValue else { throw AppError.conflict(.errActionNotDone) }
            guard try await JourneyQueries.isParticipant(req.db, target.id, viewer.id) else { throw AppError.forbidden(.errParticipantsOnly) }
            isSelf = true
            subjectCycle = target.cycle
        case .member:
            isSelf = target.id == viewer.id
        case .community:
            throw AppError.invalid(Violations(.kind, .notAChoice))
        }
        let id = req.newID()
        let now = req.now
        let kind = target.kind.rawValue
        let fixedCycle = subjectCycle
        try await req.write { db in
            // An action is assessed in its own cycle; a member in the current one (earlier cycles' reports do not move,
            // and their published members' figures must not: see `lockCycle`).
            var cycle = fixedCycle ?? 0
            if fixedCycle == nil {
                try await Self.lockCycle(db, ctx.id, exclusive: false)
                cycle = try await Self.cycle(db, ctx.id)
            }
            // How well an action is assessed is part of its team's verified results.
            if kind == "action" { try await Notify.credibilityChanged(db, ctx.id) }
            struct Old: Decodable {
                let cycle: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int, wasSelf: Bool
                enum CodingKeys: String, CodingKey { case cycle, material, consciousness, mastery, maturity, wasSelf = "self" }
            }
            let old = try await db.rows("""
                UPDATE journey_assessments SET current = \(bind: false)
                WHERE subject_kind = \(bind: kind) AND subject_id = \(bind: target.id) AND assessor_id = \(bind: viewer.id)
                  AND current = \(bind: true) AND community_id = \(bind: ctx.id) AND cycle = \(bind: cycle)
                RETURNING cycle, material, consciousness, mastery, maturity, self
                """, as: Old.self)
            for o in old {
                let s = Scores(material: o.material, consciousness: o.consciousness, mastery: o.mastery, maturity: o.maturity)
                try await Self.aggregate(db, ctx.id, o.cycle, kind, target.id, o.wasSelf, s, sign: -1)
            }
            // The partial unique index refuses a second current assessment sent concurrently.
            do { try await sql(db).raw("""
                INSERT INTO journey_assessments (id, community_id, cycle, subject_kind, subject_id, assessor_id, self, material, consciousness,
                  mastery, maturity, comment, current, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: target.kind.rawValue), \(bind: target.id), \(bind: viewer.id),
                  \(bind: isSelf), \(bind: scores.material), \(bind: scores.consciousness), \(bind: scores.mastery), \(bind: scores.maturity),
                  \(bind: comment), \(bind: true), \(bind: now))
                """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure { throw AppError.conflict(.errStale) }
            try await Self.aggregate(db, ctx.id, cycle, kind, target.id, isSelf, scores, sign: 1)
        }
        return id
    }

    /// Adds (or removes) one assessment to its subject's sums; an action's also to its cycle's (`cycle`). Members' sums
    /// stay per member: the community's figures add them cell by cell through `EvaluationRelease`, which needs to
    /// know how many members each cell covers.
    static func aggregate(_ db: any Database, _ community: UUID, _ cycle: Int, _ kind: String, _ subject: UUID, _ isSelf: Bool,
                                  _ s: Scores, sign: Int) async throws {
        for (k, id) in kind == "member" ? [(kind, subject)] : [(kind, subject), ("cycle", community)] {
            try await sql(db).raw("""
                INSERT INTO journey_aggregates (id, community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity)
                VALUES (\(bind: UUID()), \(bind: community), \(bind: cycle), \(bind: k), \(bind: id), \(bind: isSelf), \(bind: sign),
                  \(bind: sign * s.material), \(bind: sign * s.consciousness), \(bind: sign * s.mastery), \(bind: sign * s.maturity))
                ON CONFLICT (community_id, cycle, subject_kind, subject_id, self) DO UPDATE SET
                  n = journey_aggregates.n + excluded.n, material = journey_aggregates.material + excluded.material,
                  consciousness = journey_aggregates.consciousness + excluded.consciousness,
                  mastery = journey_aggregates.mastery + excluded.mastery, maturity = journey_aggregates.maturity + excluded.maturity
                """).run()
        }
    }

    func recognize(_ ctx: CommunityContext, _ input: RecognitionIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.message, message, min: 3, max: 2_000)
        let criteria = input.criteria ?? []
        if criteria.contains(where: { Criterion(rawValue: $0) == nil }) { v.add(.rating, .notAChoice) }
        guard v.isEmpty else { throw AppError.invalid(v) }
        let target = try await JourneyQueries(req).resolve(ctx, input.to, for: .recognition)
        switch target.kind {
        case .member where target.id == viewer.id: throw AppError.forbidden(.errNotYourself)
        case .action where try await JourneyQueries.isParticipant(req.db, target.id, viewer.id): throw AppError.forbidden(.errNotYourself)
        default: break
        }
        let id = req.newID()
        let now = req.now
        let unique = Array(Set(criteria)).sorted()
        let app = req.application
        try await req.writeAnnouncing { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await sql(db).raw("""
                INSERT INTO journey_recognitions (id, community_id, cycle, from_id, to_kind, to_id, to_label, message, criteria, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: viewer.id), \(bind: target.kind.rawValue), \(bind: target.id),
                  \(bind: target.label), \(bind: message), \(bind: unique.joined(separator: ",")), \(bind: now))
                """).run()
            if target.kind == .member {
                try await Notify.users(db, app: app, [target.id], community: ctx.id, kind: .recognition, actor: viewer.handle, actorID: viewer.id,
                                       subject: NotificationView.excerpt(message), link: Paths.journeyWall(ctx.community.slug), now: now)
            }
        }
        return id
    }

    // MARK: Step 6: retrospectives feed the governance section of the #CodeSocial

    func retrospective(_ ctx: CommunityContext, _ input: RetrospectiveIn) async throws -> (id: UUID, amendment: UUID?) {
        let viewer = try ctx.requireViewer()
        var v = Violations()
        let worked = input.worked.trimmingCharacters(in: .whitespacesAndNewlines)
        let didNot = input.didNot.trimmingCharacters(in: .whitespacesAndNewlines)
        let change = (input.change ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.worked, worked, min: 3, max: 5_000)
        v.checkLength(.didNot, didNot, min: 3, max: 5_000)
        v.checkLength(.change, change, min: 0, max: 5_000)
        guard v.isEmpty else { throw AppError.invalid(v) }
        let cycle = try await Self.cycle(req.db, ctx.id)
        let id = req.newID()
        let now = req.now
        let record: @Sendable (any Database, UUID?) async throws -> Void = { db, amendment in
            try await sql(db).raw("""
                INSERT INTO journey_retrospectives (id, community_id, cycle, author_id, worked, did_not, change, amendment_id, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: viewer.id), \(bind: worked), \(bind: didNot), \(bind: change),
                  \(bind: amendment), \(bind: now))
                """).run()
        }
        guard !change.isEmpty else {
            try await req.write { db in try await record(db, nil) }
            return (id, nil)
        }
        // The change becomes an amendment of the governance section, decided like any other; both rows in one transaction.
        let head = ctx.community.codeRevision
        let current = try await CodeQueries(req).snapshot(ctx.id, at: head)[.governance]
        let body = current.isEmpty ? change : current + "\n\n" + change
        let a = try await CodeService(req: req).propose(ctx, baseRevision: head, summary: req.lang[.retroAmendmentSummary(cycle)],
                                                        reason: String((worked + "\n\n" + didNot).prefix(5_000)),
                                                        changes: [.init(section: SectionKey.governance.rawValue, body: body)],
                                                        alongside: { db, amendment in try await record(db, amendment) })
        return (id, a.id)
    }
}
