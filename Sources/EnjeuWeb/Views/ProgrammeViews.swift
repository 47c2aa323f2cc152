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

    /// The next page of one of the home's lists: `?part=` names it, `?after=` where it starts.
    static func more(_ slug: String, _ part: String, _ after: String?, _ label: T, _ l: Lang) -> [Node] {
        guard let after, !slug.isEmpty else { return [] }
        return [el("nav", .cls("pager"), .aria("label", l[label])) {
            el("a", .href(ProgrammeEndpoints.home.path(slug, query: [("part", part), ("after", after)]) + "#programme-\(part)-title"),
               Attr("rel", "next")) { l[label] }
        }]
    }

    /// The programmes the reader can see, with the link to create one for who is signed in.
    package static func listPage(_ m: ProgrammeListPage, _ l: Lang) -> PageView {
        PageView(title: l[T.listTitle]) {
            el("h1") { l[T.listTitle] }
            el("p", .cls("lead")) { l[T.listLead] }
            if m.mayCreate { el("p") { el("a", .cls("button"), .href(ProgrammeEndpoints.newProgramme.path())) { l[T.createLink] } } }
            if m.page.items.isEmpty { emptyState(l[T.noProgramme]) }
            el("ul", .cls("cards")) {
                for p in m.page.items {
                    el("li") {
                        el("article", .cls("card")) {
                            el("h2") { el("a", .href(ProgrammeEndpoints.home.path(p.slug))) { p.name } }
                            if p.membersOnly { el("p", .cls("badges")) { el("span", .cls("badge")) { l[CommonText.membersOnlyBadge] } } }
                            el("p") { CommunityViews.excerpt(p.purpose, 280) }
                        }
                    }
                }
            }
            pager(next: m.page.next.map { ProgrammeEndpoints.list.path(query: [("after", $0)]) }, l)
        }
    }

    /// The form to create a programme: the fields of `POST /api/v1/programmes`, its problems tied to them.
    package static func newPage(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[T.newTitle]) {
            formColumn(l[T.newTitle], lead: l[T.newLead], s, l, action: ProgrammeEndpoints.create.path(), csrf: csrf) {
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.slug, s, l, required: true, hint: CommonText.slugHint.text, maxLength: 60, pattern: "[a-z0-9-]{3,60}")
                field(.purpose, s, l, input: .area(rows: 4), required: true, hint: CommonText.purposeHint.text)
                field(.charter, s, l, input: .area(rows: 8), required: true, hint: T.charterHint.text)
                field(.visibility, s, l, input: .choice(CommunityViews.visibilityOptions()), hint: T.visibilityHint.text)
                el("button", .type("submit")) { l[T.createButton] }
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
        let a = m.actions
        return titledSection("programme-indicators-title", l[T.indicators]) {
            if !a.slug.isEmpty && (a.mayContribute || a.isSteward) {
                el("p", .cls("actions")) {
                    if a.mayContribute {
                        el("a", .cls("button"), .href(ProgrammeEndpoints.newIndicator.path(a.slug))) { l[FiguresText.newIndicator] }
                        el("a", .href(ProgrammeEndpoints.credits.path(a.slug))) { l[FiguresText.credits] }
                    }
                    if a.isSteward { el("a", .href(ProgrammeEndpoints.rules.path(a.slug))) { l[FiguresText.setRules] } }
                }
            }
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
            more(m.actions.slug, "indicators", m.indicatorsNext, .moreIndicators, l)
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
