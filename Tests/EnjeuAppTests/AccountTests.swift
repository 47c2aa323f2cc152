import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct AccountTests {
    @Test(arguments: TestDatabase.all)
    func healthReportsTheDatabase(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let res = try await APIClient(app: app).get("/healthz")
            #expect(res.status == .ok)
            let body = try res.json()
            #expect(body["status"] as? String == "ok")
            #expect(body["database"] as? String == db.testDescription)
        }
    }

    @Test(arguments: TestDatabase.all)
    func accountsTokensAndMe(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let created = try await api.post("/api/v1/accounts", ["handle": "camille", "displayName": "Camille", "email": "Camille@Example.org", "password": "0123456789"])
            #expect(created.status == .created)
            #expect(try created.json()["handle"] as? String == "camille")
            #expect(try created.json()["id"] is String)
            // Taken handle, taken e-mail (case-insensitive): 409.
            #expect(try await api.post("/api/v1/accounts", ["handle": "camille", "displayName": "C", "email": "other@example.org", "password": "0123456789"]).status == .conflict)
            #expect(try await api.post("/api/v1/accounts", ["handle": "camille2", "displayName": "C", "email": "camille@example.org", "password": "0123456789"]).status == .conflict)
            // Wrong credentials: 401.
            #expect(try await api.post("/api/v1/tokens", ["email": "camille@example.org", "password": "wrong password"]).status == .unauthorized)
            #expect(try await api.post("/api/v1/tokens", ["email": "nobody@example.org", "password": "0123456789"]).status == .unauthorized)
            let token = try await api.post("/api/v1/tokens", ["email": "camille@example.org", "password": "0123456789"])
            #expect(token.status == .created)
            let secret = try token.json()["token"] as! String
            let me = try await APIClient(app: app, token: secret).get("/api/v1/me")
            #expect(me.status == .ok)
            #expect(try me.json()["handle"] as? String == "camille")
            // The database keeps only a hash of the token.
            let stored = try await ApiToken.query(on: app.db).all()
            #expect(stored.count == 1 && stored[0].tokenHash != secret && !stored[0].tokenHash.contains(secret))
            // Revoked tokens stop working.
            let id = try token.json()["id"] as! String
            #expect(try await APIClient(app: app, token: secret).send(.DELETE, "/api/v1/tokens/\(id)").status == .noContent)
            #expect(try await APIClient(app: app, token: secret).get("/api/v1/me").status == .unauthorized)
            #expect(try await api.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func profileUpdateValidates(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            let ok = try await camille.send(.PATCH, "/api/v1/me", json: ["bio": "Tisserande", "values": "Réciprocité, réciprocite, Écoute", "lang": "en"])
            #expect(ok.status == .ok)
            #expect(try ok.json()["values"] as? [String] == ["Réciprocité", "Écoute"])
            #expect(try await camille.send(.PATCH, "/api/v1/me", json: ["lang": "de"]).status == .unprocessableEntity)
            let other = try await APIClient(app: app).person("malik")
            let seen = try await other.get("/api/v1/users/camille")
            #expect(seen.status == .ok)
            #expect(try seen.json()["email"] == nil, "e-mail addresses stay private")
        }
    }

    @Test(arguments: TestDatabase.all)
    func signUpSignInSignOutThroughPages(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("camille")
            let home = try await web.get("/")
            #expect(home.body.string.contains("@camille"))
            #expect(try await web.post("/signout", [:]).status == .seeOther)
            #expect(!(try await web.get("/").body.string.contains("@camille")))
            let wrong = try await web.post("/signin", ["email": "camille@example.org", "password": "nope nope nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("incorrect"))
            let right = try await web.post("/signin", ["email": "camille@example.org", "password": "correct horse battery", "next": "//evil.example"])
            #expect(right.status == .seeOther)
            #expect(right.headers.first(name: .location) == "/", "an off-site next is ignored")
            for evil in ["/\t/evil.example", "/\\evil.example", "/\n/evil.example", "https://evil.example"] {
                #expect(AccountEndpoints.safeNext(evil) == "/", "\(evil)")
            }
            #expect(AccountEndpoints.safeNext("/communities/tisserands?x=1") == "/communities/tisserands?x=1")
            // Sessions live in the database, hashed.
            #expect(try await Session.query(on: app.db).count() == 1)
            let session = web.cookies["enjeu_session"] ?? ""
            #expect(try await Session.query(on: app.db).filter(\.$tokenHash == session).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func signUpFormShowsEveryProblemAndWritesNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            let res = try await web.post("/signup", ["handle": "X", "displayName": "", "email": "nope", "password": "short"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("error-summary") && html.contains("au moins 10 caractères") && html.contains("adresse invalide"))
            #expect(html.contains("value=\"nope\""), "what was typed is kept")
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test func configurationRefusesBadValues() {
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_SECURE_COOKIES": "maybe"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_PORT": "99999"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["LOG_LEVEL": "loud"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["DATABASE_URL": "mysql://x"]) }
        #expect((try? EnjeuConfig.fromEnvironment(["ENJEU_SECURE_COOKIES": "yes"]))?.secureCookies == true)
    }

    @Test(arguments: TestDatabase.all)
    func signInIsRateLimited(_ db: TestDatabase) async throws {
        try await withEnjeu(db, rateLimit: 3) { app in
            let api = APIClient(app: app)
            var statuses: [HTTPStatus] = []
            for _ in 0..<5 { statuses.append(try await api.post("/api/v1/tokens", ["email": "a@b.org", "password": "0123456789"]).status) }
            #expect(statuses.prefix(3).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
        }
    }
}
