import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// The persistent queue of one-off background work (federation deliveries will use it). A job is enqueued in the
/// same transaction as the write that calls for it, so it exists exactly when that write committed. Instances take
/// due jobs with `FOR UPDATE SKIP LOCKED` on PostgreSQL (never the same job twice, never waiting on each other);
/// on SQLite the write queue serialises the taking. Failures retry with backoff until `max_attempts`.
struct JobQueue: Sendable {
    typealias Handler = @Sendable (ServiceContext, _ payload: String) async throws -> Void

    /// Handlers by job kind, set while the application is configured.
    let handlers: [String: Handler]
    let retry: RetryPolicy
    /// How long a taken job is reserved for its instance; after that anyone may take it again.
    let lease: Double

    init(handlers: [String: Handler] = [:], retry: RetryPolicy = RetryPolicy(), lease: Double = 300) {
        self.handlers = handlers
        self.retry = retry
        self.lease = lease
    }

    /// Adds a job inside the caller's write transaction (`db` is the transaction's database).
    /// `topic`: whose work it is, when someone will ask (a delivery's signing actor).
    /// `domain`: the server a delivery goes to, so the jobs of a server being waited for are put back together.
    static func enqueue(_ db: any Database, id: UUID, kind: String, payload: String, now: Date,
                        runAt: Date? = nil, maxAttempts: Int = 8, topic: String? = nil, domain: String? = nil) async throws {
        try await sql(db).raw("""
            INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_at, created_at, topic, domain)
            VALUES (\(bind: id), \(bind: kind), \(bind: payload), \(bind: JobState.queued.rawValue), 0, \(bind: maxAttempts),
                    \(bind: runAt ?? now), \(bind: now), \(bind: topic), \(bind: domain))
            """).run()
    }

    /// Adds many jobs of one kind in the caller's transaction, a few hundred rows per statement (a fan-out to every
    /// server that follows a community is one statement per 200 servers, not one per server).
    static func enqueue(_ db: any Database, kind: String, jobs: [(id: UUID, payload: String, domain: String?, runAt: Date?)], now: Date,
                        maxAttempts: Int = 8, topic: String? = nil) async throws {
        for start in stride(from: 0, to: jobs.count, by: 200) {
            var query: SQLQueryString = "INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_at, created_at, topic, domain) VALUES "
            for (i, job) in jobs[start..<min(start + 200, jobs.count)].enumerated() {
                if i > 0 { query.appendLiteral(", ") }
                query += "(\(bind: job.id), \(bind: kind), \(bind: job.payload), \(bind: JobState.queued.rawValue), 0, \(bind: maxAttempts), \(bind: job.runAt ?? now), \(bind: now), \(bind: topic), \(bind: job.domain))"
            }
            try await sql(db).raw(query).run()
        }
    }

    struct Claimed: Decodable, Sendable {
        let id: UUID, kind: String, payload: String, attempts: Int, maxAttempts: Int
        enum CodingKeys: String, CodingKey { case id, kind, payload, attempts, maxAttempts = "max_attempts" }
    }

    /// Which jobs a worker takes: all of them, or one of two lanes. Deliveries to other servers wait on the network (a
    /// dead server's name can take seconds to fail), so they have a lane of their own and never hold up the rest.
    enum Lane: Sendable { case all, deliveries, others }

    /// Takes up to `limit` due jobs (and jobs whose instance let their lease expire) for `holder`.
    func claim(_ ctx: ServiceContext, holder: String, limit: Int, lane: Lane = .all) async throws -> [Claimed] {
        let now = ctx.now
        // SQLite has one writer (the write queue), so it needs no row locks; PostgreSQL skips rows others are taking.
        let skipLocked: SQLQueryString = ctx.app.writeQueue == nil ? " FOR UPDATE SKIP LOCKED" : ""
        let query: SQLQueryString = """
            UPDATE jobs SET state = \(bind: JobState.running.rawValue), locked_by = \(bind: holder),
              locked_until = \(bind: now.addingTimeInterval(lease)), attempts = attempts + 1
            WHERE id IN (SELECT id FROM jobs
                         WHERE ((state = \(bind: JobState.queued.rawValue) AND run_at <= \(bind: now))
                            OR (state = \(bind: JobState.running.rawValue) AND locked_until < \(bind: now)))\(Self.filter(lane))
                         ORDER BY run_at LIMIT \(unsafeRaw: String(limit))\(skipLocked))
            RETURNING id, kind, payload, attempts, max_attempts
            """
        return try await ctx.write { db in try await db.rows(query, as: Claimed.self) }
    }

    private static func filter(_ lane: Lane) -> SQLQueryString {
        switch lane {
        case .all: ""
        case .deliveries: " AND kind = \(bind: Delivery.kind)"
        case .others: " AND kind <> \(bind: Delivery.kind)"
        }
    }

    /// Runs one taken job and records its outcome: done, queued again after a backoff, or dead.
    func run(_ job: Claimed, _ ctx: ServiceContext, holder: String) async {
        do {
            guard let handler = handlers[job.kind] else { throw Unhandled(kind: job.kind) }
            try await handler(ctx, job.payload)
        } catch let deferred as Deferred {
            ctx.app.metrics?.queuedJobRan(job.kind, outcome: "deferred")
            try? await finish(job, ctx, holder: holder, state: .queued, error: nil, runAt: deferred.until, refund: true)
            return
        } catch {
            let dead = job.attempts >= job.maxAttempts || error is GivenUp
            ctx.app.metrics?.queuedJobRan(job.kind, outcome: dead ? "dead" : "retry")
            let retryAt = ctx.now.addingTimeInterval(retry.delay(afterAttempt: job.attempts, jitter: Double.random(in: 0..<1)))
            ctx.logger.warning("job failed", metadata: ["kind": "\(job.kind)", "id": "\(job.id)", "attempt": "\(job.attempts)",
                                                        "dead": "\(dead)", "error": "\(error)"])
            try? await finish(job, ctx, holder: holder, state: dead ? .dead : .queued, error: "\(error)", runAt: dead ? nil : retryAt)
            return
        }
        ctx.app.metrics?.queuedJobRan(job.kind, outcome: "done")
        // Recording success is not the job: if it fails the job is not run again now; its lease expires and it is
        // taken again, which handlers must bear anyway (they are idempotent).
        do { try await finish(job, ctx, holder: holder, state: .done, error: nil, runAt: nil) } catch {
            ctx.logger.error("job done but not recorded", metadata: ["kind": "\(job.kind)", "id": "\(job.id)", "error": "\(error)"])
        }
    }

    private func finish(_ job: Claimed, _ ctx: ServiceContext, holder: String, state: JobState, error: String?, runAt: Date?,
                        refund: Bool = false) async throws {
        let now = ctx.now
        let finished: Date? = state == .queued ? nil : now
        // Only while this instance still holds it: a job reclaimed after an expired lease belongs to its new holder.
        _ = try await ctx.write { db in
            try await sql(db).raw("""
                UPDATE jobs SET state = \(bind: state.rawValue), locked_by = NULL, locked_until = NULL, attempts = attempts - \(literal: refund ? 1 : 0),
                  run_at = \(bind: runAt ?? now), last_error = \(bind: error.map { String($0.prefix(1_000)) }), finished_at = \(bind: finished)
                WHERE id = \(bind: job.id) AND locked_by = \(bind: holder)
                """).run()
        }
    }

    /// A job that cannot run yet for a reason outside it (the server it goes to is being waited for): put back until
    /// then, the try not counted.
    struct Deferred: Error { let until: Date }

    /// A job that will never succeed: dead now, whatever tries it has left.
    struct GivenUp: Error, CustomStringConvertible { let description: String }

    struct Unhandled: Error, CustomStringConvertible {
        let kind: String
        var description: String { "no handler for job kind \(kind)" }
    }
}

extension JobQueue {
    /// The job kinds of this version and their handlers: the e-mails of accounts (verification and reset links),
    /// my data's exports, and federation's deliveries and received activities.
    static let handlers: [String: Handler] = RecoveryService.jobHandlers.merging(DataExport.jobHandlers) { a, _ in a }
        .merging(Delivery.jobHandlers) { a, _ in a }
}
