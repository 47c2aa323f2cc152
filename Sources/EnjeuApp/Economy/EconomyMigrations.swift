import Fluent
import SQLKit
import EnjeuCore
import EnjeuWeb

/// The economy: offers (with full-text search: FTS5 on SQLite, tsvector on PostgreSQL), referrals, flows, responsibilities.
struct M018CreateEconomy: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("offers", .id, .ref("community_id", "communities", .cascade), .ref("owner_id", "users"),
            .text("kind", "title", "description", "terms", "tags", "place", "folded"), .time("created_at"))
        try await db.table("referrals", .id, .ref("community_id", "communities", .cascade),
            .ref("offer_id", "offers", .cascade), .ref("referrer_id", "users"),
            // The beneficiary: a member (key "member:handle") or a person named freely (key "outside:name", folded).
            .text("beneficiary", "beneficiary_key", "note", "status"), .uuid(optional: "flow_id"), .time("created_at", "updated_at"))
        try await db.table("flows", .id, .ref("community_id", "communities", .cascade),
            .text("from_key", "to_key", "nature", "measure"), .double(optional: "quantity"), .text("unit", "description"),
            .int(optional: "appreciation"), .text("date", "note"), .uuid(optional: "offer_id", "action_id", "referral_id"),
            // Corrections are new entries: this one reverses (cancels) the flow named here.
            .uuid(optional: "reverses_id"),
            // Set on the reversed flow in the correction's transaction, so matrices filter on a column, not a subquery.
            .bool("cancelled", default: false),
            .ref("recorded_by", "users"), .time("created_at"))
        try await db.table("responsibilities", .id, .ref("community_id", "communities", .cascade),
            .ref("user_id", "users"), .text("layer", "role", "what"), .double(optional: "amount"), .text("unit"),
            .double(optional: "share"), .time("created_at"))
        try await db.indexes(on: "offers", ["offers_by_community": ["community_id", "id"], "offers_by_owner": ["owner_id"]])
        try await db.indexes(on: "referrals", ["referrals_by_offer": ["offer_id", "status"],
            "referrals_by_community": ["community_id", "id"]])
        try await db.indexes(on: "flows", ["flows_by_date": ["community_id", "date"], "flows_by_id": ["community_id", "id"],
            "flows_by_actors": ["community_id", "from_key", "to_key"]])
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
        try await db.dropTables("responsibilities", "flows", "referrals", "offers")
    }
}

/// Confirmation of flows (issue 12): a flow naming someone other than its recorder waits for them. Entries recorded
/// before count as confirmed, their confirmer unknown (NULL); `recorded_by` was already kept.
struct M020ConfirmFlows: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "flows", .text("status", default: FlowStatus.confirmed.rawValue),
            .ref(optional: "confirmed_by", "users"), .time(optional: "confirmed_at"))
        guard let plain = db as? any SQLDatabase else { return }
        // Only pending entries are looked up by status (the flows awaiting someone), so the index holds only them.
        try await plain.raw("CREATE INDEX flows_pending ON flows (community_id, id) WHERE status = 'pending'").run()
    }

    func revert(on db: any Database) async throws {
        if let plain = db as? any SQLDatabase { try await plain.raw("DROP INDEX flows_pending").run() }
        try await db.dropColumns(from: "flows", "confirmed_at", "confirmed_by", "status")
    }
}

/// Organisations in the economy (issue 16):
/// - solicitations: someone's own « je suis intéressé·e », kept beside the referrals and answered the same way
///   (`referrer_id` is then the person asking; `organisation_id` the organisation she asks for, if any); one live
///   solicitation per person and offer, also under concurrent requests;
/// - an offer or a line of the pyramid may be an organisation's (`organisation_id`), its representative kept as the
///   owner or the member (`owner_id`, `user_id`): who did it.
struct M034AddSolicitations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "referrals", .text("kind", default: ReferralKind.referral.rawValue), .uuid(optional: "organisation_id"))
        try await db.addColumns(to: "offers", .uuid(optional: "organisation_id"))
        try await db.addColumns(to: "responsibilities", .uuid(optional: "organisation_id"))
        try await sql(db).raw("""
            CREATE UNIQUE INDEX referrals_one_live_solicitation ON referrals (offer_id, referrer_id)
            WHERE kind = 'solicitation' AND status IN ('proposed', 'taken-up')
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: "responsibilities", "organisation_id")
        try await db.dropColumns(from: "offers", "organisation_id")
        try await sql(db).raw("DROP INDEX referrals_one_live_solicitation").run()
        try await db.dropColumns(from: "referrals", "organisation_id", "kind")
    }
}
