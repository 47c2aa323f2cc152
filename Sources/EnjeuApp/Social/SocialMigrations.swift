import Fluent
import SQLKit
import EnjeuCore

/// The social space: posts and feed events, comments, follows, notifications and their preferences, endorsements,
/// and the credibility computed from them in the background.
struct M019CreateSocial: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("posts", .id, .ref("community_id", "communities", .cascade), .ref(optional: "author_id", "users"),
            // kind: 'post' (written by a member) or an event of another feature (`FeedEvent`).
            .text("kind", "body"),
            // For events: what happened (a revision's summary, a value's title…) and where to read it.
            .text("subject", "link"), .int("comments", default: 0), .time("created_at"))
        try await db.table("post_comments", .id, .ref("community_id", "communities", .cascade),
            .ref("post_id", "posts", .cascade), .ref("author_id", "users"), .text("body"), .time("created_at"))
        try await db.table("follows", .id, .ref("follower_id", "users", .cascade),
            // target_kind: 'community' or 'member'
            .text("target_kind"), .uuid("target_id"), .time("created_at"),
            unique: ["follower_id", "target_kind", "target_id"])
        try await db.table("notifications", .id, .ref("user_id", "users", .cascade),
            .ref(optional: "community_id", "communities", .cascade), .text("kind", "actor", "subject", "link"),
            // in_app false: kept only for the e-mail digest (the member switched this kind off in the app, not by e-mail).
            .bool("in_app"), .time(optional: "read_at", "emailed_at"), .time("created_at"))
        try await db.table("notification_prefs", .id, .ref("user_id", "users", .cascade),
            .text("kind"), .bool("in_app", "email"),
            unique: ["user_id", "kind"])
        try await db.table("endorsements", .id, .ref("community_id", "communities", .cascade),
            .ref("from_id", "users"), .ref("to_id", "users"), .text("topic_key", "topic", "note"),
            .time("created_at"), .time(optional: "revoked_at"))
        try await db.table("credibility_scores", .id, .ref("community_id", "communities", .cascade),
            // topic_key: '' for the overall score.
            .text("topic_key"), .ref("user_id", "users"), .double("score"), .int("rank"))
        // One row per community: whether endorsements or results changed since the last computation.
        try await db.table("credibility_state", .id,
            .bool("dirty"), .time(optional: "computed_at"), .bool("anchored_on_stewards"))
        try await db.indexes(on: "posts", ["posts_by_community": ["community_id", "id"], "posts_by_author": ["author_id", "id"]])
        try await db.createIndex("post_comments_by_post", on: "post_comments", ["post_id", "id"])
        try await db.createIndex("follows_by_target", on: "follows", ["target_kind", "target_id"])
        try await db.createIndex("notifications_by_user", on: "notifications", ["user_id", "id"])
        try await db.indexes(on: "endorsements", ["endorsements_by_to": ["community_id", "to_id"],
            "endorsements_by_from": ["community_id", "from_id"]])
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
        try await db.dropTables("credibility_state", "credibility_scores", "endorsements", "notification_prefs", "notifications",
                                "follows", "post_comments", "posts")
    }
}

struct M021CreateNotificationFanOuts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("notification_fanouts", .id, .ref("community_id", "communities", .cascade),
            .text("audience", "kind", "actor"), .uuid(optional: "actor_id"), .text("subject", "link"),
            // The last member notified (members are walked in user id order) and the batches done, the claim's guard.
            .uuid(optional: "after_user"), .int("batches"), .time("created_at"))
    }

    func revert(on db: any Database) async throws { try await db.schema("notification_fanouts").delete() }
}

/// Failed tries and when the next is due (NULL: now), so a failing fan-out waits without holding back the others.
struct M022AddFanOutRetries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "notification_fanouts", .int("attempts", default: 0), .time(optional: "next_at"))
    }

    func revert(on db: any Database) async throws { try await db.dropColumns(from: "notification_fanouts", "next_at", "attempts") }
}

/// The community's threshold of a well-assessed action (`WellAssessed`, hundredths of a point, 2.5 by default), a
/// column of `communities` so a change bumps the community's generation. No data moves: the assessments of done
/// actions were always their participants' (stored `self = true`, the team assessing its own work) and stay so; the
/// credibility's reading changed (`CredibilityService.results` counts them), and each community's next computation
/// (its next endorsement, assessment or result, or a steward's « recompute ») uses them. No row changes here: an
/// upgrade keeps every row as it was (`UpgradeTests`).
struct M037VerifiedResults: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .int("result_threshold", default: WellAssessed.defaultThreshold))
        // Results counted by the earlier rule (peer action aggregates only, so never an action) are recounted by the
        // next credibility tick, not at a community's next event: a quiet community would keep the old anchoring.
        try await sql(db).raw("UPDATE credibility_state SET dirty = \(bind: true)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: Community.schema, "result_threshold")
    }
}
