import Fluent
import SQLKit

/// Organisations as actors (their representatives, their memberships in communities, the charters accepted in their
/// name) and links between communities. An organisation asks to join through `join_requests` (its `organisation_id`,
/// the representative who asked in `user_id`), so stewards review people and organisations in one list.
struct M030CreateOrganisationsAndLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("organisations", .id,
            .text("slug", "name", "kind", "purpose", "place", "website"), .text(optional: "registration_number"),
            .time("created_at"), .ref("created_by", User.schema),
            unique: ["slug"])
        try await db.table("organisation_representatives", .id,
            .ref("organisation_id", "organisations", .cascade), .ref("user_id", User.schema, .cascade),
            .ref("added_by", User.schema), .time("added_at"),
            unique: ["organisation_id", "user_id"])
        try await db.createIndex("organisation_representatives_user", on: "organisation_representatives", ["user_id"])
        try await db.table("organisation_memberships", .id,
            .ref("community_id", Community.schema, .cascade), .ref("organisation_id", "organisations", .cascade),
            .text("status"), .ref("requested_by", User.schema), .ref("approved_by", User.schema), .time("joined_at"),
            .int(optional: "accepted_charter_version"), .ref(optional: "charter_accepted_by", User.schema), .time(optional: "charter_accepted_at"),
            unique: ["community_id", "organisation_id"])
        try await db.createIndex("organisation_memberships_organisation", on: "organisation_memberships", ["organisation_id", "status"])
        try await db.table("organisation_charter_acceptances", .id,
            .ref("community_id", Community.schema, .cascade), .ref("organisation_id", "organisations", .cascade),
            .int("version"), .ref("accepted_by", User.schema), .time("accepted_at"),
            unique: ["community_id", "organisation_id", "version"])

        // One pending request per person, and one per organisation, in each community.
        try await db.addColumns(to: JoinRequest.schema, .uuid(optional: "organisation_id"))
        let raw = sql(db)
        try await raw.raw("DROP INDEX join_requests_one_pending").run()
        try await raw.raw("""
            CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (user_id, community_id)
            WHERE status = 'pending' AND organisation_id IS NULL
            """).run()
        try await raw.raw("""
            CREATE UNIQUE INDEX join_requests_one_pending_organisation ON join_requests (organisation_id, community_id)
            WHERE status = 'pending' AND organisation_id IS NOT NULL
            """).run()

        try await db.table("community_links", .id,
            .ref("source_id", Community.schema, .cascade), .ref("target_id", Community.schema, .cascade),
            .text("kind", "status", "pair_key"),
            .ref("proposed_by", User.schema), .time("proposed_at"),
            .ref(optional: "decided_by", User.schema), .time(optional: "decided_at"),
            .ref(optional: "ended_by", User.schema), .time(optional: "ended_at"))
        try await db.indexes(on: "community_links", ["community_links_source": ["source_id", "status"],
                                                     "community_links_target": ["target_id", "status"]])
        // A second live link of the same kind between the same two communities, in either direction, is refused here,
        // whatever the race.
        try await raw.raw("""
            CREATE UNIQUE INDEX community_links_one_live ON community_links (pair_key, kind) WHERE status IN ('proposed', 'accepted')
            """).run()
        try await CommunityGenerations.refresh(on: raw)
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("community_links", "organisation_charter_acceptances", "organisation_memberships",
                                "organisation_representatives")
        let raw = sql(db)
        try await raw.raw("DROP INDEX join_requests_one_pending_organisation").run()
        try await raw.raw("DROP INDEX join_requests_one_pending").run()
        try await raw.raw("CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (user_id, community_id) WHERE status = 'pending'").run()
        try await db.dropColumns(from: JoinRequest.schema, "organisation_id")
        try await db.dropTables("organisations")
    }
}
