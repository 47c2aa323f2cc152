import Fluent
import SQLKit

/// Programmes of shared figures (issue 17). A programme is a `communities` row of kind 'programme'; communities join it
/// (`programme_communities`), their members take part through them (`memberships.via_community_id`, set when such a
/// member accepts the programme's charter), each value keeps the community it was given through
/// (`figure_contributions.via_community_id`), and a community's indicator merges into a programme's (`figure_merges`,
/// `indicators.merged_into`; the merged history keeps its community in `figure_estimate_history.via_community_id`).
struct M035CreateProgrammes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .text("kind", default: "community"))
        try await db.addColumns(to: Membership.schema, .uuid(optional: "via_community_id"))
        try await db.addColumns(to: "figure_contributions", .uuid(optional: "via_community_id"))
        try await db.addColumns(to: "figure_estimate_history", .uuid(optional: "via_community_id"))
        try await db.addColumns(to: "indicators", .uuid(optional: "merged_into"))
        try await db.table("programme_communities", .id, .ref("programme_id", Community.schema, .cascade),
            .ref("community_id", Community.schema, .cascade), .text("status"), .ref("requested_by", User.schema),
            .ref(optional: "decided_by", User.schema), .text(optional: "reason"), .time("created_at"), .time(optional: "decided_at"))
        try await db.createIndex("programme_communities_by_programme", on: "programme_communities", ["programme_id", "status"])
        try await db.createIndex("programme_communities_by_community", on: "programme_communities", ["community_id", "status"])
        try await db.table("figure_merges", .id, .ref("community_id", Community.schema, .cascade),
            .ref("indicator_id", "indicators", .cascade), .ref("programme_id", Community.schema, .cascade),
            .ref("into_id", "indicators", .cascade), .text("status"), .ref("requested_by", User.schema),
            .ref(optional: "decided_by", User.schema), .time("created_at"), .time(optional: "decided_at"))
        try await db.createIndex("figure_merges_by_programme", on: "figure_merges", ["programme_id", "status"])
        let raw = sql(db)
        // One live (pending or active) place per community and programme, whoever asks, even when two ask at once.
        try await raw.raw("""
            CREATE UNIQUE INDEX programme_communities_one_live ON programme_communities (programme_id, community_id)
            WHERE status IN ('pending', 'active')
            """).run()
        // One merge awaiting an answer per indicator.
        try await raw.raw("CREATE UNIQUE INDEX figure_merges_one_pending ON figure_merges (indicator_id) WHERE status = 'pending'").run()
        try await CommunityGenerations.refresh(on: raw)
    }

    func revert(on db: any Database) async throws {
        // Programmes go first: without `kind` they would read as ordinary communities (their rows cascade away with them).
        try await sql(db).raw("DELETE FROM communities WHERE kind = \(bind: "programme")").run()
        try await db.dropTables("figure_merges", "programme_communities")
        try await db.dropColumns(from: "indicators", "merged_into")
        try await db.dropColumns(from: "figure_estimate_history", "via_community_id")
        try await db.dropColumns(from: "figure_contributions", "via_community_id")
        try await db.dropColumns(from: Membership.schema, "via_community_id")
        try await db.dropColumns(from: Community.schema, "kind")
    }
}
