import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The pages and e-mails of accounts that recover, from plain models: both languages, hostile text, empty states.
@Suite struct AccountRecoveryViewTests {
    static let hostile = CommunityViewTests.hostile
    static let escaped = CommunityViewTests.escaped
    static func html(_ view: PageView) -> String { CommunityViewTests.html(view) }

    static func session(_ current: Bool, agent: String? = nil) -> SessionItem {
        SessionItem(id: UUID(), userAgent: agent, createdAt: CommunityViewTests.date, expiresAt: CommunityViewTests.date, isCurrent: current)
    }

    @Test(arguments: Lang.allCases)
    func theAccountPageShowsTheAddressItsStateAndEverySession(_ l: Lang) {
        let other = Self.session(false, agent: Self.hostile)
        let m = SecurityPage(email: Self.hostile, emailVerified: false, mailConfigured: false,
                             sessions: [Self.session(true, agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15"), other],
                             notice: .resent)
        let out = Self.html(AccountViews.securityPage(m, l, csrf: "tok"))
        #expect(!out.contains("<script>") && out.contains(Self.escaped))
        #expect(out.contains(escape(l[AccountText.emailUnverified])) && out.contains("class=\"badge tone-open\""))
        #expect(out.contains(escape(l[AccountText.noMailConfigured])) && out.contains("action=\"/me/account/verification\""))
        #expect(out.contains(escape(l[AccountNotice.resent.text])) && out.contains("role=\"status\""))
        #expect(out.contains("Safari · macOS") && out.contains(escape(l[AccountText.thisDevice])))
        // One end button, for the other session, named for a screen reader; and « end all others ».
        #expect(out.contains("action=\"/me/sessions/\(other.id.uuidString)/end\"") && out.components(separatedBy: "/end\"").count == 2)
        #expect(out.contains("aria-label=\"\(escape(l[AccountText.endSession])) (") && out.contains("action=\"/me/sessions/end-others\""))
        #expect(out.contains("<th scope=\"col\">\(escape(l[AccountText.device]))</th>") && out.contains("name=\"_csrf\" value=\"tok\""))

        let alone = Self.html(AccountViews.securityPage(SecurityPage(email: "a@b.org", emailVerified: true, mailConfigured: true,
                                                                     sessions: [Self.session(true)], notice: nil), l, csrf: "tok"))
        #expect(alone.contains(escape(l[AccountText.emailVerified])) && alone.contains("class=\"badge tone-done\"") && !alone.contains("/me/account/verification"))
        #expect(alone.contains(escape(l[AccountText.noOtherSession])) && !alone.contains("end-others") && !alone.contains("/end\""))
        #expect(alone.contains(escape(l[AccountText.unknownDevice])) && !alone.contains(escape(l[AccountText.noMailConfigured])))
    }

    @Test(arguments: Lang.allCases)
    func formsTieTheirErrorsToTheirFields(_ l: Lang) {
        let weak = FormState(violations: Violations(.password, .tooShort(min: Rules.passwordMin)))
        let reset = Self.html(AccountViews.resetPasswordPage(token: "abc_DEF-1", weak, l, csrf: "tok"))
        #expect(reset.contains("action=\"/password-reset/abc_DEF-1\"") && reset.contains("autocomplete=\"new-password\""))
        #expect(reset.contains("aria-describedby=\"f-password-hint f-password-error\"") && reset.contains("href=\"#f-password\""))
        #expect(reset.contains("<label for=\"f-password\">"))

        let badEmail = FormState(values: ["email": Self.hostile], violations: Violations(.email, .emailFormat))
        let forgot = Self.html(AccountViews.forgotPasswordPage(badEmail, l, csrf: "tok"))
        #expect(!forgot.contains("<script>") && forgot.contains("value=\"\(Self.escaped)\"") && forgot.contains("aria-describedby=\"f-email-error\""))
        #expect(forgot.contains("action=\"/password-reset\"") && forgot.contains("<label for=\"f-email\">") && forgot.contains("href=\"/signin\""))

        let verify = Self.html(AccountViews.verifyEmailPage(token: "tok3n", l, csrf: "tok"))
        #expect(verify.contains("action=\"/verify/tok3n\"") && verify.contains("<button type=\"submit\">\(escape(l[AccountText.verifyButton]))</button>"))
        #expect(AccountViews.forgotPasswordLink(l).html.contains("href=\"/password-reset\""))
    }

    @Test(arguments: Lang.allCases)
    func linkPagesSayWhatHappenedAndWhatToDoNext(_ l: Lang) {
        for problem in LinkProblem.allCases {
            let reset = Self.html(AccountViews.linkProblemPage(problem, .reset, l))
            #expect(reset.contains("role=\"alert\"") && reset.contains(escape(l[problem.text])) && reset.contains("href=\"/password-reset\""))
            let verify = Self.html(AccountViews.linkProblemPage(problem, .verify, l))
            #expect(verify.contains("href=\"/me/account\"") && !verify.contains("href=\"/password-reset\""))
        }
        let sent = Self.html(AccountViews.resetRequestedPage(mailConfigured: false, l))
        #expect(sent.contains(escape(l[AccountText.sentLead])) && sent.contains(escape(l[AccountText.noMailConfigured])))
        #expect(!Self.html(AccountViews.resetRequestedPage(mailConfigured: true, l)).contains(escape(l[AccountText.noMailConfigured])))
        #expect(Self.html(AccountViews.passwordChangedPage(l)).contains("href=\"/signin\""))
        #expect(Self.html(AccountViews.emailVerifiedPage(l)).contains(escape(l[AccountText.verified])))
    }

    @Test(arguments: Lang.allCases)
    func mailsCarryTheLinkAndTheName(_ l: Lang) {
        let verify = AccountViews.verifyMail(name: "Inès", link: "https://enjeu.test/verify/abc", days: 7, l)
        #expect(verify.body.contains("Inès") && verify.body.contains("\nhttps://enjeu.test/verify/abc\n") && verify.body.contains("7"))
        #expect(verify.subject == l[AccountText.verifyMail(name: "", link: "", days: 7).subject])
        let reset = AccountViews.resetMail(name: "Inès", link: "https://enjeu.test/password-reset/abc", minutes: 60, l)
        #expect(reset.body.contains("\nhttps://enjeu.test/password-reset/abc\n") && reset.body.contains("60") && reset.subject != verify.subject)
    }

    @Test func devicesAreNamedAsPeopleKnowThem() {
        #expect(AccountViews.deviceName("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36 Edg/128.0")
                == "Edge · Windows")
        #expect(AccountViews.deviceName("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1")
                == "Safari · iPhone")
        #expect(AccountViews.deviceName("curl/8.5.0") == "curl")
        #expect(AccountViews.deviceName("SomeBot") == "SomeBot")
        #expect(AccountViews.deviceName("  ") == nil && AccountViews.deviceName(nil) == nil)
        #expect(AccountViews.deviceName(String(repeating: "x", count: 500))?.count == 60)
    }
}
