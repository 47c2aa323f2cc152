import Foundation
import EnjeuCore

/// The #ChiffresEnsemble pages: indicators, one indicator with its estimate, charts and contributions, flags,
/// credits and rules, datasets. Looking never spends: a locked view carries the POST button that pays.
package enum FiguresViews {
    static func nav(_ p: CommunityPlace, _ l: Lang) -> Node {
        // A programme's figures are listed on its home, its rule written in its charter there.
        if p.isProgramme {
            return subnav(l[FiguresText.title], p, [
                (l[FiguresText.indicators], p.homePath + "#programme-indicators-title"),
                p.canContribute ? (l[FiguresText.credits], ProgrammeEndpoints.credits.path(p.slug)) : nil,
                (l[FiguresText.rulesTitle], giveToGet(p)),
                p.canSteward ? (l[FiguresText.setRules], ProgrammeEndpoints.rules.path(p.slug)) : nil,
            ])
        }
        return subnav(l[FiguresText.title], p, [
            (l[FiguresText.indicators], FiguresEndpoints.list.path(p.slug)),
            (l[FiguresText.datasets], FiguresEndpoints.datasets.path(p.slug)),
            p.canContribute ? (l[FiguresText.credits], FiguresEndpoints.credits.path(p.slug)) : nil,
            (l[FiguresText.rulesTitle], giveToGet(p.slug)),
            p.canSteward ? (l[FiguresText.setRules], FiguresEndpoints.rules.path(p.slug)) : nil,
        ])
    }

    /// The give-to-get rule, in the charter every member accepts.
    package static func giveToGet(_ slug: String) -> String { CommunityEndpoints.charter.path(slug) + "#give-to-get" }
    /// The same for a place: a programme's rule is on its home, beside its charter.
    package static func giveToGet(_ p: CommunityPlace) -> String {
        p.isProgramme ? ProgrammeEndpoints.home.path(p.slug) + "#give-to-get" : giveToGet(p.slug)
    }

    /// The routes of a place's figures pages: a community's (`FiguresEndpoints`) or a programme's (`ProgrammeEndpoints`).
    package static func indicatorPath(_ p: CommunityPlace, _ id: UUID) -> String {
        p.isProgramme ? ProgrammeEndpoints.indicator.path(p.slug, id) : FiguresEndpoints.indicator.path(p.slug, id)
    }
    static func createPath(_ p: CommunityPlace) -> String {
        p.isProgramme ? ProgrammeEndpoints.createIndicator.path(p.slug) : FiguresEndpoints.create.path(p.slug)
    }
    static func saveRulesPath(_ p: CommunityPlace) -> String {
        p.isProgramme ? ProgrammeEndpoints.saveRules.path(p.slug) : FiguresEndpoints.saveRules.path(p.slug)
    }
    static func creditsPath(_ p: CommunityPlace, after: String? = nil) -> String {
        p.isProgramme ? ProgrammeEndpoints.credits.path(p.slug, query: [("after", after)])
            : FiguresEndpoints.credits.path(p.slug, query: [("after", after)])
    }

    static func unitBase(_ unit: String) -> String { FigureUnit.parse(unit)?.base ?? "" }

    /// A contribution's source as the reader says it: a personal observation is stored in French whatever was typed.
    static func sourceWords(_ source: String, _ l: Lang) -> String {
        FigureSource.personalSpellings.contains(source) ? l[FiguresText.personalObservation] : source
    }

    static func estimateLine(_ r: FigureIndicator, _ l: Lang) -> String {
        let kind = r.estimateKind
        guard kind != .none else { return l[FiguresText.kind(.none)] }
        return NumberFormat.number(r.estValue) + " " + unitBase(r.unit) + " · " + l[FiguresText.kind(kind)]
    }

    /// A balance as the pages write it: one decimal.
    static func credits(_ balance: Double) -> String { String(format: "%.1f", balance) }

    package static func listPage(_ m: FiguresListPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, slug = p.slug
        return PageView(title: l[FiguresText.title] + " · " + p.name) {
            nav(p, l)
            el("h1") { l[FiguresText.title] }
            el("p", .cls("lead")) { l[FiguresText.lead] }
            if let balance = m.balance {
                el("p", .cls("balance")) {
                    el("a", .href(FiguresEndpoints.credits.path(slug))) { l[FiguresText.balance] + l[CodeText.colon] + credits(balance) }
                }
            }
            el("p", .cls("actions")) {
                if p.canContribute { el("a", .cls("button"), .href(FiguresEndpoints.newIndicator.path(slug))) { l[FiguresText.newIndicator] } }
                // The same figures shared across communities: the programmes the reader can see, and the form to create one.
                el("a", .href(ProgrammeEndpoints.list.path())) { l[ProgrammeText.programmesLink] }
                if p.canSteward {
                    postForm(FiguresEndpoints.refresh.path(slug), csrf: csrf, cls: "inline") {
                        el("button", .type("submit"), .cls("secondary")) { l[FiguresText.refresh] }
                    }
                    if let at = m.refreshedAt { el("span", .cls("muted")) { " " + l[FiguresText.refreshed] + l[CodeText.colon] + dateText(at, l) } }
                }
            }
            el("form", .cls("search"), Attr("method", "get"), Attr("action", FiguresEndpoints.list.path(slug)), Attr("role", "search")) {
                el("label", Attr("for", "q")) { l[FiguresText.search] }
                el("input", .id("q"), .name("q"), .type("search"), .value(m.q ?? ""))
                el("button", .type("submit")) { l[FiguresText.searchButton] }
            }
            if m.indicators.items.isEmpty {
                if (m.q ?? "").isEmpty {
                    emptyState(l[FirstStepsText.indicators], action: p.canContribute ? (l[FirstStepsText.indicatorsAction], FiguresEndpoints.newIndicator.path(slug)) : nil)
                } else {
                    el("p") { l[.nothingYet] }
                }
            }
            el("ul", .cls("indicators")) {
                for r in m.indicators.items {
                    el("li") {
                        el("a", .href(FiguresEndpoints.indicator.path(slug, r.id))) { r.name }
                        el("span", .cls("muted")) { " · " + [r.period, r.place, r.unit].filter { !$0.isEmpty }.joined(separator: " · ") }
                        if p.canContribute { statusBadge(r.estimateKind.tone, l[FiguresText.kind(r.estimateKind)] + " · \(r.estContributors)") }
                    }
                }
            }
            pager(next: m.indicators.next.map {
                FiguresEndpoints.list.path(slug, query: [("q", m.q.flatMap { $0.isEmpty ? nil : $0 }), ("after", $0)])
            }, l)
        }
    }

    package static func newIndicatorPage(_ m: NewIndicatorPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, s = m.form
        return PageView(title: l[FiguresText.newIndicator]) {
            nav(p, l)
            el("h1") { l[FiguresText.newIndicator] }
            errorSummary(s, l)
            if !m.similar.isEmpty {
                titledSection("similar-title", l[FiguresText.similarTitle], [.cls("callout")]) {
                    el("p") { l[FiguresText.similarLead] }
                    el("ul") {
                        for x in m.similar { el("li") { el("a", .href(indicatorPath(p, x.id))) { x.name + " · " + x.period } } }
                    }
                }
            }
            postForm(createPath(p), csrf: csrf) {
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.definition, s, l, input: .area(rows: 3), required: true)
                field(.unit, s, l, required: true, hint: FiguresText.unitHint.text)
                field(.period, s, l, required: true, hint: FiguresText.periodHint.text)
                field(.place, s, l)
                field(.tags, s, l, hint: FiguresText.tagsHint.text)
                field(.scale, s, l, input: .choice([(FigureScale.positive.rawValue, FiguresText.scalePositive.text), (FigureScale.signed.rawValue, FiguresText.scaleSigned.text)]))
                if !m.datasets.isEmpty {
                    field(.dataset, s, l, input: .choice([("", FiguresText.noDataset.text)] + m.datasets.map { ($0.id.uuidString, Text(fr: $0.name, en: $0.name)) }),
                          label: FiguresText.datasetOptional.text)
                }
                if !m.similar.isEmpty { el("input", .type("hidden"), .name("confirm"), .value("1")) }
                el("button", .type("submit")) { l[m.similar.isEmpty ? FiguresText.create : FiguresText.createAnyway] }
            }
        }
    }

    /// Flagging one contribution: what it says (to a reader who may read it), and why the member thinks it is wrong.
    package static func flagPage(_ m: FlagPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, slug = p.slug, c = m.contribution, s = m.form
        return PageView(title: l[FiguresText.flag]) {
            nav(p, l)
            el("p", .cls("crumbs")) { el("a", .href(FiguresEndpoints.indicator.path(slug, c.indicatorId))) { c.indicatorName } }
            el("h1") { l[FiguresText.flag] }
            if let lock = m.lock {
                lockedSection(slug, lock, l, csrf: csrf, action: FiguresEndpoints.read.path(slug, c.indicatorId), back: m.contributionID)
            } else {
                el("p", .cls("lead")) {
                    el("strong") { NumberFormat.number(c.value) + " " + unitBase(c.unit) }
                    " · " + sourceWords(c.source, l) + " · " + c.observedOn + " · " + c.displayName
                }
            }
            el("p", .cls("hint")) { l[FiguresText.flagHint] }
            errorSummary(s, l)
            postForm(FiguresEndpoints.flag.path(slug, m.contributionID), csrf: csrf) {
                field(.reason, s, l, input: .area(rows: 3), required: true)
                field(.correctedValue, s, l)
                field(.source, s, l, hint: FiguresText.sourceHint.text)
                el("button", .type("submit")) { l[FiguresText.flagButton] }
            }
        }
    }

    /// The community's give-to-get rules, for stewards.
    package static func rulesPage(_ p: CommunityPlace, _ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[FiguresText.rulesTitle]) {
            nav(p, l)
            el("h1") { l[FiguresText.rulesTitle] }
            // A community's rules are written in its charter, so saving proposes a new version; a programme's stewards
            // set its rules themselves.
            if !p.isProgramme { el("p", .cls("lead")) { l[CharterProposalText.rulesLead] } }
            errorSummary(s, l)
            postForm(saveRulesPath(p), csrf: csrf) {
                field(.allowance, s, l, input: .text(type: "number"), required: true)
                field(.readCost, s, l, input: .text(type: "number"), required: true)
                field(.earn, s, l, input: .text(type: "number"), required: true)
                field(.halfLifeDays, s, l, input: .text(type: "number"), required: true)
                el("button", .type("submit")) { p.isProgramme ? l[.save] : l[CharterProposalText.rulesButton] }
            }
        }
    }

    /// What the reader does not see yet, what reading it costs, and the button that pays (or, short of credits, how to earn).
    /// `count` is the number of indicators a dataset's button unlocks; `back` the contribution whose flag page it is on.
    /// `rules`: where the give-to-get rule is written (a community's charter by default; a programme's home).
    static func lockedSection(_ slug: String, _ lock: ReadLock, _ l: Lang, csrf: String, action: String, count: Int? = nil, back: UUID? = nil,
                              rules: String? = nil) -> Node {
        titledSection("locked-title", l[FiguresText.lockedTitle], [.cls("callout locked")]) {
            if lock.affordable {
                el("p") {
                    l[count.map { FiguresText.unlockOffer(count: $0, cost: lock.cost, balance: lock.balance) }
                        ?? FiguresText.readOffer(cost: lock.cost, balance: lock.balance)]
                }
                postForm(action, csrf: csrf) {
                    if let back { el("input", .type("hidden"), .name("back"), .value(back.uuidString)) }
                    el("button", .type("submit")) { l[FiguresText.readFor(lock.cost)] }
                }
            } else {
                el("p") { l[lock.shortfall] }
            }
            el("p") { el("a", .href(rules ?? giveToGet(slug))) { l[FiguresText.rulesTitle] } }
        }
    }
}
