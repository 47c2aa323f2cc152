import Fluent
import FluentPostgresDriver
import NIOCore
import PostgresNIO
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

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
    /// Places taken under the caps, per account and in all: a stream holds its place from before its response
    /// is sent until the response has ended (`StreamSlot`).
    private var places: [UUID: Int] = [:]
    private var placesTaken = 0
    private var lastProbeOfAll = ContinuousClock.now - .seconds(60)

    var count: Int { subscribers.count }
    var streams: Int { placesTaken }

    enum Full { case account, instance }

    func reserve(user: UUID, perAccount: Int, total: Int) -> Full? {
        if placesTaken >= total { return .instance }
        if places[user, default: 0] >= perAccount { return .account }
        places[user, default: 0] += 1
        placesTaken += 1
        return nil
    }

    func release(user: UUID) {
        guard let n = places[user] else { return }
        places[user] = n > 1 ? n - 1 : nil
        placesTaken -= 1
    }

    /// Pings the account's streams (all streams, at most once a second): a stream whose client has gone fails
    /// to write and gives its place back, without waiting for the next heartbeat.
    func probe(user: UUID?) {
        if let user {
            for id in byUser[user] ?? [] { subscribers[id]?.continuation.yield(": ping\n\n") }
            return
        }
        guard ContinuousClock.now - lastProbeOfAll > .seconds(1) else { return }
        lastProbeOfAll = .now
        for s in subscribers.values { s.continuation.yield(": ping\n\n") }
    }

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
            let data = SSE.json(["community": e.slug, "id": post.uuidString, "url": SocialEndpoints.post.path(e.slug, post, query: [("fragment", "1")])])
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

extension NotificationView {
    /// The SSE data of a notification for one reader.
    static func live(_ e: LiveEvent, lang: Lang) -> String {
        // No id: one event stands for the rows of all its recipients; clients re-read the list to act on one.
        SSE.json(["kind": e.notification?.rawValue ?? "", "link": e.link,
                  "text": text(kind: e.notification?.rawValue ?? "", actor: e.actor, subject: e.subject, lang: lang)])
    }
}

/// Publishing: on SQLite straight to this instance's hub; on PostgreSQL through NOTIFY, which every instance
/// (this one included) receives on its LISTEN connection — so pages open on another instance see it too.
struct LiveEvents: LifecycleHandler {
    static let channel = "enjeu_events"
    final class Box: @unchecked Sendable {
        var task: Task<Void, Never>?
        var sweeper: Task<Void, Never>?
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

    /// Fan-outs left pending (a crash between a commit and its fan-out, a failed batch) are resumed at start
    /// and every `FanOut.sweepSeconds`.
    private func startSweeper(_ app: Application) {
        let pump = app.fanOutPump
        box.sweeper = Task {
            while !Task.isCancelled {
                await pump.kick(app)
                try? await Task.sleep(for: .seconds(FanOut.sweepSeconds))
            }
        }
    }

    func didBootAsync(_ app: Application) async throws {
        guard case let .postgres(url, searchPath) = app.enjeu.database else { return startSweeper(app) }
        var config = try SQLPostgresConfiguration(url: app.enjeu.listenURL ?? url)
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
        startSweeper(app)
    }

    func shutdownAsync(_ app: Application) async {
        box.sweeper?.cancel()
        await app.fanOutPump.stop()
        box.task?.cancel()
        // Closing the connection ends the notification sequence the task is waiting on.
        try? await box.connection?.close()
        await app.eventHub.finishAll()
        await box.task?.value
    }
}

extension Application {
    private struct HubKey: StorageKey, LockKey { typealias Value = EventHub }
    var eventHub: EventHub {
        shared(HubKey.self, EventHub.init)
    }
}

/// The event stream of the caller: their notifications, and new posts in their communities (and the public ones they follow).
/// A comment every `heartbeat` seconds keeps proxies from closing it and notices a client that has gone; a stream lasts
/// at most `lifetime`, then the browser reconnects (and memberships are read afresh). Each stream holds a socket:
/// an account has `sseMaxPerAccount` at most, this instance `sseMaxStreams` (page and API streams together), 429 beyond.
enum EventStream {
    static func open(_ req: Request, _ viewer: Viewer) async throws -> Response {
        let app = req.application
        let communities = try await SocialQueries(req.context).liveCommunities(viewer.id)
        let place = try await StreamSlot.take(req, user: viewer.id)
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
            await place.release()
        })
        return res
    }
}

/// A stream's place under the caps, given back once: when its response ends (client gone, lifetime over, shutdown),
/// or, should the response never be written, when the response is dropped.
final class StreamSlot: @unchecked Sendable {
    private let hub: EventHub
    private let user: UUID
    private let lock = NSLock()
    private var held = true

    private init(hub: EventHub, user: UUID) { self.hub = hub; self.user = user }

    private func giveUp() -> Bool { lock.withLock { defer { held = false }; return held } }

    func release() async { if giveUp() { await hub.release(user: user) } }

    deinit {
        guard giveUp() else { return }
        let (hub, user) = (hub, user)
        Task { await hub.release(user: user) }
    }

    /// A place, or 429. When full, the streams in the way are pinged, so places of clients that have just left
    /// (a reloaded tab) come back within a few writes instead of the next heartbeat.
    static func take(_ req: Request, user: UUID) async throws -> StreamSlot {
        let hub = req.application.eventHub
        let config = req.application.enjeu
        let total = min(config.sseMaxStreams, openFileAllowance())
        var full: EventHub.Full?
        for attempt in 0..<5 {
            full = await hub.reserve(user: user, perAccount: config.sseMaxPerAccount, total: total)
            guard let why = full else { return StreamSlot(hub: hub, user: user) }
            if attempt == 4 { break }
            await hub.probe(user: why == .account ? user : nil)
            try await Task.sleep(for: .milliseconds(20 * (attempt + 1)))
        }
        let reason = full == .account ? SocialText.tooManyStreams(config.sseMaxPerAccount) : SocialText.serverStreamsFull.text
        throw RateLimited(retryAfter: 30, reason: reason)
    }

    /// Streams this process can hold and still answer other requests (/healthz, pages, its database):
    /// the open-file limit less 256 descriptors.
    static func openFileAllowance() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let got = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #else
        let got = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        guard got == 0 else { return .max }
        // Clamped: an unlimited soft limit reads as the largest rlim_t.
        return max(16, Int(clamping: limit.rlim_cur) - 256)
    }
}
