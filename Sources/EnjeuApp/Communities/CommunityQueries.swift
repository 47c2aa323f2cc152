import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Read-side queries for communities: every list is keyset-paged on an index, none loops over rows with queries.
struct CommunityQueries {
    let req: Request
    static let pageSize = 20

    /// The public card of a community, plus what the viewer may see beyond it.
    struct Card: Content, Sendable {
        let slug: String
        let name: String
        let purpose: String
        let perimeter: String
        let rhythm: String
        let stage: LifeStage
        let visibility: Visibility
        let charterVersion: Int
        /// Only for those who may see inside (members-only communities hide their size).
        let memberCount: Int?

        init(_ c: Community, inside: Bool) {
            slug = c.slug
            name = c.name
            purpose = c.purpose
            perimeter = c.perimeter
            rhythm = c.rhythm
            stage = c.stage
            visibility = c.visibility
            charterVersion = c.charterVersion
            memberCount = inside ? c.memberCount : nil
        }

        init(_ r: CardRow, inside: Bool) {
            slug = r.slug; name = r.name; purpose = r.purpose; perimeter = r.perimeter; rhythm = r.rhythm
            stage = r.stage; visibility = r.visibility; charterVersion = r.charterVersion
            memberCount = inside ? r.memberCount : nil
        }
    }

    /// Just the columns a card shows, its sort key, and whether the viewer is an active member.
    struct CardRow: Decodable {
        let id: UUID, slug: String, name: String, nameFolded: String, purpose: String, perimeter: String, rhythm: String
        let stage: LifeStage, visibility: Visibility, charterVersion: Int, memberCount: Int, mine: Int
        enum CodingKeys: String, CodingKey {
            case id, slug, name, purpose, perimeter, rhythm, stage, visibility, mine
            case nameFolded = "name_folded", charterVersion = "charter_version", memberCount = "member_count"
        }
    }

    static let cardColumns: SQLQueryString =
        "c.id, c.slug, c.name, c.name_folded, c.purpose, c.perimeter, c.rhythm, c.stage, c.visibility, c.charter_version, c.member_count"

    typealias Page = KeysetPage

    /// All cards (a card is public by definition), alphabetical, optionally matching `q` without regard to accents.
    func list(q rawQ: String?, after: String?, limit: Int = pageSize) async throws -> Page<Card> {
        let q = rawQ.map { Folding.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        if q.count > 200 { throw AppError.badRequest(.errQueryTooLong) }
        // Whether a signed-in viewer may see inside each card (to show its size) comes from the same query.
        var sql: SQLQueryString
        if let viewer = req.viewer {
            sql = """
                SELECT \(Self.cardColumns), CASE WHEN m.id IS NULL THEN 0 ELSE 1 END AS mine
                FROM communities c LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = \(bind: viewer.id) AND m.status = 'active'
                WHERE 1 = 1
                """
        } else {
            sql = "SELECT \(Self.cardColumns), 0 AS mine FROM communities c WHERE 1 = 1"
        }
        if !q.isEmpty {
            let pattern = "%" + escapeLike(q) + "%"
            sql = sql + " AND c.search_folded LIKE \(bind: pattern) ESCAPE '\\'"
        }
        if let after {
            guard let cursor = Cursor(encoded: after) else { throw AppError.badRequest(.errBadCursor) }
            sql = sql + " AND (c.name_folded > \(bind: cursor.key) OR (c.name_folded = \(bind: cursor.key) AND c.id > \(bind: cursor.id)))"
        }
        sql = sql + " ORDER BY c.name_folded, c.id LIMIT \(literal: limit + 1)"
        let rows = try await req.db.rows(sql, as: CardRow.self)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor(key: $0.nameFolded, id: $0.id).encoded } : nil
        return Page(items: page.map { Card($0, inside: $0.visibility == .public || $0.mine == 1) }, next: next)
    }

    struct Member: Content, Sendable {
        let handle: String
        let displayName: String
        let role: Role
        let status: MembershipStatus
        let charterCurrent: Bool
        let joinedAt: Date
    }

    private struct MemberRow: Decodable {
        let id: UUID, handle: String, displayName: String, role: Role, status: MembershipStatus, acceptedCharterVersion: Int?, joinedAt: Date
        enum CodingKeys: String, CodingKey {
            case id, handle, role, status
            case displayName = "display_name", acceptedCharterVersion = "accepted_charter_version", joinedAt = "joined_at"
        }
        func member(_ charterVersion: Int) -> Member {
            Member(handle: handle, displayName: displayName, role: role, status: status,
                   charterCurrent: (acceptedCharterVersion ?? 0) >= charterVersion, joinedAt: joinedAt)
        }
    }

    private static let memberColumnsAndJoin: SQLQueryString =
        "m.id, m.handle, u.display_name, m.role, m.status, m.accepted_charter_version, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id"


    /// Active (and, for stewards, suspended) members by handle.
    func members(_ ctx: CommunityContext, after: String?, limit: Int = 50, includeSuspended: Bool = false) async throws -> Page<Member> {
        var sql: SQLQueryString = "SELECT \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: ctx.id)"
        sql = sql + (includeSuspended ? " AND m.status IN ('active', 'suspended')" : " AND m.status = 'active'")
        if let after {
            guard let cursor = Cursor(encoded: after) else { throw AppError.badRequest(.errBadCursor) }
            sql = sql + " AND (m.handle > \(bind: cursor.key) OR (m.handle = \(bind: cursor.key) AND m.id > \(bind: cursor.id)))"
        }
        sql = sql + " ORDER BY m.handle, m.id LIMIT \(literal: limit + 1)"
        let rows = try await req.db.rows(sql, as: MemberRow.self)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor(key: $0.handle, id: $0.id).encoded } : nil
        return Page(items: page.map { $0.member(ctx.community.charterVersion) }, next: next)
    }

    /// What a home page shows of its people, in one query: every active founder and steward (up to 50), and the
    /// first active members of any role by handle (one more than `previewSize`, to know whether there are more).
    func homePeople(_ ctx: CommunityContext, previewSize: Int) async throws -> (stewards: [Member], preview: [Member], more: Bool) {
        struct Row: Decodable {
            let preview: Int
            let member: MemberRow
            init(from decoder: any Decoder) throws {
                preview = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .preview)
                member = try MemberRow(from: decoder)
            }
            enum Key: String, CodingKey { case preview }
        }
        let rows = try await req.db.rows("""
            SELECT * FROM (SELECT 1 AS preview, \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: ctx.id) AND m.status = 'active'
                           ORDER BY m.handle, m.id LIMIT \(literal: previewSize + 1)) p
            UNION ALL
            SELECT * FROM (SELECT 0 AS preview, \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: ctx.id) AND m.status = 'active'
                           AND m.role IN ('founder', 'steward') ORDER BY m.handle LIMIT 50) s
            """, as: Row.self)
        let v = ctx.community.charterVersion
        let preview = rows.filter { $0.preview == 1 }.map { $0.member.member(v) }
        let stewards = rows.filter { $0.preview == 0 }.map { $0.member.member(v) }.sorted { ($0.role.rank, $0.handle) < ($1.role.rank, $1.handle) }
        return (stewards, Array(preview.prefix(previewSize)), preview.count > previewSize)
    }

    struct RequestItem: Content, Sendable {
        let id: UUID
        let handle: String
        let displayName: String
        let message: String
        let status: JoinRequestStatus
        let reason: String?
        let createdAt: Date
    }

    /// Pending requests, oldest first (ids are time-ordered).
    func pendingRequests(_ ctx: CommunityContext, after: String?, limit: Int = 50) async throws -> Page<RequestItem> {
        var query = JoinRequest.query(on: req.db).filter(\.$community.$id == ctx.id).filter(\.$status == .pending)
            .join(User.self, on: \JoinRequest.$user.$id == \User.$id)
        if let after {
            guard let cursor = Cursor(encoded: after) else { throw AppError.badRequest(.errBadCursor) }
            query = query.filter(\.$id > cursor.id)
        }
        let rows = try await query.sort(\.$id).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor(key: "", id: $0.id!).encoded } : nil
        return Page(items: try page.map { r in
            let u = try r.joined(User.self)
            return RequestItem(id: r.id!, handle: u.handle, displayName: u.displayName, message: r.message, status: r.status,
                            reason: r.reason, createdAt: r.createdAt)
        }, next: next)
    }

    /// The viewer's latest request to this community, so they can see a decision and its reason.
    func latestRequest(_ ctx: CommunityContext) async throws -> JoinRequest? {
        guard let viewer = ctx.viewer else { return nil }
        return try await JoinRequest.query(on: req.db).filter(\.$community.$id == ctx.id).filter(\.$user.$id == viewer.id)
            .sort(\.$id, .descending).first()
    }

    struct CharterVersion: Decodable, Sendable {
        let version: Int, createdAt: Date
        enum CodingKeys: String, CodingKey { case version, createdAt = "created_at" }
    }

    /// The charter's versions, newest first, without their texts.
    func charterVersions(_ ctx: CommunityContext) async throws -> [CharterVersion] {
        try await req.db.rows("""
            SELECT version, created_at FROM charters WHERE community_id = \(bind: ctx.id) ORDER BY version DESC LIMIT 100
            """, as: CharterVersion.self)
    }

    struct CharterText: Decodable, Sendable {
        let version: Int, text: String, createdAt: Date
        enum CodingKeys: String, CodingKey { case version, text, createdAt = "created_at" }
    }

    func charter(_ ctx: CommunityContext, version: Int? = nil) async throws -> CharterText? {
        let v = version ?? ctx.community.charterVersion
        return try await req.application.charterCache.value(VersionKey(community: ctx.id, version: v)) {
            try await req.db.row("""
                SELECT version, text, created_at FROM charters WHERE community_id = \(bind: ctx.id) AND version = \(bind: v)
                """, as: CharterText.self)
        }
    }

    /// Communities where `userID` is an active member that the viewer may see inside.
    func sharedCommunities(of userID: UUID, seenBy viewer: Viewer?) async throws -> [Card] {
        try await req.db.rows("""
            SELECT \(Self.cardColumns), CASE WHEN v.id IS NULL THEN 0 ELSE 1 END AS mine
            FROM memberships m JOIN communities c ON c.id = m.community_id
            LEFT JOIN memberships v ON v.community_id = c.id AND v.user_id = \(bind: viewer?.id ?? UUID()) AND v.status = 'active'
            WHERE m.user_id = \(bind: userID) AND m.status = 'active' AND (c.visibility = 'public' OR v.id IS NOT NULL)
            ORDER BY c.name_folded, c.id LIMIT 200
            """, as: CardRow.self).map { Card($0, inside: true) }
    }

    struct MyCommunity: Sendable {
        let card: Card
        let role: Role
        let status: MembershipStatus
    }

    /// The viewer's communities, including those awaiting their charter acceptance.
    func myCommunities(_ viewer: Viewer) async throws -> [MyCommunity] {
        struct Row: Decodable {
            let card: CardRow
            let role: Role
            let status: MembershipStatus
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Key.self)
                role = try c.decode(Role.self, forKey: .role)
                status = try c.decode(MembershipStatus.self, forKey: .status)
                card = try CardRow(from: decoder)
            }
            enum Key: String, CodingKey { case role, status }
        }
        return try await req.db.rows("""
            SELECT \(Self.cardColumns), CASE WHEN m.status = 'active' THEN 1 ELSE 0 END AS mine, m.role, m.status
            FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.user_id = \(bind: viewer.id) AND m.status IN ('active', 'approved')
            ORDER BY c.name_folded, c.id LIMIT 200
            """, as: Row.self).map { MyCommunity(card: Card($0.card, inside: $0.card.mine == 1), role: $0.role, status: $0.status) }
    }
}
