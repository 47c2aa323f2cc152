import Foundation
import Testing
import Vapor
import SQLKit
import Fluent
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// Recomputations, from base rows, of what the services keep beside them, for `DemoBulkTests`.
enum DemoDerivations {
    enum Kind { case uuid, text, int, bool, double, date, optionalDouble }
    typealias Columns = [(String, Kind)]

    /// A table's rows (or a query's) as sorted strings, comparable across two reads.
    static func snapshot(_ db: any Database, _ from: String, _ columns: Columns, orderBy: String? = nil) async throws -> [String] {
        let query = "SELECT \(columns.map(\.0).joined(separator: ", ")) FROM \(from)" + (orderBy.map { " ORDER BY \($0)" } ?? "")
        let rows = try await sql(db).raw(SQLQueryString(query)).all()
        let out = try rows.map { r in
            try columns.map { name, kind -> String in
                let column = String((name.components(separatedBy: " AS ").last ?? name).split(separator: ".").last!)
                switch kind {
                case .uuid: return try r.decode(column: column, as: UUID.self).uuidString
                case .text: return try r.decode(column: column, as: String.self)
                case .int: return String(try r.decode(column: column, as: Int.self))
                case .bool: return String(try r.decode(column: column, as: Bool.self))
                case .double: return String(format: "%.12g", try r.decode(column: column, as: Double.self))
                case .optionalDouble: return try r.decode(column: column, as: Double?.self).map { String(format: "%.12g", $0) } ?? "nil"
                case .date: return String(Int((try r.decode(column: column, as: Date.self).timeIntervalSince1970 * 1_000).rounded()))
                }
            }.joined(separator: "|")
        }
        return orderBy == nil ? out.sorted() : out
    }

    /// Each indicator's values as relearning reads them (`FigureClaims`).
    static let claimTables: [(String, Columns)] = [("figure_claims", [("indicator_id", .uuid), ("community_id", .uuid), ("claims", .text)])]

    static let economyTables: [(String, Columns)] = [
        ("offer_terms", [("term", .text), ("offer_id", .uuid), ("community_id", .uuid)]),
        ("offer_counts", [("community_id", .uuid), ("offers", .int)]),
        ("flow_pairs", [("community_id", .uuid), ("nature", .text), ("from_key", .text), ("to_key", .text), ("flows", .int), ("qualitative", .int)]),
        ("flow_units", [("community_id", .uuid), ("nature", .text), ("from_key", .text), ("to_key", .text), ("unit", .text), ("quantified", .int),
                        ("total", .double)]),
        ("flow_actors", [("community_id", .uuid), ("nature", .text), ("side", .text), ("actor", .text), ("flows", .int)]),
        ("flow_kinds", [("community_id", .uuid), ("nature", .text), ("measure", .text), ("unit", .text), ("flows", .int), ("qualitative", .int),
                        ("quantified", .int), ("total", .double)]),
    ]
    static let socialTables: [(String, Columns)] = [
        ("profile_terms", [("user_id", .uuid), ("term_key", .text), ("label", .text), ("n_terms", .int)]),
        ("endorsement_topics", [("community_id", .uuid), ("topic_key", .text), ("topic", .text), ("n", .int)]),
        ("credibility_results", [("community_id", .uuid), ("user_id", .uuid), ("amendments_adopted", .int), ("figures_confirmed", .int),
                                 ("actions_completed", .int), ("referrals_completed", .int)]),
    ]

    /// The tables as loaded equal the tables their own `rebuild` computes from the base rows.
    static func sameAfterRebuild(_ app: Application, _ tables: [(String, Columns)], _ rebuild: @escaping @Sendable (any Database) async throws -> Void) async throws {
        var before: [[String]] = []
        for (table, columns) in tables { before.append(try await snapshot(app.db, table, columns)) }
        try await app.write(on: app.db) { db in try await rebuild(db) }
        for ((table, columns), rows) in zip(tables, before) {
            let after = try await snapshot(app.db, table, columns)
            #expect(!rows.isEmpty, "\(table) is filled")
            let same = after == rows
            #expect(same, "\(table): \(after.count) rows after, \(rows.count) before; \(Set(after).symmetricDifference(rows).sorted().prefix(5))")
        }
    }

    /// `journey_aggregates` = the sums of the current assessments, an action's also counted in its cycle's.
    static func journeySums(_ app: Application) async throws {
        struct A: Decodable { let communityId: UUID; let cycle: Int; let subjectKind: String; let subjectId: UUID; let isSelf: Bool
            let material: Int; let consciousness: Int; let mastery: Int; let maturity: Int
            enum CodingKeys: String, CodingKey { case cycle, material, consciousness, mastery, maturity, communityId = "community_id",
                                                 subjectKind = "subject_kind", subjectId = "subject_id", isSelf = "self" } }
        struct G: Decodable { let communityId: UUID; let cycle: Int; let subjectKind: String; let subjectId: UUID; let isSelf: Bool
            let n: Int; let material: Int; let consciousness: Int; let mastery: Int; let maturity: Int
            enum CodingKeys: String, CodingKey { case cycle, n, material, consciousness, mastery, maturity, communityId = "community_id",
                                                 subjectKind = "subject_kind", subjectId = "subject_id", isSelf = "self" } }
        var expected: [String: [Int]] = [:]
        for a in try await app.db.rows("""
            SELECT community_id, cycle, subject_kind, subject_id, self, material, consciousness, mastery, maturity FROM journey_assessments
            WHERE current = \(bind: true)
            """, as: A.self) {
            var keys = ["\(a.communityId)|\(a.cycle)|\(a.subjectKind)|\(a.subjectId)|\(a.isSelf)"]
            if a.subjectKind == AggregateKind.action.rawValue { keys.append("\(a.communityId)|\(a.cycle)|cycle|\(a.communityId)|\(a.isSelf)") }
            for k in keys {
                let old = expected[k] ?? [0, 0, 0, 0, 0]
                expected[k] = zip(old, [1, a.material, a.consciousness, a.mastery, a.maturity]).map { $0 + $1 }
            }
        }
        var stored: [String: [Int]] = [:]
        for g in try await app.db.rows("""
            SELECT community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity FROM journey_aggregates
            """, as: G.self) where g.n != 0 || g.material + g.consciousness + g.mastery + g.maturity != 0 {
            stored["\(g.communityId)|\(g.cycle)|\(g.subjectKind)|\(g.subjectId)|\(g.isSelf)"] = [g.n, g.material, g.consciousness, g.mastery, g.maturity]
        }
        #expect(expected.count > 100)
        let same = stored == expected
        #expect(same, "\(Set(stored.keys).symmetricDifference(expected.keys).prefix(3))")
    }

    /// Users who switched a kind off both in the app and by e-mail: `Notify.users` stores nothing for them.
    private static func switchedOff(_ app: Application, _ kind: NotificationKind) async throws -> Set<UUID> {
        struct P: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        return Set(try await app.db.rows("""
            SELECT user_id FROM notification_prefs WHERE kind = \(bind: kind.rawValue) AND in_app = \(bind: false) AND email = \(bind: false)
            """, as: P.self).map(\.userId))
    }

    /// Every post by a synthetic member notified each active member it mentions (not its author), once.
    static func mentions(_ app: Application) async throws {
        struct Post: Decodable { let id: UUID; let communityId: UUID; let authorId: UUID; let body: String; let slug: String; let handle: String
            enum CodingKeys: String, CodingKey { case id, body, slug, handle, communityId = "community_id", authorId = "author_id" } }
        struct Member: Decodable { let communityId: UUID; let handle: String; let userId: UUID
            enum CodingKeys: String, CodingKey { case handle, communityId = "community_id", userId = "user_id" } }
        struct Note: Decodable { let userId: UUID; let actor: String; let link: String; let subject: String
            enum CodingKeys: String, CodingKey { case actor, link, subject, userId = "user_id" } }
        var members: [String: UUID] = [:]
        for m in try await app.db.rows("SELECT community_id, handle, user_id FROM memberships WHERE status = 'active'", as: Member.self) {
            members["\(m.communityId)|\(m.handle)"] = m.userId
        }
        let off = try await switchedOff(app, .mention)
        var expected: [String] = []
        for p in try await app.db.rows("""
            SELECT p.id, p.community_id, p.author_id, p.body, c.slug, u.handle FROM posts p JOIN communities c ON c.id = p.community_id
              JOIN users u ON u.id = p.author_id WHERE p.kind = 'post' AND u.email LIKE '%@bench.enjeu.local'
            """, as: Post.self) {
            for handle in Set(Social.mentions(in: p.body)) {
                guard let user = members["\(p.communityId)|\(handle)"], user != p.authorId, !off.contains(user) else { continue }
                expected.append("\(user)|\(p.handle)|\(SocialEndpoints.post.path(p.slug, p.id))|\(NotificationView.excerpt(p.body))")
            }
        }
        let stored = try await app.db.rows("""
            SELECT user_id, actor, link, subject FROM notifications WHERE kind = 'mention' AND actor LIKE '%\\_bench' ESCAPE '\\'
            """, as: Note.self).map { "\($0.userId)|\($0.actor)|\($0.link)|\($0.subject)" }
        #expect(expected.count > 100)
        let same = stored.sorted() == expected.sorted()
        #expect(same, "\(Set(stored).symmetricDifference(expected).prefix(3))")
    }

    /// Every endorsement among the weavers notified the endorsed member.
    static func endorsementNotes(_ app: Application) async throws {
        struct E: Decodable { let toId: UUID; let fromHandle: String; let toHandle: String; let topic: String
            enum CodingKeys: String, CodingKey { case topic, toId = "to_id", fromHandle = "from_handle", toHandle = "to_handle" } }
        struct Note: Decodable { let userId: UUID; let actor: String; let link: String; let subject: String
            enum CodingKeys: String, CodingKey { case actor, link, subject, userId = "user_id" } }
        let off = try await switchedOff(app, .endorsement)
        let slug = "tisserands-du-rhone"
        let expected = try await app.db.rows("""
            SELECT e.to_id, f.handle AS from_handle, t.handle AS to_handle, e.topic FROM endorsements e JOIN users f ON f.id = e.from_id
              JOIN users t ON t.id = e.to_id JOIN communities c ON c.id = e.community_id WHERE c.slug = \(bind: slug)
            """, as: E.self).filter { !off.contains($0.toId) }.map { "\($0.toId)|\($0.fromHandle)|\(SocialEndpoints.why.path(slug, $0.toHandle))|\($0.topic)" }
        let stored = try await app.db.rows("""
            SELECT user_id, actor, link, subject FROM notifications WHERE kind = 'endorsement' AND link LIKE \(bind: "/communities/\(slug)/%")
            """, as: Note.self).map { "\($0.userId)|\($0.actor)|\($0.link)|\($0.subject)" }
        #expect(expected.count >= 600)
        let same = stored.sorted() == expected.sorted()
        #expect(same, "\(Set(stored).symmetricDifference(expected).prefix(3))")
    }

    /// The schema's triggers, definitions and state: what the bulk load suspends and must restore exactly.
    static func triggers(_ app: Application) async throws -> [String] {
        if sql(app.db).dialect.name == "postgresql" {
            return try await snapshot(app.db, """
                pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
                """, [("c.relname", .text), ("t.tgname", .text), ("CAST(t.tgenabled AS TEXT) AS enabled", .text), ("pg_get_triggerdef(t.oid) AS def", .text)])
        }
        return try await snapshot(app.db, "sqlite_master WHERE type = 'trigger'", [("name", .text), ("tbl_name", .text), ("sql", .text)])
    }

    /// SQLite's full-text index holds every offer under its search text, as `EconomyService.publish` writes it.
    static func fullText(_ app: Application) async throws {
        struct O: Decodable { let id: UUID; let folded: String }
        struct F: Decodable { let offerId: String; let body: String; enum CodingKeys: String, CodingKey { case body, offerId = "offer_id" } }
        let offers = try await app.db.rows("SELECT id, folded FROM offers", as: O.self).map { "\($0.id.uuidString)|\($0.folded)" }
        let indexed = try await app.db.rows("SELECT offer_id, body FROM offers_fts", as: F.self).map { "\($0.offerId)|\($0.body)" }
        #expect(offers.count > 1_000)
        let same = indexed.sorted() == offers.sorted()
        #expect(same, "\(Set(indexed).symmetricDifference(offers).prefix(3))")
    }
}
