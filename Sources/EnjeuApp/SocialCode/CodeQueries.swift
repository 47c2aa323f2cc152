import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of the #CodeSocial. The code at any revision is one query (latest version of each section at or before it);
/// history and amendment lists are keyset pages; nothing loops over rows with queries.
struct CodeQueries {
    let db: any Database
    /// Present for reads outside transactions: the code at an adopted revision never changes.
    var snapshots: ImmutableCache<VersionKey, CodeSnapshotBox>? = nil
    static let pageSize = 20
    /// The reader, for what is hidden from everyone but its author (amendment comments, M041a).
    var viewer: UUID? = nil

    init(_ ctx: ServiceContext) {
        db = ctx.db
        snapshots = ctx.app.snapshotCache
        viewer = ctx.viewer?.id
    }
    /// Reads inside a write transaction, which must see its own writes: no cache.
    init(db: any Database) { self.db = db }

    // The rows live in EnjeuWeb's models (the views read them); the API still names them here.
    typealias RevisionItem = CodeRevisionItem
    typealias AmendmentItem = EnjeuWeb.AmendmentItem
    typealias PositionItem = AmendmentPositionItem
    typealias CommentItem = AmendmentCommentItem
    typealias FactItem = CodeFactItem
    typealias SectionRevision = EnjeuWeb.SectionRevision

    struct SectionRow: Decodable { let section: String; let body: String }

    /// A section as the API and the JSON export show it.
    struct SectionText: Content, Sendable { let key: String; let title: String; let body: String }

    static func sections(_ snap: CodeSnapshot, _ lang: Lang) -> [SectionText] {
        SectionKey.allCases.map { SectionText(key: $0.rawValue, title: lang[.section($0)], body: snap[$0]) }
    }

    func snapshot(_ communityID: UUID, at revision: Int) async throws -> CodeSnapshot {
        try await renderedSnapshot(communityID, at: revision).snapshot
    }

    /// The code at a revision and its sections rendered, from the cache when the app keeps one.
    func renderedSnapshot(_ communityID: UUID, at revision: Int) async throws -> CodeSnapshotBox {
        guard let snapshots else { return CodeSnapshotBox(snapshot: try await loadSnapshot(communityID, at: revision)) }
        return try await snapshots.value(VersionKey(community: communityID, version: revision)) {
            CodeSnapshotBox(snapshot: try await loadSnapshot(communityID, at: revision))
        }!
    }

    private func loadSnapshot(_ communityID: UUID, at revision: Int) async throws -> CodeSnapshot {
        let rows = try await sql(db).raw("""
            SELECT v.section AS section, v.body AS body FROM code_section_versions v
            WHERE v.community_id = \(bind: communityID) AND v.revision = (
                SELECT MAX(w.revision) FROM code_section_versions w
                WHERE w.community_id = v.community_id AND w.section = v.section AND w.revision <= \(bind: revision))
            """).all(decoding: SectionRow.self)
        var snap = CodeSnapshot()
        for r in rows { if let key = SectionKey(rawValue: r.section) { snap.bodies[key] = r.body } }
        return snap
    }

    /// Every version of one section, oldest first: what blame reads.
    func sectionVersions(_ communityID: UUID, _ section: SectionKey, upTo revision: Int) async throws -> [(revision: Int, text: String)] {
        try await CodeSectionVersion.query(on: db).filter(\.$communityID == communityID).filter(\.$section == section)
            .filter(\.$revision <= revision).sort(\.$revision).all().map { ($0.revision, $0.body) }
    }

    /// A section's blame, the versions it was computed from, and the revisions behind them (one query each).
    func blame(_ communityID: UUID, _ section: SectionKey, upTo head: Int)
        async throws -> (lines: [Blame.Line], versions: [(revision: Int, text: String)], revisions: [Int: RevisionItem]) {
        let versions = try await sectionVersions(communityID, section, upTo: head)
        guard let first = versions.first?.revision, let last = versions.last?.revision else { return ([], [], [:]) }
        let revs = try await revisions(communityID, numbers: first...last)
        return (Blame.attribute(versions), versions, Dictionary(revs.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Revision rows with their author, read in plain SQL (see App/Reads.swift).
    private struct RevisionRow: Decodable {
        let id: UUID, number: Int, parent: Int, summary: String, handle: String, displayName: String, sections: String
        let amendmentId: UUID?, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, number, parent, summary, handle, sections
            case displayName = "display_name", amendmentId = "amendment_id", createdAt = "created_at"
        }
        var item: RevisionItem {
            RevisionItem(number: number, parent: parent, summary: summary, author: handle, authorName: displayName,
                         sections: sections.split(separator: ",").map(String.init), amendment: amendmentId, createdAt: createdAt)
        }
    }

    private static let revisionColumns: SQLQueryString = """
        SELECT r.id, r.number, r.parent, r.summary, u.handle, u.display_name, r.sections, r.amendment_id, r.created_at
        FROM code_revisions r JOIN users u ON u.id = r.author_id
        """

    /// Revisions, newest first, keyset-paged like every list: `next` is an opaque cursor (the last number and its id)
    /// passed back as `?after=`.
    func revisions(_ communityID: UUID, after: String?, limit: Int = pageSize) async throws -> KeysetPage<RevisionItem> {
        var q: SQLQueryString = "\(Self.revisionColumns) WHERE r.community_id = \(bind: communityID)"
        if let after, !after.isEmpty {
            guard let cursor = Cursor(encoded: after), let number = Int(cursor.key) else { throw AppError.badRequest(CommonText.errBadCursor.text) }
            q = q + " AND r.number < \(bind: number)"
        }
        q = q + " ORDER BY r.number DESC LIMIT \(literal: limit + 1)"
        let rows = try await db.rows(q, as: RevisionRow.self)
        return KeysetPage(rows: rows, size: limit) { Cursor(key: String($0.number), id: $0.id) }.map(\.item)
    }


    /// Revisions `(after, upTo]`, oldest first, at most `limit`: the exports walk the history in these pages.
    func revisions(_ communityID: UUID, after number: Int, upTo head: Int, limit: Int) async throws -> [RevisionItem] {
        try await db.rows("""
            \(Self.revisionColumns) WHERE r.community_id = \(bind: communityID) AND r.number > \(bind: number)
              AND r.number <= \(bind: head) ORDER BY r.number LIMIT \(literal: limit)
            """, as: RevisionRow.self).map(\.item)
    }

    func revision(_ communityID: UUID, _ number: Int) async throws -> RevisionItem? {
        try await db.row("\(Self.revisionColumns) WHERE r.community_id = \(bind: communityID) AND r.number = \(bind: number)", as: RevisionRow.self)?.item
    }

    func revisions(_ communityID: UUID, numbers: ClosedRange<Int>) async throws -> [RevisionItem] {
        try await db.rows("""
            \(Self.revisionColumns) WHERE r.community_id = \(bind: communityID) AND r.number >= \(bind: numbers.lowerBound)
              AND r.number <= \(bind: numbers.upperBound) ORDER BY r.number
            """, as: RevisionRow.self).map(\.item)
    }

    private struct AmendmentRow: Decodable {
        let id: UUID, status: AmendmentStatus, summary: String, reason: String, handle: String, displayName: String
        let baseRevision: Int, textVersion: Int, closesAt: Date, resultRevision: Int?, createdAt: Date
        enum CodingKeys: String, CodingKey {
            case id, status, summary, reason, handle
            case displayName = "display_name", baseRevision = "base_revision", textVersion = "text_version", closesAt = "closes_at"
            case resultRevision = "result_revision", createdAt = "created_at"
        }
        var item: AmendmentItem {
            AmendmentItem(id: id, status: status, summary: summary, reason: reason, author: handle, authorName: displayName,
                          baseRevision: baseRevision, textVersion: textVersion, closesAt: closesAt, resultRevision: resultRevision, createdAt: createdAt)
        }
    }

    /// Amendments, newest first (ids are time-ordered), keyset-paged; plain SQL (see App/Reads.swift).
    func amendments(_ communityID: UUID, status: AmendmentStatus?, after: String?, limit: Int = pageSize) async throws -> KeysetPage<AmendmentItem> {
        var q: SQLQueryString = """
            SELECT a.id, a.status, a.summary, a.reason, u.handle, u.display_name, a.base_revision, a.text_version, a.closes_at,
              a.result_revision, a.created_at
            FROM amendments a JOIN users u ON u.id = a.author_id WHERE a.community_id = \(bind: communityID)
              AND a.kind = \(bind: GovernanceKind.code.rawValue)
            """
        if let status { q = q + " AND a.status = \(bind: status.rawValue)" }
        if let id = try Cursor.after(after)?.id { q = q + " AND a.id < \(bind: id)" }
        q = q + " ORDER BY a.id DESC LIMIT \(literal: limit + 1)"
        let rows = try await db.rows(q, as: AmendmentRow.self)
        return KeysetPage(rows: rows, size: limit) { $0.id }.map(\.item)
    }

    /// The amendment with this id (from the route), within this community, or 404.
    func requireAmendment(_ id: UUID?, in ctx: CommunityContext) async throws -> (Amendment, AmendmentItem) {
        guard let id, let found = try await amendment(ctx.id, id) else { throw AppError.notFound }
        return found
    }

    func amendment(_ communityID: UUID, _ id: UUID) async throws -> (Amendment, AmendmentItem)? {
        guard let a = try await Amendment.query(on: db).filter(\.$communityID == communityID).filter(\.$id == id)
            .filter(\.$kind == .code).join(User.self, on: \Amendment.$author.$id == \User.$id).first() else { return nil }
        return (a, try amendmentItem(a))
    }

    func amendmentItem(_ a: Amendment) throws -> AmendmentItem {
        let u = try a.joined(User.self)
        return AmendmentItem(id: a.id!, status: a.status, summary: a.summary, reason: a.reason, author: u.handle, authorName: u.displayName,
                             baseRevision: a.baseRevision, textVersion: a.textVersion, closesAt: a.closesAt,
                             resultRevision: a.resultRevision, createdAt: a.createdAt)
    }

    /// The proposed bodies of the amendment's current text version.
    func changes(_ a: Amendment) async throws -> [SectionKey: String] {
        let rows = try await AmendmentChange.query(on: db).filter(\.$amendmentID == a.id!).filter(\.$textVersion == a.textVersion).all()
        return Dictionary(rows.map { ($0.section, $0.body) }, uniquingKeysWith: { _, b in b })
    }

    func positions(_ a: Amendment) async throws -> [PositionItem] {
        try await AmendmentPosition.query(on: db).filter(\.$amendmentID == a.id!)
            .join(User.self, on: \AmendmentPosition.$user.$id == \User.$id).sort(\.$id).limit(1_000).all().map { p in
                let u = try p.joined(User.self)
                return PositionItem(handle: u.handle, displayName: u.displayName, stance: p.stance, reason: p.reason,
                                    textVersion: p.textVersion, current: p.current, createdAt: p.createdAt)
            }
    }

    /// The positions the rule counts: each active member's current position on the amendment's current text, weighed
    /// when the community's credibility rule says so.
    func tally(_ a: Amendment, _ community: Community) async throws -> Tally {
        let positions = try await WeighedPositions.read(db, community: a.communityID, """
            SELECT p.stance AS stance, p.user_id AS user_id FROM amendment_positions p
            JOIN memberships m ON m.user_id = p.user_id AND m.community_id = p.community_id
            WHERE p.amendment_id = \(bind: a.id!) AND p.current = \(bind: true) AND p.text_version = \(bind: a.textVersion)
              AND m.status = \(bind: MembershipStatus.active.rawValue)
            """)
        return DecisionEngine.tally(positions.positions, activeMembers: community.memberCount, policy: community.decisionPolicy,
                                    weighted: positions.weighted)
    }

    func comments(_ a: Amendment) async throws -> [CommentItem] {
        return try await AmendmentComment.query(on: db).filter(\.$amendmentID == a.id!)
            .group(.or) { g in
                g.filter(\.$hiddenAt == nil)
                if let viewer { g.filter(\.$author.$id == viewer) }
            }
            .join(User.self, on: \AmendmentComment.$author.$id == \User.$id).sort(\.$id).limit(500).all().map { c in
                let u = try c.joined(User.self)
                return CommentItem(handle: u.handle, displayName: u.displayName, body: c.body, createdAt: c.createdAt)
            }
    }

    func fact(_ communityID: UUID, _ id: UUID) async throws -> CodeFact? {
        try await CodeFact.query(on: db).filter(\.$id == id).filter(\.$communityID == communityID).first()
    }

    /// Facts, newest first, keyset-paged.
    func facts(_ communityID: UUID, after: String? = nil, limit: Int = 200) async throws -> KeysetPage<FactItem> {
        struct Row: Decodable {
            let id: UUID, section: SectionKey, kind: FactKind, url: String, note: String, observedOn: String, stance: FactStance
            let handle: String, createdAt: Date
            enum CodingKeys: String, CodingKey {
                case id, section, kind, url, note, stance, handle
                case observedOn = "observed_on", createdAt = "created_at"
            }
        }
        var q: SQLQueryString = """
            SELECT f.id, f.section, f.kind, f.url, f.note, f.observed_on, f.stance, u.handle, f.created_at
            FROM code_facts f JOIN users u ON u.id = f.author_id WHERE f.community_id = \(bind: communityID)
            """
        if let id = try Cursor.after(after)?.id { q = q + " AND f.id < \(bind: id)" }
        q = q + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)"
        let rows = try await db.rows(q, as: Row.self)
        return KeysetPage(rows: rows, size: limit) { $0.id }.map { f in
            FactItem(id: f.id, section: f.section, kind: f.kind, url: f.url, note: f.note, observedOn: f.observedOn, stance: f.stance,
                     author: f.handle, createdAt: f.createdAt)
        }
    }

    struct DiagnosisCount: Decodable, Sendable { let section: SectionKey; let rating: PracticeRating; let revision: Int; let n: Int }

    /// Contesting facts per section, counted in the database (the page lists only the latest facts).
    func contestedCounts(_ communityID: UUID) async throws -> [SectionKey: Int] {
        struct Row: Decodable { let section: String; let n: Int }
        let rows = try await db.rows("""
            SELECT section, COUNT(*) AS n FROM code_facts WHERE community_id = \(bind: communityID) AND stance = \(bind: FactStance.contests.rawValue)
            GROUP BY section
            """, as: Row.self)
        return Dictionary(rows.compactMap { r in SectionKey(rawValue: r.section).map { ($0, r.n) } }, uniquingKeysWith: +)
    }

    /// Current ratings per section (counts), and the ratings given under each revision (distinct people).
    func diagnosis(_ communityID: UUID) async throws -> DiagnosisCounts {
        let current = try await sql(db).raw("""
            SELECT section, rating, 0 AS revision, COUNT(*) AS n FROM code_diagnoses
            WHERE community_id = \(bind: communityID) AND current = \(bind: true) GROUP BY section, rating
            """).all(decoding: DiagnosisCount.self)
        let byRevision = try await sql(db).raw("""
            SELECT section, rating, revision, COUNT(DISTINCT user_id) AS n FROM code_diagnoses
            WHERE community_id = \(bind: communityID) GROUP BY section, rating, revision ORDER BY revision
            """).all(decoding: DiagnosisCount.self)
        var out: [SectionKey: [PracticeRating: Int]] = [:]
        for row in current { out[row.section, default: [:]][row.rating] = row.n }
        var evolution: [SectionRevision: [PracticeRating: Int]] = [:]
        for row in byRevision { evolution[SectionRevision(section: row.section, revision: row.revision), default: [:]][row.rating] = row.n }
        return DiagnosisCounts(current: out, byRevision: evolution)
    }
}

// The API returns these rows (and pages of them) as they are.
extension CodeRevisionItem: Content {}
extension AmendmentItem: Content {}
extension AmendmentPositionItem: Content {}
extension AmendmentCommentItem: Content {}
extension CodeFactItem: Content {}
