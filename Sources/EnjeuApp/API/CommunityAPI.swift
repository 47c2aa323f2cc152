import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// JSON API under /api/v1: the same services and the same gate as the pages, bearer tokens only.
struct CommunityAPI {
    struct NewAccount: Content { let handle: String; let displayName: String; let email: String; let password: String }
    struct AccountCreated: Content { let id: UUID; let handle: String; let emailVerified: Bool }
    struct VerifyBody: Content { let token: String }
    struct EmailVerified: Content { let emailVerified: Bool }
    struct ResetRequest: Content { let email: String }
    struct NewPassword: Content { let password: String }
    struct PasswordChangeBody: Content { let current: String; let password: String }
    struct Credentials: Content { let email: String; let password: String; let name: String? }
    struct TokenCreated: Content { let id: UUID; let token: String }
    struct TokenItem: Content { let id: UUID; let name: String; let createdAt: Date }
    struct Me: Content {
        let id: UUID; let handle: String; let displayName: String; let email: String?
        let bio: String; let values: [String]; let skills: [String]; let lang: String
        /// Mine only: whether I followed the link e-mailed to my address.
        let emailVerified: Bool?
    }
    struct ProfileUpdate: Content { let displayName: String?; let bio: String?; let values: String?; let skills: String?; let lang: String? }
    struct NewCommunity: Content {
        let slug: String; let name: String; let purpose: String; let perimeter: String?; let rhythm: String?
        let stage: String; let visibility: String
        /// Required without a template; with one, absent means the template's charter.
        let charter: String?
        /// association, cooperative, company-team, third-places, or blank (the same as absent).
        let template: String?
    }
    struct CommunityUpdate: Content {
        let name: String; let purpose: String; let perimeter: String?; let rhythm: String?
        let stage: String; let visibility: String; let version: Int
    }
    /// The card's fields at the top level, plus the viewer's relation to the community.
    struct CommunityDetail: Content {
        let card: CommunityQueries.Card
        let version: Int?
        /// anonymous, outsider, pending, approved, active, suspended, left
        let relation: String
        let role: Role?
        let charterCurrent: Bool?
        /// Mine only, while I am suspended here: why, and until when (absent: indefinitely).
        var suspensionReason: String? = nil
        var suspendedUntil: Date? = nil

        enum Keys: String, CodingKey { case card, version, relation, role, charterCurrent, suspensionReason, suspendedUntil }
        init(card: CommunityQueries.Card, version: Int?, relation: String, role: Role?, charterCurrent: Bool?) {
            self.card = card; self.version = version; self.relation = relation; self.role = role; self.charterCurrent = charterCurrent
        }
        init(from decoder: any Decoder) throws {
            card = try CommunityQueries.Card(from: decoder)
            let c = try decoder.container(keyedBy: Keys.self)
            version = try c.decodeIfPresent(Int.self, forKey: .version)
            relation = try c.decode(String.self, forKey: .relation)
            role = try c.decodeIfPresent(Role.self, forKey: .role)
            charterCurrent = try c.decodeIfPresent(Bool.self, forKey: .charterCurrent)
            suspensionReason = try c.decodeIfPresent(String.self, forKey: .suspensionReason)
            suspendedUntil = try c.decodeIfPresent(Date.self, forKey: .suspendedUntil)
        }
        func encode(to encoder: any Encoder) throws {
            try card.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(version, forKey: .version)
            try c.encode(relation, forKey: .relation)
            try c.encodeIfPresent(role, forKey: .role)
            try c.encodeIfPresent(charterCurrent, forKey: .charterCurrent)
            try c.encodeIfPresent(suspensionReason, forKey: .suspensionReason)
            try c.encodeIfPresent(suspendedUntil, forKey: .suspendedUntil)
        }
    }
    /// `organisation`: the slug of an organisation the caller represents, asking in its name.
    struct JoinBody: Content { let message: String?; let organisation: String? }
    struct JoinCreated: Content { let id: UUID; let status: JoinRequestStatus }
    struct ReasonBody: Content { let reason: String }
    /// `organisation`: accept in the name of an organisation the caller represents.
    struct VersionBody: Content { let version: Int; let organisation: String? }
    struct CharterView: Content { let version: Int; let text: String; let createdAt: Date }
    struct StatusBody: Content { let status: String }

    func register(_ r: any RoutesBuilder) {
        typealias E = CommunityAPIEndpoints
        r.open(E.openAPI) { _ in try OpenAPIDocument.response() }
        r.open(E.createAccount) { req in
            let b = try req.content.decode(NewAccount.self)
            try await req.application.authLimiter.check(req, bucket: "signup", account: b.email)
            let user = try await AccountService(req.context).signUp(SignUp(handle: b.handle, displayName: b.displayName, email: b.email, password: b.password))
            return try await AccountCreated(id: user.requireID(), handle: user.handle, emailVerified: false).created(for: req)
        }
        r.open(E.verifyEmail) { req in
            let b = try req.content.decode(VerifyBody.self)
            try await req.application.authLimiter.check(req, bucket: "verify")
            try await RecoveryService(req.context).verify(token: b.token)
            return EmailVerified(emailVerified: true)
        }
        r.open(E.requestPasswordReset) { req in
            let b = try req.content.decode(ResetRequest.self)
            try await req.application.resetLimiter.check(req, bucket: "reset", account: b.email)
            try await RecoveryService(req.context).requestReset(email: b.email)
            let res = try await StatusBody(status: "accepted").encodeResponse(for: req)
            res.status = .accepted
            return res
        }
        r.open(E.resetPassword) { req in
            try await req.application.authLimiter.check(req, bucket: "reset-link")
            let b = try req.content.decode(NewPassword.self)
            try await RecoveryService(req.context).resetPassword(token: req.parameters.get("token") ?? "", password: b.password, keeping: nil)
            return StatusBody(status: "changed")
        }
        r.open(E.createToken) { req in
            let b = try req.content.decode(Credentials.self)
            try await req.application.authLimiter.check(req, bucket: "signin", account: b.email)
            let service = AccountService(req.context)
            guard let user = try await service.authenticate(email: b.email, password: b.password) else { throw AppError.unauthorized }
            let (token, secret) = try await service.createToken(for: user.requireID(), name: b.name ?? "API")
            return try await TokenCreated(id: token.id!, token: secret).created(for: req)
        }
        r.signedIn(E.tokens) { req, viewer in
            let rows = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.id).filter(\.$revokedAt == nil)
                .sort(\.$id, .descending).limit(100).all()
            return CommunityQueries.Page(items: rows.map { TokenItem(id: $0.id!, name: $0.name, createdAt: $0.createdAt) }, next: nil)
        }
        r.signedIn(E.revokeToken) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await AccountService(req.context).revokeToken(id, of: viewer.id)
            return HTTPStatus.noContent
        }
        r.signedIn(E.me) { req, viewer in
            guard let u = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            return me(u, withEmail: true)
        }
        r.signedIn(E.updateMe) { req, viewer in
            let b = try req.content.decode(ProfileUpdate.self)
            guard let u = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            try await AccountService(req.context).updateProfile(viewer.id, ProfileDraft(
                displayName: b.displayName ?? u.displayName, bio: b.bio ?? u.bio, values: b.values ?? u.valuesHeld,
                skills: b.skills ?? u.skills, lang: b.lang ?? u.lang))
            guard let fresh = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            return me(fresh, withEmail: true)
        }
        r.signedIn(E.changePassword) { req, viewer in
            try await req.application.authLimiter.check(req, bucket: "password-change", account: viewer.id.uuidString)
            let b = try req.content.decode(PasswordChangeBody.self)
            do {
                try await AccountService(req.context).changePassword(of: viewer, PasswordChange(current: b.current, password: b.password))
            } catch let AppError.invalid(v) where v.first(for: .currentPassword) == .incorrect {
                throw AppError.forbidden(Text.describe(v.all[0]))
            }
            return StatusBody(status: "changed")
        }
        r.signedIn(E.user) { req, _ in
            guard let handle = req.parameters.get("handle"), Rules.isValidHandle(handle),
                  let u = try await User.query(on: req.db).filter(\.$handle == handle).first(), u.deletedAt == nil
            else { throw AppError.notFound }
            return me(u, withEmail: false)
        }
        r.open(E.communities) { req in
            try await CommunityQueries(req.context).list(q: try? req.query.get(String.self, at: "q"), after: try? req.query.get(String.self, at: "after"))
        }
        r.signedIn(E.createCommunity) { req, viewer in
            let b = try req.content.decode(NewCommunity.self)
            // A malformed body is a 400 naming the field, as a missing one always was.
            let template: CommunityTemplate?
            switch CommunityTemplate.choice(b.template) {
            case let .success(t): template = t
            case .failure: throw AppError.badRequest(FirstStepsText.errUnknownTemplate(b.template ?? ""))
            }
            if b.charter == nil && template == nil { throw AppError.badRequest(FirstStepsText.errCharterMissing) }
            let draft = CommunityDraft(slug: b.slug, name: b.name, purpose: b.purpose, perimeter: b.perimeter ?? "", rhythm: b.rhythm ?? "",
                                       stage: b.stage, visibility: b.visibility, charter: b.charter ?? "")
            let (valid, starter) = try CommunityPages.validated(draft, template: b.template, creator: viewer)
            let c = try await CommunityService(req.context).create(valid, founder: viewer, starter: starter)
            return try await CommunityQueries.Card(c, inside: true).created(for: req)
        }
        r.community(E.community) { _, ctx in detail(ctx) }
        r.community(E.updateCommunity) { req, ctx in
            let b = try req.content.decode(CommunityUpdate.self)
            let valid = try CommunityDraft(slug: ctx.community.slug, name: b.name, purpose: b.purpose, perimeter: b.perimeter ?? "",
                                           rhythm: b.rhythm ?? "", stage: b.stage, visibility: b.visibility, charter: "")
                .validated(includingCharter: false).mapError(AppError.invalid).get()
            try await CommunityService(req.context).updateProfile(ctx, valid, expectedVersion: b.version)
            return detail(try await CommunityAccess.load(req, slug: ctx.community.slug))
        }
        r.community(E.members) { req, ctx in
            try await CommunityQueries(req.context).members(ctx, after: try? req.query.get(String.self, at: "after"), includeSuspended: ctx.can(.steward))
        }
        r.community(E.joinRequests) { req, ctx in
            try await CommunityQueries(req.context).pendingRequests(ctx, after: try? req.query.get(String.self, at: "after"))
        }
        r.community(E.join, use: Self.join)
        r.community(E.approve) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await CommunityService(req.context).approve(ctx, requestID: id)
            return JoinCreated(id: id, status: .approved)
        }
        r.community(E.decline) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let b = try req.content.decode(ReasonBody.self)
            try await CommunityService(req.context).decline(ctx, requestID: id, reason: b.reason)
            return JoinCreated(id: id, status: .declined)
        }
        r.community(E.withdraw) { req, ctx in
            try await CommunityService(req.context).withdraw(ctx)
            return StatusBody(status: JoinRequestStatus.withdrawn.rawValue)
        }
        r.community(E.charter) { req, ctx in
            guard let c = try await CommunityQueries(req.context).charter(ctx) else { throw AppError.notFound }
            return CharterView(version: c.version, text: c.text, createdAt: c.createdAt)
        }
        r.community(E.acceptCharter, use: Self.acceptCharter)
        r.community(E.leave) { req, ctx in
            try await CommunityService(req.context).leave(ctx)
            return StatusBody(status: MembershipStatus.left.rawValue)
        }
        r.community(E.changeMember) { req, ctx in
            guard let handle = req.parameters.get("handle") else { throw AppError.notFound }
            // `reinstate`, the earlier name of lifting a suspension, stays for API clients; it is moderation's `unsuspend`.
            if req.parameters.get("change") == "reinstate" {
                try await ModerationService(req.context).unsuspend(ctx, handle: handle, reason: nil)
                return StatusBody(status: MembershipStatus.active.rawValue)
            }
            guard let change = req.parameters.get("change").flatMap(MemberChange.init(rawValue:)) else { throw AppError.notFound }
            try await CommunityService(req.context).change(ctx, handle: handle, change)
            return StatusBody(status: "ok")
        }
    }

    /// A person asks for themselves as the gate would have let them; an organisation's representative for it.
    /// (A programme's route adds a community's steward: Programmes/ProgrammeAPI.swift.)
    @Sendable static func join(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let r: JoinRequest
        if let slug = (try? req.content.decode(JoinBody.self))?.organisation {
            let b = try req.content.decode(JoinBody.self)
            let o = try await OrganisationAccess.named(req.db, slug, viewer: try ctx.requireViewer())
            r = try await OrganisationService(req.context).requestJoin(ctx, o, message: b.message ?? "")
        } else {
            try CommunityAccess.require(.requestToJoin, ctx)
            let b = try req.content.decode(JoinBody.self)
            r = try await CommunityService(req.context).requestJoin(ctx, message: b.message ?? "")
        }
        return try await JoinCreated(id: r.id!, status: r.status).created(for: req)
    }

    /// In a programme a member of a joined community accepts its charter too (`ProgrammeService.acceptCharter`).
    @Sendable static func acceptCharter(_ req: Request, _ ctx: CommunityContext) async throws -> StatusBody {
        if let slug = (try? req.content.decode(VersionBody.self))?.organisation {
            let b = try req.content.decode(VersionBody.self)
            let o = try await OrganisationAccess.named(req.db, slug, viewer: try ctx.requireViewer())
            try await OrganisationService(req.context).acceptCharter(ctx, o, version: b.version)
        } else {
            try CommunityAccess.require(.acceptCharter, ctx)
            let b = try req.content.decode(VersionBody.self)
            if ctx.kind == .programme {
                try await ProgrammeService(req.context).acceptCharter(ctx, version: b.version)
            } else {
                try await CommunityService(req.context).acceptCharter(ctx, version: b.version)
            }
        }
        return StatusBody(status: MembershipStatus.active.rawValue)
    }

    func me(_ u: User, withEmail: Bool) -> Me {
        Me(id: u.id!, handle: u.handle, displayName: u.displayName, email: withEmail ? u.email : nil, bio: u.bio,
           values: Tags.normalise(u.valuesHeld), skills: Tags.normalise(u.skills), lang: u.lang,
           emailVerified: withEmail ? u.emailVerifiedAt != nil : nil)
    }

    /// The viewer's relation as the API writes it: its name, and the role and charter state of a member.
    static func words(_ relation: ViewerRelation) -> (String, Role?, Bool?) {
        switch relation {
        case .anonymous: ("anonymous", nil, nil)
        case .outsider: ("outsider", nil, nil)
        case .pending: ("pending", nil, nil)
        case let .member(r, s, c): (s.rawValue, r, c)
        }
    }

    func detail(_ ctx: CommunityContext) -> CommunityDetail {
        let inside = ctx.can(.seeInside)
        let (relation, role, current) = Self.words(ctx.relation)
        var d = CommunityDetail(card: CommunityQueries.Card(ctx.community, inside: inside),
                                version: ctx.can(.steward) ? ctx.community.version : nil,
                                relation: relation, role: role, charterCurrent: current)
        d.suspensionReason = ctx.suspension?.reason
        d.suspendedUntil = ctx.suspension?.until
        return d
    }
}
