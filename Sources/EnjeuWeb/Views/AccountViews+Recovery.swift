import Foundation
import EnjeuCore

/// Accounts that recover: the forgotten-password and reset forms, the confirmation of an e-mailed link (a button that
/// POSTs, so that a mail scanner following the link consumes nothing), the account and security page, and the e-mails.
extension AccountViews {
    /// Under the sign-in form.
    package static func forgotPasswordLink(_ l: Lang) -> Node {
        el("p") { el("a", .href(AccountEndpoints.forgotPassword.path())) { l[AccountText.forgotLink] } }
    }

    package static func forgotPasswordPage(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[AccountText.forgotTitle]) {
            formColumn(l[AccountText.forgotTitle], lead: l[AccountText.forgotLead], s, l, action: AccountEndpoints.requestReset.path(), csrf: csrf) {
                field(.email, s, l, input: .text(type: "email", autocomplete: "email"), required: true)
                el("button", .type("submit")) { l[AccountText.forgotButton] }
            } after: {
                el("p") { el("a", .href(AccountEndpoints.signIn.path())) { l[.signIn] } }
            }
        }
    }

    /// The same page whether or not an account has that address.
    package static func resetRequestedPage(mailConfigured: Bool, _ l: Lang) -> PageView {
        messagePage(l[AccountText.sentTitle], l[AccountText.sentLead]) {
            noMailNotice(mailConfigured, l)
            el("p") { el("a", .href(AccountEndpoints.signIn.path())) { l[.signIn] } }
        }
    }

    package static func resetPasswordPage(token: String, _ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[AccountText.resetTitle]) {
            formColumn(l[AccountText.resetTitle], lead: l[AccountText.resetLead], s, l, action: AccountEndpoints.resetPassword.path(token), csrf: csrf) {
                field(.password, s, l, input: .text(type: "password", autocomplete: "new-password"), required: true, hint: CommonText.passwordHint.text)
                el("button", .type("submit")) { l[AccountText.resetButton] }
            }
        }
    }

    package static func passwordChangedPage(_ l: Lang) -> PageView {
        messagePage(l[AccountText.resetDoneTitle], l[AccountText.resetDone]) {
            el("p") { el("a", .cls("button"), .href(AccountEndpoints.signIn.path())) { l[.signIn] } }
        }
    }

    /// What the link in the sign-up e-mail opens: nothing happens until the button is pressed.
    package static func verifyEmailPage(token: String, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[AccountText.verifyTitle]) {
            formColumn(l[AccountText.verifyTitle], lead: l[AccountText.verifyLead], FormState(), l, action: AccountEndpoints.confirmEmail.path(token),
                       csrf: csrf) {
                el("button", .type("submit")) { l[AccountText.verifyButton] }
            }
        }
    }

    package static func emailVerifiedPage(_ l: Lang) -> PageView {
        messagePage(l[AccountText.verifiedTitle], l[AccountText.verified]) {
            el("p") { el("a", .href(CommunityEndpoints.home.path())) { l[.backHome] } }
        }
    }

    /// A link that does not work (unknown, used or expired), and how to get another.
    package static func linkProblemPage(_ problem: LinkProblem, _ purpose: LinkPurpose, _ l: Lang) -> PageView {
        messagePage(l[AccountText.linkTitle], l[problem.text], role: "alert") {
            switch purpose {
            case .reset: el("p") { el("a", .cls("button"), .href(AccountEndpoints.forgotPassword.path())) { l[AccountText.askNewLink] } }
            case .verify: el("p") { el("a", .href(AccountEndpoints.security.path())) { l[AccountText.resendFromAccount] } }
            }
        }
    }

    /// A page that says one thing (announced to screen readers), then what to do next.
    private static func messagePage(_ title: String, _ message: String, role: String = "status",
                                    @NodeBuilder next: () -> [Node]) -> PageView {
        PageView(title: title) {
            el("section", .cls("narrow")) {
                el("h1") { title }
                el("p", Attr("role", role)) { message }
                next()
            }
        }
    }

    package static func securityPage(_ m: SecurityPage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[AccountText.securityTitle]) {
            el("section") {
                el("h1") { l[AccountText.securityTitle] }
                if let notice = m.notice { el("p", .cls("flash"), Attr("role", "status")) { l[notice.text] } }
                el("h2") { l[AccountText.emailTitle] }
                el("p", .cls("email")) {  // a long address breaks rather than widening the page on a phone
                    m.email
                    " "
                    m.emailVerified ? statusBadge(.done, l[AccountText.emailVerified]) : statusBadge(.open, l[AccountText.emailUnverified])
                }
                if !m.emailVerified {
                    el("p") { l[AccountText.unverifiedLead] }
                    noMailNotice(m.mailConfigured, l)
                    postForm(AccountEndpoints.resendVerification.path(), csrf: csrf) {
                        el("button", .type("submit"), .cls("secondary")) { l[AccountText.resendButton] }
                    }
                }
                passwordSection(m.passwordForm, l, csrf: csrf)
                sessionsSection(m.sessions, now: m.now, l, csrf: csrf)
            }
        }
    }

    /// Change the password knowing the current one; its errors are tied to their fields, and nothing typed comes back.
    private static func passwordSection(_ s: FormState, _ l: Lang, csrf: String) -> [Node] {
        let form: Node = postForm(AccountEndpoints.changePassword.path(), csrf: csrf) {
            field(.currentPassword, s, l, input: .text(type: "password", autocomplete: "current-password"), required: true)
            field(.newPassword, s, l, input: .text(type: "password", autocomplete: "new-password"), required: true, hint: CommonText.passwordHint.text)
            field(.passwordConfirmation, s, l, input: .text(type: "password", autocomplete: "new-password"), required: true)
            el("button", .type("submit")) { l[AccountText.passwordButton] }
        }
        return [el("h2", .id("password")) { l[AccountText.passwordTitle] }, el("p") { l[AccountText.passwordLead] }]
            + errorSummary(s, l) + [form]
    }

    /// A session used within this many seconds is said to be active « in the last 10 minutes »: its mark is refreshed
    /// every 5 minutes at most (`Session.lastSeenStep`), so it may lag that much behind.
    static let recentlySeen: TimeInterval = 600

    private static func sessionsSection(_ sessions: [SessionItem], now: Date, _ l: Lang, csrf: String) -> [Node] {
        let table = el("table", .cls("sessions")) {
            el("caption") { l[AccountText.sessionsCaption] }
            tableHead([l[AccountText.device], l[AccountText.openedOn], l[AccountText.lastSeen], l[.actions]])
            el("tbody") { for s in sessions { sessionRow(s, now: now, l, csrf: csrf) } }
        }
        let endOthers: Node
        if sessions.allSatisfy(\.isCurrent) {
            endOthers = el("p", .cls("muted")) { l[AccountText.noOtherSession] }
        } else {
            endOthers = postForm(AccountEndpoints.endOtherSessions.path(), csrf: csrf) {
                el("button", .type("submit"), .cls("danger")) { l[AccountText.endOthers] }
            }
        }
        return [el("h2") { l[AccountText.sessionsTitle] }, el("p") { l[AccountText.sessionsLead] }, table, endOthers]
    }

    private static func sessionRow(_ s: SessionItem, now: Date, _ l: Lang, csrf: String) -> Node {
        let device = deviceName(s.userAgent) ?? l[AccountText.unknownDevice]
        let expires = l[AccountText.expiresOn(dateText(s.expiresAt, l))]
        return el("tr") {
            el("td") {
                device
                if s.isCurrent { el("span", .cls("badge")) { l[AccountText.thisDevice] } }
            }
            el("td", Attr("data-label", l[AccountText.openedOn])) {
                dateText(s.createdAt, l)
                el("br")
                el("span", .cls("muted")) { expires }
            }
            el("td", Attr("data-label", l[AccountText.lastSeen])) { lastSeenText(s.lastSeenAt, now: now, l) }
            el("td") {
                if !s.isCurrent {
                    // The button names the session it ends, for a screen reader going from button to button.
                    postForm(AccountEndpoints.endSession.path(s.id), csrf: csrf, cls: "inline") {
                        el("button", .type("submit"), .cls("danger"), .aria("label", l[AccountText.endSession] + " (" + device + ")")) {
                            l[AccountText.endSession]
                        }
                    }
                }
            }
        }
    }

    /// « Dans les 10 dernières minutes », or the day and time (Paris), or that it is not known yet.
    package static func lastSeenText(_ seen: Date?, now: Date, _ l: Lang) -> String {
        guard let seen else { return l[AccountText.lastSeenUnknown] }
        if now.timeIntervalSince(seen) < recentlySeen { return l[AccountText.seenRecently] }
        return dateTimeText(seen, l)
    }

    private static func noMailNotice(_ mailConfigured: Bool, _ l: Lang) -> [Node] {
        mailConfigured ? [] : [el("p", .cls("callout")) { l[AccountText.noMailConfigured] }]
    }

    /// A browser and system people recognise (« Firefox · Linux ») from a `User-Agent`, or nil when it says nothing usable.
    package static func deviceName(_ userAgent: String?) -> String? {
        guard let ua = userAgent?.trimmingCharacters(in: .whitespaces), !ua.isEmpty else { return nil }
        // Order matters: Edge and Opera also say Chrome, Chrome also says Safari, Android also says Linux.
        let browsers = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
                        ("Safari/", "Safari"), ("curl/", "curl")]
        let systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS X", "macOS"),
                       ("CrOS", "ChromeOS"), ("Linux", "Linux")]
        let browser = browsers.first { ua.contains($0.0) }?.1
        let system = systems.first { ua.contains($0.0) }?.1
        let known = [browser, system].compactMap { $0 }
        return known.isEmpty ? String(ua.prefix(60)) : known.joined(separator: " · ")
    }

    /// The verification e-mail, in the person's language.
    package static func verifyMail(name: String, link: String, days: Int, _ l: Lang) -> (subject: String, body: String) {
        let mail = AccountText.verifyMail(name: name, link: link, days: days)
        return (l[mail.subject], l[mail.body])
    }

    /// The password-reset e-mail, in the person's language.
    package static func resetMail(name: String, link: String, minutes: Int, _ l: Lang) -> (subject: String, body: String) {
        let mail = AccountText.resetMail(name: name, link: link, minutes: minutes)
        return (l[mail.subject], l[mail.body])
    }
}
