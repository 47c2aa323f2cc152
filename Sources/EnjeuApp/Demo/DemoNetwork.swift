import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// `--network N` (Benchmarks/network.sh): the story's network of third places gets the first N synthetic communities as
/// members (accepted `member-of` links; the members-only ones share their catalogue and flows with it), 250 offers
/// and 500 flows per member up to 50,000 offers and 100,000 flows (200 members) between them (`community:<slug>` both
/// sides), one flow in twenty still pending. Each flow
/// is written as `EconomyService.insert` writes an entry between parties, with what `EconomyIndex.tally` adds: the
/// home's sums, the other community's (`seenByCounterpart`) and `party_flows`. `DemoBulkTests` checks them against a rebuild.
extension DemoCommand {
    static func networkOffers(_ members: Int) -> Int { min(50_000, 250 * members) }
    static func networkFlows(_ members: Int) -> Int { min(100_000, 500 * members) }
    static let linkColumns = ["id", "source_id", "target_id", "kind", "status", "pair_key", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    static let partyFlowColumns = flowColumns + ["counterpart_id", "from_party", "to_party", "awaiting_key"]

    static func seedNetwork(_ s: DemoScale, _ bulk: DemoBulk, members wanted: Int) async throws {
        let n = min(wanted, s.communities)
        guard n >= 2 else { throw DemoWorld.Problem("--network needs two synthetic communities at least") }
        struct Row: Decodable { let id: UUID }
        guard let network = try await bulk.app.db.row("SELECT id FROM communities WHERE slug = 'tiers-lieux-auvergne'", as: Row.self)?.id,
              let hugo = try await bulk.app.db.row("SELECT id FROM users WHERE handle = 'hugo'", as: Row.self)?.id
        else { throw DemoWorld.Problem("the synthetic network joins the story's third places: load the story first") }
        let start = s.now.addingTimeInterval(-200 * 86_400)
        try await bulk.phase("network links") {
            try await bulk.load(n, into: [("community_links", linkColumns)]) { range in
                [range.map { c -> DemoBulk.Values in
                    let at = start.addingTimeInterval(Double(c) * 60)
                    return [DemoIDs.id(DemoScale.Seed.networkLinks, c, at: at), s.communityIDs[c], network, LinkKind.memberOf.rawValue,
                            LinkStatus.accepted.rawValue, LinkRules.pairKey(s.communityIDs[c], network), s.userIDs[s.founder(of: c)], at,
                            hugo, at.addingTimeInterval(3_600)]
                }]
            }
            // Members-only members share their catalogue and flows (every third synthetic community is members-only).
            let membersOnly = (0..<n).filter { $0 % 3 == 0 }.map { s.communityIDs[$0] }
            try await bulk.write { db in
                try await sql(db).raw("UPDATE communities SET share_catalogue = \(bind: true), share_flows = \(bind: true) WHERE id IN (\(binds: membersOnly))").run()
            }
        }
        try await bulk.phase("network offers") {
            let offers = networkOffers(n)
            try await loadOffers(offers, bulk) { i in
                let c = i % n
                let at = start.addingTimeInterval(Double(i) * 190 * 86_400 / Double(offers))
                return (DemoIDs.id(DemoScale.Seed.networkOffers, i, at: at), s.communityIDs[c], s.userIDs[s.members(of: c)[i % s.size]], towns[c % towns.count], at)
            }
        }
        try await bulk.phase("network flows") {
            try await seedPartyFlows(s, bulk, members: n, since: start)
            try await bulk.write { db in try await EconomyIndex.rebuildPartyTotals(sql(db)) }
        }
    }

    /// Flow `i` is recorded in community `i % n` (its founder), between it and another member, given or received;
    /// the other's founder confirms it an hour later.
    private static func seedPartyFlows(_ s: DemoScale, _ bulk: DemoBulk, members n: Int, since start: Date) async throws {
        let day = DemoDays(s.now), total = networkFlows(n)
        try await bulk.load(total, into: [("flows", partyFlowColumns)]) { range in
            var rows: [DemoBulk.Values] = [], sums = DemoEconomyIndex(), parties = PartySums()
            for i in range {
                // The k-th flow of each home goes to another member in turn; direction, nature and measure vary with k.
                let home = i % n, k = i / n, other = (home + 1 + k % (n - 1)) % n
                let at = start.addingTimeInterval(Double(i) * 190 * 86_400 / Double(total))
                let homeParty = Actor.peer(DemoScale.slug(home)).key, otherParty = Actor.peer(DemoScale.slug(other)).key
                let gives = (k / (n - 1)) % 2 == 0
                let (from, to) = gives ? (Actor.community.key, otherParty) : (otherParty, Actor.community.key)
                let (fromParty, toParty) = gives ? (homeParty, otherParty) : (otherParty, homeParty)
                let pending = i % 20 == 7
                let m = measure(k + home), nature = ((k + home) % 3 == 0 ? FlowNature.immaterial : .material).rawValue
                rows.append([DemoIDs.id(DemoScale.Seed.networkFlows, i, at: at), s.communityIDs[home], from, to, nature, m.measure.rawValue, m.quantity,
                             m.unit, m.description, m.appreciation, day(at), "", UUID?.none, UUID?.none, s.userIDs[s.founder(of: home)], at, false,
                             (pending ? FlowStatus.pending : .confirmed).rawValue, pending ? nil : s.userIDs[s.founder(of: other)],
                             pending ? nil : at.addingTimeInterval(3_600), s.communityIDs[other], fromParty, toParty, otherParty])
                guard !pending else { continue }
                let counted = EconomyIndex.CountedFlow(from: from, to: to, nature: nature, measure: m.measure.rawValue, quantity: m.quantity, unit: m.unit,
                                                       counterpart: s.communityIDs[other], fromParty: fromParty, toParty: toParty)
                sums.add(s.communityIDs[home], counted)
                if let seen = counted.seenByCounterpart { sums.add(s.communityIDs[other], seen) }
                parties.add(counted)
            }
            let index = sums.flowRows(), partyRows = parties.rows()
            return DemoBulk.Batch([rows]) { db in
                try await DemoEconomyIndex.write(bulk, db, DemoEconomyIndex.flowTables, index)
                try await bulk.insert(db, "party_flows", ["from_party", "to_party", "unit", "flows", "qualitative", "total"], partyRows[...], suffix: """
                    ON CONFLICT (from_party, to_party, unit) DO UPDATE SET flows = party_flows.flows + excluded.flows,
                      qualitative = party_flows.qualitative + excluded.qualitative, total = party_flows.total + excluded.total
                    """)
            }
        }
    }

    /// `party_flows`' sums for a batch, as `EconomyIndex.tallyParties` adds them.
    private struct PartySums {
        private var sums: [[String]: (flows: Int, qualitative: Int, total: Double)] = [:]

        mutating func add(_ f: EconomyIndex.CountedFlow) {
            guard let from = f.fromParty, let to = f.toParty else { return }
            let quantified = f.quantity != nil && !f.unit.isEmpty
            let key = [from, to, quantified ? f.unit : ""]
            var sum = sums[key, default: (0, 0, 0)]
            sum.flows += 1
            if f.quantity == nil { sum.qualitative += 1 }
            if quantified, let q = f.quantity { sum.total += q }
            sums[key] = sum
        }

        func rows() -> [DemoBulk.Values] {
            sums.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { [$0.key[0], $0.key[1], $0.key[2], $0.value.flows, $0.value.qualitative, $0.value.total] }
        }
    }
}
