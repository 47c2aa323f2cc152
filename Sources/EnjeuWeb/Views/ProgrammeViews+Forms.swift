import Foundation
import EnjeuCore

/// A programme's forms: joining (oneself or a community one stewards), its charter, and what awaits its stewards
/// (requests, merges); a programme indicator's page; a community steward's merge form.
extension ProgrammeViews {
    static func actions(_ a: ProgrammeActions, _ l: Lang, csrf: String) -> Node {
        let slug = a.slug
        return el("div", .cls("programme-actions")) {
            errorSummary(a.form, l)
            if a.pending { el("p", .cls("callout")) { l[T.pendingRequest] } }
            if a.mayAsk || !a.stewardOf.isEmpty || !a.organisations.isEmpty {
                titledSection("programme-join-title", l[T.joinTitle], [.cls("join")]) {
                    el("p", .cls("hint")) { l[T.joinLead] }
                    if a.mayAsk {
                        postForm(ProgrammeEndpoints.join.path(slug), csrf: csrf, cls: "join-self") {
                            field(.message, a.form, l, input: .area(rows: 2))
                            el("button", .type("submit")) { l[T.askButton] }
                        }
                    }
                    if !a.stewardOf.isEmpty {
                        postForm(ProgrammeEndpoints.join.path(slug), csrf: csrf, cls: "join-community") {
                            field(.target, a.form, l, input: .choice(a.stewardOf.map { ($0.slug, Text(fr: $0.name, en: $0.name)) }),
                                  required: true, label: T.asCommunity.text)
                            el("button", .type("submit")) { l[T.communityJoinButton] }
                        }
                    }
                    if !a.organisations.isEmpty {
                        postForm(ProgrammeEndpoints.join.path(slug), csrf: csrf, cls: "join-organisation") {
                            field(.organisation, a.form, l, input: .choice(a.organisations.map { ($0.slug, Text(fr: $0.name, en: $0.name)) }),
                                  required: true, label: T.asOrganisation.text)
                            el("button", .type("submit")) { l[T.organisationJoinButton] }
                        }
                    }
                }
            }
            if a.charter != nil || a.charterToAccept != nil {
                titledSection("programme-charter-title", l[T.charterTitle], [.cls("charter"), .id("charter")]) {
                    if let text = a.charterToAccept?.text ?? a.charter { el("article", .cls("charter-text")) { paragraphs(text) } }
                    if let rules = a.rules {
                        el("section", .cls("give-to-get"), .id("give-to-get")) {
                            el("h3") { l[FiguresText.rulesTitle] }
                            el("p") { l[FiguresText.rulesText(rules)] }
                        }
                    }
                    if let accept = a.charterToAccept {
                        postForm(ProgrammeEndpoints.acceptCharter.path(slug), csrf: csrf, cls: "accept") {
                            el("input", .type("hidden"), .name("version"), .value(String(accept.version)))
                            el("button", .type("submit")) { l[T.acceptCharter] }
                        }
                    }
                }
            }
            if a.isSteward { stewardSections(a, l, csrf: csrf) }
        }
    }

    static func stewardSections(_ a: ProgrammeActions, _ l: Lang, csrf: String) -> [Node] {
        let slug = a.slug
        return [
            titledSection("programme-requests-title", l[T.requestsTitle], [.cls("requests")]) {
                if a.requests.isEmpty && a.communityRequests.isEmpty { emptyState(l[T.noRequest]) }
                el("ul", .cls("requests")) {
                    for r in a.communityRequests {
                        el("li", .cls("card community-request")) {
                            el("p") { l[T.communityAsks(r.name)] }
                            decide(slug, r.id, r.name, l, csrf: csrf)
                        }
                    }
                    for r in a.requests {
                        el("li", .cls("card")) {
                            el("p") { (r.organisationName ?? r.displayName) + " @" + r.handle }
                            if !r.message.isEmpty { el("blockquote") { paragraphs(r.message) } }
                            decide(slug, r.id, r.organisationName ?? r.displayName, l, csrf: csrf)
                        }
                    }
                }
                more(slug, "requests", a.requestsNext, .moreRequests, l)
            },
            titledSection("programme-merges-title", l[T.mergesTitle], [.cls("merges")]) {
                if a.merges.isEmpty { emptyState(l[T.noMerge]) }
                el("ul", .cls("merges")) {
                    for m in a.merges {
                        el("li", .cls("card")) {
                            el("p") { l[T.mergeLine(community: m.community, indicator: m.indicatorName, into: m.into, by: m.requestedBy)] }
                            postForm(ProgrammeEndpoints.acceptMerge.path(slug, m.id), csrf: csrf, cls: "inline") {
                                el("button", .type("submit"), .aria("label", l[T.acceptMerge] + " " + m.indicatorName)) { l[T.acceptMerge] }
                            }
                        }
                    }
                }
                more(slug, "merges", a.mergesNext, .moreMerges, l)
            },
        ]
    }

    static func decide(_ slug: String, _ id: UUID, _ who: String, _ l: Lang, csrf: String) -> Node {
        el("div", .cls("decide")) {
            postForm(ProgrammeEndpoints.approve.path(slug, id), csrf: csrf, cls: "inline") {
                el("button", .type("submit"), .aria("label", l[CommonText.approve] + " " + who)) { l[CommonText.approve] }
            }
            postForm(ProgrammeEndpoints.decline.path(slug, id), csrf: csrf, cls: "decline") {
                el("label", Attr("for", "reason-\(id)")) { l[CommonText.declineReasonLabel] }
                el("input", .id("reason-\(id)"), .name("reason"), .flag("required"), Attr("maxlength", "2000"))
                el("button", .type("submit"), .cls("danger")) { l[CommonText.decline] }
            }
        }
    }

    /// A programme indicator: its definition, the estimate with where it comes from (or the lock, and how to earn
    /// credits), the reader's own value and the form to contribute. The app answers 402 when the balance falls short.
    package static func indicatorPage(_ m: ProgrammeIndicatorPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.programme, r = m.page.indicator, page = m.page
        let unit = FigureUnit.parse(r.unit)
        return PageView(title: r.name + " · " + p.name) {
            el("nav", .aria("label", l[T.programmeLabel]), .cls("crumbs")) {
                el("a", .href(ProgrammeEndpoints.home.path(p.slug))) { p.name }
            }
            el("h1") { r.name }
            FiguresViews.facts(r)
            paragraphs(r.definition)
            if let lock = page.lock {
                FiguresViews.lockedSection(p.slug, lock, l, csrf: csrf, action: ProgrammeEndpoints.read.path(p.slug, r.id),
                                           rules: ProgrammeEndpoints.home.path(p.slug) + "#give-to-get")
            } else {
                titledSection("estimate-title", l[FiguresText.estimate], [.cls("estimate")]) {
                    FiguresViews.estimate(r, l, sources: false)
                    if let spread = page.spread { spread }
                }
                titledSection("sources-title", l[T.sourcesTitle], [.cls("sources")]) {
                    if let n = m.contributors { el("p") { l[T.sourcesCell(n, m.sources.compactMap(\.community))] } }
                    el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.sourcesTitle])) {
                    el("table", .cls("sources")) {
                        tableHead([l[T.communities], l[FiguresText.contributors], l[T.median]])
                        el("tbody") {
                            for s in m.sources {
                                el("tr") {
                                    el("td") { s.community ?? l[T.direct] }
                                    el("td") { String(s.contributors) }
                                    el("td") { s.median.map { NumberFormat.number($0) } ?? "—" }
                                }
                            }
                        }
                    }
                    }
                }
            }
            if let mine = page.mine {
                el("p", .cls("mine")) {
                    el("strong") { l[FiguresText.myValue] + l[CodeText.colon] }
                    NumberFormat.number(mine.value) + " " + (unit?.base ?? "") + " · " + FiguresViews.sourceWords(mine.source, l) + " · " + mine.observedOn
                }
            }
            titledSection("contribute-title", l[FiguresText.contribute], [.cls("contribute")]) {
                if page.mine != nil { el("p", .cls("hint")) { l[FiguresText.supersedeHint] } }
                errorSummary(page.form, l)
                postForm(ProgrammeEndpoints.contribute.path(p.slug, r.id), csrf: csrf) {
                    field(.value, page.form, l, input: .text(type: "text"), required: true)
                    if let unit, !unit.prefixes.isEmpty {
                        field(.unit, page.form, l, input: .choice(unit.accepted.map { ($0, Text(fr: $0, en: $0)) }), label: FiguresText.unitInput.text)
                    }
                    field(.source, page.form, l, required: true, hint: FiguresText.sourceHint.text)
                    field(.observedOn, page.form, l, input: .text(type: "date"), required: true)
                    field(.comment, page.form, l, input: .area(rows: 2))
                    el("button", .type("submit")) { l[FiguresText.contributeButton] }
                }
            }
        }
    }

    /// A community steward proposes to merge its indicator into one of a joined programme's (same unit and period).
    package static func mergePage(_ m: MergeFormPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug, r = m.indicator
        return PageView(title: l[T.mergeTitle] + " · " + r.name) {
            el("nav", .aria("label", l[FiguresText.title]), .cls("crumbs")) {
                el("a", .href(FiguresEndpoints.indicator.path(slug, r.id))) { r.name }
            }
            el("h1") { l[T.mergeTitle] }
            el("p", .cls("muted")) { [r.name, r.period, r.unit].filter { !$0.isEmpty }.joined(separator: " · ") }
            el("p", .cls("hint")) { l[T.mergeLead] }
            errorSummary(m.form, l)
            if m.targets.isEmpty {
                emptyState(l[T.noMergeTarget])
            } else {
                postForm(FiguresEndpoints.merge.path(slug, r.id), csrf: csrf, cls: "merge") {
                    field(.target, m.form, l, input: .choice(m.targets.map { ($0.id.uuidString, Text(fr: $0.programme + " — " + $0.name,
                                                                                                      en: $0.programme + " — " + $0.name)) }),
                          required: true, label: T.mergeTarget.text)
                    el("button", .type("submit")) { l[T.mergeButton] }
                }
            }
        }
    }
}
