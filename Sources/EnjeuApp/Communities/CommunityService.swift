import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every change to communities and memberships, each in one transaction; web pages and the API both call these.
/// State transitions are conditional updates (`… WHERE status = 'pending' RETURNING id`), so two stewards
/// clicking at once cannot apply a decision twice.
struct CommunityService {
    let ctx: ServiceContext

    init(_ ctx: ServiceContext) { self.ctx = ctx }

    private static let active = MembershipStatus.active.rawValue

    /// A new community with its founder; `starter`, a template's charter-independent content (code skeleton, first
    /// journey step), is written in the same transaction, so a failure leaves nothing behind.
    /// `kind`: a programme of shared figures is made the same way (Programmes/).
    func create(_ p: ValidCommunity, founder: Viewer, starter: CommunityStarter? = nil, kind: CommunityKind = .community) async throws -> Community {
        let now = ctx.now
        return try await ctx.write { db in
            if try await Community.query(on: db).filter(\.$slug == p.slug).first() != nil {
                throw AppError.invalid(Violations(.slug, .taken))
            }
            let community = Community(id: ctx.newID(), p, createdAt: now)
            if starter != nil { community.codeRevision = 1 }
            try await community.create(on: db, orIfTaken: .invalid(Violations(.slug, .taken)))
            let cid = community.id!
            if kind != .community {
                try await sql(db).raw("UPDATE communities SET kind = \(bind: kind.rawValue) WHERE id = \(bind: cid)").run()
            }
            try await Charter.write(db, id: ctx.newID(), community: cid, version: 1, text: p.charter, author: founder.id, at: now)
            let m = Membership(id: ctx.newID(), communityID: cid, userID: founder.id, handle: founder.handle, role: .founder, status: .active, joinedAt: now)
            m.acceptedCharterVersion = 1
            try await m.create(on: db)
            try await CharterAcceptance(id: ctx.newID(), communityID: cid, userID: founder.id, version: 1, acceptedAt: now).create(on: db)
            try await CommunityRole.builtins(db, community: cid, now: now, ids: { ctx.newID() })
            if let starter { try await plant(starter, in: db, community: community, founder: founder, now: now) }
            try await AuditEvent.record(db, ctx, community: cid, "community.create", starter.map { "\(p.slug) template=\($0.template.rawValue)" } ?? p.slug)
            return community
        }
    }

    func requestJoin(_ c: CommunityContext, message raw: String) async throws -> JoinRequest {
        let viewer = try c.requireViewer()
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= 2000 else { throw AppError.invalid(Violations(.message, .tooLong(max: 2000))) }
        let app = ctx.app
        return try await ctx.writeAnnouncing { db in
            let pending = try await JoinRequest.query(on: db).filter(\.$user.$id == viewer.id)
                .filter(\.$community.$id == c.id).filter(\.$status == .pending).filter(\.$organisationID == nil).first()
            guard pending == nil else { throw AppError.conflict(CommonText.errAlreadyRequested.text) }
            let r = JoinRequest(id: ctx.newID(), communityID: c.id, userID: viewer.id, message: message, createdAt: ctx.now)
            // A partial unique index keeps one pending request per person and community, even under concurrent requests.
            try await r.create(on: db, orIfTaken: .conflict(CommonText.errAlreadyRequested.text))
            try await AuditEvent.record(db, ctx, community: c.id, "join.request", viewer.handle)
            try await Notify.users(db, app: app, try await Notify.members(db, c.id, stewardsOnly: true), community: c.id, kind: .request,
                                   actor: viewer.handle, actorID: viewer.id, subject: c.community.name,
                                   link: c.requestsPath, now: r.createdAt)
            return r
        }
    }

    func withdraw(_ c: CommunityContext) async throws {
        let viewer = try c.requireViewer()
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE join_requests SET status = \(bind: JoinRequestStatus.withdrawn.rawValue), decided_at = \(bind: ctx.now)
                WHERE user_id = \(bind: viewer.id) AND community_id = \(bind: c.id) AND organisation_id IS NULL
                  AND status = \(bind: JoinRequestStatus.pending.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errNoPendingRequest.text) }
            try await AuditEvent.record(db, ctx, community: c.id, "join.withdraw", viewer.handle)
        }
    }

    func approve(_ c: CommunityContext, requestID: UUID) async throws {
        let steward = try c.requireViewer()
        try await ctx.write { db in
            let r = try await decide(db, c, requestID: requestID, status: .approved, reason: nil, by: steward)
            if let organisation = r.organisationID {
                try await OrganisationService(ctx).admit(db, organisation, to: c, requestedBy: r.$user.id, approvedBy: steward)
                return
            }
            let user = try await r.$user.get(on: db)
            if let existing = try await Membership.query(on: db).filter(\.$community.$id == c.id).filter(\.$user.$id == r.$user.id).first() {
                // Only someone who left comes back through a request; an active or suspended member stays as they are —
                // except in a programme, where a membership that came through a community no longer counting them is
                // theirs now (`ProgrammeParticipation`: such a member is an outsider to the gate).
                let cameThrough = existing.viaCommunityID != nil
                guard existing.status == .left || cameThrough else { throw AppError.conflict(CommonText.errAlreadyMember.text) }
                if cameThrough && existing.status == .active { try await adjustMemberCount(db, c.id, by: -1) }
                existing.viaCommunityID = nil
                // A suspension holds whichever way the member comes back.
                if existing.status != .suspended {
                    existing.status = .approved
                    existing.role = .member
                    existing.acceptedCharterVersion = nil
                    existing.joinedAt = ctx.now
                }
                try await existing.save(on: db)
            } else {
                try await Membership(id: ctx.newID(), communityID: c.id, userID: r.$user.id, handle: user.handle,
                                     role: .member, status: .approved, joinedAt: ctx.now).create(on: db)
            }
            try await AuditEvent.record(db, ctx, community: c.id, "join.approve", user.handle)
        }
    }

    func decline(_ c: CommunityContext, requestID: UUID, reason raw: String) async throws {
        let steward = try c.requireViewer()
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw AppError.invalid(Violations(.reason, .required)) }
        if reason.count > 2000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 2000))) }
        try await ctx.write { db in
            let r = try await decide(db, c, requestID: requestID, status: .declined, reason: reason, by: steward)
            try await AuditEvent.record(db, ctx, community: c.id, "join.decline", r.organisationID.map { "organisation \($0.uuidString)" } ?? r.$user.id.uuidString)
        }
    }

    private func decide(_ db: any Database, _ c: CommunityContext, requestID: UUID, status: JoinRequestStatus,
                        reason: String?, by steward: Viewer) async throws -> JoinRequest {
        guard let r = try await JoinRequest.query(on: db).filter(\.$id == requestID).filter(\.$community.$id == c.id).first()
        else { throw AppError.notFound }
        let done = try await sql(db).raw("""
            UPDATE join_requests SET status = \(bind: status.rawValue), reason = \(bind: reason),
                decided_at = \(bind: ctx.now), decided_by = \(bind: steward.id)
            WHERE id = \(bind: requestID) AND status = \(bind: JoinRequestStatus.pending.rawValue) RETURNING id
            """).first()
        guard done != nil else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        return r
    }

    func acceptCharter(_ c: CommunityContext, version: Int) async throws {
        let viewer = try c.requireViewer()
        guard version == c.community.charterVersion else { throw AppError.conflict(CommonText.errCharterChanged.text) }
        let app = ctx.app
        try await ctx.writeAnnouncing { db in
            let becameActive = try await sql(db).raw("""
                UPDATE memberships SET status = \(bind: Self.active), accepted_charter_version = \(bind: version)
                WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id)
                  AND status = \(bind: MembershipStatus.approved.rawValue) RETURNING id
                """).first() != nil
            if becameActive {
                try await adjustMemberCount(db, c.id, by: 1)
                // A programme has no feed: its arrivals are not news in anyone's.
                if c.kind == .community {
                    try await Notify.feed(db, app: app, community: c.id, slug: c.community.slug, .member, actor: viewer.id, subject: viewer.handle,
                                          link: AccountEndpoints.person.path(viewer.handle), now: ctx.now)
                }
                try await Notify.credibilityChanged(db, c.id)
            } else {
                let updated = try await sql(db).raw("""
                    UPDATE memberships SET accepted_charter_version = \(bind: version)
                    WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id) AND status = \(bind: Self.active)
                      AND (accepted_charter_version IS NULL OR accepted_charter_version < \(bind: version)) RETURNING id
                    """).first()
                guard updated != nil else { throw AppError.conflict(CommonText.errNothingToAccept.text) }
            }
            // Someone who left and came back may have accepted this version before: the first acceptance stands.
            let already = try await CharterAcceptance.query(on: db).filter(\.$community.$id == c.id).filter(\.$user.$id == viewer.id)
                .filter(\.$version == version).first()
            if already == nil {
                try await CharterAcceptance(id: ctx.newID(), communityID: c.id, userID: viewer.id, version: version, acceptedAt: ctx.now).create(on: db)
            }
            try await AuditEvent.record(db, ctx, community: c.id, "charter.accept", "\(viewer.handle) v\(version)")
        }
    }

    func leave(_ c: CommunityContext) async throws {
        let viewer = try c.requireViewer()
        try await ctx.write { db in
            // Leaving an active membership lowers the count; the status is read by the same statement that changes it.
            let leftActive = try await sql(db).raw("""
                UPDATE memberships SET status = \(bind: MembershipStatus.left.rawValue), role = \(bind: Role.member.rawValue)
                WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id) AND role <> \(bind: Role.founder.rawValue)
                  AND status = \(bind: Self.active) RETURNING id
                """).first() != nil
            if leftActive {
                try await adjustMemberCount(db, c.id, by: -1)
            } else {
                let done = try await sql(db).raw("""
                    UPDATE memberships SET status = \(bind: MembershipStatus.left.rawValue), role = \(bind: Role.member.rawValue)
                    WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id) AND role <> \(bind: Role.founder.rawValue)
                      AND status IN (\(bind: MembershipStatus.approved.rawValue), \(bind: MembershipStatus.suspended.rawValue)) RETURNING id
                    """).first()
                guard done != nil else { throw AppError.forbidden(CommonText.errCannotLeave.text) }
            }
            try await AuditEvent.record(db, ctx, community: c.id, "member.leave", viewer.handle)
            // Roles end with the membership (a member who comes back is given them again by decision).
            try await sql(db).raw("DELETE FROM role_assignments WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id)").run()
            try await sql(db).raw("""
                UPDATE memberships SET rights = 0, earned_rights = 0 WHERE community_id = \(bind: c.id) AND user_id = \(bind: viewer.id)
                """).run()
            // Who is a member, and who anchors trust, changed.
            try await Notify.credibilityChanged(db, c.id)
        }
    }

    /// Who stewards is the community's decision (an assignment of the steward role, `ProposalService.proposeAssignment`),
    /// never one steward's: promote and demote — all that is left of a member change since suspensions go through
    /// `ModerationService` — are refused (422 saying where they are decided).
    func change(_ c: CommunityContext, handle: String, _ change: MemberChange) async throws {
        _ = try c.requireViewer()
        throw AppError.rejected(GovernanceText.errStewardByDecision.text)
    }

    /// Edits the profile (not the slug, not the charter) if `expectedVersion` is still current.
    /// The life stage is not the stewards' to pick: it changes by the community's decision on a stage proposal
    /// (Communities/StageService.swift), so a different one here is a 422 naming `stage`.
    func updateProfile(_ c: CommunityContext, _ p: ValidCommunity, expectedVersion: Int) async throws {
        guard p.stage == c.community.stage else { throw AppError.invalid(Violations(.stage, .byDecision)) }
        try await ctx.write { db in
            let m = c.community
            m.apply(p)
            let done = try await sql(db).raw("""
                UPDATE communities SET name = \(bind: m.name), name_folded = \(bind: m.nameFolded), search_folded = \(bind: m.searchFolded),
                  purpose = \(bind: m.purpose), perimeter = \(bind: m.perimeter), rhythm = \(bind: m.rhythm),
                  stage = \(bind: m.stage.rawValue), visibility = \(bind: m.visibility.rawValue), version = version + 1
                WHERE id = \(bind: c.id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errStale.text) }
            try await AuditEvent.record(db, ctx, community: c.id, "community.update", m.slug)
        }
    }

    private func adjustMemberCount(_ db: any Database, _ id: UUID, by delta: Int) async throws {
        try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: delta) WHERE id = \(bind: id)").run()
    }

}
