import Foundation
import EnjeuCore

/// The site's home: what Enjeu is for, the viewer's communities, and some to discover.
package enum HomeViews {
    package static func homePage(_ m: SiteHomePage, _ l: Lang) -> PageView {
        PageView(title: l[.homeTitle]) {
            el("section", .cls("hero")) {
                el("h1") { l[.homeTitle] }
                el("p", .cls("lead")) { l[.homeLead] }
                el("ol", .cls("steps")) {
                    for step in Text.journeySteps { el("li") { l[step] } }
                }
                if !m.signedIn {
                    el("p") {
                        el("a", .cls("button"), .href(AccountEndpoints.signUp.path())) { l[.signUp] }
                        " "
                        el("a", .href(CommunityEndpoints.browse.path())) { l[.browseCommunities] }
                    }
                }
            }
            if m.signedIn {
                titledSection("mine", l[.myCommunities]) {
                    if m.mine.isEmpty { el("p", .cls("muted")) { l[.noCommunityYet] } }
                    el("ul", .cls("plain")) {
                        for c in m.mine {
                            el("li") {
                                el("a", .href(CommunityEndpoints.community.path(c.card.slug))) { c.card.name }
                                " · " + l[Text.role(c.role)]
                                if c.status == .approved { statusBadge(.open, l[.charterToAccept]) }
                            }
                        }
                    }
                    el("p") { el("a", .cls("button"), .href(CommunityEndpoints.newCommunity.path())) { l[.navCreate] } }
                }
            }
            titledSection("discover", l[.discover]) {
                el("ul", .cls("cards")) { for c in m.discover { el("li") { CommunityViews.card(c, l) } } }
                el("p") { el("a", .href(CommunityEndpoints.browse.path())) { l[.browseCommunities] } }
            }
        }
    }
}
