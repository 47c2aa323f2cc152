import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Sign-up, sign-in, profile and tokens, as pages.
struct AccountPages {
    struct SignUpForm: Content { var handle: String?; var displayName: String?; var email: String?; var password: String? }
    struct SignInForm: Content { var email: String?; var password: String?; var next: String? }
    struct ProfileForm: Content { var displayName: String?; var bio: String?; var values: String?; var skills: String?; var lang: String? }
    struct TokenForm: Content { var tokenName: String? }
    struct LangForm: Content { var lang: String?; var next: String? }

    func register(_ r: any RoutesBuilder) {
        r.open(.GET, "signup") { req in signUpPage(req, FormState()) }
        r.open(.POST, "signup") { req in
            let f = (try? req.content.decode(SignUpForm.self)) ?? SignUpForm()
            try req.application.authLimiter.check(req, bucket: "signup", account: f.email)
            let state = FormState(values: ["handle": f.handle ?? "", "displayName": f.displayName ?? "", "email": f.email ?? ""])
            do {
                let user = try await AccountService(req: req).signUp(SignUp(handle: f.handle ?? "", displayName: f.displayName ?? "",
                                                                            email: f.email ?? "", password: f.password ?? ""))
                let res = req.redirect(to: Paths.home, flash: .welcome)
                res.cookies[Cookies.session] = try await AccountService(req: req).startSession(user)
                return res
            } catch let AppError.invalid(v) {
                return signUpPage(req, FormState(values: state.values, violations: v), status: .unprocessableEntity)
            }
        }
        r.open(.GET, "signin") { req in signInPage(req, FormState(values: ["next": (try? req.query.get(String.self, at: "next")) ?? ""])) }
        r.open(.POST, "signin") { req in
            let f = (try? req.content.decode(SignInForm.self)) ?? SignInForm()
            try req.application.authLimiter.check(req, bucket: "signin", account: f.email)
            let service = AccountService(req: req)
            guard let user = try await service.authenticate(email: f.email ?? "", password: f.password ?? "") else {
                return signInPage(req, FormState(values: ["email": f.email ?? "", "next": f.next ?? ""], message: .errWrongCredentials),
                                  status: .unauthorized)
            }
            let res = req.redirect(to: Paths.safeNext(f.next), redirectType: .normal)
            res.cookies[Cookies.session] = try await service.startSession(user)
            res.cookies[Cookies.lang] = Cookies.make(user.lang, req: req, maxAge: 60 * 60 * 24 * 365)
            return res
        }
        r.signedIn(.POST, "signout") { req, viewer in
            try await AccountService(req: req).endSession(viewer)
            req.viewer = nil
            let res = req.redirect(to: Paths.home, flash: .signedOut)
            res.cookies[Cookies.session] = Cookies.make("", req: req, maxAge: 0)
            return res
        }
        r.open(.POST, "lang") { req in
            let f = (try? req.content.decode(LangForm.self)) ?? LangForm()
            guard let lang = f.lang.flatMap(Lang.init(rawValue:)) else { throw AppError.invalid(Violations(.lang, .notAChoice)) }
            if let viewer = req.viewer {
                try await User.query(on: req.db).filter(\.$id == viewer.id).set(\.$lang, to: lang.rawValue).update()
            }
            let res = req.redirect(to: Paths.safeNext(f.next), redirectType: .normal)
            res.cookies[Cookies.lang] = Cookies.make(lang.rawValue, req: req, maxAge: 60 * 60 * 24 * 365)
            return res
        }
        r.signedIn(.GET, "people", ":handle") { req, viewer in
            guard let handle = req.parameters.get("handle"), Rules.isValidHandle(handle),
                  let user = try await User.query(on: req.db).filter(\.$handle == handle).first()
            else { throw AppError.notFound }
            let communities = try await CommunityQueries(req: req).sharedCommunities(of: user.requireID(), seenBy: viewer)
            let following = viewer.id == user.id ? false : try await SocialQueries(req).follows(viewer.id, kind: "member", target: user.id!)
            return profilePage(req, user, communities: communities, isMe: viewer.id == user.id, following: following)
        }
        r.signedIn(.GET, "me") { req, viewer in
            guard let user = try await User.find(viewer.id, on: req.db) else { throw AppError.notFound }
            return profileForm(req, FormState(values: ["displayName": user.displayName, "bio": user.bio, "values": user.valuesHeld,
                                                       "skills": user.skills, "lang": user.lang]))
        }
        r.signedIn(.POST, "me") { req, viewer in
            let f = (try? req.content.decode(ProfileForm.self)) ?? ProfileForm()
            let draft = ProfileDraft(displayName: f.displayName ?? "", bio: f.bio ?? "", values: f.values ?? "", skills: f.skills ?? "", lang: f.lang ?? "fr")
            do {
                try await AccountService(req: req).updateProfile(viewer.id, draft)
            } catch let AppError.invalid(v) {
                return profileForm(req, FormState(values: ["displayName": draft.displayName, "bio": draft.bio, "values": draft.values,
                                                           "skills": draft.skills, "lang": draft.lang], violations: v), status: .unprocessableEntity)
            }
            let res = req.redirect(to: Paths.person(viewer.handle), flash: .saved)
            res.cookies[Cookies.lang] = Cookies.make(draft.lang, req: req, maxAge: 60 * 60 * 24 * 365)
            return res
        }
        r.signedIn(.GET, "me", "tokens") { req, viewer in try await tokensPage(req, viewer, created: nil) }
        r.signedIn(.POST, "me", "tokens") { req, viewer in
            try req.application.authLimiter.check(req, bucket: "token", account: viewer.id.uuidString)
            let f = (try? req.content.decode(TokenForm.self)) ?? TokenForm()
            let (_, secret) = try await AccountService(req: req).createToken(for: viewer.id, name: f.tokenName ?? "")
            return try await tokensPage(req, viewer, created: secret)
        }
        r.signedIn(.POST, "me", "tokens", ":id", "revoke") { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await AccountService(req: req).revokeToken(id, of: viewer.id)
            return req.redirect(to: Paths.tokens, flash: .tokenRevoked)
        }
    }

    func signUpPage(_ req: Request, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[.signUpTitle], status: status) {
            el("section", .cls("narrow")) {
                el("h1") { l[.signUpTitle] }
                el("p", .cls("lead")) { l[.signUpLead] }
                errorSummary(s, l)
                postForm(Paths.signUp, csrf: req.csrf) {
                    field(.handle, s, l, input: .text(autocomplete: "username"), required: true, hint: .handleHint, maxLength: 30)
                    field(.displayName, s, l, input: .text(autocomplete: "name"), required: true, maxLength: Rules.nameMax)
                    field(.email, s, l, input: .text(type: "email", autocomplete: "email"), required: true)
                    field(.password, s, l, input: .text(type: "password", autocomplete: "new-password"), required: true, hint: .passwordHint)
                    el("button", .type("submit")) { l[.signUpButton] }
                }
                el("p") { l[.haveAccount] + " "; el("a", .href(Paths.signIn)) { l[.signIn] } }
            }
        }
    }

    func signInPage(_ req: Request, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[.signIn], status: status) {
            el("section", .cls("narrow")) {
                el("h1") { l[.signIn] }
                errorSummary(s, l)
                postForm(Paths.signIn, csrf: req.csrf) {
                    el("input", .type("hidden"), .name("next"), .value(s.values["next"] ?? ""))
                    field(.email, s, l, input: .text(type: "email", autocomplete: "email"), required: true)
                    field(.password, s, l, input: .text(type: "password", autocomplete: "current-password"), required: true)
                    el("button", .type("submit")) { l[.signInButton] }
                }
                el("p") { l[.noAccount] + " "; el("a", .href(Paths.signUp)) { l[.signUp] } }
            }
        }
    }

    func profilePage(_ req: Request, _ user: User, communities: [CommunityQueries.Card], isMe: Bool, following: Bool) -> Response {
        let l = req.lang
        return req.page(user.displayName) {
            el("article", .cls("profile")) {
                el("h1") { user.displayName; el("span", .cls("handle")) { " @" + user.handle } }
                el("h2") { l[.whoIAm] }
                if user.bio.isEmpty { el("p", .cls("muted")) { l[.emptyBio] } } else { paragraphs(user.bio) }
                el("h2") { l[Text.label(.values)] }
                tagList(Tags.normalise(user.valuesHeld), empty: l[.nothingYet])
                el("h2") { l[Text.label(.skills)] }
                tagList(Tags.normalise(user.skills), empty: l[.nothingYet])
                el("h2") { l[.communitiesTitle] }
                if communities.isEmpty { el("p", .cls("muted")) { l[.nothingYet] } }
                el("ul", .cls("plain")) {
                    for c in communities { el("li") { el("a", .href(Paths.community(c.slug))) { c.name } } }
                }
                if !isMe {
                    // Their posts in public communities then reach my feed.
                    postForm(Paths.followPerson(user.handle), csrf: req.csrf, cls: "inline") {
                        el("input", .type("hidden"), .name("on"), .value(following ? "0" : "1"))
                        el("button", .cls("secondary")) { l[following ? SocialText.unfollow : SocialText.follow] }
                    }
                }
                if isMe {
                    el("p", .cls("actions")) {
                        el("a", .cls("button"), .href(Paths.me)) { l[.editProfile] }
                        " "
                        el("a", .href(Paths.matches)) { l[SocialText.matches] }
                        " "
                        el("a", .href(Paths.tokens)) { l[.apiTokens] }
                    }
                }
            }
        }
    }

    func tagList(_ tags: [String], empty: String) -> Node {
        if tags.isEmpty { return el("p", .cls("muted")) { empty } }
        return el("ul", .cls("tags")) { for t in tags { el("li") { t } } }
    }

    func profileForm(_ req: Request, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[.editProfile], status: status) {
            el("section", .cls("narrow")) {
                el("h1") { l[.editProfile] }
                errorSummary(s, l)
                postForm(Paths.me, csrf: req.csrf) {
                    field(.displayName, s, l, required: true, maxLength: Rules.nameMax)
                    field(.bio, s, l, input: .area(rows: 6), hint: .bioHint)
                    field(.values, s, l, input: .area(rows: 2), hint: .tagsHint)
                    field(.skills, s, l, input: .area(rows: 2), hint: .tagsHint)
                    field(.lang, s, l, input: .choice([("fr", Text(fr: "Français", en: "Français")), ("en", Text(fr: "English", en: "English"))]))
                    el("button", .type("submit")) { l[.save] }
                }
            }
        }
    }

    func tokensPage(_ req: Request, _ viewer: Viewer, created: String?) async throws -> Response {
        let l = req.lang
        let tokens = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.id).filter(\.$revokedAt == nil)
            .sort(\.$id, .descending).limit(100).all()
        return req.page(l[.apiTokens]) {
            el("section") {
                el("h1") { l[.apiTokens] }
                el("p", .cls("lead")) { l[.tokensLead] }
                if let created {
                    el("div", .cls("callout"), Attr("role", "status")) {
                        el("p") { l[.tokenCreated] }
                        el("code", .cls("secret")) { created }
                    }
                }
                postForm(Paths.tokens, csrf: req.csrf) {
                    field(.tokenName, FormState(), l, maxLength: 100)
                    el("button", .type("submit")) { l[.createToken] }
                }
                if !tokens.isEmpty {
                    el("table") {
                        el("caption") { l[.activeTokens] }
                        el("thead") { el("tr") { el("th", Attr("scope", "col")) { l[Text.label(.tokenName)] }; el("th", Attr("scope", "col")) { l[.createdOn] }; el("th", Attr("scope", "col")) { l[.actions] } } }
                        el("tbody") {
                            for t in tokens {
                                el("tr") {
                                    el("td") { t.name }
                                    el("td") { dateText(t.createdAt, l) }
                                    el("td") { postForm(Paths.revokeToken(t.id!), csrf: req.csrf, cls: "inline") { el("button", .cls("danger")) { l[.revoke] } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
