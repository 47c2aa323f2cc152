import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Account pages rendered from plain models, without a database.
@Suite struct AccountViewTests {
    static let hostile = CommunityViewTests.hostile
    static let escaped = CommunityViewTests.escaped
    static func html(_ view: PageView) -> String { CommunityViewTests.html(view) }

    static func profile(isMe: Bool, following: Bool = false, communities: [CommunityCard] = [], values: [String] = []) -> ProfilePage {
        ProfilePage(handle: "ada", displayName: hostile, bio: hostile, values: values, skills: [], communities: communities, isMe: isMe,
                    following: following)
    }

    @Test(arguments: Lang.allCases)
    func signUpErrorsAreTiedToTheirFieldsAndKeepWhatWasTyped(_ l: Lang) {
        var v = Violations()
        v.add(.handle, .handleFormat)
        v.add(.email, .emailFormat)
        let s = FormState(values: ["handle": Self.hostile, "email": "nope", "password": "secret"], violations: v)
        let out = Self.html(AccountViews.signUpPage(s, l, csrf: "tok"))
        #expect(out.contains("error-summary") && out.contains("href=\"#f-handle\"") && out.contains("href=\"#f-email\""))
        #expect(out.contains("aria-describedby=\"f-handle-hint f-handle-error\"") && out.contains("aria-describedby=\"f-email-error\""))
        #expect(out.contains(escape(l[Text.describe(Violations(.email, .emailFormat).all[0])])))
        #expect(out.contains("value=\"\(Self.escaped)\"") && out.contains("value=\"nope\""))
        #expect(!out.contains("value=\"secret\""), "a password is never sent back")
        #expect(out.contains("action=\"/signup\"") && out.contains("href=\"/signin\"") && out.contains("name=\"_csrf\" value=\"tok\""))
        #expect(!out.contains("<script>"))
    }

    @Test(arguments: Lang.allCases)
    func signInKeepsWhereToGoAndSaysWhatWentWrong(_ l: Lang) {
        let s = FormState(values: ["email": "a@b.org", "next": "/x?\"><script>"], message: CommonText.errWrongCredentials.text)
        let out = Self.html(AccountViews.signInPage(s, l, csrf: "tok"))
        #expect(out.contains("name=\"next\" value=\"/x?&quot;&gt;&lt;script&gt;\""))
        #expect(out.contains(escape(l[.errWrongCredentials])) && out.contains("action=\"/signin\"") && out.contains("href=\"/signup\""))
        #expect(!out.contains("<script>"))
        let blank = Self.html(AccountViews.signInPage(FormState(), l, csrf: "tok"))
        #expect(!blank.contains("error-summary") && blank.contains("name=\"next\" value=\"\""))
    }

    @Test(arguments: Lang.allCases)
    func someoneElsesProfileIsEscapedAndCanBeFollowed(_ l: Lang) {
        let card = CommunityViewTests.card("atelier")
        let out = Self.html(AccountViews.profilePage(Self.profile(isMe: false, communities: [card], values: [Self.hostile]), l, csrf: "tok"))
        #expect(!out.contains("<script>"))
        #expect(out.contains("<h1>\(Self.escaped)<span class=\"handle\"> @ada</span></h1>"))
        #expect(out.contains("<ul class=\"tags\"><li>\(Self.escaped)</li></ul>"))
        #expect(out.contains("<a href=\"/communities/atelier\">\(Self.escaped)</a>"))
        #expect(out.contains("action=\"/people/ada/follow\"") && out.contains("name=\"on\" value=\"1\"") && out.contains(escape(l[SocialText.follow])))
        #expect(!out.contains("href=\"/me\""))
        let followed = Self.html(AccountViews.profilePage(Self.profile(isMe: false, following: true), l, csrf: "tok"))
        #expect(followed.contains("name=\"on\" value=\"0\"") && followed.contains(escape(l[SocialText.unfollow])))
    }

    @Test(arguments: Lang.allCases)
    func myOwnProfileLinksToMyTools(_ l: Lang) {
        let empty = ProfilePage(handle: "ada", displayName: "Ada", bio: "", values: [], skills: [], communities: [], isMe: true, following: false)
        let out = Self.html(AccountViews.profilePage(empty, l, csrf: "tok"))
        #expect(out.contains(escape(l[.emptyBio])) && out.contains(escape(l[.nothingYet])))
        #expect(out.contains("href=\"/me\"") && out.contains("href=\"/me/matches\"") && out.contains("href=\"/me/tokens\""))
        #expect(!out.contains("/follow\""))
    }

    @Test(arguments: Lang.allCases)
    func theProfileFormShowsItsProblems(_ l: Lang) {
        var v = Violations()
        v.add(.lang, .notAChoice)
        let out = Self.html(AccountViews.profileForm(FormState(values: ["displayName": Self.hostile, "lang": "en"], violations: v), l, csrf: "tok"))
        #expect(out.contains("id=\"f-lang\" name=\"lang\" aria-invalid=\"true\" aria-describedby=\"f-lang-error\""))
        #expect(out.contains("<option value=\"en\" selected>English</option>"))
        #expect(out.contains("value=\"\(Self.escaped)\"") && out.contains("action=\"/me\""))
    }

    @Test(arguments: Lang.allCases)
    func tokensShowTheNewSecretOnceAndEachRevocation(_ l: Lang) {
        let id = UUID()
        let page = TokensPage(tokens: [ApiTokenItem(id: id, name: Self.hostile, createdAt: CommunityViewTests.date)], created: "enj_secret")
        let out = Self.html(AccountViews.tokensPage(page, l, csrf: "tok"))
        #expect(out.contains("<code class=\"secret\">enj_secret</code>") && out.contains(escape(l[.tokenCreated])))
        #expect(out.contains("action=\"/me/tokens/\(id.uuidString)/revoke\"") && out.contains("<td>\(Self.escaped)</td>"))
        #expect(out.contains("action=\"/me/tokens\"") && !out.contains("<script>"))
        let none = Self.html(AccountViews.tokensPage(TokensPage(tokens: [], created: nil), l, csrf: "tok"))
        #expect(!none.contains("<table") && !none.contains("secret"))
    }

    @Test func onlyLocalPathsAreFollowedAfterSignIn() {
        for evil in ["//evil.example", "/\t/evil.example", "/\\evil.example", "/\n/evil.example", "https://evil.example", ""] {
            #expect(AccountEndpoints.safeNext(evil) == "/", "\(evil)")
        }
        #expect(AccountEndpoints.safeNext(nil) == "/")
        #expect(AccountEndpoints.safeNext("/communities/a?x=1") == "/communities/a?x=1")
        #expect(AccountEndpoints.signIn(next: "/communities/a") == "/signin?next=/communities/a")
    }
}
