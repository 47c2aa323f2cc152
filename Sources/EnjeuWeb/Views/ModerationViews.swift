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

    package static func reportsPage(_ m: ReportQueuePage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[ModerationText.reportsTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[ModerationText.reportsTitle] }
            el("p", .cls("lead")) { l[ModerationText.reportsLead] }
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
