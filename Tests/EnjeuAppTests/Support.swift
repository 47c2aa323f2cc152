import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import EnjeuApp
import EnjeuWeb

/// Where an integration test runs: always SQLite, and PostgreSQL when ENJEU_TEST_DATABASE_URL is set.
/// Each test gets a fresh database: its own SQLite file in a temporary folder, or its own PostgreSQL schema, both removed afterwards.
enum TestDatabase: CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres(url: String)

    static var all: [TestDatabase] {
        var dbs: [TestDatabase] = [.sqlite]
        if let url = ProcessInfo.processInfo.environment["ENJEU_TEST_DATABASE_URL"], !url.isEmpty { dbs.append(.postgres(url: url)) }
        return dbs
    }

    var testDescription: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }
}

func withEnjeu(_ db: TestDatabase, rateLimit: Int = 10_000, schema fixedSchema: String? = nil, tweak: (inout EnjeuConfig) -> Void = { _ in },
               _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    let schema = fixedSchema ?? "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    let database: EnjeuConfig.Database = switch db {
    case .sqlite: .sqlite(path: NSTemporaryDirectory() + "enjeu-test-\(UUID().uuidString)/enjeu.sqlite")
    case let .postgres(url): .postgres(url: url, searchPath: [String(schema)])
    }
    do {
        var config = EnjeuConfig(database: database, bcryptCost: 4, authRateLimit: rateLimit)
        config.writeRateLimit = 100_000  // tests write fast; LimitsTests lower it
        tweak(&config)
        try await configure(app, config: config)
        try await body(app)
    } catch {
        try? await dropSchema(app, db, String(schema))
        try? await app.asyncShutdown()
        throw error
    }
    try await dropSchema(app, db, String(schema))
    try await app.asyncShutdown()
}

private func dropSchema(_ app: Application, _ db: TestDatabase, _ schema: String) async throws {
    if case let .sqlite(path) = app.enjeu.database {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        return
    }
    guard case .postgres = db, let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

/// Runs `body` against the real server on a free loopback port (the socket peer is then 127.0.0.1, as behind a local
/// TLS proxy), and stops the server whatever happens: an application shut down with its server running traps.
func servingOnLoopback(_ app: Application, _ body: (Int) async throws -> Void) async throws {
    app.http.server.configuration.port = 0
    try app.server.start()
    do {
        try await body(try #require(app.http.server.shared.localAddress?.port))
    } catch {
        await app.server.shutdown()
        throw error
    }
    await app.server.shutdown()
}

/// A JSON API client with an optional bearer token.
struct APIClient {
    let app: Application
    var token: String?

    /// Requests go through the whole HTTP server (real sockets on 127.0.0.1) when `overNetwork`, so body limits apply.
    func send(_ method: HTTPMethod, _ path: String, json: Any? = nil, raw: String? = nil,
              contentType: String = "application/json", overNetwork: Bool = false) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers.replaceOrAdd(name: .contentType, value: contentType)
        }
        let tester = try app.testing(method: overNetwork ? .running(hostname: "127.0.0.1", port: 0) : .inMemory)
        return try await tester.sendRequest(method, path, headers: headers, body: body)
    }

    func get(_ path: String) async throws -> TestingHTTPResponse { try await send(.GET, path) }
    func post(_ path: String, _ json: Any = [String: Any]()) async throws -> TestingHTTPResponse { try await send(.POST, path, json: json) }

    /// Signs up a new person and returns a client acting as them.
    func person(_ handle: String) async throws -> APIClient {
        let created = try await APIClient(app: app).post("/api/v1/accounts", [
            "handle": handle, "displayName": handle.capitalized, "email": "\(handle)@example.org", "password": "correct horse battery",
        ])
        #expect(created.status == .created, "sign-up of \(handle): \(created.body.string)")
        let token = try await APIClient(app: app).post("/api/v1/tokens", ["email": "\(handle)@example.org", "password": "correct horse battery"])
        #expect(token.status == .created)
        return APIClient(app: app, token: try token.json()["token"] as? String)
    }
}

extension TestingHTTPResponse {
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw Abort(.internalServerError, reason: "not a JSON object: \(body.string)")
        }
        return object
    }

    func items() throws -> [[String: Any]] { (try json()["items"] as? [[String: Any]]) ?? [] }
}

func communityBody(_ slug: String, visibility: String = "members", name: String? = nil) -> [String: Any] {
    ["slug": slug, "name": name ?? "Communauté \(slug)", "purpose": "Agir ensemble pour le bien commun du quartier",
     "perimeter": "Lyon", "rhythm": "mensuel", "stage": "emerging", "visibility": visibility,
     "charter": "Je donne autant que je reçois."]
}

/// A community with one person in each relation: steward (founder), member, pending, outsider, plus anonymous.
struct Cast {
    let slug: String
    let steward: APIClient
    let member: APIClient
    let pending: APIClient
    let outsider: APIClient
    let anonymous: APIClient

    static func make(_ app: Application, visibility: String, prefix: String) async throws -> Cast {
        let api = APIClient(app: app)
        let steward = try await api.person(prefix + "_steward")
        let member = try await api.person(prefix + "_member")
        let pending = try await api.person(prefix + "_pending")
        let outsider = try await api.person(prefix + "_outsider")
        let slug = prefix.replacingOccurrences(of: "_", with: "-") + "-club"
        #expect(try await steward.post("/api/v1/communities", communityBody(slug, visibility: visibility)).status == .created)
        let join = try await member.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"])
        let id = try join.json()["id"] as! String
        #expect(try await steward.post("/api/v1/communities/\(slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await member.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)
        #expect(try await pending.post("/api/v1/communities/\(slug)/join-requests", ["message": "Moi aussi"]).status == .created)
        return Cast(slug: slug, steward: steward, member: member, pending: pending, outsider: outsider, anonymous: api)
    }
}

/// A browser-like client for pages: keeps cookies and sends the CSRF token with forms.
final class WebClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    func get(_ path: String) async throws -> TestingHTTPResponse { try await send(.GET, path, form: nil) }

    /// Posts a form; `csrf: false` leaves the token out, as a forged cross-site form would.
    func post(_ path: String, _ form: [String: String], csrf: Bool = true) async throws -> TestingHTTPResponse {
        if cookies["enjeu_csrf"] == nil { _ = try await get("/") }
        var fields = form
        if csrf { fields["_csrf"] = cookies["enjeu_csrf"] }
        return try await send(.POST, path, form: fields)
    }

    private func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var body: ByteBuffer?
        if let form {
            var c = URLComponents()
            c.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
            body = ByteBuffer(string: c.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? "")
            headers.contentType = .urlEncodedForm
        }
        let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for cookie in res.headers[.setCookie] {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let (name, value) = (String(pair[0]), String(pair[1]))
            if value.isEmpty || cookie.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return res
    }

    func signUp(_ handle: String) async throws {
        let res = try await post("/signup", ["handle": handle, "displayName": handle.capitalized, "email": "\(handle)@example.org",
                                             "password": "correct horse battery"])
        #expect(res.status == .seeOther, "page sign-up: \(res.status)")
    }
}
