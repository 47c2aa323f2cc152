import Foundation
import EnjeuCore

/// The code's past: its history, the diff of a revision or between two, and who wrote each line of a section.
extension CodeViews {
    package static func historyPage(_ m: CodeHistoryPage, _ l: Lang) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[CodeText.historyTitle] + " · " + c.name) {
            nav(c, l)
            el("h1") { l[CodeText.historyTitle] }
            if m.revisions.items.isEmpty {
                emptyState(l[CodeText.noRevisionYet] + " " + l[FirstStepsText.history],
                           action: c.canContribute ? (l[FirstStepsText.codeAction], CodeEndpoints.newAmendment.path(slug)) : nil)
            }
            el("ol", .cls("history"), Attr("reversed", nil)) {
                for r in m.revisions.items {
                    el("li") {
                        el("a", .href(CodeEndpoints.revision.path(slug, r.number))) { l[.revisionLabel(r.number)] + " — " + r.summary }
                        el("p", .cls("muted")) {
                            l[CodeText.byAuthor] + " @" + r.author + " · " + dateText(r.createdAt, l) + " · "
                                + r.sections.compactMap { SectionKey(rawValue: $0).map { l[.section($0)] } }.joined(separator: ", ")
                        }
                    }
                }
            }
            pager(next: m.revisions.next.map { CodeEndpoints.history.path(slug, query: [("after", $0)]) }, l)
            if c.head >= 1 {
                el("form", Attr("method", "get"), Attr("action", CodeEndpoints.diff.path(slug)), .cls("compare")) {
                    el("label", Attr("for", "from")) { l[CodeText.fromRevision] }
                    el("input", .id("from"), .name("from"), .type("number"), Attr("min", "0"), Attr("max", String(c.head)), .value("0"))
                    el("label", Attr("for", "to")) { l[CodeText.toRevision] }
                    el("input", .id("to"), .name("to"), .type("number"), Attr("min", "0"), Attr("max", String(c.head)), .value(String(c.head)))
                    el("button") { l[CodeText.compare] }
                }
            }
        }
    }

    package static func diffPage(_ m: CodeDiffPage, _ l: Lang) -> PageView {
        let c = m.community
        let slug = c.slug
        let (from, to, a, b) = (m.from, m.to, m.before, m.after)
        let title = m.revision.map { l[.revisionLabel($0.number)] + " — " + $0.summary } ?? "\(l[CodeText.compare]) \(from) → \(to)"
        func here(split: Bool) -> String {
            let view: (String, String?) = ("view", split ? "split" : nil)
            if let revision = m.revision { return CodeEndpoints.revision.path(slug, revision.number, query: [view]) }
            return CodeEndpoints.diff.path(slug, query: [("from", String(from)), ("to", String(to)), view])
        }
        return PageView(title: title) {
            nav(c, l)
            el("h1") { title }
            if let revision = m.revision {
                el("p", .cls("muted")) {
                    l[CodeText.byAuthor] + " @" + revision.author + " · " + dateText(revision.createdAt, l)
                    if let amendment = revision.amendment { " · "; el("a", .href(CodeEndpoints.amendment.path(slug, amendment))) { l[CodeText.amendmentsTitle] } }
                }
            }
            viewToggle(l, inline: here(split: false), split: here(split: true), isSplit: m.split)
            for key in SectionKey.allCases where a[key] != b[key] {
                el("section", .cls("diff-section")) {
                    el("h2") { l[.section(key)] }
                    let lines = TextDiff.inline(a[key], b[key])
                    m.split ? splitDiff(lines, l, left: .revisionLabel(from), right: .revisionLabel(to)) : inlineDiff(lines, l)
                }
            }
            if SectionKey.allCases.allSatisfy({ a[$0] == b[$0] }) { el("p", .cls("muted")) { l[CodeText.noDifference] } }
        }
    }

    static func viewToggle(_ l: Lang, inline: String, split: String, isSplit: Bool) -> Node {
        el("p", .cls("toggle")) {
            el("a", [.href(inline)] + (isSplit ? [] : [Attr("aria-current", "page")])) { l[CodeText.inlineView] }
            " · "
            el("a", [.href(split)] + (isSplit ? [Attr("aria-current", "page")] : [])) { l[CodeText.splitView] }
        }
    }

    package static func blamePage(_ m: CodeBlamePage, _ l: Lang) -> PageView {
        let c = m.community
        let slug = c.slug
        let (key, blame, byNumber) = (m.section, m.lines, m.revisions)
        return PageView(title: l[CodeText.blameTitle] + " · " + l[.section(key)]) {
            nav(c, l)
            el("h1") { l[CodeText.blameTitle] + " — " + l[.section(key)] }
            if blame.isEmpty { el("p", .cls("muted")) { l[CodeText.emptySection] } }
            if !m.versions.isEmpty {
                el("details") {
                    el("summary") { l[CodeText.sectionHistory] + " (\(m.versions.count))" }
                    el("ol", .cls("history"), Attr("reversed", nil)) {
                        for v in m.versions.reversed() {
                            el("li") {
                                el("a", .href(CodeEndpoints.revision.path(slug, v))) { l[.revisionLabel(v)] }
                                if let r = byNumber[v] { " — " + r.summary + " · @" + r.author }
                            }
                        }
                    }
                }
            }
            el("table", .cls("blame")) {
                tableHead([l[CodeText.revisionWord], "#", l[CodeText.sectionLabel]])
                el("tbody") {
                    for (i, line) in blame.enumerated() {
                        el("tr") {
                            el("td", .cls("who")) {
                                if i == 0 || blame[i - 1].revision != line.revision, let r = byNumber[line.revision] {
                                    el("a", .href(CodeEndpoints.revision.path(slug, r.number)), Attr("title", r.summary)) { "r\(r.number)" }
                                    " @" + r.author
                                }
                            }
                            el("td", .cls("num")) { String(i + 1) }
                            el("td", .cls("code")) { line.text }
                        }
                    }
                }
            }
        }
    }
}
