import Foundation
import Fluent
import SQLKit
import EnjeuCore

/// Tables derived from the economy's rows and kept in step in the transaction of each write that changes them, so a
/// page reads a few indexed rows instead of the ledger or the catalogue (issue 15):
/// - `offer_terms`: each offer under the prefixes of its words and its tags (`OfferTerms`), newest first per term;
/// - `offer_counts`: a community's offers;
/// - `flow_pairs`, `flow_units`, `flow_actors`, `flow_kinds`: the flows that count (confirmed, neither reversed nor a
///   reversal) summed per actor pair, per pair and unit, per actor and per nature × measure × unit. Each except
///   `flow_kinds` also holds every nature together under `nature = ''`. A row whose count falls to zero is deleted.
/// `rebuild` computes them all again from the base rows (the migration's backfill; a bulk load calls it too).
enum EconomyIndex {
    // MARK: Offers

    struct IndexedOffer: Sendable {
        let id: UUID, community: UUID, searchText: String, tags: [String]
    }

    /// Indexes new offers and counts them in their communities.
    static func addOffers(_ db: any Database, _ offers: [IndexedOffer]) async throws {
        try await addTerms(sql(db), offers)
        var counts: [UUID: Int] = [:]
        for o in offers { counts[o.community, default: 0] += 1 }
        for (community, n) in counts.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            try await sql(db).raw("""
                INSERT INTO offer_counts (community_id, offers) VALUES (\(bind: community), \(bind: n))
                ON CONFLICT (community_id) DO UPDATE SET offers = offer_counts.offers + excluded.offers
                """).run()
        }
    }

    private static func addTerms(_ db: any SQLDatabase, _ offers: [IndexedOffer]) async throws {
        var rows: [(String, UUID, UUID)] = []
        for o in offers { rows += OfferTerms.terms(searchText: o.searchText, tags: o.tags).map { ($0, o.id, o.community) } }
        // In index order, so the B-tree is filled page after page.
        rows.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.uuidString < $1.1.uuidString }
        for start in stride(from: 0, to: rows.count, by: 5_000) {
            var q: SQLQueryString = "INSERT INTO offer_terms (term, offer_id, community_id) VALUES"
            for (i, r) in rows[start..<min(rows.count, start + 5_000)].enumerated() {
                q.appendLiteral(i == 0 ? " (" : ", (")
                q.appendInterpolation(binds: [r.0, r.1, r.2])
                q.appendLiteral(")")
            }
            try await db.raw(q).run()
        }
    }

    // MARK: Flows

    /// What a flow adds to the sums: its actors (as its home stores them), nature, measure and quantity; between
    /// parties, the other community it names and each side's party (`PartyFlows`).
    struct CountedFlow: Sendable {
        let from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String
        var counterpart: UUID? = nil, fromParty: String? = nil, toParty: String? = nil

        /// The entry as the other community's ledger counts it.
        var seenByCounterpart: CountedFlow? {
            guard counterpart != nil, let fromParty, let toParty,
                  let slug = [from, to].lazy.compactMap({ key -> String? in if case let .peer(s)? = Actor(key: key) { s } else { nil } }).first
            else { return nil }
            return CountedFlow(from: PartyFlows.seen(party: fromParty, by: slug), to: PartyFlows.seen(party: toParty, by: slug),
                               nature: nature, measure: measure, quantity: quantity, unit: unit)
        }
    }

    private struct Sum { var flows = 0, qualitative = 0, quantified = 0, total = 0.0 }

    /// Adds (`sign` 1) or takes away (`sign` -1: a correction) flows recorded in `community` from every sum: its
    /// ledger's, the other community's for entries between parties, and the parties' (`party_flows`). Communities in
    /// key order, so two writers between the same two communities lock their rows in the same order.
    static func tally(_ db: any Database, community: UUID, _ flows: [CountedFlow], sign: Int) async throws {
        guard !flows.isEmpty else { return }
        var ledgers: [UUID: [CountedFlow]] = [community: flows]
        for f in flows { if let other = f.counterpart, let seen = f.seenByCounterpart { ledgers[other, default: []].append(seen) } }
        for (id, entries) in ledgers.sorted(by: { $0.key.uuidString < $1.key.uuidString }) { try await tallyLedger(db, community: id, entries, sign: sign) }
        try await tallyParties(sql(db), flows, sign: sign)
    }

    /// The sums per pair of parties and unit ('' for flows without a quantified unit) that the network's matrix reads.
    private static func tallyParties(_ db: any SQLDatabase, _ flows: [CountedFlow], sign: Int) async throws {
        var sums: [[String]: Sum] = [:]
        for f in flows {
            guard let from = f.fromParty, let to = f.toParty else { continue }
            let quantified = f.quantity != nil && !f.unit.isEmpty
            var sum = sums[[from, to, quantified ? f.unit : ""], default: Sum()]
            sum.flows += sign
            if f.quantity == nil { sum.qualitative += sign }
            if quantified, let q = f.quantity { sum.total += Double(sign) * q }
            sums[[from, to, quantified ? f.unit : ""]] = sum
        }
        var sides: [[String]: Int] = [:]
        for (key, sum) in sums { sides[["from", key[0]], default: 0] += sum.flows; sides[["to", key[1]], default: 0] += sum.flows }
        for (key, flows) in sides.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where flows != 0 {
            try await db.raw("""
                INSERT INTO party_totals (side, party, flows) VALUES (\(bind: key[0]), \(bind: key[1]), \(bind: flows))
                ON CONFLICT (side, party) DO UPDATE SET flows = party_totals.flows + excluded.flows
                """).run()
            if flows < 0 { try await db.raw("DELETE FROM party_totals WHERE side = \(bind: key[0]) AND party = \(bind: key[1]) AND flows <= 0").run() }
        }
        for (key, sum) in sums.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            try await db.raw("""
                INSERT INTO party_flows (from_party, to_party, unit, flows, qualitative, total)
                VALUES (\(bind: key[0]), \(bind: key[1]), \(bind: key[2]), \(bind: sum.flows), \(bind: sum.qualitative), \(bind: sum.total))
                ON CONFLICT (from_party, to_party, unit) DO UPDATE SET flows = party_flows.flows + excluded.flows,
                  qualitative = party_flows.qualitative + excluded.qualitative, total = party_flows.total + excluded.total
                """).run()
            if sum.flows < 0 {
                try await db.raw("""
                    DELETE FROM party_flows WHERE from_party = \(bind: key[0]) AND to_party = \(bind: key[1]) AND unit = \(bind: key[2]) AND flows <= 0
                    """).run()
            }
        }
    }

    private static func tallyLedger(_ db: any Database, community: UUID, _ flows: [CountedFlow], sign: Int) async throws {
        var pairs: [[String]: Sum] = [:], units: [[String]: Sum] = [:], actors: [[String]: Sum] = [:], kinds: [[String]: Sum] = [:]
        for f in flows {
            let qualitative = f.quantity == nil ? sign : 0
            let quantified = f.quantity != nil && !f.unit.isEmpty
            for nature in [f.nature, ""] {
                pairs[[nature, f.from, f.to], default: Sum()].flows += sign
                pairs[[nature, f.from, f.to]]!.qualitative += qualitative
                if quantified, let q = f.quantity {
                    units[[nature, f.from, f.to, f.unit], default: Sum()].quantified += sign
                    units[[nature, f.from, f.to, f.unit]]!.total += Double(sign) * q
                }
                actors[[nature, "from", f.from], default: Sum()].flows += sign
                actors[[nature, "to", f.to], default: Sum()].flows += sign
            }
            var kind = kinds[[f.nature, f.measure, f.unit], default: Sum()]
            kind.flows += sign; kind.qualitative += qualitative
            if let q = f.quantity { kind.quantified += sign; kind.total += Double(sign) * q }
            kinds[[f.nature, f.measure, f.unit]] = kind
        }
        let db = sql(db)
        try await upsert(db, "flow_pairs", community, ["nature", "from_key", "to_key"], ["flows", "qualitative"], pairs, main: \.flows) {
            [$0.flows, $0.qualitative]
        }
        try await upsert(db, "flow_units", community, ["nature", "from_key", "to_key", "unit"], ["quantified", "total"], units, main: \.quantified) {
            [$0.quantified, $0.total]
        }
        try await upsert(db, "flow_actors", community, ["nature", "side", "actor"], ["flows"], actors, main: \.flows) { [$0.flows] }
        try await upsert(db, "flow_kinds", community, ["nature", "measure", "unit"], ["flows", "qualitative", "quantified", "total"], kinds,
                         main: \.flows) { [$0.flows, $0.qualitative, $0.quantified, $0.total] }
    }

    /// One multi-row upsert per table, keys in a fixed order (two writers lock rows in the same order); then, where
    /// flows were taken away, the rows whose `main` count fell to zero are deleted, as if they had never been.
    private static func upsert(_ db: any SQLDatabase, _ table: String, _ community: UUID, _ keys: [String], _ counts: [String],
                               _ sums: [[String]: Sum], main: KeyPath<Sum, Int>, values: (Sum) -> [any Encodable & Sendable]) async throws {
        let sorted = sums.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let columns = (["community_id"] + keys + counts).joined(separator: ", ")
        let update = counts.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        for start in stride(from: 0, to: sorted.count, by: 1_000) {
            var q = SQLQueryString("")
            q.appendLiteral("INSERT INTO \(table) (\(columns)) VALUES")
            for (i, (key, sum)) in sorted[start..<min(sorted.count, start + 1_000)].enumerated() {
                q.appendLiteral(i == 0 ? " (" : ", (")
                q.appendInterpolation(binds: [community as any Encodable & Sendable] + key.map { $0 as any Encodable & Sendable } + values(sum))
                q.appendLiteral(")")
            }
            q.appendLiteral(" ON CONFLICT (community_id, \(keys.joined(separator: ", "))) DO UPDATE SET \(update)")
            try await db.raw(q).run()
        }
        for (key, sum) in sorted where sum[keyPath: main] < 0 {
            var q = SQLQueryString("")
            q.appendLiteral("DELETE FROM \(table) WHERE community_id = ")
            q.appendInterpolation(bind: community)
            for (column, value) in zip(keys, key) { q.appendLiteral(" AND \(column) = "); q.appendInterpolation(bind: value) }
            q.appendLiteral(" AND \(counts[0]) <= 0")
            try await db.raw(q).run()
        }
    }

    // MARK: Rebuild

    /// Every derived table computed again from the offers and flows of `communities` (all of them when nil), in the
    /// caller's transaction: the migration's backfill, and what a bulk load that writes base rows directly calls once done.
    static func rebuild(_ db: any Database, communities: [UUID]? = nil) async throws {
        guard let communities else { return try await rebuild(db, filter: nil) }
        for chunk in communities.chunks(of: 500) { try await rebuild(db, filter: chunk) }
    }

    private static func rebuild(_ db: any Database, filter: [UUID]?) async throws {
        let db = sql(db)
        func only(_ column: String = "community_id") -> SQLQueryString {
            guard let filter else { return "" }
            var q: SQLQueryString = " AND "
            q.appendLiteral(column)
            q.appendLiteral(" IN (")
            q.appendInterpolation(binds: filter)
            q.appendLiteral(")")
            return q
        }
        for table in ["offer_terms", "offer_counts", "flow_pairs", "flow_units", "flow_actors", "flow_kinds"] {
            try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE 1 = 1\(only())").run()
        }
        let counted: SQLQueryString = "f.status = \(literal: FlowStatus.confirmed.rawValue) AND f.reverses_id IS NULL AND f.cancelled = \(bind: false)"
        // Before M032 there are no entries between parties (and no column to find them by).
        let parties = try await DatabaseCatalog.read(db).table("flows")?.columns.contains { $0.name == "counterpart_id" } == true
        let flows = "(" + ledgers(filter, where: counted, parties: parties) + ") l"
        let qualitative: SQLQueryString = "SUM(CASE WHEN quantity IS NULL THEN 1 ELSE 0 END)"
        try await db.raw("""
            INSERT INTO flow_pairs (community_id, nature, from_key, to_key, flows, qualitative)
            SELECT community_id, nature, from_key, to_key, COUNT(*), \(qualitative) FROM \(flows) GROUP BY community_id, nature, from_key, to_key
            UNION ALL SELECT community_id, '', from_key, to_key, COUNT(*), \(qualitative) FROM \(flows) GROUP BY community_id, from_key, to_key
            """).run()
        let quantified = "(" + ledgers(filter, where: counted + " AND f.quantity IS NOT NULL AND f.unit <> ''", parties: parties) + ") l"
        try await db.raw("""
            INSERT INTO flow_units (community_id, nature, from_key, to_key, unit, quantified, total)
            SELECT community_id, nature, from_key, to_key, unit, COUNT(*), SUM(quantity) FROM \(quantified)
              GROUP BY community_id, nature, from_key, to_key, unit
            UNION ALL SELECT community_id, '', from_key, to_key, unit, COUNT(*), SUM(quantity) FROM \(quantified)
              GROUP BY community_id, from_key, to_key, unit
            """).run()
        try await db.raw("""
            INSERT INTO flow_actors (community_id, nature, side, actor, flows)
            SELECT community_id, nature, 'from', from_key, COUNT(*) FROM \(flows) GROUP BY community_id, nature, from_key
            UNION ALL SELECT community_id, '', 'from', from_key, COUNT(*) FROM \(flows) GROUP BY community_id, from_key
            UNION ALL SELECT community_id, nature, 'to', to_key, COUNT(*) FROM \(flows) GROUP BY community_id, nature, to_key
            UNION ALL SELECT community_id, '', 'to', to_key, COUNT(*) FROM \(flows) GROUP BY community_id, to_key
            """).run()
        try await db.raw("""
            INSERT INTO flow_kinds (community_id, nature, measure, unit, flows, qualitative, quantified, total)
            SELECT community_id, nature, measure, unit, COUNT(*), \(qualitative), COUNT(quantity), COALESCE(SUM(quantity), 0) FROM \(flows)
            GROUP BY community_id, nature, measure, unit
            """).run()
        // The parties' sums are the whole Enjeu's: made again only with everything.
        if filter == nil, parties {
            try await db.raw("DELETE FROM party_flows").run()
            try await db.raw("""
                INSERT INTO party_flows (from_party, to_party, unit, flows, qualitative, total)
                SELECT f.from_party, f.to_party, CASE WHEN f.quantity IS NOT NULL THEN f.unit ELSE '' END, COUNT(*),
                  SUM(CASE WHEN f.quantity IS NULL THEN 1 ELSE 0 END), COALESCE(SUM(f.quantity), 0)
                FROM flows f WHERE \(counted) AND f.from_party IS NOT NULL AND f.to_party IS NOT NULL
                GROUP BY f.from_party, f.to_party, CASE WHEN f.quantity IS NOT NULL THEN f.unit ELSE '' END
                """).run()
            try await rebuildPartyTotals(db)
        }
        try await db.raw("INSERT INTO offer_counts (community_id, offers) SELECT community_id, COUNT(*) FROM offers WHERE 1 = 1\(only()) GROUP BY community_id").run()
        // The terms: each community's offers by its index, or every offer by its key.
        if let filter {
            for community in filter { try await indexOffers(db, of: community) }
        } else {
            try await indexOffers(db, of: nil)
        }
    }

    /// Each party's flows per side, from `party_flows` (the rebuild, and a bulk load once its sums are written).
    static func rebuildPartyTotals(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM party_totals").run()
        try await db.raw("""
            INSERT INTO party_totals (side, party, flows)
            SELECT 'from', from_party, SUM(flows) FROM party_flows GROUP BY from_party
            UNION ALL SELECT 'to', to_party, SUM(flows) FROM party_flows GROUP BY to_party
            """).run()
    }

    /// The ledgers' entries matching `condition` (on `f`), each as its community counts it: the entries it holds, as
    /// stored, and the entries between parties that name it (`counterpart_id`), each side read as its party
    /// (`PartyFlows.seen`). `filter`: only these communities' ledgers. Columns: community_id, from_key, to_key, nature,
    /// measure, quantity, unit, date.
    static func ledgers(_ filter: [UUID]?, where condition: SQLQueryString, parties: Bool = true) -> SQLQueryString {
        var home: SQLQueryString = "SELECT f.community_id, f.from_key, f.to_key, f.nature, f.measure, f.quantity, f.unit, f.date FROM flows f WHERE "
        home = home + condition
        if let filter { home = home + " AND f.community_id IN (\(binds: filter))" }
        guard parties else { return home }
        func seen(_ column: String) -> SQLQueryString {
            "CASE WHEN f.\(unsafeRaw: column) = 'community:' || c.slug THEN \(literal: Actor.community.key) ELSE f.\(unsafeRaw: column) END"
        }
        var other: SQLQueryString = """
            SELECT f.counterpart_id AS community_id, \(seen("from_party")) AS from_key, \(seen("to_party")) AS to_key, f.nature, f.measure,
              f.quantity, f.unit, f.date FROM flows f JOIN communities c ON c.id = f.counterpart_id WHERE f.counterpart_id IS NOT NULL AND
            """
        other = other + " " + condition
        if let filter { other = other + " AND f.counterpart_id IN (\(binds: filter))" }
        return home + " UNION ALL " + other
    }

    /// A thousand offers at a time, in key order.
    private static func indexOffers(_ db: any SQLDatabase, of community: UUID?) async throws {
        struct OfferText: Decodable {
            let id: UUID, communityId: UUID, folded: String, tags: String
            enum CodingKeys: String, CodingKey { case id, folded, tags, communityId = "community_id" }
        }
        var after: UUID?
        while true {
            var q: SQLQueryString = "SELECT id, community_id, folded, tags FROM offers WHERE 1 = 1"
            if let community { q = q + " AND community_id = \(bind: community)" }
            if let after { q = q + " AND id > \(bind: after)" }
            q = q + " ORDER BY id LIMIT 1000"
            let batch = try await db.raw(q).all(decoding: OfferText.self)
            guard let last = batch.last else { return }
            try await addTerms(db, batch.map { IndexedOffer(id: $0.id, community: $0.communityId, searchText: $0.folded,
                                                            tags: $0.tags.split(separator: "\n").map(String.init)) })
            after = last.id
        }
    }
}
