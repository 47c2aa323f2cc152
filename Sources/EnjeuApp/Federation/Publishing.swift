import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Publishing (issue 19): what a federating community says in public reaches the servers that follow it. A feed item
/// of a published kind queues one `ap.publish` job in the transaction that writes it, and only when somebody follows;
/// that job builds the activity once and queues one signed delivery per following server (its shared inbox). So a
/// post costs its author the same with one follower or ten thousand, and a dead server slows no page.
enum Publishing {
    static let kind = "ap.publish"
    /// Members' posts, adopted revisions of the #CodeSocial, adopted values and stakes. Who joined, and which action was
    /// done, stay home.
    static let kinds = [FeedItemKind.post, .event(.revision), .event(.adopted)].map(\.rawValue)

    enum Verb: String, Codable, Sendable { case create = "Create", update = "Update", delete = "Delete" }
    /// A feed item (`post`) or an offer of the catalogue (`offer`), and what happened to it.
    /// `at`: when it was decided, which names the activity (a post shown again after moderation is a new `Create`).
    struct Job: Codable, Sendable { var post: UUID? = nil; var offer: UUID? = nil; let verb: Verb; var at: Date? = nil }

    /// In the transaction that wrote, edited or erased feed item `post`.
    static func enqueue(_ db: any Database, app: Application, post: UUID, community: UUID, kind: String, _ verb: Verb, now: Date) async throws {
        guard kinds.contains(kind) else { return }
        try await queue(db, app: app, Job(post: post, verb: verb, at: now), community: community, now: now)
    }

    /// In the transaction that published an offer, or hid or showed it again (FEP-0837 `Proposal`).
    static func enqueue(_ db: any Database, app: Application, offer: UUID, community: UUID, _ verb: Verb, now: Date) async throws {
        try await queue(db, app: app, Job(offer: offer, verb: verb, at: now), community: community, now: now)
    }

    private static func queue(_ db: any Database, app: Application, _ job: Job, community: UUID, now: Date) async throws {
        guard app.enjeu.publicURL != nil else { return }
        // A deletion goes to whoever follows, even once the community stopped publishing: it reveals nothing, and what
        // was said there should not outlive its erasure elsewhere.
        let publishing: SQLQueryString = job.verb == .delete ? "" : """
             AND c.visibility = \(bind: Visibility.public.rawValue) AND c.publish_fediverse = \(bind: true)
            """
        let followed = try await db.count("""
            SELECT COUNT(*) AS n FROM communities c
            WHERE c.id = \(bind: community) AND c.kind = \(bind: CommunityKind.community.rawValue)\(publishing)
              AND EXISTS (SELECT 1 FROM federation_followers f WHERE f.community_id = c.id)
            """)
        guard followed > 0 else { return }
        let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        try await JobQueue.enqueue(db, id: app.enjeu.ids.next(), kind: Self.kind, payload: payload, now: now)
    }

    /// The job: the activity, then one delivery per following server that is not blocked, all queued in one transaction.
    static func run(_ ctx: ServiceContext, _ payload: String) async throws {
        let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
        let f = try ctx.federation()
        let started = ContinuousClock.now
        let communityID: UUID, gone: Bool, at: Date, build: (PublishedObjects) async throws -> [String: Any]?
        if let id = job.offer {
            guard let offer = try await PublishedOffer.find(id, ctx.db) else { return }
            (communityID, gone, at) = (offer.communityID, offer.gone, offer.createdAt)
            build = { $0.proposal(offer) }
        } else if let id = job.post, let item = try await PublishedItem.find(id, ctx.db) {
            (communityID, gone, at) = (item.communityID, item.deletedAt != nil || item.hiddenAt != nil, item.editedAt ?? item.createdAt)
            build = { objects in try objects.object(item, revisions: try await objects.revisions(of: [item], ctx.db)) }
        } else { return }
        guard let community = try await FederatedCommunity.find(id: communityID, ctx.db) else { return }
        // Gone (deleted, hidden by moderation) since it was queued: a Delete, whatever the verb. Otherwise only a
        // community that still publishes sends it.
        guard gone || community.federates else { return }
        let objects = try await PublishedObjects.signing(f, community, ctx)
        guard let object = try await build(objects) else { return }
        let activity = objects.activity(gone ? .delete : job.verb, object, at: job.at ?? at)
        let body = try Federation.json(activity)
        struct InboxRow: Decodable { let inbox: String }
        let inboxes = try await ctx.db.rows("SELECT DISTINCT inbox FROM federation_followers WHERE community_id = \(bind: community.id)",
                                            as: InboxRow.self)
            .map(\.inbox)
            .filter { URLParts($0).map { !FederationRules.isBlocked($0.authority, by: ctx.config.blockedDomains) } ?? false }
        let now = ctx.now
        // A server being waited for gets its delivery queued for when its wait is over (`DomainHealth`).
        let waiting = try await DomainHealth.waiting(now, ctx.db)
        let jobs = try inboxes.map { inbox in
            let domain = URLParts(inbox)?.authority.lowercased()
            return (id: ctx.newID(), payload: try Delivery.payload(owner: community.keyOwner, actorIRI: objects.actor, inbox: inbox, body: body),
                    domain: domain, runAt: domain.flatMap { waiting[$0] })
        }
        try await ctx.write { db in
            try await JobQueue.enqueue(db, kind: Delivery.kind, jobs: jobs, now: now, maxAttempts: FederationRules.deliveryAttempts,
                                       topic: community.keyOwner)
        }
        let elapsed = ContinuousClock.now - started
        ctx.logger.info("published", metadata: [
            "community": "\(community.slug)", "activity": "\(activity["type"] ?? "")", "inboxes": "\(jobs.count)",
            "ms": "\(String(format: "%.1f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3))",
        ])
    }
}

/// An offer of the catalogue as federation reads it: gone once hidden by moderation or once its owner left.
struct PublishedOffer: Decodable, Sendable {
    let id: UUID, communityID: UUID, kind: String, title: String, description: String, terms: String, tags: String, place: String
    let createdAt: Date, hiddenAt: Date?, ownerName: String, organisationSlug: String?, ownerActive: Bool

    var gone: Bool { hiddenAt != nil || !ownerActive }
    var tagList: [String] { tags.split(separator: "\n").map(String.init) }

    static func find(_ id: UUID, _ db: any Database) async throws -> PublishedOffer? {
        try await db.row("""
            SELECT o.id, o.community_id AS "communityID", o.kind, o.title, o.description, o.terms, o.tags, o.place,
              o.created_at AS "createdAt", o.hidden_at AS "hiddenAt", u.display_name AS "ownerName", g.slug AS "organisationSlug",
              CASE WHEN mo.status = \(bind: MembershipStatus.active.rawValue) THEN \(bind: true) ELSE \(bind: false) END AS "ownerActive"
            FROM offers o JOIN users u ON u.id = o.owner_id LEFT JOIN organisations g ON g.id = o.organisation_id
              LEFT JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id
            WHERE o.id = \(bind: id)
            """, as: PublishedOffer.self)
    }
}

/// A feed item as federation reads it.
struct PublishedItem: Decodable, Sendable {
    let id: UUID, communityID: UUID, kind: String, body: String, subject: String, link: String
    let createdAt: Date, editedAt: Date?, deletedAt: Date?, hiddenAt: Date?
    let author: String?

    static let columns: SQLQueryString = """
        p.id, p.community_id AS "communityID", p.kind, p.body, p.subject, p.link, p.created_at AS "createdAt",
        p.edited_at AS "editedAt", p.deleted_at AS "deletedAt", p.hidden_at AS "hiddenAt", u.display_name AS author
        """

    static func find(_ id: UUID, _ db: any Database) async throws -> PublishedItem? {
        try await db.row("""
            SELECT \(columns) FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.id = \(bind: id)
            """, as: PublishedItem.self)
    }

    /// The revision an adopted-revision event announces: its link is that revision's page, which ends with the number.
    var revisionNumber: Int? {
        kind == FeedItemKind.event(.revision).rawValue ? link.split(separator: "/").last.flatMap { Int($0) } : nil
    }
}

/// An adopted revision of the #CodeSocial as federation reads it.
struct PublishedRevision: Decodable, Sendable {
    let number: Int, summary: String, sections: String, createdAt: Date
    enum CodingKeys: String, CodingKey { case number, summary, sections, createdAt = "created_at" }
}

/// The ActivityStreams objects of one federating community: its posts as `Note`s, its revisions as `Article`s, and the
/// activities that carry them. Addressed to the public and the community's followers (FEP-1b12's `audience`).
struct PublishedObjects {
    let f: Federation
    let community: FederatedCommunity
    /// The community's Ed25519 key: revisions carry its FEP-8b32 proof (nil: unsigned, for objects that need none).
    let integrity: IntegrityKey?
    /// Texts the instance writes (event notes) are French first, English in `contentMap`.
    let lang = Lang.fr

    init(_ f: Federation, _ community: FederatedCommunity, integrity: IntegrityKey? = nil) {
        self.f = f
        self.community = community
        self.integrity = integrity
    }

    /// With the community's key, for what publishes revisions.
    static func signing(_ f: Federation, _ community: FederatedCommunity, _ ctx: ServiceContext) async throws -> PublishedObjects {
        PublishedObjects(f, community, integrity: try await IntegrityKey.of(community.keyOwner, ctx))
    }

    var actor: String { f.communityIRI(community.slug) }
    var followers: String { actor + "/followers" }
    static let publicAddress = "https://www.w3.org/ns/activitystreams#Public"

    func postIRI(_ id: UUID) -> String { f.iri(FederationEndpoints.post.path(community.slug, id)) }
    func revisionIRI(_ n: Int) -> String { f.iri(FederationEndpoints.revision.path(community.slug, n)) }

    /// The revisions these items announce, in one query.
    func revisions(of items: [PublishedItem], _ db: any Database) async throws -> [Int: PublishedRevision] {
        let numbers = items.compactMap(\.revisionNumber)
        return try await revisions(numbers, db)
    }

    func revisions(_ numbers: [Int], _ db: any Database) async throws -> [Int: PublishedRevision] {
        guard !numbers.isEmpty else { return [:] }
        let rows = try await db.rows("""
            SELECT number, summary, sections, created_at FROM code_revisions
            WHERE community_id = \(bind: community.id) AND number IN (\(binds: numbers))
            """, as: PublishedRevision.self)
        return Dictionary(rows.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The object an item stands for: a revision's `Article`, a post's or an adopted value's `Note`, a `Tombstone` once
    /// deleted; nil for a kind that is not published.
    func object(_ item: PublishedItem, revisions: [Int: PublishedRevision]) throws -> [String: Any]? {
        guard Publishing.kinds.contains(item.kind) else { return nil }
        if let n = item.revisionNumber {
            return try revisions[n].map(article)
        }
        let id = postIRI(item.id)
        // Deleted, or hidden by the community's moderators: gone, as far as other servers are concerned.
        if let gone = item.deletedAt ?? item.hiddenAt {
            return ["id": id, "type": "Tombstone", "formerType": "Note", "deleted": Self.time(gone)]
        }
        let page = f.iri(SocialEndpoints.post.path(community.slug, item.id))
        var note = addressed(["id": id, "type": "Note", "url": page, "published": Self.time(item.createdAt)])
        if let edited = item.editedAt { note["updated"] = Self.time(edited) }
        if item.kind == FeedItemKind.post.rawValue {
            // Members are not actors: the community speaks, and says who wrote.
            let by = item.author.map { "<p><strong>\(escape($0))</strong></p>" } ?? ""
            note["content"] = by + Self.paragraphs(item.body)
        } else {
            let link = "<p><a href=\"\(escape(f.iri(item.link)))\">"
            note["content"] = "<p>\(escape(lang[FederationText.adopted(item.subject)]))</p>" + link + escape(lang[FederationText.readMore]) + "</a></p>"
            note["contentMap"] = Dictionary(uniqueKeysWithValues: Lang.allCases.map { l in
                (l.rawValue, "<p>\(escape(l[FederationText.adopted(item.subject)]))</p>" + link + escape(l[FederationText.readMore]) + "</a></p>")
            })
        }
        return note
    }

    /// An adopted revision: its summary, the sections it changed, and a link to its diff; with its own `@context`
    /// and proof, so that it verifies wherever it is embedded or forwarded.
    func article(_ r: PublishedRevision) throws -> [String: Any] {
        let page = f.iri(CodeEndpoints.revision.path(community.slug, r.number))
        let sections = r.sections.split(separator: ",").compactMap { SectionKey(rawValue: String($0)) }
        func content(_ l: Lang) -> String {
            let names = sections.map { l[Text.section($0)] }.joined(separator: ", ")
            return "<p>\(escape(r.summary))</p>" + (names.isEmpty ? "" : "<p>\(escape(l[FederationText.sectionsChanged(names)]))</p>")
                + "<p><a href=\"\(escape(page))\">\(escape(l[FederationText.readRevision]))</a></p>"
        }
        let article = addressed([
            "@context": [Federation.context, IntegrityProof.dataIntegrityContext],
            "id": revisionIRI(r.number), "type": "Article", "name": lang[FederationText.revisionName(r.number)],
            "summary": r.summary, "content": content(lang),
            "contentMap": Dictionary(uniqueKeysWithValues: Lang.allCases.map { ($0.rawValue, content($0)) }),
            "url": page, "published": Self.time(r.createdAt),
        ])
        guard let integrity else { return article }
        return try IntegrityProof.sign(article, seed: integrity.seed, verificationMethod: IntegrityProof.keyID(of: actor), created: r.createdAt)
    }

    /// FEP-0837's context: ValueFlows terms inline (ValueFlows publishes none), units from OM 2.
    static var proposalContext: [Any] { [Federation.context, [
        "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/", "vf": "https://w3id.org/valueflows/ont/vf#",
        "Proposal": "vf:Proposal", "Intent": "vf:Intent", "action": "vf:action", "purpose": "vf:purpose", "unitBased": "vf:unitBased",
        "publishes": "vf:publishes", "reciprocal": "vf:reciprocal", "resourceConformsTo": "vf:resourceConformsTo",
        "resourceQuantity": "vf:resourceQuantity", "availableQuantity": "vf:availableQuantity", "minimumQuantity": "vf:minimumQuantity",
        "hasUnit": "om2:hasUnit", "hasNumericalValue": "om2:hasNumericalValue", "provider": ["@id": "vf:provider", "@type": "@id"],
        "resourceClassifiedAs": "vf:resourceClassifiedAs", "Hashtag": "as:Hashtag",
    ] as [String: Any]] }

    func offerIRI(_ id: UUID) -> String { f.iri(FederationEndpoints.offer.path(community.slug, id)) }

    /// An offer of the catalogue as an FEP-0837 `Proposal` whose primary `Intent` is the service or the thing offered
    /// (any quantity: Enjeu's offers name none); a `Tombstone` once hidden or its owner gone.
    func proposal(_ o: PublishedOffer) -> [String: Any] {
        let id = offerIRI(o.id)
        if o.gone { return ["id": id, "type": "Tombstone", "formerType": "Proposal"] }
        let service = o.kind == "service" || o.kind == "skill"
        var intent: [String: Any] = [
            "id": id + "#primary", "type": "Intent", "action": service ? "deliverService" : "transfer",
            "resourceClassifiedAs": [o.kind] + o.tagList, "resourceQuantity": ["hasUnit": "one"],
        ]
        if let org = o.organisationSlug { intent["provider"] = f.organisationIRI(org) }
        var content = "<p><strong>\(escape(o.ownerName))</strong></p>" + Self.paragraphs(o.description)
        if !o.terms.isEmpty { content += "<p><strong>\(escape(lang[FederationText.terms]))</strong> \(escape(o.terms))</p>" }
        var proposal = addressed([
            "@context": Self.proposalContext, "id": id, "type": "Proposal", "purpose": "offer", "name": o.title,
            "content": content, "mediaType": "text/html", "published": Self.time(o.createdAt),
            "url": f.iri(EconomyEndpoints.offer.path(community.slug, o.id)), "publishes": intent,
            "tag": o.tagList.map { ["type": "Hashtag", "name": "#" + $0] },
        ])
        if !o.place.isEmpty { proposal["location"] = ["type": "Place", "name": o.place] }
        return proposal
    }

    private func addressed(_ object: [String: Any]) -> [String: Any] {
        var o = object
        o["attributedTo"] = actor
        o["audience"] = actor
        o["to"] = [Self.publicAddress]
        o["cc"] = [followers]
        return o
    }

    /// `Create`, `Update` or `Delete` of `object` by the community. The id names the object, the verb and the moment,
    /// so an edit or a publication again is a new activity, and the same one sent twice is recognised.
    func activity(_ verb: Publishing.Verb, _ object: [String: Any], at: Date) -> [String: Any] {
        let objectID = object["id"] as? String ?? actor
        var a: [String: Any] = [
            "@context": Federation.context, "type": verb.rawValue, "actor": actor, "audience": actor,
            "to": [Self.publicAddress], "cc": [followers], "published": Self.time(at),
        ]
        a["id"] = objectID + "#" + verb.rawValue.lowercased() + "-" + String(Int(at.timeIntervalSince1970 * 1000))
        a["object"] = verb == .delete ? objectID : object
        return a
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Plain text as HTML paragraphs (blank lines part them, single newlines break lines), escaped.
    static func paragraphs(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .map { "<p>" + $0.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br>") + "</p>" }
            .joined()
    }
}
