import Fluent
import SQLKit

/// Editing and deleting one's own words, my data's export and account deletion (issue 20, items 4 and 5).
/// - `posts`/`post_comments` gain `edited_at`, `deleted_at` and `deleted_by` (a deletion erases the body and keeps the
///   row, so replies keep their place; `deleted_by` is the moderator when it is not the author);
/// - `post_revisions` keeps each earlier body of an edited post (`comment_id` null) or comment, for moderators;
/// - `users.deleted_at`: an erased account, whose row stays so its handle stays reserved;
/// - `data_exports`: one ZIP of everything Enjeu holds about a person, made by the job `me.export` (`status` queued,
///   running, done, failed; `done` of `total` items written; `runner`, the run that
///   owns it now); one unfinished export per person (`data_exports_live`);
/// - `departed_members`: in each community, the account (`ghost_id`, « membre parti·e #n ») that the collective records
///   of a person who deleted their account are attributed to; the same person has the same `n` in one community.
struct M042aEditsAndMyData: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for table in ["posts", "post_comments"] {
            try await db.addColumns(to: table, .time(optional: "edited_at", "deleted_at"), .uuid(optional: "deleted_by"))
        }
        try await db.table("post_revisions", .id, .ref("community_id", "communities", .cascade), .ref("post_id", "posts", .cascade),
                           .uuid(optional: "comment_id"), .ref("editor_id", "users"), .text("body"), .time("created_at"))
        try await db.createIndex("post_revisions_by_post", on: "post_revisions", ["post_id", "id"])
        try await db.addColumns(to: "users", .time(optional: "deleted_at"))
        try await db.table("data_exports", .id, .ref("user_id", "users", .cascade), .text("status"), .int("done", "total"),
                           .time("created_at"), .time(optional: "finished_at", "expires_at"), .text(optional: "error"),
                           .uuid(optional: "runner"))
        try await db.createIndex("data_exports_by_user", on: "data_exports", ["user_id", "id"])
        try await sql(db).raw("""
            CREATE UNIQUE INDEX data_exports_live ON data_exports (user_id) WHERE status IN ('queued', 'running')
            """).run()
        try await db.table("departed_members", .id, .ref("community_id", "communities", .cascade), .ref("user_id", "users"),
                           .ref("ghost_id", "users"), .int("n"), .time("created_at"),
                           unique: ["community_id", "user_id"], ["community_id", "n"])
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("departed_members", "data_exports", "post_revisions")
        try await db.dropColumns(from: "users", "deleted_at")
        for table in ["posts", "post_comments"] { try await db.dropColumns(from: table, "deleted_by", "deleted_at", "edited_at") }
    }
}
