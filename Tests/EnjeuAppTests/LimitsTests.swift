import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// Rate limits behind a proxy and per account, and body limits enforced before any work.
@Suite struct LimitsTests {
    static let still = Date()

    private func signIn(_ port: Int, email: String, forwardedFor: String?) async throws -> String {
        let body = "{\"email\":\"\(email)\",\"password\":\"0123456789\"}"
        let http = try RawHTTP(port: port)
        defer { http.close() }
        try http.send("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + (forwardedFor.map { "X-Forwarded-For: \($0)\r\n" } ?? "")
                      + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        return try await http.read(until: "\r\n\r\n")
    }

    /// The default deployment: a TLS proxy on 127.0.0.1. Twenty bad attempts by one person must not lock out everyone.
    @Test(arguments: TestDatabase.all)
    func signInBehindATrustedProxyCountsEachClient(_ db: TestDatabase) async throws {
        // The clock stands still, so no bucket refills however slowly a loaded machine runs the test.
        try await withEnjeu(db, rateLimit: 3, tweak: { $0.trustedProxies = try! TrustedProxies.parse("127.0.0.1, ::1").get(); $0.now = { Self.still } }) { app in
            try await servingOnLoopback(app) { port in
                for _ in 0..<3 { #expect(try await signIn(port, email: "a@example.org", forwardedFor: "198.51.100.1").hasPrefix("HTTP/1.1 401")) }
                let refused = try await signIn(port, email: "b@example.org", forwardedFor: "198.51.100.1")
                #expect(refused.hasPrefix("HTTP/1.1 429"))
                #expect(refused.lowercased().contains("retry-after:"))
                // Another person behind the same proxy signs in as usual.
                #expect(try await signIn(port, email: "c@example.org", forwardedFor: "198.51.100.2").hasPrefix("HTTP/1.1 401"))
                // A client cannot pick a fresh bucket by writing its own X-Forwarded-For: the proxy appends the real address last.
                #expect(try await signIn(port, email: "d@example.org", forwardedFor: "7.7.7.7, 198.51.100.1").hasPrefix("HTTP/1.1 429"))
                // One account attacked from many addresses is limited too (three times an address's allowance), whatever
                // the spelling of its e-mail.
                for i in 0..<9 { #expect(try await signIn(port, email: "target@example.org", forwardedFor: "203.0.113.\(10 + i)").hasPrefix("HTTP/1.1 401")) }
                #expect(try await signIn(port, email: " TARGET@example.org ", forwardedFor: "203.0.113.50").hasPrefix("HTTP/1.1 429"))
                // One address cannot lock someone else out: once its own bucket is empty, its attempts cost the victim nothing.
                for _ in 0..<20 { _ = try await signIn(port, email: "victim@example.org", forwardedFor: "192.0.2.66") }
                #expect(try await signIn(port, email: "victim@example.org", forwardedFor: "192.0.2.10").hasPrefix("HTTP/1.1 401"))
                // An IPv6 subscriber's /64 is one client: rotating addresses inside it buys nothing. A hop's port is ignored.
                for i in 1...3 { #expect(try await signIn(port, email: "v6_\(i)@example.org", forwardedFor: "[2001:db8:1:2::\(i)]:443").hasPrefix("HTTP/1.1 401")) }
                #expect(try await signIn(port, email: "v6_4@example.org", forwardedFor: "2001:db8:1:2:ffff::9").hasPrefix("HTTP/1.1 429"))
                #expect(try await signIn(port, email: "v6_5@example.org", forwardedFor: "2001:db8:1:3::1").hasPrefix("HTTP/1.1 401"))
                #expect(try await signIn(port, email: "p_6@example.org", forwardedFor: "198.51.100.2:5555").hasPrefix("HTTP/1.1 401"))
                #expect(try await signIn(port, email: "p_7@example.org", forwardedFor: "198.51.100.2:6666").hasPrefix("HTTP/1.1 401"))
                #expect(try await signIn(port, email: "p_8@example.org", forwardedFor: "198.51.100.2").hasPrefix("HTTP/1.1 429"),
                        "198.51.100.2 tried once above and twice with ports: a hop's port does not make it another client")
                // A blank e-mail is no account: people who left it empty do not share one bucket.
                for i in 0..<12 {
                    #expect(!(try await signIn(port, email: " ", forwardedFor: "203.0.114.\(i)").hasPrefix("HTTP/1.1 429")))
                }
            }
        }
    }

    /// Without trusted proxies the header is the client's own words: ignored.
    @Test func forwardedForIsIgnoredFromAnUntrustedPeer() async throws {
        try await withEnjeu(.sqlite, rateLimit: 2, tweak: { $0.now = { Self.still } }) { app in
            try await servingOnLoopback(app) { port in
                var answers: [String] = []
                for (i, address) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"].enumerated() {
                    answers.append(try await signIn(port, email: "p\(i)@example.org", forwardedFor: address))
                }
                #expect(answers[0].hasPrefix("HTTP/1.1 401") && answers[1].hasPrefix("HTTP/1.1 401"))
                #expect(answers[2].hasPrefix("HTTP/1.1 429"), "every client counted as the proxy's own address")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func writesAreLimitedPerAccount(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.writeRateLimit = 3; $0.now = { Self.still } }) { app in
            let api = APIClient(app: app)
            let ana = try await api.person("ana")
            let ben = try await api.person("ben")
            for _ in 0..<3 { #expect(try await ana.post("/api/v1/notifications/read", ["all": true]).status == .ok) }
            let refused = try await ana.post("/api/v1/notifications/read", ["all": true])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) != nil)
            #expect((try refused.json()["reason"] as? String)?.isEmpty == false)
            #expect(try await ben.post("/api/v1/notifications/read", ["all": true]).status == .ok, "another account is not affected")
            #expect(try await ana.get("/api/v1/notifications").status == .ok, "reading is not a write")
        }
    }

    /// A declared length over the route's limit is refused before the body is read and before the token is looked up:
    /// the server answers 413 as soon as the first bytes arrive (Vapor hands a request over with its first body chunk),
    /// although megabytes are still to come, and a bogus token makes no 401.
    @Test func oversizedBodyIsRefusedBeforeReadingOrAuthenticating() async throws {
        try await withEnjeu(.sqlite) { app in
            try await servingOnLoopback(app) { port in
                var heads: [String] = []
                do {
                    for (path, length) in [("/api/v1/communities", 2_000_000), ("/api/v1/communities/x/flows/import", 40_000_000)] {
                        let http = try RawHTTP(port: port)
                        defer { http.close() }
                        try http.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer forged\r\n"
                                      + "Content-Type: application/json\r\nContent-Length: \(length)\r\n\r\n{\"slug\":")
                        heads.append(try await http.read(until: "\r\n\r\n"))
                    }
                    // Under the limit, the usual answer (here: the forged token).
                    let http = try RawHTTP(port: port)
                    defer { http.close() }
                    try http.send("POST /api/v1/communities HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer forged\r\n"
                                  + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    heads.append(try await http.read(until: "\r\n\r\n"))
                }
                #expect(heads[0].hasPrefix("HTTP/1.1 413") && heads[1].hasPrefix("HTTP/1.1 413"), "\(heads)")
                #expect(heads[2].hasPrefix("HTTP/1.1 401"), "\(heads[2])")
            }
        }
    }

    @Test func theListenConnectionIsConfiguredApartForPgBouncer() throws {
        let pg = ["DATABASE_URL": "postgres://enjeu@pooler:6432/enjeu", "DATABASE_LISTEN_URL": "postgres://enjeu@db:5432/enjeu"]
        #expect(try EnjeuConfig.fromEnvironment(pg).listenURL == "postgres://enjeu@db:5432/enjeu")
        #expect(try EnjeuConfig.fromEnvironment(["DATABASE_URL": "postgres://enjeu@db/enjeu"]).listenURL == nil, "then DATABASE_URL")
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["DATABASE_LISTEN_URL": "postgres://enjeu@db/enjeu"]) }
        #expect(throws: EnjeuConfig.Invalid.self) {
            try EnjeuConfig.fromEnvironment(["DATABASE_URL": "postgres://enjeu@db/enjeu", "DATABASE_LISTEN_URL": "mysql://db"])
        }
    }

    @Test func configurationReadsTheNewLimits() throws {
        let c = try EnjeuConfig.fromEnvironment(["ENJEU_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8", "ENJEU_WRITE_RATE_LIMIT": "30",
                                                 "ENJEU_SQLITE_SYNCHRONOUS": "normal"])
        #expect(c.trustedProxies.trusts("10.2.3.4"))
        #expect(c.writeRateLimit == 30)
        #expect(c.sqliteSynchronous == .normal)
        #expect(try EnjeuConfig.fromEnvironment([:]).sqliteSynchronous == .full, "durable unless the operator says otherwise")
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_TRUSTED_PROXIES": "proxy.local"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_SQLITE_SYNCHRONOUS": "sometimes"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_WRITE_RATE_LIMIT": "0"]) }
    }

    /// Every write transaction commits with the configured durability.
    @Test func sqliteWritesCommitWithFullSynchronous() async throws {
        for (setting, expected) in [(EnjeuConfig.SQLiteSynchronous.full, 2), (.normal, 1)] {
            try await withEnjeu(.sqlite, tweak: { $0.sqliteSynchronous = setting }) { app in
                struct Row: Decodable { let synchronous: Int }
                let seen = try await app.write(on: app.db) { db in
                    try await db.row("PRAGMA synchronous", as: Row.self)?.synchronous
                }
                #expect(seen == expected)
            }
        }
    }
}
