import Foundation
import EnjeuCore

/// The ledger of flows with its matrices and the confirmations awaited, and the inverted pyramid.
extension EconomyViews {
    package static func flowsPage(_ m: EconomyFlowsPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug, s = m.form, actor = m.actorMatrix
        return PageView(title: l[EconomyText.flows] + " · " + m.place.name) {
            nav(m.place, l)
            el("h1") { l[EconomyText.flows] }
            el("p", .cls("lead")) { l[EconomyText.flowsLead] }
            if let awaiting = m.awaiting, !awaiting.items.isEmpty { awaitingSection(awaiting.items, slug: slug, l, csrf: csrf) }
            if m.ledger.items.isEmpty && m.ledger.next == nil {
                emptyState(l[FirstStepsText.flows], action: m.place.canContribute ? (l[FirstStepsText.flowsAction], "#record-title") : nil)
            }
            el("h2") { l[EconomyText.actorMatrix] }
            heatmap(actor, l, slug: slug, label: l[EconomyText.actorMatrix])
            el("h2") { l[EconomyText.natureMatrix] }
            heatmap(m.natureMatrix, l, slug: slug, label: l[EconomyText.natureMatrix])
            el("p", .cls("totals")) {
                l[EconomyText.totals] + l[CodeText.colon] + (actor.totals.isEmpty ? "—" : totals(actor.totals).joined(separator: " · "))
                " · " + l[EconomyText.qualitativeCount(actor.qualitative)]
            }
            el("h2") { l[EconomyText.ledger] }
            ledger(m.ledger.items, l)
            pager(next: m.ledger.next.map { EconomyEndpoints.flows.path(slug, query: [("after", $0)]) }, l)
            el("p", .cls("exports")) {
                el("a", .href(EconomyEndpoints.flowsCSV.path(slug))) { "CSV" }; " · "
                el("a", .href(EconomyEndpoints.flowsJSONLD.path(slug))) { "ValueFlows JSON-LD" }
            }
            if m.place.canContribute {
                formSection("record-title", l[EconomyText.record], state: s, l, action: EconomyEndpoints.record.path(slug), csrf: csrf) {
                    field(.from, s, l, required: true, hint: EconomyText.actorHint.text)
                    field(.to, s, l, required: true, hint: EconomyText.actorHint.text)
                    field(.nature, s, l, input: .choice(FlowNature.allCases.map { ($0.rawValue, EconomyText.nature($0)) }))
                    field(.measure, s, l, input: .choice(FlowMeasure.allCases.map { ($0.rawValue, EconomyText.measure($0)) }))
                    field(.quantity, s, l)
                    field(.unit, s, l, hint: EconomyText.unitHint.text)
                    field(.definition, s, l)
                    field(.appreciation, s, l, input: .choice([("", JourneyText.none.text)] + (1...5).map { (String($0), Text(fr: String($0), en: String($0))) }))
                    field(.date, s, l, input: .text(type: "date"), required: true)
                    field(.note, s, l)
                    el("button", .type("submit")) { l[EconomyText.record] }
                }
            }
        }
    }

    /// The flows awaiting the viewer's word, each with its confirm and decline buttons.
    static func awaitingSection(_ flows: [EconomyFlow], slug: String, _ l: Lang, csrf: String) -> Node {
        titledSection("awaiting-title", l[EconomyText.awaiting], [.cls("awaiting")]) {
            el("p", .cls("muted")) { l[EconomyText.awaitingLead] }
            el("ul", .cls("pending-flows")) {
                for f in flows {
                    el("li", .cls("pending-flow")) {
                        el("span", .cls("what")) { EconomyText.summary(f, l) }
                        " · " + l[EconomyText.recordedBy(f.recorder)]
                        postForm(EconomyEndpoints.confirm.path(slug, f.id), csrf: csrf, cls: "inline") {
                            el("button", .type("submit")) { l[EconomyText.confirm] }
                        }
                        postForm(EconomyEndpoints.decline.path(slug, f.id), csrf: csrf, cls: "inline") {
                            el("button", .type("submit"), .cls("secondary")) { l[EconomyText.decline] }
                        }
                    }
                }
            }
        }
    }

    static func ledger(_ flows: [EconomyFlow], _ l: Lang) -> Node {
        el("table", .cls("flows")) {
            tableHead([Text.label(.date), Text.label(.from), Text.label(.to), Text.label(.nature), Text.label(.quantity), Text.label(.definition),
                       Text.label(.status), EconomyText.whoColumn.text].map { l[$0] })
            el("tbody") {
                for f in flows {
                    el("tr", .cls((f.reversed > 0 || f.reversesId != nil ? "reversed " : "") + "status-" + f.state.rawValue)) {
                        el("td", Attr("data-label", l[Text.label(.date)])) { f.date }
                        el("td", Attr("data-label", l[Text.label(.from)])) { EconomyText.actor(f.fromKey, l) }
                        el("td", Attr("data-label", l[Text.label(.to)])) { EconomyText.actor(f.toKey, l) }
                        el("td", Attr("data-label", l[Text.label(.nature)])) { l.stored(f.nature, EconomyText.nature) }
                        el("td", Attr("data-label", l[Text.label(.quantity)])) {
                            f.quantity.map { NumberFormat.number($0) + " " + f.unit } ?? (f.appreciation.map { "★ \($0)/5" } ?? "—")
                        }
                        el("td", Attr("data-label", l[Text.label(.definition)])) { f.description + (f.reversesId != nil ? " (" + l[EconomyText.correction] + ")" : "") }
                        el("td", Attr("data-label", l[Text.label(.status)])) {
                            statusBadge(f.state.tone, l[EconomyText.flowStatus(f.state)], classes: "flow-" + f.state.rawValue)
                        }
                        el("td", Attr("data-label", l[EconomyText.whoColumn])) { EconomyText.who(f, l) }
                    }
                }
            }
        }
    }

    /// "12 € · 3.50 h", units in order.
    static func totals(_ totals: [String: Double]) -> [String] {
        totals.sorted { $0.key < $1.key }.map { NumberFormat.number($0.value) + " " + $0.key }
    }

    /// The matrix as a heatmap (the 30 most active actors on each axis; the full matrix is in the API), then the same
    /// figures as an accessible table whose cells link to their flows. A page's matrix may come already cut to those
    /// axes, with the largest cell of the whole (`largest`) for the scale.
    /// `names`: how to call an actor other than by its key; `link`: where a cell leads (by default, the ledger filtered).
    static func heatmap(_ m: EconomyMatrix, _ l: Lang, slug: String, label: String, names: [String: String] = [:],
                        link: ((EconomyMatrix.Cell) -> String)? = nil) -> Node {
        let largest = Swift.max(m.largest ?? m.cells.map(\.flows).max() ?? 1, 1)
        var index: [String: EconomyMatrix.Cell] = [:]
        for c in m.cells { index[c.row + "\u{1}" + c.column] = c }
        func cell(_ r: String, _ c: String) -> EconomyMatrix.Cell? { index[r + "\u{1}" + c] }
        func top(_ keys: [String], _ key: (EconomyMatrix.Cell) -> String) -> [String] {
            guard keys.count > 30 else { return keys }
            var weight: [String: Int] = [:]
            for c in m.cells { weight[key(c), default: 0] += c.flows }
            return Array(keys.sorted { (weight[$0] ?? 0) > (weight[$1] ?? 0) }.prefix(30))
        }
        let rows = top(m.rows, \.row), columns = top(m.columns, \.column)
        func name(_ key: String) -> String {
            guard m.by == "nature" else { return names[key] ?? EconomyText.actor(key, l) }
            return FlowNature(rawValue: key).map { l[EconomyText.nature($0)] } ?? l.stored(key, EconomyText.measure)
        }
        let shades = rows.map { r in
            columns.map { c in
                let flows = cell(r, c)?.flows ?? 0
                return HeatCell(Double(flows), title: name(r) + " → " + name(c) + " : " + String(flows))
            }
        }
        let axes = m.by == "nature" ? l[Text.label(.nature)] + " ↓ / " + l[Text.label(.measure)] + " →"
                                    : l[Text.label(.from)] + " ↓ / " + l[Text.label(.to)] + " →"
        return el("div", .cls("matrix")) {
            Chart.heatmap(rows: rows.map(name), columns: columns.map(name), cells: shades, max: Double(largest), label: label)
            el("table", .cls("heatmap"), .aria("label", label)) {
                tableHead([axes] + columns.map(name))
                el("tbody") {
                    for r in rows {
                        el("tr") {
                            el("th", Attr("scope", "row")) { name(r) }
                            for c in columns {
                                let x = cell(r, c)
                                el("td", .cls("heat-\(Chart.heatLevel(Double(x?.flows ?? 0), max: Double(largest)))")) {
                                    if let x {
                                        el("a", .href(link?(x) ?? EconomyEndpoints.flows.path(slug, query: drillDown(x)))) {
                                            (totals(x.totals) + (x.qualitative > 0 ? [l[EconomyText.qualitativeCount(x.qualitative)]] : [])).joined(separator: " · ")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The ledger filter behind a cell: the query of its API list of flows.
    static func drillDown(_ cell: EconomyMatrix.Cell) -> [(String, String?)] {
        (URLComponents(string: cell.events)?.queryItems ?? []).map { ($0.name, $0.value) }
    }

    package static func pyramidPage(_ m: EconomyPyramidPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.pyramid, s = m.form
        return PageView(title: l[EconomyText.pyramid] + " · " + m.place.name) {
            nav(m.place, l)
            el("h1") { l[EconomyText.pyramid] }
            el("p", .cls("lead")) { l[EconomyText.pyramidLead] }
            if p.layers.values.allSatisfy(\.isEmpty) {
                emptyState(l[FirstStepsText.pyramid], action: m.place.canContribute ? (l[FirstStepsText.pyramidAction], "#resp-title") : nil)
            }
            // Inverted: creation widest at the top, capital at the point.
            Chart.pyramid(PyramidLayer.allCases.map { layer in
                ChartLayer(l[EconomyText.layer(layer)] + " (\(p.layers[layer.rawValue]?.count ?? 0))", cls: layer.rawValue)
            }, label: l[EconomyText.pyramid])
            for layer in PyramidLayer.allCases {
                el("h2") { l[EconomyText.layer(layer)] }
                el("ul") {
                    for r in p.layers[layer.rawValue] ?? [] {
                        el("li") {
                            el("strong") { r.organisationName.map { $0 + " (@" + r.handle + ")" } ?? r.displayName }; " — " + r.role + (r.what.isEmpty ? "" : l[CodeText.colon] + r.what)
                            if let a = r.amount { " · " + NumberFormat.number(a) + " " + r.unit }
                            if let sh = r.share { " · " + NumberFormat.number(sh) + " %" }
                        }
                    }
                }
            }
            if !m.roles.isEmpty {
                titledSection("pyramid-roles", l[GovernanceText.rolesTitle]) {
                    el("ul") {
                        for r in m.roles {
                            el("li") {
                                el("strong") { GovernanceViews.roleName(r, l) }
                                " — " + GovernanceViews.rightsText(r.rights, l)
                                if !r.holders.isEmpty { " · " + r.holders.map { "@" + $0 }.joined(separator: ", ") }
                            }
                        }
                    }
                    el("p") { el("a", .href(GovernanceEndpoints.roles.path(m.place.slug))) { l[GovernanceText.rolesTitle] } }
                }
            }
            if !p.capitalWithoutCreation.isEmpty || !p.creationWithoutCapital.isEmpty {
                titledSection("gap-title", l[EconomyText.gaps], [.cls("callout")]) {
                    if !p.capitalWithoutCreation.isEmpty { el("p") { l[EconomyText.capitalOnly] + l[CodeText.colon] + p.capitalWithoutCreation.map { "@" + $0 }.joined(separator: ", ") } }
                    if !p.creationWithoutCapital.isEmpty { el("p") { l[EconomyText.creationOnly] + l[CodeText.colon] + p.creationWithoutCapital.map { "@" + $0 }.joined(separator: ", ") } }
                }
            }
            if m.place.canContribute {
                formSection("resp-title", l[EconomyText.addResponsibility], state: s, l, action: EconomyEndpoints.addResponsibility.path(m.place.slug), csrf: csrf) {
                    field(.handle, s, l, required: true)
                    field(.layer, s, l, input: .choice(PyramidLayer.allCases.map { ($0.rawValue, EconomyText.layer($0)) }))
                    field(.role, s, l, required: true)
                    field(.definition, s, l)
                    field(.quantity, s, l)
                    field(.unit, s, l)
                    field(.share, s, l)
                    el("button", .type("submit")) { l[.save] }
                }
            }
        }
    }
}

extension EconomyText {
    /// Who recorded the entry and who confirmed (or declined) it; entries older than confirmation have no known confirmer.
    package static func who(_ f: EconomyFlow, _ l: Lang) -> String {
        var out = l[EconomyText.recordedBy(f.recorder)]
        let by = f.confirmer.map { "@" + $0 }
        switch f.state {
        case .pending: break
        case .declined: out += " · " + l[Text(fr: "refusé par ", en: "declined by ")] + (by ?? "?")
        case .confirmed:
            if f.confirmer == nil { out += " · " + l[Text(fr: "confirmateur inconnu", en: "confirmer unknown")] }
            else if f.confirmer == f.recorder { out += " · " + l[Text(fr: "confirmé à l’enregistrement", en: "confirmed on recording")] }
            else { out += " · " + l[Text(fr: "confirmé par ", en: "confirmed by ")] + (by ?? "") }
        }
        return out
    }

    /// One line for a flow: date, who to whom, how much (or how it was appreciated), what.
    package static func summary(_ f: EconomyFlow, _ l: Lang) -> String {
        [f.date, EconomyText.actor(f.fromKey, l) + " → " + EconomyText.actor(f.toKey, l),
         f.quantity.map { NumberFormat.number($0) + " " + f.unit } ?? f.appreciation.map { "★ \($0)/5" },
         f.description.isEmpty ? nil : f.description].compactMap { $0 }.joined(separator: " · ")
    }
}
