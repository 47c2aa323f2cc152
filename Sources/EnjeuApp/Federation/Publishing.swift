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
    struct Job: Codable, Sendable { let post: UUID; let verb: Verb }

    /// In the transaction that wrote, edited or erased feed item `post`.
    static func enqueue(_ db: any Database, app: Application, post: UUID, community: UUID, kind: String, _ verb: Verb, now: Date) async throws {
        guard app.enjeu.publicURL != nil, kinds.contains(kind) else { return }
        let followed = try await db.count("""
            SELECT COUNT(*) AS n FROM communities c
            WHERE c.id = \(bind: community) AND c.kind = \(bind: CommunityKind.community.rawValue)
              AND c.visibility = \(bind: Visibility.public.rawValue) AND c.publish_fediverse = \(bind: true)
              AND EXISTS (SELECT 1 FROM federation_followers f WHERE f.community_id = c.id)
            """)
        guard followed > 0 else { return }
        let payload = String(decoding: try JSONEncoder().encode(Job(post: post, verb: verb)), as: UTF8.self)
        try await JobQueue.enqueue(db, id: app.enjeu.ids.next(), kind: Self.kind, payload: payload, now: now)
    }

    /// The job: the activity, then one delivery per following server that is not blocked, all queued in one transaction.
    static func run(_ ctx: ServiceContext, _ payload: String) async throws {
        let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
        let f = try ctx.federation()
        guard let item = try await PublishedItem.find(job.post, ctx.db),
              let community = try await FederatedCommunity.find(id: item.communityID, ctx.db), community.federates else { return }
        let started = ContinuousClock.now
        let objects = try await PublishedObjects.signing(f, community, ctx)
        let revisions = try await objects.revisions(of: [item], ctx.db)
        guard let object = try objects.object(item, revisions: revisions) else { return }
        let activity = objects.activity(item.deletedAt != nil ? .delete : job.verb, object, at: item.editedAt ?? item.createdAt)
        let body = try Federation.json(activity)
        struct InboxRow: Decodable { let inbox: String }
        let inboxes = try await ctx.db.rows("SELECT DISTINCT inbox FROM federation_followers WHERE community_id = \(bind: community.id)",
                                            as: InboxRow.self)
            .map(\.inbox)
            .filter { URLParts($0).map { !FederationRules.isBlocked($0.authority, by: ctx.config.blockedDomains) } ?? false }
        let jobs = try inboxes.map { inbox in
            (id: ctx.newID(), payload: try Delivery.payload(owner: community.keyOwner, actorIRI: objects.actor, inbox: inbox, body: body))
        }
        let now = ctx.now
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

/// A feed item as federation reads it.
struct PublishedItem: Decodable, Sendable {
    let id: UUID, communityID: UUID, kind: String, body: String, subject: String, link: String
    let createdAt: Date, editedAt: Date?, deletedAt: Date?
    let author: String?

    static let columns: SQLQueryString = """
        p.id, p.community_id AS "communityID", p.kind, p.body, p.subject, p.link, p.created_at AS "createdAt",
        p.edited_at AS "editedAt", p.deleted_at AS "deletedAt", u.display_name AS author
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
        if let deleted = item.deletedAt {
            return ["id": id, "type": "Tombstone", "formerType": "Note", "deleted": Self.time(deleted)]
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

    private func addressed(_ object: [String: Any]) -> [String: Any] {
        var o = object
        o["attributedTo"] = actor
        o["audience"] = actor
        o["to"] = [Self.publicAddress]
        o["cc"] = [followers]
        return o
    }

    /// `Create`, `Update` or `Delete` of `object` by the community. The id names the object and the moment, so an
    /// edit is a new activity and the same one sent twice is recognised.
    func activity(_ verb: Publishing.Verb, _ object: [String: Any], at: Date) -> [String: Any] {
        let objectID = object["id"] as? String ?? actor
        var a: [String: Any] = [
            "@context": Federation.context, "type": verb.rawValue, "actor": actor, "audience": actor,
            "to": [Self.publicAddress], "cc": [followers], "published": Self.time(at),
        ]
        switch verb {
        case .create: a["id"] = objectID + "#create"
        case .update: a["id"] = objectID + "#update-" + String(Int(at.timeIntervalSince1970 * 1000))
        case .delete: a["id"] = objectID + "#delete"
        }
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
