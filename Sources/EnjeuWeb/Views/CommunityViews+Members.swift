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
            el("table", .cls("members")) {
                el("caption") { l[.memberCount(c.memberCount)] }
                tableHead([l[Text.label(.name)], l[Text.label(.role)], l[.charterTitle]] + (steward || moderate ? [l[.actions]] : []))
                el("tbody") {
                    for p in m.page.items {
                        el("tr") {
                            el("td") { el("a", .href(AccountEndpoints.person.path(p.handle))) { p.displayName }; el("span", .cls("muted")) { " @" + p.handle }
                                " · "; el("a", .href(CommunityEndpoints.contribution.path(slug, p.handle))) { l[ContributionText.link] }
                            }
                            el("td") { l[Text.role(p.role)]; if p.status == .suspended { " · " + l[Text.status(.suspended)] } }
                            el("td") { l[p.charterCurrent ? .charterUpToDate : .charterToAccept] }
                            if steward || moderate {
                                el("td", .cls("row-actions")) {
                                    // Nobody acts on the founder or on themselves.
                                    if p.role != .founder && p.handle != c.viewerHandle {
                                        if steward {
                                            for change in memberActions(p) {
                                                postForm(CommunityEndpoints.changeMember.path(slug, p.handle, change), csrf: csrf, cls: "inline") {
                                                    el("button", .cls("secondary")) { l[Text.memberChange(change)] }
                                                }
                                            }
                                        }
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

    /// What a steward may do to this member's role now (suspensions are moderation's, with a reason).
    static func memberActions(_ m: CommunityMember) -> [MemberChange] {
        switch (m.status, m.role) {
        case (.active, .member): [.promote]
        case (.active, .steward): [.demote]
        default: []
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
            }
            if c.can(.acceptCharter) {
                postForm(CommunityEndpoints.acceptCharter.path(c.slug), csrf: csrf, cls: "accept") {
                    el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                    el("button", .type("submit")) { l[.acceptCharter] }
                }
            }
            if c.can(.steward) {
                titledSection("new-version", l[.newCharterVersion]) {
                    el("p", .cls("hint")) { l[.newCharterHint] }
                    errorSummary(m.form, l)
                    postForm(CommunityEndpoints.publishCharter.path(c.slug), csrf: csrf) {
                        el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                        field(.charter, m.form, l, input: .area(rows: 10), required: true)
                        el("button", .type("submit")) { l[.publishVersion] }
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
