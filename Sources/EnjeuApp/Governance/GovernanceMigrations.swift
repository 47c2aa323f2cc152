import Foundation
import Fluent
import SQLKit
import EnjeuCore

/// Governance proposals (issue 18): every proposal is an `amendments` row with a `kind` and a JSON `payload`, so
/// positions, tally, decision and the closing job are the amendments' own. `decided_by`/`authority` record whose
/// authority applied the decision.
struct M040aGovernanceProposals: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Amendment.schema, .text("kind", default: GovernanceKind.code.rawValue), .text("payload", default: ""),
                                .uuid(optional: "decided_by"), .text("authority", default: ""))
        try await db.createIndex("amendments_community_kind", on: Amendment.schema, ["community_id", "kind", "id"])
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX amendments_community_kind").run()
        try await db.dropColumns(from: Amendment.schema, "kind", "payload", "decided_by", "authority")
    }
}

/// Roles with rights: `community_roles` (the founder and steward roles are predefined rows, `builtin`, one pair per
/// community, made here for the existing ones), `role_assignments` (who holds a custom role), and on `memberships`
/// the rights the gate reads with the membership: `rights` (from roles, kept by the transactions that change roles and
/// assignments) and `earned_rights` (from credibility under the community's rule, kept by each computation).
/// `credibility_rules`: at most one rule per community.
struct M040bRolesAndRights: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(CommunityRole.schema, .id, .ref("community_id", Community.schema, .cascade), .text("name", "purpose"),
                           .int("rights"), .text("builtin", default: ""), .uuid(optional: "proposal_id"), .time("created_at"),
                           .time(optional: "removed_at"))
        try await db.createIndex("community_roles_community", on: CommunityRole.schema, ["community_id", "id"])
        try await db.table(RoleAssignment.schema, .id, .ref("community_id", Community.schema, .cascade),
                           .ref("role_id", CommunityRole.schema, .cascade), .ref("user_id", User.schema), .time("created_at"),
                           unique: ["role_id", "user_id"])
        try await db.createIndex("role_assignments_member", on: RoleAssignment.schema, ["community_id", "user_id"])
        try await db.addColumns(to: Membership.schema, .int("rights", default: 0), .int("earned_rights", default: 0))
        try await db.table("credibility_rules", .keyRef("community_id", Community.schema, .cascade), .text("topic", "topic_key"),
                           .int("count", "rights"), .uuid(optional: "proposal_id"), .time("adopted_at"))
        struct Row: Decodable { let id: UUID; let created_at: Date }
        let communities = try await db.rows("SELECT id, created_at FROM communities", as: Row.self)
        for c in communities {
            try await CommunityRole.builtins(db, community: c.id, now: c.created_at)
        }
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("credibility_rules", RoleAssignment.schema, CommunityRole.schema)
        try await db.dropColumns(from: Membership.schema, "rights", "earned_rights")
    }
}

/// One live custom role per name (folded) and community, whoever decides at once: `name_key` with a partial unique
/// index over live custom roles (the predefined pair's names are kept free by `RoleQueries.live`).
struct M040cRoleNameKeys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: CommunityRole.schema, .text("name_key", default: ""))
        struct Row: Decodable { let id: UUID; let name: String }
        for r in try await db.rows("SELECT id, name FROM community_roles", as: Row.self) {
            try await sql(db).raw("UPDATE community_roles SET name_key = \(bind: Folding.fold(r.name)) WHERE id = \(bind: r.id)").run()
        }
        try await sql(db).raw("""
            CREATE UNIQUE INDEX community_roles_one_live_name ON community_roles (community_id, name_key)
            WHERE removed_at IS NULL AND builtin = ''
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX community_roles_one_live_name").run()
        try await db.dropColumns(from: CommunityRole.schema, "name_key")
    }
}
