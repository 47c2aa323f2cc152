import Foundation
import EnjeuCore

/// A community's home: its card, the viewer's place in it, its people and its charter.
extension CommunityViews {
    package static func homePage(_ m: CommunityHomePage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        let inside = c.can(.seeInside)
        return PageView(title: c.name) {
            header(c, l)
            if c.can(.readCode) {
                el("p", .cls("subnav")) {
                    el("a", .href(CodeEndpoints.document.path(slug))) { l[CodeText.codeTitle] + " — " + l[CodeText.codeNavHint] }
                    if inside {
                        el("a", .href(FiguresEndpoints.list.path(slug))) { l[FiguresText.title] }
                        el("a", .href(JourneyEndpoints.overview.path(slug))) { l[JourneyText.title] }
                        el("a", .href(EconomyEndpoints.catalogue.path(slug))) { l[EconomyText.catalogue] }
                        el("a", .href(SocialEndpoints.feed.path(slug))) { l[SocialText.feed] }
                        el("a", .href(SocialEndpoints.credibility.path(slug))) { l[SocialText.credibility] }
                        el("a", .href(NetworkEndpoints.links.path(slug))) { l[NetworkText.homeLink] }
                        el("a", .href(FederationPageEndpoints.page.path(slug))) { l[FederationText.homeLink] }
                    }
                }
            }
            if c.stage == .closed { el("p", .cls("callout")) { l[VitalityText.closedArchive] } }
            if c.stage == .dormant { el("p", .cls("callout")) { l[VitalityText.dormantNotice] } }
            titledSection("status-title", l[.yourPlace], [.cls("status")]) {
                statusPanel(m, l, csrf: csrf)
            }
            if inside {
                titledSection("stewards-title", l[.stewardsTitle]) {
                    el("ul", .cls("people")) { for p in m.stewards { el("li") { personChip(p, l) } } }
                }
                titledSection("members-title", l[.memberCount(c.memberCount)], [.id("members")]) {
                    el("ul", .cls("people")) { for p in m.members { el("li") { personChip(p, l) } } }
                    if m.moreMembers { el("p") { el("a", .href(CommunityEndpoints.members.path(slug))) { l[.allMembers] } } }
                    if c.memberCount <= 1 && c.can(.steward) {
                        emptyState(l[FirstStepsText.homeAlone], action: (l[FirstStepsText.homeAloneAction], CommunityEndpoints.requests.path(slug)))
                    }
                }
            }
            if let v = m.vitality { vitalitySection(v, stage: c.stage, l) }
            titledSection("charter-title", l[.charterTitle] + " · v\(c.charterVersion)", [.cls("charter")]) {
                if let charter = m.charter { paragraphs(charter.text) }
                el("p") { el("a", .href(CommunityEndpoints.charter.path(slug))) { l[.charterHistory] } }
            }
        }
    }

    /// What the viewer may do from where they stand: sign up, ask to join, wait, accept the charter, steward, leave.
    /// A closed community is an archive: nothing here offers a write (`AccessPolicy.writable`).
    static func statusPanel(_ m: CommunityHomePage, _ l: Lang, csrf: String) -> [Node] {
        let c = m.community
        let slug = c.slug
        let writable = AccessPolicy.writable(c.stage)
        var nodes: [Node] = []
        switch c.relation {
        case .anonymous:
            nodes.append(el("p") { l[.joinNeedsAccount] })
            nodes.append(el("p") {
                el("a", .cls("button"), .href(AccountEndpoints.signUp.path())) { l[.signUp] }
                " "
                el("a", .href(AccountEndpoints.signIn(next: CommunityEndpoints.community.path(slug)))) { l[.signIn] }
            })
        case .pending:
            nodes.append(el("p") { l[.requestPending] })
            if writable { nodes.append(postForm(CommunityEndpoints.withdraw.path(slug), csrf: csrf) { el("button", .cls("secondary")) { l[.withdrawRequest] } }) }
        case .outsider, .member(_, .left, _):
            if let latest = m.latestRequest, latest.status == .declined {
                nodes.append(el("div", .cls("callout")) {
                    el("p") { l[.requestDeclined] }
                    if let reason = latest.reason { el("blockquote") { reason } }
                })
            }
            if c.can(.requestToJoin) {
                nodes.append(el("p") { l[.joinExplain] })
                nodes.append(postForm(CommunityEndpoints.join.path(slug), csrf: csrf) {
                    field(.message, FormState(), l, input: .area(rows: 3), hint: CommonText.joinMessageHint.text, label: CommonText.joinMessageLabel.text, maxLength: 2000)
                    el("button", .type("submit")) { l[.askToJoin] }
                })
            }
        case let .member(role, status, current):
            switch status {
            case .approved:
                if c.can(.acceptCharter) {
                    nodes.append(el("p") { l[.approvedAcceptCharter] })
                    nodes.append(el("p") { el("a", .cls("button"), .href(CommunityEndpoints.charter.path(slug))) { l[.readAndAccept] } })
                }
            case .suspended:
                nodes.append(el("p") { l[.youAreSuspended] })
            case .active, .left:
                nodes.append(el("p") { l[.youAreMember(Text.role(role))] })
                if !current && writable {
                    nodes.append(el("div", .cls("callout")) {
                        el("p") { l[.charterChangedAcceptAgain] }
                        el("a", .cls("button"), .href(CommunityEndpoints.charter.path(slug))) { l[.readAndAccept] }
                    })
                }
            }
            if c.can(.steward) {
                nodes.append(el("ul", .cls("actions")) {
                    el("li") { el("a", .href(CommunityEndpoints.requests.path(slug))) { l[m.pendingRequests > 0 ? .requestsWaiting : .requestsTitle] } }
                    el("li") { el("a", .href(CommunityEndpoints.members.path(slug))) { l[.manageMembers] } }
                    el("li") { el("a", .href(CommunityEndpoints.settings.path(slug))) { l[.settingsTitle] } }
                    el("li") { el("a", .href(ModerationEndpoints.reports.path(slug))) { l[ModerationText.reportsTitle] } }
                })
            }
            if status == .active || status == .suspended {
                nodes.append(el("p") { el("a", .href(ModerationEndpoints.journal.path(slug))) { l[ModerationText.journalTitle] } })
            }
            if c.can(.leave) {
                nodes.append(postForm(CommunityEndpoints.leave.path(slug), csrf: csrf, cls: "inline") {
                    el("button", .cls("secondary")) { l[.leaveCommunity] }
                })
            }
        }
        if c.relation != .anonymous && writable {
            // People join for themselves above; an organisation joins through one of its representatives.
            nodes.append(el("p") { el("a", .href(OrganisationEndpoints.join.path(slug))) { l[OrganisationText.homeLink] } })
        }
        return nodes
    }

    /// The community's vitality: each measure over the last 30 days beside the 30 days before, its trend in words (not
    /// only an arrow), and the life stage the measures suggest (`StageRule`).
    static func vitalitySection(_ v: Vitality, stage: LifeStage, _ l: Lang) -> Node {
        titledSection("vitality-title", l[VitalityText.title], [.id("vitality"), .cls("vitality")]) {
            el("p", .cls("lead")) { l[VitalityText.lead] }
            // Four columns of words do not fit a phone's width: the table scrolls in its own region, not the page.
            el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[VitalityText.title])) {
            el("table") {
                tableHead([l[VitalityText.measure], l[VitalityText.lastDays], l[VitalityText.previousDays], l[VitalityText.trendHeader]])
                el("tbody") {
                    for metric in VitalityMetric.allCases {
                        let m = v[metric]
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[VitalityText.metric(metric)] }
                            el("td", .cls("num")) { String(m.current) }
                            el("td", .cls("num")) { String(m.previous) }
                            el("td") {
                                el("span", .aria("hidden", "true")) { m.trend == .up ? "↗ " : m.trend == .down ? "↘ " : "→ " }
                                l[VitalityText.trend(m.trend)]
                            }
                        }
                    }
                }
            }
            }
            let suggested = StageRule.suggested(v, current: stage)
            el("p") {
                l[VitalityText.stageNow] + l[CodeText.colon] + l[Text.stage(stage)] + ". "
                suggested == stage ? l[VitalityText.suggestsSame] : l[VitalityText.suggests] + l[CodeText.colon] + l[Text.stage(suggested)] + "."
            }
        }
    }
}
