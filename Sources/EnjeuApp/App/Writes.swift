import Fluent
import SQLKit
import Vapor

/// SQLite allows one writer at a time, and two deferred transactions that both read before writing
/// deadlock with SQLITE_BUSY (the busy handler cannot help). So on SQLite every write transaction
/// waits its turn on this in-process queue; on PostgreSQL it is a plain transaction and row-level
/// conditions (`… WHERE status = 'pending' RETURNING id`) settle races.
actor WriteQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

extension Application {
    private struct WriteQueueKey: StorageKey { typealias Value = WriteQueue }
    var writeQueue: WriteQueue? {
        get { storage[WriteQueueKey.self] }
        set { storage[WriteQueueKey.self] = newValue }
    }
}

extension Request {
    /// One write transaction: all or nothing.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.write(on: db, body)
    }
}

extension Application {
    /// `durable: false` for a write whose loss in a power cut costs nothing (a rate limit's count, an estimate recomputed):
    /// on SQLite its commit does not wait for the disk (`NORMAL` keeps the file sound), unless the operator asked for less
    /// everywhere; on PostgreSQL neither (`synchronous_commit = off` for that transaction: it is lost, never half-applied).
    func write<T: Sendable>(on db: any Database, durable: Bool = true,
                            _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let queue = writeQueue else {
            if durable { return try await db.transaction(body) }
            return try await db.transaction { tx in
                try await sql(tx).raw("SET LOCAL synchronous_commit = off").run()
                return try await body(tx)
            }
        }
        let configured = enjeu.sqliteSynchronous
        let synchronous = (durable || configured == .off ? configured : .normal).rawValue
        await queue.acquire()
        do {
            // `synchronous` is a per-connection setting, so it is set on the connection that commits.
            let result = try await db.withConnection { conn in
                try await sql(conn).raw("PRAGMA synchronous=\(unsafeRaw: synchronous)").run()
                return try await conn.transaction(body)
            }
            await queue.release()
            return result
        } catch {
            await queue.release()
            throw error
        }
    }
}
