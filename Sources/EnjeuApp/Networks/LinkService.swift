import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Links between communities: the source's stewards propose, the target's accept or decline, either side's end it.
/// A community of another instance (`@slug@server`) is linked the same way through `FederatedLinks`.
/// Each change is a conditional update from the state it leaves, and rows are never deleted (the history is kept);
/// one live link per pair of communities and kind is kept by a unique index (`community_links_one_live`).
struct LinkService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    private static let proposed = LinkStatus.proposed.rawValue

    /// Bad input is refused before anything is written: an unknown kind, no target, an unknown one, this community itself.
    func propose(_ c: CommunityContext, target raw: String, kind rawKind: String) async throws -> UUID {
        let steward = try c.requireViewer()
        guard let kind = LinkKind(rawValue: rawKind.trimmingCharacters(in: .whitespaces)) else {
            throw AppError.invalid(Violations(.kind, .notAChoice))
        }
        let slug = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if slug.isEmpty { throw AppError.invalid(Violations(.target, .required)) }
        if case let .remote(named)? = Actor.remoteNamed(raw.trimmingCharacters(in: .whitespaces)) {
            return try await FederatedLinks.propose(c, target: named.hasPrefix("acct:") ? String(named.dropFirst(5)) : named, kind: kind, ctx)
        }
        struct Target: Decodable { let id: UUID }
        guard Rules.isValidSlug(slug), let target = try await ctx.db.row("SELECT id FROM communities WHERE slug = \(bind: slug) AND kind = 'community'", as: Target.self)
        else { throw AppError.rejected(NetworkText.errUnknownTarget.text) }
        guard target.id != c.id else { throw AppError.rejected(NetworkText.errSelf.text) }
        let (id, now) = (ctx.newID(), ctx.now)
        try await ctx.write { db in
            try await sql(db).insert(into: "community_links", [
                "id": id, "source_id": c.id, "target_id": target.id, "kind": kind.rawValue, "status": Self.proposed,
                "pair_key": LinkRules.pairKey(c.id, target.id), "proposed_by": steward.id, "proposed_at": now,
            ], orIfTaken: .conflict(NetworkText.errDuplicate.text))
            try await AuditEvent.record(db, ctx, community: c.id, "link.propose", "\(kind.rawValue) \(slug)")
        }
        return id
    }

    /// The target's stewards accept or decline a proposal; neither its side nor the steward who proposed it may.
    func decide(_ c: CommunityContext, link id: UUID, accept: Bool) async throws -> LinkStatus {
        let steward = try c.requireViewer()
        if let remote = try await FederatedLinks.row(ctx.db, id, of: c) { return try await FederatedLinks.decide(c, link: remote, accept: accept, ctx) }
        let status: LinkStatus = accept ? .accepted : .declined
        let now = ctx.now
        try await ctx.write { db in
            let link = try await Self.link(db, id, of: c)
            guard link.targetId == c.id, link.proposedBy != steward.id else { throw AppError.forbidden(NetworkText.errOwnProposal.text) }
            let done = try await sql(db).raw("""
                UPDATE community_links SET status = \(bind: status.rawValue), decided_by = \(bind: steward.id), decided_at = \(bind: now)
                WHERE id = \(bind: id) AND status = \(bind: Self.proposed) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
            try await AuditEvent.record(db, ctx, community: c.id, "link.\(status.rawValue)", id.uuidString)
        }
        return status
    }

    /// Either side's stewards end a live link (a proposal ended is withdrawn); it stays, `ended`, in the history.
    func end(_ c: CommunityContext, link id: UUID) async throws {
        let steward = try c.requireViewer()
        if let remote = try await FederatedLinks.row(ctx.db, id, of: c) { return try await FederatedLinks.end(c, link: remote, ctx) }
        let now = ctx.now
        try await ctx.write { db in
            _ = try await Self.link(db, id, of: c)
            let done = try await sql(db).raw("""
                UPDATE community_links SET status = \(bind: LinkStatus.ended.rawValue), ended_by = \(bind: steward.id), ended_at = \(bind: now)
                WHERE id = \(bind: id) AND status IN (\(bind: Self.proposed), \(bind: LinkStatus.accepted.rawValue)) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(NetworkText.errNotLive.text) }
            try await AuditEvent.record(db, ctx, community: c.id, "link.end", id.uuidString)
        }
    }

    struct LinkRow: Decodable {
        let sourceId: UUID, targetId: UUID, proposedBy: UUID
        enum CodingKeys: String, CodingKey { case sourceId = "source_id", targetId = "target_id", proposedBy = "proposed_by" }
    }

    /// A link of this community: one of another pair is unknown here (404).
    private static func link(_ db: any Database, _ id: UUID, of c: CommunityContext) async throws -> LinkRow {
        guard let link = try await db.row("""
            SELECT source_id, target_id, proposed_by FROM community_links WHERE id = \(bind: id)
            """, as: LinkRow.self), link.sourceId == c.id || link.targetId == c.id
        else { throw AppError.notFound }
        return link
    }

}
