import Foundation
import NIOConcurrencyHelpers
import Vapor
import EnjeuCore

/// Rate limits, per client address and per account, each a token bucket with LRU eviction (`TokenBuckets`).
/// Counted per instance: N instances behind one proxy allow N times the rate (the README says so).
final class RateLimiter: Sendable {
    private let buckets: NIOLockedValueBox<TokenBuckets>

    init(perMinute: Int, capacity: Int = 100_000) {
        buckets = NIOLockedValueBox(TokenBuckets(perMinute: perMinute, capacity: capacity))
    }

    /// One attempt in `bucket`, counted against the client address and, when known, the account it targets
    /// (the e-mail tried at sign-in, the signed-in person for writes): spreading attempts over many addresses
    /// does not multiply the allowance against one account, and one busy proxy does not lock out everyone behind it.
    /// With `perAddress: false` only the account counts (writes: colleagues behind one NAT do not share a bucket).
    func check(_ req: Request, bucket: String, account: String? = nil, perAddress: Bool = true) throws {
        let now = Date().timeIntervalSinceReferenceDate
        var keys: [String] = []
        if perAddress || account == nil { keys.append(bucket + "|ip|" + req.clientAddress) }
        if let account, !account.isEmpty { keys.append(bucket + "|account|" + account.lowercased()) }
        let wait: Double = buckets.withLockedValue { b in
            // Take from every bucket so each is charged; refuse if any was empty.
            let refused = keys.map { b.take($0, now: now) }.contains(false)
            return refused ? keys.map { b.retryAfter($0, now: now) }.max() ?? 60 : 0
        }
        if wait > 0 { throw RateLimited(retryAfter: Int(wait.rounded(.up))) }
    }
}

/// 429 with `Retry-After`; the message is the app's own, in the reader's language.
struct RateLimited: Error {
    let retryAfter: Int
}

extension Request {
    /// The client's address: the socket peer, or `X-Forwarded-For` read through the trusted proxies only.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "local"
        let proxies = application.enjeu.trustedProxies
        guard !proxies.ranges.isEmpty else { return peer }
        return proxies.client(peer: peer, forwardedFor: headers[.xForwardedFor])
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
struct BodyLimitMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init) {
            let limit = req.route?.maxBody ?? req.application.routes.defaultMaxBodySize.value
            if length > limit { throw BodyTooLarge(limit: limit) }
        }
        return try await next.respond(to: req)
    }
}

struct BodyTooLarge: Error {
    let limit: Int
}
