import Foundation
import EnjeuCore

/// A member's contribution: their part in the collective beside the collective's own evaluation, then each list
/// (`?part=` shows one alone, paged with `?after=`).
package enum ContributionViews {
    private typealias T = ContributionText

    package static func page(_ m: ContributionPage, _ l: Lang) -> PageView {
        let slug = m.place.slug, member = m.member
        return PageView(title: l[T.title(member.displayName)] + " · " + m.place.name) {
            el("p", .cls("crumbs")) {
                el("a", .href(CommunityEndpoints.community.path(slug))) { m.place.name }
                " › "
                el("a", .href(CommunityEndpoints.members.path(slug))) { l[.membersTitle] }
            }
            el("h1") { l[T.title(member.displayName)]; el("span", .cls("handle")) { " @" + member.handle } }
            el("p", .cls("lead")) { l[T.lead] }
            if m.part != nil {
                el("p") { el("a", .href(CommunityEndpoints.contribution.path(slug, member.handle))) { l[T.whole] } }
            } else {
                results(m, l)
                evaluation(m, l)
            }
            if let p = m.actions { list(m, .actions, p, l) { a in actionItem(m, a, l) } }
            if let p = m.amendments {
                list(m, .amendments, p, l) { a in
                    el("a", .href(CodeEndpoints.amendment.path(slug, a.id))) { a.summary }
                    if let d = a.decidedAt { el("span", .cls("muted")) { " · " + dateText(d, l) } }
                }
            }
            if let p = m.figures {
                list(m, .figures, p, l) { f in
                    el("a", .href(FiguresEndpoints.list.path(slug))) { f.name }
                    el("span", .cls("muted")) {
                        " (" + f.unit + ") · " + l[T.observedOn] + " " + f.observedOn
                    }
                }
            }
            if let p = m.flows {
                section(m, .flows, p.next, l) {
                    if p.items.isEmpty { el("p", .cls("muted")) { l[T.noneYet] } } else { EconomyViews.ledger(p.items, l) }
                }
            }
            if let p = m.referrals {
                list(m, .referrals, p, l) { r in
                    el("a", .href(EconomyEndpoints.offer.path(slug, r.offerId))) { r.offer }
                    " "
                    statusBadge(r.status.tone, l[EconomyText.referralStatus(r.status)])
                }
            }
            if let p = m.recognitionsGiven { list(m, .recognitionsGiven, p, l) { r in recognition(r, l) } }
            if let p = m.recognitionsReceived { list(m, .recognitionsReceived, p, l) { r in recognition(r, l, from: true) } }
            if let p = m.endorsementsGiven { list(m, .endorsementsGiven, p, l) { e in endorsement(e, l) } }
            if let p = m.endorsementsReceived { list(m, .endorsementsReceived, p, l) { e in endorsement(e, l) } }
        }
    }

    /// The summary a member chose to show on their profile: their verified results in each community the reader sees.
    package static func summary(_ m: ProfilePage, _ l: Lang) -> Node {
        titledSection("contribution-summary-title", l[T.summaryTitle], [.id("contribution-summary")]) {
            if m.contributions.isEmpty { el("p", .cls("muted")) { l[T.summaryNone] } }
            el("ul", .cls("plain")) {
                for c in m.contributions {
                    el("li") {
                        el("a", .href(CommunityEndpoints.contribution.path(c.slug, m.handle))) { c.name }
                        " — " + SocialText.resultLines(c.results).map { l[$0] }.joined(separator: " · ")
                    }
                }
            }
        }
    }

    /// Their verified results beside the community's.
    static func results(_ m: ContributionPage, _ l: Lang) -> Node {
        titledSection("results-title", l[T.verifiedResults], [.id("results")]) {
            el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.verifiedResults])) {
                el("table", .cls("contribution-results")) {
                    tableHead([l[T.kind], l[T.theirs], l[T.community]])
                    el("tbody") {
                        for (label, mine, all) in [(T.resultAmendments, m.results.amendmentsAdopted, m.communityResults.amendmentsAdopted),
                                                   (T.resultFigures, m.results.figuresConfirmed, m.communityResults.figuresConfirmed),
                                                   (T.resultActions, m.results.actionsCompleted, m.communityResults.actionsCompleted),
                                                   (T.resultReferrals, m.results.referralsCompleted, m.communityResults.referralsCompleted)] {
                            el("tr") { el("th", Attr("scope", "row")) { l[label] }; el("td") { String(mine) }; el("td") { String(all) } }
                        }
                    }
                }
            }
        }
    }

    private static func mean(_ a: ScoreAggregate, _ c: Criterion) -> String { a.mean(c).map { NumberFormat.fixed($0, decimals: 2) } ?? "—" }

    /// The mean of each criterion over the assessments of their actions, and over all the community's actions.
    static func evaluation(_ m: ContributionPage, _ l: Lang) -> Node {
        titledSection("evaluation-title", l[T.evaluation], [.id("evaluation")]) {
            el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.evaluation])) {
                el("table", .cls("contribution-evaluation")) {
                    tableHead(["", l[T.theirActions], l[T.allActions]])
                    el("tbody") {
                        for c in Criterion.allCases {
                            el("tr") { el("th", Attr("scope", "row")) { l[JourneyText.criterion(c)] }; el("td") { mean(m.mine, c) }; el("td") { mean(m.community, c) } }
                        }
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[T.assessments] }; el("td") { String(m.mine.count) }; el("td") { String(m.community.count) }
                        }
                    }
                }
            }
        }
    }

    static func actionItem(_ m: ContributionPage, _ a: ContributionAction, _ l: Lang) -> Node {
        el("span") {
            el("a", .href(JourneyEndpoints.action.path(m.place.slug, a.id))) { a.title }
            " "
            statusBadge(a.status.tone, l[JourneyText.actionStatus(a.status)])
            if a.assessments > 0 {
                el("span", .cls("muted")) {
                    " · " + l[T.scores(a.assessments)] + " · "
                        + Criterion.allCases.map { l[JourneyText.criterion($0)] + " " + mean(a.scores, $0) }.joined(separator: ", ")
                }
            }
            if a.status == .done { el("span", .cls("muted")) { " · " + l[a.wellAssessed(threshold: m.threshold) ? T.wellAssessed : T.notWellAssessed] } }
        }
    }

    static func recognition(_ r: ContributionRecognition, _ l: Lang, from: Bool = false) -> Node {
        el("span") { (from ? "@" : "") + r.other + " — "; el("q") { r.message } }
    }

    static func endorsement(_ e: ContributionEndorsement, _ l: Lang) -> Node {
        el("span") { "@" + e.other + " — " + e.topic; if !e.note.isEmpty { " "; el("q") { e.note } } }
    }

    private static func section(_ m: ContributionPage, _ part: ContributionPart, _ next: String?, _ l: Lang, @NodeBuilder _ body: () -> [Node]) -> Node {
        titledSection(part.rawValue + "-title", l[T.part(part)], [.id(part.rawValue)]) {
            body()
            pager(next: next.map { CommunityEndpoints.contribution.path(m.place.slug, m.member.handle, query: [("part", part.rawValue), ("after", $0)]) }, l)
        }
    }

    private static func list<Item: Sendable>(_ m: ContributionPage, _ part: ContributionPart, _ p: KeysetPage<Item>, _ l: Lang, @NodeBuilder _ item: (Item) -> [Node]) -> Node {
        section(m, part, p.next, l) {
            if p.items.isEmpty { el("p", .cls("muted")) { l[T.noneYet] } }
            el("ul", .cls("contribution")) { for i in p.items { el("li") { item(i) } } }
        }
    }
}
