import Fluent
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

    init() {}
    init(id: UUID, tokenHash: String, userID: UUID, createdAt: Date, expiresAt: Date, userAgent: String? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.userAgent = userAgent
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
