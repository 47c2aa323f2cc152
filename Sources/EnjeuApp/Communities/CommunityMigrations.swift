import Fluent

struct M004CreateCommunities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Community.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("name_folded", .string, .required)
            .field("search_folded", .string, .required)
            .field("purpose", .string, .required)
            .field("perimeter", .string, .required)
            .field("rhythm", .string, .required)
            .field("stage", .string, .required)
            .field("visibility", .string, .required)
            .field("charter_version", .int, .required)
            .field("member_count", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await db.createIndex("communities_name_folded_id", on: Community.schema, ["name_folded", "id"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Community.schema).delete() }
}

struct M005CreateCharters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Charter.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("text", .string, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "community_id", "version")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(Charter.schema).delete() }
}

struct M006CreateMemberships: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Membership.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("handle", .string, .required)
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("accepted_charter_version", .int)
            .field("joined_at", .datetime, .required)
            .unique(on: "community_id", "user_id")
            .create()
        try await db.createIndex("memberships_community_status_handle", on: Membership.schema, ["community_id", "status", "handle", "id"])
        try await db.createIndex("memberships_user", on: Membership.schema, ["user_id", "status"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Membership.schema).delete() }
}

struct M007CreateCharterAcceptances: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CharterAcceptance.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("accepted_at", .datetime, .required)
            .unique(on: "community_id", "user_id", "version")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(CharterAcceptance.schema).delete() }
}

struct M008CreateJoinRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(JoinRequest.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid, .references(User.schema, "id"))
            .create()
        try await db.createIndex("join_requests_community_status", on: JoinRequest.schema, ["community_id", "status", "id"])
        try await db.createIndex("join_requests_user", on: JoinRequest.schema, ["user_id", "community_id", "status"])
    }

    func revert(on db: any Database) async throws { try await db.schema(JoinRequest.schema).delete() }
}

struct M009CreateAuditEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEvent.schema)
            .id()
            .field("community_id", .uuid)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await db.createIndex("audit_events_community", on: AuditEvent.schema, ["community_id", "id"])
    }

    func revert(on db: any Database) async throws { try await db.schema(AuditEvent.schema).delete() }
}
