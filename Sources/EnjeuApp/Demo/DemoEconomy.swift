import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The economy at benchmark scale: offers and flows in the weavers' community (50,000 and 100,000 from 10,000 people
/// up) and, in proportion, in every synthetic community (0.3 offers and 2 flows per person).
extension DemoCommand {
    static let offerColumns = ["id", "community_id", "owner_id", "kind", "title", "description", "terms", "tags", "place", "folded", "created_at"]
    static let flowColumns = ["id", "community_id", "from_key", "to_key", "nature", "measure", "quantity", "unit", "description", "appreciation",
                              "date", "note", "offer_id", "action_id", "recorded_by", "created_at", "cancelled", "status", "confirmed_by", "confirmed_at"]
    static let offerNouns = ["tissage", "teinture", "couture", "réparation", "menuiserie", "jardinage", "comptabilité", "traduction", "photographie",
                             "poterie", "cuisine", "graphisme", "électricité", "vélo", "informatique", "broderie", "tricot", "lin", "laine", "chanvre"]
    static let offerForms = ["Cours de", "Atelier de", "Service de", "Prêt de matériel de", "Conseil en", "Initiation à la", "Stage de", "Dépannage en"]

    static func weaverOffers(_ s: DemoScale) -> Int { min(50_000, 5 * s.people) }
    static func weaverFlows(_ s: DemoScale) -> Int { min(100_000, 10 * s.people) }

    static func seedEconomy(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        try await bulk.phase("offers") { try await seedOffers(s, bulk) }
        try await bulk.phase("flows") { try await seedFlows(s, bulk) }
    }

    /// One offer: its row, (on SQLite) its full-text row, and what the catalogue's index takes of it, as
    /// `EconomyService.publish` writes them.
    private static func offer(_ i: Int, id: UUID, community: UUID, owner: UUID, place: String, at: Date)
        -> (DemoBulk.Values, DemoBulk.Values, EconomyIndex.IndexedOffer) {
        let title = "\(offerForms[i % offerForms.count]) \(offerNouns[(i / 7) % offerNouns.count]) n°\(i)"
        let description = "Offre synthétique \(i) : \(offerNouns[i % offerNouns.count]) et \(offerNouns[(i * 3) % offerNouns.count]), à \(["Lyon", "Valence", "Vienne"][i % 3])."
        let kind = OfferKind.allCases[i % 4].rawValue
        let tag = offerNouns[i % offerNouns.count]
        let folded = EconomyService.searchText(title: title, description: description, tags: [tag], place: place, kind: kind)
        return ([id, community, owner, kind, title, description, "", tag, place, folded, at], [DemoBulk.text(id), DemoBulk.text(community), folded],
                EconomyIndex.IndexedOffer(id: id, community: community, searchText: folded, tags: [tag]))
    }

    /// Offers `0..<count` made by `make` (number → id, community, owner, place, time), with their full-text rows and their
    /// catalogue terms and counts (as `EconomyIndex.addOffers` adds them) in the same transaction.
    static func loadOffers(_ count: Int, _ bulk: DemoBulk,
                                   _ make: @escaping @Sendable (Int) -> (id: UUID, community: UUID, owner: UUID, place: String, at: Date)) async throws {
        let fts = bulk.postgres ? [] : [(table: "offers_fts", columns: ["offer_id", "community_id", "body"])]
        let postgres = bulk.postgres
        try await bulk.load(count, into: [(table: "offers", columns: offerColumns)] + fts) { range in
            var offers: [DemoBulk.Values] = [], texts: [DemoBulk.Values] = [], indexed: [EconomyIndex.IndexedOffer] = []
            for i in range {
                let o = make(i)
                let (row, text, index) = offer(i, id: o.id, community: o.community, owner: o.owner, place: o.place, at: o.at)
                offers.append(row)
                texts.append(text)
                indexed.append(index)
            }
            let catalogue = DemoEconomyIndex.offers(indexed)
            return DemoBulk.Batch(postgres ? [offers] : [offers, texts]) { db in
                try await DemoEconomyIndex.write(bulk, db, DemoEconomyIndex.offerTables, [catalogue.terms, catalogue.counts])
            }
        }
    }

    static func seedOffers(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        // The weavers': offered by their synthetic members over the past 300 days.
        let weavers = weaverOffers(s)
        let first = s.now.addingTimeInterval(-300 * 86_400)
        try await loadOffers(weavers, bulk) { i in
            let at = first.addingTimeInterval(Double(i) * 300 * 86_400 / Double(weavers))
            return (DemoIDs.id(DemoScale.Seed.offers, i, at: at), s.weavers, s.userIDs[i % s.weaverCount], "Lyon", at)
        }
        // The communities': in turn, by one of their members, over the past year.
        let city = 3 * s.people / 10
        let start = s.now.addingTimeInterval(-364 * 86_400)
        try await loadOffers(city, bulk) { i in
            var rng = DemoRandom(DemoScale.Seed.cityOffers, i)
            let c = i % s.communities
            let at = start.addingTimeInterval(Double(i) * 364 * 86_400 / Double(city))
            return (DemoIDs.id(DemoScale.Seed.cityOffers, i, at: at), s.communityIDs[c], s.userIDs[(s.founder(of: c) + rng.below(s.size)) % s.people],
                    towns[c % towns.count], at)
        }
    }

    /// What a flow measures: three in four are quantities (in € or hours), the others a service appreciated 1 to 5.
    static func measure(_ i: Int) -> (measure: FlowMeasure, quantity: Double?, unit: String, description: String, appreciation: Int?) {
        i % 4 != 0 ? (.quantitative, Double(i % 97 + 1), i % 2 == 0 ? "€" : "h", "", nil) : (.qualitative, nil, "", "Coup de main", i % 5 + 1)
    }

    /// A flow's row, and what it adds to the ledger's sums once confirmed (`EconomyIndex.tally`, `DemoEconomyIndex`).
    static func flow(_ i: Int, id: UUID, community: UUID, from: String, to: String, recorder: UUID, at: Date, day: String, status: FlowStatus,
                             confirmer: UUID?, confirmedAt: Date?) -> (DemoBulk.Values, EconomyIndex.CountedFlow?) {
        let m = measure(i), nature = (i % 3 == 0 ? FlowNature.immaterial : .material).rawValue
        return ([id, community, from, to, nature, m.measure.rawValue, m.quantity, m.unit, m.description, m.appreciation, day, "", UUID?.none, UUID?.none,
                 recorder, at, false, status.rawValue, confirmer, confirmedAt],
                status == .confirmed ? EconomyIndex.CountedFlow(from: from, to: to, nature: nature, measure: m.measure.rawValue, quantity: m.quantity, unit: m.unit) : nil)
    }

    static func seedFlows(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let day = DemoDays(s.now)
        // The weavers': among 500 actors (499 synthetic members and the community), confirmed by no one in particular,
        // recorded by the first synthetic member, as `EconomyService.insert(…, confirmation: .confirmed(by: nil))` writes them.
        let weavers = weaverFlows(s)
        let actors: [Actor] = (0..<min(499, s.weaverCount)).map { .member(DemoScale.handle($0)) } + [.community]
        let n = actors.count
        let first = s.now.addingTimeInterval(-300 * 86_400)
        try await bulk.load(weavers, into: [("flows", flowColumns)]) { range in
            var rows: [DemoBulk.Values] = [], sums = DemoEconomyIndex()
            for i in range {
                let at = first.addingTimeInterval(Double(i) * 300 * 86_400 / Double(weavers))
                let to = (i * 7 + 1) % n == i % n ? (i + 1) % n : (i * 7 + 1) % n
                let (row, counted) = flow(i, id: DemoIDs.id(DemoScale.Seed.flows, i, at: at), community: s.weavers, from: actors[i % n].key, to: actors[to].key,
                                       recorder: s.userIDs[0], at: at, day: day(at), status: .confirmed, confirmer: nil, confirmedAt: nil)
                rows.append(row)
                if let counted { sums.add(s.weavers, counted) }
            }
            let index = sums.flowRows()
            return DemoBulk.Batch([rows]) { db in try await DemoEconomyIndex.write(bulk, db, DemoEconomyIndex.flowTables, index) }
        }
        // The communities': two per person, among each community's dozen most active members (one in ten to the community
        // itself), recorded by the giver and confirmed an hour later by who the confirmation rules ask; one in twenty
        // still waits. Made community by community, so each one's sums are written once.
        let city = 2 * s.people, core = min(s.size, 12)
        let start = s.now.addingTimeInterval(-364 * 86_400)
        let perCommunity = (city + s.communities - 1) / s.communities
        try await bulk.load(s.communities, per: max(1, bulk.perTransaction / perCommunity), into: [("flows", flowColumns)]) { communities in
            var rows: [DemoBulk.Values] = [], sums = DemoEconomyIndex()
            for c in communities {
                let community = s.communityIDs[c], founder = s.founder(of: c)
                for i in stride(from: c, to: city, by: s.communities) {
                    var rng = DemoRandom(DemoScale.Seed.cityFlows, i)
                    let at = start.addingTimeInterval(Double(i) * 364 * 86_400 / Double(city))
                    let giver = (founder + rng.below(core)) % s.people
                    var receiver = (founder + rng.below(core)) % s.people
                    if receiver == giver { receiver = founder == giver ? (giver + 1) % s.people : founder }
                    let withCommunity = i % 10 == 3 || s.size < 2
                    let to = withCommunity ? Actor.community.key : Actor.member(DemoScale.handle(receiver)).key
                    // A member named confirms for herself; for the community, a steward other than the giver (`FlowConfirmation`).
                    let steward = founder == giver ? (s.size > 1 ? (giver + 1) % s.people : nil) : founder
                    let pending = i % 20 == 7 || (withCommunity && steward == nil)
                    let (row, sum) = flow(i, id: DemoIDs.id(DemoScale.Seed.cityFlows, i, at: at), community: community,
                                          from: Actor.member(DemoScale.handle(giver)).key, to: to, recorder: s.userIDs[giver], at: at, day: day(at),
                                          status: pending ? .pending : .confirmed, confirmer: pending ? nil : s.userIDs[withCommunity ? steward! : receiver],
                                          confirmedAt: pending ? nil : at.addingTimeInterval(3_600))
                    rows.append(row)
                    if let sum { sums.add(community, sum) }
                }
            }
            let index = sums.flowRows()
            return DemoBulk.Batch([rows]) { db in try await DemoEconomyIndex.write(bulk, db, DemoEconomyIndex.flowTables, index) }
        }
    }
}
