import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The weavers' economy at benchmark scale: 50,000 offers and 100,000 flows.
extension DemoCommand {
    /// Benchmark scale, in the weavers' community: 50,000 offers by the synthetic members, 100,000 flows among 500 actors.
    static func seedEconomyScale(people: [(UUID, String)], app: Application, now: Date) async throws {
        struct Row: Decodable { let id: UUID }
        guard let community = try await app.db.row("SELECT id FROM communities WHERE slug = 'tisserands-du-rhone'", as: Row.self)?.id,
              people.count >= 500 else { return }
        let ids = app.enjeu.ids
        let nouns = ["tissage", "teinture", "couture", "réparation", "menuiserie", "jardinage", "comptabilité", "traduction", "photographie", "poterie",
                     "cuisine", "graphisme", "électricité", "vélo", "informatique", "broderie", "tricot", "lin", "laine", "chanvre"]
        let forms = ["Cours de", "Atelier de", "Service de", "Prêt de matériel de", "Conseil en", "Initiation à la", "Stage de", "Dépannage en"]
        let postgres = sql(app.db).dialect.name == "postgresql"
        for start in stride(from: 0, to: 50_000, by: 500) {
            try await app.context().write { db in
                var q = SQLQueryString("INSERT INTO offers (id, community_id, owner_id, kind, title, description, terms, tags, place, folded, created_at) VALUES")
                var fts = SQLQueryString("INSERT INTO offers_fts (offer_id, community_id, body) VALUES")
                for i in start..<(start + 500) {
                    let id = ids.next()
                    let title = "\(forms[i % forms.count]) \(nouns[(i / 7) % nouns.count]) n°\(i)"
                    let description = "Offre synthétique \(i) : \(nouns[i % nouns.count]) et \(nouns[(i * 3) % nouns.count]), à \(["Lyon", "Valence", "Vienne"][i % 3])."
                    let kind = OfferKind.allCases[i % 4].rawValue
                    let folded = EconomyService.searchText(title: title, description: description, tags: [nouns[i % nouns.count]], place: "Lyon", kind: kind)
                    q.appendLiteral(i == start ? " (" : ", (")
                    q.appendInterpolation(binds: [id, community, people[i % 1_000 % people.count].0, kind, title, description, "", nouns[i % nouns.count], "Lyon", folded, now])
                    q.appendLiteral(")")
                    fts.appendLiteral(i == start ? " (" : ", (")
                    fts.appendInterpolation(binds: [id.uuidString, community.uuidString, folded])
                    fts.appendLiteral(")")
                }
                try await sql(db).raw(q).run()
                if !postgres { try await sql(db).raw(fts).run() }
            }
        }
        let actors: [Actor] = people.prefix(499).map { .member($0.1) } + [.community]
        for start in stride(from: 0, to: 100_000, by: 2_000) {
            let batch: [(UUID, FlowDraft.Valid)] = (start..<(start + 2_000)).map { i in
                let quantitative = i % 4 != 0
                return (ids.next(), FlowDraft.Valid(from: actors[i % 500], to: actors[(i * 7 + 1) % 500 == i % 500 ? (i + 1) % 500 : (i * 7 + 1) % 500],
                                                     nature: i % 3 == 0 ? .immaterial : .material, measure: quantitative ? .quantitative : .qualitative,
                                                     quantity: quantitative ? Double(i % 97 + 1) : nil, unit: quantitative ? (i % 2 == 0 ? "€" : "h") : "",
                                                     description: quantitative ? "" : "Coup de main", appreciation: quantitative ? nil : i % 5 + 1,
                                                     date: FigureDate.day(now.addingTimeInterval(-Double(i % 365) * 86_400)), note: ""))
            }
            try await app.context().write { db in
                for chunk in stride(from: 0, to: batch.count, by: 400) {
                    // Synthetic entries: confirmed, by no one in particular.
                    try await EconomyService.insert(db, Array(batch[chunk..<min(batch.count, chunk + 400)]), community: community, by: people[0].0, now: now,
                                                    offer: nil, confirmation: .confirmed(by: nil))
                }
            }
        }
    }
}
