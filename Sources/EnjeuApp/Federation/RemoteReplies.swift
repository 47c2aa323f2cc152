import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Replies from other servers (issue 19). A `Note` in reply to a post a federating community published becomes one of
/// that post's comments, attributed to its remote author (`name@server`, a link to their profile), as plain text. It is
/// a comment like any: reported, hidden and deleted by the community's moderators; its author's `Update` replaces the
/// text and `Delete` erases it. The post's author hears of it as of a member's reply.
enum RemoteReplies {
    /// The account every remote comment names (M049RemoteReplies): closed, in no count, made with the first reply.
    static let account = UUID(uuidString: "00000000-0000-7000-8000-00000000FED1")!

    static func received(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        switch a["type"] as? String {
        case "Create", "Update":
            guard let note = a["object"] as? [String: Any], note["type"] as? String == "Note", let id = note["id"] as? String,
                  let origin = URLParts(actor)?.origin, URLParts(id)?.origin == origin,
                  (Activity.iri(note["attributedTo"]) ?? actor) == actor, Activity.isPublic(note, a),
                  let target = Activity.iri(note["inReplyTo"]) else { return }
            try await reply(id: id, to: target, note: note, actor: actor, edit: a["type"] as? String == "Update", ctx)
        case "Delete":
            guard let id = Activity.iri(a["object"]), URLParts(id)?.origin == URLParts(actor)?.origin else { return }
            struct Row: Decodable { let id: UUID; let post_id: UUID }
            try await ctx.write { db in
                for row in try await db.rows("""
                    SELECT id, post_id FROM post_comments WHERE remote_object = \(bind: id) AND remote_actor = \(bind: actor) AND deleted_at IS NULL
                    """, as: Row.self) {
                    try await SocialService.erase(db, .init(post: row.post_id, comment: row.id), by: account, now: ctx.now)
                }
            }
        default: return
        }
    }

    /// The « fédivers » account, made the first time something from another server needs an author here.
    static func ensureAccount(_ db: any Database, now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO users (id, handle, display_name, email, password_hash, bio, values_held, skills, lang, created_at, deleted_at)
            VALUES (\(bind: account), '~fediverse', 'Fédivers', 'fediverse@enjeu.invalid', '!', '', '', '', 'fr', \(bind: now), \(bind: now))
            ON CONFLICT (id) DO NOTHING
            """).run()
    }

    /// A reply kept once, whichever of its Create and Update comes first or twice (the unique `remote_object` decides).
    private static func reply(id: String, to target: String, note: [String: Any], actor: String, edit: Bool, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        // Only a post of this instance's federating communities: `/ap/communities/<slug>/posts/<id>`.
        let prefix = f.iri("/ap/communities/")
        guard target.hasPrefix(prefix) else { return }
        let parts = target.dropFirst(prefix.count).split(separator: "/")
        guard parts.count == 3, parts[1] == "posts", let postID = UUID(uuidString: String(parts[2])),
              let community = try await FederatedCommunity.find(String(parts[0]), ctx.db), community.federates,
              let post = try await PublishedItem.find(postID, ctx.db), post.communityID == community.id, post.deletedAt == nil,
              post.revisionNumber == nil, Publishing.kinds.contains(post.kind)
        else { return }
        let body = String(PlainText.of(html: note["content"] as? String ?? "", limit: Social.commentMax))
        guard !body.isEmpty else { return }
        let remote = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        let handle = remote.handle
        let name = remote.name.flatMap { $0.isEmpty ? nil : $0 } ?? handle
        let profile = remote.iri
        struct Author: Decodable { let author_id: UUID? }
        let postAuthor = try await ctx.db.row("SELECT author_id FROM posts WHERE id = \(bind: postID)", as: Author.self)?.author_id
        let (commentID, now, app) = (ctx.newID(), ctx.now, ctx.app)
        try await ctx.app.writeAnnouncing(on: ctx.db) { db in
            try await ensureAccount(db, now: now)
            struct Kept: Decodable { let id: UUID }
            let inserted = try await db.rows("""
                INSERT INTO post_comments (id, community_id, post_id, author_id, body, created_at, remote_object, remote_actor, remote_handle, remote_name, remote_url)
                VALUES (\(bind: commentID), \(bind: community.id), \(bind: postID), \(bind: account), \(bind: body), \(bind: now), \(bind: id),
                        \(bind: actor), \(bind: handle), \(bind: name), \(bind: profile))
                ON CONFLICT (remote_object) DO NOTHING RETURNING id
                """, as: Kept.self)
            guard !inserted.isEmpty else {
                // Kept already: its author's Update replaces the words (a Create sent again changes nothing).
                if edit {
                    try await sql(db).raw("""
                        UPDATE post_comments SET body = \(bind: body), edited_at = \(bind: now)
                        WHERE remote_object = \(bind: id) AND remote_actor = \(bind: actor) AND deleted_at IS NULL
                        """).run()
                }
                return
            }
            try await sql(db).raw("UPDATE posts SET comments = comments + 1 WHERE id = \(bind: postID)").run()
            if let postAuthor {
                try await Notify.users(db, app: app, [postAuthor], community: community.id, kind: .reply, actor: name, actorID: nil,
                                       subject: NotificationView.excerpt(body),
                                       link: SocialEndpoints.post.path(community.slug, postID) + "#c-" + commentID.uuidString, now: now)
            }
        }
    }
}
