import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The account page's change-password form and its sessions' last use, from plain models, in both languages.
@Suite struct AccountPasswordViewTests {
    static let now = CommunityViewTests.date
    static func html(_ view: PageView) -> String { CommunityViewTests.html(view) }

    static func page(_ form: FormState, sessions: [SessionItem]) -> SecurityPage {
        SecurityPage(email: "a@b.org", emailVerified: true, mailConfigured: true, sessions: sessions, notice: nil, passwordForm: form, now: now)
    }

    @Test(arguments: Lang.allCases)
    func thePasswordFormTiesEachProblemToItsField(_ l: Lang) {
        let blank = Self.html(AccountViews.securityPage(Self.page(FormState(), sessions: []), l, csrf: "tok"))
        #expect(blank.contains("action=\"/me/account/password\"") && blank.contains("name=\"_csrf\" value=\"tok\""))
        for (id, name, complete) in [("f-current", "current", "current-password"), ("f-password", "password", "new-password"),
                                     ("f-confirmation", "confirmation", "new-password")] {
            #expect(blank.contains("<label for=\"\(id)\">") && blank.contains("name=\"\(name)\"") && blank.contains("autocomplete=\"\(complete)\""))
        }
        #expect(!blank.contains("error-summary") && !blank.contains("aria-invalid"))

        var problems = Violations(.currentPassword, .incorrect)
        problems.add(.passwordConfirmation, .doesNotMatch)
        let refused = Self.html(AccountViews.securityPage(Self.page(FormState(violations: problems), sessions: []), l, csrf: "tok"))
        #expect(refused.contains("class=\"error-summary\"") && refused.contains("href=\"#f-current\"") && refused.contains("href=\"#f-confirmation\""))
        #expect(refused.contains("aria-describedby=\"f-current-error\"") && refused.contains("aria-describedby=\"f-confirmation-error\""))
        for v in problems.all { #expect(refused.contains(escape(l[Text.describe(v)]))) }
        #expect(l[Text.describe(problems.all[0])].hasPrefix(l[Text.label(.currentPassword)]))
    }

    @Test(arguments: Lang.allCases)
    func sessionsSayWhenTheyWereLastUsed(_ l: Lang) {
        func session(seen: Date?) -> SessionItem {
            SessionItem(id: UUID(), userAgent: nil, createdAt: Self.now, expiresAt: Self.now, lastSeenAt: seen, isCurrent: false)
        }
        let sessions = [session(seen: Self.now.addingTimeInterval(-120)), session(seen: Self.now.addingTimeInterval(-3 * 86_400)), session(seen: nil)]
        let out = Self.html(AccountViews.securityPage(Self.page(FormState(), sessions: sessions), l, csrf: "tok"))
        #expect(out.contains("<th scope=\"col\">\(escape(l[AccountText.lastSeen]))</th>") && out.contains("data-label=\"\(escape(l[AccountText.lastSeen]))\""))
        #expect(out.contains(escape(l[AccountText.seenRecently])) && out.contains(escape(l[AccountText.lastSeenUnknown])))
        let older = AccountViews.lastSeenText(Self.now.addingTimeInterval(-3 * 86_400), now: Self.now, l)
        #expect(out.contains(escape(older)) && older != l[AccountText.seenRecently] && older.contains(":"), "a day and a time: \(older)")
        #expect(AccountViews.lastSeenText(Self.now.addingTimeInterval(-AccountViews.recentlySeen - 1), now: Self.now, l) != l[AccountText.seenRecently])
    }

    @Test(arguments: Lang.allCases)
    func personalObservationsAreNamedInTheReadersLanguage(_ l: Lang) {
        // Stored in one spelling whatever was typed (`FigureSource.text`).
        let stored = FigureSource.parse("personal observation")!.text
        #expect(FiguresViews.sourceWords(stored, l) == l[FiguresText.personalObservation])
        #expect(FigureSource.parse(FiguresViews.sourceWords(stored, l)) == .personal, "what is shown can be typed back")
        #expect(FiguresViews.sourceWords("Rapport annuel 2025", l) == "Rapport annuel 2025")
        #expect(Lang.en[FiguresText.personalObservation] != Lang.fr[FiguresText.personalObservation])
    }
}
