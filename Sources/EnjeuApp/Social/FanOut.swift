import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// Notifying a whole community (a decision awaiting everyone's position) is not done inside the write that caused it:
/// that write records one pending fan-out, and each member's notification row is written after it commits, 200 members
/// per transaction. Each batch moves the fan-out's cursor in the same transaction as its rows, so a crash loses nothing
/// (the next sweep resumes at the cursor) and nobody is notified twice, even with several instances at work.
enum FanOut {
    static let batchSize = 200
    static let sweepSeconds: Double = 30

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

    enum Step { case more, finished, elsewhere }

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
    static func step(_ app: Application, _ id: UUID) async throws -> Step {
        try await app.writeAnnouncing(on: app.db) { db in
            guard let f = try await db.row("""
                SELECT community_id, audience, kind, actor, actor_id, subject, link, after_user, batches, created_at
                FROM notification_fanouts WHERE id = \(bind: id)
                """, as: Pending.self), let kind = NotificationKind(rawValue: f.kind) else { return .elsewhere }
            let roles: SQLQueryString = f.audience == Audience.stewards.rawValue ? " AND role IN ('founder', 'steward')" : ""
            let after: SQLQueryString = f.afterUser.map { " AND user_id > \(bind: $0)" } ?? ""
            let batch = try await db.rows("""
                SELECT user_id FROM memberships WHERE community_id = \(bind: f.communityId) AND status = 'active'\(roles)\(after)
                ORDER BY user_id LIMIT \(unsafeRaw: String(batchSize))
                """, as: Member.self).map(\.userId)
            let last = batch.count < batchSize
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

    /// Delivers every pending fan-out, oldest first. One that fails is left for the next sweep; one another
    /// worker is moving is left to it.
    static func drain(_ app: Application) async {
        var skipped: Set<UUID> = []
        while !Task.isCancelled {
            let pending: [UUID]
            do {
                pending = try await app.db.rows("SELECT id FROM notification_fanouts ORDER BY created_at, id LIMIT 50", as: ID.self)
                    .map(\.id).filter { !skipped.contains($0) }
            } catch {
                app.logger.warning("notification fan-out: cannot list pending", metadata: ["error": "\(error)"])
                return
            }
            if pending.isEmpty { return }
            for id in pending {
                do {
                    var step = Step.more
                    while step == .more, !Task.isCancelled { step = try await Self.step(app, id) }
                    if step == .elsewhere { skipped.insert(id) }
                } catch {
                    skipped.insert(id)
                    app.logger.warning("notification fan-out failed, retried at the next sweep", metadata: ["id": "\(id)", "error": "\(error)"])
                }
            }
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
            await FanOut.drain(app)
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
        locks.lock(for: PumpKey.self).withLock {
            if let pump = storage[PumpKey.self] { return pump }
            let pump = FanOutPump()
            storage[PumpKey.self] = pump
            return pump
        }
    }
}

struct M021CreateNotificationFanOuts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("notification_fanouts")
            .id()
            .field("community_id", .uuid, .required, .references("communities", "id", onDelete: .cascade))
            .field("audience", .string, .required)
            .field("kind", .string, .required)
            .field("actor", .string, .required)
            .field("actor_id", .uuid)
            .field("subject", .string, .required)
            .field("link", .string, .required)
            // The last member notified (members are walked in user id order) and the batches done, the claim's guard.
            .field("after_user", .uuid)
            .field("batches", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema("notification_fanouts").delete() }
}
