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
        app.open(E.communityOutbox) { req in try await outbox(req) }
        app.open(E.organisation) { req in try await organisationActor(req) }
        // Organisations publish nothing and take no followers yet (a Follow of one is refused): both collections are
        // honestly empty.
        for route in [E.organisationOutbox, E.organisationFollowers] {
            app.open(route) { req in
                let ctx = req.context
                let f = try ctx.federation()
                let o = try await FederatedOrganisation.existing(req.parameters.get("slug") ?? "", ctx.db)
                return try Federation.document(emptyCollection(f.iri(route.path(o.slug))))
            }
        }
        app.open(E.communityFeatured) { req in try await featured(req) }
        app.open(E.communityModerators) { req in try await moderators(req) }
        app.open(E.outsideParty) { req in try await outsideParty(req) }
        app.open(E.person) { req in try await person(req) }
        app.open(E.post) { req in try await postObject(req) }
        app.open(E.revision) { req in try await revisionObject(req) }
        app.open(E.offer) { req in try await offerObject(req) }
        app.open(E.flow) { req in try await flowObject(req) }
        // The counts only: who follows a community, and whom it follows, is not published.
        app.open(E.communityFollowers) { req in
            try await counted(req, E.communityFollowers) { "SELECT COALESCE(MAX(followers), 0) AS n FROM federation_counts WHERE community_id = \(bind: $0)" }
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
        } else if let slug = f.organisationSlug(resource) {
            let o = try await FederatedOrganisation.existing(slug, ctx.db)
            (subject, href, type) = ("acct:\(o.slug)@\(f.authority)", f.organisationIRI(o.slug), "Organization")
        } else {
            guard let slug = FederationRules.webFingerSlug(resource, authority: f.authority) ?? f.communitySlug(resource)
            else { throw AppError.notFound }
            // A community first; an organisation of the same slug is reached by its actor's address.
            if let c = try await FederatedCommunity.find(slug, ctx.db), c.federates {
                (subject, href, type) = ("acct:\(c.slug)@\(f.authority)", f.communityIRI(c.slug), "Group")
            } else if let o = try await FederatedOrganisation.find(slug, ctx.db), try await FederatedCommunity.find(slug, ctx.db) == nil {
                (subject, href, type) = ("acct:\(o.slug)@\(f.authority)", f.organisationIRI(o.slug), "Organization")
            } else { throw AppError.notFound }
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
            "usage": ["users": ["total": users]],
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
        typealias E = FederationEndpoints
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(slug, ctx.db)
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, CommunityEndpoints.community.path(c.slug)) }
        let key = try await ActorKey.of(c.keyOwner, ctx)
        let id = f.communityIRI(c.slug)
        var group = actor(id: id, type: "Group", username: c.slug, name: c.name,
                          summary: escape(c.purpose), url: f.iri(CommunityEndpoints.community.path(c.slug)), key: key, f)
        group["featured"] = f.iri(E.communityFeatured.path(c.slug))
        group["attributedTo"] = f.iri(E.communityModerators.path(c.slug))
        group["following"] = f.iri(E.communityFollowing.path(c.slug))
        // The key its adopted revisions are signed with (FEP-8b32, FEP-521a).
        // cid/v1 defines `assertionMethod` itself: without it a JSON-LD reader drops the key (FEP-521a's own context).
        group["@context"] = [Federation.context, Federation.securityContext, IntegrityProof.dataIntegrityContext, IntegrityProof.multikeyContext,
                             "https://www.w3.org/ns/cid/v1"]
        group["assertionMethod"] = IntegrityProof.assertionMethod(actor: id, try await IntegrityKey.of(c.keyOwner, ctx))
        return try Federation.document(group)
    }

    /// The organisation's `Organization`, or its profile page for a browser.
    static func organisationActor(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let o = try await FederatedOrganisation.existing(req.parameters.get("slug") ?? "", ctx.db)
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, OrganisationEndpoints.profile.path(o.slug)) }
        let key = try await ActorKey.of(o.keyOwner, ctx)
        return try Federation.document(actor(id: f.organisationIRI(o.slug), type: "Organization", username: o.slug, name: o.name,
                                             summary: escape(o.purpose), url: f.iri(OrganisationEndpoints.profile.path(o.slug)), key: key, f))
    }

    static func actor(id: String, type: String, username: String, name: String, summary: String, url: String, key: ActorKey,
                      _ f: Federation) -> [String: Any] {
        [
            "@context": [Federation.context, Federation.securityContext], "id": id, "type": type,
            "preferredUsername": username, "name": name, "summary": summary, "url": url,
            "inbox": id + "/inbox", "outbox": id + "/outbox", "followers": id + "/followers",
            "endpoints": ["sharedInbox": f.sharedInbox], "manuallyApprovesFollowers": false, "discoverable": true,
            "publicKey": ["id": f.keyId(of: id), "owner": id, "publicKeyPem": key.publicPEM],
        ]
    }

    static func emptyCollection(_ id: String) -> [String: Any] {
        ["@context": Federation.context, "id": id, "type": "OrderedCollection", "totalItems": 0, "orderedItems": [Any]()]
    }

    // MARK: What a community published

    /// The outbox: an `OrderedCollection` whose `first` page lists the newest `Create`s; each page names the `next` by an
    /// opaque cursor (`?page=1&after=…`), one keyset range of the community's feed. No `totalItems`: counting a feed of a
    /// million items on each fetch would cost more than the page.
    static func outbox(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        let id = f.iri(FederationEndpoints.communityOutbox.path(c.slug))
        guard req.query[String.self, at: "page"] != nil else {
            return try Federation.document(["@context": Federation.context, "id": id, "type": "OrderedCollection", "first": id + "?page=1"])
        }
        let after = req.query[String.self, at: "after"]
        var query: SQLQueryString = """
            SELECT \(PublishedItem.columns) FROM posts p LEFT JOIN users u ON u.id = p.author_id
            WHERE p.community_id = \(bind: c.id) AND p.kind IN (\(binds: Publishing.kinds)) AND p.deleted_at IS NULL AND p.hidden_at IS NULL
            """
        try FiguresQueries.before(after, column: "p.id", &query)
        let page = KeysetPage(rows: try await ctx.db.rows(query, as: PublishedItem.self), size: FiguresQueries.pageSize) { $0.id }
        let objects = try await PublishedObjects.signing(f, c, ctx)
        let revisions = try await objects.revisions(of: page.items, ctx.db)
        let items = try page.items.compactMap { item in
            try objects.object(item, revisions: revisions).map { objects.activity(.create, $0, at: item.createdAt) }
        }
        var doc: [String: Any] = ["@context": Federation.context, "id": id + "?page=1" + (after.map { "&after=" + $0 } ?? ""),
                                  "type": "OrderedCollectionPage", "partOf": id, "orderedItems": items]
        if let next = page.next { doc["next"] = id + "?page=1&after=" + next }
        return try Federation.document(doc)
    }

    /// `featured`: the community's current #CodeSocial, as the `Article` of its head revision (empty before the first).
    static func featured(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        let objects = try await PublishedObjects.signing(f, c, ctx)
        let head = try await objects.revisions([c.codeRevision], ctx.db)[c.codeRevision].map(objects.article)
        let items: [[String: Any]] = head.map { [$0] } ?? []
        return try Federation.document(["@context": Federation.context, "id": f.iri(FederationEndpoints.communityFeatured.path(c.slug)),
                                        "type": "OrderedCollection", "totalItems": items.count, "orderedItems": items])
    }

    /// A post or an adopted value as a `Note` (a deleted one: `410` and its `Tombstone`); a browser goes to its page.
    static func postObject(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let item = try await PublishedItem.find(id, ctx.db),
              item.communityID == c.id, item.revisionNumber == nil,
              let object = try PublishedObjects(f, c).object(item, revisions: [:])
        else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, SocialEndpoints.post.path(c.slug, id)) }
        let response = try Federation.document(object.merging(["@context": Federation.context]) { a, _ in a })
        if item.deletedAt != nil || item.hiddenAt != nil { response.status = .gone }
        return response
    }

    /// An adopted revision as an `Article`; a browser goes to its page.
    static func revisionObject(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        guard let n = req.parameters.get("n").flatMap(Int.init), n > 0, n <= c.codeRevision else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, CodeEndpoints.revision.path(c.slug, n)) }
        let objects = try await PublishedObjects.signing(f, c, ctx)
        guard let r = try await objects.revisions([n], ctx.db)[n] else { throw AppError.notFound }
        return try Federation.document(try objects.article(r))
    }

    /// An offer as an FEP-0837 `Proposal` (hidden, or its owner gone: `410` and a `Tombstone`); a browser goes to its page.
    static func offerObject(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let offer = try await PublishedOffer.find(id, ctx.db),
              offer.communityID == c.id else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, EconomyEndpoints.offer.path(c.slug, id)) }
        let response = try Federation.document(PublishedObjects(f, c).proposal(offer).merging(["@context": Federation.context]) { a, _ in a })
        if offer.gone { response.status = .gone }
        return response
    }

    /// A flow of a publishing community's ledger (public, as its ledger page is) as a ValueFlows `EconomicEvent`, named
    /// as the export names it; a browser goes to the ledger.
    static func flowObject(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        struct Home: Decodable { let community_id: UUID }
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let home = try await ctx.db.row("SELECT community_id FROM flows WHERE id = \(bind: id)", as: Home.self),
              let c = try await FederatedCommunity.find(id: home.community_id, ctx.db), c.federates,
              let flow = try await EconomyQueries.flowRow(ctx.db, c.id, id)
        else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, EconomyEndpoints.flows.path(c.slug)) }
        // Another instance's event, kept here too: it is named, and answered for, where it was recorded.
        if let iri = flow.iri, URLParts(iri) != nil { return htmlRedirect(req, iri) }
        let iris = LedgerIRIs(origin: f.origin, slug: c.slug)
        var event = EconomyExports.economicEvent(flow, iris, iso: ISO8601DateFormatter())
        event["@context"] = EconomyExports.valueFlowsContext(iris)
        // Its home speaks for it (FEP-8b32: the key's controller owns the object); a confirmed entry carries the home's
        // proof, so a third party can check it after it was forwarded.
        event["attributedTo"] = f.communityIRI(c.slug)
        if flow.state == .confirmed {
            let key = try await IntegrityKey.of(c.keyOwner, ctx)
            event = try IntegrityProof.sign(event, seed: key.seed, verificationMethod: IntegrityProof.keyID(of: f.communityIRI(c.slug)),
                                            created: flow.confirmedAt ?? flow.createdAt)
        }
        return try Federation.document(event, type: Federation.ldJSON)
    }

    /// A federating community's stewards (founders and stewards, 100 at most), each as the `Person` its public page names:
    /// people are no actors here, so each is given whole rather than by an address to fetch.
    static func moderators(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        struct Steward: Decodable { let handle: String, display_name: String }
        let stewards = try await ctx.db.rows("""
            SELECT u.handle, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.community_id = \(bind: c.id) AND m.status = \(bind: MembershipStatus.active.rawValue) AND m.role IN ('founder', 'steward')
              AND u.deleted_at IS NULL
            ORDER BY u.handle LIMIT 100
            """, as: Steward.self)
        let people: [[String: Any]] = stewards.map {
            ["type": "Person", "id": f.iri(FederationEndpoints.person.path($0.handle)), "url": f.iri(AccountEndpoints.person.path($0.handle)),
             "preferredUsername": $0.handle, "name": $0.display_name]
        }
        return try Federation.document(["@context": Federation.context, "id": f.iri(FederationEndpoints.communityModerators.path(c.slug)),
                                        "type": "OrderedCollection", "totalItems": people.count, "orderedItems": people])
    }

    /// A person, by the address the ledgers' exports and the moderators name her by: her handle and name, as the public
    /// pages of the federating communities she is an active member of already show them, and nothing at all otherwise
    /// (a person only in members-only communities, or in none, is a 404). People are no actors here: no inbox, no key.
    static func person(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let handle = (req.parameters.get("handle") ?? "").lowercased()
        struct Row: Decodable { let handle: String, display_name: String }
        guard Rules.isValidHandle(handle), let p = try await ctx.db.row("""
            SELECT u.handle, u.display_name FROM users u WHERE u.handle = \(bind: handle) AND u.deleted_at IS NULL AND EXISTS (
              SELECT 1 FROM memberships m JOIN communities c ON c.id = m.community_id
              WHERE m.user_id = u.id AND m.status = \(bind: MembershipStatus.active.rawValue) AND c.kind = \(bind: CommunityKind.community.rawValue)
                AND c.visibility = \(bind: Visibility.public.rawValue) AND c.publish_fediverse = \(bind: true))
            """, as: Row.self)
        else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, AccountEndpoints.person.path(p.handle)) }
        return try Federation.document([
            "@context": Federation.context, "id": f.iri(FederationEndpoints.person.path(p.handle)), "type": "Person",
            "preferredUsername": p.handle, "name": p.display_name, "url": f.iri(AccountEndpoints.person.path(p.handle)),
        ])
    }

    /// An outside party of a federating community's ledger, at the address its ValueFlows export names it by, while a
    /// flow that counts names it (`flow_actors`): a name, nothing more.
    static func outsideParty(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let c = try await FederatedCommunity.federating(req.parameters.get("slug") ?? "", ctx.db)
        guard let name = req.parameters.get("name")?.removingPercentEncoding, !name.isEmpty,
              try await ctx.db.count("""
                SELECT COUNT(*) AS n FROM flow_actors WHERE community_id = \(bind: c.id) AND nature = '' AND side IN ('from', 'to')
                  AND actor = \(bind: Actor.outside(name).key) AND flows > 0
                """) > 0
        else { throw AppError.notFound }
        guard Federation.wantsActivityJSON(req) else { return htmlRedirect(req, EconomyEndpoints.flows.path(c.slug)) }
        let iris = LedgerIRIs(origin: f.origin, slug: c.slug)
        return try Federation.document([
            "@context": ["vf": "https://w3id.org/valueflows/ont/vf#", "name": "vf:name"],
            "@id": iris.agent(Actor.outside(name).key), "@type": "vf:Agent", "name": name,
        ], type: Federation.ldJSON)
    }

    /// The same address answers a page to a browser: it is sent there, and caches told that the answer depends on Accept.
    static func htmlRedirect(_ req: Request, _ path: String) -> Response {
        let page = req.redirect(to: path, redirectType: .normal)
        page.headers.replaceOrAdd(name: "Vary", value: "Accept")
        return page
    }
}
