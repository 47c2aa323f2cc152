import Fluent
import Foundation
import Vapor

/// Events produced inside a write transaction wait here and are published once it has committed: a rolled-back
/// write announces nothing. Every feature's notifications and feed items go through it (`Notify`, `FanOut`).
final class Outbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [LiveEvent] = []
    private var fanOut = false
    @TaskLocal static var current: Outbox?

    func add(_ e: LiveEvent) { lock.withLock { events.append(e) } }
    func drain() -> [LiveEvent] { lock.withLock { defer { events = [] }; return events } }
    /// Whether the transaction recorded a fan-out to deliver once it has committed.
    var hasFanOut: Bool { lock.withLock { fanOut } }

    static func add(_ e: LiveEvent) { current?.add(e) }
    static func fanOutRecorded() { current?.recordFanOut() }
    private func recordFanOut() { lock.withLock { fanOut = true } }
}

extension Application {
    /// One write transaction whose live events are published after it commits.
    func writeAnnouncing<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let outbox = Outbox()
        // Bound inside the transaction's closure: the database driver may run it in a task of its own.
        let result = try await write(on: db) { db in try await Outbox.$current.withValue(outbox) { try await body(db) } }
        await LiveEvents.publish(self, outbox.drain())
        if outbox.hasFanOut { await fanOutPump.kick(self) }
        return result
    }
}

extension ServiceContext {
    /// `write`, with the transaction's notifications and feed items announced once it has committed.
    func writeAnnouncing<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await app.writeAnnouncing(on: db, rechecked(body))
    }
}

