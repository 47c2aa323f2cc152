import Foundation
import EnjeuCore

/// The economy's pages: the catalogues and an offer with its referrals here; the ledger and the pyramid in
/// `EconomyViews+Flows.swift`.
package enum EconomyViews {
    package static func ecosystemPage(_ m: EconomyEcosystemPage, _ l: Lang) -> PageView {
        PageView(title: l[EconomyText.ecosystem]) {
            el("h1") { l[EconomyText.ecosystem] }
            el("p", .cls("lead")) { l[EconomyText.ecosystemLead] }
            searchForm(l, action: EconomyEndpoints.ecosystem.path(), q: m.q)
            if m.page.items.isEmpty { el("p") { l[.nothingYet] } }
            offerList(l, m.page.items, community: nil)
            pager(next: m.page.next.map { EconomyEndpoints.ecosystem.path(query: filters(q: m.q, kind: m.kind, tag: m.tag, community: m.community) + [("after", $0)]) }, l)
        }
    }

    package static func cataloguePage(_ m: EconomyCataloguePage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug, s = m.form
        return PageView(title: l[EconomyText.catalogue] + " · " + m.place.name) {
            nav(m.place, l)
            el("h1") { l[EconomyText.catalogue] }
            el("p", .cls("lead")) { l[EconomyText.lead] }
            if let multipliers = m.multipliers {
                titledSection("mult-title", l[EconomyText.multipliersTitle], [.cls("multipliers")]) {
                    el("dl", .cls("facts")) {
                        el("dt") { l[EconomyText.diversity] }; el("dd", .cls("m-diversity")) { String(multipliers.diversity) }
                        el("dt") { l[EconomyText.salesForce] }; el("dd", .cls("m-sales")) { String(multipliers.salesForce) }
                        el("dt") { l[EconomyText.crossSolicitation] }; el("dd", .cls("m-cross")) { String(multipliers.crossSolicitation) }
                        el("dt") { l[EconomyText.completed] }; el("dd", .cls("m-completed")) { String(multipliers.referralsCompleted) }
                    }
                }
            }
            searchForm(l, action: EconomyEndpoints.catalogue.path(slug), q: m.q)
            if m.offers.items.isEmpty {
                if (m.q ?? "").isEmpty {
                    emptyState(l[FirstStepsText.catalogue], action: m.place.canContribute ? (l[FirstStepsText.catalogueAction], "#publish-title") : nil)
                } else {
                    el("p") { l[.nothingYet] }
                }
            }
            offerList(l, m.offers.items, community: slug)
            pager(next: m.offers.next.map { EconomyEndpoints.catalogue.path(slug, query: filters(q: m.q, kind: m.kind, tag: m.tag) + [("after", $0)]) }, l)
            el("p", .cls("exports")) {
                el("a", .href(EconomyEndpoints.offersCSV.path(slug))) { "CSV" }
            }
            if m.place.canContribute {
                formSection("publish-title", l[EconomyText.publish], state: s, l, action: EconomyEndpoints.publish.path(slug), csrf: csrf) {
                    field(.kind, s, l, input: .choice(OfferKind.allCases.map { ($0.rawValue, EconomyText.kind($0)) }))
                    field(.name, s, l, required: true, label: JourneyText.titleLabel.text)
                    field(.definition, s, l, input: .area(rows: 3), required: true)
                    field(.terms, s, l)
                    field(.tags, s, l, hint: FiguresText.tagsHint.text)
                    field(.place, s, l)
                    el("button", .type("submit")) { l[EconomyText.publish] }
                }
            }
        }
    }

    package static func offerPage(_ m: EconomyOfferPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug, o = m.offer, s = m.form
        return PageView(title: o.title) {
            nav(m.place, l)
            el("h1") { o.title }
            el("p", .cls("badges")) { el("span", .cls("badge")) { l.stored(o.kind, EconomyText.kind) } }
            paragraphs(o.description)
            el("dl", .cls("facts")) {
                el("dt") { l[EconomyText.by] }
                el("dd") {
                    if let slug = o.organisationSlug, let name = o.organisationName {
                        el("a", .href(OrganisationEndpoints.profile.path(slug))) { name }
                        " (" ; el("a", .href(AccountEndpoints.person.path(o.ownerHandle))) { "@" + o.ownerHandle }; ")"
                    } else {
                        el("a", .href(AccountEndpoints.person.path(o.ownerHandle))) { o.ownerName }
                    }
                }
                if !o.terms.isEmpty { el("dt") { l[Text.label(.terms)] }; el("dd") { o.terms } }
                if !o.place.isEmpty { el("dt") { l[Text.label(.place)] }; el("dd") { o.place } }
                if !o.tagList.isEmpty { el("dt") { l[Text.label(.tags)] }; el("dd") { o.tagList.joined(separator: ", ") } }
            }
            titledSection("referrals-title", l[EconomyText.referrals]) {
                el("ul", .cls("referrals")) {
                    for r in m.referrals.items { referral(r, slug: slug, owner: m.viewerIsOwner, l, csrf: csrf) }
                }
                pager(next: m.referrals.next.map { EconomyEndpoints.offer.path(slug, o.id, query: [("after", $0)]) }, l)
                if m.canRefer && !m.viewerIsOwner {
                    errorSummary(s, l)
                    postForm(EconomyEndpoints.refer.path(slug, o.id), csrf: csrf) {
                        field(.beneficiary, s, l, required: true, hint: EconomyText.beneficiaryHint.text)
                        field(.note, s, l)
                        el("button", .type("submit")) { l[EconomyText.refer] }
                    }
                }
            }
            if !m.viewerIsOwner { interested(m, l, csrf: csrf) }
        }
    }

    /// « Je suis intéressé·e »: for anyone signed in but the owner, for herself or an organisation she represents.
    static func interested(_ m: EconomyOfferPage, _ l: Lang, csrf: String) -> Node {
        titledSection("solicit", l[EconomyText.interested]) {
            if m.place.viewerHandle == nil {
                el("p") { el("a", .href(AccountEndpoints.signIn(next: EconomyEndpoints.offer.path(m.place.slug, m.offer.id)))) { l[EconomyText.interestedSignIn] } }
            } else {
                el("p", .cls("muted")) { l[EconomyText.interestedLead] }
                postForm(EconomyEndpoints.solicit.path(m.place.slug, m.offer.id), csrf: csrf) {
                    errorSummary(m.form, l)
                    field(.message, m.form, l, input: .area(rows: 3), required: true, maxLength: 2_000)
                    if !m.organisations.isEmpty {
                        el("label", Attr("for", "organisation")) { l[EconomyText.onBehalfOf] }
                        el("select", .id("organisation"), .name("organisation")) {
                            el("option", .value("")) { l[EconomyText.myself] }
                            for o in m.organisations { el("option", .value(o.slug)) { o.name } }
                        }
                    }
                    el("button", .type("submit")) { l[EconomyText.interested] }
                }
            }
        }
    }

    /// A referral with, for the offer's owner, a button for each move it may make.
    static func referral(_ r: EconomyReferral, slug: String, owner: Bool, _ l: Lang, csrf: String) -> Node {
        el("li", .cls("referral status-" + r.state.rawValue)) {
            if r.kind == .solicitation {
                el("span", .cls("badge")) { l[EconomyText.solicitation] }
                " @" + r.referrerHandle + (r.organisation.map { " (" + $0 + ")" } ?? "") + " · "
            } else {
                "@" + r.referrerHandle + " → " + r.beneficiary + " · "
            }
            statusBadge(r.state.tone, l[EconomyText.referralStatus(r.state)])
            if !r.note.isEmpty { " — " + r.note }
            if owner {
                for next in ReferralStatus.allCases where r.state.canMove(to: next) {
                    postForm(EconomyEndpoints.referralStatus.path(slug, r.id), csrf: csrf, cls: "inline") {
                        el("input", .type("hidden"), .name("status"), .value(next.rawValue))
                        el("button", .type("submit"), .cls(next == .declined ? "secondary" : "")) { l[EconomyText.moveReferral(next)] }
                    }
                }
            }
        }
    }

    /// The economy's own links, the community's page and the economic plane of its code.
    static func nav(_ p: CommunityPlace, _ l: Lang) -> Node {
        subnav(l[EconomyText.title], p, [
            (l[EconomyText.catalogue], EconomyEndpoints.catalogue.path(p.slug)),
            (l[EconomyText.flows], EconomyEndpoints.flows.path(p.slug)),
            (l[EconomyText.pyramid], EconomyEndpoints.pyramid.path(p.slug)),
            (l[EconomyText.codeSection], CodeEndpoints.document.path(p.slug) + "#economic"),
        ])
    }

    /// Offers with their tags, each tag a filter of the catalogue listed: the community's (`community`), else the ecosystem's,
    /// which also names each offer's community.
    static func offerList(_ l: Lang, _ items: [EconomyOffer], community: String?) -> Node {
        el("ul", .cls("offers")) {
            for o in items {
                el("li", .cls("offer")) {
                    el("a", .href(EconomyEndpoints.offer.path(o.slug, o.id))) { o.title }
                    el("span", .cls("badge")) { l.stored(o.kind, EconomyText.kind) }
                    if community == nil {
                        " "
                        el("a", .cls("interested"), .href(EconomyEndpoints.offer.path(o.slug, o.id) + "#solicit"),
                           Attr("aria-label", l[EconomyText.interested] + " : " + o.title)) { l[EconomyText.interested] }
                    }
                    el("p", .cls("muted")) {
                        ([o.organisationName ?? o.ownerName] + (community == nil ? [o.communityName] : []) + [o.place]).filter { !$0.isEmpty }
                            .joined(separator: " · ")
                        for t in o.tagList {
                            " · "
                            el("a", .href(community.map { EconomyEndpoints.catalogue.path($0, query: [("tag", t)]) }
                                          ?? EconomyEndpoints.ecosystem.path(query: [("tag", t)]))) { "#" + t }
                        }
                    }
                }
            }
        }
    }

    /// A catalogue's search and filters as the next page's link carries them on (empty ones left out).
    static func filters(q: String?, kind: String?, tag: String?, community: String? = nil) -> [(String, String?)] {
        [("q", q), ("kind", kind), ("tag", tag), ("community", community)].map { ($0.0, $0.1.flatMap { $0.isEmpty ? nil : $0 }) }
    }

    static func searchForm(_ l: Lang, action: String, q: String?) -> Node {
        el("form", .cls("search"), Attr("method", "get"), Attr("action", action), Attr("role", "search")) {
            el("label", Attr("for", "q")) { l[EconomyText.search] }
            el("input", .id("q"), .name("q"), .type("search"), .value(q ?? ""))
            el("label", Attr("for", "kind-filter")) { l[Text.label(.kind)] }
            el("select", .id("kind-filter"), .name("kind")) {
                el("option", .value("")) { l[JourneyText.none] }
                for k in OfferKind.allCases { el("option", .value(k.rawValue)) { l[EconomyText.kind(k)] } }
            }
            el("button", .type("submit")) { l[FiguresText.searchButton] }
        }
    }
}
