import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of links: what the reader may see of a community's links.
struct LinkQueries {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    /// Newest first. Stewards of `c` see every link of theirs, proposals and history included (the other side chose to
    /// link to them). Anyone else sees accepted links only, and only those whose both communities they may read, so a
    /// members-only community's links are never shown to someone outside it.
    func links(_ c: CommunityContext, after: String?, limit: Int = 100) async throws -> KeysetPage<CommunityLinkItem> {
        struct Row: Decodable {
            let id: UUID, kind: LinkKind, status: LinkStatus, proposedAt: Date, decidedAt: Date?, endedAt: Date?
            let sourceSlug: String, sourceName: String, targetSlug: String, targetName: String
            enum CodingKeys: String, CodingKey {
                case id, kind, status
                case proposedAt = "proposed_at", decidedAt = "decided_at", endedAt = "ended_at"
                case sourceSlug = "source_slug", sourceName = "source_name", targetSlug = "target_slug", targetName = "target_name"
            }
        }
        var query: SQLQueryString = """
            SELECT l.id, l.kind, l.status, l.proposed_at, l.decided_at, l.ended_at,
              s.slug AS source_slug, s.name AS source_name, t.slug AS target_slug, t.name AS target_name
            FROM community_links l JOIN communities s ON s.id = l.source_id JOIN communities t ON t.id = l.target_id
            WHERE (l.source_id = \(bind: c.id) OR l.target_id = \(bind: c.id))
            """
        if !c.can(.manageLinks) {
            let reader = c.viewer?.id
            query = query + """
                 AND l.status = \(bind: LinkStatus.accepted.rawValue)
                 AND \(CommunityAccess.readable("s", by: reader)) AND \(CommunityAccess.readable("t", by: reader))
                """
        }
        let cursor = try Cursor.after(after)?.id
        if let cursor { query = query + " AND l.id < \(bind: cursor)" }
        query = query + " ORDER BY l.id DESC LIMIT \(literal: limit + 1)"
        let here = try await ctx.db.rows(query, as: Row.self).map {
            CommunityLinkItem(id: $0.id, kind: $0.kind, status: $0.status,
                              source: NamedCommunity(slug: $0.sourceSlug, name: $0.sourceName),
                              target: NamedCommunity(slug: $0.targetSlug, name: $0.targetName),
                              proposedAt: $0.proposedAt, decidedAt: $0.decidedAt, endedAt: $0.endedAt)
        }
        // With other instances' communities: read the same way, each side limited before the two are merged.
        let elsewhere = try await FederatedLinks.links(c, after: cursor, limit: limit, ctx.db)
        return KeysetPage(rows: Array((here + elsewhere).sorted { $0.id.uuidString > $1.id.uuidString }.prefix(limit + 1)), size: limit) { $0.id }
    }
}

/// The API encodes links as they are.
extension CommunityLinkItem: Content {}
