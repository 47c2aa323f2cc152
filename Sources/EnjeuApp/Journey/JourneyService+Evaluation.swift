import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Assessments on the four criteria, recognitions, and the retrospectives of step 6.
extension JourneyService {
    // MARK: Evaluation and recognition

    /// Participants assess a done action; members assess each other (or themselves, shown apart as self-assessment).
    /// A second assessment replaces the first, which is kept; the maintained sums move in the same transaction.
    func assess(_ ctx: CommunityContext, _ input: AssessmentIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let scores = try input.scores.validated().mapError(AppError.invalid).get()
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > 5_000 { throw AppError.invalid(Violations(.comment, .tooLong(max: 5_000))) }
        let target = try await JourneyQueries(context).resolve(ctx, input.subject, for: .assessment)
        let isSelf: Bool
        let kind: AggregateKind
        var subjectCycle: Int?
        switch target.kind {
        case .action:
            guard let status = target.actionStatus else { throw AppError.notFound }
            if status == .dropped { throw AppError.conflict(JourneyText.errDroppedAction.text) }
            guard status == .done else { throw AppError.conflict(JourneyText.errActionNotDone.text) }
            guard try await JourneyQueries.isParticipant(context.db, target.id, viewer.id) else { throw AppError.forbidden(JourneyText.errParticipantsOnly.text) }
            isSelf = true
            kind = .action
            subjectCycle = target.cycle
        case .member:
            isSelf = target.id == viewer.id
            kind = .member
        case .community:
            throw AppError.invalid(Violations(.kind, .notAChoice))
        }
        let id = context.newID()
        let now = context.now
        let fixedCycle = subjectCycle
        try await context.write { db in
            // An action is assessed in its own cycle; a member in the current one (earlier cycles' reports do not move,
            // and their published members' figures must not: see `lockCycle`).
            var cycle = fixedCycle ?? 0
            if fixedCycle == nil {
                try await Self.lockCycle(db, ctx.id, exclusive: false)
                cycle = try await Self.cycle(db, ctx.id)
            }
            // How well an action is assessed is part of its team's verified results.
            if kind == .action { try await Notify.credibilityChanged(db, ctx.id) }
            struct Old: Decodable {
                let cycle: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int, wasSelf: Bool
                enum CodingKeys: String, CodingKey { case cycle, material, consciousness, mastery, maturity, wasSelf = "self" }
            }
            let old = try await db.rows("""
                UPDATE journey_assessments SET current = \(bind: false)
                WHERE subject_kind = \(bind: kind.rawValue) AND subject_id = \(bind: target.id) AND assessor_id = \(bind: viewer.id)
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
            } catch let e as any DatabaseError where e.isConstraintFailure { throw AppError.conflict(CommonText.errStale.text) }
            try await Self.aggregate(db, ctx.id, cycle, kind, target.id, isSelf, scores, sign: 1)
        }
        return id
    }

    /// Adds (or removes) one assessment to its subject's sums; an action's also to its cycle's (`cycle`). Members' sums
    /// stay per member: the community's figures add them cell by cell through `EvaluationRelease`, which needs to
    /// know how many members each cell covers.
    static func aggregate(_ db: any Database, _ community: UUID, _ cycle: Int, _ kind: AggregateKind, _ subject: UUID, _ isSelf: Bool,
                          _ s: Scores, sign: Int) async throws {
        for (k, id) in kind == .member ? [(kind, subject)] : [(kind, subject), (AggregateKind.cycle, community)] {
            try await sql(db).raw("""
                INSERT INTO journey_aggregates (id, community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity)
                VALUES (\(bind: UUID()), \(bind: community), \(bind: cycle), \(bind: k.rawValue), \(bind: id), \(bind: isSelf), \(bind: sign),
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
        let target = try await JourneyQueries(context).resolve(ctx, input.to, for: .recognition)
        switch target.kind {
        case .member where target.id == viewer.id: throw AppError.forbidden(JourneyText.errNotYourself.text)
        case .action where try await JourneyQueries.isParticipant(context.db, target.id, viewer.id): throw AppError.forbidden(JourneyText.errNotYourself.text)
        default: break
        }
        let id = context.newID()
        let now = context.now
        let unique = Array(Set(criteria)).sorted()
        let app = context.app
        try await context.writeAnnouncing { db in
            let cycle = try await Self.cycle(db, ctx.id)
            try await sql(db).raw("""
                INSERT INTO journey_recognitions (id, community_id, cycle, from_id, to_kind, to_id, to_label, message, criteria, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: viewer.id), \(bind: target.kind.rawValue), \(bind: target.id),
                  \(bind: target.label), \(bind: message), \(bind: unique.joined(separator: ",")), \(bind: now))
                """).run()
            if target.kind == .member {
                try await Notify.users(db, app: app, [target.id], community: ctx.id, kind: .recognition, actor: viewer.handle, actorID: viewer.id,
                                       subject: NotificationView.excerpt(message), link: JourneyEndpoints.wall.path(ctx.community.slug), now: now)
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
        // Read again inside the write: a next cycle begun meanwhile must not receive this cycle's retrospective.
        let cycle = try await Self.cycle(context.db, ctx.id)
        let id = context.newID()
        let now = context.now
        let record: @Sendable (any Database, UUID?) async throws -> Void = { db, amendment in
            let cycle = try await Self.cycle(db, ctx.id)
            try await sql(db).raw("""
                INSERT INTO journey_retrospectives (id, community_id, cycle, author_id, worked, did_not, change, amendment_id, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: cycle), \(bind: viewer.id), \(bind: worked), \(bind: didNot), \(bind: change),
                  \(bind: amendment), \(bind: now))
                """).run()
        }
        guard !change.isEmpty else {
            try await context.write { db in try await record(db, nil) }
            return (id, nil)
        }
        // The change becomes an amendment of the governance section, decided like any other; both rows in one transaction.
        let head = ctx.community.codeRevision
        let current = try await CodeQueries(context).snapshot(ctx.id, at: head)[.governance]
        let body = current.isEmpty ? change : current + "\n\n" + change
        let a = try await CodeService(context).propose(ctx, baseRevision: head, summary: context.lang[.retroAmendmentSummary(cycle)],
                                                       reason: String((worked + "\n\n" + didNot).prefix(5_000)),
                                                       changes: [.init(section: SectionKey.governance.rawValue, body: body)],
                                                       alongside: { db, amendment in try await record(db, amendment) })
        return (id, a.id)
    }
}
