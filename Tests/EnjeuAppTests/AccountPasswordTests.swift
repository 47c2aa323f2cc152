import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// Changing one's password from the account page and the API, knowing the current one; and when each session was last
/// used, recorded at most every few minutes so the session lookup costs no write per request.
@Suite struct AccountPasswordTests {
    static let password = AccountRecoveryTests.password
    static let fresh = "une toute nouvelle phrase"

    @Test(arguments: TestDatabase.all)
    func theAccountPageChangesThePasswordAndEndsTheOtherSessions(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, log in
            let here = WebClient(app: app)
            try await here.signUp("ivy")
            let phone = WebClient(app: app)
            #expect(try await phone.post("/signin", ["email": "ivy@example.org", "password": Self.password]).status == .seeOther)
            // A reset link asked earlier stops working once the password is changed another way.
            #expect(try await APIClient(app: app).post("/api/v1/password-resets", ["email": "ivy@example.org"]).status == .accepted)
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            let reset = try #require(log.token(after: "/password-reset/"))

            let page = try await here.get("/me/account").body.string
            #expect(page.contains("action=\"/me/account/password\"") && page.contains("autocomplete=\"current-password\""))
            #expect(page.contains("<label for=\"f-current\">") && page.contains("<label for=\"f-confirmation\">"))

            // Refused: each problem tied to its field, nothing typed sent back, nothing changed, nobody signed out.
            let cases: [([String: String], String)] = [
                (["current": "pas le bon mot de passe", "password": Self.fresh, "confirmation": Self.fresh], "aria-describedby=\"f-current-error\""),
                (["current": Self.password, "password": Self.fresh, "confirmation": Self.fresh + "!"], "aria-describedby=\"f-confirmation-error\""),
                (["current": Self.password, "password": "court", "confirmation": "court"], "aria-describedby=\"f-password-hint f-password-error\""),
                (["current": "", "password": Self.fresh, "confirmation": Self.fresh], "aria-describedby=\"f-current-error\""),
            ]
            for (form, tied) in cases {
                let refused = try await here.post("/me/account/password", form)
                let html = refused.body.string
                #expect(refused.status == .unprocessableEntity && html.contains(tied), "\(form): \(refused.status)")
                #expect(html.contains("class=\"error-summary\"") && !html.contains(Self.password) && !html.contains(Self.fresh))
            }
            let wrong = try await here.post("/me/account/password", cases[0].0).body.string
            #expect(wrong.contains(escape(Lang.fr[Text.describe(Violations(.currentPassword, .incorrect).all[0])])))
            #expect(try await phone.get("/me/account").status == .ok)
            let taken = try await APIClient(app: app).post("/api/v1/tokens", ["email": "ivy@example.org", "password": Self.password])
            let oldToken = APIClient(app: app, token: try taken.json()["token"] as? String)
            let before = try await oldToken.get("/api/v1/me").status
            #expect(taken.status == .created && before == .ok)

            let done = try await here.post("/me/account/password", ["current": Self.password, "password": Self.fresh, "confirmation": Self.fresh])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/me/account?done=passwordChanged")
            let after = try await here.get("/me/account?done=passwordChanged")
            #expect(after.status == .ok && after.body.string.contains(escape(Lang.fr[AccountNotice.passwordChanged.text])))
            #expect(after.body.string.contains(escape(Lang.fr[AccountText.noOtherSession])))
            #expect(try await phone.get("/me/account").status == .seeOther, "the other session is ended")
            #expect(try await oldToken.get("/api/v1/me").status == .unauthorized, "a token taken with the old password is revoked")
            let api = APIClient(app: app)
            #expect(try await api.post("/api/v1/tokens", ["email": "ivy@example.org", "password": Self.password]).status == .unauthorized)
            #expect(try await api.post("/api/v1/tokens", ["email": "ivy@example.org", "password": Self.fresh]).status == .created)
            #expect(try await api.post("/api/v1/password-resets/\(reset)", ["password": "encore une autre phrase"]).status == .gone)
            // Without the CSRF token, nothing is done.
            #expect(try await here.post("/me/account/password", ["current": Self.fresh, "password": Self.password, "confirmation": Self.password],
                                        csrf: false).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theAPIChangesThePassword(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, _ in
            let jay = try await APIClient(app: app).person("jay")
            let browser = WebClient(app: app)
            #expect(try await browser.post("/signin", ["email": "jay@example.org", "password": Self.password]).status == .seeOther)

            let wrong = try await jay.post("/api/v1/me/password", ["current": "pas le bon mot de passe", "password": Self.fresh])
            #expect(try wrong.status == .forbidden && wrong.json()["error"] as? Bool == true)
            #expect(try Self.names(wrong, .currentPassword))
            let weak = try await jay.post("/api/v1/me/password", ["current": Self.password, "password": "court"])
            #expect(try weak.status == .unprocessableEntity && Self.names(weak, .newPassword))
            let missing = try await jay.post("/api/v1/me/password", ["password": Self.fresh])
            #expect(try missing.status == .badRequest && (missing.json()["reason"] as? String)?.contains("current") == true)
            #expect(try await APIClient(app: app).post("/api/v1/me/password", ["current": Self.password, "password": Self.fresh]).status == .unauthorized)
            #expect(try await browser.get("/me/account").status == .ok, "refusals end nothing")

            let other = try await APIClient(app: app).post("/api/v1/tokens", ["email": "jay@example.org", "password": Self.password])
            let otherToken = APIClient(app: app, token: try other.json()["token"] as? String)
            let done = try await jay.post("/api/v1/me/password", ["current": Self.password, "password": Self.fresh])
            #expect(done.status == .ok && done.body.string == "{\"status\":\"changed\"}")
            #expect(try await browser.get("/me/account").status == .seeOther, "the caller has no session: every session ends")
            #expect(try await jay.get("/api/v1/me").status == .ok, "the token in use keeps working")
            #expect(try await otherToken.get("/api/v1/me").status == .unauthorized, "every other token is revoked")
            #expect(try await APIClient(app: app).post("/api/v1/tokens", ["email": "jay@example.org", "password": Self.fresh]).status == .created)
            let audit = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'account.password.change'")
                .first(decoding: Count.self)
            #expect(audit?.n == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func sessionsRecordWhenTheyWereLastUsedWithoutAWritePerRequest(_ db: TestDatabase) async throws {
        let clock = RecoveryTestSupport.Clock()
        try await RecoveryTestSupport.withApp(db, tweak: { $0.now = { clock.now } }) { app, _ in
            let here = WebClient(app: app)
            try await here.signUp("kim")
            let signedIn = clock.now
            func lastSeen() async throws -> Date? { try await Session.query(on: app.db).first()?.lastSeenAt }
            #expect(try await lastSeen().map { abs($0.timeIntervalSince(signedIn)) < 1 } == true, "marked at sign-in")

            // Within the step, requests leave the mark alone.
            clock.advance(Session.lastSeenStep - 60)
            for _ in 0..<3 { #expect(try await here.get("/me/account").status == .ok) }
            #expect(try await lastSeen().map { abs($0.timeIntervalSince(signedIn)) < 1 } == true)
            // Past it, the next request moves the mark, once.
            clock.advance(120)
            let moved = clock.now
            #expect(try await here.get("/me/account").status == .ok)
            #expect(try await lastSeen().map { abs($0.timeIntervalSince(moved)) < 1 } == true)
            clock.advance(30)
            #expect(try await here.get("/me/account").status == .ok)
            #expect(try await lastSeen().map { abs($0.timeIntervalSince(moved)) < 1 } == true)

            // The page says « in the last minutes » for a recent session, the day and time for an older one.
            _ = try await RecoveryTestSupport.signIn(app, "kim@example.org", Self.password, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
            clock.advance(2 * 86_400)
            let page = try await here.get("/me/account").body.string
            #expect(page.contains(escape(Lang.fr[AccountText.lastSeen])) && page.contains(escape(Lang.fr[AccountText.seenRecently])))
            #expect(page.components(separatedBy: escape(Lang.fr[AccountText.seenRecently])).count - 1 == 1, "only this browser is recent")
        }
    }

    private struct Count: Decodable { let n: Int }

    /// Whether a JSON error's reason names the field, in either language.
    private static func names(_ res: TestingHTTPResponse, _ field: InputField) throws -> Bool {
        let reason = try res.json()["reason"] as? String ?? ""
        return reason.contains(Lang.fr[Text.label(field)]) || reason.contains(Lang.en[Text.label(field)])
    }
}
