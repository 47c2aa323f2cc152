import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The links e-mailed to prove an address or to reset a password: rows of `account_tokens`. A link's secret is minted
/// when its e-mail is sent (by a queued job, so no request waits on SMTP) and only its SHA-256 is kept; the job that
/// sends it again after a failure mints a new one, so the link of a half-sent e-mail stops working.
enum AccountToken {
    static let schema = "account_tokens"

    enum Purpose: String, Sendable { case verify, reset }

    static let verifyDays = 7
    static let resetMinutes = 60
    static func lifetime(_ p: Purpose) -> TimeInterval { p == .verify ? Double(verifyDays) * 86_400 : Double(resetMinutes) * 60 }

    /// Links of one purpose that one account is sent in an hour at most: the rate limits count per instance, this
    /// counts in the database, so nobody's mailbox is flooded through several instances.
    static let maxPerHour = 3
    /// Reset requests per minute naming one address, on one instance (each address of a client has `ENJEU_AUTH_RATE_LIMIT`).
    static let resetsPerMinutePerAccount = 5
}

/// A link that cannot work: 410 Gone, with the reason in the reader's language (an unknown link is gone too: it may have
/// been replaced by a newer one, and a secret's absence says nothing an attacker could use).
struct LinkRefused: AbortError {
    let problem: LinkProblem
    let reason: String
    var status: HTTPResponseStatus { .gone }
}

/// Address verification, password reset and the account's sessions.
struct RecoveryService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    static let mailJob = "account.mail"
    static let resetJob = "account.reset"
    /// The jobs of this file, for `JobQueue.handlers`.
    static let jobHandlers: [String: JobQueue.Handler] = [
        mailJob: { ctx, payload in try await RecoveryService(ctx).mail(try decode(LinkJob.self, payload).link) },
        resetJob: { ctx, payload in try await RecoveryService(ctx).createReset(try decode(ResetJob.self, payload)) },
    ]

    private struct LinkJob: Codable { let link: UUID }
    private struct ResetJob: Codable { let email: String; let link: UUID }

    // MARK: Address verification

    /// Inside the caller's write (sign-up, resend): a verification link for `email` and the job that mails it.
    func queueVerification(_ db: any Database, userID: UUID, email: String) async throws {
        let link = ctx.newID()
        try await insertLink(db, id: link, userID: userID, purpose: .verify, email: email)
        try await JobQueue.enqueue(db, id: ctx.newID(), kind: Self.mailJob, payload: encode(LinkJob(link: link)), now: ctx.now)
    }

    /// From the account page: false when the address is already verified (nothing is sent).
    func resendVerification(_ userID: UUID) async throws -> Bool {
        try await ctx.write { db in
            guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
            guard user.emailVerifiedAt == nil else { return false }
            let recent = try await recentLinks(db, userID, .verify)
            if recent.count >= AccountToken.maxPerHour, let oldest = recent.min() {
                throw RateLimited(retryAfter: max(1, Int(oldest.addingTimeInterval(3_600).timeIntervalSince(ctx.now).rounded(.up))))
            }
            try await queueVerification(db, userID: userID, email: user.email)
            return true
        }
    }

    /// Marks the address the link was sent to as verified (if it is still the account's), and the link as used.
    func verify(token: String) async throws {
        try await ctx.write { db in try await markVerified(db, try await consume(db, token, .verify)) }
    }

    /// The address a link reached is the owner's, as long as it is still the account's address.
    private func markVerified(_ db: any Database, _ link: LinkRow) async throws {
        try await sql(db).raw("""
            UPDATE users SET email_verified_at = \(bind: ctx.now)
            WHERE id = \(bind: link.userId) AND email = \(bind: link.email) AND email_verified_at IS NULL
            """).run()
    }

    // MARK: Password reset

    /// The same work whatever the address: one queued job, which looks for the account in the background. So neither
    /// the answer nor its timing tells whether an account has this address.
    func requestReset(email raw: String) async throws {
        let email = Rules.normalisedEmail(raw)
        if email.isEmpty { throw AppError.invalid(Violations(.email, .required)) }
        guard Rules.isValidEmail(email) else { throw AppError.invalid(Violations(.email, .emailFormat)) }
        let payload = try encode(ResetJob(email: email, link: ctx.newID()))
        try await ctx.write { db in try await JobQueue.enqueue(db, id: ctx.newID(), kind: Self.resetJob, payload: payload, now: ctx.now) }
    }

    /// The job behind `requestReset`: nothing for an unknown address, nor beyond `maxPerHour` links in an hour.
    private func createReset(_ job: ResetJob) async throws {
        guard let user = try await User.query(on: ctx.db).filter(\.$email == job.email).first(), let userID = user.id else { return }
        let created = try await ctx.write { db -> Bool in
            // A retried job finds its link already there.
            if try await db.row("SELECT id FROM account_tokens WHERE id = \(bind: job.link)", as: IDRow.self) != nil { return true }
            guard try await recentLinks(db, userID, .reset).count < AccountToken.maxPerHour else { return false }
            try await insertLink(db, id: job.link, userID: userID, purpose: .reset, email: user.email)
            return true
        }
        guard created else {
            ctx.logger.notice("password reset not sent: too many links this hour", metadata: ["user": "\(userID)"])
            return
        }
        try await mail(job.link)
    }

    /// Sets the password if the link works, in one transaction that also uses the link, voids the account's other
    /// reset links, verifies the address the link reached, and ends the account's sessions but `keeping` (the browser
    /// that reset it, when it is signed in to this account). A password under the rules changes nothing (422).
    func resetPassword(token: String, password: String, keeping: UUID?) async throws {
        try await check(token, .reset)  // before bcrypt's work and the person's retyping
        var v = Violations()
        if password.count < Rules.passwordMin { v.add(.password, .tooShort(min: Rules.passwordMin)) }
        else if password.utf8.count > Rules.passwordMaxBytes { v.add(.password, .tooLong(max: Rules.passwordMaxBytes)) }
        guard v.isEmpty else { throw AppError.invalid(v) }
        let hash = try await ctx.app.password.async.hash(password).get()
        let now = ctx.now
        try await ctx.write { db in
            let link = try await consume(db, token, .reset)
            let plain = sql(db)
            try await plain.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: link.userId)").run()
            try await markVerified(db, link)
            try await plain.raw("""
                UPDATE account_tokens SET used_at = \(bind: now) WHERE user_id = \(bind: link.userId) AND purpose = 'reset' AND used_at IS NULL
                """).run()
            try await plain.raw("DELETE FROM sessions WHERE user_id = \(bind: link.userId) AND id <> \(bind: keeping ?? UUID())").run()
            // Whoever knew the old password may have taken a token with it: tokens never expire, so they all go.
            try await plain.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: link.userId) AND revoked_at IS NULL").run()
        }
    }

    // MARK: Links

    /// Throws `LinkRefused` unless `token` is a link of `purpose` that is unused and unexpired.
    func check(_ token: String, _ purpose: AccountToken.Purpose) async throws {
        if let problem = try await problem(ctx.db, Secrets.hash(token), purpose) { throw refused(problem) }
    }

    private struct LinkRow: Decodable {
        let userId: UUID, email: String
        enum CodingKeys: String, CodingKey { case email, userId = "user_id" }
    }

    private struct LinkState: Decodable {
        let usedAt: Date?, expiresAt: Date
        enum CodingKeys: String, CodingKey { case usedAt = "used_at", expiresAt = "expires_at" }
    }

    private struct IDRow: Decodable { let id: UUID }

    /// Uses the link, in the caller's transaction: one conditional update, so two tries at once cannot both succeed.
    private func consume(_ db: any Database, _ token: String, _ purpose: AccountToken.Purpose) async throws -> LinkRow {
        let hash = Secrets.hash(token)
        let now = ctx.now
        if let link = try await db.row("""
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING user_id, email
            """, as: LinkRow.self) { return link }
        throw refused(try await problem(db, hash, purpose) ?? .used)
    }

    private func problem(_ db: any Database, _ hash: String, _ purpose: AccountToken.Purpose) async throws -> LinkProblem? {
        guard let link = try await db.row("""
            SELECT used_at, expires_at FROM account_tokens WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue)
            """, as: LinkState.self) else { return .unknown }
        if link.usedAt != nil { return .used }
        return link.expiresAt > ctx.now ? nil : .expired
    }

    private func refused(_ problem: LinkProblem) -> LinkRefused { LinkRefused(problem: problem, reason: ctx.lang[problem.text]) }

    private func insertLink(_ db: any Database, id: UUID, userID: UUID, purpose: AccountToken.Purpose, email: String) async throws {
        let now = ctx.now
        try await sql(db).raw("""
            INSERT INTO account_tokens (id, user_id, purpose, email, created_at, expires_at)
            VALUES (\(bind: id), \(bind: userID), \(bind: purpose.rawValue), \(bind: email), \(bind: now),
                    \(bind: now.addingTimeInterval(AccountToken.lifetime(purpose))))
            """).run()
    }

    /// When the account's links of `purpose` of the last hour were made.
    private func recentLinks(_ db: any Database, _ userID: UUID, _ purpose: AccountToken.Purpose) async throws -> [Date] {
        struct Made: Decodable { let createdAt: Date; enum CodingKeys: String, CodingKey { case createdAt = "created_at" } }
        return try await db.rows("""
            SELECT created_at FROM account_tokens
            WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose.rawValue) AND created_at > \(bind: ctx.now.addingTimeInterval(-3_600))
            """, as: Made.self).map(\.createdAt)
    }

    /// The job that sends a link: mints its secret, keeps the hash, and e-mails it (or logs it without SMTP).
    /// Nothing for a link used or expired meanwhile.
    private func mail(_ linkID: UUID) async throws {
        struct Minted: Decodable {
            let userId: UUID, purpose: String, email: String
            enum CodingKeys: String, CodingKey { case purpose, email, userId = "user_id" }
        }
        let secret = Secrets.newToken()
        let now = ctx.now
        guard let link = try await ctx.write({ db in
            try await db.row("""
                UPDATE account_tokens SET token_hash = \(bind: Secrets.hash(secret))
                WHERE id = \(bind: linkID) AND used_at IS NULL AND expires_at > \(bind: now)
                RETURNING user_id, purpose, email
                """, as: Minted.self)
        }), let user = try await User.find(link.userId, on: ctx.db) else { return }
        let lang = Lang(rawValue: user.lang) ?? .fr
        let name = user.displayName
        if link.purpose == AccountToken.Purpose.verify.rawValue {
            try await Mailer.send(ctx, to: link.email, path: AccountEndpoints.verifyEmail.path(secret)) { url in
                AccountViews.verifyMail(name: name, link: url, days: AccountToken.verifyDays, lang)
            }
        } else {
            try await Mailer.send(ctx, to: link.email, path: AccountEndpoints.resetForm.path(secret)) { url in
                AccountViews.resetMail(name: name, link: url, minutes: AccountToken.resetMinutes, lang)
            }
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ payload: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(payload.utf8))
    }

    private func encode<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
}
