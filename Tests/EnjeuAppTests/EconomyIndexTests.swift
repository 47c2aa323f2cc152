import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// The economy's derived tables (`EconomyIndex`): kept in step by every write, they equal a recomputation from the
/// ledger and the catalogue; the pages read from them show what the ledger itself would.
@Suite struct EconomyIndexTests {
    /// A community with its steward, a member and a third member (`extra`).
    static func cast(_ app: Application, _ prefix: String, visibility: String = "members") async throws -> (Cast, APIClient, UUID) {
        let cast = try await Cast.make(app, visibility: visibility, prefix: prefix)
        let extra = try await APIClient(app: app).person(prefix + "_extra")
        let id = try await extra.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await extra.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
        struct Row: Decodable { let id: UUID }
        let community = try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: cast.slug)", as: Row.self)!.id
        return (cast, extra, community)
    }

    /// Every derived row of a community, as text (totals to the millionth, as float sums may differ in the last bits).
    static func snapshot(_ app: Application, _ community: UUID) async throws -> [String: [String]] {
        struct Row: Decodable { let line: String }
        let c: SQLQueryString = "community_id = \(bind: community)"
        var out: [String: [String]] = [:]
        func lines(_ table: String, _ select: String) async throws {
            let rows = try await app.db.rows("SELECT \(unsafeRaw: select) AS line FROM \(unsafeRaw: table) WHERE \(c)", as: Row.self)
            out[table] = rows.map(\.line).sorted()
        }
        func total(_ column: String) -> String { "CAST(ROUND(\(column) * 1000000) AS BIGINT)" }
        try await lines("flow_pairs", "nature || '|' || from_key || '|' || to_key || '|' || flows || '|' || qualitative")
        try await lines("flow_units", "nature || '|' || from_key || '|' || to_key || '|' || unit || '|' || quantified || '|' || \(total("total"))")
        try await lines("flow_actors", "nature || '|' || side || '|' || actor || '|' || flows")
        try await lines("flow_kinds", "nature || '|' || measure || '|' || unit || '|' || flows || '|' || qualitative || '|' || quantified || '|' || \(total("total"))")
        try await lines("offer_counts", "CAST(offers AS TEXT)")
        try await lines("offer_terms", "term || '|' || CAST(offer_id AS TEXT)")
        return out
    }

    @Test(arguments: TestDatabase.all)
    func theKeptSumsEqualTheLedgerAfterConfirmationsCorrectionsAndImports(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra, community) = try await Self.cast(app, "sums")
            let slug = cast.slug, flows = "/api/v1/communities/\(slug)/flows"
            func record(_ who: APIClient, _ body: [String: Any]) async throws -> String {
                let res = try await who.post(flows, body)
                #expect(res.status == .created, "\(res.body.string)")
                return try res.json()["id"] as! String
            }
            // Named parties confirm or decline; some entries stay pending.
            let paid = try await record(cast.member, ["from": "@sums_extra", "to": "community", "nature": "material", "measure": "quantitative",
                                                      "quantity": 0.1, "unit": "€", "date": "2026-06-01"])
            let hours = try await record(cast.member, ["from": "sums_member", "to": "@sums_extra", "nature": "immaterial", "measure": "quantitative",
                                                       "quantity": 0.2, "unit": "h", "date": "2026-06-02"])
            let refused = try await record(cast.member, ["from": "sums_member", "to": "@sums_extra", "nature": "material", "measure": "quantitative",
                                                         "quantity": 7, "unit": "kg", "date": "2026-06-02"])
            _ = try await record(cast.member, ["from": "sums_member", "to": "@sums_extra", "nature": "material", "measure": "qualitative",
                                               "description": "Prêt", "appreciation": 4, "date": "2026-06-03"])
            #expect(try await extra.post(flows + "/\(paid)/confirm").status == .ok)
            #expect(try await extra.post(flows + "/\(hours)/confirm").status == .ok)
            #expect(try await extra.post(flows + "/\(refused)/decline").status == .ok)
            // Confirmed at once: entries naming no one else.
            let gift = try await record(cast.member, ["from": "sums_member", "to": "outside:Marché", "nature": "immaterial", "measure": "qualitative",
                                                      "description": "Conseil", "date": "2026-06-04"])
            // An import, in one transaction, every nature and measure, several units.
            var csv = "from,to,nature,measure,quantity,unit,description,appreciation,date,note\n"
            for i in 0..<40 {
                let quantitative = i % 3 != 0
                csv += "@sums_member,outside:Client \(i % 7),\(i % 2 == 0 ? "material" : "immaterial"),\(quantitative ? "quantitative" : "qualitative"),"
                csv += quantitative ? "\(Double(i) / 10),\(i % 4 == 0 ? "€" : "h"),,," : ",,Aide \(i),\(i % 5 + 1),"
                csv += "2026-05-0\(i % 9 + 1),\n"
            }
            let imported = try await cast.member.send(.POST, flows + "/import", raw: csv, contentType: "text/csv")
            #expect(imported.status == .created, "\(imported.body.string)")
            // A referral completed records a flow.
            let offer = try await cast.member.post("/api/v1/communities/\(slug)/offers", ["kind": "product", "title": "Écheveaux de laine",
                                                                                       "description": "Laine filée à la main, teinte à la garance.",
                                                                                       "tags": ["laine", "Fil"], "place": "Lyon"]).json()["id"] as! String
            let referral = try await extra.post("/api/v1/communities/\(slug)/offers/\(offer)/referrals", ["beneficiary": "Mme Durand"]).json()["id"] as! String
            for status in ["taken-up", "completed"] {
                #expect(try await cast.member.post("/api/v1/communities/\(slug)/referrals/\(referral)/status", ["status": status]).status == .ok)
            }
            // Corrections take entries back out: a confirmed one, a qualitative one, an imported one.
            let ledger = try await cast.member.get(flows + "?current=1").items()
            let importedOne = ledger.first { ($0["to"] as? String)?.hasPrefix("outside:Client") == true }?["id"] as? String
            for id in [paid, gift, importedOne ?? ""] {
                #expect(try await cast.member.post(flows + "/\(id)/reverse", ["note": "Erreur de saisie"]).status == .created)
            }

            let kept = try await Self.snapshot(app, community)
            #expect(kept["flow_pairs"]?.isEmpty == false && kept["offer_terms"]?.isEmpty == false)
            try await app.context().write { db in try await EconomyIndex.rebuild(db, communities: [community]) }
            let rebuilt = try await Self.snapshot(app, community)
            for (table, rows) in rebuilt { #expect(kept[table] == rows, "\(table) kept as the ledger says") }

            // The API's matrices read the sums; over a period they read the ledger: both agree.
            for by in ["actor", "nature"] {
                for nature in ["", "&nature=material"] {
                    let kept = try await cast.member.get(flows + "/matrix?by=\(by)\(nature)").body.string
                    let summed = try await cast.member.get(flows + "/matrix?by=\(by)\(nature)&from=1900-01-01").body.string
                    #expect(Self.cells(kept) == Self.cells(summed), "\(by)\(nature)")
                }
            }
        }
    }

    /// A matrix's cells, totals and rows, rounded, comparable whatever the order sums were made in (not the cells' links,
    /// which carry the period asked).
    static func cells(_ json: String) -> String {
        guard let m = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return "?" }
        func round(_ t: Any?) -> [String: Int] { ((t as? [String: Double]) ?? [:]).mapValues { Int(($0 * 1_000_000).rounded()) } }
        let cells = (m["cells"] as? [[String: Any]] ?? []).map { c in
            "\(c["row"]!)→\(c["column"]!) \(c["flows"]!) \(c["qualitative"]!) \(round(c["totals"]).sorted { $0.key < $1.key })"
        }
        return "\(m["rows"]!) \(m["columns"]!) \(round(m["totals"]).sorted { $0.key < $1.key }) \(m["qualitative"]!) " + cells.joined(separator: "; ")
    }

    @Test(arguments: TestDatabase.all)
    func theFlowsPageShowsTheBusiestActorsAsTheLedgerWould(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, _, community) = try await Self.cast(app, "busy", visibility: "public")
            // 45 outside parties, with ties in how busy they are; flows between the importer and outside parties count at once.
            var csv = "from,to,nature,measure,quantity,unit,description,appreciation,date,note\n"
            for i in 0..<45 {
                for j in 0..<(i % 6 + 1) { csv += "@busy_member,outside:Partie \(i),material,quantitative,\(j + 1),€,,,2026-05-01,\n" }
                for j in 0..<(i % 4 + 1) { csv += "outside:Partie \(i),@busy_member,\(j % 2 == 0 ? "immaterial" : "material"),qualitative,,,Merci,,2026-05-02,\n" }
            }
            let imported = try await cast.member.send(.POST, "/api/v1/communities/\(cast.slug)/flows/import", raw: csv, contentType: "text/csv")
            #expect(imported.status == .created, "\(imported.body.string)")
            let queries = EconomyQueries(app.context())
            func described(_ m: EconomyMatrix) -> [String] {
                m.cells.map { c in "\(c.row)→\(c.column) \(c.flows) \(c.qualitative) " + c.totals.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined() }
            }
            for nature in [nil, "material", "immaterial"] {
                let kept = try await queries.pageMatrices(community, slug: cast.slug, since: nil, until: nil, nature: nature)
                let ledger = try await queries.pageMatrices(community, slug: cast.slug, since: "1900-01-01", until: nil, nature: nature)
                #expect(kept.actor.rows == ledger.actor.rows && kept.actor.columns == ledger.actor.columns, "\(nature ?? "all")")
                #expect(kept.actor.largest == ledger.actor.largest)
                #expect(described(kept.actor) == described(ledger.actor) && described(kept.nature) == described(ledger.nature))
                #expect(kept.actor.totals == ledger.actor.totals && kept.actor.qualitative == ledger.actor.qualitative)
            }
            let page = try await queries.pageMatrices(community, slug: cast.slug, since: nil, until: nil, nature: nil)
            #expect(page.actor.rows.count == EconomyQueries.heatmapAxis && page.actor.columns.count == EconomyQueries.heatmapAxis, "46 on each axis, 30 shown")
            #expect(page.actor.columns.prefix(2) == ["member:busy_member", "outside:Partie 11"], "the busiest first, ties alphabetical")
            #expect(page.actor.largest == 6)
            let html = try await WebClient(app: app).get("/communities/\(cast.slug)/economy/flows").body.string
            #expect(html.components(separatedBy: "scope=\"row\"").count - 1 == EconomyQueries.heatmapAxis + FlowNature.allCases.count,
                    "the page draws the busiest actors, and both natures")
        }
    }
}
