import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of governance proposals: `amendments` rows of another kind than `code`.
struct ProposalQueries {
    let db: any Database
    static let pageSize = 20

    init(_ ctx: ServiceContext) { db = ctx.db }
    init(db: any Database) { self.db = db }

    typealias ProposalItem = GovernanceProposalItem

    private struct Row: Decodable {
        let id: UUID, kind: String, status: AmendmentStatus, summary: String, reason: String, handle: String, payload: String
        let closesAt: Date, createdAt: Date, decidedAt: Date?, decider: String?, authority: String
        enum CodingKeys: String, CodingKey {
            case id, kind, status, summary, reason, handle, payload, decider, authority
            case closesAt = "closes_at", createdAt = "created_at", decidedAt = "decided_at"
        }
        var item: ProposalItem? {
            guard let kind = GovernanceKind(rawValue: kind) else { return nil }
            return ProposalItem(id: id, kind: kind, status: status, summary: summary, reason: reason, author: handle,
                                role: kind == .role ? ProposalPayload.decode(RoleProposal.self, payload) : nil,
                                assignment: kind == .assignment ? ProposalPayload.decode(AssignmentProposal.self, payload) : nil,
                                credibilityRule: kind == .credibilityRule ? ProposalPayload.decode(CredibilityRuleProposal.self, payload) : nil,
                                closesAt: closesAt, createdAt: createdAt, decidedAt: decidedAt, decidedBy: decider,
                                authority: DecisionAuthority(rawValue: authority),
                                charter: kind == .charter ? ProposalPayload.decode(CharterProposal.self, payload) : nil,
                                stage: kind == .stage ? ProposalPayload.decode(StageProposal.self, payload) : nil)
        }
    }

    private static let columns: SQLQueryString = """
        SELECT a.id, a.kind, a.status, a.summary, a.reason, u.handle, a.payload, a.closes_at, a.created_at, a.decided_at,
          d.handle AS decider, a.authority
        FROM amendments a JOIN users u ON u.id = a.author_id LEFT JOIN users d ON d.id = a.decided_by
        """

    /// Newest first, keyset-paged (`amendments_community_kind` for one kind).
    func proposals(_ community: UUID, kind: GovernanceKind?, status: AmendmentStatus? = nil, after: String?,
                   size: Int = pageSize) async throws -> KeysetPage<ProposalItem> {
        var q = Self.columns + " WHERE a.community_id = \(bind: community)"
        q = q + (kind.map { " AND a.kind = \(bind: $0.rawValue)" } ?? " AND a.kind <> \(bind: GovernanceKind.code.rawValue)")
        if let status { q = q + " AND a.status = \(bind: status.rawValue)" }
        if let id = try Cursor.after(after)?.id { q = q + " AND a.id < \(bind: id)" }
        q = q + " ORDER BY a.id DESC LIMIT \(literal: size + 1)"
        let rows = try await db.rows(q, as: Row.self)
        let page = KeysetPage(rows: rows, size: size) { $0.id }
        return KeysetPage(items: page.items.compactMap(\.item), next: page.next)
    }

    /// The governance proposal with this id (from the route), within this community, or 404 (a code amendment too: it
    /// has its own routes).
    func require(_ id: UUID?, in ctx: CommunityContext) async throws -> (Amendment, ProposalItem) {
        guard let id, let a = try await Amendment.query(on: db).filter(\.$communityID == ctx.id).filter(\.$id == id)
            .filter(\.$kind != .code).first(),
              let item = try await db.row(Self.columns + " WHERE a.id = \(bind: id)", as: Row.self)?.item
        else { throw AppError.notFound }
        return (a, item)
    }
}
