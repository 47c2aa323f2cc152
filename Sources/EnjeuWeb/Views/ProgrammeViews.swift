import Foundation
import EnjeuCore

/// A programme of shared figures: its purpose, its communities and its indicators (values are read through the API).
package enum ProgrammeViews {
    typealias T = ProgrammeText

    package static func homePage(_ m: ProgrammePage, _ l: Lang, csrf: String = "") -> PageView {
        PageView(title: m.name) {
            el("h1") { m.name }
            paragraphs(m.purpose)
            el("p", .cls("lead")) { l[T.lead] }
            if let through = m.through { el("p", .cls("muted")) { l[T.through(through)] } }
            actions(m.actions, l, csrf: csrf)
            if m.insideVisible {
                communities(m, l)
                indicators(m, l)
            }
        }
    }

    static func communities(_ m: ProgrammePage, _ l: Lang) -> Node {
        titledSection("programme-communities-title", l[T.communities]) {
            if m.communities.isEmpty { emptyState(l[T.noCommunity]) }
            el("ul") {
                for c in m.communities { el("li") { el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name } } }
            }
        }
    }

    static func indicators(_ m: ProgrammePage, _ l: Lang) -> Node {
        let headings: [String] = [l[Text.label(.name)], l[Text.label(.unit)], l[Text.label(.period)], l[Text.label(.place)], l[T.tags],
                                  l[T.sources]]
        return titledSection("programme-indicators-title", l[T.indicators]) {
            if m.indicators.isEmpty { emptyState(l[T.noIndicator]) }
            if !m.indicators.isEmpty {
                // Six columns do not fit a phone: the table scrolls in its region, not the page (WCAG 1.4.10).
                el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.indicators])) {
                    el("table", .cls("programme-indicators")) {
                        tableHead(headings)
                        el("tbody") { for i in m.indicators { row(i, l, slug: m.actions.slug) } }
                    }
                }
            }
        }
    }

    static func row(_ i: ProgrammePage.Indicator, _ l: Lang, slug: String) -> Node {
        let sources: String = i.contributors.map { l[T.sourcesCell($0, i.communities)] } ?? "—"
        return el("tr") {
            el("td") {
                if let id = i.id, i.contributors != nil, !slug.isEmpty {
                    el("a", .href(ProgrammeEndpoints.indicator.path(slug, id))) { i.name }
                } else { i.name }
            }
            el("td") { i.unit }
            el("td") { i.period }
            el("td") { i.place }
            el("td", .cls("tags")) { TradeViews.tagLinks(i.tags) }
            el("td") { sources }
        }
    }
}
