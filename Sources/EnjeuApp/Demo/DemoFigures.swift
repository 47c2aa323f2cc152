import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// #ChiffresEnsemble at benchmark scale: one indicator of the weavers with a value from each of their synthetic members
/// (1 in 40 ten times off), and ten indicators in each synthetic community with two values per person in all. Values
/// arrive one after the other over the year; what the service derives from each is replayed in Swift (`FigureReplay`).
extension DemoCommand {
    static let indicatorColumns = ["id", "community_id", "dataset_id", "name", "definition", "unit", "period", "place", "tags", "folded", "trade_keys", "scale",
                                   "created_by", "created_at", "est_kind", "est_value", "est_low", "est_high", "est_contributors", "est_sources",
                                   "est_outliers", "est_at"]
    static let contributionColumns = ["id", "community_id", "indicator_id", "user_id", "value", "source", "source_kind", "observed_on", "comment",
                                      "status", "credit_state", "credited", "outlier", "consensus_at_entry", "created_at"]
    static let creditColumns = ["id", "community_id", "user_id", "kind", "amount", "at", "indicator_id", "contribution_id", "dedupe"]
    static let historyColumns = ["id", "indicator_id", "at", "kind", "value", "low", "high", "contributors"]

    /// The indicators of every synthetic community: name, unit, typical value, tags.
    static let cityIndicators: [(name: String, unit: String, value: Double, tags: String)] = [
        ("Prix du kilo de pain", "€", 4.2, "alimentation"), ("Loyer d'un T2", "€", 620, "logement"),
        ("Heures de bénévolat par mois", "h", 12, "engagement"), ("Prix du litre de lait", "€", 1.1, "alimentation"),
        ("Coût d'un repas partagé", "€", 6.5, "alimentation\nentraide"), ("Tarif horaire d'un artisan", "€", 45, "artisanat"),
        ("Abonnement mensuel de transport", "€", 38, "mobilité"), ("Prix du kilo de pommes", "€", 2.8, "alimentation"),
        ("Facture mensuelle d'électricité", "€", 72, "énergie\nlogement"), ("Temps de trajet vers le travail", "min", 27, "mobilité"),
    ]

    /// Values per indicator in the synthetic communities: two per person in all, over ten indicators each.
    static func valuesPerIndicator(_ s: DemoScale) -> Int { min(s.size, max(2, 2 * s.people / (s.communities * cityIndicators.count))) }

    static func seedFigures(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        try await seedWeaverFigures(s, bulk)
        try await seedCityFigures(s, bulk)
    }

    /// The rows of one indicator and of what its values derived, for `DemoBulk.load` (tables in `figureTables` order).
    /// `via`: the values also say which community they were given through (a programme's, `programmeFigureTables`).
    static func figureRows(_ replay: FigureReplay, indicator: UUID, community: UUID, meta: DemoBulk.Values, seed: UInt64, day: DemoDays, number: (Int) -> Int,
                           via: Bool = false, into out: inout [[DemoBulk.Values]]) {
        let e = replay.estimate
        out[0].append(meta + [e.kind.rawValue, e.value, e.low, e.high, e.contributors, replay.sourceCount, replay.outliersJSON, replay.estimatedAt])
        for c in replay.rows {
            let row: DemoBulk.Values = [c.id, community, indicator, c.user, c.value, c.source, FigureSource.parse(c.source)?.kind ?? "document",
                                        day(c.at), "", ContributionStatus.current.rawValue, c.creditState.rawValue, c.credited, c.outlier,
                                        c.consensusAtEntry, c.at]
            out[1].append(via ? row + [c.via] : row)
        }
        for c in replay.credits {
            out[2].append([DemoIDs.id(seed &+ 1, number(c.contributionIndex), at: c.at), community, c.user, CreditKind.earn.rawValue, c.amount, c.at,
                           indicator, c.contribution, "earn:\(DemoBulk.text(indicator)):\(DemoBulk.text(c.user))"])
        }
        if !replay.rows.isEmpty { out[4].append([indicator, community, FigureClaims.text(replay.rows.map { .init(user: $0.user, value: $0.value) })]) }
        for p in replay.history {
            out[3].append([DemoIDs.id(seed &+ 2, number(p.contributionIndex), at: p.at), indicator, p.at, p.estimate.kind.rawValue, p.estimate.value,
                           p.estimate.low, p.estimate.high, p.estimate.contributors])
        }
    }

    static let figureTables = [(table: "indicators", columns: indicatorColumns), (table: "figure_contributions", columns: contributionColumns),
                               (table: "credit_entries", columns: creditColumns), (table: "figure_estimate_history", columns: historyColumns),
                               (table: "figure_claims", columns: claimColumns)]
    static let claimColumns = ["indicator_id", "community_id", "claims"]

    /// The weavers' indicator, with the reliability their story's relearning left (the synthetic members are newcomers);
    /// the community is marked for relearning, as every contribution marks it.
    static func seedWeaverFigures(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let settings = try await weaverFigureSettings(s, bulk.app.db)
        let created = s.now.addingTimeInterval(-200 * 86_400)
        let indicator = DemoIDs.id(DemoScale.Seed.indicators, 1 << 31, at: created)
        var replay = FigureReplay(settings)
        for k in 0..<s.weaverCount {
            let at = created.addingTimeInterval(3_600 + Double(k) * 180 * 86_400 / Double(s.weaverCount))
            let value = 15 * (k % 40 == 0 ? 10 : 1 + Double((k * 7919) % 100 - 50) / 1_000)
            replay.contribute(id: DemoIDs.id(DemoScale.Seed.contributions, (1 << 31) + k, at: at), user: s.userIDs[k], value: value,
                              source: k % 3 == 0 ? FigureSource.personal.text : "https://filature.example/releve/\(k % 50)", at: at)
        }
        let name = "Prix du mètre de lin (banc d'essai)", tags = "textile\nartisanat"
        let meta: DemoBulk.Values = [indicator, s.weavers, UUID?.none, name, "Mille valeurs synthétiques pour mesurer la page d'un indicateur.", "€ (k)",
                                     String(FigureDate.day(s.now).prefix(4)), "Lyon", tags, Folding.fold("\(name) Lyon textile artisanat"), Tags.keys(["textile", "artisanat"]),
                                     FigureScale.positive.rawValue, s.camille, created]
        var rows: [[DemoBulk.Values]] = Array(repeating: [], count: figureTables.count)
        figureRows(replay, indicator: indicator, community: s.weavers, meta: meta, seed: DemoScale.Seed.contributions, day: DemoDays(s.now), number: { (1 << 31) + $0 }, into: &rows)
        let batch = rows
        let confirmed = replay.confirmed
        try await bulk.write { db in
            for (t, rows) in zip(figureTables, batch) { try await bulk.insert(db, t.table, t.columns, rows[...]) }
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: true) WHERE community_id = \(bind: s.weavers)").run()
            if confirmed { try await Notify.credibilityChanged(db, s.weavers) }
        }
    }

    /// What the weavers' recomputations read: their credit rules and the reliability their story's relearning left.
    static func weaverFigureSettings(_ s: DemoScale, _ db: any Database) async throws -> FigureReplay.Settings {
        struct Learned: Decodable { let userId: UUID; let weight: Double; let sigma2: Double
            enum CodingKeys: String, CodingKey { case weight, sigma2, userId = "user_id" } }
        let stored = try await FiguresQueries.settings(db, s.weavers)
        var settings = FigureReplay.Settings(rules: stored.rules, scale: stored.scale, medianWeight: stored.medianWeight)
        for r in try await db.rows("SELECT user_id, weight, sigma2 FROM figure_reliability WHERE community_id = \(bind: s.weavers)", as: Learned.self) {
            settings.reliability[r.userId] = SourceReliability(weight: r.weight, sigma2: r.sigma2)
        }
        return settings
    }

    /// Ten indicators per synthetic community, created by its founder ten months ago; their values arrive over the next
    /// nine months, every indicator's in turn, from members of the community (one value each, 1 in 40 ten times off; one
    /// in three their own observation, the others one of five shared records). Never relearned: no reliability yet.
    static func seedCityFigures(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let perIndicator = valuesPerIndicator(s), kinds = cityIndicators.count
        let total = s.communities * kinds
        let created = s.now.addingTimeInterval(-300 * 86_400)
        let spacing = 270.0 * 86_400 / Double(total * perIndicator)
        let period = String(FigureDate.day(s.now).prefix(4))
        // Communities whose values were confirmed, whose credibility the job then recomputes.
        let marked = MarkedCommunities()
        let day = DemoDays(s.now)
        try await bulk.load(total, per: max(1, bulk.perTransaction / (3 * perIndicator + 1)), into: figureTables) { range in
            var out: [[DemoBulk.Values]] = Array(repeating: [], count: figureTables.count)
            var confirmed: [UUID] = []
            for n in range {
                let (c, j) = n.quotientAndRemainder(dividingBy: kinds)
                let kind = cityIndicators[j]
                let at = created.addingTimeInterval(Double(n))
                let indicator = DemoIDs.id(DemoScale.Seed.indicators, n, at: at)
                let community = s.communityIDs[c]
                let typical = kind.value * (1 + Double(c % 7) / 10)
                var replay = FigureReplay(.init())
                for t in 0..<perIndicator {
                    var rng = DemoRandom(DemoScale.Seed.contributions, n * perIndicator + t)
                    let number = t * total + n
                    let when = created.addingTimeInterval(86_400 + Double(number) * spacing)
                    let user = (s.founder(of: c) + (j * perIndicator + t) % s.size) % s.people
                    let value = typical * (number % 40 == 17 ? 10 : 1 + (rng.unit() - 0.5) / 10)
                    let source = rng.below(3) == 0 ? FigureSource.personal.text : "https://releves.example/\(c)/\(j)/\(rng.below(5))"
                    replay.contribute(id: DemoIDs.id(DemoScale.Seed.contributions, number, at: when), user: s.userIDs[user],
                                      value: (value * 100).rounded() / 100, source: source, at: when)
                }
                let folded = Folding.fold([kind.name, towns[c % towns.count], kind.tags.replacingOccurrences(of: "\n", with: " ")].joined(separator: " "))
                let meta: DemoBulk.Values = [indicator, community, UUID?.none, kind.name, "Relevé partagé par les membres.", kind.unit, period,
                                             towns[c % towns.count], kind.tags, folded, Tags.keys(kind.tags.split(separator: "\n").map(String.init)),
                                             FigureScale.positive.rawValue, s.userIDs[s.founder(of: c)], at]
                figureRows(replay, indicator: indicator, community: community, meta: meta, seed: DemoScale.Seed.credits, day: day,
                           number: { $0 * total + n }, into: &out)
                if replay.confirmed { confirmed.append(community) }
            }
            marked.add(confirmed)
            return out
        }
        let communities = marked.all
        try await bulk.write { db in
            for chunk in communities.chunks(of: 1_000) {
                try await bulk.insert(db, "credibility_state", ["id", "dirty", "anchored_on_stewards"], chunk.map { [$0, true, false] as DemoBulk.Values }[...],
                                      suffix: "ON CONFLICT (id) DO UPDATE SET dirty = excluded.dirty")
            }
        }
    }
}

/// The communities a load marked, from the batches made in parallel.
final class MarkedCommunities: @unchecked Sendable {
    private let lock = NSLock()
    private var set = Set<UUID>()
    func add(_ ids: [UUID]) { lock.withLock { set.formUnion(ids) } }
    var all: [UUID] { lock.withLock { set.sorted { $0.uuidString < $1.uuidString } } }
}
