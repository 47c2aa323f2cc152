import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Sign-up, sign-in, profile and tokens, as pages: registration and loaders (the views are `AccountViews`).
struct AccountPages {
    struct SignUpForm: Content { var handle: String?; var displayName: String?; var email: String?; var password: String? }
    struct SignInForm: Content { var email: String?; var password: String?; var next: String? }
    struct ProfileForm: Content { var displayName: String?; var bio: String?; var values: String?; var skills: String?; var lang: String? }
    struct TokenForm: Content { var tokenName: String? }
    struct LangForm: Content { var lang: String?; var next: String? }

    /// The language cookie outlives sessions.
    static let langCookieSeconds = 60 * 60 * 24 * 365

    func register(_ r: any RoutesBuilder) {
        r.open(AccountEndpoints.signUp) { req in req.page(AccountViews.signUpPage(FormState(), req.lang, csrf: req.csrf)) }
        r.open(AccountEndpoints.createAccount) { req in
            let f = (try? req.content.decode(SignUpForm.self)) ?? SignUpForm()
            try await req.application.authLimiter.check(req, bucket: "signup", account: f.email)
            let state = FormState(values: ["handle": f.handle ?? "", "displayName": f.displayName ?? "", "email": f.email ?? ""])
            let service = AccountService(req.context)
            do {
                let secret = Secrets.newToken()
                _ = try await service.signUp(SignUp(handle: f.handle ?? "", displayName: f.displayName ?? "",
                                                    email: f.email ?? "", password: f.password ?? ""), session: secret,
                                             userAgent: req.headers.first(name: .userAgent))
                let res = req.redirect(to: CommunityEndpoints.home.path(), flash: .welcome)
                res.cookies[Cookies.session] = sessionCookie(req, secret)
                return res
            } catch let AppError.invalid(v) {
                return req.page(AccountViews.signUpPage(FormState(values: state.values, violations: v), req.lang, csrf: req.csrf),
                                status: .unprocessableEntity)
            }
        }
        r.open(AccountEndpoints.signIn) { req in
            req.page(AccountViews.signInPage(FormState(values: ["next": (try? req.query.get(String.self, at: "next")) ?? ""]), req.lang, csrf: req.csrf))
        }
        r.open(AccountEndpoints.startSession) { req in
            let f = (try? req.content.decode(SignInForm.self)) ?? SignInForm()
            try await req.application.authLimiter.check(req, bucket: "signin", account: f.email)
            let service = AccountService(req.context)
            guard let user = try await service.authenticate(email: f.email ?? "", password: f.password ?? "") else {
                let s = FormState(values: ["email": f.email ?? "", "next": f.next ?? ""], message: CommonText.errWrongCredentials.text)
                return req.page(AccountViews.signInPage(s, req.lang, csrf: req.csrf), status: .unauthorized)
            }
            let res = req.redirect(to: AccountEndpoints.safeNext(f.next), redirectType: .normal)
            res.cookies[Cookies.session] = try await sessionCookie(req, service.startSession(user, userAgent: req.headers.first(name: .userAgent)))
            res.cookies[Cookies.lang] = Cookies.make(user.lang, req: req, maxAge: Self.langCookieSeconds)
            return res
        }
        r.signedIn(AccountEndpoints.signOut) { req, viewer in
            try await AccountService(req.context).endSession(viewer)
            req.viewer = nil
            let res = req.redirect(to: CommunityEndpoints.home.path(), flash: .signedOut)
            res.cookies[Cookies.session] = Cookies.make("", req: req, maxAge: 0)
            return res
        }
        r.open(AccountEndpoints.lang) { req in
            let f = (try? req.content.decode(LangForm.self)) ?? LangForm()
            guard let lang = f.lang.flatMap(Lang.init(rawValue:)) else { throw AppError.invalid(Violations(.lang, .notAChoice)) }
            if let viewer = req.viewer { try await AccountService(req.context).setLang(viewer.id, lang) }
            let res = req.redirect(to: AccountEndpoints.safeNext(f.next), redirectType: .normal)
            res.cookies[Cookies.lang] = Cookies.make(lang.rawValue, req: req, maxAge: Self.langCookieSeconds)
            return res
        }
        r.signedIn(AccountEndpoints.person) { req, viewer in
            let model = try await loadProfile(req.context, viewer, handle: req.parameters.get("handle"))
            return req.page(AccountViews.profilePage(model, req.lang, csrf: req.csrf))
        }
        r.signedIn(AccountEndpoints.editProfile) { req, viewer in
            guard let user = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            let s = FormState(values: ["displayName": user.displayName, "bio": user.bio, "values": user.valuesHeld, "skills": user.skills,
                                       "lang": user.lang])
            return req.page(AccountViews.profileForm(s, req.lang, csrf: req.csrf))
        }
        r.signedIn(AccountEndpoints.saveProfile) { req, viewer in
            let f = (try? req.content.decode(ProfileForm.self)) ?? ProfileForm()
            let draft = ProfileDraft(displayName: f.displayName ?? "", bio: f.bio ?? "", values: f.values ?? "", skills: f.skills ?? "",
                                     lang: f.lang ?? "fr")
            do {
                try await AccountService(req.context).updateProfile(viewer.id, draft)
            } catch let AppError.invalid(v) {
                let s = FormState(values: ["displayName": draft.displayName, "bio": draft.bio, "values": draft.values, "skills": draft.skills,
                                           "lang": draft.lang], violations: v)
                return req.page(AccountViews.profileForm(s, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            }
            let res = req.redirect(to: AccountEndpoints.person.path(viewer.handle), flash: .saved)
            res.cookies[Cookies.lang] = Cookies.make(draft.lang, req: req, maxAge: Self.langCookieSeconds)
            return res
        }
        r.signedIn(AccountEndpoints.tokens) { req, viewer in
            req.page(AccountViews.tokensPage(try await loadTokens(req.context, viewer, created: nil), req.lang, csrf: req.csrf))
        }
        r.signedIn(AccountEndpoints.createToken) { req, viewer in
            try await req.application.authLimiter.check(req, bucket: "token", account: viewer.id.uuidString)
            let f = (try? req.content.decode(TokenForm.self)) ?? TokenForm()
            let (_, secret) = try await AccountService(req.context).createToken(for: viewer.id, name: f.tokenName ?? "")
            return req.page(AccountViews.tokensPage(try await loadTokens(req.context, viewer, created: secret), req.lang, csrf: req.csrf))
        }
        r.signedIn(AccountEndpoints.revokeToken) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await AccountService(req.context).revokeToken(id, of: viewer.id)
            return req.redirect(to: AccountEndpoints.tokens.path(), flash: .tokenRevoked)
        }
        RecoveryPages().register(r)
    }

    private func sessionCookie(_ req: Request, _ secret: String) -> HTTPCookies.Value {
        Cookies.make(secret, req: req, maxAge: AccountService.sessionDays * 86_400)
    }

    // MARK: Loaders

    /// A person's profile and the communities they share with the viewer; 404 for an unknown or malformed handle.
    func loadProfile(_ ctx: ServiceContext, _ viewer: Viewer, handle: String?) async throws -> ProfilePage {
        guard let handle, Rules.isValidHandle(handle),
              let user = try await User.query(on: ctx.db).filter(\.$handle == handle).first(), let userID = user.id, user.deletedAt == nil
        else { throw AppError.notFound }
        let communities = try await CommunityQueries(ctx).sharedCommunities(of: userID, seenBy: viewer)
        let isMe = viewer.id == userID
        let following = isMe ? false : try await SocialQueries(ctx).follows(viewer.id, .member, target: userID)
        var page = ProfilePage(handle: user.handle, displayName: user.displayName, bio: user.bio, values: Tags.normalise(user.valuesHeld),
                               skills: Tags.normalise(user.skills), communities: communities, isMe: isMe, following: following)
        (page.showsContributions, page.contributions) = try await ContributionQueries(ctx).summary(of: userID, in: communities)
        return page
    }

    func loadTokens(_ ctx: ServiceContext, _ viewer: Viewer, created: String?) async throws -> TokensPage {
        let tokens = try await AccountService(ctx).activeTokens(of: viewer.id)
        return TokensPage(tokens: tokens.map { ApiTokenItem(id: $0.id!, name: $0.name, createdAt: $0.createdAt) }, created: created)
    }
}
