import Foundation
import EnjeuCore

extension FiguresViews {
    /// The strip plot of an indicator's values (newest first) around its estimate; the app keeps it per recomputation.
    package static func spread(_ points: [FigurePlotPoint], _ indicator: FigureIndicator, _ l: Lang) -> Node {
        let marks = points.map { p in
            StripPoint(p.value, p.status == .deprecated ? .deprecated : p.outlier ? .outlier : .normal)
        }
        return Chart.strip(marks, estimate: indicator.estimate, positive: indicator.scaleKind == .positive,
                           label: l[FiguresText.spread] + " — " + indicator.name)
    }

    /// An indicator's period, place and unit, and its trades or sectors, each leading to its page across programmes: the
    /// same line on a community's indicator and a programme's.
    package static func facts(_ r: FigureIndicator) -> Node {
        el("p", .cls("muted")) {
            [r.period, r.place, r.unit].filter { !$0.isEmpty }.joined(separator: " · ")
            if !r.tagList.isEmpty {
                " · "
                TradeViews.tagLinks(r.tagList)
            }
        }
    }

    /// The estimate with its kind, then (once there is one) its interval, contributors, distinct sources when `sources`,
    /// and outliers: the same on a community's indicator and a programme's (which lists its sources by community).
    package static func estimate(_ r: FigureIndicator, _ l: Lang, sources: Bool) -> [Node] {
        let kind = r.estimateKind, unit = FigureUnit.parse(r.unit)
        let figure = el("p", .cls("figure")) {
            el("strong") { kind == .none ? l[FiguresText.kind(.none)] : NumberFormat.number(r.estValue) + " " + (unit?.base ?? "") }
            " "
            statusBadge(kind.tone, l[FiguresText.kind(kind)], classes: "kind-" + kind.rawValue)
        }
        guard kind != .none else { return [figure] }
        return [figure, el("dl", .cls("facts")) {
            el("dt") { l[FiguresText.interval] }; el("dd") { NumberFormat.number(r.estLow) + " – " + NumberFormat.number(r.estHigh) }
            el("dt") { l[FiguresText.contributors] }; el("dd") { String(r.estContributors) }
            if sources { el("dt") { l[FiguresText.sources] }; el("dd") { String(r.estSources) } }
            el("dt") { l[FiguresText.outliers] }; el("dd") { String(r.outlierIDs.count) }
        }]
    }

    /// An indicator: definition, then the estimate with its charts (or the lock), the member's own value, the form to
    /// contribute and the contributions. The app answers 402 when the lock shows a balance short of the cost.
    package static func indicatorPage(_ m: IndicatorPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, slug = p.slug, r = m.indicator
        let unit = FigureUnit.parse(r.unit)
        let kind = r.estimateKind
        let learned = m.learned && r.scaleKind == .positive
        return PageView(title: r.name + " · " + l[FiguresText.title]) {
            nav(p, l)
            el("h1") { r.name }
            facts(r)
            paragraphs(r.definition)
            // A steward may merge it into a programme's indicator (the form lists the candidates).
            if p.canSteward {
                el("p", .cls("merge-link")) { el("a", .href(FiguresEndpoints.mergeForm.path(slug, r.id))) { l[ProgrammeText.mergeLink] } }
            }
            if let lock = m.lock {
                lockedSection(slug, lock, l, csrf: csrf, action: FiguresEndpoints.read.path(slug, r.id))
            } else {
                titledSection("estimate-title", l[FiguresText.estimate], [.cls("estimate")]) {
                    estimate(r, l, sources: true)
                    el("p", .cls("rule")) { l[FiguresText.rule(kind, learned: learned)] }
                    if let spread = m.spread {
                        el("h3") { l[FiguresText.spread] }
                        spread
                    }
                    if m.history.count >= 2 { history(m.history, r, l) }
                }
            }
            if let mine = m.mine {
                el("p", .cls("mine")) {
                    el("strong") { l[FiguresText.myValue] + l[CodeText.colon] }
                    NumberFormat.number(mine.value) + " " + (unit?.base ?? "") + " · " + sourceWords(mine.source, l) + " · " + mine.observedOn
                    if mine.status == .deprecated { " · " + l[FiguresText.contributionStatus(.deprecated)] }
                }
            }
            titledSection("contribute-title", l[FiguresText.contribute], [.cls("contribute")]) {
                if m.mine != nil { el("p", .cls("hint")) { l[FiguresText.supersedeHint] } }
                errorSummary(m.form, l)
                postForm(FiguresEndpoints.contribute.path(slug, r.id), csrf: csrf) {
                    field(.value, m.form, l, input: .text(type: "text"), required: true)
                    if let unit, !unit.prefixes.isEmpty {
                        field(.unit, m.form, l, input: .choice(unit.accepted.map { ($0, Text(fr: $0, en: $0)) }), label: FiguresText.unitInput.text)
                    }
                    field(.source, m.form, l, required: true, hint: FiguresText.sourceHint.text)
                    field(.observedOn, m.form, l, input: .text(type: "date"), required: true)
                    field(.comment, m.form, l, input: .area(rows: 2))
                    el("button", .type("submit")) { l[FiguresText.contributeButton] }
                }
            }
            if let page = m.contributions { contributions(page, m, l) }
        }
    }

    /// The estimate over time, and the same figures as a table.
    static func history(_ points: [FigureHistoryPoint], _ r: FigureIndicator, _ l: Lang) -> [Node] {
        [
            el("h3") { l[FiguresText.history] },
            Chart.history(points.map { ChartTimePoint(at: $0.at, value: $0.value, low: $0.low, high: $0.high) },
                          positive: r.scaleKind == .positive, label: l[FiguresText.history] + " — " + r.name),
            el("details") {
                el("summary") { l[FiguresText.chartTable] }
                el("table") {
                    tableHead([FiguresText.date, FiguresText.estimate, FiguresText.low, FiguresText.high, FiguresText.contributors].map { l[$0] })
                    el("tbody") {
                        for p in points.reversed() {
                            el("tr") {
                                el("td") { dateText(p.at, l) }; el("td") { NumberFormat.number(p.value) }
                                el("td") { NumberFormat.number(p.low) }; el("td") { NumberFormat.number(p.high) }
                                el("td") { String(p.contributors) }
                            }
                        }
                    }
                }
            },
        ]
    }

    /// The current values (or, `showReplaced`, those members replaced), newest first, each flaggable by others.
    static func contributions(_ page: KeysetPage<FigureContribution>, _ m: IndicatorPage, _ l: Lang) -> Node {
        let slug = m.place.slug, r = m.indicator, replaced = m.showReplaced
        return titledSection("contributions-title", l[replaced ? FiguresText.replaced : FiguresText.contributions]) {
            el("p") {
                el("a", .href(FiguresEndpoints.indicator.path(slug, r.id, query: [("history", replaced ? nil : "1")]) + "#contributions-title")) {
                    l[replaced ? FiguresText.contributions : FiguresText.replaced]
                }
            }
            if page.items.isEmpty { el("p") { l[FiguresText.none] } } else {
                el("table", .cls("contributions")) {
                    tableHead([FiguresText.value, FiguresText.sources, FiguresText.observed, FiguresText.by, FiguresText.status].map { l[$0] })
                    el("tbody") {
                        for c in page.items {
                            el("tr", .cls([c.status, c.outlier ? "outlier" : ""].joined(separator: " ")), .id("c-" + c.id.uuidString)) {
                                el("td", Attr("data-label", l[FiguresText.value])) {
                                    NumberFormat.number(c.value)
                                    if c.outlier { " "; statusBadge(.trouble, l[FiguresText.outliers], classes: "outlier") }
                                }
                                el("td", Attr("data-label", l[FiguresText.sources])) {
                                    if c.sourceType == .url, let safe = Markdown.safeHref(c.source) {
                                        el("a", .href(safe), Attr("rel", "nofollow noopener")) { c.source }
                                    } else { sourceWords(c.source, l) }
                                    if !c.comment.isEmpty { el("p", .cls("muted")) { c.comment } }
                                }
                                el("td", Attr("data-label", l[FiguresText.observed])) { c.observedOn }
                                el("td", Attr("data-label", l[FiguresText.by])) { el("a", .href(AccountEndpoints.person.path(c.handle))) { c.displayName } }
                                el("td", Attr("data-label", l[FiguresText.status])) {
                                    l.stored(c.status, FiguresText.contributionStatus)
                                    if c.openFlags > 0 { " · ⚑ \(c.openFlags)" }
                                    if c.contributionStatus == .current && c.handle != m.place.viewerHandle {
                                        " · "
                                        el("a", .cls("flag"), .href(FiguresEndpoints.flagForm.path(slug, c.id))) { l[FiguresText.flag] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            pager(next: page.next.map { FiguresEndpoints.indicator.path(slug, r.id, query: [("history", replaced ? "1" : nil), ("after", $0)]) }, l)
        }
    }
}
