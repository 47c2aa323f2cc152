import Foundation
import EnjeuCore

/// The « Réseau » page of a community: the networks it belongs to, its member communities when it is a network, its
/// partners; its stewards propose links, decide the proposals made to it, end links and read their history.
package enum NetworkViews {
    typealias T = NetworkText

    package static func linksPage(_ m: NetworkPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let steward = c.can(.steward)
        return PageView(title: l[T.title] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[T.title] }
            el("p", .cls("lead")) { l[T.lead] }
            if !m.members.isEmpty {
                linkList("members-title", l[T.isNetwork], m.members, m, l, csrf: csrf, actions: steward)
                el("p", .cls("network-view-link")) { el("a", .href(NetworkEndpoints.view.path(c.slug))) { l[T.viewLink] } }
            }
            if !m.networks.isEmpty { linkList("networks-title", l[T.memberOf], m.networks, m, l, csrf: csrf, actions: steward) }
            if !m.partners.isEmpty { linkList("partners-title", l[T.partners], m.partners, m, l, csrf: csrf, actions: steward) }
            if m.members.isEmpty && m.networks.isEmpty && m.partners.isEmpty { el("p", .cls("muted")) { l[T.noLink] } }
            if steward {
                if !m.incoming.isEmpty { linkList("incoming-title", l[T.incoming], m.incoming, m, l, csrf: csrf, actions: true) }
                if !m.outgoing.isEmpty { linkList("outgoing-title", l[T.outgoing], m.outgoing, m, l, csrf: csrf, actions: true) }
                proposeForm(m, l, csrf: csrf)
                if !m.past.isEmpty { linkList("history-title", l[T.history], m.past, m, l, csrf: csrf, actions: false) }
            }
        }
    }

    static func linkList(_ id: String, _ title: String, _ links: [CommunityLinkItem], _ m: NetworkPage, _ l: Lang, csrf: String,
                         actions: Bool) -> Node {
        let slug = m.community.slug
        return titledSection(id, title, [.cls("links")]) {
            el("ul", .cls("links")) {
                for link in links {
                    el("li") { linkItem(link, slug: slug, l, csrf: csrf, actions: actions) }
                }
            }
        }
    }

    /// The other community, the link's kind seen from this side and its status; the buttons this side's stewards have.
    static func linkItem(_ link: CommunityLinkItem, slug: String, _ l: Lang, csrf: String, actions: Bool) -> [Node] {
        let other = link.other(than: slug)
        var nodes: [Node] = [
            el("a", .href(other.url ?? CommunityEndpoints.community.path(other.slug))) { other.name },
            text(" · " + l[T.kind(link.kind)] + " "),
            statusBadge(link.status.tone, l[T.status(link.status)]),
        ]
        guard actions else { return nodes }
        if link.status == .proposed && link.target.slug == slug {
            nodes.append(postForm(NetworkEndpoints.accept.path(slug, link.id), csrf: csrf, cls: "inline") {
                el("button", .aria("label", l[T.accept] + " " + other.name)) { l[T.accept] }
            })
            nodes.append(postForm(NetworkEndpoints.decline.path(slug, link.id), csrf: csrf, cls: "inline") {
                el("button", .cls("secondary"), .aria("label", l[T.decline] + " " + other.name)) { l[T.decline] }
            })
        }
        if link.status.isLive {
            nodes.append(postForm(NetworkEndpoints.end.path(slug, link.id), csrf: csrf, cls: "inline") {
                el("button", .cls("danger"), .aria("label", l[T.end] + " " + other.name)) { l[T.end] }
            })
        }
        return nodes
    }

    static func proposeForm(_ m: NetworkPage, _ l: Lang, csrf: String) -> Node {
        let kinds: [(String, Text)] = LinkKind.allCases.map { ($0.rawValue, T.kind($0)) }
        return formSection("propose-title", l[T.proposeTitle], state: m.form, l, action: NetworkEndpoints.propose.path(m.community.slug), csrf: csrf) {
            field(.target, m.form, l, required: true, hint: T.proposeHint.text, maxLength: 60)
            field(.kind, m.form, l, input: .choice(kinds))
            el("button", .type("submit")) { l[T.propose] }
        }
    }
}
