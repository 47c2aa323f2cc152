import Fluent
import SQLKit
import Vapor

/// A browser session; the cookie carries a random secret, the database only its SHA-256.
final class Session: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    /// The browser's `User-Agent` when it signed in, so the account page can name the session's device.
    @OptionalField(key: "user_agent") var userAgent: String?
    /// When the session was last used, to within `lastSeenStep` (see `noteSeen`); set at sign-in.
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?

    init() {}
    init(id: UUID, tokenHash: String, userID: UUID, createdAt: Date, expiresAt: Date, userAgent: String? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.userAgent = userAgent
        self.lastSeenAt = createdAt
    }

    /// How stale `last_seen_at` may grow: the session lookup runs on every signed-in request and must not write on each,
    /// so a session is marked seen at most once in this many seconds.
    static let lastSeenStep: TimeInterval = 300

    /// Called by the session lookup with what it read: marks the session seen when its mark is older than `lastSeenStep`.
    /// One conditional update, so several requests at once write at most a few times; a failure only leaves the mark
    /// stale, never fails the request.
    static func noteSeen(_ id: UUID, lastSeen: Date?, req: Request) async {
        let now = req.now
        if let lastSeen, now.timeIntervalSince(lastSeen) < lastSeenStep { return }
        let stale = now.addingTimeInterval(-lastSeenStep)
        do {
            try await req.context.write { db in
                try await sql(db).raw("""
                    UPDATE sessions SET last_seen_at = \(bind: now)
                    WHERE id = \(bind: id) AND (last_seen_at IS NULL OR last_seen_at <= \(bind: stale))
                    """).run()
            }
        } catch {
            req.logger.warning("session last-seen not recorded", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

/// A personal access token for the API; stored hashed, revocable.
final class ApiToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
    init(id: UUID, userID: UUID, name: String, tokenHash: String, createdAt: Date) {
        self.id = id
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}

enum Secrets {
    /// 32 random bytes, base64url: the value handed out once (cookie or token).
    static func newToken() -> String {
        // Four 64-bit draws (one system call each), not 32 byte-sized ones.
        var rng = SystemRandomNumberGenerator()
        var bytes = Data(capacity: 32)
        for _ in 0..<4 { withUnsafeBytes(of: rng.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
