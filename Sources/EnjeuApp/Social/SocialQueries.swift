import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Social reads in plain SQL; every list is a keyset page over time-ordered ids.
struct SocialQueries {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }
    var db: any Database { context.db }

    static let pageSize = 30

    // The rows live in EnjeuWeb (the views read them); the API still names them here.
    typealias PostRow = SocialPost
    typealias CommentRow = SocialComment
    typealias NotificationRow = SocialNotification
    typealias EndorsementRow = SocialEndorsement
    typealias ScoreRow = CredibilityScore
    typealias TopicRow = EndorsedTopic
    typealias StateRow = CredibilityState
    typealias MemberRef = SocialMember

    static let postColumns: SQLQueryString = """
        p.id, p.community_id, c.slug, c.name AS community_name, u.handle AS author_handle, u.display_name AS author_name, p.kind, p.body,
        p.subject, p.link, p.comments, p.created_at, p.hidden_at, p.hidden_reason, p.edited_at, p.deleted_at
        FROM posts p JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id
        """

    /// A community's feed, newest first: one index range scan on (community_id, id). A hidden post is left out but for
    /// its author and the community's moderators (`moderator`), read with the posts (M041a).
    func feed(_ community: UUID, after: String?, limit: Int = pageSize, moderator: Bool = false) async throws -> KeysetPage<PostRow> {
        // A deleted post leaves the feeds; its page keeps « message supprimé » and its replies.
        var q: SQLQueryString = "SELECT \(Self.postColumns) WHERE p.community_id = \(bind: community) AND p.deleted_at IS NULL"
        q = q + " AND " + ReportedItems.visible("p", viewer: context.viewer?.id, moderator: moderator)
        if let after = try Cursor.after(after)?.id { q = q + " AND p.id < \(bind: after)" }
        q = q + " ORDER BY p.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await db.rows(q, as: PostRow.self), size: limit) { $0.id }
    }

    /// My feed across communities: those I am an active member of, the public ones I follow, and posts of members I follow
    /// in public communities. Newest first. One index range per source, each cut at a page, then merged: an `IN (…)` or
    /// `OR` over the sources makes the databases read every post of every source (seconds for a million posts).
    func personalFeed(_ viewer: UUID, after: String?) async throws -> KeysetPage<PostRow> {
        let afterID = try Cursor.after(after)?.id
        let limit = Self.pageSize + 1
        struct Row: Decodable { let id: UUID }
        let communities = Array(try await liveCommunities(viewer).sorted { $0.uuidString < $1.uuidString }.prefix(200))
        let members = try await db.rows("""
            SELECT target_id AS id FROM follows WHERE follower_id = \(bind: viewer) AND target_kind = \(bind: SocialTarget.member.rawValue)
            ORDER BY id LIMIT 200
            """, as: Row.self).map(\.id)
        guard !communities.isEmpty || !members.isEmpty else { return KeysetPage(rows: [], size: Self.pageSize) { $0.id } }
        var parts: [SQLQueryString] = []
        for (i, c) in communities.enumerated() {
            var q: SQLQueryString = "SELECT id FROM (SELECT id FROM posts WHERE community_id = \(bind: c) AND deleted_at IS NULL AND (hidden_at IS NULL OR author_id = \(bind: viewer))"
            if let afterID { q = q + " AND id < \(bind: afterID)" }
            parts.append(q + " ORDER BY id DESC LIMIT \(literal: limit)) s\(unsafeRaw: String(i))")
        }
        for (i, m) in members.enumerated() {
            var q: SQLQueryString = """
                SELECT id FROM (SELECT a.id FROM posts a JOIN communities ac ON ac.id = a.community_id AND ac.visibility = \(bind: Visibility.public.rawValue)
                WHERE a.author_id = \(bind: m) AND a.deleted_at IS NULL AND a.hidden_at IS NULL
                """
            if let afterID { q = q + " AND a.id < \(bind: afterID)" }
            parts.append(q + " ORDER BY a.id DESC LIMIT \(literal: limit)) m\(unsafeRaw: String(i))")
        }
        var union: SQLQueryString = ""
        for (i, part) in parts.enumerated() { union = i == 0 ? part : union + " UNION ALL " + part }
        let q: SQLQueryString = "SELECT \(Self.postColumns) WHERE p.id IN (\(union)) ORDER BY p.id DESC LIMIT \(literal: limit)"
        return KeysetPage(rows: try await db.rows(q, as: PostRow.self), size: Self.pageSize) { $0.id }
    }

    /// A post of this community, unless it is hidden from this reader (then as if it did not exist).
    func post(_ community: UUID, _ id: UUID, moderator: Bool = false) async throws -> PostRow? {
        try await db.row("""
            SELECT \(Self.postColumns) WHERE p.id = \(bind: id) AND p.community_id = \(bind: community)
              AND \(ReportedItems.visible("p", viewer: context.viewer?.id, moderator: moderator))
            """, as: PostRow.self)
    }

    /// The post named in a route (`:id`) in this community, or 404 (also when it is hidden from the viewer).
    func requirePost(_ ctx: CommunityContext, id: String?) async throws -> PostRow {
        guard let id = id.flatMap(UUID.init(uuidString:)), let p = try await post(ctx.id, id, moderator: ctx.can(.moderate))
        else { throw AppError.notFound }
        return p
    }

    /// A comment as pages and the API show it: a reply from another server (RemoteReplies) names its remote author.
    static let commentColumns: SQLQueryString = """
        k.id, COALESCE(k.remote_handle, u.handle) AS author_handle, COALESCE(k.remote_name, u.display_name) AS author_name,
        k.remote_url, k.body, k.created_at, k.hidden_at, k.hidden_reason, k.edited_at, k.deleted_at
        """

    /// A post's comments, oldest first; hidden ones only for their authors and the moderators.
    func comments(_ post: UUID, after: String?, limit: Int = 100, moderator: Bool = false) async throws -> KeysetPage<CommentRow> {
        var q: SQLQueryString = """
            SELECT \(Self.commentColumns) FROM post_comments k JOIN users u ON u.id = k.author_id WHERE k.post_id = \(bind: post)
              AND \(ReportedItems.visible("k", viewer: context.viewer?.id, moderator: moderator))
            """
        if let after = try Cursor.after(after)?.id { q = q + " AND k.id > \(bind: after)" }
        q = q + " ORDER BY k.id LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await db.rows(q, as: CommentRow.self), size: limit) { $0.id }
    }

    // MARK: Follows and live streams

    func follows(_ viewer: UUID, _ kind: SocialTarget, target: UUID) async throws -> Bool {
        struct One: Decodable { let id: UUID }
        return try await db.row("""
            SELECT id FROM follows WHERE follower_id = \(bind: viewer) AND target_kind = \(bind: kind.rawValue) AND target_id = \(bind: target)
            """, as: One.self) != nil
    }

    /// The account a route names by `:handle` (any letter case), or 404.
    func person(_ handle: String) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        let handle = handle.lowercased()
        guard Rules.isValidHandle(handle), let row = try await db.row("SELECT id FROM users WHERE handle = \(bind: handle) AND deleted_at IS NULL", as: Row.self)
        else { throw AppError.notFound }
        return row.id
    }

    /// The communities whose new posts reach a viewer's open pages: where they are active, and the public ones they follow.
    func liveCommunities(_ viewer: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let id: UUID }
        return Set(try await db.rows("""
            SELECT community_id AS id FROM memberships WHERE user_id = \(bind: viewer) AND status = \(bind: MembershipStatus.active.rawValue)
            UNION SELECT c.id FROM follows f JOIN communities c ON c.id = f.target_id
              WHERE f.follower_id = \(bind: viewer) AND f.target_kind = \(bind: SocialTarget.community.rawValue)
                AND c.visibility = \(bind: Visibility.public.rawValue)
            """, as: Row.self).map(\.id))
    }

    // MARK: Notifications

    func notifications(_ viewer: UUID, after: String?, unreadOnly: Bool = false) async throws -> KeysetPage<NotificationRow> {
        var q: SQLQueryString = "SELECT id, kind, actor, subject, link, read_at, created_at FROM notifications WHERE user_id = \(bind: viewer) AND in_app = \(bind: true)"
        if unreadOnly { q.appendLiteral(" AND read_at IS NULL") }
        if let after = try Cursor.after(after)?.id { q = q + " AND id < \(bind: after)" }
        q = q + " ORDER BY id DESC LIMIT \(literal: 50 + 1)"
        return KeysetPage(rows: try await db.rows(q, as: NotificationRow.self), size: 50) { $0.id }
    }

    /// Unread notifications, counted up to 100 (the badge says « 99+ » beyond): a bounded read of a partial index.
    func unread(_ viewer: UUID) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await db.row("SELECT \(Self.unreadCount(of: "\(bind: viewer)")) AS n", as: Row.self)?.n ?? 0
    }

    /// The count itself, for a user given as SQL (a bound id, or a column of an outer query such as the session's).
    static func unreadCount(of user: SQLQueryString) -> SQLQueryString {
        "(SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = \(user) AND n.read_at IS NULL AND n.in_app = \(bind: true) LIMIT 100) x)"
    }

    struct PrefRow: Decodable { let kind: String; let inApp: Bool; let email: Bool
        enum CodingKeys: String, CodingKey { case kind, email, inApp = "in_app" } }

    /// Every kind's preference; a kind never set is on in the app and by e-mail.
    func preferences(_ viewer: UUID) async throws -> [NotificationKind: NotificationPreference] {
        var out = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, NotificationPreference(inApp: true, email: true)) })
        for r in try await db.rows("SELECT kind, in_app, email FROM notification_prefs WHERE user_id = \(bind: viewer)", as: PrefRow.self) {
            if let k = NotificationKind(rawValue: r.kind) { out[k] = NotificationPreference(inApp: r.inApp, email: r.email) }
        }
        return out
    }

    // MARK: Endorsements and credibility

    /// Active endorsements received (`to`) or given (`from`) by a member, with the endorser's overall credibility.
    func endorsements(_ community: UUID, of user: UUID, received: Bool, limit: Int = 200) async throws -> [EndorsementRow] {
        let side: SQLQueryString = received ? "e.to_id" : "e.from_id"
        return try await db.rows("""
            SELECT e.id, f.handle AS from_handle, t.handle AS to_handle, e.topic, e.topic_key, e.note, s.score AS from_score
            FROM endorsements e JOIN users f ON f.id = e.from_id JOIN users t ON t.id = e.to_id
              LEFT JOIN credibility_scores s ON s.community_id = e.community_id AND s.user_id = e.from_id AND s.topic_key = ''
            WHERE e.community_id = \(bind: community) AND \(side) = \(bind: user) AND e.revoked_at IS NULL
            ORDER BY e.id DESC LIMIT \(literal: limit)
            """, as: EndorsementRow.self)
    }

    /// A topic's ranking (or the overall one, `topic` = ""), by rank: keyset on the rank.
    func ranking(_ community: UUID, topic: String, afterRank: Int = 0, limit: Int = 50) async throws -> [ScoreRow] {
        try await db.rows("""
            SELECT s.user_id, u.handle, u.display_name, m.role, s.score, s.rank, s.topic_key
            FROM credibility_scores s JOIN users u ON u.id = s.user_id
              JOIN memberships m ON m.community_id = s.community_id AND m.user_id = s.user_id
            WHERE s.community_id = \(bind: community) AND s.topic_key = \(bind: topic) AND s.rank > \(bind: afterRank) AND m.status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY s.rank LIMIT \(literal: limit)
            """, as: ScoreRow.self)
    }

    /// A page of a ranking, keyed on the rank (an opaque cursor; a foreign one is a 400).
    func rankingPage(_ community: UUID, topic: String, after: String?) async throws -> KeysetPage<ScoreRow> {
        var afterRank = 0
        if let after, !after.isEmpty {
            guard let c = Cursor(encoded: after), let n = Int(c.key) else { throw AppError.badRequest(CommonText.errBadCursor.text) }
            afterRank = n
        }
        let rows = try await ranking(community, topic: topic, afterRank: afterRank, limit: 51)
        let items = Array(rows.prefix(50))
        return KeysetPage(items: items, next: rows.count > 50 ? items.last.map { Cursor(key: String($0.rank), id: $0.userId).encoded } : nil)
    }

    /// The `top` most credible members of each topic, in one query (ranks are stored, so it reads an index range per topic).
    func leaders(_ community: UUID, topics: [String], top: Int = 3) async throws -> [String: [ScoreRow]] {
        guard !topics.isEmpty else { return [:] }
        let rows = try await db.rows("""
            SELECT s.user_id, u.handle, u.display_name, m.role, s.score, s.rank, s.topic_key
            FROM credibility_scores s JOIN users u ON u.id = s.user_id
              JOIN memberships m ON m.community_id = s.community_id AND m.user_id = s.user_id
            WHERE s.community_id = \(bind: community) AND s.topic_key IN (\(binds: topics)) AND s.rank <= \(bind: top) AND m.status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY s.topic_key, s.rank
            """, as: ScoreRow.self)
        return Dictionary(grouping: rows, by: \.topicKey)
    }

    /// Every score of one member (overall and per topic).
    func scores(_ community: UUID, user: UUID) async throws -> [ScoreRow] {
        try await db.rows("""
            SELECT s.user_id, u.handle, u.display_name, m.role, s.score, s.rank, s.topic_key
            FROM credibility_scores s JOIN users u ON u.id = s.user_id
              JOIN memberships m ON m.community_id = s.community_id AND m.user_id = s.user_id
            WHERE s.community_id = \(bind: community) AND s.user_id = \(bind: user) ORDER BY s.rank
            """, as: ScoreRow.self)
    }

    /// The topics members are endorsed on, most endorsed first: the head of an index on the kept counts (`SocialIndexes`).
    func topics(_ community: UUID, limit: Int = 30) async throws -> [TopicRow] {
        try await db.rows("""
            SELECT topic_key, topic, n FROM endorsement_topics
            WHERE community_id = \(bind: community) ORDER BY n DESC, topic_key LIMIT \(literal: limit)
            """, as: TopicRow.self)
    }

    /// The community's adopted values: the natural topics of endorsements.
    func adoptedValues(_ community: UUID) async throws -> [String] {
        struct Row: Decodable { let title: String }
        return try await db.rows("""
            SELECT title FROM journey_proposals WHERE community_id = \(bind: community) AND kind = \(bind: ProposalKind.value.rawValue)
              AND status = \(bind: ProposalStatus.adopted.rawValue) ORDER BY title LIMIT 100
            """, as: Row.self).map(\.title)
    }

    func credibilityState(_ community: UUID) async throws -> StateRow? {
        try await db.row("""
            SELECT s.computed_at, s.anchored_on_stewards, s.dirty, r.weight_cap FROM credibility_state s
              LEFT JOIN credibility_rules r ON r.community_id = s.id AND r.weigh_positions
            WHERE s.id = \(bind: community)
            """, as: StateRow.self)
    }

    /// An active member by handle: the one lookup every feature uses.
    func member(_ community: UUID, _ handle: String) async throws -> MemberRef? { try await Self.member(db, community, handle) }

    static func member(_ db: any Database, _ community: UUID, _ handle: String) async throws -> MemberRef? {
        guard Rules.isValidHandle(handle) else { return nil }
        return try await db.row("""
            SELECT m.user_id, u.handle, u.display_name, m.role, m.earned_rights FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.community_id = \(bind: community) AND m.handle = \(bind: handle) AND m.status = \(bind: MembershipStatus.active.rawValue)
            """, as: MemberRef.self)
    }

    /// The founder and stewards: formal authority, shown beside the earned one.
    func stewards(_ community: UUID) async throws -> [MemberRef] {
        try await db.rows("""
            SELECT m.user_id, u.handle, u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.community_id = \(bind: community) AND m.status = \(bind: MembershipStatus.active.rawValue)
              AND m.role IN (\(binds: Role.stewardRoles)) ORDER BY m.handle LIMIT 50
            """, as: MemberRef.self)
    }
}


