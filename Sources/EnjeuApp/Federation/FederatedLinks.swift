import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Links with a community of another instance (issue 19): the same life as links here (`LinkService`: proposed by the
/// source's stewards, accepted or declined by the target's, ended by either), carried by activities. The proposal is an
/// `Offer` of a `Relationship` (`subject` the source, `object` the target, `relationship` `<origin>/ns#memberOf` or
/// `#partner`); `Accept` and `Reject` answer it, `Undo` of it ends the link. Each instance keeps its side in
/// `remote_links` (`side` says whether this community is the link's source or its target; `offer_id` names the link on
/// both); the pages and the API show them beside the links here, the other community named by its actor.
enum FederatedLinks {
    /// The source's stewards propose: `target` is `@slug@server` or an actor's address (already told apart by the caller).
    static func propose(_ c: CommunityContext, target named: String, kind: LinkKind, _ ctx: ServiceContext) async throws -> UUID {
        let steward = try c.requireViewer()
        guard Federation(ctx.config) != nil else { throw AppError.rejected(FederationText.federationOff) }
        guard let community = try await FederatedCommunity.find(c.community.slug, ctx.db), community.federates else {
            throw AppError.rejected(FederationText.notFederating)
        }
        let f = try ctx.federation()
        let remote: RemoteActor
        do {
            remote = try await RemoteActors.byIRI(try await FederatedFollows.resolve(named, ctx), refresh: true, ctx)
        } catch { throw AppError.invalid(Violations(.target, .notAChoice)) }
        let me = f.communityIRI(community.slug)
        guard remote.iri != me else { throw AppError.rejected(NetworkText.errSelf.text) }
        let (id, now) = (ctx.newID(), ctx.now)
        let offerID = me + "/links/" + id.uuidString.lowercased()
        try await ctx.write { db in
            try await sql(db).insert(into: "remote_links", [
                "id": id, "community_id": c.id, "actor_iri": remote.iri, "side": Side.source.rawValue, "kind": kind.rawValue,
                "status": LinkStatus.proposed.rawValue, "offer_id": offerID, "proposed_by": steward.id, "proposed_at": now,
            ], orIfTaken: .conflict(NetworkText.errDuplicate.text))
            try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: me, inbox: remote.inbox, activity: [
                "@context": [Federation.context, ["enjeu": f.iri("/ns#")]], "id": offerID, "type": "Offer", "actor": me,
                "to": [remote.iri], "target": remote.iri,
                "object": ["type": "Relationship", "subject": me, "object": remote.iri, "relationship": relationship(kind, f)] as [String: Any],
            ])
            try await AuditEvent.record(db, ctx, community: c.id, "link.propose", "\(kind.rawValue) \(remote.iri)")
        }
        return id
    }

    enum Side: String { case source, target }

    static func relationship(_ kind: LinkKind, _ f: Federation) -> String { f.iri("/ns#") + (kind == .memberOf ? "memberOf" : "partner") }

    /// A link of `c` with another instance, if `id` names one (nil: not one of these; the caller looks among its own).
    struct Row: Decodable {
        let id: UUID, actor_iri: String, side: String, kind: String, status: String, offer_id: String, proposed_by: UUID?
    }

    static func row(_ db: any Database, _ id: UUID, of c: CommunityContext) async throws -> Row? {
        try await db.row("""
            SELECT id, actor_iri, side, kind, status, offer_id, proposed_by FROM remote_links WHERE id = \(bind: id) AND community_id = \(bind: c.id)
            """, as: Row.self)
    }

    /// The target's stewards accept or decline a proposal from another instance; their answer goes back to it.
    static func decide(_ c: CommunityContext, link: Row, accept: Bool, _ ctx: ServiceContext) async throws -> LinkStatus {
        let steward = try c.requireViewer()
        guard link.side == Side.target.rawValue else { throw AppError.forbidden(NetworkText.errOwnProposal.text) }
        let status: LinkStatus = accept ? .accepted : .declined
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE remote_links SET status = \(bind: status.rawValue), decided_by = \(bind: steward.id), decided_at = \(bind: ctx.now)
                WHERE id = \(bind: link.id) AND status = \(bind: LinkStatus.proposed.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
            try await send(db, ctx, c, to: link.actor_iri, accept ? "Accept" : "Reject", object: link.offer_id)
            // A network follows its new member: what the member publishes is what it shares with the network's page.
            if accept, link.kind == LinkKind.memberOf.rawValue, let community = try await FederatedCommunity.find(id: c.id, db),
               let remote = try await RemoteActors.kept(iri: link.actor_iri, db) {
                _ = try await FederatedFollows.request(db, ctx, community, follows: remote, by: steward.id)
            }
            try await AuditEvent.record(db, ctx, community: c.id, "link.\(status.rawValue)", link.actor_iri)
        }
        return status
    }

    /// Either side ends a live link (a proposal ended is withdrawn); the other instance hears an `Undo` of the proposal.
    static func end(_ c: CommunityContext, link: Row, _ ctx: ServiceContext) async throws {
        let steward = try c.requireViewer()
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE remote_links SET status = \(bind: LinkStatus.ended.rawValue), ended_by = \(bind: steward.id), ended_at = \(bind: ctx.now)
                WHERE id = \(bind: link.id) AND status IN (\(bind: LinkStatus.proposed.rawValue), \(bind: LinkStatus.accepted.rawValue)) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(NetworkText.errNotLive.text) }
            try await send(db, ctx, c, to: link.actor_iri, "Undo", object: link.offer_id)
            try await AuditEvent.record(db, ctx, community: c.id, "link.end", link.actor_iri)
        }
    }

    private static func send(_ db: any Database, _ ctx: ServiceContext, _ c: CommunityContext, to actor: String, _ type: String,
                             object: String) async throws {
        struct Inbox: Decodable { let inbox: String }
        guard let community = try await FederatedCommunity.find(id: c.id, db),
              let inbox = try await db.row("SELECT inbox FROM remote_actors WHERE iri = \(bind: actor)", as: Inbox.self)?.inbox else { return }
        let me = try ctx.federation().communityIRI(community.slug)
        try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: me, inbox: inbox, activity: [
            "@context": Federation.context, "id": me + "/" + type.lowercased() + "s/" + ctx.newID().uuidString.lowercased(),
            "type": type, "actor": me, "to": [actor], "object": object,
        ])
    }

    // MARK: In

    /// A proposal to one of this instance's communities, the answer to one of its own, or a link ended over there.
    static func received(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        switch a["type"] as? String {
        case "Offer":
            guard let relation = a["object"] as? [String: Any], relation["type"] as? String == "Relationship",
                  let offerID = Activity.iri(a["id"]), URLParts(offerID)?.origin == URLParts(actor)?.origin,
                  Activity.iri(relation["subject"]) == actor, let object = Activity.iri(relation["object"]),
                  let slug = f.communitySlug(object), let relationship = Activity.iri(relation["relationship"]) else { return }
            let kind: LinkKind? = relationship.hasSuffix("#memberOf") ? .memberOf : relationship.hasSuffix("#partner") ? .partner : nil
            try await proposed(kind, to: slug, offer: offerID, by: actor, ctx)
        case let answer? where answer == "Accept" || answer == "Reject":
            guard let offerID = Activity.iri(a["object"]) else { return }
            let status: LinkStatus = answer == "Accept" ? .accepted : .declined
            try await ctx.write { db in
                try await sql(db).raw("""
                    UPDATE remote_links SET status = \(bind: status.rawValue), decided_at = \(bind: ctx.now)
                    WHERE offer_id = \(bind: offerID) AND actor_iri = \(bind: actor) AND side = \(bind: Side.source.rawValue)
                      AND status = \(bind: LinkStatus.proposed.rawValue)
                    """).run()
            }
        case "Undo":
            guard let offerID = Activity.iri(a["object"]) else { return }
            try await ctx.write { db in
                try await sql(db).raw("""
                    UPDATE remote_links SET status = \(bind: LinkStatus.ended.rawValue), ended_at = \(bind: ctx.now)
                    WHERE offer_id = \(bind: offerID) AND actor_iri = \(bind: actor)
                      AND status IN (\(bind: LinkStatus.proposed.rawValue), \(bind: LinkStatus.accepted.rawValue))
                    """).run()
            }
        default: return
        }
    }

    /// Kept for the target's stewards to decide, once; a community that does not federate (or none, or a kind not known
    /// here) is refused by the instance, the same way whichever.
    private static func proposed(_ kind: LinkKind?, to slug: String, offer offerID: String, by actor: String, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        let community = try await FederatedCommunity.find(slug, ctx.db)
        let remote = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        let (id, now, app) = (ctx.newID(), ctx.now, ctx.app)
        try await ctx.write { db in
            guard let community, community.federates, let kind else {
                try await Delivery.enqueue(db, ctx, owner: "instance", actorIRI: f.instanceIRI, inbox: remote.inbox, activity: [
                    "@context": Federation.context, "id": f.instanceIRI + "/rejects/" + ctx.newID().uuidString.lowercased(),
                    "type": "Reject", "actor": f.instanceIRI, "to": [actor], "object": offerID,
                ])
                return
            }
            struct Kept: Decodable { let id: UUID }
            let kept = try await db.rows("""
                INSERT INTO remote_links (id, community_id, actor_iri, side, kind, status, offer_id, proposed_at)
                VALUES (\(bind: id), \(bind: community.id), \(bind: actor), \(bind: Side.target.rawValue), \(bind: kind.rawValue),
                        \(bind: LinkStatus.proposed.rawValue), \(bind: offerID), \(bind: now))
                ON CONFLICT DO NOTHING RETURNING id
                """, as: Kept.self)
            guard !kept.isEmpty else { return }
            let handle = remote.handle
            try await Notify.users(db, app: app, try await Notify.members(db, community.id, stewardsOnly: true), community: community.id,
                                   kind: .request, actor: handle, actorID: nil, subject: remote.name ?? handle,
                                   link: NetworkEndpoints.links.path(community.slug), now: now)
        }
    }

    // MARK: Reads

    /// `c`'s links with other instances, newest first, as `LinkQueries` shows its own: the other community named by its
    /// handle and actor's address. Who may not manage links sees the accepted ones only.
    static func links(_ c: CommunityContext, after cursor: UUID?, limit: Int, _ db: any Database) async throws -> [CommunityLinkItem] {
        struct Row: Decodable {
            let id: UUID, actor_iri: String, side: String, kind: LinkKind, status: LinkStatus, proposed_at: Date, decided_at: Date?, ended_at: Date?
            let name: String?, username: String?, domain: String?
        }
        var query: SQLQueryString = """
            SELECT l.id, l.actor_iri, l.side, l.kind, l.status, l.proposed_at, l.decided_at, l.ended_at, a.name, a.username, a.domain
            FROM remote_links l LEFT JOIN remote_actors a ON a.iri = l.actor_iri WHERE l.community_id = \(bind: c.id)
            """
        if !c.can(.manageLinks) { query = query + " AND l.status = \(bind: LinkStatus.accepted.rawValue)" }
        if let cursor { query = query + " AND l.id < \(bind: cursor)" }
        query = query + " ORDER BY l.id DESC LIMIT \(literal: limit + 1)"
        let here = NamedCommunity(slug: c.community.slug, name: c.community.name)
        return try await db.rows(query, as: Row.self).map { r in
            let handle = r.username.flatMap { u in r.domain.map { "@\(u)@\($0)" } } ?? "@" + Actor.remoteHandle(r.actor_iri)
            let other = NamedCommunity(slug: handle, name: r.name.flatMap { $0.isEmpty ? nil : $0 } ?? handle, url: r.actor_iri)
            let source = r.side == Side.source.rawValue
            return CommunityLinkItem(id: r.id, kind: r.kind, status: r.status, source: source ? here : other, target: source ? other : here,
                                     proposedAt: r.proposed_at, decidedAt: r.decided_at, endedAt: r.ended_at)
        }
    }
}

/// `remote_links`: a community's links with communities of other instances (`FederatedLinks`), never deleted (the history
/// is kept); one live link per community, remote actor and kind (`remote_links_one_live`); `offer_id` unique.
struct M052RemoteLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("remote_links", .id, .ref("community_id", Community.schema, .cascade),
            .text("actor_iri", "side", "kind", "status", "offer_id"),
            .ref(optional: "proposed_by", User.schema), .time("proposed_at"),
            .ref(optional: "decided_by", User.schema), .time(optional: "decided_at"),
            .ref(optional: "ended_by", User.schema), .time(optional: "ended_at"))
        try await db.createIndex("remote_links_by_offer", on: "remote_links", ["offer_id"], unique: true)
        try await db.createIndex("remote_links_by_community", on: "remote_links", ["community_id", "id"])
        try await sql(db).raw("""
            CREATE UNIQUE INDEX remote_links_one_live ON remote_links (community_id, actor_iri, kind) WHERE status IN ('proposed', 'accepted')
            """).run()
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("remote_links")
    }
}
