import Fluent
import SQLKit

/// Moderation and the community's journal (issue 20): reports grouped by reported item (`moderation_cases`, one per
/// community and item, the review queue's rows; `reports`, one per reporter), the hidden state on each reportable item's
/// own row (read with the item, so feeds add no query), suspensions with an end and a reason (memberships, and accounts
/// for the instance's operator), and the journal's reason and public flag on `audit_events`.
struct M041aModerationAndJournal: AsyncMigration {
    /// The tables whose rows a member may report and a moderator hide.
    static let hideable = ["posts", "post_comments", "offers", "figure_contributions", "amendment_comments"]

    func prepare(on db: any Database) async throws {
        try await db.table("moderation_cases", .id, .ref("community_id", "communities", .cascade),
            .text("kind"), .uuid("item_id"), .uuid(optional: "author_id"),
            // status: open while any of its reports is; reporters: its open reports (distinct by the unique key of `reports`).
            .text("status"), .int("reporters", default: 0), .time("opened_at"),
            .text(optional: "decision", "note"), .time(optional: "decided_at"), .uuid(optional: "decided_by"),
            // Its author asked for a review of the hiding (once).
            .time(optional: "review_asked_at"),
            unique: ["community_id", "kind", "item_id"])
        // The review queue: a community's open cases, oldest first (ids are time-ordered): one index range, however many
        // cases are open or closed.
        try await db.createIndex("moderation_cases_queue", on: "moderation_cases", ["community_id", "status", "id"])
        try await db.table("reports", .id, .ref("case_id", "moderation_cases", .cascade), .ref("community_id", "communities", .cascade),
            .ref("reporter_id", "users", .cascade), .text("reason", "text", "status"), .time("created_at"),
            unique: ["case_id", "reporter_id"])
        try await db.createIndex("reports_case", on: "reports", ["case_id", "status", "id"])
        for table in Self.hideable {
            try await db.addColumns(to: table, .time(optional: "hidden_at"), .text(optional: "hidden_reason"))
        }
        try await db.addColumns(to: "memberships", .time(optional: "suspended_until"), .text(optional: "suspended_reason"))
        try await db.addColumns(to: "users", .time(optional: "suspended_at", "suspended_until"), .text(optional: "suspended_reason"))
        try await db.addColumns(to: "audit_events", .text(optional: "reason"), .bool("public", default: false))
        try await db.createIndex("audit_events_public", on: "audit_events", ["community_id", "public", "id"])
        try await db.addColumns(to: "communities", .int("report_threshold", default: 3))
        try await M041aViewerLookup.make(db, suspension: true)
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await M041aViewerLookup.make(db, suspension: false)
        try await db.dropColumns(from: "communities", "report_threshold")
        try await db.dropColumns(from: "audit_events", "reason", "public")
        try await db.dropColumns(from: "users", "suspended_at", "suspended_until", "suspended_reason")
        try await db.dropColumns(from: "memberships", "suspended_until", "suspended_reason")
        for table in Self.hideable { try await db.dropColumns(from: table, "hidden_at", "hidden_reason") }
        try await db.dropTables("reports", "moderation_cases")
    }
}

/// `enjeu_viewer` (M031) made again with the account's suspension, so the session lookup reads it with the person
/// (instance-level suspensions refuse every write: App/Gate.swift).
enum M041aViewerLookup {
    static func make(_ db: any Database, suspension: Bool) async throws {
        guard sql(db).dialect.name == "postgresql" else { return }
        try await sql(db).raw("DROP FUNCTION IF EXISTS enjeu_viewer(text, timestamptz)").run()
        let columns = suspension ? ", suspended_at timestamptz, suspended_until timestamptz, suspended_reason text" : ""
        let values = suspension ? ", u.suspended_at, u.suspended_until, u.suspended_reason" : ""
        try await sql(db).raw("""
            CREATE FUNCTION enjeu_viewer(token text, at timestamptz)
            RETURNS TABLE (credential uuid, user_id uuid, handle text, display_name text, lang text, last_seen_at timestamptz, unread bigint\(unsafeRaw: columns))
            LANGUAGE plpgsql STABLE AS $$
            #variable_conflict use_column
            BEGIN
              RETURN QUERY SELECT s.id, u.id, u.handle, u.display_name, u.lang, s.last_seen_at,
                (SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL AND n.in_app LIMIT 100) x)\(unsafeRaw: values)
              FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = token AND s.expires_at > at;
            END $$
            """).run()
    }
}
