import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct PageSecurityTests {
    @Test(arguments: TestDatabase.all)
    func formsWithoutTheCSRFTokenAreRefused(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("camille")
            let forged = try await web.post("/communities", ["slug": "forged", "name": "Forged", "purpose": "A forged community here",
                                                             "stage": "emerging", "visibility": "public", "charter": "Je donne autant."], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await Community.query(on: app.db).count() == 0)
            let signedOut = try await web.post("/signout", [:], csrf: false)
            #expect(signedOut.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func userTextIsEscapedEverywhere(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("camille")
            let res = try await web.post("/communities", ["slug": "xss-club", "name": "<script>alert(1)</script>", "purpose": "<img src=x onerror=alert(1)> purpose",
                                                          "perimeter": "\"><svg onload=alert(1)>", "rhythm": "", "stage": "emerging",
                                                          "visibility": "public", "charter": "<iframe src=javascript:alert(1)></iframe> charte"])
            #expect(res.status == .seeOther)
            for path in ["/communities/xss-club", "/communities", "/communities/xss-club/charter", "/"] {
                let html = try await web.get(path).body.string
                #expect(!html.contains("<script>alert"), "\(path)")
                #expect(!html.contains("<img src=x"), "\(path)")
                #expect(!html.contains("<svg onload"), "\(path)")
                #expect(!html.contains("<iframe"), "\(path)")
            }
            let home = try await web.get("/communities/xss-club")
            #expect(home.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(home.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(home.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(home.headers.first(name: "X-Request-Id") != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func cookiesAreHttpOnlyAndSameSite(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let res = try await app.testing().sendRequest(.POST, "/api/v1/accounts", headers: ["content-type": "application/json"],
                                                         body: ByteBuffer(string: #"{"handle":"camille","displayName":"C","email":"c@example.org","password":"0123456789"}"#))
            #expect(res.status == .created)
            let web = WebClient(app: app)
            _ = try await web.get("/")
            let signIn = try await web.post("/signin", ["email": "c@example.org", "password": "0123456789"])
            let cookie = signIn.headers[.setCookie].first { $0.hasPrefix("enjeu_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func languagesAndFriendlyErrors(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            let missing = try await web.get("/communities/nope-nope")
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("existe pas"))
            #expect(try await web.post("/lang", ["lang": "en", "next": "/communities"]).status == .seeOther)
            let english = try await web.get("/communities")
            #expect(english.body.string.contains("<html lang=\"en\">") && english.body.string.contains("Communities of stakes"))
            let api404 = try await APIClient(app: app).get("/api/v1/nothing-here")
            #expect(api404.status == .notFound)
            #expect(try api404.json()["error"] as? Bool == true)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theJourneyThroughPages(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = WebClient(app: app)
            try await camille.signUp("camille")
            let created = try await camille.post("/communities", ["slug": "atelier", "name": "Atelier", "purpose": "Réparer ensemble les objets",
                                                                  "stage": "growing", "visibility": "members", "charter": "Je rends ce que je reçois."])
            #expect(created.status == .seeOther)
            let julie = WebClient(app: app)
            try await julie.signUp("julie")
            #expect(try await julie.post("/communities/atelier/join", ["message": "Bonjour"]).status == .seeOther)
            #expect(try await julie.get("/communities/atelier").body.string.contains("en attente"))
            let requests = try await camille.get("/communities/atelier/requests").body.string
            let id = try #require(requests.range(of: #"/requests/([0-9A-F-]{36})/approve"#, options: .regularExpression)
                .map { String(requests[$0].dropFirst(10).prefix(36)) })
            #expect(try await camille.post("/communities/atelier/requests/\(id)/approve", [:]).status == .seeOther)
            #expect(try await julie.get("/communities/atelier/members").status == .notFound)
            #expect(try await julie.post("/communities/atelier/charter/accept", ["version": "1"]).status == .seeOther)
            let members = try await julie.get("/communities/atelier/members")
            #expect(members.status == .ok)
            #expect(members.body.string.contains("@julie"))
            // Settings use optimistic concurrency: a stale form is refused, nothing is lost silently.
            let fresh = try await camille.post("/communities/atelier/settings", ["name": "Atelier du lien", "purpose": "Réparer ensemble les objets",
                                                                                 "stage": "growing", "visibility": "members", "version": "1"])
            #expect(fresh.status == .seeOther)
            let stale = try await camille.post("/communities/atelier/settings", ["name": "Ancien nom", "purpose": "Réparer ensemble les objets",
                                                                                 "stage": "growing", "visibility": "members", "version": "1"])
            #expect(stale.status == .conflict)
            #expect(try await camille.get("/communities/atelier").body.string.contains("Atelier du lien"))
        }
    }
}

@Suite struct ViewHelperTests {
    @Test func excerptsCutOnlyWhatIsLong() {
        let accents = String(repeating: "é", count: 200)
        #expect(CommunityViews.excerpt(accents, 280) == accents, "200 characters (400 bytes) are not cut")
        let long = String(repeating: "é", count: 300)
        #expect(CommunityViews.excerpt(long, 280) == String(repeating: "é", count: 280) + "…")
    }

    @Test func theImmutableCacheKeepsItsByteBudget() async throws {
        let cache = ImmutableCache<Int, String>(maxBytes: 1_000, maxEntryBytes: 500, cost: { $0.utf8.count })
        var loads = 0
        for round in 0..<2 {
            for k in 0..<5 {
                _ = await cache.value(k) { loads += 1; return String(repeating: "x", count: 100) }
            }
            #expect(loads == 5, "round \(round): the second round is served from the cache")
        }
        _ = await cache.value(99) { loads += 1; return String(repeating: "y", count: 600) }
        _ = await cache.value(99) { loads += 1; return String(repeating: "y", count: 600) }
        #expect(loads == 7, "values over the entry limit are never kept")
    }
}
