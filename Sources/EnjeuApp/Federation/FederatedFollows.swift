import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Follows across servers (FEP-1b12 for groups). A remote actor follows a community: a public one that publishes to the
/// fediverse accepts at once; any other, or none, is refused with the same `Reject` (spoken by the instance: the
/// community itself is no actor). A community follows a remote actor: its stewards (or who holds the links right) name it, the `Follow` goes
/// out through the queue, and stays pending until the other side's `Accept` or `Reject` arrives.
struct FederatedFollows {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    /// An activity from `actor` (already verified as its server's) that concerns follows; others are left alone.
    static func received(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        switch a["type"] as? String {
        case "Follow": try await followed(a, actor: actor, ctx)
        case "Undo":
            guard (Activity.type(a["object"]) ?? "Follow") == "Follow", let followID = Activity.iri(a["object"]) else { return }
            try await ctx.write { db in
                struct Gone: Decodable { let community_id: UUID }
                for gone in try await db.rows("""
                    DELETE FROM federation_followers WHERE follow_id = \(bind: followID) AND actor_iri = \(bind: actor) RETURNING community_id
                    """, as: Gone.self) {
                    try await FollowerCounts.add(-1, to: gone.community_id, db)
                }
            }
        case let answer? where answer == "Accept" || answer == "Reject":
            guard let followID = Activity.iri(a["object"]), let origin = URLParts(actor)?.origin else { return }
            let state = answer == "Accept" ? "accepted" : "rejected"
            try await ctx.write { db in
                // Only the followed actor's own server answers for it.
                try await sql(db).raw("""
                    UPDATE federation_following SET state = \(bind: state), answered_at = \(bind: ctx.now)
                    WHERE follow_id = \(bind: followID) AND state <> \(bind: state)
                      AND (actor_iri = \(bind: origin) OR actor_iri LIKE \(bind: origin + "/%"))
                    """).run()
            }
        default: return
        }
    }

    private static func followed(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        // One of this instance's communities or organisations; anything else is not ours to answer.
        guard let followID = Activity.iri(a["id"]), let object = Activity.iri(a["object"]),
              f.communitySlug(object) != nil || f.organisationSlug(object) != nil else { return }
        // A members-only community and one that does not exist get the same Reject: the answer names none. Organisations
        // take no followers yet: refused the same way.
        let slug = f.communitySlug(object)
        let community = slug == nil ? nil : try await FederatedCommunity.find(slug!, ctx.db)
        let remote = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        try await ctx.write { db in
            let follow: [String: Any] = ["id": followID, "type": "Follow", "actor": actor, "object": object]
            if let community, community.federates {
                let communityIRI = f.communityIRI(community.slug)
                // A new follower is counted; one following again only renews its follow (the loser of a race too).
                let added = try await sql(db).raw("""
                    INSERT INTO federation_followers (id, community_id, actor_iri, inbox, domain, follow_id, created_at)
                    VALUES (\(bind: ctx.newID()), \(bind: community.id), \(bind: actor), \(bind: remote.deliveryInbox),
                            \(bind: remote.domain), \(bind: followID), \(bind: ctx.now))
                    ON CONFLICT (community_id, actor_iri) DO NOTHING RETURNING id
                    """).first()
                if added != nil {
                    try await FollowerCounts.add(1, to: community.id, db)
                } else {
                    try await sql(db).raw("""
                        UPDATE federation_followers SET follow_id = \(bind: followID), inbox = \(bind: remote.deliveryInbox)
                        WHERE community_id = \(bind: community.id) AND actor_iri = \(bind: actor)
                        """).run()
                }
                try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: communityIRI, inbox: remote.inbox, activity: [
                    "@context": Federation.context, "id": communityIRI + "/accepts/" + ctx.newID().uuidString.lowercased(),
                    "type": "Accept", "actor": communityIRI, "to": [actor], "object": follow,
                ])
            } else {
                try await Delivery.enqueue(db, ctx, owner: "instance", actorIRI: f.instanceIRI, inbox: remote.inbox, activity: [
                    "@context": Federation.context, "id": f.instanceIRI + "/rejects/" + ctx.newID().uuidString.lowercased(),
                    "type": "Reject", "actor": f.instanceIRI, "to": [actor], "object": follow,
                ])
            }
        }
    }

    // MARK: A community follows a remote actor

    struct FollowIn: Content { let actor: String? }
    struct FollowOut: Content { let id: UUID; let actor: String; let state: String; let createdAt: Date; let answeredAt: Date? }

    /// `actor`: `@name@server` (found by WebFinger) or an actor's address. 422 naming `actor` when it is neither or cannot
    /// be found; the follow is pending until the other server answers.
    func follow(_ ctx: CommunityContext, _ input: FollowIn) async throws -> FollowOut {
        let me = try ctx.requireViewer()
        let f = try context.federation()
        guard let community = try await FederatedCommunity.find(ctx.community.slug, context.db), community.federates else {
            throw AppError.rejected(FederationText.notFederating)
        }
        guard let named = input.actor?.trimmingCharacters(in: .whitespaces), !named.isEmpty else {
            throw AppError.rejected(FederationText.actorField)
        }
        let iri = try await Self.resolve(named, context)
        let communityIRI = f.communityIRI(community.slug)
        guard iri != communityIRI else { throw AppError.rejected(FederationText.followSelf) }
        let remote: RemoteActor
        do { remote = try await RemoteActors.byIRI(iri, refresh: true, context) } catch let e as RemoteActors.Unreachable {
            throw AppError.rejected(FederationText.actorUnreachable(e.description))
        }
        let ctxt = context
        return try await context.write { db in try await Self.request(db, ctxt, community, follows: remote, by: me.id) }
    }

    /// In the caller's transaction: `community` asks to follow `remote`, pending until its answer (asked again, anew).
    static func request(_ db: any Database, _ ctx: ServiceContext, _ community: FederatedCommunity, follows remote: RemoteActor,
                        by user: UUID) async throws -> FollowOut {
        let communityIRI = try ctx.federation().communityIRI(community.slug)
        let id = ctx.newID()
        let followID = communityIRI + "/follows/" + id.uuidString.lowercased()
        let rows = try await db.rows("""
            INSERT INTO federation_following (id, community_id, actor_iri, follow_id, state, requested_by, created_at)
            VALUES (\(bind: id), \(bind: community.id), \(bind: remote.iri), \(bind: followID), 'pending', \(bind: user), \(bind: ctx.now))
            ON CONFLICT (community_id, actor_iri) DO UPDATE SET follow_id = excluded.follow_id, state = 'pending',
              requested_by = excluded.requested_by, answered_at = NULL
            RETURNING id, actor_iri AS actor, state, created_at AS "createdAt", answered_at AS "answeredAt"
            """, as: FollowOut.self)
        try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: communityIRI, inbox: remote.inbox, activity: [
            "@context": Federation.context, "id": followID, "type": "Follow", "actor": communityIRI, "object": remote.iri,
        ])
        try await AuditEvent.record(db, ctx, community: community.id, "federation.follow", remote.iri, actor: user)
        return rows[0]
    }

    func following(_ ctx: CommunityContext, after: String?) async throws -> KeysetPage<FollowOut> {
        var query: SQLQueryString = """
            SELECT id, actor_iri AS actor, state, created_at AS "createdAt", answered_at AS "answeredAt" FROM federation_following WHERE community_id = \(bind: ctx.id)
            """
        try FiguresQueries.before(after, column: "id", &query)
        return KeysetPage(rows: try await context.db.rows(query, as: FollowOut.self), size: FiguresQueries.pageSize) { $0.id }
    }

    /// An actor's IRI from what a person typed.
    static func resolve(_ named: String, _ ctx: ServiceContext) async throws -> String {
        let ours = try ctx.federation().base
        if let url = URLParts(named) {
            guard FederationRules.mayReach(url, from: ours) else { throw AppError.rejected(FederationText.actorField) }
            if FederationRules.isBlocked(url.authority, by: ctx.config.blockedDomains) { throw AppError.rejected(FederationText.blockedDomain) }
            return named
        }
        guard let (user, host) = FederationRules.handle(named) else { throw AppError.rejected(FederationText.actorField) }
        if FederationRules.isBlocked(host, by: ctx.config.blockedDomains) { throw AppError.rejected(FederationText.blockedDomain) }
        let scheme = FederationRules.isLocal(host.split(separator: ":").first.map(String.init) ?? host) ? "http" : "https"
        let address = "\(scheme)://\(host)/.well-known/webfinger?resource=acct:\(user)@\(host)"
        guard let target = URLParts(address), FederationRules.mayReach(target, from: ours) else { throw AppError.rejected(FederationText.actorField) }
        let response: ClientResponse
        do {
            response = try await ctx.app.client.get(URI(string: address), headers: ["Accept": "application/jrd+json"]) { $0.timeout = .seconds(10) }
        } catch { throw AppError.rejected(FederationText.actorUnreachable(address)) }
        struct JRD: Decodable { struct Link: Decodable { let rel: String; let type: String?; let href: String? }; let links: [Link]? }
        guard response.status == .ok, let jrd = try? response.content.decode(JRD.self, using: JSONDecoder()),
              let href = jrd.links?.first(where: { $0.rel == "self" && ($0.type ?? "").contains("json") })?.href
        else { throw AppError.rejected(FederationText.actorUnreachable(address)) }
        return href
    }
}

/// A community's place in the fediverse as its members see it, and the switch its stewards hold: « publish to the
/// fediverse », on by default, which a members-only community never does whatever it says (its inside stays home).
struct FederationSettings {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    struct In: Content { let publish: Bool? }
    struct Out: Content {
        let publish: Bool, federates: Bool, actor: String?, handle: String?, followers: Int, following: Int
    }

    func read(_ ctx: CommunityContext) async throws -> Out {
        guard let c = try await FederatedCommunity.find(id: ctx.id, context.db) else { throw AppError.notFound }
        let f = Federation(context.config)
        let federates = f != nil && c.federates
        let followers = try await FollowerCounts.of(c.id, context.db)
        let following = try await context.db.count("""
            SELECT COUNT(*) AS n FROM federation_following WHERE community_id = \(bind: c.id) AND state = 'accepted'
            """)
        return Out(publish: c.publishFediverse, federates: federates, actor: federates ? f?.communityIRI(c.slug) : nil,
                   handle: federates ? f.map { "@\(c.slug)@\($0.authority)" } : nil, followers: followers, following: following)
    }

    func setPublish(_ ctx: CommunityContext, _ publish: Bool?) async throws -> Out {
        guard let publish else { throw AppError.rejected(FederationText.publishField) }
        let me = try ctx.requireViewer()
        let service = context
        try await context.write { db in
            try await sql(db).raw("UPDATE communities SET publish_fediverse = \(bind: publish) WHERE id = \(bind: ctx.id)").run()
            try await AuditEvent.record(db, service, community: ctx.id, "federation.publish", publish ? "on" : "off", actor: me.id)
        }
        return try await read(ctx)
    }
}
