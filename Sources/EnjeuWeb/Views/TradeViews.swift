import Foundation
import EnjeuCore

/// A trade's or sector's page across programmes: its indicators with their estimate and the spread between communities,
/// what is missing, and the indicators members ask for (a form to ask, a button to support; sign-in link when signed out).
package enum TradeViews {
    typealias T = ProgrammeText

    package static func tradePage(_ m: TradePage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[T.tradeTitle(m.tag)]) {
            el("h1") { l[T.tradeTitle(m.tag)] }
            el("p", .cls("lead")) { l[T.tradeLead] }
            indicators(m, l)
            gaps(m, l)
            if let requests = m.requests { self.requests(m, requests, l, csrf: csrf) }
        }
    }

    /// A trade's tags as links to their pages (the programme's and a community's indicator pages show them so).
    package static func tagLinks(_ tags: [String]) -> [Node] {
        var nodes: [Node] = []
        for (i, tag) in tags.enumerated() {
            if i > 0 { nodes.append(text(", ")) }
            nodes.append(el("a", .cls("trade-tag"), .href(TradeEndpoints.page(tag))) { tag })
        }
        return nodes
    }

    static func indicators(_ m: TradePage, _ l: Lang) -> Node {
        let headings = [l[Text.label(.name)], l[T.tradeProgramme], l[Text.label(.period)], l[Text.label(.place)], l[T.tradeEstimate],
                        l[T.tradeSpread]]
        return titledSection("trade-indicators-title", l[T.tradeIndicators]) {
            if m.indicators.isEmpty { emptyState(l[T.tradeNoIndicator]) }
            if !m.indicators.isEmpty {
                el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.tradeIndicators])) {
                    el("table", .cls("trade-indicators")) {
                        tableHead(headings)
                        el("tbody") { for i in m.indicators { row(i, l) } }
                    }
                }
            }
            pager(next: m.next.map { TradeEndpoints.trade.path(PathText(m.tag), query: [("after", $0)]) }, l)
        }
    }

    static func row(_ i: TradePage.Indicator, _ l: Lang) -> Node {
        let unit = FigureUnit.parse(i.unit)?.base ?? i.unit
        return el("tr") {
            el("td") { i.name }
            el("td") { el("a", .href(ProgrammeEndpoints.home.path(i.programme))) { i.programmeName } }
            el("td") { i.period }
            el("td") { i.place }
            el("td", .cls("estimate")) {
                if let e = i.estimate {
                    el("strong") { NumberFormat.number(e.value) + " " + unit }
                    " (" + NumberFormat.number(e.low) + " – " + NumberFormat.number(e.high) + ") "
                    statusBadge(e.kind.tone, l[FiguresText.kind(e.kind)], classes: "kind-" + e.kind.rawValue)
                } else {
                    el("span", .cls("muted")) { l[T.tradeUnpublished] }
                }
                el("div", .cls("muted")) { l[T.sourcesCell(i.contributors, [])] }
            }
            el("td", .cls("spread")) {
                if i.spread.isEmpty { "—" }
                if !i.spread.isEmpty {
                    el("ul", .cls("medians")) {
                        for g in i.spread {
                            el("li") {
                                (g.community ?? l[T.tradeDirect]) + l[CodeText.colon]
                                (g.median.map { NumberFormat.number($0) + " " + unit } ?? "—") + " · " + l[T.sourcesCell(g.contributors, [])]
                            }
                        }
                    }
                }
            }
        }
    }

    static func gaps(_ m: TradePage, _ l: Lang) -> Node {
        titledSection("trade-gaps-title", l[T.tradeGaps]) {
            let missing = TradeGap.allCases.map { kind in (kind, m.indicators.filter { $0.gaps.contains(kind) }) }.filter { !$0.1.isEmpty }
            if missing.isEmpty { emptyState(l[T.tradeNoGap]) }
            for (kind, indicators) in missing {
                el("h3") { statusBadge(.trouble, l[T.gap(kind)], classes: "gap-" + kind.rawValue) }
                el("ul", .cls("gaps")) {
                    for i in indicators {
                        el("li") { [i.name, i.place, i.period, i.programmeName].filter { !$0.isEmpty }.joined(separator: " · ") }
                    }
                }
            }
        }
    }

    static func requests(_ m: TradePage, _ requests: [TradePage.Request], _ l: Lang, csrf: String) -> Node {
        titledSection("trade-requests-title", l[T.tradeRequests], [.id("requests")]) {
            if let notice = m.notice { el("p", .cls("error"), Attr("role", "alert")) { l[notice] } }
            if requests.isEmpty { emptyState(l[T.tradeNoRequest]) }
            if !requests.isEmpty {
                el("ol", .cls("trade-requests")) {
                    for r in requests {
                        el("li") {
                            el("strong") { r.name }
                            " · " + [r.unit, r.period, r.place].joined(separator: " · ") + " · " + l[T.supporters(r.supporters)] + " "
                            if r.supported {
                                statusBadge(.done, l[T.tradeSupported])
                            } else if m.signedIn {
                                postForm(TradeEndpoints.support.path(r.id), csrf: csrf, cls: "inline") {
                                    el("button", .type("submit")) { l[T.tradeSupport] }
                                }
                            }
                        }
                    }
                }
            }
            el("h3") { l[T.tradeAsk] }
            if m.signedIn {
                el("p", .cls("hint")) { l[T.tradeAskLead] }
                errorSummary(m.form, l)
                postForm(TradeEndpoints.ask.path(PathText(m.tag)), csrf: csrf) {
                    field(.name, m.form, l, required: true)
                    field(.unit, m.form, l, required: true, hint: FiguresText.unitHint.text)
                    field(.period, m.form, l, required: true, hint: FiguresText.periodHint.text)
                    field(.place, m.form, l, required: true)
                    el("button", .type("submit")) { l[T.tradeAskButton] }
                }
            } else {
                el("p") { el("a", .href(AccountEndpoints.signIn(next: TradeEndpoints.page(m.tag) + "#requests"))) { l[T.tradeSignIn] } }
            }
        }
    }
}
