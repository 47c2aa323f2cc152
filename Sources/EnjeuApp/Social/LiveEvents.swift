import Fluent
import FluentPostgresDriver
import NIOCore
import PostgresNIO
import SQLKit
import Vapor
import EnjeuCore

/// A live event, as it travels between instances (PostgreSQL NOTIFY payload) and to the open pages (SSE).
/// Events are signals: a post event names the post; the page then fetches it through the gate, so a member removed
/// while their page is open learns nothing more than that something was posted.
struct LiveEvent: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case notification, post }
    let kind: Kind
    /// Recipients of a notification.
    var users: [UUID] = []
    var community: UUID?
    var slug: String = ""
    /// The post a `post` event names.
    var post: UUID?
    var notification: NotificationKind?
    var actor: String = ""
    var subject: String = ""
    var link: String = ""
}

/// Events produced inside a write transaction wait here and are published once it has committed: a rolled-back
/// write announces nothing.
final class Outbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [LiveEvent] = []
    @TaskLocal static var current: Outbox?

    func add(_ e: LiveEvent) { lock.withLock { events.append(e) } }
    func drain() -> [LiveEvent] { lock.withLock { defer { events = [] }; return events } }

    static func add(_ e: LiveEvent) { current?.add(e) }
}

/// The subscribers of this instance: one per open event stream.
actor EventHub {
    struct Subscriber {
        let user: UUID
        let lang: Lang
        let communities: Set<UUID>
        let continuation: AsyncStream<String>.Continuation
    }
    private var subscribers: [UUID: Subscriber] = [:]
    private var byUser: [UUID: Set<UUID>] = [:]

    var count: Int { subscribers.count }

    func subscribe(user: UUID, lang: Lang, communities: Set<UUID>) -> (UUID, AsyncStream<String>) {
        let id = UUID()
        // A slow reader keeps the newest 64 messages at most: memory per stream stays bounded.
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        subscribers[id] = Subscriber(user: user, lang: lang, communities: communities, continuation: continuation)
        byUser[user, default: []].insert(id)
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        guard let s = subscribers.removeValue(forKey: id) else { return }
        s.continuation.finish()
        byUser[s.user]?.remove(id)
        if byUser[s.user]?.isEmpty == true { byUser[s.user] = nil }
    }

    func ping(_ id: UUID) { subscribers[id]?.continuation.yield(": ping\n\n") }

    func finishAll() {
        for s in subscribers.values { s.continuation.finish() }
        subscribers = [:]
        byUser = [:]
    }

    func deliver(_ e: LiveEvent) {
        switch e.kind {
        case .notification:
            for user in e.users {
                for id in byUser[user] ?? [] {
                    guard let s = subscribers[id] else { continue }
                    s.continuation.yield(SSE.message(event: "notification", data: NotificationView.live(e, lang: s.lang)))
                }
            }
        case .post:
            guard let community = e.community, let post = e.post else { return }
            let data = SSE.json(["community": e.slug, "id": post.uuidString, "url": Paths.post(e.slug, post) + "?fragment=1"])
            for s in subscribers.values where s.communities.contains(community) {
                s.continuation.yield(SSE.message(event: "post", data: data))
            }
        }
    }
}

enum SSE {
    static func message(event: String, data: String) -> String { "event: \(event)\ndata: \(data)\n\n" }
    static func json(_ object: [String: String]) -> String {
        (try? String(data: JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), encoding: .utf8)) ?? "{}"
    }
}

/// Publishing: on SQLite straight to this instance's hub; on PostgreSQL through NOTIFY, which every instance
/// (this one included) receives on its LISTEN connection — so pages open on another instance see it too.
struct LiveEvents: LifecycleHandler {
    static let channel = "enjeu_events"
    final class Box: @unchecked Sendable {
        var task: Task<Void, Never>?
        private let lock = NSLock()
        private var _connection: PostgresConnection?
        var connection: PostgresConnection? {
            get { lock.withLock { _connection } }
            set { lock.withLock { _connection = newValue } }
        }
    }
    let box = Box()

    static func publish(_ app: Application, _ events: [LiveEvent]) async {
        guard !events.isEmpty else { return }
        guard case .postgres = app.enjeu.database, let db = app.db as? any SQLDatabase else {
            for e in events { await app.eventHub.deliver(e) }
            return
        }
        let encoder = JSONEncoder()
        for e in events.flatMap(split) {
            guard let payload = try? String(data: encoder.encode(e), encoding: .utf8) else { continue }
            do { try await db.raw("SELECT pg_notify(\(bind: channel), \(bind: payload))").run() }
            catch { app.logger.warning("live event not sent", metadata: ["error": "\(error)"]) }
        }
    }

    /// NOTIFY payloads stop at 8,000 bytes: a notification to many people travels in groups of 100.
    private static func split(_ e: LiveEvent) -> [LiveEvent] {
        guard e.users.count > 100 else { return [e] }
        return stride(from: 0, to: e.users.count, by: 100).map { start in
            var part = e
            part.users = Array(e.users[start..<min(e.users.count, start + 100)])
            return part
        }
    }

    func didBootAsync(_ app: Application) async throws {
        guard case let .postgres(url, searchPath) = app.enjeu.database else { return }
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = searchPath
        let core = config.coreConfiguration
        let logger = app.logger
        let ready = AsyncStream<Void>.makeStream()
        let box = self.box
        box.task = Task {
            var signalled = false
            // Reconnects after a lost connection, a second apart, until shutdown.
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: core, id: 1, logger: logger)
                    box.connection = connection
                    if Task.isCancelled { try? await connection.close(); break }
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            if !signalled { signalled = true; ready.continuation.finish() }
                            let decoder = JSONDecoder()
                            for try await n in notifications {
                                guard let e = try? decoder.decode(LiveEvent.self, from: Data(n.payload.utf8)) else { continue }
                                await app.eventHub.deliver(e)
                            }
                        }
                    } catch {
                        if !Task.isCancelled { logger.warning("live events: listening stopped", metadata: ["error": "\(error)"]) }
                    }
                    try? await connection.close()
                } catch {
                    if !Task.isCancelled { logger.warning("live events: cannot connect", metadata: ["error": "\(error)"]) }
                }
                if !signalled { signalled = true; ready.continuation.finish() }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        // Serve only once LISTEN is in place, so no event published after start is missed.
        for await _ in ready.stream {}
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        // Closing the connection ends the notification sequence the task is waiting on.
        try? await box.connection?.close()
        await app.eventHub.finishAll()
        await box.task?.value
    }
}

extension Application {
    private struct HubKey: StorageKey { typealias Value = EventHub }
    var eventHub: EventHub {
        if let hub = storage[HubKey.self] { return hub }
        let hub = EventHub()
        storage[HubKey.self] = hub
        return hub
    }

    /// One write transaction whose live events are published after it commits.
    func writeAnnouncing<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let outbox = Outbox()
        // Bound inside the transaction's closure: the database driver may run it in a task of its own.
        let result = try await write(on: db) { db in try await Outbox.$current.withValue(outbox) { try await body(db) } }
        await LiveEvents.publish(self, outbox.drain())
        return result
    }
}

extension Request {
    func writeAnnouncing<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.writeAnnouncing(on: db, body)
    }
}

/// The event stream of the caller: their notifications, and new posts in their communities (and the public ones they follow).
/// A comment every `heartbeat` seconds keeps proxies from closing it and notices a client that has gone; a stream lasts
/// at most `lifetime`, then the browser reconnects (and memberships are read afresh).
enum EventStream {
    static func open(_ req: Request, _ viewer: Viewer) async throws -> Response {
        let app = req.application
        let communities = try await SocialQueries(req).liveCommunities(viewer.id)
        let heartbeat = app.enjeu.sseHeartbeatSeconds
        let lifetime: Double = 30 * 60
        let lang = Lang(rawValue: viewer.lang) ?? .fr
        let res = Response(status: .ok)
        res.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        res.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        res.body = .init(asyncStream: { writer in
            // Subscribed here, where the unsubscription below is guaranteed to run.
            let (id, stream) = await app.eventHub.subscribe(user: viewer.id, lang: lang, communities: communities)
            let ticker = Task {
                let start = ContinuousClock.now
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int(heartbeat * 1000)))
                    if ContinuousClock.now - start > .seconds(lifetime) { break }
                    await app.eventHub.ping(id)
                }
                await app.eventHub.unsubscribe(id)
            }
            defer { ticker.cancel() }
            do {
                try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n: open\n\n")))
                for await chunk in stream {
                    try await writer.write(.buffer(ByteBuffer(string: chunk)))
                }
                try await writer.write(.end)
            } catch {
                // The client went away: end the response (Vapor requires .end or .error) and drop the subscription.
                try? await writer.write(.error(error))
            }
            await app.eventHub.unsubscribe(id)
        })
        return res
    }
}
