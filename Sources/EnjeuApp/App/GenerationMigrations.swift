import Fluent
import SQLKit

/// `communities.generation` counts the writes that change what a community's pages show; the page cache keys on it
/// (App/PageCache.swift). Triggers bump it, so every write path — today's and tomorrow's, the demo's and an
/// operator's SQL — keeps it true without a line of Swift. `CommunityGenerations.tracked` names the tables;
/// `PageCacheTests` fails when a table with a `community_id` column is in neither list. A migration that creates a
/// tracked table ends with `CommunityGenerations.refresh`.
///
/// SQLite runs the bump in the writing statement. PostgreSQL defers it to the commit (constraint triggers): the
/// community's row is then locked only for the commit's instant, so two transactions that lock rows in different
/// orders cannot deadlock on it.
struct M029AddCommunityGenerations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .int("generation", default: 0))
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await CommunityGenerations.dropTriggers(on: sql(db))
        try await db.dropColumns(from: Community.schema, "generation")
    }
}

enum CommunityGenerations {
    /// A table whose rows belong to communities, and how to name them from a row (`r` is `NEW` or `OLD`).
    struct Tracked: Sendable {
        let table: String
        let communities: @Sendable (_ r: String) -> String
        /// For tables whose other columns nobody shows (users: password, e-mail…): only these changes count.
        var columns: [String] = []
        /// A column `communities` reads that a later migration adds: until then the table is tracked by `community_id`.
        var requires: String? = nil
    }

    static func direct(_ table: String) -> Tracked { Tracked(table: table, communities: { "\($0).community_id" }) }
    static func through(_ table: String, _ key: String, _ parent: String) -> Tracked {
        Tracked(table: table, communities: { "SELECT community_id FROM \(parent) WHERE id = \($0).\(key)" })
    }

    static let tracked: [Tracked] = [
        "memberships", "charters", "charter_acceptances", "join_requests", "audit_events",
        "code_revisions", "code_section_versions", "amendments", "amendment_changes", "amendment_comments", "amendment_positions",
        "code_facts", "code_diagnoses",
        "indicators", "figure_contributions", "figure_datasets", "figure_flags", "figure_reliability", "figure_settings", "credit_entries",
        "journeys", "journey_actions", "journey_aggregates", "journey_assessments", "journey_proposals", "journey_recognitions",
        "journey_retrospectives", "journey_cycles",
        "offers", "referrals", "responsibilities",
        "posts", "post_comments", "endorsements", "credibility_scores",
        // Kept beside their base rows (Economy/EconomyIndexMigrations.swift, Social/SocialIndexMigrations.swift): the
        // pages read them, so they are tracked too rather than trusted to change only with a tracked row.
        "offer_terms", "offer_counts", "flow_actors", "flow_kinds", "flow_units", "flow_pairs",
        "endorsement_topics", "community_value_terms", "credibility_results",
        "organisation_memberships", "organisation_charter_acceptances",
        // Governance (M040b): the roles, who holds them, credibility's rule.
        "community_roles", "role_assignments", "credibility_rules",
        // Moderation (M041a): the review queue's cases and their reports.
        "moderation_cases", "reports",
        // Earlier bodies of edited posts and comments (M042a), shown to moderators on the post's page.
        "post_revisions",
    ].map(direct) + [
        through("figure_estimate_history", "indicator_id", "indicators"),
        through("journey_participants", "action_id", "journey_actions"),
        through("journey_updates", "action_id", "journey_actions"),
        through("journey_positions", "proposal_id", "journey_proposals"),
        Tracked(table: "credibility_state", communities: { "\($0).id" }),
        // An entry between parties shows in the ledgers of both its communities (M032).
        Tracked(table: "flows", communities: { "SELECT \($0).community_id UNION SELECT \($0).counterpart_id" }, requires: "counterpart_id"),
        // A link shows on the pages of both its communities.
        Tracked(table: "community_links", communities: { "SELECT \($0).source_id UNION SELECT \($0).target_id" }),
        // A community's place in a programme, and a merge of its indicator into the programme's, concern both (M035).
        Tracked(table: "programme_communities", communities: { "SELECT \($0).programme_id UNION SELECT \($0).community_id" }),
        Tracked(table: "figure_merges", communities: { "SELECT \($0).programme_id UNION SELECT \($0).community_id" }),
        // A follow shows on the followed community and beside the follower's name in theirs.
        Tracked(table: "follows", communities: {
            "SELECT \($0).target_id WHERE \($0).target_kind = 'community' UNION SELECT community_id FROM memberships WHERE user_id = \($0).follower_id"
        }),
        // A person's name and profile show in every community they belong to.
        Tracked(table: "users", communities: { "SELECT community_id FROM memberships WHERE user_id = \($0).id" },
                columns: ["handle", "display_name", "bio", "values_held", "skills"]),
    ]

    /// Tables with a `community_id` that no community page reads: personal inboxes, and the search index of offers
    /// (an SQLite virtual table, kept with `offers` itself).
    static let untracked: Set<String> = ["notifications", "notification_fanouts", "offers_fts",
        // Who a departed account's records are attributed to: pages read the attributed account's own name (M042a).
        "departed_members",
        // Each indicator's values as relearning reads them (M045), written with the tracked rows they copy.
        "figure_claims",
        // Federation's remote followers and follows (M047) and what they published (M048): the page that shows them is
        // registered `pageCache: false`.
        "federation_followers", "federation_following", "federated_items",
        // Links with other instances' communities (M052), shown on the links and network pages.
        "remote_links", "federation_counts"]

    /// Makes the triggers of every tracked table the database has, anew. M029 runs it once the column exists; a later
    /// migration that creates a tracked table runs it last (before M029 it does nothing: M029 will). So M027 and M028,
    /// which a database made at M029's first release runs after it, get their tables tracked too.
    static func refresh(on db: any SQLDatabase) async throws {
        let catalog = try await DatabaseCatalog.read(db)
        guard catalog.table(Community.schema)?.columns.contains(where: { $0.name == "generation" }) == true else { return }
        let present = tracked.compactMap { t -> Tracked? in
            guard let table = catalog.table(t.table) else { return nil }
            if let column = t.requires, !table.columns.contains(where: { $0.name == column }) { return direct(t.table) }
            return t
        }
        try await dropTriggers(on: db, present)
        try await createTriggers(on: db, present)
    }

    private static func createTriggers(on db: any SQLDatabase, _ tracked: [Tracked]) async throws {
        let postgres = db.dialect.name == "postgresql"
        if postgres {
            // The community's own columns: a BEFORE trigger, unless the change is a bump itself.
            try await db.raw("""
                CREATE FUNCTION enjeu_generation_self() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.generation = OLD.generation THEN NEW.generation := OLD.generation + 1; END IF;
                  RETURN NEW;
                END $$
                """).run()
            try await db.raw("""
                CREATE TRIGGER enjeu_generation BEFORE UPDATE ON communities FOR EACH ROW EXECUTE FUNCTION enjeu_generation_self()
                """).run()
        } else {
            try await db.raw("""
                CREATE TRIGGER enjeu_generation_communities AFTER UPDATE ON communities WHEN NEW.generation = OLD.generation
                BEGIN UPDATE communities SET generation = generation + 1 WHERE id = NEW.id; END
                """).run()
        }
        // PostgreSQL: once per community per transaction. A row updated again in the transaction that last changed it
        // (`xmin` is then this transaction's id) is left alone: a million rows in one community cost one new version of
        // its row, not a chain of a million that each later update would walk.
        let once = postgres ? " AND xmin::text::bigint <> txid_current() % 4294967296" : ""
        for t in tracked {
            let bumpNew = "UPDATE communities SET generation = generation + 1 WHERE id IN (\(t.communities("NEW")))\(once);"
            let bumpOld = "UPDATE communities SET generation = generation + 1 WHERE id IN (\(t.communities("OLD")))\(once);"
            let update = t.columns.isEmpty ? "UPDATE" : "UPDATE OF " + t.columns.joined(separator: ", ")
            if postgres {
                try await db.raw("""
                    CREATE FUNCTION enjeu_generation_\(unsafeRaw: t.table)() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF TG_OP <> 'INSERT' THEN \(unsafeRaw: bumpOld) END IF;
                      IF TG_OP <> 'DELETE' THEN \(unsafeRaw: bumpNew) END IF;
                      RETURN NULL;
                    END $$
                    """).run()
                let events = t.columns.isEmpty ? "INSERT OR UPDATE OR DELETE" : update
                try await db.raw("""
                    CREATE CONSTRAINT TRIGGER enjeu_generation AFTER \(unsafeRaw: events) ON \(ident: t.table)
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION enjeu_generation_\(unsafeRaw: t.table)()
                    """).run()
            } else {
                var triggers = [("u", "AFTER \(update)", bumpOld + " " + bumpNew)]
                if t.columns.isEmpty { triggers += [("i", "AFTER INSERT", bumpNew), ("d", "AFTER DELETE", bumpOld)] }
                for (suffix, event, body) in triggers {
                    try await db.raw("""
                        CREATE TRIGGER enjeu_generation_\(unsafeRaw: t.table)_\(unsafeRaw: suffix) \(unsafeRaw: event) ON \(ident: t.table)
                        BEGIN \(unsafeRaw: body) END
                        """).run()
                }
            }
        }
    }

    /// A restore loads rows as they were, generations included: the triggers are off for its transaction (on
    /// PostgreSQL a deferred event per row would be queued, and pending events forbid the `ALTER TABLE` that puts the
    /// foreign keys back; SQLite has no switch, so they are dropped and made again, in the same transaction).
    /// Servers are stopped during a restore, and their kept pages with them.
    static func setTriggers(enabled: Bool, on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else {
            try await enabled ? createTriggers(on: db, tracked) : dropTriggers(on: db, tracked)
            return
        }
        let verb: SQLQueryString = enabled ? "ENABLE" : "DISABLE"
        for table in ["communities"] + tracked.map(\.table) {
            try await db.raw("ALTER TABLE \(ident: table) \(verb) TRIGGER enjeu_generation").run()
        }
    }

    static func dropTriggers(on db: any SQLDatabase, _ tracked: [Tracked] = tracked) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw("DROP TRIGGER IF EXISTS enjeu_generation ON communities").run()
            try await db.raw("DROP FUNCTION IF EXISTS enjeu_generation_self()").run()
            for t in tracked {
                try await db.raw("DROP TRIGGER IF EXISTS enjeu_generation ON \(ident: t.table)").run()
                try await db.raw("DROP FUNCTION IF EXISTS enjeu_generation_\(unsafeRaw: t.table)()").run()
            }
        } else {
            try await db.raw("DROP TRIGGER IF EXISTS enjeu_generation_communities").run()
            for t in tracked {
                for suffix in ["i", "u", "d"] {
                    try await db.raw("DROP TRIGGER IF EXISTS enjeu_generation_\(unsafeRaw: t.table)_\(unsafeRaw: suffix)").run()
                }
            }
        }
    }
}
