import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// « Je suis intéressé·e » (issue 16, part 5): anyone signed in who sees an offer solicits it, for herself or an
/// organisation she represents; the owner answers it as a referral.
@Suite struct SolicitationTests {
    static var offer: [String: Any] { ["kind": "service", "title": "Réparation de vélos", "description": "Je répare les vélos du quartier le samedi."] }

    @Test(arguments: TestDatabase.all)
    func anyoneSignedInSolicitsAndTheOwnerAnswers(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await PartyFlowTests.World.make(app)
            let lea = try await w.api.person("lea")
            let made = try await w.ana.post("/api/v1/communities/atelier/offers", Self.offer)
            #expect(made.status == .created, "\(made.body.string)")
            let offer = try #require(try made.json()["id"] as? String)
            #expect(try await w.sam.post("/api/v1/communities/secret/offers", Self.offer).status == .created)
            let hidden = try await w.sam.get("/api/v1/communities/secret/offers").items().first?["id"] as? String ?? ""

            // Bad input and who may not: a clear 4xx, nothing written.
            let path = "/api/v1/offers/\(offer)/solicitations"
            let refused: [(String, APIClient, String, [String: Any], HTTPStatus)] = [
                ("signed out", w.api, path, ["message": "Bonjour !"], .unauthorized),
                ("own offer", w.ana, path, ["message": "Bonjour !"], .forbidden),
                ("no message", lea, path, ["message": "  "], .unprocessableEntity),
                ("not her organisation", lea, path, ["message": "Bonjour !", "organisation": "coop"], .unprocessableEntity),
                ("a members-only offer", lea, "/api/v1/offers/\(hidden)/solicitations", ["message": "Bonjour !"], .notFound),
                ("no such offer", lea, "/api/v1/offers/\(UUID())/solicitations", ["message": "Bonjour !"], .notFound),
            ]
            for (name, who, path, body, status) in refused {
                let res = try await who.post(path, body)
                #expect(res.status == status, "\(name): \(res.status) \(res.body.string)")
            }
            #expect(try await rowCount(app, "referrals") == 0)

            let asked = try await lea.post(path, ["message": "Mon vélo a un pneu crevé."])
            #expect(asked.status == .created, "\(asked.body.string)")
            let id = try #require(try asked.json()["id"] as? String)
            #expect(try await lea.post(path, ["message": "Encore moi"]).status == .conflict, "one live per person and offer")
            let forCoop = try await w.camille.post(path, ["message": "Pour nos adhérents", "organisation": "coop"])
            #expect(forCoop.status == .created, "\(forCoop.body.string)")
            let coopID = try #require(try forCoop.json()["id"] as? String)

            // The owner sees both beside the referrals and was told; each asker sees only her own.
            let referrals = "/api/v1/communities/atelier/offers/\(offer)/referrals"
            let seen = try await w.ana.get(referrals).items()
            #expect(Set(seen.compactMap { $0["kind"] as? String }) == ["solicitation"] && seen.count == 2)
            #expect(seen.first { $0["id"] as? String == coopID }?["organisation"] as? String == "Atelier coop")
            #expect(try await lea.get(referrals).items().map { $0["id"] as? String } == [id])
            #expect(try await rowCount(app, "notifications", where: "kind = 'request' AND subject = 'Réparation de vélos'") == 2)

            // Answered the same way: only the owner moves it; completing records the flow to whom it names.
            let status = "/api/v1/communities/atelier/referrals"
            #expect(try await lea.post(status + "/\(id)/status", ["status": "taken-up"]).status != .ok)
            for s in ["taken-up", "completed"] {
                #expect(try await w.ana.post(status + "/\(id)/status", ["status": s]).status == .ok)
                #expect(try await w.ana.post(status + "/\(coopID)/status", ["status": s]).status == .ok)
            }
            let ledger = try await w.api.get("/api/v1/communities/atelier/flows").items().compactMap { $0["to"] as? String }.sorted()
            #expect(ledger.count == 2 && ledger.contains("org:coop") && ledger.contains { $0.hasPrefix("outside:") && $0.contains("@lea") }, "\(ledger)")
            #expect(try await PartyFlowTests.parties(app) == ["community:atelier>org:coop||1|0"])
            #expect(try await lea.post(path, ["message": "Une autre fois"]).status == .created, "a new one once answered")
        }
    }

    @Test(arguments: TestDatabase.all)
    func thePagesOfASolicitation(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await PartyFlowTests.World.make(app)
            let offer = try await w.ana.post("/api/v1/communities/atelier/offers", Self.offer).json()["id"] as! String
            let page = "/communities/atelier/economy/offers/\(offer)"
            let visitor = try await WebClient(app: app).get(page).body.string
            #expect(visitor.contains("id=\"solicit\"") && visitor.contains("/signin?next="), "a visitor is asked to sign in")
            let web = WebClient(app: app)
            try await web.signUp("lea")
            #expect(try await web.get("/catalogue").body.string.contains("\(page)#solicit"))
            let form = try await web.get(page).body.string
            #expect(form.contains("action=\"\(page)/solicitations\""))
            let bad = try await web.post(page + "/solicitations", ["message": ""])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("error-summary"))
            let ok = try await web.post(page + "/solicitations", ["message": "Mon vélo grince."])
            #expect(ok.status == .seeOther, "\(ok.body.string)")
            let owner = try await w.ana.get("/api/v1/communities/atelier/offers/\(offer)/referrals").items()
            #expect(owner.first?["note"] as? String == "Mon vélo grince.")
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOrganisationPublishesAndHoldsItsLinesThroughItsRepresentative(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await PartyFlowTests.World.make(app)
            // Camille represents coop; to act in atelier she is a member there herself.
            let asked = try await w.camille.post("/api/v1/communities/atelier/join-requests", ["message": "Pour la coop"]).json()["id"] as! String
            #expect(try await w.ana.post("/api/v1/communities/atelier/join-requests/\(asked)/approve").status == .ok)
            #expect(try await w.camille.post("/api/v1/communities/atelier/charter/accept", ["version": 1]).status == .ok)
            var body = Self.offer
            body["organisation"] = "coop"
            #expect(try await w.momo.post("/api/v1/communities/atelier/offers", body).status == .unprocessableEntity, "not his organisation")
            let made = try await w.camille.post("/api/v1/communities/atelier/offers", body)
            #expect(made.status == .created, "\(made.body.string)")
            let offer = try #require(try made.json()["id"] as? String)
            #expect(try made.json()["organisation"] as? String == "coop" && made.json()["owner"] as? String == "camille")
            let page = try await WebClient(app: app).get("/communities/atelier/economy/offers/\(offer)").body.string
            #expect(page.contains("href=\"/organisations/coop\"") && page.contains("@camille"), "the organisation, and who did it")

            // Completed, the referral's flow comes from the organisation.
            let r = try await w.momo.post("/api/v1/communities/atelier/offers/\(offer)/referrals", ["beneficiary": "Mme Durand"]).json()["id"] as! String
            for s in ["taken-up", "completed"] {
                #expect(try await w.camille.post("/api/v1/communities/atelier/referrals/\(r)/status", ["status": s]).status == .ok)
            }
            let flow = try await w.api.get("/api/v1/communities/atelier/flows").items().first
            #expect(flow?["from"] as? String == "org:coop" && flow?["to"] as? String == "outside:Mme Durand", "\(String(describing: flow))")

            let line: [String: Any] = ["member": "camille", "layer": "creation", "role": "Atelier vélo", "organisation": "coop"]
            #expect(try await w.camille.post("/api/v1/communities/atelier/pyramid", line).status == .created)
            var wrong = line
            wrong["member"] = "momo"
            #expect(try await w.ana.post("/api/v1/communities/atelier/pyramid", wrong).status == .unprocessableEntity, "momo does not represent coop")
            let pyramid = try await w.api.get("/api/v1/communities/atelier/pyramid").body.string
            #expect(pyramid.contains("\"organisation_slug\":\"coop\""), "\(pyramid)")
        }
    }
}
