import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Read-side queries for communities: every list is keyset-paged on an index, none loops over rows with queries.
struct CommunityQueries {
    let ctx: ServiceContext
    static let pageSize = 20

    init(_ ctx: ServiceContext) { self.ctx = ctx }

    // The row types moved to EnjeuWeb (Models/CommunityModels.swift); these names serve files not yet converted.
    typealias Page = KeysetPage
    typealias Card = CommunityCard
    typealias CharterText = EnjeuWeb.CharterText

    static let cardColumns: SQLQueryString =
        "c.id, c.slug, c.name, c.name_folded, c.purpose, c.perimeter, c.rhythm, c.stage, c.visibility, c.charter_version, c.member_count"

    private static let active = MembershipStatus.active.rawValue

    /// All cards (a card is public by definition), alphabetical, optionally matching `q` without regard to accents.
    func list(q rawQ: String?, after: String?, limit: Int = pageSize) async throws -> KeysetPage<CommunityCard> {
        let q = rawQ.map { Folding.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        if q.count > 200 { throw AppError.badRequest(CommonText.errQueryTooLong.text) }
        // Whether a signed-in viewer may see inside each card (to show its size) comes from the same query.
        var sql: SQLQueryString
        if let viewer = ctx.viewer {
            sql = """
                SELECT \(Self.cardColumns), CASE WHEN m.id IS NULL THEN 0 ELSE 1 END AS mine
                FROM communities c LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = \(bind: viewer.id) AND m.status = \(bind: Self.active)
                WHERE c.kind = 'community'
                """
        } else {
            // Programmes (Programmes/) are `communities` rows of another kind: no list of communities shows them.
            sql = "SELECT \(Self.cardColumns), 0 AS mine FROM communities c WHERE c.kind = 'community'"
        }
        if !q.isEmpty {
            let pattern = "%" + escapeLike(q) + "%"
            sql = sql + " AND c.search_folded LIKE \(bind: pattern) ESCAPE '\\'"
        }
        if let cursor = try Cursor.after(after) { sql = sql + cursor.rowsAfter(key: "c.name_folded", id: "c.id") }
        sql = sql + " ORDER BY c.name_folded, c.id LIMIT \(literal: limit + 1)"
        let rows = try await ctx.db.rows(sql, as: CommunityCardRow.self)
        return KeysetPage(rows: rows, size: limit) { Cursor(key: $0.nameFolded, id: $0.id) }
            .map { CommunityCard($0, inside: $0.visibility == .public || $0.mine == 1) }
    }

    private struct MemberRow: Decodable {
        let id: UUID, userID: UUID, handle: String, displayName: String, role: Role, status: MembershipStatus, acceptedCharterVersion: Int?
        let joinedAt: Date
        enum CodingKeys: String, CodingKey {
            case id, handle, role, status
            case displayName = "display_name", acceptedCharterVersion = "accepted_charter_version", joinedAt = "joined_at", userID = "user_id"
        }
        func member(_ charterVersion: Int) -> CommunityMember {
            CommunityMember(handle: handle, displayName: displayName, role: role, status: status,
                            charterCurrent: (acceptedCharterVersion ?? 0) >= charterVersion, joinedAt: joinedAt)
        }
    }

    private static let memberColumnsAndJoin: SQLQueryString =
        "m.id, m.user_id, m.handle, u.display_name, m.role, m.status, m.accepted_charter_version, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id"

    /// Active (and, for stewards, suspended) members by handle.
    func members(_ c: CommunityContext, after: String?, limit: Int = 50, includeSuspended: Bool = false) async throws -> KeysetPage<CommunityMember> {
        var sql: SQLQueryString = "SELECT \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: c.id)"
        if includeSuspended {
            sql = sql + " AND m.status IN (\(bind: Self.active), \(bind: MembershipStatus.suspended.rawValue))"
        } else {
            sql = sql + " AND m.status = \(bind: Self.active)"
        }
        if let cursor = try Cursor.after(after) { sql = sql + cursor.rowsAfter(key: "m.handle", id: "m.id") }
        sql = sql + " ORDER BY m.handle, m.id LIMIT \(literal: limit + 1)"
        let rows = try await ctx.db.rows(sql, as: MemberRow.self)
        let page = KeysetPage(rows: rows, size: limit) { Cursor(key: $0.handle, id: $0.id) }
        // Each member's roles: the predefined one from the row, the community's own in one more query for the page.
        let custom = try await RoleQueries(ctx).customRoles(c.id, users: page.items.map(\.userID))
        return page.map { row in
            var m = row.member(c.community.charterVersion)
            m.roles = (row.role.isSteward ? [row.role.rawValue] : []) + (custom[row.userID] ?? [])
            return m
        }
    }

    /// What a home page shows of its people, in one query: every active founder and steward (up to 50), and the
    /// first active members of any role by handle (one more than `previewSize`, to know whether there are more).
    func homePeople(_ c: CommunityContext, previewSize: Int) async throws -> (stewards: [CommunityMember], preview: [CommunityMember], more: Bool) {
        struct Row: Decodable {
            let preview: Int
            let member: MemberRow
            init(from decoder: any Decoder) throws {
                preview = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .preview)
                member = try MemberRow(from: decoder)
            }
            enum Key: String, CodingKey { case preview }
        }
        let rows = try await ctx.db.rows("""
            SELECT * FROM (SELECT 1 AS preview, \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: c.id) AND m.status = \(bind: Self.active)
                           ORDER BY m.handle, m.id LIMIT \(literal: previewSize + 1)) p
            UNION ALL
            SELECT * FROM (SELECT 0 AS preview, \(Self.memberColumnsAndJoin) WHERE m.community_id = \(bind: c.id) AND m.status = \(bind: Self.active)
                           AND m.role IN (\(bind: Role.founder.rawValue), \(bind: Role.steward.rawValue)) ORDER BY m.handle LIMIT 50) s
            """, as: Row.self)
        let v = c.community.charterVersion
        let preview = rows.filter { $0.preview == 1 }.map { $0.member.member(v) }
        let stewards = rows.filter { $0.preview == 0 }.map { $0.member.member(v) }.sorted { ($0.role.rank, $0.handle) < ($1.role.rank, $1.handle) }
        return (stewards, Array(preview.prefix(previewSize)), preview.count > previewSize)
    }

    /// Pending requests, oldest first (ids are time-ordered).
    func pendingRequests(_ c: CommunityContext, after: String?, limit: Int = 50) async throws -> KeysetPage<JoinRequestItem> {
        var query = JoinRequest.query(on: ctx.db).filter(\.$community.$id == c.id).filter(\.$status == .pending)
            .join(User.self, on: \JoinRequest.$user.$id == \User.$id)
        if let id = try Cursor.after(after)?.id { query = query.filter(\.$id > id) }
        let rows = try await query.sort(\.$id).limit(limit + 1).all()
        let organisations = try await OrganisationQueries(ctx).names(rows.compactMap(\.organisationID))
        return try KeysetPage(rows: rows, size: limit) { $0.id! }.map { r in
            let u = try r.joined(User.self)
            let organisation = r.organisationID.flatMap { organisations[$0] }
            return JoinRequestItem(id: r.id!, handle: u.handle, displayName: u.displayName, message: r.message, status: r.status,
                                   reason: r.reason, createdAt: r.createdAt, organisation: organisation?.slug, organisationName: organisation?.name)
        }
    }

    /// The viewer's latest request to this community, so they can see a decision and its reason.
    func latestRequest(_ c: CommunityContext) async throws -> LatestJoinRequest? {
        guard let viewer = c.viewer else { return nil }
        return try await JoinRequest.query(on: ctx.db).filter(\.$community.$id == c.id).filter(\.$user.$id == viewer.id)
            .filter(\.$organisationID == nil).sort(\.$id, .descending).first().map { LatestJoinRequest(status: $0.status, reason: $0.reason) }
    }

    /// The charter's versions, newest first, without their texts.
    func charterVersions(_ c: CommunityContext) async throws -> [CharterVersionRow] {
        try await ctx.db.rows("""
            SELECT version, created_at FROM charters WHERE community_id = \(bind: c.id) ORDER BY version DESC LIMIT 100
            """, as: CharterVersionRow.self)
    }

    func charter(_ c: CommunityContext, version: Int? = nil) async throws -> EnjeuWeb.CharterText? {
        let v = version ?? c.community.charterVersion
        let db = ctx.db
        return try await ctx.app.charterCache.value(VersionKey(community: c.id, version: v)) {
            try await db.row("""
                SELECT version, text, created_at FROM charters WHERE community_id = \(bind: c.id) AND version = \(bind: v)
                """, as: EnjeuWeb.CharterText.self)
        }
    }

    /// Communities where `userID` is an active member that the viewer may see inside.
    func sharedCommunities(of userID: UUID, seenBy viewer: Viewer?) async throws -> [CommunityCard] {
        try await ctx.db.rows("""
            SELECT \(Self.cardColumns), CASE WHEN v.id IS NULL THEN 0 ELSE 1 END AS mine
            FROM memberships m JOIN communities c ON c.id = m.community_id
            LEFT JOIN memberships v ON v.community_id = c.id AND v.user_id = \(bind: viewer?.id ?? UUID()) AND v.status = \(bind: Self.active)
            WHERE m.user_id = \(bind: userID) AND m.status = \(bind: Self.active) AND c.kind = 'community'
              AND (c.visibility = \(bind: Visibility.public.rawValue) OR v.id IS NOT NULL)
            ORDER BY c.name_folded, c.id LIMIT 200
            """, as: CommunityCardRow.self).map { CommunityCard($0, inside: true) }
    }

    /// Public communities someone may ask to join (none they already asked to, nor belong to): those named by `slugs`
    /// (the ones matching their values), or else the largest first.
    func joinable(by viewer: Viewer, slugs: [String]? = nil, limit: Int) async throws -> [CommunityCard] {
        if let slugs, slugs.isEmpty { return [] }
        var sql: SQLQueryString = """
            SELECT \(Self.cardColumns), 0 AS mine FROM communities c WHERE c.visibility = \(bind: Visibility.public.rawValue) AND c.kind = 'community'
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.user_id = \(bind: viewer.id)
                AND m.status <> \(bind: MembershipStatus.left.rawValue))
              AND NOT EXISTS (SELECT 1 FROM join_requests r WHERE r.community_id = c.id AND r.user_id = \(bind: viewer.id)
                AND r.organisation_id IS NULL
                AND r.status = \(bind: JoinRequestStatus.pending.rawValue))
            """
        if let slugs { sql = sql + " AND c.slug IN (\(binds: slugs))" }
        sql = sql + " ORDER BY c.member_count DESC, c.name_folded, c.id LIMIT \(literal: limit)"
        return try await ctx.db.rows(sql, as: CommunityCardRow.self).map { CommunityCard($0, inside: true) }
    }

    /// The viewer's communities, including those awaiting their charter acceptance.
    func myCommunities(_ viewer: Viewer) async throws -> [MyCommunity] {
        struct Row: Decodable {
            let card: CommunityCardRow
            let role: Role
            let status: MembershipStatus
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Key.self)
                role = try c.decode(Role.self, forKey: .role)
                status = try c.decode(MembershipStatus.self, forKey: .status)
                card = try CommunityCardRow(from: decoder)
            }
            enum Key: String, CodingKey { case role, status }
        }
        return try await ctx.db.rows("""
            SELECT \(Self.cardColumns), CASE WHEN m.status = \(bind: Self.active) THEN 1 ELSE 0 END AS mine, m.role, m.status
            FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.user_id = \(bind: viewer.id) AND m.status IN (\(bind: Self.active), \(bind: MembershipStatus.approved.rawValue)) AND c.kind = 'community'
            ORDER BY c.name_folded, c.id LIMIT 200
            """, as: Row.self).map { MyCommunity(card: CommunityCard($0.card, inside: $0.card.mine == 1), role: $0.role, status: $0.status) }
    }
}

/// The API encodes these as they are.
extension CommunityCard: Content {}
extension CommunityMember: Content {}
extension JoinRequestItem: Content {}

extension CommunityCard {
    init(_ c: Community, inside: Bool) {
        self.init(slug: c.slug, name: c.name, purpose: c.purpose, perimeter: c.perimeter, rhythm: c.rhythm, stage: c.stage,
                  visibility: c.visibility, charterVersion: c.charterVersion, memberCount: inside ? c.memberCount : nil)
    }
}

extension ViewedCommunity {
    /// The community of a gated route, as its viewer sees it.
    init(_ c: CommunityContext) {
        let m = c.community
        self.init(card: CommunityCard(m, inside: true), version: m.version, codePublished: m.codePublished, relation: c.relation,
                  viewerHandle: c.viewer?.handle)
    }
}
