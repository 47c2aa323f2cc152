import Foundation
import EnjeuCore

/// Members, join requests and the charter: the pages stewards run a community from.
extension CommunityViews {
    package static func membersPage(_ m: CommunityMembersPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        let steward = c.can(.steward), moderate = c.can(.moderate)
        return PageView(title: l[.membersTitle] + " · " + c.name) {
            crumbs(c)
            el("h1") { l[.membersTitle] }
            el("p") { el("a", .href(GovernanceEndpoints.roles.path(slug))) { l[GovernanceText.rolesTitle] } }
            el("table", .cls("members")) {
                el("caption") { l[.memberCount(c.memberCount)] }
                tableHead([l[Text.label(.name)], l[Text.label(.role)], l[.charterTitle]] + (steward || moderate ? [l[.actions]] : []))
                el("tbody") {
                    for p in m.page.items {
                        el("tr") {
                            el("td") { el("a", .href(AccountEndpoints.person.path(p.handle))) { p.displayName }; el("span", .cls("muted")) { " @" + p.handle }
                                " · "; el("a", .href(CommunityEndpoints.contribution.path(slug, p.handle))) { l[ContributionText.link] }
                            }
                            el("td") {
                                l[Text.role(p.role)]
                                // The community's own roles (issue 18), each named as it was adopted.
                                for name in p.roles where Role(rawValue: name) == nil { " · " + name }
                                if p.status == .suspended { " · " + l[Text.status(.suspended)] }
                            }
                            el("td") { l[p.charterCurrent ? .charterUpToDate : .charterToAccept] }
                            if steward || moderate {
                                el("td", .cls("row-actions")) {
                                    // Nobody acts on the founder or on themselves. Roles are the community's decision
                                    // (the roles page), never one steward's: only moderation's suspensions are here.
                                    if p.role != .founder && p.handle != c.viewerHandle {
                                        if moderate && p.status == .suspended { ModerationViews.unsuspendForm(slug, p.handle, l, csrf: csrf) }
                                        if moderate && p.status == .active { ModerationViews.suspendForm(slug, p.handle, l, csrf: csrf) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            pager(next: m.page.next.map { CommunityEndpoints.members.path(slug, query: [("after", $0)]) }, l)
        }
    }

    package static func requestsPage(_ m: JoinRequestsPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[.requestsTitle] + " · " + c.name) {
            crumbs(c)
            el("h1") { l[.requestsTitle] }
            if m.page.items.isEmpty { emptyState(l[.noPendingRequests] + " " + l[FirstStepsText.requests]) }
            el("ul", .cls("requests")) {
                for r in m.page.items {
                    el("li", .cls("card")) {
                        if let organisation = r.organisation {
                            // An organisation's request: its name first, then the representative who asked in its name.
                            el("h2") { el("a", .href(OrganisationEndpoints.profile.path(organisation))) { r.organisationName ?? organisation } }
                            el("p") {
                                l[OrganisationText.requestedBy] + " "
                                el("a", .href(AccountEndpoints.person.path(r.handle))) { r.displayName }
                                el("span", .cls("muted")) { " @" + r.handle }
                            }
                        } else {
                            el("h2") { el("a", .href(AccountEndpoints.person.path(r.handle))) { r.displayName }; el("span", .cls("muted")) { " @" + r.handle } }
                        }
                        el("p", .cls("muted")) { dateText(r.createdAt, l) }
                        if r.message.isEmpty { el("p", .cls("muted")) { l[.noMessage] } } else { el("blockquote") { paragraphs(r.message) } }
                        el("div", .cls("decide")) {
                            postForm(CommunityEndpoints.approve.path(slug, r.id), csrf: csrf, cls: "inline") {
                                el("button", .aria("label", l[.approve] + " " + (r.organisationName ?? r.displayName))) { l[.approve] }
                            }
                            postForm(CommunityEndpoints.decline.path(slug, r.id), csrf: csrf, cls: "decline") {
                                el("label", Attr("for", "reason-\(r.id)")) { l[.declineReasonLabel] }
                                el("input", .id("reason-\(r.id)"), .name("reason"), .flag("required"), Attr("maxlength", "2000"))
                                el("button", .cls("danger")) { l[.decline] }
                            }
                        }
                    }
                }
            }
            pager(next: m.page.next.map { CommunityEndpoints.requests.path(slug, query: [("after", $0)]) }, l)
        }
    }

    package static func charterPage(_ m: CharterPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        return PageView(title: l[.charterTitle] + " · " + c.name) {
            crumbs(c)
            el("h1") { l[.charterTitle] + " · v\(c.charterVersion)" }
            el("article", .cls("charter-text")) { if let current = m.current { paragraphs(current.text) } }
            // The give-to-get rule of #ChiffresEnsemble is part of the reciprocity charter every member accepts.
            titledSection("give-to-get-title", l[FiguresText.rulesTitle], [.cls("charter give-to-get"), .id("give-to-get")]) {
                el("p") { l[FiguresText.rulesText(m.giveToGet)] }
                el("p") { l[m.stewardsReadFree ? CharterProposalText.stewardsFreeYes : CharterProposalText.stewardsFreeNo] }
            }
            if c.can(.acceptCharter) {
                postForm(CommunityEndpoints.acceptCharter.path(c.slug), csrf: csrf, cls: "accept") {
                    el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                    el("button", .type("submit")) { l[.acceptCharter] }
                }
            }
            if c.can(.seeInside) {
                titledSection("charter-proposals", l[CharterProposalText.proposalsTitle]) {
                    if m.proposals.isEmpty { el("p") { l[CharterProposalText.noProposals] } }
                    el("ul") {
                        for p in m.proposals {
                            el("li") {
                                el("a", .href(GovernanceEndpoints.proposal.path(c.slug, p.id))) { p.summary }
                                " · " + l[Text.amendmentStatus(p.status)] + " · " + dateText(p.createdAt, l)
                            }
                        }
                    }
                }
            }
            // A charter the members write: any member who contributes proposes a version, the community decides.
            if c.can(.contribute) {
                titledSection("new-version", l[CharterProposalText.proposeTitle]) {
                    el("p", .cls("hint")) { l[CharterProposalText.proposeLead] }
                    errorSummary(m.form, l)
                    postForm(CommunityEndpoints.publishCharter.path(c.slug), csrf: csrf) {
                        el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                        field(.charter, m.form, l, input: .area(rows: 10), required: true)
                        el("fieldset") {
                            el("legend") { l[CharterProposalText.rulesInCharter] }
                            field(.allowance, m.form, l, input: .text(type: "number"), required: true)
                            field(.readCost, m.form, l, input: .text(type: "number"), required: true)
                            field(.earn, m.form, l, input: .text(type: "number"), required: true)
                            field(.halfLifeDays, m.form, l, input: .text(type: "number"), required: true)
                            el("p") {
                                el("input", [.id("f-stewardsReadFree"), .name("stewardsReadFree"), .type("checkbox"), .value("on")]
                                    + (m.form.values["stewardsReadFree"] == "on" ? [.flag("checked")] : []))
                                " "
                                el("label", Attr("for", "f-stewardsReadFree")) { l[Text.label(.stewardsReadFree)] }
                            }
                        }
                        field(.reason, m.form, l, input: .area(rows: 3), hint: CharterProposalText.reasonHint.text)
                        el("button", .type("submit")) { l[CharterProposalText.proposeButton] }
                    }
                }
            }
            titledSection("versions", l[.charterHistory]) {
                el("ol", Attr("reversed", nil)) {
                    for v in m.versions { el("li") { "v\(v.version) · " + dateText(v.createdAt, l) } }
                }
            }
        }
    }
}
