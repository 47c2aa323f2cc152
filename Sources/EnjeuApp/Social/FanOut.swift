import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Notifying a whole community (a decision awaiting everyone's position) is not done inside the write that caused it:
/// that write records one pending fan-out, and each member's notification row is written after it commits, 200 members
/// per transaction. Each batch moves the fan-out's cursor in the same transaction as its rows, so a crash loses nothing
/// (the next sweep resumes at the cursor) and nobody is notified twice, even with several instances at work.
/// A fan-out no version can deliver (unknown kind or audience) is dropped and logged; one whose batch fails waits
/// `retryDelay` before the next try, so neither holds back the fan-outs behind it.
struct FanOut {
    static let batchSize = 200
    static let sweepSeconds: Double = 30

    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    enum Audience: String { case members, stewards }

    /// Inside the caller's write transaction: rolled back with it, delivered once it has committed.
    static func record(_ db: any Database, app: Application, community: UUID, audience: Audience = .members, kind: NotificationKind,
                       actor: String, actorID: UUID?, subject: String, link: String, now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO notification_fanouts (id, community_id, audience, kind, actor, actor_id, subject, link, after_user, batches, created_at)
            VALUES (\(bind: app.enjeu.ids.next()), \(bind: community), \(bind: audience.rawValue), \(bind: kind.rawValue), \(bind: actor),
              \(bind: actorID), \(bind: subject), \(bind: link), NULL, 0, \(bind: now))
            """).run()
        Outbox.fanOutRecorded()
    }

    enum Step { case more, finished, elsewhere, dropped }

    /// 30 s after the first failure, doubling up to six hours; a row is never given up (its failure may be an outage).
    static func retryDelay(attempts: Int) -> Double { min(sweepSeconds * Double(1 << min(max(attempts, 1) - 1, 20)), 21_600) }

    private struct Pending: Decodable {
        let communityId: UUID, audience: String, kind: String, actor: String, actorId: UUID?, subject: String, link: String
        let afterUser: UUID?, batches: Int, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case audience, kind, actor, subject, link, batches
            case communityId = "community_id", actorId = "actor_id", afterUser = "after_user", createdAt = "created_at"
        }
    }
    private struct Member: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
    private struct ID: Decodable { let id: UUID }

    /// One batch of one fan-out, in its own transaction; its live events leave once it has committed.
    func step(_ id: UUID) async throws -> Step {
        let app = context.app
        let logger = context.logger
        return try await context.writeAnnouncing { db in
            guard let f = try await db.row("""
                SELECT community_id, audience, kind, actor, actor_id, subject, link, after_user, batches, created_at
                FROM notification_fanouts WHERE id = \(bind: id)
                """, as: Pending.self) else { return .elsewhere }
            guard let kind = NotificationKind(rawValue: f.kind), let audience = Audience(rawValue: f.audience) else {
                // No sweep will ever deliver it; left in place it would be read again at every sweep.
                try await sql(db).raw("DELETE FROM notification_fanouts WHERE id = \(bind: id)").run()
                logger.error("notification fan-out dropped: unknown kind or audience",
                             metadata: ["id": "\(id)", "kind": "\(f.kind)", "audience": "\(f.audience)", "subject": "\(f.subject)"])
                return .dropped
            }
            let roles: SQLQueryString = audience == .stewards ? " AND role IN (\(binds: Role.stewardRoles))" : ""
            let after: SQLQueryString = f.afterUser.map { " AND user_id > \(bind: $0)" } ?? ""
            let batch = try await db.rows("""
                SELECT user_id FROM memberships
                WHERE community_id = \(bind: f.communityId) AND status = \(bind: MembershipStatus.active.rawValue)\(roles)\(after)
                ORDER BY user_id LIMIT \(unsafeRaw: String(Self.batchSize))
                """, as: Member.self).map(\.userId)
            let last = batch.count < Self.batchSize
            // The claim comes first and is conditional on the batch count read above: a concurrent worker waits on the row,
            // then finds it moved (or gone) and writes nothing.
            let claim: SQLQueryString = last
                ? "DELETE FROM notification_fanouts WHERE id = \(bind: id) AND batches = \(bind: f.batches) RETURNING id"
                : """
                  UPDATE notification_fanouts SET after_user = \(bind: batch.last!), batches = batches + 1
                  WHERE id = \(bind: id) AND batches = \(bind: f.batches) RETURNING id
                  """
            guard try await db.row(claim, as: ID.self) != nil else { return .elsewhere }
            try await Notify.users(db, app: app, batch, community: f.communityId, kind: kind, actor: f.actor, actorID: f.actorId,
                                   subject: f.subject, link: f.link, now: f.createdAt)
            return last ? .finished : .more
        }
    }

    /// Delivers every pending fan-out that is due, oldest first. One that fails is postponed (`retryDelay`); one another
    /// worker is moving is left to it. Both are left out in the query itself, so however many there are, the fan-outs
    /// behind them are reached.
    func drain() async {
        var skipped: [UUID] = []
        while !Task.isCancelled {
            let pending: [UUID]
            do {
                var q: SQLQueryString = "SELECT id FROM notification_fanouts WHERE (next_at IS NULL OR next_at <= \(bind: context.now))"
                if !skipped.isEmpty { q = q + " AND id NOT IN (\(binds: skipped))" }
                q.appendLiteral(" ORDER BY created_at, id LIMIT 50")
                pending = try await context.db.rows(q, as: ID.self).map(\.id)
            } catch {
                context.logger.warning("notification fan-out: cannot list pending", metadata: ["error": "\(error)"])
                return
            }
            if pending.isEmpty { return }
            for id in pending {
                do {
                    var step = Step.more
                    while step == .more, !Task.isCancelled { step = try await self.step(id) }
                    if step == .elsewhere { skipped.append(id) }
                } catch {
                    skipped.append(id)
                    await postpone(id, error)
                }
            }
        }
    }

    /// Counts a failed try and sets when the next one is due.
    func postpone(_ id: UUID, _ error: any Error) async {
        struct Attempts: Decodable { let attempts: Int }
        let now = context.now
        do {
            let delay = try await context.write { db -> Double? in
                guard let a = try await db.row("""
                    UPDATE notification_fanouts SET attempts = attempts + 1 WHERE id = \(bind: id) RETURNING attempts
                    """, as: Attempts.self)?.attempts else { return nil }
                let delay = Self.retryDelay(attempts: a)
                try await sql(db).raw("""
                    UPDATE notification_fanouts SET next_at = \(bind: now.addingTimeInterval(delay)) WHERE id = \(bind: id)
                    """).run()
                return delay
            }
            context.logger.warning("notification fan-out failed, retried later",
                                   metadata: ["id": "\(id)", "error": "\(error)", "retry_in_seconds": "\(delay.map { Int($0) } ?? 0)"])
        } catch let recording {
            context.logger.warning("notification fan-out failed, retried at the next sweep",
                                   metadata: ["id": "\(id)", "error": "\(error)", "recording": "\(recording)"])
        }
    }
}

/// Runs `FanOut.drain` in one task at a time; a kick during a run asks for one more run. Stopped (and awaited) at shutdown.
actor FanOutPump {
    private var task: Task<Void, Never>?
    private var again = false
    private var stopped = false

    func kick(_ app: Application) {
        guard !stopped else { return }
        guard task == nil else { again = true; return }
        task = Task { await self.run(app) }
    }

    private func run(_ app: Application) async {
        repeat {
            again = false
            await FanOut(app.context()).drain()
        } while again && !stopped
        task = nil
    }

    /// Waits until no run is under way (tests, and shutdown).
    func settle() async {
        while let t = task { await t.value }
    }

    func stop() async {
        stopped = true
        task?.cancel()
        await settle()
    }
}

extension Application {
    private struct PumpKey: StorageKey, LockKey { typealias Value = FanOutPump }
    var fanOutPump: FanOutPump {
        shared(PumpKey.self, FanOutPump.init)
    }
}
