import Vapor
import EnjeuCore
import EnjeuWeb

struct HomePage {
    func register(_ app: Application) {
        app.open(.GET) { req in
            let l = req.lang
            let queries = CommunityQueries(req: req)
            var mine: [CommunityQueries.MyCommunity] = []
            if let viewer = req.viewer { mine = try await queries.myCommunities(viewer) }
            let discover = try await queries.list(q: nil, after: nil, limit: 6)
            return req.page(l[.homeTitle]) {
                el("section", .cls("hero")) {
                    el("h1") { l[.homeTitle] }
                    el("p", .cls("lead")) { l[.homeLead] }
                    el("ol", .cls("steps")) {
                        for step in Text.journeySteps { el("li") { l[step] } }
                    }
                    if req.viewer == nil {
                        el("p") {
                            el("a", .cls("button"), .href(Paths.signUp)) { l[.signUp] }
                            " "
                            el("a", .href(Paths.communities)) { l[.browseCommunities] }
                        }
                    }
                }
                if req.viewer != nil {
                    el("section", .aria("labelledby", "mine")) {
                        el("h2", .id("mine")) { l[.myCommunities] }
                        if mine.isEmpty { el("p", .cls("muted")) { l[.noCommunityYet] } }
                        el("ul", .cls("plain")) {
                            for m in mine {
                                el("li") {
                                    el("a", .href(Paths.community(m.card.slug))) { m.card.name }
                                    " · " + l[Text.role(m.role)]
                                    if m.status == .approved { el("span", .cls("badge")) { l[.charterToAccept] } }
                                }
                            }
                        }
                        el("p") { el("a", .cls("button"), .href(Paths.newCommunity)) { l[.navCreate] } }
                    }
                }
                el("section", .aria("labelledby", "discover")) {
                    el("h2", .id("discover")) { l[.discover] }
                    el("ul", .cls("cards")) { for c in discover.items { el("li") { CommunityPages().cardView(c, l) } } }
                    el("p") { el("a", .href(Paths.communities)) { l[.browseCommunities] } }
                }
            }
        }
    }
}
