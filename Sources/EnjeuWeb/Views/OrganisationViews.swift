import Foundation
import EnjeuCore

/// Organisations: the creation form, the public profile (with the representatives' forms), and the page of a community
/// from which representatives ask it to admit their organisations.
package enum OrganisationViews {
    typealias T = OrganisationText

    package static func newPage(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[T.newTitle]) {
            formColumn(l[T.newTitle], lead: l[T.newLead], s, l, action: OrganisationEndpoints.create.path(), csrf: csrf) {
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.slug, s, l, required: true, hint: CommonText.slugHint.text, maxLength: 60, pattern: "[a-z0-9-]{3,60}")
                profileFields(s, l)
                el("button", .type("submit")) { l[T.create] }
            }
        }
    }

    /// For representatives: the profile's fields, as they are (or as typed, with what was wrong).
    static func editSection(_ m: OrganisationPage, _ l: Lang, csrf: String) -> Node {
        let p = m.profile
        let s = m.edit ?? FormState(values: ["name": p.name, "kind": p.kind.rawValue, "purpose": p.purpose, "place": p.place, "website": p.website,
                                              "registrationNumber": p.registrationNumber ?? ""])
        return el("details", .id("edit")) {
            el("summary") { l[T.editTitle] }
            errorSummary(s, l)
            postForm(OrganisationEndpoints.edit.path(p.slug), csrf: csrf) {
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                profileFields(s, l)
                el("button", .type("submit")) { l[T.save] }
            }
        }
    }

    /// The profile's fields after its name, the same on creation and edition.
    static func profileFields(_ s: FormState, _ l: Lang) -> [Node] {
        [field(.kind, s, l, input: .choice(kindOptions())),
         field(.purpose, s, l, input: .area(rows: 4), required: true),
         field(.place, s, l, maxLength: Rules.shortTextMax),
         field(.website, s, l, input: .text(type: "url"), maxLength: OrganisationDraft.websiteMax),
         field(.registrationNumber, s, l, maxLength: OrganisationDraft.registrationMax)]
    }

    static func kindOptions() -> [(String, Text)] { OrganisationKind.allCases.map { ($0.rawValue, T.kind($0)) } }

    package static func profilePage(_ m: OrganisationPage, _ l: Lang, csrf: String) -> PageView {
        let p = m.profile
        let facts: [String] = [l[T.kind(p.kind)], p.place, p.registrationNumber ?? ""]
        let meta = facts.filter { !$0.isEmpty }.joined(separator: " · ")
        return PageView(title: p.name) {
            el("h1") { p.name }
            el("p", .cls("muted")) { meta }
            paragraphs(p.purpose)
            if !p.website.isEmpty { el("p") { el("a", .href(p.website), Attr("rel", "nofollow noopener")) { p.website } } }
            el("p", .cls("lead")) { l[T.profileLead] }
            if m.isRepresentative { editSection(m, l, csrf: csrf) }
            representatives(m, l, csrf: csrf)
            if !m.awaiting.items.isEmpty { awaiting(m, l, csrf: csrf) }
            titledSection("communities-title", l[T.communities]) {
                if p.communities.isEmpty { el("p", .cls("muted")) { l[T.noCommunity] } }
                el("ul") {
                    for c in p.communities { el("li") { el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name } } }
                }
            }
        }
    }

    /// For representatives: the entries naming the organisation, each with its answer; back here once answered.
    static func awaiting(_ m: OrganisationPage, _ l: Lang, csrf: String) -> Node {
        let back = OrganisationEndpoints.profile.path(m.profile.slug)
        return titledSection("awaiting-title", l[T.awaitingTitle], [.cls("awaiting")]) {
            el("p", .cls("muted")) { l[T.awaitingLead] }
            el("ul", .cls("ledger")) {
                for f in m.awaiting.items {
                    el("li") {
                        EconomyText.actor(f.from, l) + " → " + EconomyText.actor(f.to, l) + " · "
                        (f.quantity.map { EconomyViews.totals([f.unit: $0]).joined() } ?? f.description) + " · " + f.date + " · "
                        l[T.inLedgerOf] + " "
                        el("a", .href(CommunityEndpoints.community.path(f.home.slug))) { f.home.name }
                        for (endpoint, label) in [(EconomyEndpoints.confirm, T.confirm), (EconomyEndpoints.decline, T.decline)] {
                            postForm(endpoint.path(f.home.slug, f.id), csrf: csrf, cls: "inline") {
                                el("input", .type("hidden"), .name("back"), .value(back))
                                el("button", .type("submit"), .cls(label == .decline ? "secondary" : "")) { l[label] }
                            }
                        }
                    }
                }
            }
            pager(next: m.awaiting.next.map { OrganisationEndpoints.profile.path(m.profile.slug, query: [("after", $0)]) }, l)
        }
    }

    /// The representatives; a representative also sees the form to add one and a button to remove each (not the last).
    static func representatives(_ m: OrganisationPage, _ l: Lang, csrf: String) -> Node {
        let slug = m.profile.slug
        let removable = m.isRepresentative && m.profile.representatives.count > 1
        return titledSection("representatives-title", l[T.representatives], [.id("representatives")]) {
            errorSummary(m.form, l)
            el("ul", .cls("people")) {
                for handle in m.profile.representatives {
                    el("li") {
                        el("a", .href(AccountEndpoints.person.path(handle))) { "@" + handle }
                        if removable {
                            postForm(OrganisationEndpoints.removeRepresentative.path(slug, handle), csrf: csrf, cls: "inline") {
                                el("button", .cls("secondary"), .aria("label", l[T.removeLabel(handle)])) { l[T.remove] }
                            }
                        }
                    }
                }
            }
            if m.isRepresentative {
                postForm(OrganisationEndpoints.addRepresentative.path(slug), csrf: csrf) {
                    field(.handle, m.form, l, required: true, hint: T.representativesHint.text, maxLength: 30)
                    el("button", .type("submit")) { l[T.addRepresentative] }
                }
            }
        }
    }

    package static func joinPage(_ m: OrganisationJoinPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        return PageView(title: l[T.joinTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[T.joinTitle] }
            el("p", .cls("lead")) { l[T.joinLead] }
            if m.organisations.isEmpty {
                emptyState(l[T.noOrganisation], action: (l[T.createOne], OrganisationEndpoints.newOrganisation.path()))
            }
            el("ul", .cls("requests")) {
                for o in m.organisations { el("li", .cls("card")) { standing(o, c, l, csrf: csrf) } }
            }
        }
    }

    /// One organisation the viewer represents: where it stands here and the one thing to do next.
    static func standing(_ o: RepresentedOrganisation, _ c: ViewedCommunity, _ l: Lang, csrf: String) -> [Node] {
        var nodes: [Node] = [el("h2") { el("a", .href(OrganisationEndpoints.profile.path(o.slug))) { o.name } }]
        let canAsk = AccessPolicy.allows(.requestToJoin, representative: true, standing: o.standing)
        let canAccept = AccessPolicy.allows(.acceptCharter, representative: true, standing: o.standing)
        switch o.standing {
        case .pending: nodes.append(el("p") { l[T.standingPending] })
        case .member(.approved, _): nodes.append(el("p") { l[T.standingApproved] })
        case .member(.active, true): nodes.append(el("p") { l[T.standingActive] })
        case .member(.active, false): nodes.append(el("p") { l[T.standingChanged] })
        default: break
        }
        if canAsk {
            let id = "message-" + o.slug
            nodes.append(postForm(OrganisationEndpoints.requestJoin.path(c.slug), csrf: csrf) {
                el("input", .type("hidden"), .name("organisation"), .value(o.slug))
                el("label", Attr("for", id)) { l[.joinMessageLabel] }
                el("textarea", .id(id), .name("message"), Attr("rows", "3"), Attr("maxlength", "2000"))
                el("button", .type("submit")) { l[T.askToJoin] }
            })
        }
        if canAccept {
            nodes.append(el("p") { el("a", .href(CommunityEndpoints.charter.path(c.slug))) { l[.charterTitle] + " · v\(c.charterVersion)" } })
            nodes.append(postForm(OrganisationEndpoints.acceptCharter.path(c.slug), csrf: csrf) {
                el("input", .type("hidden"), .name("organisation"), .value(o.slug))
                el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                el("button", .type("submit")) { l[T.acceptInName(version: c.charterVersion)] }
            })
        }
        return nodes
    }
}
