import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

struct AccountService {
    let ctx: ServiceContext
    /// Active tokens per person: the token list is one bounded page.
    static let maxActiveTokens = 100
    /// How long a browser session lasts.
    static let sessionDays = 30
    /// The account page lists this many sessions at most (« end all others » ends them all).
    static let maxListedSessions = 100

    init(_ ctx: ServiceContext) { self.ctx = ctx }

    /// With `session`, the browser's session is created in the same transaction: the account never exists without it.
    /// So is the job that e-mails the address's verification link: the account works at once, unverified until it is followed.
    func signUp(_ s: SignUp, session secret: String? = nil, userAgent: String? = nil) async throws -> User {
        let valid: SignUp
        switch s.validated() {
        case let .success(v): valid = v
        case let .failure(v): throw AppError.invalid(v)
        }
        let hash = try await ctx.app.password.async.hash(valid.password).get()
        let lang = ctx.lang.rawValue
        return try await ctx.write { db in
            var taken = Violations()
            if try await User.query(on: db).filter(\.$handle == valid.handle).first() != nil { taken.add(.handle, .taken) }
            if try await User.query(on: db).filter(\.$email == valid.email).first() != nil { taken.add(.email, .taken) }
            guard taken.isEmpty else { throw AppError.invalid(taken) }
            let user = User(id: ctx.newID(), handle: valid.handle, displayName: valid.displayName, email: valid.email,
                            passwordHash: hash, lang: lang, createdAt: ctx.now)
            try await user.create(on: db, orIfTaken: .invalid(Violations(.handle, .taken)))
            try await AuditEvent.record(db, ctx, community: nil, "account.create", valid.handle, actor: user.id)
            try await RecoveryService(ctx).queueVerification(db, userID: try user.requireID(), email: valid.email)
            if let secret { try await insertSession(db, secret: secret, userID: try user.requireID(), userAgent: userAgent) }
            return user
        }
    }

    /// The user whose password matches, or nil; an unknown e-mail costs the same bcrypt work as a wrong password.
    func authenticate(email: String, password: String) async throws -> User? {
        let user = try await User.query(on: ctx.db).filter(\.$email == Rules.normalisedEmail(email)).first()
        guard password.utf8.count <= Rules.passwordMaxBytes else { return nil }
        let ok = try await ctx.app.password.async.verify(password, created: user?.passwordHash ?? ctx.app.decoyHash).get()
        return ok ? user : nil
    }

    /// A new browser session for `user`; returns the secret its cookie carries (the database keeps only its hash).
    func startSession(_ user: User, userAgent: String? = nil) async throws -> String {
        let secret = Secrets.newToken()
        let userID = try user.requireID()
        try await ctx.write { db in try await insertSession(db, secret: secret, userID: userID, userAgent: userAgent) }
        return secret
    }

    /// `userAgent` names the device on the account page; a few hundred characters are enough to tell browsers apart.
    private func insertSession(_ db: any Database, secret: String, userID: UUID, userAgent: String?) async throws {
        let now = ctx.now
        try await Session(id: ctx.newID(), tokenHash: Secrets.hash(secret), userID: userID, createdAt: now,
                          expiresAt: now.addingTimeInterval(Double(Self.sessionDays) * 86_400),
                          userAgent: userAgent.map { String($0.prefix(300)) }).create(on: db)
    }

    func endSession(_ viewer: Viewer) async throws {
        guard let id = viewer.sessionID else { return }
        try await ctx.write { db in try await Session.query(on: db).filter(\.$id == id).delete() }
    }

    /// The account's open sessions, newest first (at most `maxListedSessions`), the viewer's own marked.
    func sessions(of viewer: Viewer) async throws -> [SessionItem] {
        try await Session.query(on: ctx.db).filter(\.$user.$id == viewer.id).filter(\.$expiresAt > ctx.now)
            .sort(\.$createdAt, .descending).limit(Self.maxListedSessions).all()
            .map { SessionItem(id: $0.id!, userAgent: $0.userAgent, createdAt: $0.createdAt, expiresAt: $0.expiresAt,
                               lastSeenAt: $0.lastSeenAt, isCurrent: $0.id == viewer.sessionID) }
    }

    /// Ends one of the account's sessions (another device's); 404 for a session that is not the account's.
    func endSession(_ id: UUID, of viewer: Viewer) async throws {
        try await ctx.write { db in
            guard try await Session.query(on: db).filter(\.$id == id).filter(\.$user.$id == viewer.id).first() != nil else { throw AppError.notFound }
            try await Session.query(on: db).filter(\.$id == id).delete()
        }
    }

    /// Ends every session of the account but the viewer's own.
    func endOtherSessions(of viewer: Viewer) async throws {
        try await ctx.write { db in
            try await sql(db).raw("DELETE FROM sessions WHERE user_id = \(bind: viewer.id) AND id <> \(bind: viewer.sessionID ?? UUID())").run()
        }
    }

    /// Changes the viewer's password, knowing the one in use: in one transaction, the new hash, the account's pending
    /// reset links voided, every other session ended and every other API token revoked (the viewer's own session or
    /// token stays; through the API, where the caller has no session, all sessions end). A rule broken or a wrong current password changes nothing (`AppError.invalid`, by field).
    func changePassword(of viewer: Viewer, _ change: PasswordChange) async throws {
        let problems = change.violations()
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard let user = try await User.find(viewer.id, on: ctx.db) else { throw AppError.notFound }
        var right = false
        if change.current.utf8.count <= Rules.passwordMaxBytes {
            right = try await ctx.app.password.async.verify(change.current, created: user.passwordHash).get()
        }
        guard right else { throw AppError.invalid(Violations(.currentPassword, .incorrect)) }
        let hash = try await ctx.app.password.async.hash(change.password).get()
        let now = ctx.now
        try await ctx.write { db in
            let plain = sql(db)
            try await plain.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: viewer.id)").run()
            try await plain.raw("""
                UPDATE account_tokens SET used_at = \(bind: now) WHERE user_id = \(bind: viewer.id) AND purpose = 'reset' AND used_at IS NULL
                """).run()
            try await plain.raw("DELETE FROM sessions WHERE user_id = \(bind: viewer.id) AND id <> \(bind: viewer.sessionID ?? UUID())").run()
            // A token never expires: one taken with the old password would outlive the change.
            try await plain.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: now)
                WHERE user_id = \(bind: viewer.id) AND revoked_at IS NULL AND id <> \(bind: viewer.tokenID ?? UUID())
                """).run()
            try await AuditEvent.record(db, ctx, community: nil, "account.password.change", viewer.handle, actor: viewer.id)
        }
    }

    /// Returns the token row and the secret, shown once.
    func createToken(for userID: UUID, name raw: String) async throws -> (ApiToken, String) {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.count > 100 { throw AppError.invalid(Violations(.tokenName, .tooLong(max: 100))) }
        let secret = "enj_" + Secrets.newToken()
        let token = try await ctx.write { db in
            let active = try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).count()
            guard active < Self.maxActiveTokens else { throw AppError.conflict(CommonText.errTooManyTokens.text) }
            let token = ApiToken(id: ctx.newID(), userID: userID, name: name.isEmpty ? "API" : name,
                                 tokenHash: Secrets.hash(secret), createdAt: ctx.now)
            try await token.create(on: db)
            return token
        }
        return (token, secret)
    }

    func revokeToken(_ id: UUID, of userID: UUID) async throws {
        try await ctx.write { db in
            guard let token = try await ApiToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first(),
                  token.revokedAt == nil
            else { throw AppError.notFound }
            token.revokedAt = ctx.now
            try await token.save(on: db)
        }
    }

    /// The person's active tokens, newest first (at most `maxActiveTokens`).
    func activeTokens(of userID: UUID) async throws -> [ApiToken] {
        try await ApiToken.query(on: ctx.db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .sort(\.$id, .descending).limit(Self.maxActiveTokens).all()
    }

    func updateProfile(_ userID: UUID, _ draft: ProfileDraft) async throws {
        let p: ProfileDraft
        switch draft.validated() {
        case let .success(v): p = v
        case let .failure(v): throw AppError.invalid(v)
        }
        try await ctx.write { db in
            guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
            user.displayName = p.displayName
            user.bio = p.bio
            user.valuesHeld = p.values
            user.skills = p.skills
            user.lang = p.lang
            try await user.save(on: db)
            try await SocialIndexes.profileChanged(db, user: userID, values: p.values, skills: p.skills)
        }
    }

    /// Saves a signed-in person's language choice.
    func setLang(_ userID: UUID, _ lang: Lang) async throws {
        try await ctx.write { db in
            try await User.query(on: db).filter(\.$id == userID).set(\.$lang, to: lang.rawValue).update()
        }
    }
}

extension Application {
    private struct DecoyKey: StorageKey { typealias Value = String }

    /// A bcrypt digest of a random secret at the configured cost, checked when an e-mail is unknown.
    var decoyHash: String {
        get { storage[DecoyKey.self]! }
        set { storage[DecoyKey.self] = newValue }
    }
}
