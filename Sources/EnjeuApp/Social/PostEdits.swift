import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Editing and deleting one's own words. Its author edits a post or a comment (the earlier body goes to
/// `post_revisions`, read by moderators; « modifié » shows to all) or deletes it: the body is erased and the row stays,
/// so the thread keeps « message supprimé » where it was and replies keep their place. Moderators delete too, and
/// their deletion is recorded in the community's audit trail. Each in one transaction, the row locked first.
extension SocialService {
    /// A post (`comment` nil) or one of its comments, as a route names them.
    struct ItemRef: Sendable { let post: UUID; let comment: UUID? }

    private struct Current: Decodable { let authorId: UUID?; let body: String; let kind: String?; let deletedAt: Date?
        enum CodingKeys: String, CodingKey { case body, kind, authorId = "author_id", deletedAt = "deleted_at" } }

    /// The item, locked until the transaction ends; 404 when it is not in this community, is deleted, or is an event.
    private func current(_ db: any Database, _ ctx: CommunityContext, _ item: ItemRef) async throws -> Current {
        let row: Current?
        if let comment = item.comment {
            row = try await db.row("""
                SELECT k.author_id, k.body, NULL AS kind, k.deleted_at FROM post_comments k
                WHERE k.id = \(bind: comment) AND k.post_id = \(bind: item.post) AND k.community_id = \(bind: ctx.id)\(db.forUpdate)
                """, as: Current.self)
        } else {
            row = try await db.row("""
                SELECT author_id, body, kind, deleted_at FROM posts WHERE id = \(bind: item.post) AND community_id = \(bind: ctx.id)\(db.forUpdate)
                """, as: Current.self)
        }
        guard let row, row.deletedAt == nil, row.kind == nil || row.kind == FeedItemKind.post.rawValue else { throw AppError.notFound }
        return row
    }

    /// Its author replaces the body; the one it replaces is kept for moderators. The same body changes nothing.
    func edit(_ ctx: CommunityContext, _ item: ItemRef, _ input: PostIn) async throws {
        let viewer = try ctx.requireViewer()
        let body = try (item.comment == nil ? Social.validatePost(input.body) : Social.validateComment(input.body)).mapError(AppError.invalid).get()
        let (id, now, app) = (context.newID(), context.now, context.app)
        try await context.write { db in
            let row = try await current(db, ctx, item)
            guard row.authorId == viewer.id else { throw AppError.forbidden(.errAuthorOnly) }
            guard row.body != body else { return }
            try await sql(db).raw("""
                INSERT INTO post_revisions (id, community_id, post_id, comment_id, editor_id, body, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: item.post), \(bind: item.comment), \(bind: viewer.id), \(bind: row.body), \(bind: now))
                """).run()
            let table: SQLQueryString = item.comment == nil ? "posts" : "post_comments"
            try await sql(db).raw("""
                UPDATE \(table) SET body = \(bind: body), edited_at = \(bind: now) WHERE id = \(bind: item.comment ?? item.post)
                """).run()
            if item.comment == nil {
                try await Publishing.enqueue(db, app: app, post: item.post, community: ctx.id, kind: row.kind ?? "", .update, now: now)
            }
        }
    }

    /// Its author, or a moderator of the community, deletes it: body and earlier bodies erased, the row kept.
    func delete(_ ctx: CommunityContext, _ item: ItemRef) async throws {
        let viewer = try ctx.requireViewer()
        let moderator = ctx.can(.moderate)
        let (now, service) = (context.now, context)
        try await context.write { db in
            let row = try await current(db, ctx, item)
            let own = row.authorId == viewer.id
            guard own || moderator else { throw AppError.forbidden(.errAuthorOrModerator) }
            try await Self.erase(db, item, by: viewer.id, now: now)
            if item.comment == nil {
                try await Publishing.enqueue(db, app: service.app, post: item.post, community: ctx.id, kind: row.kind ?? "", .delete, now: now)
            }
            // A moderator's deletion is an act of the community's authority: the journal says so (an author's own is not).
            if !own {
                try await AuditEvent.record(db, service, community: ctx.id,
                                            (item.comment == nil ? JournalAction.postDelete : .commentDelete).rawValue,
                                            (item.comment ?? item.post).uuidString.lowercased())
            }
        }
    }

    /// Erases one item in the caller's transaction (also for a deleted account): the body and its revisions go, the row
    /// stays; a comment no longer counts in its post's `comments`.
    static func erase(_ db: any Database, _ item: ItemRef, by actor: UUID, now: Date) async throws {
        let plain = sql(db)
        if let comment = item.comment {
            struct Erased: Decodable { let id: UUID }
            let erased = try await db.rows("""
                UPDATE post_comments SET body = '', deleted_at = \(bind: now), deleted_by = \(bind: actor)
                WHERE id = \(bind: comment) AND deleted_at IS NULL RETURNING id
                """, as: Erased.self)
            guard !erased.isEmpty else { return }
            try await plain.raw("UPDATE posts SET comments = comments - 1 WHERE id = \(bind: item.post) AND comments > 0").run()
            try await plain.raw("DELETE FROM post_revisions WHERE post_id = \(bind: item.post) AND comment_id = \(bind: comment)").run()
        } else {
            try await plain.raw("""
                UPDATE posts SET body = '', deleted_at = \(bind: now), deleted_by = \(bind: actor) WHERE id = \(bind: item.post) AND deleted_at IS NULL
                """).run()
            try await plain.raw("DELETE FROM post_revisions WHERE post_id = \(bind: item.post) AND comment_id IS NULL").run()
        }
        // The notifications it caused (mentions, replies) quoted its words: the excerpt goes with them.
        struct Slug: Decodable { let slug: String }
        if let c = try await db.row("SELECT c.slug FROM posts p JOIN communities c ON c.id = p.community_id WHERE p.id = \(bind: item.post)",
                                    as: Slug.self) {
            var link = SocialEndpoints.post.path(c.slug, item.post)
            if let comment = item.comment { link += "#c-" + comment.uuidString }
            try await plain.raw("UPDATE notifications SET subject = '' WHERE link = \(bind: link)").run()
        }
    }
}

extension SocialQueries {
    /// A post's earlier bodies and its comments', newest first (moderators).
    func revisions(_ post: UUID, after: String?, limit: Int = 50) async throws -> KeysetPage<PostRevision> {
        var q: SQLQueryString = """
            SELECT r.id, r.comment_id, u.handle AS editor_handle, r.body, r.created_at
            FROM post_revisions r JOIN users u ON u.id = r.editor_id WHERE r.post_id = \(bind: post)
            """
        if let after = try Cursor.after(after)?.id { q = q + " AND r.id < \(bind: after)" }
        q = q + " ORDER BY r.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await db.rows(q, as: PostRevision.self), size: limit) { $0.id }
    }

    /// The comment named in a route (`:cid`) under this post, or 404 (also when it is hidden from the viewer).
    func requireComment(_ post: UUID, id: String?, moderator: Bool = false) async throws -> SocialComment {
        guard let id = id.flatMap(UUID.init(uuidString:)), let k = try await db.row("""
            SELECT \(SocialQueries.commentColumns) FROM post_comments k JOIN users u ON u.id = k.author_id WHERE k.id = \(bind: id) AND k.post_id = \(bind: post)
              AND \(ReportedItems.visible("k", viewer: context.viewer?.id, moderator: moderator))
            """, as: SocialComment.self) else { throw AppError.notFound }
        return k
    }
}

extension Text {
    static let errAuthorOnly = Text(fr: "Seule la personne qui l’a écrit peut le modifier.", en: "Only its author can edit it.")
    static let errAuthorOrModerator = Text(fr: "Seule la personne qui l’a écrit, ou la modération, peut le supprimer.",
                                           en: "Only its author, or a moderator, can delete it.")
}
