import Fluent
import SQLKit

/// #ChiffresEnsemble tables. Reads and writes are plain SQL (see Reads.swift); the schema builder keeps types portable.
struct M016CreateFigures: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("figure_settings", .keyRef("community_id", "communities", .cascade),
            .int("allowance", "read_cost", "earn", "half_life_days"),
            // What the last background refresh learned: the pooled scale (log10) and when.
            .double(optional: "scale", "median_weight"), .time(optional: "refreshed_at"),
            .bool("dirty", default: false))
        try await db.table("figure_datasets", .id, .ref("community_id", "communities", .cascade),
            .text("name", "description"), .ref("created_by", "users"), .time("created_at"))
        try await db.table("indicators", .id, .ref("community_id", "communities", .cascade),
            .ref(optional: "dataset_id", "figure_datasets"),
            .text("name", "definition", "unit", "period", "place", "tags", "folded", "scale"),
            .ref("created_by", "users"), .time("created_at"),
            // The estimate, maintained on every contribution and refresh, so lists and pages read one row.
            .text("est_kind"), .double("est_value", "est_low", "est_high"), .int("est_contributors", "est_sources"),
            .text("est_outliers"), .time(optional: "est_at"))
        try await db.table("figure_contributions", .id, .ref("community_id", "communities", .cascade),
            .ref("indicator_id", "indicators", .cascade), .ref("user_id", "users"),
            .double("value"), .text("source", "source_kind", "observed_on", "comment"),
            // status: current → superseded (by the member's next value) or deprecated (by the community's flags).
            // credit_state: escrow → credited (once corroborated) or void (deprecated before).
            .text("status", "credit_state"), .double("credited"), .bool("outlier"), .double(optional: "consensus_at_entry"),
            .time("created_at"))
        try await db.table("figure_flags", .id, .ref("community_id", "communities", .cascade),
            .ref("indicator_id", "indicators", .cascade), .ref("contribution_id", "figure_contributions", .cascade),
            .ref("user_id", "users"), .text("reason"), .double(optional: "corrected_value"), .text(optional: "source"),
            // open → upheld (the contribution was deprecated) or dismissed (the consensus confirmed it).
            .text("state"), .time("created_at"), .time(optional: "resolved_at"),
            unique: ["contribution_id", "user_id"])
        try await db.table("figure_reliability", .id, .ref("community_id", "communities", .cascade),
            .ref("user_id", "users"), .double("weight", "sigma2"), .int("claims"),
            unique: ["community_id", "user_id"])
        try await db.table("figure_estimate_history", .id, .ref("indicator_id", "indicators", .cascade),
            .time("at"), .text("kind"), .double("value", "low", "high"), .int("contributors"))
        try await db.table("credit_entries", .id, .ref("community_id", "communities", .cascade),
            .ref("user_id", "users"), .text("kind"), .double("amount"), .time("at"), .uuid(optional: "indicator_id", "contribution_id"),
            // One read charge per indicator and month, one credit per contribution: the key makes repeats impossible.
            .text(optional: "dedupe"),
            unique: ["community_id", "user_id", "dedupe"])

        try await db.indexes(on: "indicators", ["indicators_by_community": ["community_id", "id"],
            "indicators_by_dataset": ["dataset_id", "name"]])
        try await db.createIndex("datasets_by_community", on: "figure_datasets", ["community_id", "id"])
        // Newest first per indicator without a sort (the status filter is cheap beside it), and a member's own values.
        try await db.indexes(on: "figure_contributions", ["contributions_by_indicator": ["indicator_id", "id"],
            "contributions_by_author": ["user_id", "indicator_id"], "contributions_by_member": ["community_id", "user_id", "status"]])
        try await db.indexes(on: "figure_flags", ["flags_by_indicator": ["indicator_id", "state"],
            "flags_by_member": ["community_id", "user_id", "state"]])
        try await db.createIndex("history_by_indicator", on: "figure_estimate_history", ["indicator_id", "at"])
        try await db.createIndex("credits_by_member", on: "credit_entries", ["community_id", "user_id", "at"])
        // One current value per member and indicator; a concurrent second one fails here instead of duplicating.
        try await sql(db).raw("""
            CREATE UNIQUE INDEX one_current_contribution ON figure_contributions (indicator_id, user_id) WHERE status = 'current'
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("credit_entries", "figure_estimate_history", "figure_reliability", "figure_flags",
                                "figure_contributions", "indicators", "figure_datasets", "figure_settings")
    }
}
