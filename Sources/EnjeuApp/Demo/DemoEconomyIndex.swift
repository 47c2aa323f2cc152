import Foundation
import Fluent
import SQLKit
import EnjeuCore

/// The economy's derived tables (`EconomyIndex`, M027) for a batch of the bulk load's offers and flows: the same rows
/// `EconomyIndex.addOffers` and `EconomyIndex.tally` add for what the services write, computed here for many
/// communities at once and written as a few large statements. `DemoBulkTests` checks them against `EconomyIndex.rebuild`.
struct DemoEconomyIndex {
    typealias Values = DemoBulk.Values

    // MARK: Offers

    /// Each offer under its terms (`OfferTerms.terms`), in key order, and each community's count of new offers.
    static func offers(_ offers: [EconomyIndex.IndexedOffer]) -> (terms: [Values], counts: [Values]) {
        var terms: [(term: String, offer: Int)] = []
        var counts: [UUID: Int] = [:]
        for (n, o) in offers.enumerated() {
            for t in OfferTerms.terms(searchText: o.searchText, tags: o.tags) { terms.append((t, n)) }
            counts[o.community, default: 0] += 1
        }
        // Offers come in id order: by term, then by number, is the key's order (the B-tree fills page after page).
        terms.sort { $0.term != $1.term ? $0.term < $1.term : $0.offer < $1.offer }
        return (terms.map { [$0.term, offers[$0.offer].id, offers[$0.offer].community] },
                counts.sorted { DemoBulk.text($0.key) < DemoBulk.text($1.key) }.map { [$0.key, $0.value] })
    }

    static let offerTables: [(table: String, columns: [String], suffix: String)] = [
        ("offer_terms", ["term", "offer_id", "community_id"], ""),
        ("offer_counts", ["community_id", "offers"], "ON CONFLICT (community_id) DO UPDATE SET offers = offer_counts.offers + excluded.offers"),
    ]

    // MARK: Flows

    private struct Sum { var flows = 0, qualitative = 0, quantified = 0, total = 0.0 }
    private var pairs: [[String]: Sum] = [:], units: [[String]: Sum] = [:], actors: [[String]: Sum] = [:], kinds: [[String]: Sum] = [:]

    /// Counts one confirmed flow of `community`, as `EconomyIndex.tally` does: every sum under its nature and under all
    /// natures together (`''`), except the kinds.
    mutating func add(_ community: UUID, _ f: EconomyIndex.CountedFlow) {
        let c = DemoBulk.text(community)
        let qualitative = f.quantity == nil ? 1 : 0
        let quantified = f.quantity != nil && !f.unit.isEmpty
        for nature in [f.nature, ""] {
            pairs[[c, nature, f.from, f.to], default: Sum()].flows += 1
            pairs[[c, nature, f.from, f.to]]!.qualitative += qualitative
            if quantified, let q = f.quantity {
                units[[c, nature, f.from, f.to, f.unit], default: Sum()].quantified += 1
                units[[c, nature, f.from, f.to, f.unit]]!.total += q
            }
            actors[[c, nature, "from", f.from], default: Sum()].flows += 1
            actors[[c, nature, "to", f.to], default: Sum()].flows += 1
        }
        var kind = kinds[[c, f.nature, f.measure, f.unit], default: Sum()]
        kind.flows += 1
        kind.qualitative += qualitative
        if let q = f.quantity { kind.quantified += 1; kind.total += q }
        kinds[[c, f.nature, f.measure, f.unit]] = kind
    }

    /// The sums' rows for `flowTables`, keys in order; added to what the tables hold (the weavers' story flows are there).
    func flowRows() -> [[Values]] {
        func rows(_ sums: [[String]: Sum], _ values: (Sum) -> [any Encodable & Sendable]) -> [Values] {
            sums.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, sum in
                [UUID(uuidString: key[0])! as any Encodable & Sendable] + key.dropFirst().map { $0 as any Encodable & Sendable } + values(sum)
            }
        }
        return [rows(pairs) { [$0.flows, $0.qualitative] }, rows(units) { [$0.quantified, $0.total] }, rows(actors) { [$0.flows] },
                rows(kinds) { [$0.flows, $0.qualitative, $0.quantified, $0.total] }]
    }

    static let flowTables: [(table: String, columns: [String], suffix: String)] = [
        table("flow_pairs", ["nature", "from_key", "to_key"], ["flows", "qualitative"]),
        table("flow_units", ["nature", "from_key", "to_key", "unit"], ["quantified", "total"]),
        table("flow_actors", ["nature", "side", "actor"], ["flows"]),
        table("flow_kinds", ["nature", "measure", "unit"], ["flows", "qualitative", "quantified", "total"]),
    ]

    private static func table(_ name: String, _ keys: [String], _ counts: [String]) -> (table: String, columns: [String], suffix: String) {
        let update = counts.map { "\($0) = \(name).\($0) + excluded.\($0)" }.joined(separator: ", ")
        return (name, ["community_id"] + keys + counts, "ON CONFLICT (community_id, \(keys.joined(separator: ", "))) DO UPDATE SET \(update)")
    }

    /// Writes `rows` (one list per table of `tables`) in the caller's transaction.
    static func write(_ bulk: DemoBulk, _ db: any Database, _ tables: [(table: String, columns: [String], suffix: String)], _ rows: [[Values]]) async throws {
        for (t, rows) in zip(tables, rows) where !rows.isEmpty { try await bulk.insert(db, t.table, t.columns, rows[...], suffix: t.suffix) }
    }
}
