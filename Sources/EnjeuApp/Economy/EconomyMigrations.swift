import Fluent
import SQLKit
import EnjeuCore
import EnjeuWeb

/// The economy: offers (with full-text search: FTS5 on SQLite, tsvector on PostgreSQL), referrals, flows, responsibilities.
struct M018CreateEconomy: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("offers")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("terms", .string, .required)
            .field("tags", .string, .required)
            .field("place", .string, .required)
            .field("folded", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("referrals")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("offer_id", .uuid, .required, .references("offers", "id", onDelete: .cascade))
            .field("referrer_id", .uuid, .required, .references("users", "id"))
            // The beneficiary: a member (key "member:handle") or a person named freely (key "outside:name", folded).
            .field("beneficiary", .string, .required)
            .field("beneficiary_key", .string, .required)
            .field("note", .string, .required)
            .field("status", .string, .required)
            .field("flow_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.schema("flows")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("from_key", .string, .required)
            .field("to_key", .string, .required)
            .field("nature", .string, .required)
            .field("measure", .string, .required)
            .field("quantity", .double)
            .field("unit", .string, .required)
            .field("description", .string, .required)
            .field("appreciation", .int)
            .field("date", .string, .required)
            .field("note", .string, .required)
            .field("offer_id", .uuid)
            .field("action_id", .uuid)
            .field("referral_id", .uuid)
            // Corrections are new entries: this one reverses (cancels) the flow named here.
            .field("reverses_id", .uuid)
            // Set on the reversed flow in the correction's transaction, so matrices filter on a column, not a subquery.
            .field("cancelled", .bool, .required, .sql(.default(false)))
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("responsibilities")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("layer", .string, .required)
            .field("role", .string, .required)
            .field("what", .string, .required)
            .field("amount", .double)
            .field("unit", .string, .required)
            .field("share", .double)
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("offers_by_community", on: "offers", ["community_id", "id"])
        try await db.createIndex("offers_by_owner", on: "offers", ["owner_id"])
        try await db.createIndex("referrals_by_offer", on: "referrals", ["offer_id", "status"])
        try await db.createIndex("referrals_by_community", on: "referrals", ["community_id", "id"])
        try await db.createIndex("flows_by_date", on: "flows", ["community_id", "date"])
        try await db.createIndex("flows_by_id", on: "flows", ["community_id", "id"])
        try await db.createIndex("flows_by_actors", on: "flows", ["community_id", "from_key", "to_key"])
        try await db.createIndex("referrals_by_beneficiary", on: "referrals", ["community_id", "beneficiary_key"])
        guard let plain = db as? any SQLDatabase else { return }
        // One correction per flow (also under concurrent requests), and a fast "is it reversed?" for matrices and lists.
        try await plain.raw("CREATE UNIQUE INDEX flows_reversal ON flows (reverses_id)").run()
        try await db.createIndex("responsibilities_by_community", on: "responsibilities", ["community_id", "layer"])
        guard let sqlDB = db as? any SQLDatabase else { return }
        if sqlDB.dialect.name == "postgresql" {
            // Accents folded before indexing; French and English stems, plus plain words for prefixes.
            try await sqlDB.raw("""
                ALTER TABLE offers ADD COLUMN search tsvector GENERATED ALWAYS AS
                  (to_tsvector('simple', folded) || to_tsvector('french', folded) || to_tsvector('english', folded)) STORED
                """).run()
            try await sqlDB.raw("CREATE INDEX offers_search ON offers USING GIN (search)").run()
        } else {
            try await sqlDB.raw("""
                CREATE VIRTUAL TABLE offers_fts USING fts5(offer_id UNINDEXED, community_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')
                """).run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sqlDB = db as? any SQLDatabase, sqlDB.dialect.name != "postgresql" { try await sqlDB.raw("DROP TABLE offers_fts").run() }
        for t in ["responsibilities", "flows", "referrals", "offers"] { try await db.schema(t).delete() }
    }
}

/// Confirmation of flows (issue 12): a flow naming someone other than its recorder waits for them. Entries recorded
/// before count as confirmed, their confirmer unknown (NULL); `recorded_by` was already kept.
struct M020ConfirmFlows: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await db.schema("flows").field("status", .string, .required, .sql(.default(FlowStatus.confirmed.rawValue))).update()
        try await db.schema("flows").field("confirmed_by", .uuid, .references("users", "id")).update()
        try await db.schema("flows").field("confirmed_at", .datetime).update()
        guard let plain = db as? any SQLDatabase else { return }
        // Only pending entries are looked up by status (the flows awaiting someone), so the index holds only them.
        try await plain.raw("CREATE INDEX flows_pending ON flows (community_id, id) WHERE status = 'pending'").run()
    }

    func revert(on db: any Database) async throws {
        if let plain = db as? any SQLDatabase { try await plain.raw("DROP INDEX flows_pending").run() }
        for column in ["confirmed_at", "confirmed_by", "status"] { try await db.schema("flows").deleteField(.key(.string(column))).update() }
    }
}
