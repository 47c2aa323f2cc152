import Vapor
import EnjeuCore
import EnjeuWeb

/// The site's home: the viewer's communities and a few to discover; for a person without a community, their first steps.
struct HomePage {
    /// How many public communities the first steps suggest.
    static let suggestions = 8

    func register(_ app: Application) {
        app.open(CommunityEndpoints.home) { req in
            req.page(HomeViews.homePage(try await load(req.context), req.lang, csrf: req.csrf))
        }
    }

    func load(_ ctx: ServiceContext) async throws -> SiteHomePage {
        let queries = CommunityQueries(ctx)
        var mine: [MyCommunity] = []
        var firstSteps: [JoinSuggestion]?
        if let viewer = ctx.viewer {
            mine = try await queries.myCommunities(viewer)
            if mine.isEmpty { firstSteps = try await joinSuggestions(ctx, viewer) }
        }
        let discover = try await queries.list(q: nil, after: nil, limit: 6)
        return SiteHomePage(signedIn: ctx.viewer != nil, mine: mine, discover: discover.items, firstSteps: firstSteps)
    }

    /// Public communities to join: those sharing the person's values, best match first (`Matches`), then the largest.
    func joinSuggestions(_ ctx: ServiceContext, _ viewer: Viewer) async throws -> [JoinSuggestion] {
        let queries = CommunityQueries(ctx)
        let matches = Array(try await Matches(ctx).compute(viewer).communities.prefix(Self.suggestions))
        let matched = Dictionary(try await queries.joinable(by: viewer, slugs: matches.map(\.key), limit: matches.count).map { ($0.slug, $0) },
                                 uniquingKeysWith: { a, _ in a })
        var out = matches.compactMap { m in matched[m.key].map { JoinSuggestion(card: $0, shared: m.shared) } }
        let others = try await queries.joinable(by: viewer, limit: Self.suggestions)
        for card in others where out.count < Self.suggestions && matched[card.slug] == nil { out.append(JoinSuggestion(card: card, shared: [])) }
        return out
    }
}
