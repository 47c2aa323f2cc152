import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp

/// Rate limits counted in the database (`rate_limits`): buckets refill at their rate, refusals write nothing, full
/// buckets are pruned, and two instances on one PostgreSQL share one allowance.
@Suite struct RateLimitCountsTests {
    final class Clock: Sendable {
        private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { current.withLockedValue { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
    }

    private struct Bucket: Decodable, Equatable {
        let subject: String
        let refilledAt: Double
        enum CodingKeys: String, CodingKey { case subject, refilledAt = "refilled_at" }
    }

    private func buckets(_ app: Application) async throws -> [Bucket] {
        try await app.db.rows("SELECT subject, refilled_at FROM rate_limits ORDER BY subject", as: Bucket.self)
    }

    /// The limiter's answer to one attempt: nil when allowed, else the Retry-After it gives.
    private func attempt(_ limiter: RateLimiter, _ app: Application, bucket: String = "test", account: String? = nil) async throws -> Int? {
        let req = Request(application: app, on: app.eventLoopGroup.any())
        do {
            try await limiter.check(req, bucket: bucket, account: account)
            return nil
        } catch let limited as RateLimited {
            return limited.retryAfter
        }
    }

    @Test(arguments: TestDatabase.all)
    func bucketsRefillAtTheirRateAndRefusalsWriteNothing(_ db: TestDatabase) async throws {
        let clock = Clock()
        try await withEnjeu(db, tweak: { $0.now = { clock.now } }) { app in
            let limiter = RateLimiter(perMinute: 3, perAccount: 3)
            let start = clock.now.timeIntervalSince1970
            try await sql(app.db).raw("""
                INSERT INTO rate_limits (bucket, subject, refilled_at) VALUES ('other', 'address:stale', \(bind: start))
                """).run()
            for _ in 0..<3 { #expect(try await attempt(limiter, app) == nil) }
            let full = try await buckets(app).filter { $0.subject != "address:stale" }
            #expect(full.count == 1 && full[0].subject.hasPrefix("address:") && !full[0].subject.contains("local"),
                    "one row, the address hashed: \(full)")
            #expect(try await attempt(limiter, app) == 20, "a token comes back every 20 s at 3 a minute")
            #expect(try await attempt(limiter, app) == 20, "refused from memory alike")
            #expect(try await buckets(app).filter { $0.subject != "address:stale" } == full, "a refused attempt writes nothing")
            // Another instance (its own memory, the same table) is refused by the database, with the same wait.
            #expect(try await attempt(RateLimiter(perMinute: 3, perAccount: 3), app) == 20)

            clock.advance(20)
            #expect(try await attempt(limiter, app) == nil, "one token back after 20 s")
            #expect(try await attempt(limiter, app) == 20)

            // A minute on, buckets full again are pruned (a row meaning a full bucket) and the allowance is whole.
            clock.advance(61)
            #expect(try await attempt(limiter, app) == nil)
            let left = try await buckets(app)
            #expect(left.count == 1 && left[0].subject == full[0].subject, "\(left)")

            // An account's allowance, whatever the spelling of its e-mail, over the addresses it is tried from.
            let accounts = RateLimiter(perMinute: 10, perAccount: 2)
            for email in ["Someone@example.org", " someone@EXAMPLE.org "] {
                #expect(try await attempt(accounts, app, bucket: "signin", account: email) == nil)
            }
            #expect(try await attempt(accounts, app, bucket: "signin", account: "SOMEONE@example.org") == 30)
            #expect(try await attempt(accounts, app, bucket: "signin", account: "other@example.org") == nil)
            #expect(try await attempt(accounts, app, bucket: "signin", account: " ") == nil, "a blank e-mail is no account")
        }
    }

    static var postgres: [TestDatabase] {
        TestDatabase.all.filter { if case .postgres = $0 { true } else { false } }
    }

    /// ENJEU_AUTH_RATE_LIMIT holds for the instances together: attempts on either count against one allowance.
    @Test(arguments: RateLimitCountsTests.postgres)
    func twoInstancesShareOneAllowance(_ db: TestDatabase) async throws {
        let schema = "t_rate_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        try await withEnjeu(db, rateLimit: 3, schema: String(schema)) { a in
            try await withEnjeu(db, rateLimit: 3, schema: String(schema)) { b in
                func signIn(_ app: Application) async throws -> HTTPStatus {
                    try await APIClient(app: app).post("/api/v1/tokens", ["email": "who@example.org", "password": "0123456789"]).status
                }
                var statuses: [HTTPStatus] = []
                for app in [a, b, a] { statuses.append(try await signIn(app)) }
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized])
                #expect(try await signIn(b) == .tooManyRequests, "B counts A's attempts")
                #expect(try await signIn(a) == .tooManyRequests)
            }
        }
    }
}
