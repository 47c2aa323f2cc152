import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// What the actors a community follows publish (issue 19): their notes, articles and pages, created or updated, kept
/// for each local community whose follow they accepted, as plain text (`PlainText`), and removed on `Delete`; only what
/// is addressed to the public (a followers-only post of someone followed is not the community's to show). A group
/// relays its members' posts with `Announce` (FEP-1b12): an embedded object is taken only when it is of the group's own
/// server, since nothing else vouches for it; an `Announce` naming an object by address alone is not fetched.
enum FederatedItems {
    /// What is kept: notes, articles, pages, and FEP-0837 proposals (offers and requests of a marketplace).
    static let kinds: Set<String> = ["Note", "Article", "Page", "Proposal"]

    static func received(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        switch a["type"] as? String {
        case "Create", "Update":
            if let object = a["object"] as? [String: Any], Activity.isPublic(object, a) { try await keep(object, from: actor, ctx) }
        case "Announce":
            guard var object = a["object"] as? [String: Any] else { return }
            var carrier = object
            if ["Create", "Update"].contains(object["type"] as? String ?? ""), let inner = object["object"] as? [String: Any] {
                carrier = object
                object = inner
            }
            if Activity.isPublic(object, carrier) { try await keep(object, from: actor, ctx) }
        case "Delete":
            guard let id = Activity.iri(a["object"]), let origin = URLParts(actor)?.origin, URLParts(id)?.origin == origin else { return }
            try await ctx.write { db in
                try await sql(db).raw("""
                    DELETE FROM federated_items WHERE object_iri = \(bind: id) AND (actor_iri = \(bind: origin) OR actor_iri LIKE \(bind: escapeLike(origin) + "/%") ESCAPE '\\')
                    """).run()
            }
        default: return
        }
    }

    private static func keep(_ object: [String: Any], from actor: String, _ ctx: ServiceContext) async throws {
        guard let type = object["type"] as? String, kinds.contains(type), let id = object["id"] as? String,
              let origin = URLParts(actor)?.origin, URLParts(id)?.origin == origin,
              Activity.iri(object["attributedTo"]).map({ URLParts($0)?.origin == origin }) ?? true
        else { return }
        struct Follower: Decodable { let community_id: UUID }
        let followers = try await ctx.db.rows("""
            SELECT community_id FROM federation_following WHERE actor_iri = \(bind: actor) AND state = 'accepted'
            """, as: Follower.self)
        guard !followers.isEmpty else { return }
        let content = PlainText.of(html: object["content"] as? String ?? "")
        let name = (object["name"] as? String).map { PlainText.of(html: $0, limit: 300) }
        let url = link(object["url"]) ?? id
        let published = (object["published"] as? String).flatMap { try? Date($0, strategy: .iso8601) }
        struct Name: Decodable { let name: String? }
        let author = try await ctx.db.row("""
            SELECT COALESCE(name, username) AS name FROM remote_actors WHERE iri = \(bind: Activity.iri(object["attributedTo"]) ?? actor)
            """, as: Name.self)?.name
        let (now, ids) = (ctx.now, followers.map { _ in ctx.newID() })
        try await ctx.write { db in
            for (f, rowID) in zip(followers, ids) {
                try await sql(db).raw("""
                    INSERT INTO federated_items (id, community_id, object_iri, actor_iri, kind, content, name, url, author_name, published_at, received_at)
                    VALUES (\(bind: rowID), \(bind: f.community_id), \(bind: id), \(bind: actor), \(bind: type), \(bind: content), \(bind: name),
                            \(bind: url), \(bind: author), \(bind: published), \(bind: now))
                    ON CONFLICT (community_id, object_iri) DO UPDATE SET content = excluded.content, name = excluded.name,
                      url = excluded.url, received_at = excluded.received_at
                    """).run()
            }
        }
    }

    /// `url` may be an address, a `Link` or a list of them: the first https one.
    private static func link(_ value: Any?) -> String? {
        if let s = value as? String { return URLParts(s) != nil ? s : nil }
        if let o = value as? [String: Any] { return link(o["href"]) }
        if let list = value as? [Any] { return list.lazy.compactMap(link).first }
        return nil
    }

    // MARK: Reading

    struct Item: Content {
        let id: UUID, object: String, actor: String, kind: String, name: String?, content: String, url: String?
        let authorName: String?, publishedAt: Date?, receivedAt: Date
    }

    /// What the community's followed actors published, newest received first.
    static func page(_ community: UUID, after: String?, _ db: any Database) async throws -> KeysetPage<Item> {
        var query: SQLQueryString = """
            SELECT id, object_iri AS object, actor_iri AS actor, kind, name, content, url, author_name AS "authorName",
              published_at AS "publishedAt", received_at AS "receivedAt"
            FROM federated_items WHERE community_id = \(bind: community)
            """
        try FiguresQueries.before(after, column: "id", &query)
        return KeysetPage(rows: try await db.rows(query, as: Item.self), size: FiguresQueries.pageSize) { $0.id }
    }
}
