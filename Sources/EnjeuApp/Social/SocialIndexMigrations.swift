import Fluent
import SQLKit
import EnjeuCore

/// The social space's derived tables (`SocialIndexes`), created and filled from the rows already there:
/// - `endorsement_topics`: each community's active endorsements counted per topic, most endorsed first (the credibility
///   page read them by grouping every endorsement of the community);
/// - `profile_terms` and `community_value_terms`: who holds which value or skill, by folded term (matching read every
///   person and public community of the instance);
/// - `credibility_results`: the verified results each member's last credibility computation used (the "why" page
///   counted them over the community's whole history).
struct M028IndexSocial: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.transaction { db in
            let plain = sql(db)
            let postgres = plain.dialect.name == "postgresql"
            // Terms are only compared for equality: byte by byte on PostgreSQL too.
            let bytes = postgres ? " COLLATE \"C\"" : ""
            let community = "community_id UUID NOT NULL REFERENCES communities (id) ON DELETE CASCADE"
            let user = "user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE"
            // Topic keys and labels keep the database's own collation: the page orders and picks them as the grouping did.
            try await plain.raw("""
                CREATE TABLE endorsement_topics (\(unsafeRaw: community), topic_key TEXT NOT NULL, topic TEXT NOT NULL, n BIGINT NOT NULL,
                  PRIMARY KEY (community_id, topic_key))
                """).run()
            try await plain.raw("CREATE INDEX endorsement_topics_by_count ON endorsement_topics (community_id, n DESC, topic_key)").run()
            // A revoked label's successor (the smallest spelling still active) is one index seek.
            try await plain.raw("""
                CREATE INDEX endorsements_by_topic ON endorsements (community_id, topic_key, topic) WHERE revoked_at IS NULL
                """).run()
            try await plain.raw("""
                CREATE TABLE profile_terms (\(unsafeRaw: user), term_key TEXT\(unsafeRaw: bytes) NOT NULL, label TEXT NOT NULL,
                  n_terms BIGINT NOT NULL, PRIMARY KEY (user_id, term_key))
                """).run()
            // A term's holders by the size of their profile: matching reads outward from the viewer's own size.
            try await plain.raw("CREATE INDEX profile_terms_by_term ON profile_terms (term_key, n_terms, user_id)").run()
            try await plain.raw("""
                CREATE TABLE community_value_terms (\(unsafeRaw: community), term_key TEXT\(unsafeRaw: bytes) NOT NULL, label TEXT NOT NULL,
                  n_terms BIGINT NOT NULL, PRIMARY KEY (community_id, term_key))
                """).run()
            try await plain.raw("CREATE INDEX community_value_terms_by_term ON community_value_terms (term_key, n_terms, community_id)").run()
            try await plain.raw("""
                CREATE TABLE credibility_results (\(unsafeRaw: community), \(unsafeRaw: user), amendments_adopted BIGINT NOT NULL,
                  figures_confirmed BIGINT NOT NULL, actions_completed BIGINT NOT NULL, referrals_completed BIGINT NOT NULL,
                  PRIMARY KEY (community_id, user_id))
                """).run()
            // Before M037 there is no `communities.result_threshold`: every community's is the default.
            try await SocialIndexes.rebuild(db, resultThreshold: WellAssessed.defaultThreshold)
        }
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.transaction { db in
            try await sql(db).raw("DROP INDEX endorsements_by_topic").run()
            try await db.dropTables("credibility_results", "community_value_terms", "profile_terms", "endorsement_topics")
        }
    }
}
