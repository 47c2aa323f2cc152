import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// The programme pages the API already served: the list of programmes a reader can see (a members-only one never
/// shows to outsiders), the form that creates one through the API's service (its problems named, nothing written),
/// and the home's lists paged with `?part=` and `?after=`.
@Suite struct ProgrammeListPageTests {
    let trade = TradePageTests()

    private struct Count: Decodable { let n: Int }
    func programmes(_ app: Application) async throws -> Int {
        try await app.db.rows("SELECT COUNT(*) AS n FROM communities WHERE kind = 'programme'", as: Count.self).first?.n ?? -1
    }

    func create(_ who: APIClient, _ slug: String, name: String, visibility: String = "public") async throws {
        let res = try await who.post("/api/v1/programmes", [
            "slug": slug, "name": name, "purpose": "Les mêmes chiffres pour tous les métiers",
            "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": visibility,
        ])
        #expect(res.status == .created, "\(res.body.string)")
    }

    @Test(arguments: TestDatabase.all)
    func theListShowsWhatTheReaderMaySeeAPageAtATime(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("pgl_founder")
            _ = try await APIClient(app: app).person("pgl_outsider")
            // 21 public programmes (one more than a page) and one members-only, named to sort among them.
            for i in 0..<21 { try await create(founder, "pgl-open-\(i)", name: String(format: "Chiffres %02d", i)) }
            try await create(founder, "pgl-closed", name: "Chiffres 05 bis entre nous", visibility: "members")

            for who in [nil, "pgl_outsider"] as [String?] {
                let web = try await trade.web(app, who)
                let first = try await web.get("/programmes")
                #expect(first.status == .ok)
                let body = first.body.string
                #expect(body.contains("/programmes/pgl-open-0\"") && !body.contains("/programmes/pgl-open-20\""))
                #expect(!body.contains("pgl-closed") && !body.contains("entre nous"), "a members-only programme shows to \(who ?? "anonymous")")
                #expect(body.contains("/programmes/new") == (who != nil), "the form's link is for who is signed in")
                let next = try #require(body.firstMatch(of: /href="(\/programmes\?after=[^"]+)" rel="next"/)?.1)
                let second = try await web.get(String(next).replacingOccurrences(of: "&amp;", with: "&"))
                #expect(second.status == .ok)
                #expect(second.body.string.contains("/programmes/pgl-open-20\"") && !second.body.string.contains("/programmes/pgl-open-0\""))
                #expect(!second.body.string.contains("pgl-closed") && !second.body.string.contains("rel=\"next\""))
            }
            // Who takes part sees it.
            let mine = try await trade.web(app, "pgl_founder").get("/programmes")
            #expect(mine.body.string.contains("/programmes/pgl-closed\""))
            #expect(try await WebClient(app: app).get("/programmes?after=nimporte").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFormCreatesThroughTheServiceAndNamesItsProblems(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            _ = try await APIClient(app: app).person("pgn_founder")
            let web = try await trade.web(app, "pgn_founder")
            let anonymous = WebClient(app: app)

            // The form: its fields labelled, for who is signed in only.
            let form = try await web.get("/programmes/new")
            #expect(form.status == .ok)
            for field in ["slug", "name", "purpose", "charter", "visibility"] {
                #expect(form.body.string.contains("name=\"\(field)\"") && form.body.string.contains("for=\"f-\(field)\""), "\(field)")
            }
            #expect(try await anonymous.get("/programmes/new").status != .ok)
            let good = ["slug": "pgn-chiffres", "name": "Chiffres ensemble", "purpose": "Les mêmes chiffres pour tous les métiers",
                        "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": "members"]

            // Bad input: 422, each field named and its value kept, nothing written. Without the CSRF token or signed
            // out: refused, nothing written.
            let bad = try await web.post("/programmes", good.merging(["slug": "Pas Un Slug!", "charter": " "]) { _, b in b })
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("#f-slug") && bad.body.string.contains("#f-charter"), "\(bad.body.string)")
            #expect(bad.body.string.contains("aria-describedby=\"f-slug-hint f-slug-error\"") || bad.body.string.contains("f-slug-error"))
            #expect(bad.body.string.contains("Chiffres ensemble"))
            let badVisibility = try await web.post("/programmes", good.merging(["visibility": "secret"]) { _, b in b })
            #expect(badVisibility.status == .unprocessableEntity && badVisibility.body.string.contains("#f-visibility"))
            #expect(try await web.post("/programmes", good, csrf: false).status == .forbidden)
            _ = try await anonymous.post("/programmes", good)
            #expect(try await programmes(app) == 0)

            // Good input: the programme exists, members-only, its founder its steward; then the same slug is named.
            let created = try await web.post("/programmes", good)
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == "/programmes/pgn-chiffres")
            #expect(try await programmes(app) == 1)
            let api = try await web.get("/api/v1/programmes/pgn-chiffres")
            #expect(try await web.get("/programmes/pgn-chiffres").status == .ok)
            #expect(api.body.string.contains("\"visibility\":\"members\""), "\(api.body.string)")
            let again = try await web.post("/programmes", good)
            #expect(again.status == .conflict && again.body.string.contains("#f-slug"))
            #expect(try await programmes(app) == 1)
            // Nothing of it shows outside.
            #expect(!(try await anonymous.get("/programmes").body.string.contains("pgn-chiffres")))
        }
    }

    @Test(arguments: TestDatabase.all)
    func theHomesIndicatorsArePaged(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("pgh_founder")
            _ = try await APIClient(app: app).person("pgh_outsider")
            try await create(founder, "pgh-open", name: "Chiffres ouverts")
            try await create(founder, "pgh-closed", name: "Chiffres fermés", visibility: "members")
            for slug in ["pgh-open", "pgh-closed"] {
                for i in 0..<(FiguresQueries.pageSize + 1) {
                    let res = try await founder.post("/api/v1/programmes/\(slug)/indicators", [
                        "name": "Tarif horaire n° \(i)", "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€",
                        "period": "2026", "place": "Lyon",
                    ])
                    #expect(res.status == .created, "\(res.body.string)")
                }
            }
            let web = try await trade.web(app, "pgh_founder")
            let first = try await web.get("/programmes/pgh-open")
            #expect(first.status == .ok)
            let names = { (s: String) in s.matches(of: /Tarif horaire n° (\d+)/).map { Int($0.1)! } }
            let page1 = Set(names(first.body.string))
            #expect(page1.count == FiguresQueries.pageSize)
            let next = try #require(first.body.string.firstMatch(of: /href="(\/programmes\/pgh-open\?part=indicators&amp;after=[^"#]+)/)?.1)
            let second = try await web.get(String(next).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            let page2 = Set(names(second.body.string))
            #expect(page2.count == 1 && page1.isDisjoint(with: page2) && page1.union(page2).count == FiguresQueries.pageSize + 1)
            #expect(!second.body.string.contains("rel=\"next\""))
            #expect(try await web.get("/programmes/pgh-open?part=nimporte&after=x").status == .badRequest)

            // A members-only programme's home shows outsiders no indicator and no page of them, whatever the cursor.
            let closed = try await web.get("/programmes/pgh-closed")
            let cursor = try #require(closed.body.string.firstMatch(of: /part=indicators&amp;after=([^"#]+)/)?.1)
            for who in [nil, "pgh_outsider"] as [String?] {
                let outsider = try await trade.web(app, who)
                for path in ["/programmes/pgh-closed", "/programmes/pgh-closed?part=indicators&after=\(cursor)"] {
                    let res = try await outsider.get(path)
                    #expect(res.status == .ok)
                    #expect(!res.body.string.contains("Tarif horaire") && !res.body.string.contains("rel=\"next\""), "\(path)")
                }
            }
        }
    }
}
