import Fluent

/// Accounts that recover: when an address was verified, which device a session is, and the links e-mailed to prove an
/// address or reset a password (`account_tokens`: only the SHA-256 of each link's secret, set when its e-mail is sent;
/// `used_at` makes a link single-use; lookups go by hash, the recent links of a person by `account_tokens_user`).
struct M024CreateAccountRecovery: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: User.schema, .time(optional: "email_verified_at"))
        try await db.addColumns(to: Session.schema, .text(optional: "user_agent"))
        try await db.table(AccountToken.schema, .id, .ref("user_id", User.schema, .cascade), .text("purpose", "email"),
                           .text(optional: "token_hash"), .time("created_at", "expires_at"), .time(optional: "used_at"),
                           unique: ["token_hash"])
        try await db.createIndex("account_tokens_user", on: AccountToken.schema, ["user_id", "purpose", "created_at"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables(AccountToken.schema)
        try await db.dropColumns(from: Session.schema, "user_agent")
        try await db.dropColumns(from: User.schema, "email_verified_at")
    }
}
