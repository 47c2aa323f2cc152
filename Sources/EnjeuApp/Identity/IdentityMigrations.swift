import Fluent

struct M002CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(Session.schema, .id, .text("token_hash"), .ref("user_id", User.schema, .cascade),
            .time("created_at", "expires_at"),
            unique: ["token_hash"])
    }

    func revert(on db: any Database) async throws { try await db.schema(Session.schema).delete() }
}

struct M003CreateApiTokens: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(ApiToken.schema, .id, .ref("user_id", User.schema, .cascade), .text("name", "token_hash"),
            .time("created_at"), .time(optional: "revoked_at"),
            unique: ["token_hash"])
    }

    func revert(on db: any Database) async throws { try await db.schema(ApiToken.schema).delete() }
}
