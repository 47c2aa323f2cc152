import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A programme's home page. It names other communities, so it is never kept in the page cache (`r.programme`).
struct ProgrammePages {
    func register(_ r: any RoutesBuilder) {
        r.programme(ProgrammeEndpoints.home) { req, ctx in
            req.page(ProgrammeViews.homePage(try await Self.load(req.context, ctx), req.lang))
        }
    }

    private struct Through: Decodable {
        let indicatorId: UUID, name: String
        enum CodingKeys: String, CodingKey { case name, indicatorId = "indicator_id" }
    }

    static func load(_ context: ServiceContext, _ ctx: CommunityContext) async throws -> ProgrammePage {
        let c = ctx.community
        guard ctx.can(.seeInside) else {
            return ProgrammePage(name: c.name, purpose: c.purpose, through: nil, communities: [], indicators: [], insideVisible: false)
        }
        let programme = ProgrammeQueries(context)
        let communities = try await programme.communities(ctx).filter { $0.status == .active }
        let indicators = try await FiguresQueries(context).indicators(ctx.id, q: nil, tag: nil, dataset: nil, after: nil).items
        // Where each estimate comes from, for participants only (the same rule as the indicator's JSON).
        let participant = ctx.can(.contribute)
        var through: [UUID: [String]] = [:]
        if participant && !indicators.isEmpty {
            for row in try await context.db.rows("""
                SELECT DISTINCT c.indicator_id, vc.name FROM figure_contributions c JOIN communities vc ON vc.id = c.via_community_id
                WHERE c.indicator_id IN (\(binds: indicators.map(\.id))) AND c.status = 'current'
                """, as: Through.self) { through[row.indicatorId, default: []].append(row.name) }
        }
        let via = try await programme.through(ctx)?.name
        return ProgrammePage(name: c.name, purpose: c.purpose, through: via,
                             communities: communities.map { ProgrammePage.Community(slug: $0.slug, name: $0.name) },
                             indicators: indicators.map { i in
                                 ProgrammePage.Indicator(name: i.name, unit: i.unit, period: i.period, place: i.place,
                                                         contributors: participant ? i.estContributors : nil,
                                                         communities: (through[i.id] ?? []).sorted(), tags: i.tagList)
                             },
                             insideVisible: true)
    }
}
