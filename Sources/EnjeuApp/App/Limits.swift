import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Rate limits, per client address and per account: token buckets kept in the database (`rate_limits`, M026), so the
/// instances sharing one PostgreSQL count the same attempts. A bucket is one row holding when it will be full again
/// (`refilled_at`, the "theoretical arrival time" of GCRA): an attempt is one upsert that moves it on by one interval
/// unless that would put it more than a minute ahead, in which case the row is left alone and the attempt refused.
/// The same sums as a bucket of `perMinute` tokens refilled continuously, with no window edge to burst across.
/// Refused attempts write nothing, and a key refused here is refused from memory until its retry time, so a flood
/// of attempts over the limit costs the database nothing. Bucket names are shared by every limiter: keep them apart.
final class RateLimiter: Sendable {
    let perMinute: Int
    let perAccount: Int
    /// Keys refused by this instance, and when each may try again: the database would say no until then.
    private let refused = NIOLockedValueBox<[String: Double]>([:])
    private let capacity: Int
    /// When this instance next deletes the rows of full buckets (they mean the same as no row).
    private let nextPrune = NIOLockedValueBox<Double>(0)
    static let window: Double = 60

    /// `perAccount`: the allowance of one account, over all the addresses it is tried from.
    init(perMinute: Int, perAccount: Int, capacity: Int = 100_000) {
        self.perMinute = perMinute
        self.perAccount = perAccount
        self.capacity = max(1, capacity)
    }

    /// One attempt in `bucket`, counted against the client address and, when known, the account it targets (the
    /// e-mail tried at sign-in, the signed-in person for writes): spreading attempts over many addresses does not
    /// multiply the allowance against one account, and one busy proxy does not lock out everyone behind it.
    /// The address pays first: a request its own address may not make never touches the account's allowance, so one
    /// address cannot keep someone else's account locked (the account's allowance is the larger).
    /// With `perAddress: false` only the account counts (writes: colleagues behind one NAT do not share a bucket).
    func check(_ req: Request, bucket: String, account: String? = nil, perAddress: Bool = true) async throws {
        let now = req.now.timeIntervalSince1970  // the app's clock, which tests can hold still
        // Normalised as sign-in normalises e-mails, and hashed: a key's size is not the attacker's to choose, and the
        // table holds no address or e-mail. A blank account is no account: everyone who left the field empty must get
        // the form's error, not one shared bucket's 429.
        let accountKey = account.map(Rules.normalisedEmail).flatMap { $0.isEmpty ? nil : "account:" + Secrets.hash($0) }
        let store = RateLimitStore(app: req.application, db: req.db)
        if perAddress || accountKey == nil {
            try await take(store, bucket, "address:" + Secrets.hash(req.clientBucket), perMinute: perMinute, now: now)
        }
        if let accountKey { try await take(store, bucket, accountKey, perMinute: perAccount, now: now) }
        let pruneDue = nextPrune.withLockedValue { due -> Bool in
            guard now >= due else { return false }
            due = now + Self.window
            return true
        }
        if pruneDue { try? await store.prune(before: now) }
    }

    private func take(_ store: RateLimitStore, _ bucket: String, _ subject: String, perMinute: Int, now: Double) async throws {
        let local = bucket + "|" + subject
        if let until = refused.withLockedValue({ $0[local] }), until > now { throw Self.limited(until - now) }
        let interval = Self.window / Double(perMinute)
        if try await store.take(bucket, subject, interval: interval, window: Self.window, now: now) { return }
        // Full: the bucket has room again one interval after it is less than a window ahead.
        let refilledAt = try await store.refilledAt(bucket, subject) ?? now
        let until = refilledAt + interval - Self.window
        refused.withLockedValue { keys in
            if keys.count >= capacity { keys = keys.filter { $0.value > now } }
            if keys.count < capacity { keys[local] = until }
        }
        throw Self.limited(until - now)
    }

    private static func limited(_ wait: Double) -> RateLimited { RateLimited(retryAfter: max(1, Int(wait.rounded(.up)))) }
}

/// The statements of `RateLimiter`, the same on both databases. On SQLite each takes its turn in the write queue (a
/// write outside it could make a queued transaction fail) and does not wait for the disk: losing the last counts in a
/// power cut costs nothing. On PostgreSQL each is one statement, its own transaction, fine behind PgBouncer.
struct RateLimitStore {
    let app: Application
    let db: any Database

    private struct Row: Decodable {
        let refilledAt: Double
        enum CodingKeys: String, CodingKey { case refilledAt = "refilled_at" }
    }

    /// Moves the bucket on by `interval` if it stays within `window` of now; false (and nothing written) otherwise.
    func take(_ bucket: String, _ subject: String, interval: Double, window: Double, now: Double) async throws -> Bool {
        // A millisecond of slack, so that `perMinute` intervals fit in the window whatever the rounding.
        let limit = now + window + 0.001
        let query: SQLQueryString = """
            INSERT INTO rate_limits (bucket, subject, refilled_at) VALUES (\(bind: bucket), \(bind: subject), \(bind: now + interval))
            ON CONFLICT (bucket, subject) DO UPDATE
            SET refilled_at = CASE WHEN rate_limits.refilled_at > \(bind: now) THEN rate_limits.refilled_at ELSE \(bind: now) END + \(bind: interval)
            WHERE CASE WHEN rate_limits.refilled_at > \(bind: now) THEN rate_limits.refilled_at ELSE \(bind: now) END + \(bind: interval) <= \(bind: limit)
            RETURNING refilled_at
            """
        return try await write { db in try await db.rows(query, as: Row.self) }.isEmpty == false
    }

    func refilledAt(_ bucket: String, _ subject: String) async throws -> Double? {
        try await db.row("SELECT refilled_at FROM rate_limits WHERE bucket = \(bind: bucket) AND subject = \(bind: subject)", as: Row.self)?
            .refilledAt
    }

    /// A bucket full again is the same as no row.
    func prune(before now: Double) async throws {
        try await write { db in try await sql(db).raw("DELETE FROM rate_limits WHERE refilled_at < \(bind: now)").run() }
    }

    /// PostgreSQL: one statement, its own transaction (no BEGIN and COMMIT round trips). SQLite: the write queue.
    private func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard app.writeQueue != nil else { return try await body(db) }
        return try await app.write(on: db, durable: false, body)
    }
}

/// 429 with `Retry-After`, in the reader's language: by default « too many requests », or a reason of the caller's
/// (a full stream cap).
struct RateLimited: Error {
    let retryAfter: Int
    var reason: Text?
}

extension Request {
    /// The client's address: the socket peer, or `X-Forwarded-For` read through the trusted proxies only.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "local"
        let proxies = application.enjeu.trustedProxies
        guard !proxies.ranges.isEmpty else { return peer }
        return proxies.client(peer: peer, forwardedFor: headers[.xForwardedFor])
    }

    /// What rate limits count the client as: its IPv4 address or its IPv6 /64.
    var clientBucket: String {
        let address = clientAddress
        return IPAddress(address)?.bucketKey ?? address
    }
}

extension Application {
    private struct AuthLimiterKey: StorageKey { typealias Value = RateLimiter }
    private struct WriteLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// Sign-in, sign-up, token creation and password attempts.
    var authLimiter: RateLimiter {
        get { storage[AuthLimiterKey.self]! }
        set { storage[AuthLimiterKey.self] = newValue }
    }

    /// Every write (any method but GET and HEAD) by a signed-in person.
    var writeLimiter: RateLimiter {
        get { storage[WriteLimiterKey.self]! }
        set { storage[WriteLimiterKey.self] = newValue }
    }
}

extension Route {
    static let maxBodyKey = "enjeu.maxBody"

    /// The most a route reads of a request body; the gate records it when the route is registered.
    var maxBody: Int? { userInfo[Self.maxBodyKey] as? Int }
}

/// Refuses a body over the route's limit from its `Content-Length`, before a byte of it is read and before
/// the session or token is looked up. Bodies without a length (chunked) are cut when they pass the limit
/// while being read (Vapor's collector, or the route's own stream reader).
/// Any answer given before the body was read to its end (this 413, a 401 or 404 before a streamed body, an import
/// stopped at a limit) closes the connection after it (`Response.closingConnection`): Vapor would otherwise read and
/// drop whatever the client goes on sending, for as long as it likes.
struct BodyLimitMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do {
            if let length = req.headers.first(name: .contentLength).flatMap(Int.init) {
                let limit = req.route?.maxBody ?? req.application.routes.defaultMaxBodySize.value
                if length > limit { throw BodyTooLarge(limit: limit) }
            }
            response = try await next.respond(to: req)
        } catch {
            guard req.bodyLeftUnread else { throw error }
            return EnjeuErrorMiddleware.response(for: error, req: req).closingConnection(req)
        }
        return req.bodyLeftUnread ? response.closingConnection(req) : response
    }
}

struct BodyTooLarge: Error {
    let limit: Int
}
