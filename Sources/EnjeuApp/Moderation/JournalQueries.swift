import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The community's journal: `audit_events`, newest first, in keyset pages on (community_id, id) (time-ordered ids).
/// Members (active or suspended) read every entry; anyone else who may see a public community, its public ones
/// (`audit_events.public`, from `JournalAction.isPublic`, on the index (community_id, public, id)).
struct JournalQueries {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    static let pageSize = 50

    typealias Entry = JournalEntry

    private struct Row: Decodable {
        let id: UUID, at: Date, action: String, detail: String, reason: String?, isPublic: Bool, actor: String?, community: String?
        enum CodingKeys: String, CodingKey { case id, at, action, detail, reason, actor, community, isPublic = "public" }
    }

    /// Whether this reader reads the members' entries too.
    static func readsAll(_ ctx: CommunityContext) -> Bool {
        if case let .member(_, status, _) = ctx.relation { return status == .active || status == .suspended }
        return false
    }

    func community(_ ctx: CommunityContext, after: String?, limit: Int = pageSize) async throws -> KeysetPage<Entry> {
        var q: SQLQueryString = """
            SELECT a.id, a.at, a.action, a.detail, a.reason, a.public, u.handle AS actor, NULL AS community
            FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id WHERE a.community_id = \(bind: ctx.id)
            """
        if !Self.readsAll(ctx) { q = q + " AND a.public = \(bind: true)" }
        if let after = try Cursor.after(after)?.id { q = q + " AND a.id < \(bind: after)" }
        q = q + " ORDER BY a.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await context.db.rows(q, as: Row.self).map(entry), size: limit) { $0.id }
    }

    /// Every community's entries and the instance's own (accounts), for its operators.
    func instance(after: String?, limit: Int = pageSize) async throws -> KeysetPage<Entry> {
        var q: SQLQueryString = """
            SELECT a.id, a.at, a.action, a.detail, a.reason, a.public, u.handle AS actor, c.slug AS community
            FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN communities c ON c.id = a.community_id WHERE 1 = 1
            """
        if let after = try Cursor.after(after)?.id { q = q + " AND a.id < \(bind: after)" }
        q = q + " ORDER BY a.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await context.db.rows(q, as: Row.self).map(entry), size: limit) { $0.id }
    }

    private func entry(_ r: Row) -> Entry {
        Entry(id: r.id, at: r.at, action: r.action, text: context.lang[ModerationText.journal(stored: r.action)], actor: r.actor,
              detail: r.detail, reason: r.reason, public: r.isPublic, community: r.community)
    }

    static let csvHeader = ["id", "at", "action", "text", "actor", "detail", "reason", "public"]

    /// The whole journal the reader may read, streamed a page at a time (memory holds one page).
    func csv(_ ctx: CommunityContext) -> Response {
        let queries = self
        return Response.streamed(EconomyExports.csv, filename: "journal-\(ctx.community.slug).csv", logger: context.logger) { emit in
            try await emit(ByteBuffer(string: CSVText.header(Self.csvHeader)))
            let iso = ISO8601DateFormatter()
            var after: String?
            repeat {
                let page = try await queries.community(ctx, after: after, limit: 1_000)
                var out = ByteBuffer()
                for e in page.items {
                    out.writeString(CSVText.line([.text(e.id.uuidString), .text(iso.string(from: e.at)), .text(e.action), .text(e.text),
                                                  .text(e.actor ?? ""), .text(e.detail), .text(e.reason ?? ""), .text(e.public ? "true" : "false")]))
                }
                try await emit(out)
                after = page.next
            } while after != nil
        }
    }
}
