import Fluent
import SQLKit

/// The social space: posts and feed events, comments, follows, notifications and their preferences, endorsements,
/// and the credibility computed from them in the background.
struct M019CreateSocial: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("posts")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("author_id", .uuid, .references("users", "id"))
            // 'post' (written by a member) or an event of another feature (`FeedEvent`).
            .field("kind", .string, .required)
            .field("body", .string, .required)
            // For events: what happened (a revision's summary, a value's title…) and where to read it.
            .field("subject", .string, .required)
            .field("link", .string, .required)
            .field("comments", .int, .required, .sql(.default(0)))
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("post_comments")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("post_id", .uuid, .required, .references("posts", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("follows")
            .id()
            .field("follower_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            // 'community' or 'member'
            .field("target_kind", .string, .required)
            .field("target_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "follower_id", "target_kind", "target_id")
            .create()
        try await db.schema("notifications")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("community_id", .uuid, .references("communities", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("actor", .string, .required)
            .field("subject", .string, .required)
            .field("link", .string, .required)
            // false: kept only for the e-mail digest (the member switched this kind off in the app, not by e-mail).
            .field("in_app", .bool, .required)
            .field("read_at", .datetime)
            .field("emailed_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("notification_prefs")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("in_app", .bool, .required)
            .field("email", .bool, .required)
            .unique(on: "user_id", "kind")
            .create()
        try await db.schema("endorsements")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("from_id", .uuid, .required, .references("users", "id"))
            .field("to_id", .uuid, .required, .references("users", "id"))
            .field("topic_key", .string, .required)
            .field("topic", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .create()
        try await db.schema("credibility_scores")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            // '' for the overall score.
            .field("topic_key", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("score", .double, .required)
            .field("rank", .int, .required)
            .create()
        // One row per community: whether endorsements or results changed since the last computation.
        try await db.schema("credibility_state")
            .id()
            .field("dirty", .bool, .required)
            .field("computed_at", .datetime)
            .field("anchored_on_stewards", .bool, .required)
            .create()
        try await db.createIndex("posts_by_community", on: "posts", ["community_id", "id"])
        try await db.createIndex("posts_by_author", on: "posts", ["author_id", "id"])
        try await db.createIndex("post_comments_by_post", on: "post_comments", ["post_id", "id"])
        try await db.createIndex("follows_by_target", on: "follows", ["target_kind", "target_id"])
        try await db.createIndex("notifications_by_user", on: "notifications", ["user_id", "id"])
        try await db.createIndex("endorsements_by_to", on: "endorsements", ["community_id", "to_id"])
        try await db.createIndex("endorsements_by_from", on: "endorsements", ["community_id", "from_id"])
        try await db.createIndex("credibility_by_rank", on: "credibility_scores", ["community_id", "topic_key", "rank"])
        try await db.createIndex("credibility_one", on: "credibility_scores", ["community_id", "topic_key", "user_id"], unique: true)
        try await db.createIndex("credibility_by_user", on: "credibility_scores", ["community_id", "user_id"])
        guard let plain = db as? any SQLDatabase else { return }
        // The unread count shown on every signed-in page reads only this partial index.
        try await plain.raw("CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL").run()
        // One active endorsement per endorser, endorsed member and topic, also under concurrent requests.
        try await plain.raw("""
            CREATE UNIQUE INDEX endorsements_active ON endorsements (community_id, from_id, to_id, topic_key) WHERE revoked_at IS NULL
            """).run()
    }

    func revert(on db: any Database) async throws {
        for t in ["credibility_state", "credibility_scores", "endorsements", "notification_prefs", "notifications", "follows", "post_comments", "posts"] {
            try await db.schema(t).delete()
        }
    }
}
