import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Programme reads: where an indicator's values come from, and the communities that joined.
struct ProgrammeQueries {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }
    var db: any Database { context.db }

    struct GroupOut: Content {
        /// The community's slug and name; absent for people who take part directly.
        let community: String?
        let name: String?
        let contributors: Int
        /// Only for communities of at least three contributors (`ProgrammeSources.minimumSubjects`).
        let median: Double?
    }

    /// A past estimate of an indicator merged into this one, with the community it was made in.
    struct MergedPoint: Content {
        let community: String, at: Date, kind: String, value: Double, low: Double, high: Double, contributors: Int
    }

    struct SourcesOut: Content {
        let contributors: Int
        let communities: [GroupOut]
        let mergedHistory: [MergedPoint]
    }

    private struct Value: Decodable {
        let slug: String?, name: String?, value: Double
    }

    /// The current values the estimate weighs (not those it set aside as outliers), grouped by the community each was
    /// given through. Read only by who may read the indicator's values (the gate's `contribute` in the programme).
    func sources(_ indicator: UUID) async throws -> SourcesOut {
        let values = try await db.rows("""
            SELECT vc.slug, vc.name, c.value FROM figure_contributions c LEFT JOIN communities vc ON vc.id = c.via_community_id
            WHERE c.indicator_id = \(bind: indicator) AND c.status = 'current' AND c.outlier = \(bind: false)
            """, as: Value.self)
        let names = Dictionary(values.compactMap { v in v.slug.map { ($0, v.name ?? $0) } }, uniquingKeysWith: { a, _ in a })
        let summary = ProgrammeSources.summarise(values.map { ($0.slug, $0.value) })
        let history = try await db.rows("""
            SELECT vc.slug AS community, h.at, h.kind, h.value, h.low, h.high, h.contributors
            FROM figure_estimate_history h JOIN communities vc ON vc.id = h.via_community_id
            WHERE h.indicator_id = \(bind: indicator) ORDER BY h.at DESC LIMIT 200
            """, as: MergedPoint.self)
        return SourcesOut(contributors: summary.contributors,
                          communities: summary.communities.map {
                              GroupOut(community: $0.community, name: $0.community.flatMap { names[$0] }, contributors: $0.contributors,
                                       median: $0.median)
                          },
                          mergedHistory: history.reversed())
    }

    private struct Through: Decodable { let id: UUID; let slug: String }

    /// The community each of these contributions was given through (those given directly are absent).
    func attributions(_ contributions: [UUID]) async throws -> [UUID: String] {
        guard !contributions.isEmpty else { return [:] }
        let rows = try await db.rows("""
            SELECT c.id, vc.slug FROM figure_contributions c JOIN communities vc ON vc.id = c.via_community_id
            WHERE c.id IN (\(binds: contributions))
            """, as: Through.self)
        return Dictionary(rows.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
    }

    struct Named: Decodable, Sendable { let slug: String; let name: String }

    /// The community the viewer takes part through (`CommunityContext.attribution`).
    func through(_ ctx: CommunityContext) async throws -> Named? {
        guard let id = ctx.attribution else { return nil }
        return try await db.row("SELECT slug, name FROM communities WHERE id = \(bind: id)", as: Named.self)
    }

    struct JoinedCommunity: Content {
        /// The request's id (what a steward approves or declines).
        let id: UUID, slug: String, name: String, status: ProgrammeJoinStatus, since: Date
    }

    /// The communities in the programme (stewards see the requests awaiting them too). A members-only community is
    /// named only to the programme's active participants and its own members.
    func communities(_ programme: CommunityContext) async throws -> [JoinedCommunity] {
        let statuses: [ProgrammeJoinStatus] = programme.can(.steward) ? [.active, .pending] : [.active]
        var query: SQLQueryString = """
            SELECT pc.id, c.slug, c.name, pc.status, pc.created_at AS since FROM programme_communities pc JOIN communities c ON c.id = pc.community_id
            WHERE pc.programme_id = \(bind: programme.id) AND pc.status IN (\(binds: statuses.map(\.rawValue)))
            """
        if !programme.can(.contribute) { query = query + " AND " + CommunityAccess.readable("c", by: programme.viewer?.id) }
        return try await db.rows(query + " ORDER BY c.name_folded, c.id LIMIT 500", as: JoinedCommunity.self)
    }
}
