import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The review queue: a community's open cases (one per reported item), oldest first, each with its reports and the
/// item in context. A page is three reads whatever the number of open reports: the cases (an index range on
/// (community_id, status, id)), their reports (by case), and the items of each kind on the page (by id).
struct ModerationQueries {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    static let pageSize = 25
    static let reportsShown = 5

    private struct CaseRow: Decodable {
        let id: UUID, kind: String, itemId: UUID, reporters: Int, openedAt: Date, reviewAskedAt: Date?
        enum CodingKeys: String, CodingKey {
            case id, kind, reporters, itemId = "item_id", openedAt = "opened_at", reviewAskedAt = "review_asked_at"
        }
    }
    private struct ReportRow: Decodable {
        let id: UUID, caseId: UUID, reason: String, text: String, handle: String, createdAt: Date
        enum CodingKeys: String, CodingKey { case id, reason, text, handle, caseId = "case_id", createdAt = "created_at" }
    }
    private struct ItemRow: Decodable {
        let id: UUID, text: String, author: String?, createdAt: Date?, parent: UUID?, hiddenAt: Date?, hiddenReason: String?
        enum CodingKeys: String, CodingKey {
            case id, text, author, parent, createdAt = "created_at", hiddenAt = "hidden_at", hiddenReason = "hidden_reason"
        }
    }

    func queue(_ ctx: CommunityContext, after: String?) async throws -> KeysetPage<ModerationCase> {
        let db = context.db
        var q: SQLQueryString = """
            SELECT id, kind, item_id, reporters, opened_at, review_asked_at FROM moderation_cases
            WHERE community_id = \(bind: ctx.id) AND status = 'open'
            """
        // A moderator's own reported words are for the others: neither the item nor who reported it is shown to them.
        if let viewer = ctx.viewer?.id { q = q + " AND (author_id IS NULL OR author_id <> \(bind: viewer))" }
        if let after = try Cursor.after(after)?.id { q = q + " AND id > \(bind: after)" }
        q = q + " ORDER BY id LIMIT \(literal: Self.pageSize + 1)"
        let rows = Array(try await db.rows(q, as: CaseRow.self))
        let shown = Array(rows.prefix(Self.pageSize))
        guard !shown.isEmpty else { return KeysetPage(items: [], next: nil) }
        // At most `reportsShown` reports of each case, the first ones: a case reported a thousand times costs what five do
        // (its count is the case's `reporters`).
        let reports = try await db.rows("""
            SELECT id, case_id, reason, text, handle, created_at FROM (
              SELECT r.id, r.case_id, r.reason, r.text, u.handle, r.created_at,
                     ROW_NUMBER() OVER (PARTITION BY r.case_id ORDER BY r.id) AS rank
              FROM reports r JOIN users u ON u.id = r.reporter_id
              WHERE r.case_id IN (\(Self.list(shown.map(\.id))))) ranked
            WHERE rank <= \(literal: Self.reportsShown) ORDER BY id
            """, as: ReportRow.self)
        var byCase: [UUID: [ReportRow]] = [:]
        for r in reports { byCase[r.caseId, default: []].append(r) }
        var items: [String: [UUID: ItemRow]] = [:]
        for kind in ReportKind.allCases {
            let ids = shown.filter { $0.kind == kind.rawValue }.map(\.itemId)
            if ids.isEmpty { continue }
            items[kind.rawValue] = Dictionary(try await db.rows(Self.items(kind, ids), as: ItemRow.self).map { ($0.id, $0) },
                                              uniquingKeysWith: { a, _ in a })
        }
        let slug = ctx.community.slug
        let out: [ModerationCase] = shown.compactMap { c in
            guard let kind = ReportKind(rawValue: c.kind), let first = byCase[c.id]?.first else { return nil }
            let item = items[c.kind]?[c.itemId].map { i in
                ModerationItem(text: i.text, author: i.author, createdAt: i.createdAt, link: Self.link(kind, slug: slug, item: i),
                        hidden: i.hiddenAt != nil, hiddenReason: i.hiddenReason)
            }
            // Open reports first: those the decision answers; a review asked after a decision shows the earlier ones.
            let rs = (byCase[c.id] ?? []).map {
                ModerationReport(id: $0.id, reason: ReportReason(rawValue: $0.reason) ?? .other, text: $0.text, reporter: $0.handle, createdAt: $0.createdAt)
            }
            return ModerationCase(id: first.id, kind: kind, itemId: c.itemId, item: item, reporters: c.reporters, openedAt: c.openedAt,
                           reviewAsked: c.reviewAskedAt != nil, reports: rs)
        }
        let next = rows.count > Self.pageSize ? shown.last.map { Cursor(key: "", id: $0.id).encoded } : nil
        return KeysetPage(items: out, next: next)
    }

    /// How many distinct reporters hide an item of this community until reviewed.
    static func threshold(_ db: any Database, _ community: UUID) async throws -> Int {
        struct Threshold: Decodable { let reportThreshold: Int; enum CodingKeys: String, CodingKey { case reportThreshold = "report_threshold" } }
        return try await db.row("SELECT report_threshold FROM communities WHERE id = \(bind: community)", as: Threshold.self)?
            .reportThreshold ?? ModerationRules.defaultThreshold
    }

    func threshold(_ community: UUID) async throws -> Int { try await Self.threshold(context.db, community) }

    /// Ids the database gave, written as literals (nothing to escape; see docs/ARCHITECTURE.md, SQL).
    private static func list(_ ids: [UUID]) -> SQLQueryString {
        "\(unsafeRaw: ids.map { "'" + $0.uuidString + "'" }.joined(separator: ", "))"
    }

    private static func items(_ kind: ReportKind, _ ids: [UUID]) -> SQLQueryString {
        let inList = list(ids)
        switch kind {
        case .post:
            return "SELECT t.id, t.body AS text, u.handle AS author, t.created_at, NULL AS parent, t.hidden_at, t.hidden_reason FROM posts t LEFT JOIN users u ON u.id = t.author_id WHERE t.id IN (\(inList))"
        case .comment:
            return "SELECT t.id, t.body AS text, u.handle AS author, t.created_at, t.post_id AS parent, t.hidden_at, t.hidden_reason FROM post_comments t JOIN users u ON u.id = t.author_id WHERE t.id IN (\(inList))"
        case .offer:
            return "SELECT t.id, t.title AS text, u.handle AS author, t.created_at, NULL AS parent, t.hidden_at, t.hidden_reason FROM offers t JOIN users u ON u.id = t.owner_id WHERE t.id IN (\(inList))"
        case .contribution:
            return "SELECT t.id, t.comment AS text, u.handle AS author, t.created_at, t.indicator_id AS parent, t.hidden_at, t.hidden_reason FROM figure_contributions t JOIN users u ON u.id = t.user_id WHERE t.id IN (\(inList))"
        case .amendmentComment:
            return "SELECT t.id, t.body AS text, u.handle AS author, t.created_at, t.amendment_id AS parent, t.hidden_at, t.hidden_reason FROM amendment_comments t JOIN users u ON u.id = t.author_id WHERE t.id IN (\(inList))"
        case .profile:
            return "SELECT t.id, t.bio AS text, t.handle AS author, t.created_at, NULL AS parent, NULL AS hidden_at, NULL AS hidden_reason FROM users t WHERE t.id IN (\(inList))"
        }
    }

    private static func link(_ kind: ReportKind, slug: String, item i: ItemRow) -> String? {
        switch kind {
        case .post: SocialEndpoints.post.path(slug, i.id)
        case .comment: i.parent.map { SocialEndpoints.post.path(slug, $0) }
        case .offer: EconomyEndpoints.offer.path(slug, i.id)
        case .contribution: i.parent.map { FiguresEndpoints.indicator.path(slug, $0) }
        case .amendmentComment: i.parent.map { CodeEndpoints.amendment.path(slug, $0) }
        case .profile: i.author.map { AccountEndpoints.person.path($0) }
        }
    }
}

extension ModerationCase: Content {}
extension JournalEntry: Content {}
