import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// Backoff per destination server: once a server fails, one delivery at a time probes it when its wait is over, and the
/// others queued for it wait for that probe's outcome instead of each failing on their own (a dead server with thousands
/// of deliveries costs one try per backoff step, not thousands). `delivery_domains` holds the servers that failed last:
/// consecutive failures, the first of them, and when the next probe may go. A success forgets the server. Each time a
/// server's wait is set, its queued deliveries (`jobs.domain`) are put back to its end in one statement, and a fan-out
/// queues a waiting server's delivery for then: they are not taken before, so waiting costs no write per delivery.
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
                let until = now.addingTimeInterval(policy.delay(afterAttempt: failures + 1, jitter: Double.random(in: 0..<1)))
                try await sql(db).raw("""
                    UPDATE delivery_domains SET failures = \(bind: failures + 1), retry_at = \(bind: until) WHERE domain = \(bind: domain)
                    """).run()
                try await putBack(domain, until: until, db)
            case .healthy:
                let until = now.addingTimeInterval(policy.delay(afterAttempt: 1, jitter: Double.random(in: 0..<1)))
                let started = try await sql(db).raw("""
                    INSERT INTO delivery_domains (domain, failures, first_failed_at, retry_at)
                    VALUES (\(bind: domain), 1, \(bind: now), \(bind: until)) ON CONFLICT (domain) DO NOTHING RETURNING domain
                    """).first()
                if started != nil { try await putBack(domain, until: until, db) }
            case .wait, .givenUp: return
            }
        }
    }

    /// The server answered: it is no longer failing (only a probe's answer is written; a healthy server costs nothing).
    static func answered(_ domain: String, admitted: Admission, _ ctx: ServiceContext) async throws {
        guard case .probe = admitted else { return }
        let now = ctx.now
        try await ctx.write { db in
            try await sql(db).raw("DELETE FROM delivery_domains WHERE domain = \(bind: domain)").run()
            // Back: what waited for it goes now.
            try await sql(db).raw("""
                UPDATE jobs SET run_at = \(bind: now) WHERE domain = \(bind: domain) AND state = \(bind: JobState.queued.rawValue) AND run_at > \(bind: now)
                """).run()
        }
    }

    /// The server's queued deliveries wait until `until`: then one takes the probe, the others find the server waiting
    /// again (and are put back with it) or well.
    private static func putBack(_ domain: String, until: Date, _ db: any Database) async throws {
        try await sql(db).raw("""
            UPDATE jobs SET run_at = \(bind: until) WHERE domain = \(bind: domain) AND state = \(bind: JobState.queued.rawValue) AND run_at < \(bind: until)
            """).run()
    }

    /// The servers being waited for now, with the end of their wait (a fan-out reads them once).
    static func waiting(_ now: Date, _ db: any Database) async throws -> [String: Date] {
        struct Row: Decodable { let domain: String, retry_at: Date }
        let rows = try await db.rows("SELECT domain, retry_at FROM delivery_domains WHERE retry_at > \(bind: now)", as: Row.self)
        return Dictionary(rows.map { ($0.domain, $0.retry_at) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The servers deliveries are failing to (`DomainHealth`).
struct M055DeliveryDomains: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("delivery_domains", .text("domain"), .int("failures"), .time("first_failed_at", "retry_at"), unique: ["domain"])
        try await db.addColumns(to: "jobs", .text(optional: "domain"))
        try await db.createIndex("jobs_by_domain", on: "jobs", ["domain", "state"])
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX jobs_by_domain").run()
        try await db.dropColumns(from: "jobs", "domain")
        try await db.dropTables("delivery_domains")
    }
}
