import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Rows in a table, to check that a refused request wrote nothing.
func rowCount(_ app: Application, _ table: String, where condition: String = "1 = 1") async throws -> Int {
    struct N: Decodable { let n: Int }
    let sql = app.db as! any SQLDatabase
    return try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first(decoding: N.self)?.n ?? -1
}

func organisationBody(_ slug: String, kind: String = "association") -> [String: Any] {
    ["slug": slug, "name": "Atelier \(slug)", "kind": kind, "purpose": "Réparer ensemble les outils du quartier",
     "place": "Lyon", "website": "https://atelier.example.org"]
}

@Suite struct OrganisationTests {
    @Test(arguments: TestDatabase.all)
    func anOrganisationAndItsRepresentatives(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let camille = try await api.person("camille")
            let malik = try await api.person("malik")
            let julie = try await api.person("julie")

            let created = try await camille.post("/api/v1/organisations", organisationBody("atelier"))
            #expect(created.status == .created, "\(created.body.string)")
            let profile = try created.json()
            #expect(profile["kind"] as? String == "association" && profile["place"] as? String == "Lyon")
            #expect(profile["representatives"] as? [String] == ["camille"])
            #expect(profile["registrationNumber"] == nil)

            // Bad input: a clear 4xx naming the field, and nothing written.
            let before = try await rowCount(app, "organisations")
            let bad: [(String, Any, HTTPStatus)] = [
                ("unknown kind", organisationBody("autre", kind: "club"), .unprocessableEntity),
                ("bad slug", organisationBody("Pas Un Slug"), .unprocessableEntity),
                ("taken slug", organisationBody("atelier"), .conflict),
                ("script website", organisationBody("autre").merging(["website": "javascript:alert(1)"]) { _, b in b }, .unprocessableEntity),
                ("short purpose", organisationBody("autre").merging(["purpose": "Court"]) { _, b in b }, .unprocessableEntity),
                ("missing name", organisationBody("autre").filter { $0.key != "name" }, .badRequest),
            ]
            for (name, body, status) in bad {
                let res = try await malik.post("/api/v1/organisations", body)
                #expect(res.status == status, "\(name): \(res.status) \(res.body.string)")
                #expect((try? res.json()["reason"] as? String)?.isEmpty == false, "\(name)")
            }
            #expect(try await api.post("/api/v1/organisations", organisationBody("anonyme")).status == .unauthorized)
            #expect(try await rowCount(app, "organisations") == before)
            #expect(try await rowCount(app, "organisation_representatives") == 1)

            // The profile is public; an unknown organisation is not.
            let seen = try await api.get("/api/v1/organisations/atelier")
            #expect(try seen.status == .ok && (seen.json()["representatives"] as? [String]) == ["camille"])
            #expect(try await api.get("/api/v1/organisations/nulle-part").status == .notFound)

            // Only representatives add or remove one; never the last.
            #expect(try await malik.post("/api/v1/organisations/atelier/representatives", ["handle": "malik"]).status == .forbidden)
            #expect(try await camille.post("/api/v1/organisations/atelier/representatives", ["handle": "personne"]).status == .unprocessableEntity)
            #expect(try await camille.post("/api/v1/organisations/atelier/representatives", ["handle": ""]).status == .unprocessableEntity)
            let added = try await camille.post("/api/v1/organisations/atelier/representatives", ["handle": "@malik"])
            #expect(try added.status == .created && (added.json()["handle"] as? String) == "malik")
            #expect(try await camille.post("/api/v1/organisations/atelier/representatives", ["handle": "malik"]).status == .conflict)
            #expect(try await julie.send(.DELETE, "/api/v1/organisations/atelier/representatives/malik").status == .forbidden)
            #expect(try await camille.send(.DELETE, "/api/v1/organisations/atelier/representatives/julie").status == .unprocessableEntity)
            #expect(try await malik.send(.DELETE, "/api/v1/organisations/atelier/representatives/camille").status == .ok)
            let last = try await malik.send(.DELETE, "/api/v1/organisations/atelier/representatives/malik")
            let reason = try last.json()["reason"] as? String ?? ""
            #expect(last.status == .conflict && (reason.contains("au moins") || reason.contains("at least")), "\(reason)")
            #expect(try await api.get("/api/v1/organisations/atelier").json()["representatives"] as? [String] == ["malik"])
            // Who did what is kept.
            #expect(try await rowCount(app, "audit_events", where: "action LIKE 'organisation.%'") == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOrganisationJoinsACommunityThroughItsRepresentatives(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let sophie = try await api.person("sophie")
            let camille = try await api.person("camille")
            let julie = try await api.person("julie")
            #expect(try await sophie.post("/api/v1/communities", communityBody("tisserands")).status == .created)
            #expect(try await sophie.post("/api/v1/communities", communityBody("jardin", visibility: "public")).status == .created)
            #expect(try await camille.post("/api/v1/organisations", organisationBody("atelier")).status == .created)

            let base = "/api/v1/communities/tisserands"
            let before = try await rowCount(app, "join_requests")
            #expect(try await julie.post(base + "/join-requests", ["organisation": "atelier", "message": "x"]).status == .forbidden)
            #expect(try await camille.post(base + "/join-requests", ["organisation": "inconnue", "message": "x"]).status == .unprocessableEntity)
            #expect(try await api.post(base + "/join-requests", ["organisation": "atelier"]).status == .unauthorized)
            #expect(try await rowCount(app, "join_requests") == before)

            let asked = try await camille.post(base + "/join-requests", ["organisation": "atelier", "message": "Nous réparons"])
            #expect(try asked.status == .created && (asked.json()["status"] as? String) == "pending")
            #expect(try await camille.post(base + "/join-requests", ["organisation": "atelier"]).status == .conflict)
            // The organisation's request is not its representative's: she may still ask for herself.
            #expect(try await camille.get(base).json()["relation"] as? String == "outsider")
            #expect(try await camille.post(base + "/join-requests", ["message": "Moi aussi"]).status == .created)

            let requests = try await sophie.get(base + "/join-requests").items()
            let forOrganisation = try #require(requests.first { $0["organisation"] as? String == "atelier" })
            #expect(forOrganisation["handle"] as? String == "camille" && forOrganisation["organisationName"] as? String == "Atelier atelier")
            let id = try #require(forOrganisation["id"] as? String)
            #expect(try await camille.post(base + "/join-requests/\(id)/approve").status == .notFound, "members-only: hidden from non-members")
            #expect(try await sophie.post(base + "/join-requests/\(id)/approve").status == .ok)
            #expect(try await sophie.post(base + "/join-requests/\(id)/approve").status == .conflict)

            // A representative accepts the charter in its name, at the current version.
            #expect(try await julie.post(base + "/charter/accept", ["version": 1, "organisation": "atelier"]).status == .forbidden)
            #expect(try await camille.post(base + "/charter/accept", ["version": 7, "organisation": "atelier"]).status == .conflict)
            let accepted = try await camille.post(base + "/charter/accept", ["version": 1, "organisation": "atelier"])
            #expect(try accepted.status == .ok && (accepted.json()["status"] as? String) == "active")
            #expect(try await camille.post(base + "/charter/accept", ["version": 1, "organisation": "atelier"]).status == .conflict)
            #expect(try await rowCount(app, "organisation_memberships", where: "status = 'active' AND accepted_charter_version = 1") == 1)
            #expect(try await rowCount(app, "organisation_charter_acceptances") == 1)
            let camilleID = try await camille.get("/api/v1/me").json()["id"] as! String
            struct Who: Decodable { let requested_by: UUID; let charter_accepted_by: UUID }
            let who = try await (app.db as! any SQLDatabase).raw("SELECT requested_by, charter_accepted_by FROM organisation_memberships")
                .first(decoding: Who.self)
            #expect(who?.requested_by.uuidString == camilleID.uppercased() && who?.charter_accepted_by.uuidString == camilleID.uppercased())
            // Asking again once a member: refused.
            #expect(try await camille.post(base + "/join-requests", ["organisation": "atelier"]).status == .conflict)

            // The public community too, then: who sees which.
            let open = try await camille.post("/api/v1/communities/jardin/join-requests", ["organisation": "atelier"])
            let openID = try open.json()["id"] as! String
            #expect(try await sophie.post("/api/v1/communities/jardin/join-requests/\(openID)/approve").status == .ok)
            #expect(try await camille.post("/api/v1/communities/jardin/charter/accept", ["version": 1, "organisation": "atelier"]).status == .ok)
            func named(_ client: APIClient) async throws -> [String] {
                (try await client.get("/api/v1/organisations/atelier").json()["communities"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
            }
            #expect(try await named(sophie) == ["jardin", "tisserands"])
            #expect(try await named(julie) == ["jardin"], "a members-only community is never named to an outsider")
            #expect(try await named(api) == ["jardin"])
            #expect(try await named(camille) == ["jardin"], "representing a member is not being one")
            let page = try await WebClient(app: app).get("/organisations/atelier").body.string
            #expect(page.contains("/communities/jardin") && !page.contains("tisserands"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func thePagesOfAnOrganisation(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let sophie = try await APIClient(app: app).person("sophie")
            #expect(try await sophie.post("/api/v1/communities", communityBody("jardin", visibility: "public")).status == .created)
            let malik = try await APIClient(app: app).person("malik")
            let web = WebClient(app: app)
            try await web.signUp("lea")
            #expect(try await web.get("/organisations/new").status == .ok)
            let bad = try await web.post("/organisations", ["slug": "x", "name": "Coop", "kind": "cooperative", "purpose": "Cultiver ensemble"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("error-summary"))
            let made = try await web.post("/organisations", ["slug": "coop-lea", "name": "Coop de Léa", "kind": "cooperative",
                                                              "purpose": "Cultiver ensemble les jardins", "place": "Lyon", "website": ""])
            #expect(made.status == .seeOther && made.headers.first(name: .location) == "/organisations/coop-lea")
            let profile = try await web.get("/organisations/coop-lea").body.string
            #expect(profile.contains("Coop de Léa") && profile.contains("action=\"/organisations/coop-lea/representatives\""))
            #expect(!(try await WebClient(app: app).get("/organisations/coop-lea").body.string.contains("/representatives\"")),
                    "no forms for a visitor")
            let last = try await web.post("/organisations/coop-lea/representatives/lea/remove", [:])
            #expect(last.status == .conflict && last.body.string.contains("error-summary"))
            #expect(try await web.post("/organisations/coop-lea/representatives", ["handle": "malik"]).status == .seeOther)
            #expect(try await web.post("/organisations/coop-lea/representatives/malik/remove", [:]).status == .seeOther)

            // From the community: ask, be approved, accept the charter in its name.
            #expect(try await web.get("/communities/jardin").body.string.contains("/communities/jardin/organisations"))
            let join = try await web.get("/communities/jardin/organisations").body.string
            #expect(join.contains("Coop de Léa") && join.contains("/communities/jardin/organisations/join"))
            #expect(try await web.post("/communities/jardin/organisations/join", ["organisation": "coop-lea", "message": "Bonjour"]).status == .seeOther)
            #expect(try await web.get("/communities/jardin/organisations").body.string.contains("/organisations/charter") == false)
            let requests = try await WebClient(app: app).get("/communities/jardin/requests")
            #expect(requests.status == .seeOther, "stewards only")
            let id = try await sophie.get("/api/v1/communities/jardin/join-requests").items().first?["id"] as! String
            #expect(try await sophie.post("/api/v1/communities/jardin/join-requests/\(id)/approve").status == .ok)
            #expect(try await web.get("/communities/jardin/organisations").body.string.contains("/communities/jardin/organisations/charter"))
            #expect(try await web.post("/communities/jardin/organisations/charter", ["organisation": "coop-lea", "version": "1"]).status == .seeOther)
            #expect(try await rowCount(app, "organisation_memberships", where: "status = 'active'") == 1)
            #expect(try await web.get("/organisations/coop-lea").body.string.contains("/communities/jardin"))
            _ = malik
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoRepresentativesRemovingEachOtherAtOnceLeaveOne(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let a = try await api.person("anna")
            let b = try await api.person("bruno")
            #expect(try await a.post("/api/v1/organisations", organisationBody("duo")).status == .created)
            #expect(try await a.post("/api/v1/organisations/duo/representatives", ["handle": "bruno"]).status == .created)
            async let one = a.send(.DELETE, "/api/v1/organisations/duo/representatives/bruno")
            async let two = b.send(.DELETE, "/api/v1/organisations/duo/representatives/anna")
            let statuses = try await [one.status, two.status].map(\.code).sorted()
            #expect(statuses.first == 200 && statuses.last! >= 400 && statuses.last! < 500, "\(statuses)")
            #expect(try await rowCount(app, "organisation_representatives") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func itsRepresentativesEditTheProfile(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let camille = try await api.person("camille"), julie = try await api.person("julie")
            #expect(try await camille.post("/api/v1/organisations", organisationBody("atelier")).status == .created)
            let path = "/api/v1/organisations/atelier"
            #expect(try await julie.send(.PATCH, path, json: ["name": "Pirate"]).status == .forbidden)
            #expect(try await api.send(.PATCH, path, json: ["name": "Pirate"]).status == .unauthorized)
            let bad = try await camille.send(.PATCH, path, json: ["purpose": "Court", "website": "javascript:alert(1)"])
            let reason = try bad.json()["reason"] as? String
            #expect(bad.status == .unprocessableEntity && reason?.isEmpty == false)
            #expect(try await api.get(path).json()["name"] as? String == "Atelier atelier", "nothing written")
            let ok = try await camille.send(.PATCH, path, json: ["name": "Atelier du Pont", "place": "Clermont-Ferrand"])
            #expect(try ok.status == .ok && ok.json()["name"] as? String == "Atelier du Pont" && ok.json()["slug"] as? String == "atelier")
            #expect(try await api.get(path).json()["purpose"] as? String == "Réparer ensemble les outils du quartier", "the rest kept")
            #expect(try await rowCount(app, "audit_events", where: "action = 'organisation.update'") == 1)

            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "camille@example.org", "password": "correct horse battery"]).status == .seeOther)
            #expect(try await web.get("/organisations/atelier").body.string.contains("action=\"/organisations/atelier/profile\""))
            let refused = try await web.post("/organisations/atelier/profile", ["name": "A", "kind": "association", "purpose": "Réparer ensemble"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("error-summary"))
            let saved = try await web.post("/organisations/atelier/profile", ["name": "Atelier du Pont", "kind": "cooperative",
                                                                               "purpose": "Réparer ensemble les outils du quartier"])
            let kind = try await api.get(path).json()["kind"] as? String
            #expect(saved.status == .seeOther && kind == "cooperative")
        }
    }
}
