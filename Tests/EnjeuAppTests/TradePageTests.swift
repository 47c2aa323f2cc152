import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// A trade's HTML page (`/figures/trades/<tag>`): the API's reads drawn as a page, the spread between communities where
/// the programme publishes, the request form and the support button, and nothing of a members-only community to outsiders.
@Suite struct TradePageTests {
    let programmes = ProgrammeTests()

    /// A published programme (public, ODbL) whose public community `a` and members-only community `b` both gave three
    /// values through the programme: a's around 41, b's around 71.
    func published(_ app: Application, _ prefix: String) async throws -> (ProgrammeTests.World, String) {
        let w = try await programmes.joined(app, prefix) { [$0.a.member] + $0.aOthers + [$0.b.member] + $0.bOthers }
        let licence = try await w.founder.send(.PUT, "\(w.base)/licence", json: ["licence": "ODbL-1.0"])
        #expect(licence.status == .ok, "\(licence.body.string)")
        let id = try await programmes.indicator(w, w.founder)
        for (who, value) in zip([w.a.member] + w.aOthers, [40.0, 41.5, 43]) { try await programmes.contribute(w, who, id, value) }
        for (who, value) in zip([w.b.member] + w.bOthers, [70.0, 71.25, 73]) { try await programmes.contribute(w, who, id, value) }
        return (w, id)
    }

    func web(_ app: Application, _ handle: String?) async throws -> WebClient {
        let web = WebClient(app: app)
        if let handle {
            let res = try await web.post("/signin", ["email": "\(handle)@example.org", "password": "correct horse battery"])
            #expect(res.status == .seeOther)
        }
        return web
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyCommunitysDataNeverAppearsToAnOutsider(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (w, _) = try await published(app, "tpo")
            _ = try await APIClient(app: app).person("tpo_stranger")
            let aName = "Communauté \(w.a.slug)", bName = "Communauté \(w.b.slug)"

            // b's member sees the spread: both communities' medians beside the pooled estimate.
            let insider = try await web(app, "tpob_member").get("/figures/trades/tissage")
            #expect(insider.status == .ok)
            let seen = insider.body.string
            #expect(seen.contains(aName) && seen.contains(bName), "\(seen)")
            #expect(seen.contains("41.50") && seen.contains("71.25"))

            // Signed in or not, an outsider sees the pooled estimate (published) and nothing of b: not its name, not
            // its slug, not its median, not its members.
            for who in ["tpo_stranger", nil] {
                let res = try await web(app, who).get("/figures/trades/tissage")
                #expect(res.status == .ok)
                let page = res.body.string
                #expect(page.contains("Tarif horaire d&#39;un tisserand") || page.contains("Tarif horaire d'un tisserand"))
                #expect(page.contains("<strong>"), "the pooled estimate")
                for secret in [bName, w.b.slug, "71.25", "tpob_"] { #expect(!page.contains(secret), "\(who ?? "anonymous"): \(secret)") }
                // One community left in view: no spread to show.
                #expect(!page.contains("41.50"))
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func membersAskAndSupportFromThePage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            _ = try await APIClient(app: app).person("tpr_asker")
            _ = try await APIClient(app: app).person("tpr_other")
            let asker = try await web(app, "tpr_asker"), other = try await web(app, "tpr_other"), reader = try await web(app, nil)
            let form = ["name": "Tarif horaire d'un tisserand", "unit": "€", "period": "2026", "place": "Lyon"]

            // Signed out: a link to sign in, no form; posting is refused.
            let signedOut = try await reader.get("/figures/trades/tissage%20d%27art").body.string
            #expect(signedOut.contains("/signin?next=") && !signedOut.contains("<form method=\"post\" action=\"/figures/trades"))
            let refused = try await reader.post("/figures/trades/tissage/requests", form)
            #expect(refused.headers.first(name: .location)?.hasPrefix("/figures/trades") != true, "\(refused.status)")
            #expect(try await app.db.rows("SELECT id FROM indicator_requests", as: Row.self).isEmpty)

            // Bad input: 422, the page again with the field named, nothing written. No CSRF token: refused.
            let bad = try await asker.post("/figures/trades/tissage/requests", form.merging(["unit": "€ (q)", "period": "bientôt"]) { _, b in b })
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("error-summary") && bad.body.string.contains(Text.label(.period).fr))
            #expect(try await asker.post("/figures/trades/tissage/requests", form, csrf: false).status == .forbidden)
            #expect(try await app.db.rows("SELECT id FROM indicator_requests", as: Row.self).isEmpty)

            // A tag with a space and an apostrophe, as its links encode it.
            let asked = try await asker.post("/figures/trades/tissage%20d%27art/requests", form)
            #expect(asked.status == .seeOther)
            #expect(asked.headers.first(name: .location) == "/figures/trades/tissage%20d%27art#requests")
            let api = try await APIClient(app: app).get("/api/v1/trades/tissage%20d%27art").json()
            let requests = api["requests"] as? [[String: Any]] ?? []
            #expect(requests.count == 1 && requests.first?["supporters"] as? Int == 1)
            let id = requests.first?["id"] as? String ?? ""

            // Another member supports it once; the asker's own support is already counted (409, the page says why).
            let page = try await other.get("/figures/trades/tissage%20d%27art").body.string
            #expect(page.contains("action=\"/figures/indicator-requests/\(id)/support\""))
            #expect(try await other.post("/figures/indicator-requests/\(id)/support", [:]).status == .seeOther)
            let again = try await asker.post("/figures/indicator-requests/\(id)/support", [:])
            #expect(again.status == .conflict && again.body.string.contains("Vous soutenez déjà cette demande"))
            let after = try await other.get("/figures/trades/tissage%20d%27art").body.string
            #expect(after.contains(ProgrammeText.supporters(2).fr) && after.contains(ProgrammeText.tradeSupported.text.fr))
            #expect(try await other.post("/figures/indicator-requests/\(UUID())/support", [:]).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func indicatorsPageByNameWithTheirGaps(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("tpp_founder")
            #expect(try await founder.post("/api/v1/programmes", [
                "slug": "tpp-open", "name": "Chiffres tpp", "purpose": "Les mêmes chiffres pour tous les métiers",
                "charter": "Je donne mes chiffres autant que j'en reçois.",
            ]).status == .created)
            let total = TradeQueries.pageSize + 3
            for n in 0..<total {
                let res = try await founder.post("/api/v1/programmes/tpp-open/indicators", [
                    "name": String(format: "Tarif %03d", n), "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€",
                    "period": n == 0 ? "2020" : "2100", "place": "Lyon", "tags": ["tissage"],
                ])
                #expect(res.status == .created, "\(res.body.string)")
            }
            let reader = try await web(app, nil)
            let first = try await reader.get("/figures/trades/tissage")
            let body = first.body.string
            #expect(body.contains("Tarif 000") && body.contains(String(format: "Tarif %03d", TradeQueries.pageSize - 1)))
            #expect(!body.contains(String(format: "Tarif %03d", TradeQueries.pageSize)))
            #expect(body.contains(ProgrammeText.gap(.stale).fr) && body.contains(ProgrammeText.gap(.noFigure).fr))
            guard let range = body.range(of: "href=\"/figures/trades/tissage?after="),
                  let end = body[range.upperBound...].firstIndex(of: "\"") else { Issue.record("no next page"); return }
            let next = try await reader.get("/figures/trades/tissage?after=" + body[range.upperBound..<end])
            #expect(next.status == .ok)
            #expect(next.body.string.contains(String(format: "Tarif %03d", total - 1)) && !next.body.string.contains("Tarif 000"))
            #expect(!next.body.string.contains("rel=\"next\""))
            #expect(try await reader.get("/figures/trades/tissage?after=nope").status == .badRequest)
            #expect(try await reader.get("/figures/trades/a,b").status == .notFound)
        }
    }

    struct Row: Decodable { let id: UUID }
}
