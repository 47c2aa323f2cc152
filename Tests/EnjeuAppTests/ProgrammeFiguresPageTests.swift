import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// A programme's figures pages that were API-only: its give-to-get rules for its stewards, a participant's credits,
/// a new indicator, and an organisation asked in from the home — the community's forms and services on the
/// programme's routes, and nothing of a members-only programme to outsiders.
@Suite struct ProgrammeFiguresPageTests {
    let programmes = ProgrammeTests()
    let trade = TradePageTests()

    private struct Count: Decodable { let n: Int }
    func count(_ app: Application, _ sql: String) async throws -> Int {
        try await app.db.rows("\(unsafeRaw: sql)", as: Count.self).first?.n ?? -1
    }
    private struct Rules: Decodable { let allowance: Int, readCost: Int }

    @Test(arguments: TestDatabase.all)
    func rulesCreditsAndNewIndicatorsForWhoMayOnly(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await programmes.joined(app, "ppf") { [$0.a.member] }
            let home = "/programmes/\(w.slug)"
            let founder = try await trade.web(app, "ppf_founder")
            let member = try await trade.web(app, "ppfa_member")
            _ = try await APIClient(app: app).person("ppf_outsider")
            let outsider = try await trade.web(app, "ppf_outsider")
            let anonymous = WebClient(app: app)

            // The rules: the founder's form, the values as they are; others refused; bad input named, nothing written.
            let rules = try await founder.get("\(home)/figures/rules")
            #expect(rules.status == .ok)
            #expect(rules.body.string.contains("action=\"\(home)/figures/rules\"") && rules.body.string.contains("name=\"readCost\""))
            #expect(try await member.get("\(home)/figures/rules").status == .forbidden)
            #expect(try await outsider.get("\(home)/figures/rules").status == .forbidden)
            #expect(try await member.post("\(home)/figures/rules", ["allowance": "99", "readCost": "1", "earn": "2", "halfLifeDays": "180"])
                .status == .forbidden)
            let before = try await w.founder.get("\(w.base)/figures/rules").body.string
            let bad = try await founder.post("\(home)/figures/rules", ["allowance": "-3", "readCost": "1", "earn": "2", "halfLifeDays": "180"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("#f-allowance"), "\(bad.body.string)")
            #expect(try await w.founder.get("\(w.base)/figures/rules").body.string == before)
            let saved = try await founder.post("\(home)/figures/rules", ["allowance": "6", "readCost": "1", "earn": "2", "halfLifeDays": "180"])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "\(home)#give-to-get")
            let now = try await w.founder.get("\(w.base)/figures/rules").json()
            #expect(now["allowance"] as? Int == 6 && now["readCost"] as? Int == 1)
            // The rules are written in the programme's charter: a new version, in the same words, carrying them.
            let charter = try await w.founder.get("\(w.base)/charter").json()
            #expect(charter["version"] as? Int == 2, "\(charter)")
            let again = try await founder.post("\(home)/figures/rules", ["allowance": "6", "readCost": "1", "earn": "2", "halfLifeDays": "180"])
            #expect(again.status == .seeOther)
            #expect(try await w.founder.get("\(w.base)/charter").json()["version"] as? Int == 2, "the same rules again: no new version")
            #expect(try await member.get("\(home)/figures/credits").status == .forbidden, "the new version is not accepted yet")
            #expect(try await member.post("\(home)/charter/accept", ["version": "2"]).status == .seeOther)

            // A new indicator: the community's form on the programme's route, through the same service.
            let form = try await member.get("\(home)/figures/new")
            #expect(form.status == .ok && form.body.string.contains("action=\"\(home)/figures\""))
            #expect(try await outsider.get("\(home)/figures/new").status == .forbidden)
            let indicators = "SELECT COUNT(*) AS n FROM indicators i JOIN communities c ON c.id = i.community_id WHERE c.slug = '\(w.slug)'"
            let none = try await member.post("\(home)/figures", ["name": "", "definition": "Le tarif horaire.", "unit": "€", "period": "2026"])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("#f-name"))
            #expect(try await outsider.post("\(home)/figures", ["name": "Tarif", "definition": "Le tarif horaire.", "unit": "€", "period": "2026"])
                .status == .forbidden)
            #expect(try await count(app, indicators) == 0)
            let made = try await member.post("\(home)/figures", ["name": "Tarif horaire d'une brodeuse", "definition": "Le tarif horaire pratiqué.",
                                                                  "unit": "€", "period": "2026", "place": "Lyon", "tags": "broderie"])
            #expect(made.status == .seeOther)
            #expect(made.headers.first(name: .location)?.hasPrefix("\(home)/figures/") == true, "\(made.headers)")
            #expect(try await count(app, indicators) == 1)
            // The home links the forms to who may use them.
            let seen = try await member.get(home).body.string
            #expect(seen.contains("\(home)/figures/new") && seen.contains("\(home)/figures/credits") && !seen.contains("\(home)/figures/rules"))
            #expect(try await founder.get(home).body.string.contains("\(home)/figures/rules"))

            // Credits: reading the founder's indicator costs the member one; the ledger links it on the programme's route.
            let id = try await programmes.indicator(w, w.founder)
            try await programmes.contribute(w, w.founder, id, 40)
            #expect(try await member.post("\(home)/figures/\(id)/read", [:]).status == .seeOther)
            let credits = try await member.get("\(home)/figures/credits")
            #expect(credits.status == .ok)
            #expect(credits.body.string.contains("href=\"\(home)/figures/\(id)\""), "\(credits.body.string)")
            #expect(!credits.body.string.contains("/communities/\(w.slug)"))
            #expect(try await outsider.get("\(home)/figures/credits").status == .forbidden)
            #expect(try await anonymous.get("\(home)/figures/credits").status != .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyProgrammesPagesLeakNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("ppm_founder")
            #expect(try await founder.post("/api/v1/programmes", [
                "slug": "ppm-closed", "name": "Chiffres entre nous", "purpose": "Les chiffres des teinturiers de la vallée",
                "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": "members",
            ]).status == .created)
            _ = try await APIClient(app: app).person("ppm_outsider")
            let outsider = try await trade.web(app, "ppm_outsider")
            // Outsiders learn nothing, not even that the pages exist: 404, as for its indicators.
            for path in ["/figures/new", "/figures/credits", "/figures/rules"] {
                #expect(try await outsider.get("/programmes/ppm-closed\(path)").status == .notFound, "\(path)")
                #expect(try await WebClient(app: app).get("/programmes/ppm-closed\(path)").status != .ok, "\(path)")
            }
            #expect(try await outsider.post("/programmes/ppm-closed/figures/rules",
                                            ["allowance": "99", "readCost": "1", "earn": "2", "halfLifeDays": "180"]).status != .seeOther)
            let insider = try await trade.web(app, "ppm_founder")
            #expect(try await insider.get("/programmes/ppm-closed/figures/rules").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOrganisationIsAskedInFromTheHome(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await programmes.world(app, "ppo")
            let home = "/programmes/\(w.slug)"
            let rep = try await APIClient(app: app).person("ppo_rep")
            let other = try await APIClient(app: app).person("ppo_other")
            #expect(try await rep.post("/api/v1/organisations", organisationBody("ppo-atelier")).status == .created)
            #expect(try await other.post("/api/v1/organisations", organisationBody("ppo-autre")).status == .created)
            let web = try await trade.web(app, "ppo_rep")
            let requests = "SELECT COUNT(*) AS n FROM join_requests j JOIN communities c ON c.id = j.community_id WHERE c.slug = '\(w.slug)'"

            // The home offers the organisation she represents, and only that one.
            let page = try await web.get(home).body.string
            #expect(page.contains("value=\"ppo-atelier\"") && !page.contains("value=\"ppo-autre\""))
            // One she does not represent, or none that exists: the field named, nothing written.
            for slug in ["ppo-autre", "nimporte"] {
                let res = try await web.post("\(home)/join", ["organisation": slug])
                #expect(res.status == .unprocessableEntity && res.body.string.contains("#f-organisation"), "\(slug)")
            }
            #expect(try await count(app, requests) == 0)
            #expect(try await web.post("\(home)/join", ["organisation": "ppo-atelier"]).status == .seeOther)
            #expect(try await count(app, requests) == 1)
            #expect(try await web.post("\(home)/join", ["organisation": "ppo-atelier"]).status == .conflict)
            #expect(try await count(app, requests) == 1)
            #expect(!(try await web.get(home).body.string.contains("value=\"ppo-atelier\"")))
            // The founder sees it among the requests, and approves it there.
            let founder = try await trade.web(app, "ppo_founder")
            #expect(try await founder.get(home).body.string.contains("Atelier ppo-atelier"))
        }
    }
}
