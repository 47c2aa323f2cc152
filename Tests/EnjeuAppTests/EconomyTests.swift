import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct EconomyTests {
    func cast(_ app: Application, _ prefix: String, visibility: String = "members") async throws -> (Cast, APIClient) {
        let cast = try await Cast.make(app, visibility: visibility, prefix: prefix)
        let extra = try await APIClient(app: app).person(prefix + "_extra")
        let id = try await extra.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await extra.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
        return (cast, extra)
    }

    func offer(_ who: APIClient, _ slug: String, _ title: String, kind: String = "service", description: String) async throws -> String {
        let res = try await who.post("/api/v1/communities/\(slug)/offers", ["kind": kind, "title": title, "description": description,
                                                                           "tags": ["tissage"], "place": "Lyon"])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as! String
    }

    @Test(arguments: TestDatabase.all)
    func catalogueReferralsFlowsAndMatrices(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "eco")
            let slug = cast.slug
            let weaving = try await offer(cast.member, slug, "Cours de tissage", description: "Initiation au métier à tisser, deux heures, à l'atelier.")
            let dyeing = try await offer(extra, slug, "Teinture végétale", kind: "product", description: "Écheveaux teints à la garance et au pastel.")
            _ = try await offer(cast.steward, slug, "Réparation de métiers", description: "Remise en état des métiers anciens.")

            // Full-text search: ranked, accents ignored, stems and prefixes.
            func search(_ q: String) async throws -> [String] {
                let items = try await cast.member.get("/api/v1/communities/\(slug)/offers?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q)).items()
                return items.compactMap { $0["title"] as? String }
            }
            #expect(try await search("teinture") == ["Teinture végétale"])
            #expect(try await search("VEGETALE") == ["Teinture végétale"], "accents and case ignored")
            #expect(try await search("tiss").contains("Cours de tissage"), "prefixes")
            #expect(try await search("métiers").contains("Réparation de métiers"))
            for hostile in ["\"", "*", "NEAR(a b)", "'; DROP TABLE offers; --", "teinture OR", "a\"b*c"] {
                let res = try await cast.member.get("/api/v1/communities/\(slug)/offers?q=" + (hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                #expect(res.status == .ok, "\(hostile) → \(res.status)")
            }
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/offers").items().count == 3)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/offers?kind=product").items().count == 1)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/offers?tag=tissage").items().count == 3)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/offers?tag=tiss").items().isEmpty, "a tag matches whole")
            #expect(try await cast.member.get("/api/v1/offers?community=\(slug)&kind=product").items().count == 1)

            // Referrals: never one's own offer; the owner moves them; completion records a flow.
            let mine = try await cast.member.post("/api/v1/communities/\(slug)/offers/\(weaving)/referrals", ["beneficiary": "Mme Durand"])
            #expect(mine.status == .forbidden)
            let ref1 = try await extra.post("/api/v1/communities/\(slug)/offers/\(weaving)/referrals", ["beneficiary": "Mme Durand", "note": "Voisine curieuse"])
            #expect(ref1.status == .created, "\(ref1.body.string)")
            let r1 = try ref1.json()["id"] as! String
            let ref2 = try await cast.steward.post("/api/v1/communities/\(slug)/offers/\(dyeing)/referrals", ["beneficiary": "mme durand"])
            let r2 = try ref2.json()["id"] as! String
            #expect(try await extra.post("/api/v1/communities/\(slug)/offers/\(weaving)/referrals", ["beneficiary": "@nobody_here"]).status == .unprocessableEntity)
            #expect(try await extra.post("/api/v1/communities/\(slug)/referrals/\(r1)/status", ["status": "taken-up"]).status == .forbidden, "only the owner")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/referrals/\(r1)/status", ["status": "completed"]).status == .conflict, "taken up first")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/referrals/\(r1)/status", ["status": "taken-up"]).status == .ok)
            let done = try await cast.member.post("/api/v1/communities/\(slug)/referrals/\(r1)/status", ["status": "completed"])
            #expect(try done.json()["flow"] as? String != nil, "completion recorded a flow")
            let referralFlow = try await cast.member.get("/api/v1/communities/\(slug)/flows").items().first { $0["id"] as? String == (try? done.json()["flow"] as? String) }
            #expect(referralFlow?["status"] as? String == "confirmed" && referralFlow?["recordedBy"] as? String == "eco_member"
                    && referralFlow?["confirmedBy"] as? String == "eco_member", "the owner's completion is the flow's confirmation")
            #expect(try await extra.post("/api/v1/communities/\(slug)/referrals/\(r2)/status", ["status": "taken-up"]).status == .ok)
            let m = try await cast.member.get("/api/v1/communities/\(slug)/multipliers").json()
            #expect(m["crossSolicitation"] as? Int == 1, "Mme Durand came for one offer and took up another")
            #expect(m["salesForce"] as? Int == 2)
            let mm = try await cast.member.get("/api/v1/communities/\(slug)/multipliers?member=eco_member").json()
            #expect(mm["salesForce"] as? Int == 1 && mm["diversity"] as? Int == 2 && mm["referralsCompleted"] as? Int == 1)

            // The ledger: quantitative with unit, qualitative without quantity; corrections never erase.
            let flows = "/api/v1/communities/\(slug)/flows"
            let paid = try await cast.member.post(flows, ["from": "@eco_extra", "to": "community", "nature": "material", "measure": "quantitative",
                                                          "quantity": 120, "unit": "€", "date": "2026-06-01", "description": "Cotisation"])
            #expect(paid.status == .created, "\(paid.body.string)")
            let given = try await cast.member.post(flows, ["from": "eco_member", "to": "@eco_extra", "nature": "immaterial", "measure": "quantitative",
                                                          "quantity": 3, "unit": "h", "date": "2026-06-02"])
            let wrong = try await cast.member.post(flows, ["from": "eco_member", "to": "@eco_extra", "nature": "immaterial", "measure": "quantitative",
                                                           "quantity": 30, "unit": "h", "date": "2026-06-03"])
            // Each names eco_extra, so counts once she confirms it.
            for res in [paid, given, wrong] {
                #expect(try res.json()["status"] as? String == "pending")
                #expect(try await extra.post(flows + "/\(try res.json()["id"] as! String)/confirm").status == .ok)
            }
            for bad in [["quantity": -1, "unit": "€"], ["quantity": 5], ["measure": "qualitative", "quantity": 5, "description": "x"],
                        ["from": "@nobody_here"], ["date": "2026-13-01"], ["from": "community", "to": "community"], ["nature": "spiritual"]] as [[String: Any]] {
                var body: [String: Any] = ["from": "eco_member", "to": "@eco_extra", "nature": "material", "measure": "quantitative", "quantity": 1, "unit": "€", "date": "2026-06-01"]
                for (k, v) in bad { body[k] = v }
                if bad["quantity"] != nil && bad["unit"] == nil && bad["measure"] == nil { body["unit"] = nil }
                let res = try await cast.member.post(flows, body)
                #expect(res.status == .unprocessableEntity, "\(bad) → \(res.status) \(res.body.string)")
            }
            let wrongID = try wrong.json()["id"] as! String
            #expect(try await cast.member.post(flows + "/\(wrongID)/reverse", ["note": "Erreur de saisie : 3 h, pas 30"]).status == .created)
            #expect(try await cast.member.post(flows + "/\(wrongID)/reverse", ["note": "Encore"]).status == .conflict)
            #expect(try await cast.member.get(flows).items().count == 5, "the referral's flow, three entered, one correction")

            let matrix = try await cast.member.get(flows + "/matrix?by=actor").json()
            let cells = matrix["cells"] as? [[String: Any]] ?? []
            let hours = cells.first { $0["row"] as? String == "member:eco_member" && $0["column"] as? String == "member:eco_extra" }
            #expect((hours?["totals"] as? [String: Double])?["h"] == 3, "the reversed 30 h cancels out")
            let behind = try await cast.member.get(hours?["events"] as? String ?? "/none").items()
            #expect(behind.count == 1, "the cell links to the one flow behind it")
            // Beneficiaries' names and notes are for the owner, the referrer and stewards.
            #expect(try await cast.steward.get("/api/v1/communities/\(slug)/offers/\(weaving)/referrals").body.string.contains("Durand"))
            #expect(!(try await cast.member.get("/api/v1/communities/\(slug)/offers/\(dyeing)/referrals").body.string.contains("durand")),
                    "a member who is neither the owner nor the referrer sees no beneficiary")
            #expect((matrix["totals"] as? [String: Double])?["€"] == 120)
            #expect((matrix["totals"] as? [String: Double])?["h"] == 3, "€ and hours are never added")
            let byNature = try await cast.member.get(flows + "/matrix?by=nature&from=2026-06-01&to=2026-06-30").json()
            #expect((byNature["cells"] as? [[String: Any]])?.count == 2)
            #expect(try await cast.member.get(flows + "/matrix?by=colour").status == .unprocessableEntity)
            #expect(try await cast.member.get(flows + "/matrix?from=demain").status == .unprocessableEntity)

            // CSV import: all or nothing, every faulty row named.
            var csv = "from,to,nature,measure,quantity,unit,description,appreciation,date,note\n"
            // Flows between the importer and an outside party: confirmed at once (a member named would have to confirm).
            for i in 0..<50 { csv += "@eco_member,outside:Marché,material,quantitative,\(i),€,\"Don, n°\(i)\",,2026-05-0\(i % 9 + 1),\n" }
            let ok = try await cast.member.send(.POST, flows + "/import", raw: csv, contentType: "text/csv")
            #expect(ok.status == .created, "\(ok.body.string)")
            #expect(try ok.json()["imported"] as? Int == 50)
            var bad = csv
            bad += "@eco_member,community,material,quantitative,-4,€,,,2026-05-01,\n@ghost_member,community,immaterial,qualitative,,,Merci,6,2026-05-01,\n"
            let refused = try await cast.member.send(.POST, flows + "/import", raw: bad, contentType: "text/csv")
            #expect(refused.status == .unprocessableEntity)
            let reason = try refused.json()["reason"] as? String ?? ""
            #expect(reason.contains("ligne 52") && reason.contains("ligne 53"), "\(reason)")
            #expect(try await cast.member.get(flows + "/matrix?by=actor").json()["totals"].map { ($0 as? [String: Double])?["€"] } == 120 + Double((0..<50).reduce(0, +)),
                    "nothing of the refused file was written")

            // Pyramid and exports.
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/pyramid", ["member": "eco_member", "layer": "creation", "role": "Tisserande"]).status == .created)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/pyramid", ["member": "eco_extra", "layer": "capital", "role": "Apport"]).status == .forbidden)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/pyramid", ["member": "eco_extra", "layer": "capital", "role": "Apport", "amount": 500, "unit": "€", "share": 20]).status == .created)
            let pyramid = try await cast.member.get("/api/v1/communities/\(slug)/pyramid").json()
            #expect(pyramid["capitalWithoutCreation"] as? [String] == ["eco_extra"])
            #expect(pyramid["creationWithoutCapital"] as? [String] == ["eco_member"])
            let ld = try await cast.member.get("/api/v1/communities/\(slug)/flows.jsonld")
            #expect(ld.headers.contentType?.subType == "ld+json")
            let graph = try ld.json()["@graph"] as? [[String: Any]] ?? []
            #expect(graph.count == 55)
            #expect(graph.contains { $0["action"] as? String == "vf:transfer" && ($0["resourceQuantity"] as? [String: Any])?["rdfs:label"] as? String == "€" })
            #expect(graph.contains { $0["action"] as? String == "vf:deliverService" })
            let context = try ld.json()["@context"] as? [String: Any]
            #expect((context?["action"] as? [String: String])?["@type"] == "@id", "actions are IRIs")
            #expect(((try ld.json()["@context"] as? [String: Any])?["vf"] as? String) == "https://w3id.org/valueflows/ont/vf#")
            // A flow can name the journey action it belongs to (of this community only).
            let action = try await cast.member.post("/api/v1/communities/\(slug)/actions", ["title": "Atelier ouvert"]).json()["id"] as! String
            let linked = try await cast.member.post(flows, ["from": "community", "to": "@eco_extra", "nature": "immaterial", "measure": "qualitative",
                                                            "description": "Prêt de la salle", "date": "2026-06-05", "action": action])
            #expect(linked.status == .created, "\(linked.body.string)")
            #expect(try linked.json()["action"] as? String == action)
            #expect(try await cast.member.post(flows, ["from": "community", "to": "@eco_extra", "nature": "immaterial", "measure": "qualitative",
                                                       "description": "Prêt", "date": "2026-06-05", "action": UUID().uuidString]).status == .unprocessableEntity)
            let all = try await cast.member.get("/api/v1/communities/\(slug)/flows.json")
            #expect((try JSONSerialization.jsonObject(with: Data(all.body.readableBytesView)) as? [Any])?.count == 56)
            let offersJSON = try await cast.member.get("/api/v1/communities/\(slug)/offers.json")
            #expect((try JSONSerialization.jsonObject(with: Data(offersJSON.body.readableBytesView)) as? [Any])?.count == 3)
            let flowsCSV = try await cast.member.get("/api/v1/communities/\(slug)/flows.csv")
            #expect(flowsCSV.body.string.contains("\"Don, n°1\""))
        }
    }

    @Test(arguments: TestDatabase.all)
    func theEcosystemShowsOnlyWhatTheReaderMaySee(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (closed, _) = try await cast(app, "ecoa")
            let (open, _) = try await cast(app, "ecob", visibility: "public")
            _ = try await offer(closed.member, closed.slug, "Atelier secret de feutrage", description: "Réservé aux membres de la coopérative.")
            _ = try await offer(open.member, open.slug, "Atelier public de feutrage", description: "Ouvert à tous, le samedi.")
            let anon = try await closed.anonymous.get("/api/v1/offers?q=feutrage").items().compactMap { $0["title"] as? String }
            #expect(anon == ["Atelier public de feutrage"])
            let member = try await closed.member.get("/api/v1/offers?q=feutrage").items().compactMap { $0["title"] as? String }
            #expect(Set(member) == ["Atelier public de feutrage", "Atelier secret de feutrage"])
            #expect(!(try await closed.outsider.get("/api/v1/offers").body.string.contains("secret")))
            for path in ["/offers", "/flows", "/flows/matrix", "/pyramid", "/flows.jsonld", "/multipliers"] {
                let res = try await closed.outsider.get("/api/v1/communities/\(closed.slug)" + path)
                #expect(res.status == .notFound, "\(path) → \(res.status)")
            }
            let web = WebClient(app: app)
            #expect(try await web.get("/catalogue?q=feutrage").body.string.contains("Atelier public de feutrage"))
            #expect(!(try await web.get("/catalogue?q=feutrage").body.string.contains("secret")))
            #expect(try await web.get("/communities/\(closed.slug)/economy").status == .notFound)
            for path in ["", "/flows", "/pyramid"] {
                #expect(try await web.get("/communities/\(open.slug)/economy" + path).status == .ok, "\(path)")
            }
            #expect(try await web.get("/communities/\(open.slug)/economy/flows").body.string.contains("<svg class=\"chart heat\""))
        }
    }
}
