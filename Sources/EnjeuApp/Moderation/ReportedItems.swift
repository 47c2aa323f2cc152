import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Where each kind of reportable item lives, and the one rule that hides it: the hidden state is two columns of the
/// item's own row (`hidden_at`, `hidden_reason`, M041a), so every list reads it with the items and adds no query.
enum ReportedItems {
    /// The item's table and the column naming its author; nil for a profile (the `users` row itself, never hidden).
    static func table(_ kind: ReportKind) -> (table: String, author: String)? {
        switch kind {
        case .post: ("posts", "author_id")
        case .comment: ("post_comments", "author_id")
        case .offer: ("offers", "owner_id")
        case .contribution: ("figure_contributions", "user_id")
        case .amendmentComment: ("amendment_comments", "author_id")
        case .profile: nil
        }
    }

    /// SQL: the row `alias` is shown to this reader — not hidden, or theirs, or they moderate its community.
    /// Moderators pass `moderator: true`; exports and search engines nobody in particular (`viewer: nil`).
    static func visible(_ alias: String, author: String = "author_id", viewer: UUID?, moderator: Bool = false) -> SQLQueryString {
        if moderator { return "1 = 1" }
        guard let viewer else { return "\(unsafeRaw: alias).hidden_at IS NULL" }
        return "(\(unsafeRaw: alias).hidden_at IS NULL OR \(unsafeRaw: alias).\(unsafeRaw: author) = \(bind: viewer))"
    }

    /// An item as a report finds it: its community (slug and kind, for the gate), its author and hidden state.
    struct Found: Decodable {
        let communityId: UUID, slug: String, communityKind: CommunityKind, authorId: UUID?, hiddenAt: Date?, hiddenReason: String?
        enum CodingKeys: String, CodingKey {
            case slug, communityId = "community_id", communityKind = "community_kind", authorId = "author_id"
            case hiddenAt = "hidden_at", hiddenReason = "hidden_reason"
        }
    }

    /// The item `id` of `kind` (not a profile), or nil.
    static func find(_ db: any Database, _ kind: ReportKind, _ id: UUID) async throws -> Found? {
        guard let (table, author) = table(kind) else { return nil }
        return try await db.row("""
            SELECT t.community_id, c.slug, c.kind AS community_kind, t.\(unsafeRaw: author) AS author_id, t.hidden_at, t.hidden_reason
            FROM \(unsafeRaw: table) t JOIN communities c ON c.id = t.community_id WHERE t.id = \(bind: id)
            """, as: Found.self)
    }

    /// A profile is reported within a community the reporter and the person share: the one named, else the first the
    /// reporter joined among those where the person still is (not left).
    static func findProfile(_ db: any Database, _ person: UUID, reporter: UUID, community slug: String?) async throws -> Found? {
        var q: SQLQueryString = """
            SELECT c.id AS community_id, c.slug, c.kind AS community_kind, b.user_id AS author_id, NULL AS hidden_at, NULL AS hidden_reason
            FROM memberships a JOIN memberships b ON b.community_id = a.community_id AND b.user_id = \(bind: person)
              AND b.status <> \(bind: MembershipStatus.left.rawValue)
            JOIN communities c ON c.id = a.community_id
            WHERE a.user_id = \(bind: reporter) AND a.status IN (\(bind: MembershipStatus.active.rawValue), \(bind: MembershipStatus.suspended.rawValue))
            """
        if let slug { q = q + " AND c.slug = \(bind: slug)" }
        return try await db.row(q + " ORDER BY a.joined_at, c.id LIMIT 1", as: Found.self)
    }

    /// Sets or clears the hidden state; `onlyIfVisible` for the threshold, which never overwrites a moderator's reason.
    /// `onlyIfThreshold`: only an item its reports' number hid (no reason), never one a moderator hid.
    @discardableResult
    /// A post or an offer hidden goes from other servers (a `Delete`); shown again, it goes back (a `Create`).
    static func setHidden(_ db: any Database, _ kind: ReportKind, _ id: UUID, at: Date?, reason: String?, onlyIfVisible: Bool = false,
                          onlyIfThreshold: Bool = false, app: Application) async throws -> Bool {
        guard let (table, _) = table(kind) else { return false }
        var q: SQLQueryString = "UPDATE \(unsafeRaw: table) SET hidden_at = \(bind: at), hidden_reason = \(bind: reason) WHERE id = \(bind: id)"
        if onlyIfVisible { q = q + " AND hidden_at IS NULL" }
        if onlyIfThreshold { q = q + " AND hidden_reason IS NULL" }
        let changed = try await sql(db).raw(q + " RETURNING id").first() != nil
        struct Item: Decodable { let community_id: UUID; let kind: String? }
        if changed && kind == .post,
           let post = try await db.row("SELECT community_id, kind FROM posts WHERE id = \(bind: id)", as: Item.self) {
            try await Publishing.enqueue(db, app: app, post: id, community: post.community_id, kind: post.kind ?? "",
                                         at == nil ? .create : .delete, now: app.enjeu.now())
        }
        if changed && kind == .offer,
           let offer = try await db.row("SELECT community_id, NULL AS kind FROM offers WHERE id = \(bind: id)", as: Item.self) {
            try await Publishing.enqueue(db, app: app, offer: id, community: offer.community_id, at == nil ? .create : .delete, now: app.enjeu.now())
        }
        return changed
    }
}
