import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every change proper to programmes, each in one transaction: creating one, a community's place in it, a joined
/// community's member accepting its charter, and merging a community's indicator into one of its indicators. Everything
/// else (people's and organisations' requests, charters, indicators, contributions, credits) is the community's own
/// machinery over the programme's `communities` row.
struct ProgrammeService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    struct NewProgramme: Content, Sendable {
        let slug: String, name: String, purpose: String, charter: String
        /// public (default: its card and list of indicators are open to anyone, its values to its participants) or members.
        let visibility: String?
    }

    func create(_ input: NewProgramme, founder: Viewer) async throws -> Community {
        let draft = CommunityDraft(slug: input.slug, name: input.name, purpose: input.purpose, perimeter: "", rhythm: "",
                                   stage: LifeStage.emerging.rawValue, visibility: input.visibility ?? Visibility.public.rawValue,
                                   charter: input.charter)
        let valid = try draft.validated().mapError(AppError.invalid).get()
        return try await CommunityService(ctx).create(valid, founder: founder, kind: .programme)
    }

    /// A community's steward asks for it to join (the caller has checked the steward through the gate). Twice → 409,
    /// settled by the partial unique index when two ask at once.
    func requestJoin(_ programme: CommunityContext, community: CommunityContext) async throws -> UUID {
        let steward = try community.requireViewer()
        let id = ctx.newID()
        let app = ctx.app
        try await ctx.writeAnnouncing { db in
            // The joining community's steward, still one now (the gate read it before).
            try await community.recheck(.steward, in: db)
            struct Live: Decodable { let id: UUID }
            let live = try await db.row("""
                SELECT id FROM programme_communities WHERE programme_id = \(bind: programme.id) AND community_id = \(bind: community.id)
                  AND status IN (\(bind: ProgrammeJoinStatus.pending.rawValue), \(bind: ProgrammeJoinStatus.active.rawValue))
                """, as: Live.self)
            guard live == nil else { throw AppError.conflict(ProgrammeText.errAlreadyJoined.text) }
            do {
                try await sql(db).raw("""
                    INSERT INTO programme_communities (id, programme_id, community_id, status, requested_by, created_at)
                    VALUES (\(bind: id), \(bind: programme.id), \(bind: community.id), \(bind: ProgrammeJoinStatus.pending.rawValue),
                      \(bind: steward.id), \(bind: ctx.now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(ProgrammeText.errAlreadyJoined.text)
            }
            try await AuditEvent.record(db, ctx, community: programme.id, "programme.join.request", community.community.slug)
            try await notifyStewards(db, app, programme: programme.id, name: programme.community.name, slug: programme.community.slug, by: steward)
        }
        return id
    }

    /// A programme steward's answer to a community's request. Returns false when `requestID` is not a community's
    /// request in this programme (then it is a person's or an organisation's, which `CommunityService` decides).
    func decide(_ programme: CommunityContext, requestID: UUID, approve: Bool, reason raw: String?) async throws -> Bool {
        let steward = try programme.requireViewer()
        let reason = raw?.trimmingCharacters(in: .whitespacesAndNewlines)
        struct Known: Decodable { let status: ProgrammeJoinStatus }
        guard let known = try await ctx.db.row("""
            SELECT status FROM programme_communities WHERE id = \(bind: requestID) AND programme_id = \(bind: programme.id)
            """, as: Known.self) else { return false }
        guard known.status == .pending else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        if !approve {
            if (reason ?? "").isEmpty { throw AppError.invalid(Violations(.reason, .required)) }
            if (reason ?? "").count > 2000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 2000))) }
        }
        let status: ProgrammeJoinStatus = approve ? .active : .declined
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE programme_communities SET status = \(bind: status.rawValue), decided_by = \(bind: steward.id),
                  decided_at = \(bind: ctx.now), reason = \(bind: approve ? nil : reason)
                WHERE id = \(bind: requestID) AND status = \(bind: ProgrammeJoinStatus.pending.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
            try await AuditEvent.record(db, ctx, community: programme.id, approve ? "programme.join.approve" : "programme.join.decline", requestID.uuidString)
        }
        return true
    }

    /// A programme steward's answer to any request: a community's (`decide`), else a person's or an organisation's.
    /// The API's and the page's one path.
    func answer(_ programme: CommunityContext, requestID: UUID, approve: Bool, reason: String?) async throws {
        if try await decide(programme, requestID: requestID, approve: approve, reason: reason) { return }
        if approve {
            try await CommunityService(ctx).approve(programme, requestID: requestID)
        } else {
            try await CommunityService(ctx).decline(programme, requestID: requestID, reason: reason ?? "")
        }
    }

    /// A member of a joined community accepts the programme's charter once: their membership in the programme is made
    /// then, remembering the community it came through. Anyone else accepts as in a community.
    func acceptCharter(_ programme: CommunityContext, version: Int) async throws {
        let viewer = try programme.requireViewer()
        guard let through = programme.attribution,
              case .member(_, .approved, _) = programme.relation,
              try await Membership.query(on: ctx.db).filter(\.$community.$id == programme.id).filter(\.$user.$id == viewer.id).first() == nil
        else { return try await CommunityService(ctx).acceptCharter(programme, version: version) }
        guard version == programme.community.charterVersion else { throw AppError.conflict(CommonText.errCharterChanged.text) }
        try await ctx.write { db in
            let m = Membership(id: ctx.newID(), communityID: programme.id, userID: viewer.id, handle: viewer.handle, role: .member,
                               status: .active, joinedAt: ctx.now)
            m.acceptedCharterVersion = version
            m.viaCommunityID = through
            try await m.create(on: db, orIfTaken: .conflict(CommonText.errNothingToAccept.text))
            try await sql(db).raw("UPDATE communities SET member_count = member_count + 1 WHERE id = \(bind: programme.id)").run()
            try await CharterAcceptance(id: ctx.newID(), communityID: programme.id, userID: viewer.id, version: version,
                                        acceptedAt: ctx.now).create(on: db)
            try await AuditEvent.record(db, ctx, community: programme.id, "charter.accept", "\(viewer.handle) v\(version) via \(through.uuidString)")
        }
    }

    // MARK: Merges

    private struct Target: Decodable {
        let id: UUID, communityId: UUID, unit: String, period: String, slug: String, name: String
        enum CodingKeys: String, CodingKey { case id, unit, period, slug, name, communityId = "community_id" }
    }

    /// A community's steward asks to merge its indicator into a programme's: the community must have joined the
    /// programme, and both must measure the same thing (unit, period: 422 otherwise). Pending until the programme's
    /// steward accepts; one pending merge per indicator.
    func requestMerge(_ community: CommunityContext, indicatorID: UUID?, into: UUID) async throws -> UUID {
        let steward = try community.requireViewer()
        let source = try await FiguresQueries(ctx).requireIndicator(community, indicatorID)
        guard let target = try await ctx.db.row("""
            SELECT i.id, i.community_id, i.unit, i.period, p.slug, p.name FROM indicators i JOIN communities p ON p.id = i.community_id
            WHERE i.id = \(bind: into) AND p.kind = \(bind: CommunityKind.programme.rawValue) AND i.merged_into IS NULL
            """, as: Target.self) else { throw AppError.rejected(ProgrammeText.errNotAProgrammeIndicator.text) }
        guard try await joined(ctx.db, programme: target.communityId, community: community.id) else {
            throw AppError.forbidden(ProgrammeText.errNotJoined.text)
        }
        let mismatches = MergeRules.mismatches(unit: source.unit, period: source.period, intoUnit: target.unit, intoPeriod: target.period)
        guard mismatches.isEmpty else { throw AppError.invalid(mismatches) }
        let id = ctx.newID()
        let app = ctx.app
        try await ctx.writeAnnouncing { db in
            do {
                try await sql(db).raw("""
                    INSERT INTO figure_merges (id, community_id, indicator_id, programme_id, into_id, status, requested_by, created_at)
                    VALUES (\(bind: id), \(bind: community.id), \(bind: source.id), \(bind: target.communityId), \(bind: target.id),
                      \(bind: MergeStatus.pending.rawValue), \(bind: steward.id), \(bind: ctx.now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(ProgrammeText.errMergePending.text)
            }
            try await AuditEvent.record(db, ctx, community: community.id, "figures.merge.request", "\(source.id.uuidString) into \(target.id.uuidString)")
            try await notifyStewards(db, app, programme: target.communityId, name: target.name, slug: target.slug, by: steward)
        }
        return id
    }

    private struct Accepted: Decodable {
        let communityId: UUID, indicatorId: UUID, intoId: UUID
        enum CodingKeys: String, CodingKey { case communityId = "community_id", indicatorId = "indicator_id", intoId = "into_id" }
    }

    /// The programme's steward accepts: the community's values (current and past, flags included) and its estimate's
    /// history become the programme indicator's, each keeping its community; where a person has a current value on both,
    /// the programme's stands and the other joins the history. The community's indicator stays, marked merged.
    func acceptMerge(_ programme: CommunityContext, mergeID: UUID) async throws -> UUID {
        let steward = try programme.requireViewer()
        let now = ctx.now
        return try await ctx.write { db in
            // Both indicators locked first (in one order): a contribution to the community's indicator waits for the merge,
            // then finds it merged (409); one already inside moves with the others.
            if let asked = try await db.row("""
                SELECT community_id, indicator_id, into_id FROM figure_merges WHERE id = \(bind: mergeID) AND programme_id = \(bind: programme.id)
                """, as: Accepted.self) {
                struct Locked: Decodable { let id: UUID }
                _ = try await db.rows("""
                    SELECT id FROM indicators WHERE id IN (\(binds: [asked.indicatorId, asked.intoId])) ORDER BY id\(db.forUpdate)
                    """, as: Locked.self)
            }
            guard let m = try await db.row("""
                UPDATE figure_merges SET status = \(bind: MergeStatus.accepted.rawValue), decided_by = \(bind: steward.id), decided_at = \(bind: now)
                WHERE id = \(bind: mergeID) AND programme_id = \(bind: programme.id) AND status = \(bind: MergeStatus.pending.rawValue)
                RETURNING community_id, indicator_id, into_id
                """, as: Accepted.self) else {
                struct Known: Decodable { let id: UUID }
                let known = try await db.row("SELECT id FROM figure_merges WHERE id = \(bind: mergeID) AND programme_id = \(bind: programme.id)",
                                             as: Known.self)
                throw known == nil ? AppError.notFound : AppError.conflict(ProgrammeText.errAlreadyMerged.text)
            }
            guard try await joined(db, programme: programme.id, community: m.communityId) else {
                throw AppError.conflict(ProgrammeText.errNotJoined.text)
            }
            let raw = sql(db)
            // Values still awaiting corroboration earn nothing in the programme unless their author takes part in it.
            try await raw.raw("""
                UPDATE figure_contributions SET credit_state = \(bind: CreditState.void.rawValue)
                WHERE indicator_id = \(bind: m.indicatorId) AND credit_state = \(bind: CreditState.escrow.rawValue) AND user_id NOT IN
                  (SELECT user_id FROM memberships WHERE community_id = \(bind: programme.id) AND status = \(bind: MembershipStatus.active.rawValue))
                """).run()
            try await raw.raw("""
                UPDATE figure_contributions SET status = 'superseded'
                WHERE indicator_id = \(bind: m.indicatorId) AND status = 'current' AND user_id IN
                  (SELECT user_id FROM figure_contributions WHERE indicator_id = \(bind: m.intoId) AND status = 'current')
                """).run()
            try await raw.raw("""
                UPDATE figure_contributions SET indicator_id = \(bind: m.intoId), community_id = \(bind: programme.id),
                  via_community_id = COALESCE(via_community_id, \(bind: m.communityId))
                WHERE indicator_id = \(bind: m.indicatorId)
                """).run()
            try await raw.raw("""
                UPDATE figure_flags SET indicator_id = \(bind: m.intoId), community_id = \(bind: programme.id) WHERE indicator_id = \(bind: m.indicatorId)
                """).run()
            try await raw.raw("""
                UPDATE figure_estimate_history SET indicator_id = \(bind: m.intoId), via_community_id = \(bind: m.communityId)
                WHERE indicator_id = \(bind: m.indicatorId)
                """).run()
            try await raw.raw("""
                UPDATE indicators SET merged_into = \(bind: m.intoId), dataset_id = NULL, est_kind = 'none', est_value = 0, est_low = 0,
                  est_high = 0, est_contributors = 0, est_sources = 0, est_outliers = '[]', est_at = \(bind: now)
                WHERE id = \(bind: m.indicatorId)
                """).run()
            try await FiguresService(ctx).recompute(db, indicatorID: m.intoId, now: now)
            try await FigureClaims.rebuild(db, indicators: [m.indicatorId])  // its values left it
            // The community's reliability was learned with these values: relearned without them.
            try await FiguresService.ensureSettings(db, m.communityId, dirty: true)
            try await AuditEvent.record(db, ctx, community: programme.id, "figures.merge.accept", "\(m.indicatorId.uuidString) into \(m.intoId.uuidString)")
            return m.intoId
        }
    }

    private func joined(_ db: any Database, programme: UUID, community: UUID) async throws -> Bool {
        struct Live: Decodable { let id: UUID }
        return try await db.row("""
            SELECT id FROM programme_communities WHERE programme_id = \(bind: programme) AND community_id = \(bind: community)
              AND status = \(bind: ProgrammeJoinStatus.active.rawValue)
            """, as: Live.self) != nil
    }

    /// A community's request (to join, or to merge an indicator) awaits the programme's stewards: they are told, and
    /// answer from the programme's home.
    private func notifyStewards(_ db: any Database, _ app: Application, programme: UUID, name: String, slug: String, by steward: Viewer) async throws {
        try await Notify.users(db, app: app, try await Notify.members(db, programme, stewardsOnly: true), community: programme, kind: .request,
                               actor: steward.handle, actorID: steward.id, subject: name, link: ProgrammeEndpoints.home.path(slug), now: ctx.now)
    }

}
