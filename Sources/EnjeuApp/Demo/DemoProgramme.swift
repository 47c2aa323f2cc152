import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// `--programme N` (Benchmarks/programme.sh): a programme of shared figures, « Chiffres ensemble (banc d'essai) », that the
/// first N synthetic communities joined; their members take part through them (the one whose list comes first), having
/// accepted its charter. It holds 50 indicators per community joined (5,000 for 100), each tagged with one of 25 trades,
/// and 200 values per indicator from participants across the communities (1,000,000), replayed as the service derives
/// them (`FigureReplay`: estimate, escrow and credits in the programme's own ledger, history). Its founder is the first
/// synthetic person (`p0_bench`); it has not been relearned yet, as after a burst of contributions.
extension DemoCommand {
    static let programmeSlug = "chiffres-ensemble-bench"
    static let programmeIndicatorsPerCommunity = 50
    static let programmeValuesPerIndicator = 200
    static let programmeTrades = ["tissage", "menuiserie", "boulangerie", "maraîchage", "couture", "poterie", "réparation de vélos", "plomberie",
                                  "électricité", "imprimerie", "brasserie", "fromagerie", "apiculture", "ébénisterie", "teinture végétale",
                                  "cordonnerie", "vannerie", "graphisme", "traduction", "jardinage", "cuisine", "mécanique", "soudure",
                                  "maçonnerie", "horticulture"]
    /// What each trade measures: name, unit, typical value.
    static let programmeMetrics: [(name: String, unit: String, value: Double)] = [
        ("Tarif horaire", "€", 42), ("Prix d'une journée de formation", "€", 310), ("Heures par commande", "h", 9),
        ("Délai de livraison", "j", 12), ("Coût des fournitures par mois", "€", 480), ("Revenu mensuel net", "€", 1_750),
        ("Loyer de l'atelier", "€", 640), ("Apprentis formés par an", "personnes", 2),
    ]

    static func seedProgramme(_ s: DemoScale, _ bulk: DemoBulk, communities wanted: Int) async throws {
        let n = min(wanted, s.communities)
        guard n >= 1 else { throw DemoWorld.Problem("--programme needs one synthetic community at least") }
        let app = bulk.app
        let founder = Viewer(id: s.userIDs[0], handle: DemoScale.handle(0), displayName: "Personne 0", lang: "fr", sessionID: nil)
        let context = ServiceContext(app: app, db: app.db, viewer: founder, lang: .fr, logger: app.logger)
        let programme = try await ProgrammeService(context).create(.init(
            slug: programmeSlug, name: "Chiffres ensemble (banc d'essai)",
            purpose: "Les chiffres dont tous les métiers ont besoin, construits ensemble par cent communautés.",
            charter: "Je donne mes chiffres pour recevoir ceux des autres ; chaque valeur dit sa source.", visibility: nil), founder: founder)
        guard let programmeID = programme.id else { throw DemoWorld.Problem("the benchmark programme was not created") }
        let version = programme.charterVersion
        let joinedAt = s.now.addingTimeInterval(-330 * 86_400)

        // Every person of the joined communities takes part through the first of them whose list has them.
        var first: [Int: Int] = [:]
        for c in 0..<n { for p in s.members(of: c) where first[p] == nil { first[p] = c } }
        let via = first
        let participants = via.keys.filter { $0 != 0 }.sorted()
        guard participants.count >= programmeValuesPerIndicator else {
            throw DemoWorld.Problem("--programme \(n) brings \(participants.count) people: \(programmeValuesPerIndicator) are needed per indicator")
        }
        try await bulk.phase("programme participants") {
            let places = ["id", "programme_id", "community_id", "status", "requested_by", "decided_by", "created_at", "decided_at"]
            try await bulk.load(n, into: [("programme_communities", places)]) { range in
                [range.map { c -> DemoBulk.Values in
                    let at = joinedAt.addingTimeInterval(Double(c) * 60)
                    return [DemoIDs.id(DemoScale.Seed.programmePlaces, c, at: at), programmeID, s.communityIDs[c], ProgrammeJoinStatus.active.rawValue,
                            s.userIDs[s.founder(of: c)], founder.id, at, at.addingTimeInterval(3_600)]
                }]
            }
            let members = ["id", "community_id", "user_id", "handle", "role", "status", "accepted_charter_version", "joined_at", "via_community_id"]
            let acceptances = ["id", "community_id", "user_id", "version", "accepted_at"]
            try await bulk.load(participants.count, into: [("memberships", members), ("charter_acceptances", acceptances)]) { range in
                var rows: [DemoBulk.Values] = [], accepted: [DemoBulk.Values] = []
                for k in range {
                    let p = participants[k]
                    let at = joinedAt.addingTimeInterval(7_200 + Double(k))
                    rows.append([DemoIDs.id(DemoScale.Seed.programmeMembers, k, at: at), programmeID, s.userIDs[p], DemoScale.handle(p),
                                 Role.member.rawValue, MembershipStatus.active.rawValue, version, at, s.communityIDs[via[p]!]])
                    accepted.append([DemoIDs.id(DemoScale.Seed.programmeMembers &+ 1, k, at: at), programmeID, s.userIDs[p], version, at])
                }
                return [rows, accepted]
            }
            try await bulk.write { db in
                try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: participants.count) WHERE id = \(bind: programmeID)").run()
            }
        }

        // Indicator `i` belongs to trade `i % 25` and measures metric `(i / 25) % 8` in town `i / 200`; its values come
        // from 200 participants in a row of the list (a step coprime with its length keeps them distinct), one in forty
        // ten times off, over the ten months since the communities joined.
        let total = n * programmeIndicatorsPerCommunity, perIndicator = programmeValuesPerIndicator
        let created = joinedAt.addingTimeInterval(86_400)
        let spacing = 290.0 * 86_400 / Double(total * perIndicator)
        let period = String(FigureDate.day(s.now).prefix(4))
        let step = stride(from: 7, to: participants.count, by: 2).first { gcd($0, participants.count) == 1 } ?? 1
        let day = DemoDays(s.now)
        try await bulk.phase("programme figures") {
            try await bulk.load(total, per: max(1, bulk.perTransaction / (3 * perIndicator + 1)), into: programmeFigureTables) { range in
                var out: [[DemoBulk.Values]] = Array(repeating: [], count: programmeFigureTables.count)
                for i in range {
                    let trade = programmeTrades[i % programmeTrades.count]
                    let metric = programmeMetrics[(i / programmeTrades.count) % programmeMetrics.count]
                    let town = towns[(i / (programmeTrades.count * programmeMetrics.count)) % towns.count]
                    let at = created.addingTimeInterval(Double(i))
                    let indicator = DemoIDs.id(DemoScale.Seed.programmeIndicators, i, at: at)
                    let typical = metric.value * (1 + Double(i % 11) / 20)
                    var replay = FigureReplay(.init())
                    let first = (i * 37) % participants.count
                    for t in 0..<perIndicator {
                        var rng = DemoRandom(DemoScale.Seed.programmeContributions, i * perIndicator + t)
                        let number = t * total + i
                        let when = created.addingTimeInterval(86_400 + Double(number) * spacing)
                        let p = participants[(first + t * step) % participants.count]
                        let value = typical * (number % 40 == 17 ? 10 : 1 + (rng.unit() - 0.5) / 10)
                        let source = rng.below(3) == 0 ? FigureSource.personal.text : "https://releves.example/metiers/\(i % 97)/\(rng.below(5))"
                        replay.contribute(id: DemoIDs.id(DemoScale.Seed.programmeContributions, number, at: when), user: s.userIDs[p],
                                          value: (value * 100).rounded() / 100, source: source, at: when, via: s.communityIDs[via[p]!])
                    }
                    let name = "\(metric.name) — \(trade)"
                    let tags = [trade, "artisanat"]
                    let meta: DemoBulk.Values = [indicator, programmeID, UUID?.none, name, "Relevé partagé entre les communautés du programme.",
                                                 metric.unit, period, town, tags.joined(separator: "\n"),
                                                 Folding.fold([name, town, tags.joined(separator: " ")].joined(separator: " ")), Tags.keys(tags),
                                                 FigureScale.positive.rawValue, founder.id, at]
                    figureRows(replay, indicator: indicator, community: programmeID, meta: meta, seed: DemoScale.Seed.programmeCredits, day: day,
                               number: { $0 * total + i }, via: true, into: &out)
                }
                return out
            }
        }
    }

    static let programmeFigureTables = [(table: "indicators", columns: indicatorColumns),
                                        (table: "figure_contributions", columns: contributionColumns + ["via_community_id"]),
                                        (table: "credit_entries", columns: creditColumns), (table: "figure_estimate_history", columns: historyColumns),
                                        (table: "figure_claims", columns: claimColumns)]

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
