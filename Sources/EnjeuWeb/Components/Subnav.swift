import EnjeuCore

/// A feature's own navigation, atop each of its pages: the community's page first, then the feature's pages
/// (`nil` for a link the viewer is not offered).
package func subnav(_ label: String, _ place: CommunityPlace, _ links: [(text: String, href: String)?]) -> Node {
    el("nav", .cls("subnav"), .aria("label", label)) {
        el("a", .href(place.homePath)) { place.name }
        for link in links.compactMap({ $0 }) { el("a", .href(link.href)) { link.text } }
    }
}
