import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// `--contributor N` (Benchmarks/contribution.sh): one synthetic weaver, `p5_bench`, whose contribution page holds what a
/// very active member's would — N more done actions she took part in (a team of four, her among them, the owner of one in
/// three; two in three well assessed by the team, so they are verified results), 10×N confirmed ledger entries she gave
/// or received, and N values the consensus confirmed (credited), one in each of N indicators of the weavers where two
/// other weavers gave a value close to hers. Written by the bulk loader with what the services derive: the actions
/// through `seedDoneActions` (updates, feed events, each action's and the cycle's sums), the ledger's sums through
/// `DemoEconomyIndex`, each indicator's estimate, marks, credits and history through `FigureReplay`; her credibility
/// results are counted by the credibility computation that ends the load.
extension DemoCommand {
    /// The contributor, by number among the synthetic people.
    static let contributor = 5

    static func seedContributor(_ s: DemoScale, _ bulk: DemoBulk, count n: Int) async throws {
        let pool = s.weaverCount
        guard n >= 1, pool >= 8 else { throw DemoWorld.Problem("--contributor needs a positive number and 8 synthetic weavers at least (--people 8)") }
        // Another weaver than her, the j-th of the others (by number, skipping her).
        @Sendable func other(_ j: Int) -> Int { let o = j % (pool - 1); return o >= contributor ? o + 1 : o }
        try await bulk.phase("contributor's actions") { try await seedContributorActions(s, bulk, n, other) }
        try await bulk.phase("contributor's flows") { try await seedContributorFlows(s, bulk, 10 * n, other) }
        try await bulk.phase("contributor's figures") { try await seedContributorFigures(s, bulk, n, other) }
    }

    /// Over the 200 days before the last month; each took ten days. Well assessed: the mean of each assessment at least
    /// 2.5 out of 4 (the default threshold), the others' at most 1.75.
    private static func seedContributorActions(_ s: DemoScale, _ bulk: DemoBulk, _ n: Int, _ other: @escaping @Sendable (Int) -> Int) async throws {
        let first = s.now.addingTimeInterval(-230 * 86_400), spacing = 200.0 * 86_400 / Double(n)
        var plan = DoneActions(count: n, seeds: ContributorSeed.actions, created: { first.addingTimeInterval(Double($0) * spacing) },
                               title: { "Action commune n°\($0) (banc d'essai de contribution)" },
                               team: { a in
                                   let others = (1...3).map { other(a * 3 + $0) }
                                   return a % 3 == 0 ? [contributor] + others : [others[0], contributor, others[1], others[2]]
                               },
                               scores: { a, k in
                                   a % 3 == 2 ? [1 + (a + k) % 2, (a + k) % 3, 1, 2] : [3 + (a + k) % 2, 2 + (a * 3 + k) % 3, 3, 2 + k % 3]
                               })
        plan.lasted = 10 * 86_400
        try await seedDoneActions(s, bulk, plan)
    }

    /// Entries between her and 498 other weavers or the community, one in two given by her, over the past 300 days,
    /// recorded by her and confirmed an hour later by the other side (a steward, camille, for the community).
    private static func seedContributorFlows(_ s: DemoScale, _ bulk: DemoBulk, _ count: Int, _ other: @escaping @Sendable (Int) -> Int) async throws {
        let me = Actor.member(DemoScale.handle(contributor)).key
        let others = min(498, s.weaverCount - 1) + 1
        let first = s.now.addingTimeInterval(-300 * 86_400), day = DemoDays(s.now)
        try await bulk.load(count, into: [("flows", flowColumns)]) { range in
            var rows: [DemoBulk.Values] = [], sums = DemoEconomyIndex()
            for i in range {
                let at = first.addingTimeInterval(Double(i) * 300 * 86_400 / Double(count))
                let k = (i * 7 + 3) % others
                // The last of the others is the community itself.
                let (key, confirmer) = k == others - 1 ? (Actor.community.key, s.camille) : (Actor.member(DemoScale.handle(other(k))).key, s.userIDs[other(k)])
                let gives = i % 2 == 0
                let (row, counted) = flow(i, id: DemoIDs.id(ContributorSeed.flows, i, at: at), community: s.weavers, from: gives ? me : key,
                                          to: gives ? key : me, recorder: s.userIDs[contributor], at: at, day: day(at), status: .confirmed,
                                          confirmer: confirmer, confirmedAt: at.addingTimeInterval(3_600))
                rows.append(row)
                if let counted { sums.add(s.weavers, counted) }
            }
            let index = sums.flowRows()
            return DemoBulk.Batch([rows]) { db in try await DemoEconomyIndex.write(bulk, db, DemoEconomyIndex.flowTables, index) }
        }
    }

    /// Indicator `j` was created by her over the 230 days before the last fortnight; she gave the first value (her own
    /// observation) an hour later, two other weavers theirs (1 % above and below, each its own record) the next hours.
    private static func seedContributorFigures(_ s: DemoScale, _ bulk: DemoBulk, _ n: Int, _ other: @escaping @Sendable (Int) -> Int) async throws {
        let settings = try await weaverFigureSettings(s, bulk.app.db)
        let first = s.now.addingTimeInterval(-245 * 86_400), spacing = 230.0 * 86_400 / Double(n)
        let period = String(FigureDate.day(s.now).prefix(4)), day = DemoDays(s.now)
        let tags = ["textile", "artisanat"]
        let confirmed = MarkedCommunities()
        try await bulk.load(n, per: max(1, bulk.perTransaction / 10), into: figureTables) { range in
            var out: [[DemoBulk.Values]] = Array(repeating: [], count: figureTables.count)
            for j in range {
                let created = first.addingTimeInterval(Double(j) * spacing)
                let indicator = DemoIDs.id(ContributorSeed.indicators, j, at: created)
                let typical = 20 * (1 + Double(j % 7) / 10)
                var replay = FigureReplay(settings)
                let givers = [(contributor, 1.0, FigureSource.personal.text), (other(2 * j), 1.01, "https://filature.example/releve/\(j)/a"),
                              (other(2 * j + 1), 0.99, "https://filature.example/releve/\(j)/b")]
                for (t, (who, factor, source)) in givers.enumerated() {
                    let at = created.addingTimeInterval(Double(t + 1) * 3_600)
                    replay.contribute(id: DemoIDs.id(ContributorSeed.contributions, 3 * j + t, at: at), user: s.userIDs[who],
                                      value: (typical * factor * 100).rounded() / 100, source: source, at: at)
                }
                let name = "Relevé n°\(j) (banc d'essai de contribution)"
                let meta: DemoBulk.Values = [indicator, s.weavers, UUID?.none, name, "Un relevé de plus, pour mesurer la page d'une contributrice.", "€",
                                             period, "Lyon", tags.joined(separator: "\n"), Folding.fold("\(name) Lyon \(tags.joined(separator: " "))"),
                                             Tags.keys(tags), FigureScale.positive.rawValue, s.userIDs[contributor], created]
                figureRows(replay, indicator: indicator, community: s.weavers, meta: meta, seed: ContributorSeed.credits, day: day,
                           number: { 3 * j + $0 }, into: &out)
                if replay.confirmed { confirmed.add([s.weavers]) }
            }
            return out
        }
        // As every contribution does: the community's reliability is to be relearned, and its credibility recomputed.
        let credited = !confirmed.all.isEmpty
        try await bulk.write { db in
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: true) WHERE community_id = \(bind: s.weavers)").run()
            if credited { try await Notify.credibilityChanged(db, s.weavers) }
        }
    }

    enum ContributorSeed {
        static let actions = DoneActions.Seeds(actions: 0x5EED_0040, participants: 0x5EED_0043, assessments: 0x5EED_0044, aggregates: 0x5EED_0045)
        static let flows: UInt64 = 0x5EED_0046, indicators: UInt64 = 0x5EED_0047, contributions: UInt64 = 0x5EED_0048
        static let credits: UInt64 = 0x5EED_0049
    }
}
