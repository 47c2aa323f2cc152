import Foundation
import NIOConcurrencyHelpers
import Vapor
import EnjeuCore
import EnjeuWeb

/// Rate limits, per client address and per account, each a token bucket with LRU eviction (`TokenBuckets`).
/// Counted per instance: N instances behind one proxy allow N times the rate (the README says so).
final class RateLimiter: Sendable {
    private let addresses: NIOLockedValueBox<TokenBuckets>
    private let accounts: NIOLockedValueBox<TokenBuckets>

    /// `perAccount`: the allowance of one account, over all the addresses it is tried from.
    init(perMinute: Int, perAccount: Int, capacity: Int = 100_000) {
        addresses = NIOLockedValueBox(TokenBuckets(perMinute: perMinute, capacity: capacity))
        accounts = NIOLockedValueBox(TokenBuckets(perMinute: perAccount, capacity: capacity))
    }

    /// One attempt in `bucket`, counted against the client address and, when known, the account it targets (the
    /// e-mail tried at sign-in, the signed-in person for writes): spreading attempts over many addresses does not
    /// multiply the allowance against one account, and one busy proxy does not lock out everyone behind it.
    /// The address pays first: a request its own address may not make never touches the account's allowance, so one
    /// address cannot keep someone else's account locked (the account's allowance is the larger).
    /// With `perAddress: false` only the account counts (writes: colleagues behind one NAT do not share a bucket).
    func check(_ req: Request, bucket: String, account: String? = nil, perAddress: Bool = true) throws {
        let now = req.now.timeIntervalSinceReferenceDate  // the app's clock, which tests can hold still
        // Normalised as sign-in normalises e-mails, and hashed: a key's size is not the attacker's to choose. A blank
        // account is no account: everyone who left the field empty must get the form's error, not one shared bucket's 429.
        let accountKey = account.map(Rules.normalisedEmail).flatMap { $0.isEmpty ? nil : bucket + "|" + Secrets.hash($0) }
        if perAddress || accountKey == nil {
            let key = bucket + "|" + req.clientBucket
            let wait = addresses.withLockedValue { $0.take(key, now: now) ? 0 : $0.retryAfter(key, now: now) }
            if wait > 0 { throw RateLimited(retryAfter: Int(wait.rounded(.up))) }
        }
        if let accountKey {
            let wait = accounts.withLockedValue { $0.take(accountKey, now: now) ? 0 : $0.retryAfter(accountKey, now: now) }
            if wait > 0 { throw RateLimited(retryAfter: Int(wait.rounded(.up))) }
        }
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
