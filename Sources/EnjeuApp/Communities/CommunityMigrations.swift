import Fluent

struct M004CreateCommunities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(Community.schema, .id,
            .text("slug", "name", "name_folded", "search_folded", "purpose", "perimeter", "rhythm", "stage", "visibility"),
            .int("charter_version", "member_count", "version"), .time("created_at"),
            unique: ["slug"])
        try await db.createIndex("communities_name_folded_id", on: Community.schema, ["name_folded", "id"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Community.schema).delete() }
}

struct M005CreateCharters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(Charter.schema, .id, .ref("community_id", Community.schema, .cascade),
            .int("version"), .text("text"), .ref("author_id", User.schema), .time("created_at"),
            unique: ["community_id", "version"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Charter.schema).delete() }
}

struct M006CreateMemberships: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(Membership.schema, .id,
            .ref("community_id", Community.schema, .cascade), .ref("user_id", User.schema, .cascade),
            .text("handle", "role", "status"), .int(optional: "accepted_charter_version"), .time("joined_at"),
            unique: ["community_id", "user_id"])
        try await db.createIndex("memberships_community_status_handle", on: Membership.schema, ["community_id", "status", "handle", "id"])
        try await db.createIndex("memberships_user", on: Membership.schema, ["user_id", "status"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Membership.schema).delete() }
}

struct M007CreateCharterAcceptances: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(CharterAcceptance.schema, .id,
            .ref("community_id", Community.schema, .cascade), .ref("user_id", User.schema, .cascade),
            .int("version"), .time("accepted_at"),
            unique: ["community_id", "user_id", "version"])
    }

    func revert(on db: any Database) async throws { try await db.schema(CharterAcceptance.schema).delete() }
}

struct M008CreateJoinRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(JoinRequest.schema, .id,
            .ref("community_id", Community.schema, .cascade), .ref("user_id", User.schema, .cascade),
            .text("message", "status"), .text(optional: "reason"),
            .time("created_at"), .time(optional: "decided_at"), .ref(optional: "decided_by", User.schema))
        try await db.createIndex("join_requests_community_status", on: JoinRequest.schema, ["community_id", "status", "id"])
        try await db.createIndex("join_requests_user", on: JoinRequest.schema, ["user_id", "community_id", "status"])
    }

    func revert(on db: any Database) async throws { try await db.schema(JoinRequest.schema).delete() }
}

struct M009CreateAuditEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(AuditEvent.schema, .id,
            .uuid(optional: "community_id", "actor_id"), .text("action", "detail"), .time("at"))
        try await db.createIndex("audit_events_community", on: AuditEvent.schema, ["community_id", "id"])
    }

    func revert(on db: any Database) async throws { try await db.schema(AuditEvent.schema).delete() }
}
