import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// The ledger's word is its parties': confirmation, corrections, and exports that say who recorded and confirmed each entry.
@Suite struct EconomyLedgerTests {
    struct People { let cast: Cast; let victim: APIClient; let third: APIClient }

    /// The cast, plus two more active members: `<prefix>_victim` and `<prefix>_third`.
    func people(_ app: Application, _ prefix: String, visibility: String = "members") async throws -> People {
        let cast = try await Cast.make(app, visibility: visibility, prefix: prefix)
        var more: [APIClient] = []
        for name in ["victim", "third"] {
            let who = try await APIClient(app: app).person(prefix + "_" + name)
            let id = try await who.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
            #expect(try await who.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
            more.append(who)
        }
        return People(cast: cast, victim: more[0], third: more[1])
    }

    func euro(_ from: String, _ to: String, _ amount: Double, date: String = "2026-06-01") -> [String: Any] {
        ["from": from, "to": to, "nature": "material", "measure": "quantitative", "quantity": amount, "unit": "€", "date": date, "description": "Versement"]
    }

    func totals(_ who: APIClient, _ slug: String) async throws -> [String: Double] {
        (try await who.get("/api/v1/communities/\(slug)/flows/matrix?by=actor").json()["totals"] as? [String: Double]) ?? [:]
    }

    func flow(_ who: APIClient, _ slug: String, _ id: String) async throws -> [String: Any]? {
        try await who.get("/api/v1/communities/\(slug)/flows").items().first { $0["id"] as? String == id }
    }

    @Test(arguments: TestDatabase.all)
    func aForgedFlowWaitsForTheOtherPartyAndCountsNowhereUntilThen(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "forge")
            let (slug, member, steward) = (p.cast.slug, p.cast.member, p.cast.steward)
            let flows = "/api/v1/communities/\(slug)/flows"

            // A member records a million euros from another member to herself: accepted, but pending.
            let forged = try await member.post(flows, euro("@forge_victim", "@forge_member", 1_000_000))
            #expect(forged.status == .created, "\(forged.body.string)")
            #expect(try forged.json()["status"] as? String == "pending")
            #expect(try forged.json()["recordedBy"] as? String == "forge_member")
            #expect(try !forged.json().keys.contains("confirmedBy"), "no one confirmed it yet")
            let id = try forged.json()["id"] as! String
            // It counts nowhere: neither matrix, nor totals, nor a cell's drill-down; the ledger shows it pending.
            #expect(try await totals(member, slug).isEmpty)
            let byNature = try await member.get(flows + "/matrix?by=nature").json()
            #expect((byNature["cells"] as? [Any])?.isEmpty ?? true)
            #expect(try await member.get(flows + "?current=1").items().isEmpty)
            #expect(try await flow(member, slug, id)?["status"] as? String == "pending")
            #expect(try await member.get(flows + "?status=pending").items().count == 1)

            // Neither the recorder nor a third member can confirm it; only the party named (or a steward) sees it awaiting.
            let own = try await member.post(flows + "/\(id)/confirm")
            #expect(own.status == .forbidden)
            #expect((try own.json()["reason"] as? String ?? "").contains("Vous avez enregistré ce flux"), "\(own.body.string)")
            #expect(try await p.third.post(flows + "/\(id)/confirm").status == .forbidden)
            #expect(try await p.third.post(flows + "/\(id)/decline").status == .forbidden)
            #expect(try await p.cast.anonymous.post(flows + "/\(id)/confirm").status != .ok)
            #expect(try await p.third.get(flows + "/pending").items().isEmpty)
            #expect(try await member.get(flows + "/pending").items().isEmpty, "her own entry awaits someone else")
            #expect(try await p.victim.get(flows + "/pending").items().map { $0["id"] as? String } == [id])
            #expect(try await steward.get(flows + "/pending").items().map { $0["id"] as? String } == [id])
            #expect(try await totals(member, slug).isEmpty)

            // Once the member named confirms, it counts; and it cannot be decided twice.
            let yes = try await p.victim.post(flows + "/\(id)/confirm")
            #expect(yes.status == .ok)
            #expect(try yes.json().count == 1 && yes.json()["status"] as? String == "confirmed", "\(yes.body.string)")
            #expect(try await totals(member, slug)["€"] == 1_000_000)
            let confirmed = try await flow(member, slug, id)
            #expect(confirmed?["status"] as? String == "confirmed" && confirmed?["confirmedBy"] as? String == "forge_victim"
                    && confirmed?["confirmedAt"] as? String != nil)
            #expect(try await p.victim.post(flows + "/\(id)/confirm").status == .conflict)
            #expect(try await p.victim.post(flows + "/\(id)/decline").status == .conflict)

            // The party can decline instead: declined flows count nowhere either.
            let second = try await member.post(flows, euro("@forge_victim", "@forge_member", 500)).json()["id"] as! String
            let no = try await p.victim.post(flows + "/\(second)/decline")
            #expect(no.status == .ok)
            #expect(try no.json().count == 1 && no.json()["status"] as? String == "declined", "\(no.body.string)")
            #expect(try await totals(member, slug)["€"] == 1_000_000)
            #expect(try await flow(member, slug, second)?["status"] as? String == "declined")
            #expect(try await p.victim.post(flows + "/\(second)/confirm").status == .conflict)

            // A steward confirms on anyone's behalf, and is recorded as the confirmer.
            let between = try await member.post(flows, euro("@forge_victim", "@forge_third", 70)).json()
            #expect(between["status"] as? String == "pending", "a flow between two others")
            let betweenID = between["id"] as! String
            #expect(try await steward.post(flows + "/\(betweenID)/confirm").json()["status"] as? String == "confirmed")
            #expect(try await flow(member, slug, betweenID)?["confirmedBy"] as? String == "forge_steward")

            // Outside parties cannot confirm: with the recorder, the flow stands on her word (recorded as confirmed by her);
            // with another member, it waits for that member.
            let shop = try await member.post(flows, euro("@forge_member", "outside:Boutique Lumière", 40)).json()
            #expect(shop["status"] as? String == "confirmed" && shop["confirmedBy"] as? String == "forge_member")
            #expect(try await member.post(flows, euro("@forge_victim", "outside:Boutique Lumière", 40)).json()["status"] as? String == "pending")
            #expect(try await member.post(flows, euro("outside:Alpha", "outside:Beta", 40)).json()["status"] as? String == "pending")
            // The community speaks through its stewards.
            let fee = try await member.post(flows, euro("@forge_member", "community", 50)).json()
            #expect(fee["status"] as? String == "pending")
            #expect(try await p.third.post(flows + "/\(fee["id"] as! String)/confirm").status == .forbidden)
            #expect(try await steward.post(flows + "/\(fee["id"] as! String)/confirm").status == .ok)
            #expect(try await steward.post(flows, euro("community", "outside:Imprimerie", 200)).json()["status"] as? String == "confirmed")
            #expect(try await steward.post(flows, euro("community", "@forge_steward", 900)).json()["status"] as? String == "pending",
                    "a steward does not pay herself from the community on her own word")
            #expect(try await totals(member, slug)["€"] == 1_000_000 + 70 + 40 + 50 + 200)
            // Unknown flows and bad ids are 404.
            #expect(try await p.victim.post(flows + "/\(UUID().uuidString)/confirm").status == .notFound)
            #expect(try await p.victim.post(flows + "/nope/decline").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func onlyTheRecorderThePartiesOrAStewardCorrectAFlow(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "rev")
            let (slug, member, steward) = (p.cast.slug, p.cast.member, p.cast.steward)
            let flows = "/api/v1/communities/\(slug)/flows"
            func confirmed(_ body: [String: Any]) async throws -> String {
                let id = try await member.post(flows, body).json()["id"] as! String
                #expect(try await p.victim.post(flows + "/\(id)/confirm").status == .ok)
                return id
            }
            let a = try await confirmed(euro("@rev_member", "@rev_victim", 10))
            let refused = try await p.third.post(flows + "/\(a)/reverse", ["note": "Ce n’est pas vrai"])
            #expect(refused.status == .forbidden)
            #expect((try refused.json()["reason"] as? String ?? "").contains("une partie qu’elle nomme ou un·e animateur·rice peut la corriger"), "\(refused.body.string)")
            #expect(try await totals(member, slug)["€"] == 10, "a refused correction writes nothing")
            // Anyone entitled may: the party named, the recorder, a steward.
            #expect(try await p.victim.post(flows + "/\(a)/reverse", ["note": "Erreur de montant"]).status == .created)
            let b = try await confirmed(euro("@rev_member", "@rev_victim", 20))
            let byRecorder = try await member.post(flows + "/\(b)/reverse", ["note": "Saisi deux fois"])
            #expect(byRecorder.status == .created)
            let c = try await confirmed(euro("@rev_member", "@rev_victim", 30))
            #expect(try await steward.post(flows + "/\(c)/reverse", ["note": "Doublon"]).status == .created)
            #expect(try await totals(member, slug)["€"] == nil, "every correction cancelled its flow")
            // The correction is an entry of its own, recorded by who made it.
            let correction = try await flow(member, slug, try byRecorder.json()["id"] as! String)
            #expect(correction?["recordedBy"] as? String == "rev_member" && correction?["status"] as? String == "confirmed")
            // A pending flow is declined, not corrected.
            let pending = try await member.post(flows, euro("@rev_victim", "@rev_member", 5)).json()["id"] as! String
            #expect(try await member.post(flows + "/\(pending)/reverse", ["note": "Annulation"]).status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.all)
    func exportsNameTheRecorderAndConfirmerNeedSignInAndReadBack(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "exp", visibility: "public")
            let (slug, member) = (p.cast.slug, p.cast.member)
            let api = "/api/v1/communities/\(slug)"
            // A qualitative flow with a description, an appreciation and a note; a confirmed one; a pending one.
            let scarves = try await member.post(api + "/flows", ["from": "@exp_member", "to": "outside:Atelier Lumière", "nature": "material", "measure": "qualitative",
                                                                 "description": "Dix écharpes en dépôt-vente", "appreciation": 4, "note": "Livrées le 2 juin, payées à la vente",
                                                                 "date": "2026-06-02"])
            #expect(scarves.status == .created, "\(scarves.body.string)")
            let scarvesID = try scarves.json()["id"] as! String
            let paid = try await member.post(api + "/flows", euro("@exp_victim", "@exp_member", 75)).json()["id"] as! String
            #expect(try await p.victim.post(api + "/flows/\(paid)/confirm").status == .ok)
            let pending = try await member.post(api + "/flows", euro("@exp_third", "@exp_member", 12)).json()["id"] as! String

            // CSV: the import's columns plus who recorded and confirmed each entry.
            let csv = try await member.get(api + "/flows.csv")
            #expect(csv.status == .ok)
            let records = Self.csvRecords(csv.body.string)
            #expect(records.first == ["id", "from", "to", "nature", "measure", "quantity", "unit", "description", "appreciation", "date", "note",
                                      "reverses", "status", "recorded_by", "recorded_at", "confirmed_by", "confirmed_at"])
            let head = records.first ?? []
            func row(_ id: String) -> [String: String] {
                guard let r = records.first(where: { $0.first == id }) else { return [:] }
                return Dictionary(uniqueKeysWithValues: zip(head, r.map(CSVText.restored)))
            }
            #expect(row(paid)["status"] == "confirmed" && row(paid)["recorded_by"] == "exp_member" && row(paid)["confirmed_by"] == "exp_victim")
            #expect(row(paid)["confirmed_at"]?.isEmpty == false && row(paid)["recorded_at"]?.isEmpty == false)
            #expect(row(pending)["status"] == "pending" && row(pending)["recorded_by"] == "exp_member" && row(pending)["confirmed_by"] == "")
            #expect(row(scarvesID)["description"] == "Dix écharpes en dépôt-vente" && row(scarvesID)["appreciation"] == "4"
                    && row(scarvesID)["note"] == "Livrées le 2 juin, payées à la vente" && row(scarvesID)["confirmed_by"] == "exp_member")

            // JSON: reads back into the same values as the API gives, and as were recorded.
            let json = try await member.get(api + "/flows.json")
            let decoder = try ContentConfiguration.global.requireDecoder(for: .json)
            let exported = try decoder.decode([EconomyAPI.FlowOut].self, from: json.body, headers: json.headers)
            #expect(exported.count == 3)
            let listed = try decoder.decode(CommunityQueries.Page<EconomyAPI.FlowOut>.self, from: try await member.get(api + "/flows").body, headers: json.headers).items
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = .sortedKeys
            #expect(try exported.map { try encoder.encode($0) } == listed.map { try encoder.encode($0) }, "the export is the list, value for value")
            let q = exported.first { $0.id.uuidString == scarvesID }
            #expect(q?.description == "Dix écharpes en dépôt-vente" && q?.appreciation == 4 && q?.note == "Livrées le 2 juin, payées à la vente")
            #expect(q?.measure == "qualitative" && q?.quantity == nil && q?.from == "member:exp_member" && q?.to == "outside:Atelier Lumière" && q?.date == "2026-06-02")
            let c = exported.first { $0.id.uuidString == paid }
            #expect(c?.status == "confirmed" && c?.recordedBy == "exp_member" && c?.confirmedBy == "exp_victim" && c?.confirmedAt != nil && c?.quantity == 75)
            #expect(exported.first { $0.id.uuidString == pending }.map { $0.status == "pending" && $0.confirmedBy == nil } == true)

            // ValueFlows: a qualitative flow keeps its description, its appreciation and its note; every event says who vouched.
            let ld = try await member.get(api + "/flows.jsonld")
            #expect(ld.headers.contentType?.subType == "ld+json")
            let doc = try ld.json()
            let graph = doc["@graph"] as? [[String: Any]] ?? []
            #expect(graph.count == 3)
            // Named by this instance's addresses (no public address in tests: the request's own origin), never a urn.
            #expect(!ld.body.string.contains("urn:"))
            let origin = "http://" + (ld.headers.first(name: .host) ?? "localhost")
            _ = origin
            let flowIRI = { (id: String) in graph.first { ($0["@id"] as? String)?.hasSuffix("/ap/flows/" + id.uppercased()) == true } }
            let e = flowIRI(scarvesID)
            #expect(e?["note"] as? String == "Dix écharpes en dépôt-vente")
            #expect(e?["comment"] as? String == "Livrées le 2 juin, payées à la vente")
            #expect(e?["appreciation"] as? Int == 4)
            let context = doc["@context"] as? [String: Any]
            #expect((context?["comment"] as? String) == "rdfs:comment")
            #expect(((context?["appreciation"] as? [String: String])?["@id"]) == "enjeu:appreciation")
            let v = flowIRI(paid)
            #expect((v?["recordedBy"] as? String)?.hasSuffix("/people/exp_member") == true && (v?["confirmedBy"] as? String)?.hasSuffix("/people/exp_victim") == true)
            #expect(v?["status"] as? String == "confirmed" && v?["confirmedAt"] as? String != nil)
            let w = flowIRI(pending)
            #expect(w?["status"] as? String == "pending" && w?.keys.contains("confirmedBy") == false && (w?["recordedBy"] as? String)?.hasSuffix("/people/exp_member") == true)

            // Bulk flows need sign-in, on a public community too; the catalogue stays open.
            for path in ["/flows.csv", "/flows.json", "/flows.jsonld"] {
                #expect(try await p.cast.anonymous.get(api + path).status == .unauthorized, "\(path)")
                #expect(try await p.cast.outsider.get(api + path).status == .ok, "a signed-in reader of a public community: \(path)")
            }
            for path in ["/offers.csv", "/offers.json"] { #expect(try await p.cast.anonymous.get(api + path).status == .ok, "\(path)") }
            let web = WebClient(app: app)
            for path in ["flows.csv", "flows.jsonld"] {
                let res = try await web.get("/communities/\(slug)/economy/\(path)")
                #expect(res.status == .seeOther && (res.headers.first(name: .location) ?? "").hasPrefix("/signin"), "\(path) → \(res.status)")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func exportsStreamEveryPage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "bulk")
            let slug = p.cast.slug
            struct Row: Decodable { let id: UUID }
            let community = try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)!.id
            let member = try await app.db.row("SELECT id FROM users WHERE handle = 'bulk_member'", as: Row.self)!.id
            // 2,345 flows: two full pages of 1,000 and a partial one.
            let n = 2_345
            let drafts = (0..<n).map { i in
                (app.enjeu.ids.next(), FlowDraft.Valid(from: .member("bulk_member"), to: .outside("Client \(i)"), nature: .material, measure: .quantitative,
                                                       quantity: Double(i), unit: "€", description: "n°\(i), \"cité\"", appreciation: nil, date: "2026-05-01", note: ""))
            }
            try await app.write(on: app.db) { db in
                for start in stride(from: 0, to: n, by: 400) {
                    try await EconomyService.insert(db, Array(drafts[start..<min(n, start + 400)]), community: community, by: member, now: Date(), offer: nil)
                }
            }
            // Offers: one more than a page.
            try await app.write(on: app.db) { db in
                for i in 0..<1_001 {
                    try await sql(db).raw("""
                        INSERT INTO offers (id, community_id, owner_id, kind, title, description, terms, tags, place, folded, created_at)
                        VALUES (\(bind: app.enjeu.ids.next()), \(bind: community), \(bind: member), 'service', \(bind: "Offre \(i)"), 'Une offre de test.', '', '', '', '', \(bind: Date()))
                        """).run()
                }
            }
            let api = "/api/v1/communities/\(slug)"
            let json = try await p.cast.member.get(api + "/flows.json")
            let items = try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [[String: Any]] ?? []
            #expect(items.count == n && Set(items.compactMap { $0["id"] as? String }).count == n, "every flow once")
            #expect(Set(drafts.map { $0.0.uuidString }) == Set(items.compactMap { $0["id"] as? String }))
            #expect(Self.csvRecords(try await p.cast.member.get(api + "/flows.csv").body.string).count == n + 1)
            #expect((try await p.cast.member.get(api + "/flows.jsonld").json()["@graph"] as? [Any])?.count == n)
            #expect(Self.csvRecords(try await p.cast.member.get(api + "/offers.csv").body.string).count == 1_002)
            #expect((try JSONSerialization.jsonObject(with: Data(try await p.cast.member.get(api + "/offers.json").body.readableBytesView)) as? [Any])?.count == 1_001)
            // Over the network the body is sent as it is read (chunked), never built whole first.
            let live = try await p.cast.member.send(.GET, api + "/flows.csv", overNetwork: true)
            #expect(live.status == .ok)
            #expect(live.headers.first(name: .contentLength) == nil && live.headers.first(name: .transferEncoding)?.lowercased() == "chunked",
                    "\(live.headers)")
        }
    }

    @Test(arguments: TestDatabase.all)
    func thePartyConfirmsOrDeclinesOnTheLedgerPage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "page")
            let (slug, member) = (p.cast.slug, p.cast.member)
            let flows = "/api/v1/communities/\(slug)/flows"
            let a = try await member.post(flows, euro("@page_victim", "@page_member", 30)).json()["id"] as! String
            let b = try await member.post(flows, euro("@page_victim", "@page_member", 40)).json()["id"] as! String
            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "page_victim@example.org", "password": "correct horse battery"]).status == .seeOther)
            let page = try await web.get("/communities/\(slug)/economy/flows")
            let html = page.body.string
            #expect(html.contains("En attente de votre confirmation"))
            #expect(html.contains("action=\"/communities/\(slug)/economy/flows/\(a)/confirm\"") && html.contains("action=\"/communities/\(slug)/economy/flows/\(b)/decline\""))
            #expect(html.contains("enregistré par @page_member"))
            // Forms need their CSRF token like every other.
            #expect(try await web.post("/communities/\(slug)/economy/flows/\(a)/confirm", [:], csrf: false).status == .forbidden)
            #expect(try await flow(member, slug, a)?["status"] as? String == "pending")
            let yes = try await web.post("/communities/\(slug)/economy/flows/\(a)/confirm", [:])
            #expect(yes.status == .seeOther)
            let no = try await web.post("/communities/\(slug)/economy/flows/\(b)/decline", [:])
            #expect(no.status == .seeOther)
            #expect(try await flow(member, slug, a)?["status"] as? String == "confirmed")
            #expect(try await flow(member, slug, b)?["status"] as? String == "declined")
            let after = try await web.get("/communities/\(slug)/economy/flows").body.string
            #expect(!after.contains("En attente de votre confirmation"))
            #expect(after.contains("confirmé par @page_victim") && after.contains("refusé par @page_victim"))
            // The recorder sees no buttons for her own entries.
            let recorder = WebClient(app: app)
            _ = try await recorder.post("/signin", ["email": "page_member@example.org", "password": "correct horse battery"])
            _ = try await member.post(flows, euro("@page_victim", "@page_member", 50))
            #expect(!(try await recorder.get("/communities/\(slug)/economy/flows").body.string.contains("En attente de votre confirmation")))
        }
    }

    /// RFC 4180 records (quoted fields may hold separators, quotes and line breaks).
    static func csvRecords(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, pendingQuote = false
        for c in text.unicodeScalars {
            if quoted {
                if pendingQuote {
                    pendingQuote = false
                    if c == "\"" { field.unicodeScalars.append(c); continue }
                    quoted = false
                } else if c == "\"" { pendingQuote = true; continue } else { field.unicodeScalars.append(c); continue }
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

extension EconomyLedgerTests {
    @Test(arguments: TestDatabase.all)
    func entriesRecordedBeforeConfirmationCountAsConfirmedByNoOneKnown(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let p = try await people(app, "old")
            struct Row: Decodable { let id: UUID }
            let community = try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: p.cast.slug)", as: Row.self)!.id
            let member = try await app.db.row("SELECT id FROM users WHERE handle = 'old_member'", as: Row.self)!.id
            // The schema as it was, and a flow between two others written then (one connection: SQLite keeps one per event loop).
            let id = UUID()
            try await app.db.withConnection { db in
                try await M020ConfirmFlows().revert(on: db)
                try await sql(db).raw("""
                    INSERT INTO flows (id, community_id, from_key, to_key, nature, measure, quantity, unit, description, appreciation, date, note,
                      recorded_by, created_at, cancelled)
                    VALUES (\(bind: id), \(bind: community), 'member:old_victim', 'member:old_third', 'material', 'quantitative', 8, '€', '', NULL,
                      '2026-01-02', '', \(bind: member), \(bind: Date()), \(bind: false))
                    """).run()
                try await M020ConfirmFlows().prepare(on: db)
                // Written before the ledger's sums were kept: the migration that keeps them counted it (M027's backfill).
                try await EconomyIndex.rebuild(db, communities: [community])
            }
            let f = try await flow(p.cast.member, p.cast.slug, id.uuidString)
            #expect(f?["status"] as? String == "confirmed" && f?["recordedBy"] as? String == "old_member" && f?.keys.contains("confirmedBy") == false)
            #expect(try await totals(p.cast.member, p.cast.slug)["€"] == 8, "it counts, as it did")
            #expect(try await p.cast.steward.post("/api/v1/communities/\(p.cast.slug)/flows/\(id.uuidString)/confirm").status == .conflict)
        }
    }
}
