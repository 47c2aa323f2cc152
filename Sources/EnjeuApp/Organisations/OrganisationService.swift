import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every change to organisations, each in one transaction; pages and the API both call these. Each records the
/// representative who made it (`created_by`, `added_by`, a join request's `user_id`, `requested_by`,
/// `charter_accepted_by`, and the audit trail's actor).
struct OrganisationService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    private static let active = MembershipStatus.active.rawValue
    private static let approved = MembershipStatus.approved.rawValue

    /// A new organisation; its creator is its first representative.
    func create(_ p: ValidOrganisation, by creator: Viewer) async throws {
        let (now, id) = (ctx.now, ctx.newID())
        let representative = ctx.newID()
        try await ctx.write { db in
            try await sql(db).insert(into: "organisations", [
                "id": id, "slug": p.slug, "name": p.name, "kind": p.kind.rawValue, "purpose": p.purpose, "place": p.place,
                "website": p.website, "registration_number": p.registrationNumber, "created_at": now, "created_by": creator.id,
            ], orIfTaken: .invalid(Violations(.slug, .taken)))
            try await sql(db).insert(into: "organisation_representatives", [
                "id": representative, "organisation_id": id, "user_id": creator.id, "added_by": creator.id, "added_at": now,
            ], orIfTaken: .conflict(OrganisationText.errAlreadyRepresentative.text))
            try await AuditEvent.record(db, ctx, community: nil, "organisation.create", p.slug)
        }
    }

    /// Its representatives edit the profile (the slug stays: flows and links name the organisation by it).
    func update(_ o: OrganisationContext, _ p: ValidOrganisation) async throws {
        try OrganisationAccess.require(.represent, o)
        try await ctx.write { db in
            try await sql(db).raw("""
                UPDATE organisations SET name = \(bind: p.name), kind = \(bind: p.kind.rawValue), purpose = \(bind: p.purpose), place = \(bind: p.place),
                  website = \(bind: p.website), registration_number = \(bind: p.registrationNumber) WHERE id = \(bind: o.id)
                """).run()
            try await AuditEvent.record(db, ctx, community: nil, "organisation.update", o.organisation.slug)
        }
    }

    /// Returns the handle added, as stored.
    @discardableResult
    func addRepresentative(_ o: OrganisationContext, handle raw: String) async throws -> String {
        try OrganisationAccess.require(.represent, o)
        let by = try requireViewer(o)
        let handle = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "@", with: "")
        if handle.isEmpty { throw AppError.invalid(Violations(.handle, .required)) }
        let (now, id) = (ctx.now, ctx.newID())
        try await ctx.write { db in
            guard let user = try await userID(db, handle) else { throw AppError.rejected(OrganisationText.errUnknownHandle.text) }
            try await sql(db).insert(into: "organisation_representatives", [
                "id": id, "organisation_id": o.id, "user_id": user, "added_by": by.id, "added_at": now,
            ], orIfTaken: .conflict(OrganisationText.errAlreadyRepresentative.text))
            try await AuditEvent.record(db, ctx, community: nil, "organisation.representative.add", "\(o.organisation.slug) @\(handle)")
        }
        return handle
    }

    /// Any representative may remove one (themselves too), never the last: the organisation's row is locked first, so two
    /// removals at once cannot both see a second representative and leave none.
    func removeRepresentative(_ o: OrganisationContext, handle: String) async throws {
        try OrganisationAccess.require(.represent, o)
        let by = try requireViewer(o)
        try await ctx.write { db in
            _ = try await sql(db).raw("SELECT id FROM organisations WHERE id = \(bind: o.id)\(db.forUpdate)").first()
            // Once the lock is held: the caller may have been removed meanwhile.
            guard try await represents(db, o.id, by.id) else { throw AppError.forbidden(OrganisationText.errRepresentativesOnly.text) }
            guard Rules.isValidHandle(handle), let user = try await userID(db, handle) else { throw AppError.notFound }
            guard try await represents(db, o.id, user) else { throw AppError.rejected(OrganisationText.errNotARepresentative.text) }
            struct Count: Decodable { let n: Int }
            let count = try await db.row("""
                SELECT COUNT(*) AS n FROM organisation_representatives WHERE organisation_id = \(bind: o.id)
                """, as: Count.self)?.n ?? 0
            guard count > 1 else { throw AppError.conflict(OrganisationText.errLastRepresentative.text) }
            try await sql(db).raw("""
                DELETE FROM organisation_representatives WHERE organisation_id = \(bind: o.id) AND user_id = \(bind: user)
                """).run()
            try await AuditEvent.record(db, ctx, community: nil, "organisation.representative.remove", "\(o.organisation.slug) @\(handle)")
        }
    }

    /// A representative asks `c` to admit the organisation; stewards decide as for people (`CommunityService.approve`).
    func requestJoin(_ c: CommunityContext, _ o: OrganisationContext, message raw: String) async throws -> JoinRequest {
        let viewer = try requireViewer(o)
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= 2000 else { throw AppError.invalid(Violations(.message, .tooLong(max: 2000))) }
        let (app, id, now) = (ctx.app, ctx.newID(), ctx.now)
        return try await ctx.writeAnnouncing { db in
            let standing = try await OrganisationQueries.standing(db, o.id, in: c)
            try OrganisationAccess.require(.requestToJoin, o, standing: standing)
            let r = JoinRequest(id: id, communityID: c.id, userID: viewer.id, message: message, createdAt: now, organisationID: o.id)
            // A partial unique index keeps one pending request per organisation and community.
            try await r.create(on: db, orIfTaken: .conflict(CommonText.errAlreadyRequested.text))
            try await AuditEvent.record(db, ctx, community: c.id, "join.request", "organisation \(o.organisation.slug) by @\(viewer.handle)")
            try await Notify.users(db, app: app, try await Notify.members(db, c.id, stewardsOnly: true), community: c.id, kind: .request,
                                   actor: viewer.handle, actorID: viewer.id, subject: c.community.name,
                                   link: c.requestsPath, now: now)
            return r
        }
    }

    /// Called by `CommunityService.approve`, in its transaction, once the organisation's request is approved: the
    /// organisation is `approved` until a representative accepts the charter in its name. One row per organisation and
    /// community: one that left comes back through it.
    func admit(_ db: any Database, _ organisation: UUID, to c: CommunityContext, requestedBy: UUID, approvedBy steward: Viewer) async throws {
        let now = ctx.now
        let back = try await sql(db).raw("""
            UPDATE organisation_memberships SET status = \(bind: Self.approved), requested_by = \(bind: requestedBy),
              approved_by = \(bind: steward.id), joined_at = \(bind: now), accepted_charter_version = NULL,
              charter_accepted_by = NULL, charter_accepted_at = NULL
            WHERE community_id = \(bind: c.id) AND organisation_id = \(bind: organisation)
              AND status = \(bind: MembershipStatus.left.rawValue) RETURNING id
            """).first()
        if back == nil {
            try await sql(db).insert(into: "organisation_memberships", [
                "id": ctx.newID(), "community_id": c.id, "organisation_id": organisation, "status": Self.approved,
                "requested_by": requestedBy, "approved_by": steward.id, "joined_at": now,
            ], orIfTaken: .conflict(CommonText.errAlreadyMember.text))
        }
        try await AuditEvent.record(db, ctx, community: c.id, "join.approve", "organisation \(organisation.uuidString)")
    }

    /// A representative accepts the current charter in the organisation's name: an admitted organisation becomes active.
    func acceptCharter(_ c: CommunityContext, _ o: OrganisationContext, version: Int) async throws {
        let viewer = try requireViewer(o)
        guard version == c.community.charterVersion else { throw AppError.conflict(CommonText.errCharterChanged.text) }
        let (now, id) = (ctx.now, ctx.newID())
        try await ctx.write { db in
            let standing = try await OrganisationQueries.standing(db, o.id, in: c)
            try OrganisationAccess.require(.acceptCharter, o, standing: standing)
            let done = try await sql(db).raw("""
                UPDATE organisation_memberships SET status = \(bind: Self.active), accepted_charter_version = \(bind: version),
                  charter_accepted_by = \(bind: viewer.id), charter_accepted_at = \(bind: now)
                WHERE community_id = \(bind: c.id) AND organisation_id = \(bind: o.id)
                  AND status IN (\(bind: Self.approved), \(bind: Self.active))
                  AND (accepted_charter_version IS NULL OR accepted_charter_version < \(bind: version)) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errNothingToAccept.text) }
            // One that left and came back may have accepted this version before: the first acceptance stands.
            try await sql(db).raw("""
                INSERT INTO organisation_charter_acceptances (id, community_id, organisation_id, version, accepted_by, accepted_at)
                VALUES (\(bind: id), \(bind: c.id), \(bind: o.id), \(bind: version), \(bind: viewer.id), \(bind: now))
                ON CONFLICT (community_id, organisation_id, version) DO NOTHING
                """).run()
            try await AuditEvent.record(db, ctx, community: c.id, "charter.accept", "organisation \(o.organisation.slug) v\(version) by @\(viewer.handle)")
        }
    }

    private func requireViewer(_ o: OrganisationContext) throws -> Viewer {
        guard let viewer = o.viewer else { throw AppError.unauthorized }
        return viewer
    }

    private func represents(_ db: any Database, _ organisation: UUID, _ user: UUID) async throws -> Bool {
        try await sql(db).raw("""
            SELECT id FROM organisation_representatives WHERE organisation_id = \(bind: organisation) AND user_id = \(bind: user)
            """).first() != nil
    }

    private func userID(_ db: any Database, _ handle: String) async throws -> UUID? {
        struct Row: Decodable { let id: UUID }
        return try await db.row("SELECT id FROM users WHERE handle = \(bind: handle)", as: Row.self)?.id
    }

}
