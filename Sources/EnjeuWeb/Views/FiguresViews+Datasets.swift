import Foundation
import EnjeuCore

extension FiguresViews {
    package static func creditsPage(_ m: CreditsPage, _ l: Lang) -> PageView {
        let p = m.place, rules = m.rules
        return PageView(title: l[FiguresText.credits]) {
            nav(p, l)
            el("h1") { l[FiguresText.credits] }
            el("dl", .cls("facts")) {
                el("dt") { l[FiguresText.balance] }; el("dd", .cls("balance-value")) { credits(m.balance) }
                el("dt") { l[FiguresText.escrow] }; el("dd") { String(m.escrow) }
            }
            titledSection("rules-title", l[FiguresText.rulesTitle]) {
                el("p") { l[FiguresText.rulesText(rules)] }
                el("p", .cls("hint")) { l[FiguresText.stewardsReadFree] }
            }
            titledSection("ledger-title", l[FiguresText.ledger]) {
                el("table", .cls("ledger")) {
                    tableHead([FiguresText.date, FiguresText.status, FiguresText.indicators, FiguresText.value].map { l[$0] })
                    el("tbody") {
                        for e in m.entries.items {
                            el("tr", .cls("credit-" + e.kind.rawValue)) {
                                el("td", Attr("data-label", l[FiguresText.date])) { dateText(e.at, l) }
                                el("td", Attr("data-label", l[FiguresText.status])) { l[FiguresText.creditKind(e.kind)] }
                                el("td", Attr("data-label", l[FiguresText.indicators])) {
                                    if let id = e.indicatorId, let name = e.indicatorName { el("a", .href(indicatorPath(p, id))) { name } }
                                }
                                el("td", Attr("data-label", l[FiguresText.value])) { (e.kind.isDebit ? "−" : "+") + String(format: "%.2f", e.amount) }
                            }
                        }
                        el("tr", .cls("credit-allowance")) {
                            el("td") { "" }; el("td") { l[Text.label(.allowance)] }; el("td") { "" }; el("td") { "+" + String(rules.allowance) }
                        }
                    }
                }
                pager(next: m.entries.next.map { creditsPath(p, after: $0) }, l)
            }
        }
    }

    package static func datasetsPage(_ m: DatasetsPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, slug = p.slug, s = m.form
        return PageView(title: l[FiguresText.datasets]) {
            nav(p, l)
            el("h1") { l[FiguresText.datasets] }
            if m.datasets.items.isEmpty {
                emptyState(l[FirstStepsText.datasets], action: p.canContribute ? (l[FirstStepsText.datasetsAction], "#new-dataset") : nil)
            }
            el("ul") {
                for d in m.datasets.items {
                    el("li") {
                        el("a", .href(FiguresEndpoints.dataset.path(slug, d.id))) { d.name }
                        el("span", .cls("muted")) { " · \(d.indicators)" }
                    }
                }
            }
            pager(next: m.datasets.next.map { FiguresEndpoints.datasets.path(slug, query: [("after", $0)]) }, l)
            if p.canContribute {
                formSection("new-dataset", l[FiguresText.newDataset], state: s, l, action: FiguresEndpoints.createDataset.path(slug), csrf: csrf) {
                    field(.name, s, l, required: true)
                    el("div", .cls("field")) {
                        el("label", Attr("for", "f-description")) { l[Text.label(.definition)] }
                        el("textarea", .id("f-description"), .name("description"), Attr("rows", "3")) { s[.definition] }
                    }
                    el("button", .type("submit")) { l[FiguresText.create] }
                }
            }
        }
    }

    /// A dataset's indicators in a table sorted on the server (it works without JavaScript); estimates show only
    /// where reading the indicator would, and the lock's button pays for the rest at once.
    package static func datasetPage(_ m: DatasetPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, slug = p.slug, dataset = m.dataset
        func header(_ key: String, _ t: Text) -> Node {
            el("th", Attr("scope", "col"), Attr("aria-sort", m.sort == key ? (key == "contributors" ? "descending" : "ascending") : "none")) {
                el("a", .href(FiguresEndpoints.dataset.path(slug, dataset.id, query: [("sort", key)]))) { l[t] }
            }
        }
        return PageView(title: dataset.name) {
            nav(p, l)
            el("h1") { dataset.name }
            paragraphs(dataset.description)
            if let lock = m.lock {
                lockedSection(slug, lock, l, csrf: csrf, action: FiguresEndpoints.unlock.path(slug, dataset.id), count: lock.owed.count)
            }
            el("p", .cls("actions")) {
                if p.canContribute {
                    el("a", .cls("button"), .href(FiguresEndpoints.newIndicator.path(slug, query: [("dataset", dataset.id.uuidString)]))) {
                        l[FiguresText.newIndicator]
                    }
                }
            }
            el("table", .cls("dataset")) {
                el("thead") { el("tr") {
                    header("name", Text(fr: "Indicateur", en: "Indicator"))
                    header("period", Text.label(.period))
                    header("place", Text.label(.place))
                    el("th", Attr("scope", "col")) { l[FiguresText.estimate] }
                    header("contributors", FiguresText.contributors.text)
                } }
                el("tbody") {
                    for r in m.indicators {
                        el("tr") {
                            el("td", Attr("data-label", l[FiguresText.indicators])) { el("a", .href(FiguresEndpoints.indicator.path(slug, r.id))) { r.name } }
                            el("td", Attr("data-label", l[Text.label(.period)])) { r.period }
                            el("td", Attr("data-label", l[Text.label(.place)])) { r.place }
                            el("td", Attr("data-label", l[FiguresText.estimate])) {
                                m.open.contains(r.id) ? estimateLine(r, l) : "🔒 " + l[FiguresText.locked]
                            }
                            el("td", Attr("data-label", l[FiguresText.contributors])) { String(r.estContributors) }
                        }
                    }
                }
            }
            if p.canContribute {
                el("p", .cls("exports")) {
                    el("a", .href(FiguresEndpoints.exportCSV.path(slug, dataset.id))) { l[FiguresText.exportCSV] }; " · "
                    el("a", .href(FiguresEndpoints.dataPackage.path(slug, dataset.id))) { l[FiguresText.exportPackage] }
                    if p.canSteward {
                        " · "
                        el("a", .href(FiguresEndpoints.contributionsCSV.path(slug, dataset.id))) { l[FiguresText.exportContributions] }
                    }
                }
                el("p", .cls("hint")) { l[FiguresText.exportCost] }
            }
        }
    }
}
