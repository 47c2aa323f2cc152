import Foundation
import EnjeuCore

/// The review queue and the community's journal.
package enum ModerationViews {
    /// What the author (and the moderators) read on a hidden item: the moderators' reason, or that reports hid it
    /// until a review.
    package static func hiddenNotice(_ reason: String?, _ l: Lang) -> Node {
        el("p", .cls("hidden-notice"), Attr("role", "note")) {
            el("strong") { l[ModerationText.hiddenNow] }
            " — "
            if let reason, !reason.isEmpty { l[ModerationText.hiddenBecause] + (l == .fr ? " : " : ": ") + reason } else { l[ModerationText.hiddenPending] }
        }
    }

    /// « Signaler », a disclosure on another's item: a reason from the short list and optional details. Plain form: the
    /// keyboard opens and sends it; ids carry the item's, so several live on one page.
    package static func reportForm(_ kind: ReportKind, _ id: UUID, back: String, _ l: Lang, csrf: String) -> Node {
        let key = "r-" + id.uuidString
        return el("details", .cls("report")) {
            el("summary") { l[ModerationText.report] }
            postForm(ModerationEndpoints.report.path(), csrf: csrf) {
                el("input", .type("hidden"), .name("kind"), .value(kind.rawValue))
                el("input", .type("hidden"), .name("id"), .value(id.uuidString))
                el("input", .type("hidden"), .name("back"), .value(back))
                el("p", .cls("hint")) { l[ModerationText.reportLead] }
                el("label", Attr("for", key + "-reason")) { l[Text.label(.reason)] }
                el("select", .id(key + "-reason"), .name("reason"), .flag("required")) {
                    for r in ReportReason.allCases { el("option", .value(r.rawValue)) { l[ModerationText.reason(r)] } }
                }
                el("label", Attr("for", key + "-text")) { l[Text.label(.text)] }
                el("textarea", .id(key + "-text"), .name("text"), Attr("rows", "2"), Attr("maxlength", String(ModerationRules.noteMax))) { "" }
                el("button", .type("submit"), .cls("secondary")) { l[ModerationText.report] }
            }
        }
    }

    /// The author of a hidden item asks the moderators, once, to review it.
    package static func reviewForm(_ kind: ReportKind, _ id: UUID, back: String, _ l: Lang, csrf: String) -> Node {
        let key = "v-" + id.uuidString
        return postForm(ModerationEndpoints.review.path(), csrf: csrf, cls: "review") {
            el("input", .type("hidden"), .name("kind"), .value(kind.rawValue))
            el("input", .type("hidden"), .name("id"), .value(id.uuidString))
            el("input", .type("hidden"), .name("back"), .value(back))
            el("p", .cls("hint")) { l[ModerationText.reviewLead] }
            el("label", Attr("for", key)) { l[ModerationText.reviewText] }
            el("textarea", .id(key), .name("text"), Attr("rows", "2"), Attr("maxlength", String(ModerationRules.noteMax))) { "" }
            el("button", .type("submit")) { l[ModerationText.askReview] }
        }
    }

    /// A moderator's « Suspendre » on the members page: the reason the member will read, and an end date or none.
    package static func suspendForm(_ slug: String, _ handle: String, _ l: Lang, csrf: String) -> Node {
        let key = "s-" + handle
        return el("details", .cls("suspend")) {
            el("summary") { l[ModerationText.suspend] }
            postForm(ModerationEndpoints.suspend.path(slug, handle), csrf: csrf) {
                el("label", Attr("for", key + "-reason")) { l[Text.label(.reason)] }
                el("textarea", .id(key + "-reason"), .name("reason"), Attr("rows", "2"), .flag("required"),
                   Attr("maxlength", String(ModerationRules.noteMax))) { "" }
                el("label", Attr("for", key + "-until")) { l[Text.label(.until)] }
                el("input", .id(key + "-until"), .type("date"), .name("until"), .aria("describedby", key + "-until-hint"))
                el("p", .cls("hint"), .id(key + "-until-hint")) { l[ModerationText.untilHint] }
                el("button", .type("submit"), .cls("danger")) { l[ModerationText.suspend] }
            }
        }
    }

    package static func unsuspendForm(_ slug: String, _ handle: String, _ l: Lang, csrf: String) -> Node {
        postForm(ModerationEndpoints.unsuspend.path(slug, handle), csrf: csrf, cls: "inline") {
            el("button", .type("submit"), .cls("secondary")) { l[ModerationText.unsuspend] }
        }
    }

    package static func reportsPage(_ m: ReportQueuePage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[ModerationText.reportsTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[ModerationText.reportsTitle] }
            el("p", .cls("lead")) { l[ModerationText.reportsLead] }
            postForm(ModerationEndpoints.threshold.path(slug), csrf: csrf, cls: "threshold") {
                el("label", Attr("for", "threshold")) { l[ModerationText.thresholdLabel] }
                el("input", .id("threshold"), .type("number"), .name("threshold"), .value(String(m.threshold)),
                   Attr("min", String(ModerationRules.thresholdRange.lowerBound)), Attr("max", String(ModerationRules.thresholdRange.upperBound)),
                   .flag("required"), .aria("describedby", "threshold-hint"))
                el("p", .cls("hint"), .id("threshold-hint")) { l[ModerationText.thresholdHint] }
                el("button", .type("submit"), .cls("secondary")) { l[ModerationText.saveThreshold] }
            }
            if m.page.items.isEmpty { emptyState(l[ModerationText.reportsEmpty]) }
            el("ul", .cls("reports")) {
                for r in m.page.items {
                    el("li", .cls("card"), .id("report-\(r.id)")) {
                        el("h2") {
                            l[ModerationText.kind(r.kind)]
                            if let author = r.item?.author { el("span", .cls("muted")) { " @" + author } }
                        }
                        el("p", .cls("muted")) {
                            l[ModerationText.reports(r.reports.count)] + " · " + dateText(r.openedAt, l)
                            if r.item?.hidden == true { " · " + l[ModerationText.hiddenNow] }
                            if r.reviewAsked { " · " + l[ModerationText.reviewAsked] }
                        }
                        if let item = r.item {
                            el("blockquote") { paragraphs(item.text) }
                            if let link = item.link { el("p") { el("a", .href(link)) { link } } }
                        }
                        el("ul", .cls("report-reasons")) {
                            for one in r.reports {
                                el("li") {
                                    el("strong") { l[ModerationText.reason(one.reason)] }
                                    " " + l[ModerationText.by] + " @" + one.reporter
                                    if !one.text.isEmpty { " — " + one.text }
                                }
                            }
                        }
                        postForm(ModerationEndpoints.resolve.path(slug, r.id), csrf: csrf, cls: "decide") {
                            el("label", Attr("for", "note-\(r.id)")) { l[ModerationText.note] }
                            el("input", .id("note-\(r.id)"), .name("note"), Attr("maxlength", "2000"))
                            if r.kind.hideable {
                                el("button", .name("action"), Attr("value", ReportAction.hide.rawValue), .cls("danger")) { l[ModerationText.action(.hide)] }
                                el("button", .name("action"), Attr("value", ReportAction.restore.rawValue)) { l[ModerationText.action(.restore)] }
                            }
                            el("button", .name("action"), Attr("value", ReportAction.dismiss.rawValue)) { l[ModerationText.action(.dismiss)] }
                        }
                    }
                }
            }
            pager(next: m.page.next.map { ModerationEndpoints.reports.path(slug, query: [("after", $0)]) }, l)
        }
    }

    package static func journalPage(_ m: JournalPage, _ l: Lang) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[ModerationText.journalTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[ModerationText.journalTitle] }
            el("p", .cls("lead")) { l[ModerationText.journalLead] }
            el("p") { el("a", .href(ModerationEndpoints.journalCSV.path(slug))) { l[ModerationText.journalCSV] } }
            if m.page.items.isEmpty { emptyState(l[ModerationText.journalEmpty]) }
            el("ol", .cls("journal")) {
                for e in m.page.items {
                    el("li") {
                        el("time", Attr("datetime", ISO8601DateFormatter().string(from: e.at))) { dateText(e.at, l) }
                        " "
                        el("strong") { e.actor.map { "@" + $0 } ?? l[ModerationText.system] }
                        " " + l[ModerationText.journal(stored: e.action)]
                        if !e.detail.isEmpty { el("span", .cls("muted")) { " (" + e.detail + ")" } }
                        if let reason = e.reason, !reason.isEmpty { el("blockquote") { paragraphs(reason) } }
                    }
                }
            }
            pager(next: m.page.next.map { ModerationEndpoints.journal.path(slug, query: [("after", $0)]) }, l)
        }
    }
}
