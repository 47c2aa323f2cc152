import Foundation
import Fluent
import SQLKit
import EnjeuCore

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

/// A trade is found whatever its case and accents (« Tissage », « tissage »), alike on both databases: SQLite's `LIKE`
/// ignores ASCII case where PostgreSQL's does not, so each indicator keeps its tags folded (`Tags.keys`) and each request
/// its tag (`tag_key`), filled here for the rows already there.
struct M044FoldedTradeKeys: AsyncMigration {
    private struct Tagged: Decodable { let id: UUID; let tags: String }

    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "indicators", .text("trade_keys", default: ""))
        try await db.addColumns(to: "indicator_requests", .text("tag_key", default: ""))
        try await db.createIndex("indicator_requests_by_tag_key", on: "indicator_requests", ["tag_key", "supporters"])
        let raw = sql(db)
        for row in try await db.rows("SELECT id, tags FROM indicators WHERE tags <> ''", as: Tagged.self) {
            let keys = Tags.keys(row.tags.split(separator: "\n").map(String.init))
            try await raw.raw("UPDATE indicators SET trade_keys = \(bind: keys) WHERE id = \(bind: row.id)").run()
        }
        for row in try await db.rows("SELECT id, tag AS tags FROM indicator_requests", as: Tagged.self) {
            try await raw.raw("UPDATE indicator_requests SET tag_key = \(bind: Folding.fold(row.tags)) WHERE id = \(bind: row.id)").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX indicator_requests_by_tag_key").run()
        try await db.dropColumns(from: "indicator_requests", "tag_key")
        try await db.dropColumns(from: "indicators", "trade_keys")
    }
}
