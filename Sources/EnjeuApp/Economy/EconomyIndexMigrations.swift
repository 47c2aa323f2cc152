import Foundation
import Fluent
import SQLKit

/// The economy's derived tables (`EconomyIndex`), created and filled from the rows already there.
struct M027IndexEconomy: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.transaction { db in
            let plain = sql(db)
            let postgres = plain.dialect.name == "postgresql"
            // Terms and actor keys compare byte by byte on PostgreSQL too (as on SQLite, and as Swift sorts them).
            let bytes = postgres ? " COLLATE \"C\"" : ""
            let community = "community_id UUID NOT NULL REFERENCES communities (id) ON DELETE CASCADE"
            // No foreign key to offers: a check per row on the largest of these tables, for offers never deleted but
            // with their community (whose deletion the community's index below serves).
            try await plain.raw("""
                CREATE TABLE offer_terms (term TEXT\(unsafeRaw: bytes) NOT NULL, offer_id UUID NOT NULL, community_id UUID NOT NULL,
                  PRIMARY KEY (term, offer_id))
                """).run()
            try await plain.raw("CREATE INDEX offer_terms_by_community ON offer_terms (community_id, term, offer_id)").run()
            try await plain.raw("CREATE TABLE offer_counts (community_id UUID PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE, offers BIGINT NOT NULL)").run()
            try await plain.raw("""
                CREATE TABLE flow_pairs (\(unsafeRaw: community), nature TEXT NOT NULL, from_key TEXT NOT NULL, to_key TEXT NOT NULL,
                  flows BIGINT NOT NULL, qualitative BIGINT NOT NULL, PRIMARY KEY (community_id, nature, from_key, to_key))
                """).run()
            try await plain.raw("CREATE INDEX flow_pairs_busiest ON flow_pairs (community_id, nature, flows)").run()
            try await plain.raw("""
                CREATE TABLE flow_units (\(unsafeRaw: community), nature TEXT NOT NULL, from_key TEXT NOT NULL, to_key TEXT NOT NULL, unit TEXT NOT NULL,
                  quantified BIGINT NOT NULL, total DOUBLE PRECISION NOT NULL, PRIMARY KEY (community_id, nature, from_key, to_key, unit))
                """).run()
            try await plain.raw("""
                CREATE TABLE flow_actors (\(unsafeRaw: community), nature TEXT NOT NULL, side TEXT NOT NULL, actor TEXT\(unsafeRaw: bytes) NOT NULL,
                  flows BIGINT NOT NULL, PRIMARY KEY (community_id, nature, side, actor))
                """).run()
            // The busiest actors first, ties by key: the heatmap's axes.
            try await plain.raw("CREATE INDEX flow_actors_busiest ON flow_actors (community_id, nature, side, flows DESC, actor)").run()
            try await plain.raw("""
                CREATE TABLE flow_kinds (\(unsafeRaw: community), nature TEXT NOT NULL, measure TEXT NOT NULL, unit TEXT NOT NULL,
                  flows BIGINT NOT NULL, qualitative BIGINT NOT NULL, quantified BIGINT NOT NULL, total DOUBLE PRECISION NOT NULL,
                  PRIMARY KEY (community_id, nature, measure, unit))
                """).run()
            // A matrix cell's flows, newest first, read from the top (the older index sorted all of a pair's flows).
            try await plain.raw("CREATE INDEX flows_by_pair ON flows (community_id, from_key, to_key, id)").run()
            try await plain.raw("DROP INDEX flows_by_actors").run()
            try await EconomyIndex.rebuild(db)
        }
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.transaction { db in
            try await db.createIndex("flows_by_actors", on: "flows", ["community_id", "from_key", "to_key"])
            try await sql(db).raw("DROP INDEX flows_by_pair").run()
            try await db.dropTables("flow_kinds", "flow_actors", "flow_units", "flow_pairs", "offer_counts", "offer_terms")
        }
    }
}
