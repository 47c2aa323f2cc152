import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Flows between communities and organisations (issue 16, part 4): proposed by one side, decided by the other,
/// one entry in both ledgers, both matrices and the parties' sums.
@Suite struct PartyFlowTests {
    /// `atelier` (public, steward ana, member momo, member organisation `coop` represented by camille), `reseau`
    /// (public, steward rita), `secret` (members-only, steward sam).
    struct World {
        let api: APIClient, ana: APIClient, rita: APIClient, sam: APIClient, momo: APIClient, camille: APIClient
        static func make(_ app: Application) async throws -> World {
            let api = APIClient(app: app)
            let ana = try await api.person("ana"), rita = try await api.person("rita"), sam = try await api.person("sam")
            let momo = try await api.person("momo"), camille = try await api.person("camille")
            #expect(try await ana.post("/api/v1/communities", communityBody("atelier", visibility: "public")).status == .created)
            #expect(try await rita.post("/api/v1/communities", communityBody("reseau", visibility: "public")).status == .created)
            #expect(try await sam.post("/api/v1/communities", communityBody("secret")).status == .created)
            let id = try await momo.post("/api/v1/communities/atelier/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await ana.post("/api/v1/communities/atelier/join-requests/\(id)/approve").status == .ok)
            #expect(try await momo.post("/api/v1/communities/atelier/charter/accept", ["version": 1]).status == .ok)
            #expect(try await camille.post("/api/v1/organisations", organisationBody("coop")).status == .created)
            let asked = try await camille.post("/api/v1/communities/atelier/join-requests", ["organisation": "coop"]).json()["id"] as! String
            #expect(try await ana.post("/api/v1/communities/atelier/join-requests/\(asked)/approve").status == .ok)
            #expect(try await camille.post("/api/v1/communities/atelier/charter/accept", ["version": 1, "organisation": "coop"]).status == .ok)
            return World(api: api, ana: ana, rita: rita, sam: sam, momo: momo, camille: camille)
        }
    }

    static func hours(_ from: String, _ to: String, _ n: Double = 3) -> [String: Any] {
        ["from": from, "to": to, "nature": "immaterial", "measure": "quantitative", "quantity": n, "unit": "h", "date": "2026-09-01"]
    }

    static func parties(_ app: Application) async throws -> [String] {
        struct Row: Decodable { let line: String }
        return try await app.db.rows("""
            SELECT from_party || '>' || to_party || '|' || unit || '|' || CAST(flows AS TEXT) || '|' || CAST(CAST(total AS BIGINT) AS TEXT) AS line
            FROM party_flows ORDER BY from_party, to_party, unit
            """, as: Row.self).map(\.line)
    }

    static func cells(_ res: TestingHTTPResponse) throws -> [String] {
        #expect(res.status == .ok, "\(res.body.string)")
        return (try res.json()["cells"] as? [[String: Any]] ?? []).map { "\($0["row"] ?? "")>\($0["column"] ?? "")" }
    }

    @Test(arguments: TestDatabase.all)
    func aFlowBetweenCommunitiesIsOneEntryInBothLedgers(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let reseauPage = try await w.rita.get("/communities/reseau/economy/flows")
            #expect(reseauPage.status == .ok)

            let made = try await w.ana.post("/api/v1/communities/atelier/flows", Self.hours("community", "community:reseau"))
            #expect(made.status == .created, "\(made.body.string)")
            #expect(try made.json()["status"] as? String == "pending" && made.json()["awaiting"] as? String == "community:reseau")
            let id = try #require(try made.json()["id"] as? String)
            #expect(try await Self.parties(app).isEmpty, "a pending flow counts nowhere")
            #expect(try await Self.cells(w.api.get("/api/v1/communities/atelier/flows/matrix")).isEmpty)

            // The other community sees it, awaiting itself, in its own words; its page is not served stale.
            let seen = try await w.rita.get("/api/v1/communities/reseau/flows").items()
            #expect(seen.map { $0["id"] as? String } == [id])
            #expect(seen.first?["from"] as? String == "community:atelier" && seen.first?["to"] as? String == "community")
            #expect(seen.first?["awaiting"] as? String == "community" && seen.first?["recordedBy"] == nil, "who recorded it is atelier's")
            #expect(try await w.rita.get("/api/v1/communities/reseau/flows/pending").items().map { $0["id"] as? String } == [id])
            #expect(try await w.ana.get("/api/v1/communities/atelier/flows/pending").items().isEmpty, "not atelier's to decide")
            #expect(try await w.rita.get("/communities/reseau/economy/flows").body.string.contains("atelier"))

            // Only the other side decides: not its recorder, not another of atelier's, not an outsider.
            #expect(try await w.ana.post("/api/v1/communities/atelier/flows/\(id)/confirm").status == .forbidden)
            #expect(try await w.momo.post("/api/v1/communities/atelier/flows/\(id)/confirm").status == .forbidden)
            #expect(try await w.sam.post("/api/v1/communities/reseau/flows/\(id)/confirm").status == .forbidden)
            #expect(try await w.sam.post("/api/v1/communities/secret/flows/\(id)/confirm").status == .notFound)
            let confirmed = try await w.rita.post("/api/v1/communities/reseau/flows/\(id)/confirm")
            #expect(try confirmed.status == .ok && confirmed.json()["status"] as? String == "confirmed")
            #expect(try await w.rita.post("/api/v1/communities/atelier/flows/\(id)/confirm").status == .conflict)

            // One entry, one id, in both ledgers, both matrices and the parties' sums.
            let home = try await w.api.get("/api/v1/communities/atelier/flows").items()
            #expect(home.map { $0["id"] as? String } == [id] && home.first?["status"] as? String == "confirmed")
            #expect(home.first?["confirmedBy"] == nil, "who confirmed it is reseau's")
            let there = try await w.api.get("/api/v1/communities/reseau/flows").items().first
            #expect(there?["status"] as? String == "confirmed" && there?["confirmedBy"] as? String == "rita", "reseau's own steward is reseau's to name")
            let matrix = try await w.api.get("/api/v1/communities/atelier/flows/matrix")
            #expect(try Self.cells(matrix) == ["community>community:reseau"], "\(matrix.body.string)")
            #expect(try await Self.cells(w.api.get("/api/v1/communities/reseau/flows/matrix")) == ["community:atelier>community"])
            #expect(try await Self.parties(app) == ["community:atelier>community:reseau|h|1|3"])
            let drill = try await w.api.get("/api/v1/communities/reseau/flows?from=community:atelier&to=community&current=1").items()
            #expect(drill.map { $0["id"] as? String } == [id], "a cell's flows, in the other ledger too")
            let period = try await w.api.get("/api/v1/communities/reseau/flows/matrix?from=2026-01-01&to=2026-12-31")
            #expect(try Self.cells(period) == ["community:atelier>community"], "the ledger read over a period agrees")

            // What is kept equals a rebuild, for both communities and the parties.
            let ids = try await app.db.rows("SELECT id FROM communities WHERE slug IN ('atelier', 'reseau')", as: IDRow.self).map(\.id)
            var kept: [[String: [String]]] = []
            for c in ids { kept.append(try await EconomyIndexTests.snapshot(app, c)) }
            let keptParties = try await Self.parties(app)
            try await app.context().write { db in try await EconomyIndex.rebuild(db) }
            for (i, c) in ids.enumerated() { #expect(try await EconomyIndexTests.snapshot(app, c) == kept[i]) }
            #expect(try await Self.parties(app) == keptParties)

            // Corrected from the other side: gone from both matrices and the parties' sums.
            #expect(try await w.rita.post("/api/v1/communities/reseau/flows/\(id)/reverse", ["note": "Erreur"]).status == .created)
            #expect(try await Self.cells(w.api.get("/api/v1/communities/atelier/flows/matrix")).isEmpty)
            #expect(try await Self.cells(w.api.get("/api/v1/communities/reseau/flows/matrix")).isEmpty)
            #expect(try await Self.parties(app).isEmpty)
            let corrected = try await w.api.get("/api/v1/communities/atelier/flows").items()
            #expect(corrected.count == 2 && corrected.first?["reverses"] as? String == id)
            #expect(corrected.first?["recordedBy"] == nil && corrected.first?["confirmedBy"] == nil, "who corrected from reseau is not atelier's to name")
        }
    }

    struct IDRow: Decodable { let id: UUID }

    @Test(arguments: TestDatabase.all)
    func whatCannotBeRecordedIsRefusedAndNothingWritten(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let refused: [(String, APIClient, String, [String: Any], HTTPStatus)] = [
                ("itself as another community", w.ana, "atelier", Self.hours("community", "community:atelier"), .unprocessableEntity),
                ("an unknown community", w.ana, "atelier", Self.hours("community", "community:nulle-part"), .unprocessableEntity),
                ("two other communities", w.ana, "atelier", Self.hours("community:reseau", "community:secret"), .unprocessableEntity),
                ("another community and an outsider", w.ana, "atelier", Self.hours("community:reseau", "outside:Boulangerie"), .unprocessableEntity),
                ("an organisation that is not a member", w.rita, "reseau", Self.hours("community", "org:coop"), .unprocessableEntity),
                ("an unknown organisation", w.ana, "atelier", Self.hours("community", "org:inconnue"), .unprocessableEntity),
                ("no side of hers", w.momo, "atelier", Self.hours("community", "community:reseau"), .forbidden),
                ("an organisation she does not represent", w.momo, "atelier", Self.hours("org:coop", "community:reseau"), .forbidden),
            ]
            for (name, who, slug, body, status) in refused {
                let res = try await who.post("/api/v1/communities/\(slug)/flows", body)
                #expect(res.status == status, "\(name): \(res.status) \(res.body.string)")
                #expect((try? res.json()["reason"] as? String)?.isEmpty == false, "\(name)")
            }
            #expect(try await rowCount(app, "flows") == 0)
            // A file with another party's rows: imported, those rows pending.
            let csv = "from,to,nature,measure,quantity,unit,date\ncommunity,community:reseau,material,quantitative,12,kg,2026-08-01\n"
                + "community,outside:Marché,material,quantitative,5,kg,2026-08-02\n"
            #expect(try await FlowImportTests.importCSV(w.ana, "atelier", csv).status == .created)
            #expect(try await rowCount(app, "flows", where: "status = 'pending' AND awaiting_key = 'community:reseau'") == 1)
            #expect(try await rowCount(app, "flows", where: "status = 'confirmed'") == 1)
            let bad = "from,to,nature,measure,quantity,unit,date\ncommunity:reseau,community:secret,material,quantitative,1,kg,2026-08-01\n"
            #expect(try await FlowImportTests.importCSV(w.ana, "atelier", bad).status == .unprocessableEntity)
            #expect(try await rowCount(app, "flows") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOrganisationDecidesThroughItsRepresentatives(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let flows = "/api/v1/communities/atelier/flows"
            let given = try await w.momo.post(flows, Self.hours("momo", "org:coop", 2))
            #expect(try given.status == .created && given.json()["awaiting"] as? String == "org:coop", "\(given.body.string)")
            let id = try #require(try given.json()["id"] as? String)
            // Camille is no member of atelier: she decides for the organisation all the same; ana, its steward, does not.
            #expect(try await w.camille.get("/api/v1/communities/atelier").json()["relation"] as? String == "outsider")
            #expect(try await w.ana.post(flows + "/\(id)/confirm").status == .forbidden)
            #expect(try await w.rita.post(flows + "/\(id)/confirm").status == .forbidden)
            #expect(try await w.camille.get(flows + "/pending").status == .forbidden, "the community's list is for contributors")
            // The organisation's own list is where its representatives find it; no one else reads it.
            let awaiting = "/api/v1/organisations/coop/flows/awaiting"
            let listed = try await w.camille.get(awaiting).items()
            #expect(listed.map { $0["id"] as? String } == [id] && (listed.first?["home"] as? [String: Any])?["slug"] as? String == "atelier")
            #expect(try await w.momo.get(awaiting).status == .forbidden)
            #expect(try await w.api.get(awaiting).status == .unauthorized)
            let ok = try await w.camille.post(flows + "/\(id)/confirm")
            #expect(try ok.status == .ok && ok.json()["status"] as? String == "confirmed")
            let entry = try await w.api.get(flows).items().first
            #expect(entry?["confirmedBy"] as? String == "camille", "what an organisation does shows who did it")
            #expect(try await Self.parties(app) == ["community:atelier>org:coop|h|1|2"])

            // Declined: shown as such, counted nowhere.
            let other = try await w.momo.post(flows, Self.hours("momo", "org:coop", 5)).json()["id"] as! String
            let no = try await w.camille.post(flows + "/\(other)/decline")
            #expect(try no.status == .ok && no.json()["status"] as? String == "declined")
            #expect(try await Self.parties(app) == ["community:atelier>org:coop|h|1|2"])
            // A steward speaks for the community; the organisation answers.
            let back = try await w.ana.post(flows, Self.hours("community", "org:coop", 1))
            #expect(try back.json()["awaiting"] as? String == "org:coop")
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOrganisationIsToldAndAnswersFromItsPage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let id = try await w.momo.post("/api/v1/communities/atelier/flows", Self.hours("momo", "org:coop", 2)).json()["id"] as! String
            #expect(try await rowCount(app, "notifications", where: "kind = 'request' AND link = '/organisations/coop'") == 1)
            let toReseau = try await w.ana.post("/api/v1/communities/atelier/flows", Self.hours("community", "community:reseau")).json()["id"] as! String
            #expect(try await rowCount(app, "notifications", where: "kind = 'request' AND link = '/communities/reseau/economy/flows'") == 1)
            _ = toReseau

            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "camille@example.org", "password": "correct horse battery"]).status == .seeOther)
            let page = try await web.get("/organisations/coop").body.string
            #expect(page.contains("awaiting-title") && page.contains("action=\"/communities/atelier/economy/flows/\(id)/confirm\""))
            #expect(!page.contains("@momo"), "the entry's sides are parties")
            #expect(!(try await WebClient(app: app).get("/organisations/coop").body.string.contains("awaiting-title")), "for representatives only")
            let answered = try await web.post("/communities/atelier/economy/flows/\(id)/confirm", ["back": "/organisations/coop"])
            #expect(answered.status == .seeOther && answered.headers.first(name: .location) == "/organisations/coop")
            #expect(try await rowCount(app, "flows", where: "status = 'confirmed' AND awaiting_key = 'org:coop'") == 1)
            let other = try await w.momo.post("/api/v1/communities/atelier/flows", Self.hours("momo", "org:coop", 4)).json()["id"] as! String
            let elsewhere = try await web.post("/communities/atelier/economy/flows/\(other)/decline", ["back": "https://ailleurs.example"])
            #expect(elsewhere.headers.first(name: .location) == "/communities/atelier/economy/flows", "never sent off the site")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyCommunityShowsNoMemberToTheOther(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            var body = Self.hours("sam", "community:atelier", 4)
            body["note"] = "Entre nous : facture 12"
            let made = try await w.sam.post("/api/v1/communities/secret/flows", body)
            #expect(made.status == .created, "\(made.body.string)")
            let id = try #require(try made.json()["id"] as? String)
            #expect(try await w.ana.post("/api/v1/communities/atelier/flows/\(id)/confirm").status == .ok)
            // Atelier's public ledger names the party, never sam.
            let public_ = try await w.api.get("/api/v1/communities/atelier/flows").body.string
            #expect(public_.contains("community:secret") && !public_.contains("sam"), "\(public_)")
            #expect(try await w.api.get("/api/v1/communities/atelier/flows/matrix").body.string.contains("sam") == false)
            #expect(try await WebClient(app: app).get("/communities/atelier/economy/flows").body.string.contains("@sam") == false)
            // Secret's ledger, for its members: its own words, not who confirmed for atelier.
            let inside = try await w.sam.get("/api/v1/communities/secret/flows").items().first
            #expect(inside?["from"] as? String == "member:sam" && inside?["confirmedBy"] == nil)
            #expect(try await w.api.get("/api/v1/communities/secret/flows").status != .ok)
            #expect(!(try await w.api.get("/api/v1/communities/atelier/flows").body.string.contains("\"note\":\"Entre nous")))

            // A plain member of a members-only community does not name it to another: its stewards do.
            let zoe = try await w.api.person("zoe")
            let asked = try await zoe.post("/api/v1/communities/secret/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await w.sam.post("/api/v1/communities/secret/join-requests/\(asked)/approve").status == .ok)
            #expect(try await zoe.post("/api/v1/communities/secret/charter/accept", ["version": 1]).status == .ok)
            let refused = try await zoe.post("/api/v1/communities/secret/flows", Self.hours("zoe", "community:atelier"))
            #expect(refused.status == .forbidden, "\(refused.body.string)")
            #expect(try await rowCount(app, "flows", where: "counterpart_id IS NOT NULL") == 1)
        }
    }
}

/// The network's matrix (issue 16, part 3): the flows between its parties, each community's only if it contributes
/// its flows (public, or shared), each cell leading to its entries.
@Suite struct NetworkFlowTests {
    @Test(arguments: TestDatabase.all)
    func theNetworkShowsTheFlowsItsMembersShare(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await PartyFlowTests.World.make(app)
            for (steward, slug) in [(w.ana, "atelier"), (w.sam, "secret")] {
                let id = try await steward.post("/api/v1/communities/\(slug)/links", ["target": "reseau", "kind": "member-of"]).json()["id"] as! String
                #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(id)/accept").status == .ok)
            }
            let given = try await w.ana.post("/api/v1/communities/atelier/flows", PartyFlowTests.hours("community", "community:reseau", 3)).json()["id"] as! String
            #expect(try await w.rita.post("/api/v1/communities/reseau/flows/\(given)/confirm").status == .ok)
            let hidden = try await w.sam.post("/api/v1/communities/secret/flows", PartyFlowTests.hours("community", "community:atelier", 5)).json()["id"] as! String
            #expect(try await w.ana.post("/api/v1/communities/atelier/flows/\(hidden)/confirm").status == .ok)

            let matrix = "/api/v1/communities/reseau/network/matrix"
            func cells(_ who: APIClient) async throws -> [String] {
                let res = try await who.get(matrix)
                #expect(res.status == .ok, "\(res.body.string)")
                return (try res.json()["matrix"] as? [String: Any])?["cells"].flatMap { $0 as? [[String: Any]] }?.map { "\($0["row"] ?? "")>\($0["column"] ?? "")" } ?? []
            }
            // Secret shares no flows: its entry with atelier is in no one's view of the network, not even its steward's.
            for who in [w.api, w.momo, w.sam, w.rita] {
                #expect(try await cells(who) == ["community:atelier>community:reseau"])
                let body = try await who.get(matrix).body.string
                #expect(!body.contains("secret") && !body.contains("Atelier secret"), "\(body)")
            }
            let behind = try await w.api.get("/api/v1/communities/reseau/network/flows?from=community:atelier&to=community:reseau").items()
            #expect(behind.map { $0["id"] as? String } == [given] && behind.first?["recordedBy"] == nil)
            #expect(try await w.api.get("/api/v1/communities/reseau/network/flows?from=community:secret&to=community:atelier").status == .notFound)
            let page = try await WebClient(app: app).get("/communities/reseau/network").body.string
            #expect(page.contains("network-flows-title") && page.contains("/communities/reseau/network/flows?from=community"))
            #expect(try await WebClient(app: app).get("/communities/reseau/network/flows?from=community:atelier&to=community:reseau").status == .ok)

            // Once secret shares its flows, the entry shows, and nothing of who made it.
            let sharing: [String: Any] = ["catalogue": false, "figures": false, "evaluation": false, "flows": true]
            #expect(try await w.sam.send(.PUT, "/api/v1/communities/secret/sharing", json: sharing).status == .ok)
            #expect(try await cells(w.api) == ["community:atelier>community:reseau", "community:secret>community:atelier"])
            let shared = try await w.api.get("/api/v1/communities/reseau/network/flows?from=community:secret&to=community:atelier").body.string
            #expect(shared.contains(hidden) && !shared.contains("sam"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func membersReferAcrossTheNetwork(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await PartyFlowTests.World.make(app)
            let lea = try await w.api.person("lea")
            let offer: [String: Any] = ["kind": "service", "title": "Salle de réunion", "description": "Une salle pour vingt personnes, le soir."]
            let open = try await w.rita.post("/api/v1/communities/reseau/offers", offer).json()["id"] as! String
            let closed = try await w.sam.post("/api/v1/communities/secret/offers", offer).json()["id"] as! String
            let refer: [String: Any] = ["beneficiary": "Mme Durand"]
            #expect(try await w.momo.post("/api/v1/communities/reseau/offers/\(open)/referrals", refer).status == .forbidden, "not yet in a network")
            for (steward, slug) in [(w.ana, "atelier"), (w.sam, "secret")] {
                let id = try await steward.post("/api/v1/communities/\(slug)/links", ["target": "reseau", "kind": "member-of"]).json()["id"] as! String
                #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(id)/accept").status == .ok)
            }
            let multipliers = "/api/v1/communities/reseau/network"
            #expect(try await w.api.get(multipliers).json()["multipliers"].flatMap { ($0 as? [String: Any])?["values"] } == nil,
                    "two catalogues: withheld")
            // A member of atelier refers the network's offer; an outsider cannot; a members-only catalogue not given stays closed.
            #expect(try await w.momo.post("/api/v1/communities/reseau/offers/\(open)/referrals", refer).status == .created)
            #expect(try await lea.post("/api/v1/communities/reseau/offers/\(open)/referrals", refer).status == .forbidden)
            #expect(try await w.momo.post("/api/v1/communities/secret/offers/\(closed)/referrals", refer).status == .notFound)
            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "momo@example.org", "password": "correct horse battery"]).status == .seeOther)
            #expect(try await web.get("/communities/reseau/economy/offers/\(open)").body.string.contains("/communities/reseau/economy/offers/\(open)/referrals"))
            let sharing: [String: Any] = ["catalogue": true, "figures": false, "evaluation": false, "flows": false]
            #expect(try await w.sam.send(.PUT, "/api/v1/communities/secret/sharing", json: sharing).status == .ok)
            #expect(try await w.momo.post("/api/v1/communities/secret/offers/\(closed)/referrals", refer).status == .created)
            let values = try await w.api.get(multipliers).json()["multipliers"].flatMap { ($0 as? [String: Any])?["values"] as? [String: Any] }
            #expect(values?["salesForce"] as? Int == 1 && values?["diversity"] as? Int == 2, "\(String(describing: values))")
        }
    }
}
