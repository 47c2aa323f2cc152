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
        let indicatorId: UUID, slug: String?, name: String?, value: Double
        enum CodingKeys: String, CodingKey { case slug, name, value, indicatorId = "indicator_id" }
    }

    /// Who sees the groups of an indicator's values.
    enum Audience: Sendable {
        /// The programme's participants (who may read the indicator's values): every group.
        case participants
        /// Anyone else, on a page that lists several programmes (a trade's): only the groups of communities this reader
        /// may read (`CommunityAccess.readable`) and the programme's direct participants. A members-only community's
        /// values are never summarised to outsiders.
        case reader(UUID?)
    }

    /// The current values each estimate weighs (not those it set aside as outliers), grouped by the community each was
    /// given through: one query for all the indicators, summarised by `ProgrammeSources` (the one rule for medians).
    func groups(_ indicators: [UUID], for audience: Audience) async throws -> [UUID: (contributors: Int, groups: [GroupOut])] {
        guard !indicators.isEmpty else { return [:] }
        var query: SQLQueryString = """
            SELECT c.indicator_id, vc.slug, vc.name, c.value FROM figure_contributions c LEFT JOIN communities vc ON vc.id = c.via_community_id
            WHERE c.indicator_id IN (\(binds: indicators)) AND c.status = 'current' AND c.outlier = \(bind: false)
            """
        if case let .reader(reader) = audience { query = query + " AND (vc.id IS NULL OR " + CommunityAccess.readable("vc", by: reader) + ")" }
        let values = try await db.rows(query, as: Value.self)
        var out: [UUID: (contributors: Int, groups: [GroupOut])] = [:]
        for (indicator, values) in Dictionary(grouping: values, by: \.indicatorId) {
            let names = Dictionary(values.compactMap { v in v.slug.map { ($0, v.name ?? $0) } }, uniquingKeysWith: { a, _ in a })
            let summary = ProgrammeSources.summarise(values.map { ($0.slug, $0.value) })
            out[indicator] = (summary.contributors, summary.communities.map {
                GroupOut(community: $0.community, name: $0.community.flatMap { names[$0] }, contributors: $0.contributors, median: $0.median)
            })
        }
        return out
    }

    /// An indicator's sources, for its participants (the gate's `contribute` in the programme): every group, and the
    /// histories of the indicators merged into it.
    func sources(_ indicator: UUID) async throws -> SourcesOut {
        let summary = try await groups([indicator], for: .participants)[indicator]
        let history = try await db.rows("""
            SELECT vc.slug AS community, h.at, h.kind, h.value, h.low, h.high, h.contributors
            FROM figure_estimate_history h JOIN communities vc ON vc.id = h.via_community_id
            WHERE h.indicator_id = \(bind: indicator) ORDER BY h.at DESC LIMIT 200
            """, as: MergedPoint.self)
        return SourcesOut(contributors: summary?.contributors ?? 0, communities: summary?.groups ?? [], mergedHistory: history.reversed())
    }

    struct Attribution: Decodable {
        /// The slug of the community the value was given through (nil: directly).
        let community: String?
        /// Whether its author is an active participant of the programme (else who they are, their source and comment
        /// stay unshown: a merge brought the value without its author accepting the programme's charter).
        let participant: Bool
    }

    private struct AttributionRow: Decodable {
        let id: UUID, slug: String?, membership: UUID?
    }

    /// Who may be shown behind each of these contributions of the programme, and the community it came through.
    func attributions(_ contributions: [UUID]) async throws -> [UUID: Attribution] {
        guard !contributions.isEmpty else { return [:] }
        let rows = try await db.rows("""
            SELECT c.id, vc.slug, m.id AS membership FROM figure_contributions c
              LEFT JOIN communities vc ON vc.id = c.via_community_id
              LEFT JOIN memberships m ON m.community_id = c.community_id AND m.user_id = c.user_id
                AND m.status = \(bind: MembershipStatus.active.rawValue)
            WHERE c.id IN (\(binds: contributions))
            """, as: AttributionRow.self)
        return Dictionary(rows.map { ($0.id, Attribution(community: $0.slug, participant: $0.membership != nil)) }, uniquingKeysWith: { a, _ in a })
    }

    struct Named: Decodable, Sendable { let slug: String; let name: String }

    /// The community the viewer takes part through (`CommunityContext.attribution`).
    func through(_ ctx: CommunityContext) async throws -> Named? {
        guard let id = ctx.attribution else { return nil }
        return try await db.row("SELECT slug, name FROM communities WHERE id = \(bind: id)", as: Named.self)
    }

    /// A merge awaiting the programme's stewards.
    struct PendingMerge: Content {
        let id: UUID, community: String, indicator: UUID, indicatorName: String, into: UUID, requestedBy: String, createdAt: Date
    }

    private struct PendingMergeRow: Decodable {
        let id: UUID, community: String, indicatorId: UUID, name: String, intoId: UUID, handle: String, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, community, name, handle, indicatorId = "indicator_id", intoId = "into_id", createdAt = "created_at"
        }
    }

    /// Merges awaiting an answer in this programme, oldest first.
    func pendingMerges(_ programme: UUID, after: String?, limit: Int = 50) async throws -> KeysetPage<PendingMerge> {
        var query: SQLQueryString = """
            SELECT m.id, c.slug AS community, m.indicator_id, i.name, m.into_id, u.handle, m.created_at FROM figure_merges m
              JOIN communities c ON c.id = m.community_id JOIN indicators i ON i.id = m.indicator_id JOIN users u ON u.id = m.requested_by
            WHERE m.programme_id = \(bind: programme) AND m.status = \(bind: MergeStatus.pending.rawValue)
            """
        if let after = try Cursor.after(after)?.id {
            query.appendLiteral(" AND m.id > ")
            query.appendInterpolation(bind: after)
        }
        query.appendLiteral(" ORDER BY m.id LIMIT \(limit + 1)")
        let rows = try await db.rows(query, as: PendingMergeRow.self)
        return KeysetPage(rows: rows, size: limit) { $0.id }.map {
            PendingMerge(id: $0.id, community: $0.community, indicator: $0.indicatorId, indicatorName: $0.name, into: $0.intoId,
                         requestedBy: $0.handle, createdAt: $0.createdAt)
        }
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

extension ProgrammeQueries {
    private struct CardRow: Decodable {
        let id: UUID, slug: String, name: String, nameFolded: String, purpose: String, visibility: Visibility
        enum CodingKeys: String, CodingKey { case id, slug, name, purpose, visibility, nameFolded = "name_folded" }
    }

    /// The programmes this reader can see (`CommunityAccess.readableProgramme`: public ones, and those they take part
    /// in directly or through a joined community), alphabetical, paged.
    func visible(after: String?, limit: Int = CommunityQueries.pageSize) async throws -> KeysetPage<ProgrammeCard> {
        var sql: SQLQueryString = """
            SELECT c.id, c.slug, c.name, c.name_folded, c.purpose, c.visibility FROM communities c
            WHERE c.kind = \(bind: CommunityKind.programme.rawValue) AND \(CommunityAccess.readableProgramme("c", by: context.viewer?.id))
            """
        if let cursor = try Cursor.after(after) { sql = sql + cursor.rowsAfter(key: "c.name_folded", id: "c.id") }
        sql = sql + " ORDER BY c.name_folded, c.id LIMIT \(literal: limit + 1)"
        let rows = try await db.rows(sql, as: CardRow.self)
        return KeysetPage(rows: rows, size: limit) { Cursor(key: $0.nameFolded, id: $0.id) }
            .map { ProgrammeCard(slug: $0.slug, name: $0.name, purpose: $0.purpose, membersOnly: $0.visibility == .members) }
    }
}
