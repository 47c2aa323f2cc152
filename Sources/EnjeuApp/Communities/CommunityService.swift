import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every change to communities and memberships, each in one transaction; web pages and the API both call these.
/// State transitions are conditional updates (`… WHERE status = 'pending' RETURNING id`), so two stewards
/// clicking at once cannot apply a decision twice.
struct CommunityService {
    let req: Request

    func create(_ p: ValidCommunity, founder: Viewer) async throws -> Community {
        let now = req.now
        return try await req.write { db in
            if try await Community.query(on: db).filter(\.$slug == p.slug).first() != nil {
                throw AppError.invalid(Violations(.slug, .taken))
            }
            let community = Community(id: req.newID(), p, createdAt: now)
            try await community.create(on: db, orIfTaken: .invalid(Violations(.slug, .taken)))
            let cid = community.id!
            try await Charter(id: req.newID(), communityID: cid, version: 1, text: p.charter, authorID: founder.id, createdAt: now).create(on: db)
            let m = Membership(id: req.newID(), communityID: cid, userID: founder.id, handle: founder.handle, role: .founder, status: .active, joinedAt: now)
            m.acceptedCharterVersion = 1
            try await m.create(on: db)
            try await CharterAcceptance(id: req.newID(), communityID: cid, userID: founder.id, version: 1, acceptedAt: now).create(on: db)
            try await audit(db, cid, "community.create", p.slug)
            return community
        }
    }

    func requestJoin(_ ctx: CommunityContext, message raw: String) async throws -> JoinRequest {
        let viewer = try ctx.requireViewer()
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= 2000 else { throw AppError.invalid(Violations(.message, .tooLong(max: 2000))) }
        let app = req.application
        return try await req.writeAnnouncing { db in
            let pending = try await JoinRequest.query(on: db).filter(\.$user.$id == viewer.id)
                .filter(\.$community.$id == ctx.id).filter(\.$status == .pending).first()
            guard pending == nil else { throw AppError.conflict(.errAlreadyRequested) }
            let r = JoinRequest(id: req.newID(), communityID: ctx.id, userID: viewer.id, message: message, createdAt: req.now)
            // A partial unique index keeps one pending request per person and community, even under concurrent requests.
            try await r.create(on: db, orIfTaken: .conflict(.errAlreadyRequested))
            try await audit(db, ctx.id, "join.request", viewer.handle)
            try await Notify.users(db, app: app, try await Notify.members(db, ctx.id, stewardsOnly: true), community: ctx.id, kind: .request,
                                   actor: viewer.handle, actorID: viewer.id, subject: ctx.community.name, link: Paths.requests(ctx.community.slug), now: r.createdAt)
            return r
        }
    }

    func withdraw(_ ctx: CommunityContext) async throws {
        let viewer = try ctx.requireViewer()
        try await req.write { db in
            let done = try await sql(db).raw("""
                UPDATE join_requests SET status = 'withdrawn', decided_at = \(bind: req.now)
                WHERE user_id = \(bind: viewer.id) AND community_id = \(bind: ctx.id) AND status = 'pending' RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errNoPendingRequest) }
            try await audit(db, ctx.id, "join.withdraw", viewer.handle)
        }
    }

    func approve(_ ctx: CommunityContext, requestID: UUID) async throws {
        let steward = try ctx.requireViewer()
        try await req.write { db in
            let r = try await decide(db, ctx, requestID: requestID, status: .approved, reason: nil, by: steward)
            let user = try await r.$user.get(on: db)
            if let existing = try await Membership.query(on: db).filter(\.$community.$id == ctx.id).filter(\.$user.$id == r.$user.id).first() {
                // Only someone who left comes back through a request; an active or suspended member stays as they are.
                guard existing.status == .left else { throw AppError.conflict(.errAlreadyMember) }
                existing.status = .approved
                existing.role = .member
                existing.acceptedCharterVersion = nil
                existing.joinedAt = req.now
                try await existing.save(on: db)
            } else {
                try await Membership(id: req.newID(), communityID: ctx.id, userID: r.$user.id, handle: user.handle,
                                     role: .member, status: .approved, joinedAt: req.now).create(on: db)
            }
            try await audit(db, ctx.id, "join.approve", user.handle)
        }
    }

    func decline(_ ctx: CommunityContext, requestID: UUID, reason raw: String) async throws {
        let steward = try ctx.requireViewer()
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw AppError.invalid(Violations(.reason, .required)) }
        if reason.count > 2000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 2000))) }
        try await req.write { db in
            let r = try await decide(db, ctx, requestID: requestID, status: .declined, reason: reason, by: steward)
            try await audit(db, ctx.id, "join.decline", r.$user.id.uuidString)
        }
    }

    private func decide(_ db: any Database, _ ctx: CommunityContext, requestID: UUID, status: JoinRequestStatus,
                        reason: String?, by steward: Viewer) async throws -> JoinRequest {
        guard let r = try await JoinRequest.query(on: db).filter(\.$id == requestID).filter(\.$community.$id == ctx.id).first()
        else { throw AppError.notFound }
        let done = try await sql(db).raw("""
            UPDATE join_requests SET status = \(bind: status.rawValue), reason = \(bind: reason),
                decided_at = \(bind: req.now), decided_by = \(bind: steward.id)
            WHERE id = \(bind: requestID) AND status = 'pending' RETURNING id
            """).first()
        guard done != nil else { throw AppError.conflict(.errAlreadyDecided) }
        return r
    }

    func acceptCharter(_ ctx: CommunityContext, version: Int) async throws {
        let viewer = try ctx.requireViewer()
        guard version == ctx.community.charterVersion else { throw AppError.conflict(.errCharterChanged) }
        let app = req.application
        try await req.writeAnnouncing { db in
            let becameActive = try await sql(db).raw("""
                UPDATE memberships SET status = 'active', accepted_charter_version = \(bind: version)
                WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: viewer.id) AND status = 'approved' RETURNING id
                """).first() != nil
            if becameActive {
                try await adjustMemberCount(db, ctx.id, by: 1)
                try await Notify.feed(db, app: app, community: ctx.id, slug: ctx.community.slug, .member, actor: viewer.id, subject: viewer.handle,
                                      link: Paths.person(viewer.handle), now: req.now)
                try await Notify.credibilityChanged(db, ctx.id)
            } else {
                let updated = try await sql(db).raw("""
                    UPDATE memberships SET accepted_charter_version = \(bind: version)
                    WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: viewer.id) AND status = 'active'
                      AND (accepted_charter_version IS NULL OR accepted_charter_version < \(bind: version)) RETURNING id
                    """).first()
                guard updated != nil else { throw AppError.conflict(.errNothingToAccept) }
            }
            // Someone who left and came back may have accepted this version before: the first acceptance stands.
            let already = try await CharterAcceptance.query(on: db).filter(\.$community.$id == ctx.id).filter(\.$user.$id == viewer.id)
                .filter(\.$version == version).first()
            if already == nil {
                try await CharterAcceptance(id: req.newID(), communityID: ctx.id, userID: viewer.id, version: version, acceptedAt: req.now).create(on: db)
            }
            try await audit(db, ctx.id, "charter.accept", "\(viewer.handle) v\(version)")
        }
    }

    func leave(_ ctx: CommunityContext) async throws {
        let viewer = try ctx.requireViewer()
        try await req.write { db in
            // Leaving an active membership lowers the count; the status is read by the same statement that changes it.
            let leftActive = try await sql(db).raw("""
                UPDATE memberships SET status = 'left', role = 'member'
                WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: viewer.id) AND role <> 'founder' AND status = 'active' RETURNING id
                """).first() != nil
            if leftActive {
                try await adjustMemberCount(db, ctx.id, by: -1)
            } else {
                let done = try await sql(db).raw("""
                    UPDATE memberships SET status = 'left', role = 'member'
                    WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: viewer.id) AND role <> 'founder' AND status IN ('approved', 'suspended') RETURNING id
                    """).first()
                guard done != nil else { throw AppError.forbidden(.errCannotLeave) }
            }
            try await audit(db, ctx.id, "member.leave", viewer.handle)
            // Who is a member, and who anchors trust, changed.
            try await Notify.credibilityChanged(db, ctx.id)
        }
    }

    /// Stewards act on other members; nobody acts on the founder or on themselves.
    func change(_ ctx: CommunityContext, handle: String, _ change: MemberChange) async throws {
        let steward = try ctx.requireViewer()
        guard handle != steward.handle else { throw AppError.forbidden(.errNotOnYourself) }
        try await req.write { db in
            guard let m = try await Membership.query(on: db).filter(\.$community.$id == ctx.id).filter(\.$handle == handle).first(),
                  m.status != .left
            else { throw AppError.notFound }
            guard m.role != .founder else { throw AppError.forbidden(.errNotOnFounder) }
            let (from, set): (String, String) = switch change {
            case .suspend: ("status = 'active'", "status = 'suspended', role = 'member'")
            case .reinstate: ("status = 'suspended'", "status = 'active'")
            case .promote: ("status = 'active' AND role = 'member'", "role = 'steward'")
            case .demote: ("status = 'active' AND role = 'steward'", "role = 'member'")
            }
            let done = try await sql(db).raw("UPDATE memberships SET \(unsafeRaw: set) WHERE id = \(bind: m.id!) AND \(unsafeRaw: from) RETURNING id").first()
            guard done != nil else { throw AppError.conflict(.errNothingToChange) }
            if change == .suspend { try await adjustMemberCount(db, ctx.id, by: -1) }
            if change == .reinstate { try await adjustMemberCount(db, ctx.id, by: 1) }
            try await audit(db, ctx.id, "member.\(change.rawValue)", handle)
            try await Notify.credibilityChanged(db, ctx.id)
        }
    }

    /// Edits the profile (not the slug, not the charter) if `expectedVersion` is still current.
    func updateProfile(_ ctx: CommunityContext, _ p: ValidCommunity, expectedVersion: Int) async throws {
        try await req.write { db in
            let c = ctx.community
            c.apply(p)
            let done = try await sql(db).raw("""
                UPDATE communities SET name = \(bind: c.name), name_folded = \(bind: c.nameFolded), search_folded = \(bind: c.searchFolded),
                  purpose = \(bind: c.purpose), perimeter = \(bind: c.perimeter), rhythm = \(bind: c.rhythm),
                  stage = \(bind: c.stage.rawValue), visibility = \(bind: c.visibility.rawValue), version = version + 1
                WHERE id = \(bind: ctx.id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errStale) }
            try await audit(db, ctx.id, "community.update", c.slug)
        }
    }

    /// A new charter version: every member must accept it again before contributing; its author accepts it by writing it.
    func newCharter(_ ctx: CommunityContext, text raw: String, expectedVersion: Int) async throws -> Int {
        let steward = try ctx.requireViewer()
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.charter, text, min: Rules.charterMin, max: Rules.longTextMax)
        guard v.isEmpty else { throw AppError.invalid(v) }
        guard expectedVersion == ctx.community.charterVersion else { throw AppError.conflict(.errStale) }
        return try await req.write { db in
            let next = expectedVersion + 1
            let done = try await sql(db).raw("""
                UPDATE communities SET charter_version = \(bind: next), version = version + 1
                WHERE id = \(bind: ctx.id) AND charter_version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errStale) }
            try await Charter(id: req.newID(), communityID: ctx.id, version: next, text: text, authorID: steward.id, createdAt: req.now).create(on: db)
            try await sql(db).raw("""
                UPDATE memberships SET accepted_charter_version = \(bind: next)
                WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: steward.id)
                """).run()
            try await CharterAcceptance(id: req.newID(), communityID: ctx.id, userID: steward.id, version: next, acceptedAt: req.now).create(on: db)
            try await audit(db, ctx.id, "charter.version", "v\(next)")
            return next
        }
    }

    private func adjustMemberCount(_ db: any Database, _ id: UUID, by delta: Int) async throws {
        try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: delta) WHERE id = \(bind: id)").run()
    }

    private func audit(_ db: any Database, _ communityID: UUID?, _ action: String, _ detail: String) async throws {
        try await AuditEvent(id: req.newID(), communityID: communityID, actorID: req.viewer?.id, action: action, detail: detail, at: req.now).create(on: db)
    }
}

func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }

extension Model {
    /// Fluent's `create`, with the database's unique-constraint failure turned into the given 4xx.
    func create(on db: any Database, orIfTaken error: AppError) async throws {
        do { try await create(on: db) } catch let e as any DatabaseError where e.isConstraintFailure { throw error }
    }
}
