import Vapor
import EnjeuCore
import EnjeuWeb

/// The site's home: the viewer's communities and a few to discover.
struct HomePage {
    func register(_ app: Application) {
        app.open(CommunityEndpoints.home) { req in
            req.page(HomeViews.homePage(try await load(req.context), req.lang))
        }
    }

    func load(_ ctx: ServiceContext) async throws -> SiteHomePage {
        let queries = CommunityQueries(ctx)
        var mine: [MyCommunity] = []
        if let viewer = ctx.viewer { mine = try await queries.myCommunities(viewer) }
        let discover = try await queries.list(q: nil, after: nil, limit: 6)
        return SiteHomePage(signedIn: ctx.viewer != nil, mine: mine, discover: discover.items)
    }
}
