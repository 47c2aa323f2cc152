import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The documents of federation (issue 19): WebFinger, NodeInfo 2.1, the instance's `Application` actor and each
/// federating community's `Group` with its collections. All are 404 until `ENJEU_PUBLIC_URL` is set; inboxes are in
/// Inbox.swift.
enum FederationRoutes {
    static func register(_ app: Application) {
        typealias E = FederationEndpoints
        app.open(E.webFinger) { req in try await webFinger(req) }
        app.open(E.nodeInfoLinks) { req in
            let f = try req.context.federation()
            return try Federation.document(["links": [["rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                                                       "href": f.iri(E.nodeInfo.path())]]], type: "application/json")
        }
        app.open(E.nodeInfo) { req in try await nodeInfo(req) }
        app.open(E.instance) { req in try await instanceActor(req) }
        app.open(E.instanceOutbox) { req in
            let f = try req.context.federation()
            return try Federation.document(emptyCollection(f.iri(E.instanceOutbox.path())))
        }
        app.open(E.community) { req in try await communityActor(req, slug: req.parameters.get("slug") ?? "") }
        app.open(E.communityOutbox) { req in
            let ctx = req.context
            let f = try ctx.federation()
            let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
            return try Federation.document(emptyCollection(f.iri(E.communityOutbox.path(c.slug))))
        }
        // The counts only: who follows a community, and whom it follows, is not published.
        app.open(E.communityFollowers) { req in
            try await counted(req, E.communityFollowers) { "SELECT COUNT(*) AS n FROM federation_followers WHERE community_id = \(bind: $0)" }
        }
        app.open(E.communityFollowing) { req in
            try await counted(req, E.communityFollowing) {
                "SELECT COUNT(*) AS n FROM federation_following WHERE community_id = \(bind: $0) AND state = 'accepted'"
            }
        }
        Inbox.register(app)
    }

    /// A federating community's collection as its size alone.
    static func counted(_ req: Request, _ route: Endpoint<String>, _ query: (UUID) -> SQLQueryString) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        let n = try await ctx.db.count(query(c.id))
        return try Federation.document(["@context": Federation.context, "id": f.iri(route.path(c.slug)), "type": "OrderedCollection", "totalItems": n])
    }

    /// `acct:slug@host` of this instance → the community's actor; the instance actor answers to its host's name too.
    static func webFinger(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        guard let resource = req.query[String.self, at: "resource"], !resource.isEmpty else {
            throw AppError.badRequest(FederationText.resourceMissing(authority: f.authority))
        }
        let subject: String, href: String, type: String
        if resource == f.instanceIRI || FederationRules.webFingerSlug(resource, authority: f.authority) == f.authority {
            (subject, href, type) = ("acct:\(f.authority)@\(f.authority)", f.instanceIRI, "Application")
        } else {
            guard let slug = FederationRules.webFingerSlug(resource, authority: f.authority) ?? f.communitySlug(resource) else {
                throw AppError.notFound
            }
            let c = try await FederatedCommunity.federating(slug, ctx.db)
            (subject, href, type) = ("acct:\(c.slug)@\(f.authority)", f.communityIRI(c.slug), "Group")
        }
        return try Federation.document([
            "subject": subject, "aliases": [href],
            "links": [["rel": "self", "type": Federation.activityJSON, "href": href]],
            "properties": ["https://www.w3.org/ns/activitystreams#type": type],
        ], type: "application/jrd+json")
    }

    static func nodeInfo(_ req: Request) async throws -> Response {
        let ctx = req.context
        _ = try ctx.federation()
        let users = try await ctx.db.count("SELECT COUNT(*) AS n FROM users WHERE deleted_at IS NULL")
        let communities = try await ctx.db.count("""
            SELECT COUNT(*) AS n FROM communities WHERE kind = \(bind: CommunityKind.community.rawValue)
              AND visibility = \(bind: Visibility.public.rawValue) AND publish_fediverse = \(bind: true)
            """)
        return try Federation.document([
            "version": "2.1",
            "software": ["name": "enjeu", "version": Federation.softwareVersion],
            "protocols": ["activitypub"], "services": ["inbound": [String](), "outbound": [String]()],
            "openRegistrations": true,
            "usage": ["users": ["total": users], "localPosts": 0],
            "metadata": ["nodeName": "Enjeu", "federatedCommunities": communities],
        ], type: "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"")
    }

    static func instanceActor(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let key = try await ActorKey.of("instance", ctx)
        return try Federation.document(actor(id: f.instanceIRI, type: "Application", username: f.authority, name: "Enjeu",
                                             summary: "", url: f.origin + "/", key: key, f))
    }

    /// The community's `Group`, or its page for a browser (the same address answers both, hence `Vary: Accept`).
    static func communityActor(_ req: Request, slug: String) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(slug, ctx.db)
        guard Federation.wantsActivityJSON(req) else {
            let page = req.redirect(to: CommunityEndpoints.community.path(c.slug), redirectType: .normal)
            page.headers.replaceOrAdd(name: "Vary", value: "Accept")
            return page
        }
        let key = try await ActorKey.of(c.keyOwner, ctx)
        return try Federation.document(actor(id: f.communityIRI(c.slug), type: "Group", username: c.slug, name: c.name,
                                             summary: escape(c.purpose), url: f.iri(CommunityEndpoints.community.path(c.slug)), key: key, f))
    }

    static func actor(id: String, type: String, username: String, name: String, summary: String, url: String, key: ActorKey,
                      _ f: Federation) -> [String: Any] {
        [
            "@context": [Federation.context, Federation.securityContext], "id": id, "type": type,
            "preferredUsername": username, "name": name, "summary": summary, "url": url,
            "inbox": id + "/inbox", "outbox": id + "/outbox", "followers": id + "/followers", "following": id + "/following",
            "endpoints": ["sharedInbox": f.sharedInbox], "manuallyApprovesFollowers": false, "discoverable": true,
            "publicKey": ["id": f.keyId(of: id), "owner": id, "publicKeyPem": key.publicPEM],
        ]
    }

    /// Publishing (notes, revisions, offers) is not written yet: the outboxes are honest and empty.
    static func emptyCollection(_ id: String) -> [String: Any] {
        ["@context": Federation.context, "id": id, "type": "OrderedCollection", "totalItems": 0, "orderedItems": [Any]()]
    }
}

