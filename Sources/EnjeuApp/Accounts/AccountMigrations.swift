import Fluent

struct M001CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(User.schema, .id,
            .text("handle", "display_name", "email", "password_hash", "bio", "values_held", "skills", "lang"), .time("created_at"),
            unique: ["handle"], ["email"])
    }

    func revert(on db: any Database) async throws { try await db.schema(User.schema).delete() }
}
