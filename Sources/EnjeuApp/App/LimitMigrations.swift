import Fluent

/// `rate_limits`: the token buckets of the rate limits (App/Limits.swift), one row per bucket and subject (a hashed
/// client address or account), shared by every instance on the database. `refilled_at` (seconds since 1970) is when
/// the bucket is full again; rows past it mean the same as none and are deleted on the side, about once a minute.
struct M026CreateRateLimits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("rate_limits", .text("bucket", "subject"), .double("refilled_at"), unique: ["bucket", "subject"])
    }

    func revert(on db: any Database) async throws { try await db.dropTables("rate_limits") }
}
