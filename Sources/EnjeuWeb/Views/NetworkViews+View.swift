import Foundation
import EnjeuCore

/// A network's view (`/communities/<slug>/network`): its members, its organisations, one catalogue searched across
/// them, their figures side by side and the network's evaluation. Only what the loader decided this reader may see.
extension NetworkViews {
    package static func networkPage(_ m: NetworkViewPage, _ l: Lang) -> PageView {
        let c = m.community
        return PageView(title: l[T.viewTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[T.viewTitle] }
            el("p", .cls("lead")) { l[T.viewLead] }
            membersSection(m, l)
            organisationsSection(m, l)
            catalogueSection(m, l)
            if let multipliers = m.multipliers { multipliersSection(multipliers, l) }
            figuresSection(m.overview.figures, l)
            evaluationSection(m.overview.evaluation, l)
            flowsSection(m.flows, slug: c.slug, l)
        }
    }

    /// The seed's three multipliers over the network's catalogue, or why they are withheld.
    static func multipliersSection(_ m: NetworkMultipliers, _ l: Lang) -> Node {
        titledSection("network-multipliers-title", l[EconomyText.multipliersTitle], [.cls("network-multipliers")]) {
            if let v = m.values {
                el("dl", .cls("facts")) {
                    el("dt") { l[EconomyText.diversity] }; el("dd") { String(v.diversity) }
                    el("dt") { l[EconomyText.salesForce] }; el("dd") { String(v.salesForce) }
                    el("dt") { l[EconomyText.crossSolicitation] }; el("dd") { String(v.crossSolicitation) }
                    el("dt") { l[EconomyText.completed] }; el("dd") { String(v.referralsCompleted) }
                }
            } else {
                el("p", .cls("muted")) { l[T.withheld] }
            }
        }
    }

    /// The flows between the network's parties as a heatmap and its table, each cell leading to its entries.
    static func flowsSection(_ f: NetworkFlowMatrix, slug: String, _ l: Lang) -> Node {
        titledSection("network-flows-title", l[T.matrixTitle], [.cls("network-flows")]) {
            el("p", .cls("muted")) { l[T.matrixLead] }
            if f.matrix.cells.isEmpty {
                el("p", .cls("muted")) { l[T.noFlows] }
            } else {
                EconomyViews.heatmap(f.matrix, l, slug: slug, label: l[T.matrixTitle], names: f.names) { cell in
                    NetworkEndpoints.flows.path(slug, query: [("from", cell.row), ("to", cell.column)])
                }
            }
        }
    }

    /// `/communities/<slug>/network/flows`: the entries from one party to another.
    package static func flowsPage(_ m: NetworkFlowsPage, _ l: Lang) -> PageView {
        let c = m.community
        func name(_ key: String) -> String { m.names[key] ?? EconomyText.actor(key, l) }
        return PageView(title: l[T.flowsTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { name(m.from) + " → " + name(m.to) }
            el("p", .cls("lead")) { l[T.flowsLead] }
            el("p") { el("a", .href(NetworkEndpoints.view.path(c.slug) + "#network-flows-title")) { l[T.flowsBack] } }
            if m.flows.items.isEmpty { el("p", .cls("muted")) { l[T.noFlows] } }
            el("ul", .cls("ledger")) {
                for f in m.flows.items {
                    el("li") {
                        el("time", Attr("datetime", f.date)) { f.date }
                        " · " + (f.quantity.map { EconomyViews.totals([f.unit: $0]).joined() } ?? l[EconomyText.qualitativeCount(1)])
                        if !f.description.isEmpty { " — " + f.description }
                    }
                }
            }
            pager(next: m.flows.next.map { NetworkEndpoints.flows.path(c.slug, query: [("from", m.from), ("to", m.to), ("after", $0)]) }, l)
        }
    }

    static func membersSection(_ m: NetworkViewPage, _ l: Lang) -> Node {
        let members: KeysetPage<NetworkMember> = m.overview.members
        let slug = m.community.slug
        return titledSection("network-members-title", l[T.membersTitle], [.cls("network-members")]) {
            if members.items.isEmpty { el("p", .cls("muted")) { l[T.noMembers] } }
            el("ul", .cls("links")) {
                for member in members.items { el("li") { memberItem(member, l) } }
            }
            pager(next: members.next.map { NetworkEndpoints.view.path(slug, query: [("members", $0)]) }, l)
            if !m.overview.remoteMembers.isEmpty {
                el("h3", .id("network-remote-members-title")) { l[T.remoteMembersTitle] }
                el("ul", .cls("links"), .aria("labelledby", "network-remote-members-title")) {
                    for member in m.overview.remoteMembers { el("li") { remoteMemberItem(member, l) } }
                }
            }
        }
    }

    static func remoteMemberItem(_ member: RemoteNetworkMember, _ l: Lang) -> [Node] {
        var nodes: [Node] = [el("a", .href(member.url)) { member.name }, el("span", .cls("muted")) { " " + member.handle }]
        guard !member.shared.isEmpty else { return nodes + [el("span", .cls("muted")) { " · " + l[T.remoteSharesNothing] }] }
        nodes.append(text(" · " + l[T.remoteSharesLabel] + " : "))
        for (i, item) in member.shared.enumerated() {
            if i > 0 { nodes.append(text(", ")) }
            nodes.append(item.url.map { url in el("a", .href(url)) { item.title } } ?? text(item.title))
        }
        return nodes
    }

    static func memberItem(_ member: NetworkMember, _ l: Lang) -> [Node] {
        let shares: String = member.shares.isEmpty ? l[T.sharesNothing]
            : l[T.sharesLabel] + " : " + member.shares.map { l[T.feature($0)] }.joined(separator: ", ")
        var nodes: [Node] = [el("a", .href(CommunityEndpoints.community.path(member.slug))) { member.name }]
        if member.visibility == .members { nodes.append(text(" ")); nodes.append(el("span", .cls("badge")) { l[T.membersOnly] }) }
        nodes.append(el("span", .cls("muted")) { " · " + shares })
        return nodes
    }

    static func organisationsSection(_ m: NetworkViewPage, _ l: Lang) -> Node {
        let organisations: KeysetPage<NetworkOrganisation> = m.overview.organisations
        let slug = m.community.slug
        return titledSection("network-organisations-title", l[T.organisationsTitle], [.cls("network-organisations")]) {
            if organisations.items.isEmpty { el("p", .cls("muted")) { l[T.noOrganisations] } }
            el("ul", .cls("links")) {
                for o in organisations.items {
                    el("li") {
                        el("a", .href(OrganisationEndpoints.profile.path(o.slug))) { o.name }
                        text(" · " + l[OrganisationText.kind(o.kind)])
                    }
                }
            }
            pager(next: organisations.next.map { NetworkEndpoints.view.path(slug, query: [("organisations", $0)]) }, l)
        }
    }

    static func catalogueSection(_ m: NetworkViewPage, _ l: Lang) -> Node {
        let slug = m.community.slug
        let offers: [NetworkOffer] = m.offers?.items ?? []
        return titledSection("network-catalogue-title", l[T.catalogueTitle], [.cls("network-catalogue")]) {
            el("form", .cls("search"), Attr("method", "get"), Attr("action", NetworkEndpoints.view.path(slug)), Attr("role", "search")) {
                el("label", Attr("for", "network-q")) { l[T.searchLabel] }
                el("input", .id("network-q"), .name("q"), .type("search"), .value(m.q))
                el("button", .type("submit")) { l[T.searchButton] }
            }
            if offers.isEmpty { el("p", .cls("muted")) { l[T.noOffers] } }
            el("ul", .cls("offers")) {
                for o in offers { el("li") { offerItem(o, l) } }
            }
            pager(next: m.offers?.next.map { NetworkEndpoints.view.path(slug, query: [("q", m.q.isEmpty ? nil : m.q), ("after", $0)]) }, l)
        }
    }

    static func offerItem(_ o: NetworkOffer, _ l: Lang) -> [Node] {
        [
            el("h3") { o.title },
            el("p", .cls("muted")) {
                l[EconomyText.kind(OfferKind(rawValue: o.kind) ?? .service)] + " · "
                el("a", .href(CommunityEndpoints.community.path(o.community.slug))) { o.community.name }
                o.place.isEmpty ? "" : " · " + o.place
            },
            el("p") { o.description },
        ]
    }

    /// One table per indicator name and unit, a row per member community and period.
    static func figuresSection(_ groups: [NetworkFigureGroup], _ l: Lang) -> Node {
        titledSection("network-figures-title", l[T.figuresTitle], [.cls("network-figures")]) {
            el("p", .cls("muted")) { l[T.figuresLead] }
            if groups.isEmpty { el("p", .cls("muted")) { l[T.noFigures] } }
            for g in groups { figureTable(g, l) }
        }
    }

    static func figureTable(_ g: NetworkFigureGroup, _ l: Lang) -> Node {
        let caption: String = g.unit.isEmpty ? g.name : g.name + " (" + g.unit + ")"
        let headings: [String] = [l[T.colCommunity], l[T.colPeriod], l[T.colEstimate], l[T.colRange], l[T.colContributors]]
        return el("table", .cls("network-figure")) {
            el("caption") { caption }
            tableHead(headings)
            el("tbody") {
                for f in g.figures {
                    el("tr") {
                        el("th", Attr("scope", "row")) { f.community.name }
                        el("td") { f.period }
                        el("td", .cls("num")) { NumberFormat.number(f.value) }
                        el("td", .cls("num")) { NumberFormat.number(f.low) + " – " + NumberFormat.number(f.high) }
                        el("td", .cls("num")) { String(f.contributors) }
                    }
                }
            }
        }
    }

    /// The mean of each criterion over the network's totals, or « not published » for a total on too few members.
    static func evaluationSection(_ e: NetworkEvaluation, _ l: Lang) -> Node {
        let headings: [String] = [l[T.colCriterion], l[T.colOwn], l[T.colPeers]]
        return titledSection("network-evaluation-title", l[T.evaluationTitle], [.cls("network-evaluation")]) {
            el("p", .cls("muted")) { l[T.evaluationLead(contributors: e.contributors, minimum: e.minimumMembers)] }
            // Wider than a phone: it scrolls inside its region (focusable, so the keyboard scrolls it too), not the page.
            el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[T.evaluationTitle])) {
                el("table", .cls("network-evaluation")) {
                    el("caption") { l[T.evaluationTitle] }
                    tableHead(headings)
                    el("tbody") {
                        for c in Criterion.allCases {
                            el("tr") {
                                el("th", Attr("scope", "row")) { l[JourneyText.criterion(c)] }
                                el("td", .cls("num")) { mean(e.own, c, l) }
                                el("td", .cls("num")) { mean(e.peers, c, l) }
                            }
                        }
                    }
                }
            }
            el("p", .cls("muted")) {
                l[T.colOwn] + " : " + l[T.restsOn(e.own.members)] + " · " + l[T.colPeers] + " : " + l[T.restsOn(e.peers.members)]
            }
        }
    }

    static func mean(_ t: NetworkTotal, _ c: Criterion, _ l: Lang) -> String {
        guard let total = t.total, let m = total.mean(c) else { return l[T.withheld] }
        return NumberFormat.fixed(m, decimals: 2)
    }

    /// On the stewards' settings page: one box per feature, ticked when shared.
    static func sharingForm(_ slug: String, _ sharing: NetworkSharing, _ l: Lang, csrf: String) -> Node {
        titledSection("sharing-title", l[T.sharingTitle], [.cls("sharing")]) {
            postForm(NetworkEndpoints.share.path(slug), csrf: csrf) {
                el("fieldset") {
                    el("legend") { l[T.sharingLead] }
                    for f in SharedFeature.allCases { sharingBox(f, on: sharing.shares(f), l) }
                }
                el("button", .type("submit")) { l[T.sharingSave] }
            }
        }
    }

    static func sharingBox(_ f: SharedFeature, on: Bool, _ l: Lang) -> Node {
        let id = "share-" + f.rawValue
        let box: Node = on ? el("input", .type("checkbox"), .id(id), .name(f.rawValue), .value("on"), Attr("checked", "checked"))
            : el("input", .type("checkbox"), .id(id), .name(f.rawValue), .value("on"))
        return el("p", .cls("check")) {
            box
            el("label", Attr("for", id)) { l[T.feature(f)] }
        }
    }
}
