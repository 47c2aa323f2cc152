import Fluent
import SQLKit

/// The six-step journey: cycles, proposals decided by the community's rule, actions, assessments, recognitions,
/// retrospectives. Reads and writes are plain SQL.
struct M017CreateJourney: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("journeys", .keyRef("community_id", "communities", .cascade),
            .int("cycle"), .text("template"), .time("started_at"))
        try await db.table("journey_proposals", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .text("kind", "title", "body"), .ref("author_id", "users"),
            // open → adopted or rejected, by DecisionEngine under the community's rule (the #CodeSocial one).
            .text("status"), .time("closes_at", "created_at"), .time(optional: "decided_at"))
        try await db.table("journey_positions", .id, .ref("proposal_id", "journey_proposals", .cascade),
            .ref("user_id", "users"), .text("stance", "reason"), .time("created_at"),
            unique: ["proposal_id", "user_id"])
        try await db.table("journey_actions", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .text("title", "description"), .ref(optional: "stake_id", "journey_proposals"),
            .text("needs"), .text(optional: "due_on"), .text("status"), .ref(optional: "owner_id", "users"), .text("outcome"),
            .ref("created_by", "users"), .time("created_at"))
        try await db.table("journey_participants", .id, .ref("action_id", "journey_actions", .cascade),
            .ref("user_id", "users"), .time("joined_at"),
            unique: ["action_id", "user_id"])
        try await db.table("journey_updates", .id, .ref("action_id", "journey_actions", .cascade),
            .ref("user_id", "users"), .text("status", "note"), .time("created_at"))
        try await db.table("journey_assessments", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .text("subject_kind"), .uuid("subject_id"), .ref("assessor_id", "users"), .bool("self"),
            .int("material", "consciousness", "mastery", "maturity"), .text("comment"),
            // A second assessment of the same subject replaces the first, which stays with current = false.
            .bool("current"), .time("created_at"))
        // Maintained sums, so dashboards never read every assessment: per subject, and per cycle (subject_kind 'cycle').
        try await db.table("journey_aggregates", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .text("subject_kind"), .uuid("subject_id"), .bool("self"),
            .int("n", "material", "consciousness", "mastery", "maturity"),
            unique: ["community_id", "cycle", "subject_kind", "subject_id", "self"])
        try await db.table("journey_recognitions", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .ref("from_id", "users"), .text("to_kind"), .uuid("to_id"), .text("to_label", "message", "criteria"),
            .time("created_at"))
        try await db.table("journey_retrospectives", .id, .ref("community_id", "communities", .cascade),
            .int("cycle"), .ref("author_id", "users"), .text("worked", "did_not", "change"), .uuid(optional: "amendment_id"),
            .time("created_at"))
        try await db.createIndex("proposals_by_cycle", on: "journey_proposals", ["community_id", "cycle", "kind", "status"])
        try await db.createIndex("actions_by_cycle", on: "journey_actions", ["community_id", "cycle", "id"])
        try await db.createIndex("updates_by_action", on: "journey_updates", ["action_id", "id"])
        try await db.createIndex("participants_by_user", on: "journey_participants", ["user_id"])
        try await db.createIndex("assessments_by_subject", on: "journey_assessments", ["subject_id", "assessor_id", "current"])
        try await db.createIndex("aggregates_by_subject", on: "journey_aggregates", ["community_id", "subject_kind", "subject_id"])
        // One current assessment per assessor and subject, also under concurrent requests.
        try await sql(db).raw("""
            CREATE UNIQUE INDEX one_current_assessment ON journey_assessments (subject_kind, subject_id, assessor_id, cycle) WHERE current = \(true)
            """).run()
        try await db.createIndex("recognitions_by_cycle", on: "journey_recognitions", ["community_id", "cycle", "id"])
        try await db.createIndex("retros_by_cycle", on: "journey_retrospectives", ["community_id", "cycle", "id"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("journey_retrospectives", "journey_recognitions", "journey_aggregates", "journey_assessments",
                                "journey_updates", "journey_participants", "journey_actions", "journey_positions",
                                "journey_proposals", "journeys")
    }
}
