import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// Backoff per destination server: once a server fails, one delivery at a time probes it when its wait is over, and the
/// others queued for it wait for that probe's outcome instead of each failing on their own (a dead server with thousands
/// of deliveries costs one try per backoff step, not thousands). `delivery_domains` holds the servers that failed last:
/// consecutive failures, the first of them, and when the next probe may go. A success forgets the server.
enum DomainHealth {
    enum Admission: Equatable {
        /// Not known to fail: go.
        case healthy
        /// Known to fail, its wait over: this delivery probes it.
        case probe(failures: Int)
        /// Known to fail: come back then (not an attempt).
        case wait(until: Date)
        /// Failing for longer than deliveries are kept: give up.
        case givenUp
    }

    /// How long a probe holds the server before another may try (its own timeouts are shorter).
    static let probeLease: Double = 60

    private struct Row: Decodable { let failures: Int, first_failed_at: Date, retry_at: Date }

    static func admit(_ domain: String, _ ctx: ServiceContext) async throws -> Admission {
        guard let row = try await ctx.db.row("""
            SELECT failures, first_failed_at, retry_at FROM delivery_domains WHERE domain = \(bind: domain)
            """, as: Row.self) else { return .healthy }
        let now = ctx.now
        if now.timeIntervalSince(row.first_failed_at) > FederationRules.deliveryGiveUp { return .givenUp }
        if row.retry_at > now { return .wait(until: spread(row.retry_at, now)) }
        // The wait is over: one delivery takes the probe (a conditional update, whatever the race), the rest wait for it.
        let taken = try await ctx.write { db in
            try await sql(db).raw("""
                UPDATE delivery_domains SET retry_at = \(bind: now.addingTimeInterval(probeLease))
                WHERE domain = \(bind: domain) AND retry_at <= \(bind: now) RETURNING domain
                """).first()
        }
        return taken != nil ? .probe(failures: row.failures) : .wait(until: spread(now.addingTimeInterval(probeLease), now))
    }

    /// A wait spread by up to a tenth, so a server's queued deliveries do not all come back in the same instant.
    private static func spread(_ until: Date, _ now: Date) -> Date {
        until.addingTimeInterval(max(1, until.timeIntervalSince(now)) * Double.random(in: 0..<0.1))
    }

    /// The delivery failed: the first failure starts the server's backoff, a probe's failure lengthens it; a failure of
    /// a delivery already under way when another failed changes nothing (the backoff counts probes, not deliveries).
    static func failed(_ domain: String, admitted: Admission, _ ctx: ServiceContext) async throws {
        let now = ctx.now
        let policy = FederationRules.domainBackoff
        try await ctx.write { db in
            switch admitted {
            case let .probe(failures):
                let wait = policy.delay(afterAttempt: failures + 1, jitter: Double.random(in: 0..<1))
                try await sql(db).raw("""
                    UPDATE delivery_domains SET failures = \(bind: failures + 1), retry_at = \(bind: now.addingTimeInterval(wait))
                    WHERE domain = \(bind: domain)
                    """).run()
            case .healthy:
                let wait = policy.delay(afterAttempt: 1, jitter: Double.random(in: 0..<1))
                try await sql(db).raw("""
                    INSERT INTO delivery_domains (domain, failures, first_failed_at, retry_at)
                    VALUES (\(bind: domain), 1, \(bind: now), \(bind: now.addingTimeInterval(wait))) ON CONFLICT (domain) DO NOTHING
                    """).run()
            case .wait, .givenUp: return
            }
        }
    }

    /// The server answered: it is no longer failing (only a probe's answer is written; a healthy server costs nothing).
    static func answered(_ domain: String, admitted: Admission, _ ctx: ServiceContext) async throws {
        guard case .probe = admitted else { return }
        try await ctx.write { db in
            try await sql(db).raw("DELETE FROM delivery_domains WHERE domain = \(bind: domain)").run()
        }
    }
}

/// The servers deliveries are failing to (`DomainHealth`).
struct M055DeliveryDomains: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("delivery_domains", .text("domain"), .int("failures"), .time("first_failed_at", "retry_at"), unique: ["domain"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("delivery_domains")
    }
}
