import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// Accounts that recover, through the API and the pages: e-mail verification at sign-up, password reset by a
/// single-use expiring link, and the account's sessions. Without ENJEU_SMTP_URL the links go to the log, which is
/// where these tests read them (as the operator would); the mailer itself is tested against a real server in MailerTests.
@Suite struct AccountRecoveryTests {
    static let password = "correct horse battery"

    @Test(arguments: TestDatabase.all)
    func signUpIsUnverifiedUntilTheEmailedLinkIsConfirmed(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, log in
            let api = APIClient(app: app)
            let created = try await api.post("/api/v1/accounts", ["handle": "ada", "displayName": "Ada", "email": "Ada@Example.org", "password": Self.password])
            #expect(created.status == .created)
            #expect(try Set(created.json().keys) == ["id", "handle", "emailVerified"] && (created.json()["emailVerified"] as? Bool) == false)
            let ada = try await signedIn(api, "ada@example.org")
            #expect(try await ada.get("/api/v1/me").json()["emailVerified"] as? Bool == false, "the account works at once, unverified")

            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let token = try #require(log.token(after: "/verify/"))
            // Only the SHA-256 of the link's secret is kept.
            let stored = try await sql(app.db).raw("SELECT token_hash FROM account_tokens").all(decoding: HashRow.self)
            #expect(stored.map(\.tokenHash) == [Secrets.hash(token)])

            // The e-mailed link opens a page with a button: following it (a mail scanner does) verifies nothing.
            let web = WebClient(app: app)
            let page = try await web.get("/verify/\(token)")
            #expect(page.status == .ok && page.body.string.contains("action=\"/verify/\(token)\"") && page.body.string.contains("<button"))
            #expect(try await ada.get("/api/v1/me").json()["emailVerified"] as? Bool == false)

            let verified = try await api.post("/api/v1/accounts/verify", ["token": token])
            #expect(try verified.status == .ok && (verified.json()["emailVerified"] as? Bool) == true)
            #expect(try await ada.get("/api/v1/me").json()["emailVerified"] as? Bool == true)

            // Reused, forged, missing: a clear JSON error, never a 500.
            for (what, body, status) in [("reused", ["token": token], HTTPStatus.gone), ("forged", ["token": "not-a-link"], .gone),
                                         ("missing", [String: String](), .badRequest)] {
                let res = try await api.post("/api/v1/accounts/verify", body)
                #expect(res.status == status, "\(what): \(res.status)")
                #expect(try res.json()["error"] as? Bool == true && (res.json()["reason"] as? String)?.isEmpty == false, "\(what)")
            }
            let reused = try await api.send(.POST, "/api/v1/accounts/verify", json: ["token": token])
            #expect(try reused.json()["reason"] as? String == Lang.fr[LinkProblem.used.text])
            // The page says why, and what to do next.
            let again = try await web.post("/verify/\(token)", [:])
            #expect(again.status == .gone && again.body.string.contains(escape(Lang.fr[LinkProblem.used.text])))
            #expect(try await web.get("/verify/forged").status == .gone)
        }
    }

    @Test(arguments: TestDatabase.all)
    func linksExpire(_ db: TestDatabase) async throws {
        let clock = RecoveryTestSupport.Clock()
        try await RecoveryTestSupport.withApp(db, tweak: { $0.now = { clock.now } }) { app, log in
            let api = APIClient(app: app)
            _ = try await api.person("bea")
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let verify = try #require(log.token(after: "/verify/"))
            #expect(try await api.post("/api/v1/password-resets", ["email": "bea@example.org"]).status == .accepted)
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let reset = try #require(log.token(after: "/password-reset/"))

            clock.advance(61 * 60)  // a reset link lives an hour
            let late = try await api.post("/api/v1/password-resets/\(reset)", ["password": "une toute nouvelle phrase"])
            #expect(try late.status == .gone && (late.json()["reason"] as? String)?.contains(Lang.fr[LinkProblem.expired.text]) == true)
            #expect(try await WebClient(app: app).get("/password-reset/\(reset)").status == .gone)
            // A verification link lives seven days.
            #expect(try await api.post("/api/v1/accounts/verify", ["token": verify]).status == .ok)

            #expect(try await api.post("/api/v1/password-resets", ["email": "bea@example.org"]).status == .accepted)
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let fresh = try #require(log.token(after: "/password-reset/"))
            _ = try await api.person("cyd")
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let cydVerify = try #require(log.token(after: "/verify/"))
            clock.advance(8 * 86_400)
            #expect(try await api.post("/api/v1/accounts/verify", ["token": cydVerify]).status == .gone)
            #expect(try await api.post("/api/v1/password-resets/\(fresh)", ["password": "une toute nouvelle phrase"]).status == .gone)
        }
    }

    @Test(arguments: TestDatabase.all)
    func resetWorksOnceAndTellsNobodyWhetherAnAccountExists(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, log in
            let api = APIClient(app: app)
            _ = try await api.person("dan")
            _ = try await RecoveryTestSupport.runQueuedJobs(app)

            // The same answer, and the same work (one queued job each), for an address with an account and one without.
            let jobsBefore = try await RecoveryTestSupport.jobCount(app)
            let known = try await api.post("/api/v1/password-resets", ["email": " DAN@example.org "])
            let unknown = try await api.post("/api/v1/password-resets", ["email": "nobody@example.org"])
            #expect(known.status == .accepted && unknown.status == .accepted)
            #expect(known.body.string == unknown.body.string && known.body.string == "{\"status\":\"accepted\"}")
            #expect(try await RecoveryTestSupport.jobCount(app) == jobsBefore + 2)
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 2)
            #expect(log.links(after: "/password-reset/").count == 1, "only the existing account gets a link")
            let token = try #require(log.token(after: "/password-reset/"))

            // Bad addresses are refused by their form alone, which tells nothing about accounts.
            #expect(try await api.post("/api/v1/password-resets", ["email": "not an address"]).status == .unprocessableEntity)
            #expect(try await api.post("/api/v1/password-resets", [String: String]()).status == .badRequest)

            // A password under the rules: 422 naming the field, and nothing changed (the link still works).
            let weak = try await api.post("/api/v1/password-resets/\(token)", ["password": "court"])
            #expect(weak.status == .unprocessableEntity)
            let reason = try #require(try weak.json()["reason"] as? String)
            #expect(reason.contains(Lang.fr[Text.label(.password)]) || reason.contains(Lang.en[Text.label(.password)]))
            let taken = try await api.post("/api/v1/tokens", ["email": "dan@example.org", "password": Self.password])
            let oldToken = APIClient(app: app, token: try taken.json()["token"] as? String)
            let before = try await oldToken.get("/api/v1/me").status
            #expect(taken.status == .created && before == .ok)

            let done = try await api.post("/api/v1/password-resets/\(token)", ["password": "une toute nouvelle phrase"])
            #expect(done.status == .ok && done.body.string == "{\"status\":\"changed\"}")
            #expect(try await oldToken.get("/api/v1/me").status == .unauthorized, "a token taken with the old password is revoked")
            #expect(try await api.post("/api/v1/tokens", ["email": "dan@example.org", "password": Self.password]).status == .unauthorized)
            #expect(try await api.post("/api/v1/tokens", ["email": "dan@example.org", "password": "une toute nouvelle phrase"]).status == .created)
            // Once only; a forged token is gone too.
            let twice = try await api.post("/api/v1/password-resets/\(token)", ["password": "encore une autre phrase"])
            #expect(try twice.status == .gone && (twice.json()["error"] as? Bool) == true)
            let forged = try await api.post("/api/v1/password-resets/\(String(repeating: "A", count: 43))", ["password": "encore une autre phrase"])
            #expect(try forged.status == .gone && (forged.json()["error"] as? Bool) == true)
            // Following the reset link proved the address.
            #expect(try await User.query(on: app.db).filter(\.$handle == "dan").first()?.emailVerifiedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func changingThePasswordEndsTheOtherSessions(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, log in
            let phone = WebClient(app: app)
            try await phone.signUp("eve")
            let laptop = WebClient(app: app)
            #expect(try await laptop.post("/signin", ["email": "eve@example.org", "password": Self.password]).status == .seeOther)
            let tablet = WebClient(app: app)
            #expect(try await tablet.post("/signin", ["email": "eve@example.org", "password": Self.password]).status == .seeOther)

            // The laptop, signed in, resets the password through the pages.
            let forgot = try await laptop.get("/password-reset")
            #expect(forgot.status == .ok && forgot.body.string.contains("action=\"/password-reset\""))
            let sent = try await laptop.post("/password-reset", ["email": "eve@example.org"])
            #expect(sent.status == .ok && sent.body.string.contains(escape(Lang.fr[AccountText.noMailConfigured])))
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            let token = try #require(log.token(after: "/password-reset/"))
            let form = try await laptop.get("/password-reset/\(token)")
            #expect(form.status == .ok && form.body.string.contains("autocomplete=\"new-password\""))
            let weak = try await laptop.post("/password-reset/\(token)", ["password": "court"])
            #expect(weak.status == .unprocessableEntity && weak.body.string.contains("aria-describedby=\"f-password-hint f-password-error\""))
            #expect(try await phone.get("/me/account").status == .ok, "a refused password ends nothing")
            #expect(try await laptop.post("/password-reset/\(token)", ["password": "une toute nouvelle phrase"]).status == .ok)

            #expect(try await laptop.get("/me/account").status == .ok, "the browser that reset it stays signed in")
            #expect(try await phone.get("/me/account").status == .seeOther)
            #expect(try await tablet.get("/me/account").status == .seeOther)
            let sessions = try await Session.query(on: app.db).count()
            #expect(sessions == 1)

            // Through the API, no session is the caller's: all of them end.
            #expect(try await phone.post("/signin", ["email": "eve@example.org", "password": "une toute nouvelle phrase"]).status == .seeOther)
            let api = APIClient(app: app)
            #expect(try await api.post("/api/v1/password-resets", ["email": "eve@example.org"]).status == .accepted)
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            let second = try #require(log.token(after: "/password-reset/"))
            #expect(second != token)
            #expect(try await api.post("/api/v1/password-resets/\(second)", ["password": "et encore une autre"]).status == .ok)
            #expect(try await Session.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func resetRequestsAreLimitedPerAddressAndPerAccount(_ db: TestDatabase) async throws {
        // The clock stands still, so no bucket refills however slowly a loaded machine runs the test.
        let clock = RecoveryTestSupport.Clock()
        try await RecoveryTestSupport.withApp(db, rateLimit: 20, tweak: {
            $0.trustedProxies = try! TrustedProxies.parse("127.0.0.1, ::1").get()
            $0.now = { clock.now }
        }) { app, log in
            _ = try await APIClient(app: app).person("fay")
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            do {
                func ask(_ email: String, from address: String) async throws -> HTTPStatus {
                    try await RecoveryTestSupport.post(app, "/api/v1/password-resets", ["email": email], forwardedFor: address).status
                }
                // Fifty requests in a minute for one account, from one address: five pass.
                var statuses: [HTTPStatus] = []
                for _ in 0..<50 { statuses.append(try await ask("fay@example.org", from: "198.51.100.1")) }
                #expect(statuses.prefix(5).allSatisfy { $0 == .accepted } && statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
                // Nor do many addresses buy more for that account; an account nobody has is limited alike.
                #expect(try await ask("fay@example.org", from: "203.0.113.9") == .tooManyRequests)
                for _ in 0..<5 { #expect(try await ask("ghost@example.org", from: "203.0.113.10") == .accepted) }
                #expect(try await ask("ghost@example.org", from: "203.0.113.11") == .tooManyRequests)
                // One address asking for many accounts is limited by its own allowance (ENJEU_AUTH_RATE_LIMIT, 20 here).
                var fromOne: [HTTPStatus] = []
                for i in 0..<25 { fromOne.append(try await ask("someone\(i)@example.org", from: "192.0.2.7")) }
                #expect(fromOne.prefix(20).allSatisfy { $0 == .accepted } && fromOne.dropFirst(20).allSatisfy { $0 == .tooManyRequests })
                let limited = try await RecoveryTestSupport.post(app, "/api/v1/password-resets", ["email": "x@example.org"], forwardedFor: "192.0.2.7")
                #expect(try limited.headers.first(name: .retryAfter) != nil && (limited.json()["error"] as? Bool) == true)
            }
            // Of the five requests for her account, she gets three links this hour: the cap holds across instances.
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            #expect(log.links(after: "/password-reset/").count == AccountToken.maxPerHour)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theAccountPageListsSessionsAndEndsOthers(_ db: TestDatabase) async throws {
        try await RecoveryTestSupport.withApp(db) { app, log in
            let here = WebClient(app: app)
            try await here.signUp("gus")
            let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
            let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Mobile Safari/537.36"
            let laptop = try await RecoveryTestSupport.signIn(app, "gus@example.org", Self.password, userAgent: firefox)
            let phone = try await RecoveryTestSupport.signIn(app, "gus@example.org", Self.password, userAgent: android)

            let page = try await here.get("/me/account")
            let html = page.body.string
            #expect(page.status == .ok)
            #expect(html.contains("gus@example.org") && html.contains(escape(Lang.fr[AccountText.emailUnverified])))
            #expect(html.contains("Firefox · Linux") && html.contains("Chrome · Android") && html.contains(escape(Lang.fr[AccountText.thisDevice])))
            #expect(html.contains("action=\"/me/sessions/end-others\"") && html.contains("action=\"/me/account/verification\""))
            #expect(html.components(separatedBy: "/end\"").count - 1 == 2, "an end button for each other session, none for this one")

            // Ending one session signs that device out.
            let phoneSession = try #require(try await Session.query(on: app.db).filter(\.$userAgent == android).first()?.id)
            let ended = try await here.post("/me/sessions/\(phoneSession)/end", [:])
            #expect(ended.status == .seeOther && ended.headers.first(name: .location) == "/me/account?done=sessionEnded")
            #expect(try await phone.get("/me/account").status == .seeOther)
            #expect(try await laptop.get("/me/account").status == .ok)
            // Someone else's session is not found.
            let other = WebClient(app: app)
            try await other.signUp("hal")
            let mine = try #require(try await Session.query(on: app.db).filter(\.$userAgent == firefox).first()?.id)
            #expect(try await other.post("/me/sessions/\(mine)/end", [:]).status == .notFound)
            // « End all others »: only this browser stays.
            #expect(try await here.post("/me/sessions/end-others", [:]).status == .seeOther)
            #expect(try await laptop.get("/me/account").status == .seeOther)
            let after = try await here.get("/me/account?done=othersEnded").body.string
            #expect(after.contains(escape(Lang.fr[AccountNotice.othersEnded.text])) && after.contains(escape(Lang.fr[AccountText.noOtherSession])))

            // Sending the verification link again, up to three links an hour; none once verified.
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            let resent = try await here.post("/me/account/verification", [:])
            #expect(resent.headers.first(name: .location) == "/me/account?done=resent")
            #expect(try await here.post("/me/account/verification", [:]).status == .seeOther)
            #expect(try await here.post("/me/account/verification", [:]).status == .tooManyRequests)
            _ = try await RecoveryTestSupport.runQueuedJobs(app)
            let token = try #require(log.token(after: "/verify/"))
            #expect(try await here.post("/verify/\(token)", [:]).status == .ok)
            #expect(try await here.post("/me/account/verification", [:]).headers.first(name: .location) == "/me/account?done=alreadyVerified")
            #expect(try await here.get("/me/account").body.string.contains(escape(Lang.fr[AccountText.emailVerified])))
        }
    }

    @Test(arguments: TestDatabase.all)
    func pagesSayWhenNoEmailIsConfigured(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let signIn = try await WebClient(app: app).get("/signin").body.string
            #expect(signIn.contains("href=\"/password-reset\""))
            let web = WebClient(app: app)
            let known = try await web.post("/password-reset", ["email": "nobody@example.org"]).body.string
            #expect(known.contains(escape(Lang.fr[AccountText.noMailConfigured])))
            let invalid = try await web.post("/password-reset", ["email": "pas une adresse"])
            #expect(invalid.status == .unprocessableEntity && invalid.body.string.contains("aria-describedby=\"f-email-error\""))
        }
        try await withEnjeu(db, tweak: { $0.smtpURL = "smtp://127.0.0.1:9?from=enjeu@example.org" }) { app in
            let page = try await WebClient(app: app).post("/password-reset", ["email": "nobody@example.org"]).body.string
            #expect(page.contains(escape(Lang.fr[AccountText.sentLead])) && !page.contains(escape(Lang.fr[AccountText.noMailConfigured])))
        }
    }

    private struct HashRow: Decodable {
        let tokenHash: String
        enum CodingKeys: String, CodingKey { case tokenHash = "token_hash" }
    }

    private func signedIn(_ api: APIClient, _ email: String) async throws -> APIClient {
        let token = try await api.post("/api/v1/tokens", ["email": email, "password": Self.password])
        return APIClient(app: api.app, token: try token.json()["token"] as? String)
    }
}

/// What recovery tests share: the job queue run by hand (tests start no runner), the log read as the operator reads it,
/// a clock to move, and requests from a given address or browser.
enum RecoveryTestSupport {
    /// Runs every due job, as an instance's workers would; returns how many ran, each expected to succeed.
    static func runQueuedJobs(_ app: Application) async throws -> Int {
        let queue = JobQueue(handlers: JobQueue.handlers)
        let ctx = app.context()
        var ran = 0
        while true {
            let jobs = try await queue.claim(ctx, holder: "test", limit: 50)
            if jobs.isEmpty { break }
            for job in jobs { await queue.run(job, ctx, holder: "test") }
            ran += jobs.count
        }
        struct Count: Decodable { let n: Int }
        let failed = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM jobs WHERE state <> 'done'").first(decoding: Count.self)
        #expect(failed?.n == 0, "a queued job failed")
        return ran
    }

    static func jobCount(_ app: Application) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql(app.db).raw("SELECT COUNT(*) AS n FROM jobs").first(decoding: Count.self)?.n ?? 0
    }

    /// An application whose log the test reads: the logger (jobs log through it) keeps the links it is given.
    static func withApp(_ db: TestDatabase, rateLimit: Int = 10_000, tweak: (inout EnjeuConfig) -> Void = { _ in },
                        _ body: (Application, LogLines) async throws -> Void) async throws {
        try await withEnjeu(db, rateLimit: rateLimit, tweak: tweak) { app in
            let lines = LogLines()
            app.logger = Logger(label: "enjeu.test") { _ in Capture(lines: lines) }
            try await body(app, lines)
        }
    }

    /// The token of a link of a mail: what follows `prefix`, up to the first space or line end.
    static func token(in text: String, after prefix: String) -> String? {
        guard let r = text.range(of: prefix, options: .backwards) else { return nil }
        let token = text[r.upperBound...].prefix { !$0.isWhitespace }
        return token.isEmpty ? nil : String(token)
    }

    /// A JSON POST over the network from `forwardedFor` (the app trusts 127.0.0.1 as its proxy).
    static func post(_ app: Application, _ path: String, _ json: [String: String], forwardedFor: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor)
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        return try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).sendRequest(.POST, path, headers: headers, body: body)
    }

    /// A browser signed in with a `User-Agent` of its own.
    static func signIn(_ app: Application, _ email: String, _ password: String, userAgent: String) async throws -> WebClient {
        let web = WebClient(app: app)
        _ = try await web.get("/")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .userAgent, value: userAgent)
        headers.replaceOrAdd(name: .cookie, value: "enjeu_csrf=\(web.cookies["enjeu_csrf"] ?? "")")
        var form = URLComponents()
        form.queryItems = [.init(name: "email", value: email), .init(name: "password", value: password), .init(name: "_csrf", value: web.cookies["enjeu_csrf"])]
        let res = try await app.testing().sendRequest(.POST, "/signin", headers: headers, body: ByteBuffer(string: form.percentEncodedQuery ?? ""))
        #expect(res.status == .seeOther)
        for cookie in res.headers[.setCookie] where cookie.hasPrefix("enjeu_session=") {
            web.cookies["enjeu_session"] = String(cookie.dropFirst("enjeu_session=".count).prefix { $0 != ";" })
        }
        return web
    }

    /// A clock a test moves forward.
    final class Clock: Sendable {
        private let current = NIOLockedValueBox(Date())
        var now: Date { current.withLockedValue { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// The links logged for the operator, oldest first.
    final class LogLines: Sendable {
        private let links = NIOLockedValueBox<[String]>([])
        func add(_ link: String) { links.withLockedValue { $0.append(link) } }
        func links(after prefix: String) -> [String] { links.withLockedValue { $0 }.filter { $0.hasPrefix(prefix) } }
        /// The newest link starting with `prefix`, without it.
        func token(after prefix: String) -> String? { links(after: prefix).last.map { String($0.dropFirst(prefix.count)) } }
    }

    private struct Capture: LogHandler {
        let lines: LogLines
        var logLevel: Logger.Level = .notice
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            if let link = event.metadata?["link"] { lines.add("\(link)") }
        }
    }
}
