import Fluent
import SQLKit

/// Issue 17, open data and trades: the licence a programme publishes its estimates under (null: not published), and the
/// indicators members ask for on a trade's page, each supported at most once per person (the unique key settles it).
struct M036AddLicencesAndIndicatorRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .text(optional: "licence"))
        try await db.table("indicator_requests", .id, .text("tag", "name", "unit", "period", "place"),
            .ref("requested_by", User.schema), .int("supporters", default: 0), .time("created_at"))
        try await db.createIndex("indicator_requests_by_tag", on: "indicator_requests", ["tag", "supporters"])
        try await db.table("indicator_request_supports", .id, .ref("request_id", "indicator_requests", .cascade),
            .ref("user_id", User.schema), .time("created_at"), unique: ["request_id", "user_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("indicator_request_supports", "indicator_requests")
        try await db.dropColumns(from: Community.schema, "licence")
    }
}
