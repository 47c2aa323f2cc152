import Foundation
import EnjeuCore

extension SocialViews {
    package static func notificationsPage(_ m: NotificationsPage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[SocialText.notifications]) {
            el("h1") { l[SocialText.notifications] }
            postForm(SocialEndpoints.markRead.path(), csrf: csrf, cls: "inline") { el("button", .cls("secondary")) { l[SocialText.markAllRead] } }
            el("ul", .cls("notifications"), .id("notification-list")) {
                for n in m.items {
                    el("li", .cls(n.readAt == nil ? "unread" : "read")) {
                        el("a", .href(n.link)) { NotificationView.text(kind: n.kind, actor: n.actor, subject: n.subject, lang: l) }
                        " · "; dateText(n.createdAt, l)
                        if n.readAt == nil {
                            postForm(SocialEndpoints.markRead.path(), csrf: csrf, cls: "inline") {
                                el("input", .type("hidden"), .name("id"), .value(n.id.uuidString))
                                el("button", .cls("link")) { l[SocialText.markRead] }
                            }
                        }
                    }
                }
            }
            if m.items.isEmpty { el("p") { l[.nothingYet] } }
            pager(next: m.next.map { SocialEndpoints.notifications.path(query: [("after", $0)]) }, l)
            titledSection("prefs-title", l[SocialText.preferences]) {
                if !m.emailConfigured { el("p", .cls("hint")) { l[SocialText.emailOff] } }
                postForm(SocialEndpoints.preferences.path(), csrf: csrf) {
                    el("table") {
                        el("thead") { el("tr") { el("th") { "" }; el("th", Attr("scope", "col")) { l[SocialText.inApp] }; el("th", Attr("scope", "col")) { l[SocialText.byEmail] } } }
                        el("tbody") {
                            for k in NotificationKind.allCases {
                                let pref = m.preferences[k] ?? NotificationPreference(inApp: true, email: true)
                                el("tr") {
                                    el("th", Attr("scope", "row")) { l[NotificationView.kindLabel(k)] }
                                    el("td") { el("input", [.type("checkbox"), .name("app-" + k.rawValue), .aria("label", l[SocialText.inApp])] + (pref.inApp ? [.flag("checked")] : [])) }
                                    el("td") { el("input", [.type("checkbox"), .name("mail-" + k.rawValue), .aria("label", l[SocialText.byEmail])] + (pref.email ? [.flag("checked")] : [])) }
                                }
                            }
                        }
                    }
                    el("button") { l[.save] }
                }
            }
        }
    }

    /// The digest e-mail (plain text): one line per notification, at most `maxLines`, then how many more.
    package static func digestMail(_ m: DigestMail, _ l: Lang, maxLines: Int = 50) -> (subject: String, body: String) {
        let n = m.lines.count
        // No public base URL is configured, so links are paths on the site the person signed up on.
        var lines = m.lines.prefix(maxLines).map {
            "- " + NotificationView.text(kind: $0.kind, actor: $0.actor, subject: $0.subject, lang: l) + "\n  " + $0.link
        }
        if n > maxLines { lines.append(l[SocialText.digestMore(n - maxLines)]) }
        let body = ([l[SocialText.digestGreeting(m.name)], ""] + lines + ["", "-- ", l[SocialText.digestFooter]]).joined(separator: "\n") + "\n"
        return (l[SocialText.digestSubject(n)], body)
    }
}

/// A notification in words, in the reader's language.
package enum NotificationView {
    /// `kind` as stored: an unknown one reads as its subject alone.
    package static func text(kind: String, actor: String, subject: String, lang l: Lang) -> String {
        let who = actor.isEmpty ? "" : "@" + actor
        switch NotificationKind(rawValue: kind) {
        case .mention: return l[Text(fr: "\(who) vous a mentionné·e : « \(subject) »", en: "\(who) mentioned you: “\(subject)”")]
        case .reply: return l[Text(fr: "\(who) a répondu à votre publication : « \(subject) »", en: "\(who) replied to your post: “\(subject)”")]
        case .decision: return l[Text(fr: "Une décision attend votre position : « \(subject) »", en: "A decision awaits your position: “\(subject)”")]
        case .request: return l[Text(fr: "\(who) demande à rejoindre « \(subject) »", en: "\(who) asks to join “\(subject)”")]
        case .recognition: return l[Text(fr: "\(who) vous a reconnu·e : « \(subject) »", en: "\(who) recognised you: “\(subject)”")]
        case .endorsement: return l[Text(fr: "\(who) vous fait confiance en « \(subject) »", en: "\(who) endorsed you on “\(subject)”")]
        case .revival: return l[Text(fr: "« \(subject) » \(VitalityText.revivalSubject.text.fr)", en: "“\(subject)” \(VitalityText.revivalSubject.text.en)")]
        case nil: return subject
        }
    }

    package static func kindLabel(_ k: NotificationKind) -> Text { kindLabelTexts[k] }
    private static let kindLabelTexts = CaseTexts<NotificationKind>("notifications.kindLabel")

    /// A subject as a notification line shows it: on one line, within `max` characters, "…" included.
    package static func excerpt(_ s: String, max: Int = 120) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > max ? CommunityViews.excerpt(flat, max - 1) : flat
    }
}
