import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The person behind a request, resolved once by `IdentityMiddleware`.
struct Viewer: Sendable {
    let id: UUID
    let handle: String
    let displayName: String
    let lang: String
    /// The session row, when signed in through the browser (sign-out deletes it).
    let sessionID: UUID?
    /// Unread notifications (up to 100), read with the session for the header's badge; 0 on the API.
    var unread: Int = 0
    /// The API token, when signed in with one (a password change revokes every other).
    var tokenID: UUID? = nil
    /// The instance's operator suspended this account (`enjeu admin suspend`): read with the person on every request,
    /// so a token made before the suspension writes nothing either (App/Gate.swift refuses every unsafe request).
    var suspension: Suspension? = nil

    /// A suspension's end (nil: indefinite) and the reason its person reads.
    struct Suspension: Sendable { let until: Date?; let reason: String }

    /// The account's suspension if it holds at `now` (one whose end has passed is over, without a job).
    func suspended(at now: Date) -> Suspension? {
        guard let s = suspension, ModerationRules.suspended(until: s.until, now: now) else { return nil }
        return s
    }
}

extension Request {
    private struct ViewerKey: StorageKey { typealias Value = Viewer }
    var viewer: Viewer? {
        get { storage[ViewerKey.self] }
        set { storage[ViewerKey.self] = newValue }
    }

    var now: Date { application.enjeu.now() }
    func newID() -> UUID { application.enjeu.ids.next() }
}

enum Cookies {
    static let session = "enjeu_session"
    static let csrf = "enjeu_csrf"
    static let lang = "enjeu_lang"
    static let flash = "enjeu_flash"

    static func make(_ value: String, req: Request, maxAge: Int?, httpOnly: Bool = true) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: req.application.enjeu.secureCookies, isHTTPOnly: httpOnly, sameSite: .lax)
    }
}

/// Resolves the viewer: bearer tokens on the API (never cookies there, so the API needs no CSRF token),
/// the session cookie on pages. One indexed query joining the user.
struct IdentityMiddleware: AsyncMiddleware {
    /// The viewer's columns only, read in plain SQL: this runs on every signed-in request (see App/Reads.swift).
    private struct ViewerRow: Decodable {
        let credential: UUID, userId: UUID, handle: String, displayName: String, lang: String
        var unread: Int? = nil
        var lastSeen: Date? = nil
        var suspendedAt: Date? = nil, suspendedUntil: Date? = nil, suspendedReason: String? = nil
        enum CodingKeys: String, CodingKey {
            case credential, handle, lang, unread, userId = "user_id", displayName = "display_name", lastSeen = "last_seen_at"
            case suspendedAt = "suspended_at", suspendedUntil = "suspended_until", suspendedReason = "suspended_reason"
        }
        var suspension: Viewer.Suspension? {
            suspendedAt == nil ? nil : Viewer.Suspension(until: suspendedUntil, reason: suspendedReason ?? "")
        }
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.url.path.hasPrefix("/api/") {
            if let bearer = req.headers.bearerAuthorization?.token {
                guard let row = try await req.db.row("""
                    SELECT t.id AS credential, u.id AS user_id, u.handle, u.display_name, u.lang,
                      u.suspended_at, u.suspended_until, u.suspended_reason
                    FROM api_tokens t JOIN users u ON u.id = t.user_id
                    WHERE t.token_hash = \(bind: Secrets.hash(bearer)) AND t.revoked_at IS NULL
                    """, as: ViewerRow.self)
                else { throw AppError.unauthorized }
                req.viewer = Viewer(id: row.userId, handle: row.handle, displayName: row.displayName, lang: row.lang, sessionID: nil,
                                    tokenID: row.credential, suspension: row.suspension)
            }
        } else if let cookie = req.cookies[Cookies.session]?.string, !cookie.isEmpty {
            if let row = try await req.db.row(Self.sessionLookup(Secrets.hash(cookie), at: req.now, req.application.enjeu.database), as: ViewerRow.self) {
                req.viewer = Viewer(id: row.userId, handle: row.handle, displayName: row.displayName, lang: row.lang, sessionID: row.credential,
                                    unread: row.unread ?? 0, suspension: row.suspension)
                await Session.noteSeen(row.credential, lastSeen: row.lastSeen, req: req)
            }
        }
        return try await next.respond(to: req)
    }

    /// The session's person and unread count; on PostgreSQL through `enjeu_viewer` (M031), whose plan the server keeps.
    private static func sessionLookup(_ hash: String, at now: Date, _ database: EnjeuConfig.Database) -> SQLQueryString {
        if case .postgres = database {
            return """
                SELECT credential, user_id, handle, display_name, lang, last_seen_at, unread, suspended_at, suspended_until, suspended_reason
                FROM enjeu_viewer(\(bind: hash), \(bind: now))
                """
        }
        return """
            SELECT s.id AS credential, u.id AS user_id, u.handle, u.display_name, u.lang, s.last_seen_at,
              \(SocialQueries.unreadCount(of: "u.id")) AS unread, u.suspended_at, u.suspended_until, u.suspended_reason
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: hash) AND s.expires_at > \(bind: now)
            """
    }
}

/// Double-submit CSRF token: a random cookie, echoed in a hidden field of every form.
struct CSRFMiddleware: AsyncMiddleware {
    private struct TokenKey: StorageKey { typealias Value = String }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.wantsJSON { return try await next.respond(to: req) }
        let cookie: String? = req.cookies[Cookies.csrf]?.string
        let existing: String? = cookie.flatMap { $0.utf8.count == 43 ? $0 : nil }
        let token = existing ?? Secrets.newToken()
        req.storage[TokenKey.self] = token
        let response = try await next.respond(to: req)
        if existing == nil {
            response.cookies[Cookies.csrf] = Cookies.make(token, req: req, maxAge: 60 * 60 * 24 * 365)
        }
        return response
    }

    static func token(_ req: Request) -> String { req.storage[TokenKey.self] ?? "" }

    /// Called by the route gate on every unsafe page request, once the body has been collected.
    static func verify(_ req: Request) throws {
        let field: String? = try? req.content.get(String.self, at: "_csrf")
        let sent: String = field ?? req.headers.first(name: "X-CSRF-Token") ?? ""
        let expected = req.cookies[Cookies.csrf]?.string ?? ""
        guard !expected.isEmpty, sent.utf8.count == expected.utf8.count,
              zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw AppError.forbidden(CommonText.errCsrf.text) }
    }
}
