import Foundation
import Fluent
import SQLKit

/// Flows between parties (issue 16, `PartyFlows`): an entry of one community's ledger (its home) that names another
/// community or an organisation. It stays one row, found from the other community by `counterpart_id`:
/// - `counterpart_id`: the other community the entry names, if any; its ledger shows the entry too;
/// - `from_party`, `to_party`: each side's party, absolutely ("community:slug", "org:slug"; NULL for an outside party),
///   how the other community and the network read the entry;
/// - `awaiting_key`: the side (an actor key as the home stores it) whose word the entry awaits, or awaited once decided.
/// `party_flows` sums the flows that count per pair of parties and unit (`unit` '' for the unquantified), kept in the
/// transaction of each write like the ledger's own sums: the network's matrix reads it; `party_totals` each party's
/// flows per side, from which the page picks its busiest parties.
struct M032CreatePartyFlows: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.transaction { db in
            try await db.addColumns(to: "flows", .uuid(optional: "counterpart_id"), .text(optional: "from_party", "to_party", "awaiting_key"))
            let plain = sql(db)
            let bytes = plain.dialect.name == "postgresql" ? " COLLATE \"C\"" : ""
            try await plain.raw("CREATE INDEX flows_by_counterpart ON flows (counterpart_id, id) WHERE counterpart_id IS NOT NULL").run()
            try await plain.raw("CREATE INDEX flows_by_parties ON flows (from_party, to_party, id) WHERE from_party IS NOT NULL").run()
            try await plain.raw("""
                CREATE TABLE party_flows (from_party TEXT\(unsafeRaw: bytes) NOT NULL, to_party TEXT\(unsafeRaw: bytes) NOT NULL, unit TEXT NOT NULL,
                  flows BIGINT NOT NULL, qualitative BIGINT NOT NULL, total DOUBLE PRECISION NOT NULL, PRIMARY KEY (from_party, to_party, unit))
                """).run()
            try await plain.raw("CREATE INDEX party_flows_to ON party_flows (to_party, from_party)").run()
            // Each party's flows on each side: a network's matrix draws its busiest parties without summing every pair.
            try await plain.raw("""
                CREATE TABLE party_totals (party TEXT\(unsafeRaw: bytes) NOT NULL, side TEXT NOT NULL, flows BIGINT NOT NULL, PRIMARY KEY (side, party))
                """).run()
            try await plain.raw("CREATE INDEX party_totals_busiest ON party_totals (side, flows DESC, party)").run()
        }
        // The other community's pages show the entry too: its generation moves with it.
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        // SQLite refuses to drop a column a trigger reads: the triggers go first, and come back tracking by community_id.
        try await CommunityGenerations.dropTriggers(on: sql(db))
        try await db.transaction { db in
            try await db.dropTables("party_totals", "party_flows")
            try await sql(db).raw("DROP INDEX flows_by_parties").run()
            try await sql(db).raw("DROP INDEX flows_by_counterpart").run()
            try await db.dropColumns(from: "flows", "awaiting_key", "to_party", "from_party", "counterpart_id")
        }
        try await CommunityGenerations.refresh(on: sql(db))
    }
}
