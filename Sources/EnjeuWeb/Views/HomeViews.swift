import Foundation
import EnjeuCore

/// The site's home: what Enjeu is for, the viewer's communities, and some to discover; for a person without a
/// community, their first steps (join a public one, or create one from a template).
package enum HomeViews {
    package static func homePage(_ m: SiteHomePage, _ l: Lang, csrf: String) -> PageView {
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
            if let join = m.firstSteps {
                firstSteps(join, l, csrf: csrf)
            } else if m.signedIn {
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

    /// Join a public community (those sharing the person's values first), or create one from a template.
    static func firstSteps(_ join: [JoinSuggestion], _ l: Lang, csrf: String) -> Node {
        titledSection("first-steps-title", l[FirstStepsText.title], [.id("first-steps"), .cls("first-steps")]) {
            el("p", .cls("lead")) { l[FirstStepsText.lead] }
            el("h3", .id("join-title")) { l[FirstStepsText.joinTitle] }
            if join.isEmpty {
                emptyState(l[FirstStepsText.noPublicCommunity])
            } else {
                el("p") { l[FirstStepsText.joinLead] }
                el("ul", .cls("cards"), .id("join"), .aria("labelledby", "join-title")) {
                    for s in join { el("li") { joinCard(s, l, csrf: csrf) } }
                }
            }
            el("h3", .id("create-title")) { l[FirstStepsText.createTitle] }
            el("p") { l[FirstStepsText.createLead] }
            el("ul", .cls("cards"), .id("templates"), .aria("labelledby", "create-title")) {
                for t in CommunityTemplate.allCases { el("li") { templateCard(t, l) } }
            }
            el("p") { el("a", .href(CommunityEndpoints.newCommunity.path())) { l[FirstStepsText.createBlank] } }
        }
    }

    static func joinCard(_ s: JoinSuggestion, _ l: Lang, csrf: String) -> Node {
        let c = s.card
        return el("article", .cls("card")) {
            el("h4") { el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name } }
            if let n = c.memberCount { el("p", .cls("badges")) { el("span", .cls("badge")) { l[.memberCount(n)] } } }
            el("p") { CommunityViews.excerpt(c.purpose, 200) }
            if !s.shared.isEmpty { el("p", .cls("muted")) { l[FirstStepsText.shared] + l[CodeText.colon] + s.shared.joined(separator: ", ") } }
            postForm(CommunityEndpoints.join.path(c.slug), csrf: csrf) {
                el("button", .type("submit")) { l[FirstStepsText.askToJoin(c.name)] }
            }
        }
    }

    static func templateCard(_ t: CommunityTemplate, _ l: Lang) -> Node {
        el("article", .cls("card")) {
            el("h4") { el("a", .href(CommunityEndpoints.newCommunity.path(query: [("template", t.rawValue)]))) { l[FirstStepsText.createFrom(t.name)] } }
            el("p") { l[t.purpose] }
        }
    }
}
