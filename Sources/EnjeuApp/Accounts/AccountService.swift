import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

struct AccountService {
    let req: Request
    /// Active tokens per person: the token list is one bounded page.
    static let maxActiveTokens = 100

    func signUp(_ s: SignUp) async throws -> User {
        let valid: SignUp
        switch s.validated() {
        case let .success(v): valid = v
        case let .failure(v): throw AppError.invalid(v)
        }
        let hash = try await req.password.async.hash(valid.password).get()
        return try await req.write { db in
            var taken = Violations()
            if try await User.query(on: db).filter(\.$handle == valid.handle).first() != nil { taken.add(.handle, .taken) }
            if try await User.query(on: db).filter(\.$email == valid.email).first() != nil { taken.add(.email, .taken) }
            guard taken.isEmpty else { throw AppError.invalid(taken) }
            let user = User(id: req.newID(), handle: valid.handle, displayName: valid.displayName, email: valid.email,
                            passwordHash: hash, lang: req.lang.rawValue, createdAt: req.now)
            try await user.create(on: db, orIfTaken: .invalid(Violations(.handle, .taken)))
            try await AuditEvent(id: req.newID(), communityID: nil, actorID: user.id, action: "account.create", detail: valid.handle, at: req.now).create(on: db)
            return user
        }
    }

    /// The user whose password matches, or nil; an unknown e-mail costs the same bcrypt work as a wrong password.
    func authenticate(email: String, password: String) async throws -> User? {
        let user = try await User.query(on: req.db).filter(\.$email == email.trimmingCharacters(in: .whitespaces).lowercased()).first()
        guard password.utf8.count <= Rules.passwordMaxBytes else { return nil }
        let ok = try await req.password.async.verify(password, created: user?.passwordHash ?? req.application.decoyHash).get()
        return ok ? user : nil
    }

    func startSession(_ user: User) async throws -> HTTPCookies.Value {
        let secret = Secrets.newToken()
        let days = 30
        try await Session(id: req.newID(), tokenHash: Secrets.hash(secret), userID: try user.requireID(),
                          createdAt: req.now, expiresAt: req.now.addingTimeInterval(Double(days) * 86_400)).create(on: req.db)
        return Cookies.make(secret, req: req, maxAge: days * 86_400)
    }

    func endSession(_ viewer: Viewer) async throws {
        guard let id = viewer.sessionID else { return }
        try await Session.query(on: req.db).filter(\.$id == id).delete()
    }

    /// Returns the token row and the secret, shown once.
    func createToken(for userID: UUID, name raw: String) async throws -> (ApiToken, String) {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.count > 100 { throw AppError.invalid(Violations(.tokenName, .tooLong(max: 100))) }
        let active = try await ApiToken.query(on: req.db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).count()
        guard active < Self.maxActiveTokens else { throw AppError.conflict(.errTooManyTokens) }
        let secret = "enj_" + Secrets.newToken()
        let token = ApiToken(id: req.newID(), userID: userID, name: name.isEmpty ? "API" : name,
                             tokenHash: Secrets.hash(secret), createdAt: req.now)
        try await token.create(on: req.db)
        return (token, secret)
    }

    func revokeToken(_ id: UUID, of userID: UUID) async throws {
        guard let token = try await ApiToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == userID).first(),
              token.revokedAt == nil
        else { throw AppError.notFound }
        token.revokedAt = req.now
        try await token.save(on: req.db)
    }

    func updateProfile(_ userID: UUID, _ draft: ProfileDraft) async throws {
        let p: ProfileDraft
        switch draft.validated() {
        case let .success(v): p = v
        case let .failure(v): throw AppError.invalid(v)
        }
        guard let user = try await User.find(userID, on: req.db) else { throw AppError.notFound }
        user.displayName = p.displayName
        user.bio = p.bio
        user.valuesHeld = p.values
        user.skills = p.skills
        user.lang = p.lang
        try await user.save(on: req.db)
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
