import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// JSON API under /api/v1: the same services and the same gate as the pages, bearer tokens only.
struct CommunityAPI {
    struct NewAccount: Content { let handle: String; let displayName: String; let email: String; let password: String }
    struct AccountCreated: Content { let id: UUID; let handle: String }
    struct Credentials: Content { let email: String; let password: String; let name: String? }
    struct TokenCreated: Content { let id: UUID; let token: String }
    struct TokenItem: Content { let id: UUID; let name: String; let createdAt: Date }
    struct Me: Content {
        let id: UUID; let handle: String; let displayName: String; let email: String?
        let bio: String; let values: [String]; let skills: [String]; let lang: String
    }
    struct ProfileUpdate: Content { let displayName: String?; let bio: String?; let values: String?; let skills: String?; let lang: String? }
    struct NewCommunity: Content {
        let slug: String; let name: String; let purpose: String; let perimeter: String?; let rhythm: String?
        let stage: String; let visibility: String; let charter: String
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

        enum Keys: String, CodingKey { case card, version, relation, role, charterCurrent }
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
        }
        func encode(to encoder: any Encoder) throws {
            try card.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(version, forKey: .version)
            try c.encode(relation, forKey: .relation)
            try c.encodeIfPresent(role, forKey: .role)
            try c.encodeIfPresent(charterCurrent, forKey: .charterCurrent)
        }
    }
    struct JoinBody: Content { let message: String? }
    struct JoinCreated: Content { let id: UUID; let status: JoinRequestStatus }
    struct ReasonBody: Content { let reason: String }
    struct VersionBody: Content { let version: Int }
    struct NewCharter: Content { let text: String; let version: Int }
    struct CharterView: Content { let version: Int; let text: String; let createdAt: Date }
    struct StatusBody: Content { let status: String }

    func register(_ r: any RoutesBuilder) {
        let api = r.grouped("api", "v1")
        api.open(.GET, "openapi.json") { req in
            let res = Response(status: .ok, body: .init(data: OpenAPIDocument.json))
            res.headers.contentType = .json
            return res
        }
        api.open(.POST, "accounts") { req in
            let b = try req.content.decode(NewAccount.self)
            try req.application.authLimiter.check(req, bucket: "signup", account: b.email)
            let user = try await AccountService(req: req).signUp(SignUp(handle: b.handle, displayName: b.displayName, email: b.email, password: b.password))
            return try await AccountCreated(id: user.requireID(), handle: user.handle).created(for: req)
        }
        api.open(.POST, "tokens") { req in
            let b = try req.content.decode(Credentials.self)
            try req.application.authLimiter.check(req, bucket: "signin", account: b.email)
            let service = AccountService(req: req)
            guard let user = try await service.authenticate(email: b.email, password: b.password) else { throw AppError.unauthorized }
            let (token, secret) = try await service.createToken(for: user.requireID(), name: b.name ?? "API")
            return try await TokenCreated(id: token.id!, token: secret).created(for: req)
        }
        api.signedIn(.GET, "tokens") { req, viewer in
            let rows = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.id).filter(\.$revokedAt == nil)
                .sort(\.$id, .descending).limit(100).all()
            return CommunityQueries.Page(items: rows.map { TokenItem(id: $0.id!, name: $0.name, createdAt: $0.createdAt) }, next: nil)
        }
        api.signedIn(.DELETE, "tokens", ":id") { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await AccountService(req: req).revokeToken(id, of: viewer.id)
            return HTTPStatus.noContent
        }
        api.signedIn(.GET, "me") { req, viewer in
            guard let u = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            return me(u, withEmail: true)
        }
        api.signedIn(.PATCH, "me") { req, viewer in
            let b = try req.content.decode(ProfileUpdate.self)
            guard let u = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            try await AccountService(req: req).updateProfile(viewer.id, ProfileDraft(
                displayName: b.displayName ?? u.displayName, bio: b.bio ?? u.bio, values: b.values ?? u.valuesHeld,
                skills: b.skills ?? u.skills, lang: b.lang ?? u.lang))
            guard let fresh = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            return me(fresh, withEmail: true)
        }
        api.signedIn(.GET, "users", ":handle") { req, _ in
            guard let handle = req.parameters.get("handle"), Rules.isValidHandle(handle),
                  let u = try await User.query(on: req.db).filter(\.$handle == handle).first()
            else { throw AppError.notFound }
            return me(u, withEmail: false)
        }
        api.open(.GET, "communities") { req in
            try await CommunityQueries(req: req).list(q: try? req.query.get(String.self, at: "q"), after: try? req.query.get(String.self, at: "after"))
        }
        api.signedIn(.POST, "communities") { req, viewer in
            let b = try req.content.decode(NewCommunity.self)
            let valid = try CommunityDraft(slug: b.slug, name: b.name, purpose: b.purpose, perimeter: b.perimeter ?? "", rhythm: b.rhythm ?? "",
                                           stage: b.stage, visibility: b.visibility, charter: b.charter).validated().mapError(AppError.invalid).get()
            let c = try await CommunityService(req: req).create(valid, founder: viewer)
            return try await CommunityQueries.Card(c, inside: true).created(for: req)
        }
        api.community(.GET, "communities", ":slug", need: .seeCard) { req, ctx in detail(ctx) }
        api.community(.PATCH, "communities", ":slug", need: .steward) { req, ctx in
            let b = try req.content.decode(CommunityUpdate.self)
            let valid = try CommunityDraft(slug: ctx.community.slug, name: b.name, purpose: b.purpose, perimeter: b.perimeter ?? "",
                                           rhythm: b.rhythm ?? "", stage: b.stage, visibility: b.visibility, charter: "")
                .validated(includingCharter: false).mapError(AppError.invalid).get()
            try await CommunityService(req: req).updateProfile(ctx, valid, expectedVersion: b.version)
            return detail(try await CommunityAccess.load(req, slug: ctx.community.slug))
        }
        api.community(.GET, "communities", ":slug", "members", need: .seeInside) { req, ctx in
            try await CommunityQueries(req: req).members(ctx, after: try? req.query.get(String.self, at: "after"), includeSuspended: ctx.can(.steward))
        }
        api.community(.GET, "communities", ":slug", "join-requests", need: .steward) { req, ctx in
            try await CommunityQueries(req: req).pendingRequests(ctx, after: try? req.query.get(String.self, at: "after"))
        }
        api.community(.POST, "communities", ":slug", "join-requests", need: .requestToJoin) { req, ctx in
            let b = try req.content.decode(JoinBody.self)
            let r = try await CommunityService(req: req).requestJoin(ctx, message: b.message ?? "")
            return try await JoinCreated(id: r.id!, status: r.status).created(for: req)
        }
        api.community(.POST, "communities", ":slug", "join-requests", ":id", "approve", need: .steward) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await CommunityService(req: req).approve(ctx, requestID: id)
            return JoinCreated(id: id, status: .approved)
        }
        api.community(.POST, "communities", ":slug", "join-requests", ":id", "decline", need: .steward) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let b = try req.content.decode(ReasonBody.self)
            try await CommunityService(req: req).decline(ctx, requestID: id, reason: b.reason)
            return JoinCreated(id: id, status: .declined)
        }
        api.community(.POST, "communities", ":slug", "withdraw", need: .seeCard) { req, ctx in
            try await CommunityService(req: req).withdraw(ctx)
            return StatusBody(status: JoinRequestStatus.withdrawn.rawValue)
        }
        api.community(.GET, "communities", ":slug", "charter", need: .seeCard) { req, ctx in
            guard let c = try await CommunityQueries(req: req).charter(ctx) else { throw AppError.notFound }
            return CharterView(version: c.version, text: c.text, createdAt: c.createdAt)
        }
        api.community(.POST, "communities", ":slug", "charter", need: .steward) { req, ctx in
            let b = try req.content.decode(NewCharter.self)
            let v = try await CommunityService(req: req).newCharter(ctx, text: b.text, expectedVersion: b.version)
            guard let c = try await CommunityQueries(req: req).charter(ctx, version: v) else { throw AppError.notFound }
            return try await CharterView(version: c.version, text: c.text, createdAt: c.createdAt).created(for: req)
        }
        api.community(.POST, "communities", ":slug", "charter", "accept", need: .acceptCharter) { req, ctx in
            let b = try req.content.decode(VersionBody.self)
            try await CommunityService(req: req).acceptCharter(ctx, version: b.version)
            return StatusBody(status: MembershipStatus.active.rawValue)
        }
        api.community(.POST, "communities", ":slug", "leave", need: .leave) { req, ctx in
            try await CommunityService(req: req).leave(ctx)
            return StatusBody(status: MembershipStatus.left.rawValue)
        }
        api.community(.POST, "communities", ":slug", "members", ":handle", ":change", need: .steward) { req, ctx in
            guard let handle = req.parameters.get("handle"),
                  let change = req.parameters.get("change").flatMap(MemberChange.init(rawValue:))
            else { throw AppError.notFound }
            try await CommunityService(req: req).change(ctx, handle: handle, change)
            return StatusBody(status: "ok")
        }
    }


    func me(_ u: User, withEmail: Bool) -> Me {
        Me(id: u.id!, handle: u.handle, displayName: u.displayName, email: withEmail ? u.email : nil, bio: u.bio,
           values: Tags.normalise(u.valuesHeld), skills: Tags.normalise(u.skills), lang: u.lang)
    }

    func detail(_ ctx: CommunityContext) -> CommunityDetail {
        let inside = ctx.can(.seeInside)
        let relation: String, role: Role?, current: Bool?
        switch ctx.relation {
        case .anonymous: (relation, role, current) = ("anonymous", nil, nil)
        case .outsider: (relation, role, current) = ("outsider", nil, nil)
        case .pending: (relation, role, current) = ("pending", nil, nil)
        case let .member(r, s, c): (relation, role, current) = (s.rawValue, r, c)
        }
        return CommunityDetail(card: CommunityQueries.Card(ctx.community, inside: inside),
                               version: ctx.can(.steward) ? ctx.community.version : nil,
                               relation: relation, role: role, charterCurrent: current)
    }
}
