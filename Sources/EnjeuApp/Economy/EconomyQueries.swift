import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Economy reads in plain SQL: full-text search, keyset lists, matrices aggregated in the database.
struct EconomyQueries {
    typealias OfferRow = EconomyOffer
    typealias ReferralRow = EconomyReferral
    typealias FlowRow = EconomyFlow
    typealias ResponsibilityRow = EconomyResponsibility
    typealias Multipliers = EconomyMultipliers
    typealias Matrix = EconomyMatrix

    let context: ServiceContext
    /// The context's handle, fixed when it was built: streamed exports read after the handler returned, maybe while
    /// the app shuts down, and a fixed handle then fails with an error where the request's would trap.
    var db: any Database { context.db }
    var postgres: Bool { sql(db).dialect.name == "postgresql" }

    init(_ context: ServiceContext) { self.context = context }

    static let pageSize = 50

    // MARK: Members

    private struct HandleRow: Decodable { let handle: String }
    private struct IDRow: Decodable { let id: UUID }

    func members(_ community: UUID, _ handles: [String]) async throws -> Set<String> {
        guard !handles.isEmpty else { return [] }
        var found = Set<String>()
        for chunk in handles.chunks(of: 500) {
            found.formUnion(try await db.rows("""
                SELECT handle FROM memberships WHERE community_id = \(bind: community) AND handle IN (\(binds: chunk))
                  AND status IN ('active', 'approved', 'suspended', 'left')
                """, as: HandleRow.self).map(\.handle))
        }
        return found
    }

    func memberExists(_ community: UUID, _ handle: String) async throws -> Bool {
        Rules.isValidHandle(handle) ? try await members(community, [handle]).contains(handle) : false
    }

    func memberID(_ community: UUID, _ handle: String) async throws -> UUID? {
        try await SocialQueries.member(db, community, handle)?.userId
    }

    // MARK: Offers

    static let offerColumns: SQLQueryString = """
        o.id, o.community_id, o.owner_id, u.handle AS owner_handle, u.display_name AS owner_name, o.kind, o.title, o.description, o.terms, o.tags,
        o.place, o.created_at, c.slug, c.name AS community_name
        """
    /// Only offers of active members: a member who left or is suspended cannot answer referrals.
    static let offerJoins: SQLQueryString = """
         FROM offers o JOIN users u ON u.id = o.owner_id JOIN communities c ON c.id = o.community_id
         JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active'
        """

    func offer(_ community: UUID, _ id: UUID) async throws -> OfferRow? {
        try await db.row("SELECT \(Self.offerColumns)\(Self.offerJoins) WHERE o.id = \(bind: id) AND o.community_id = \(bind: community)", as: OfferRow.self)
    }

    /// The offer a route names (`:id`), in this community; 404 otherwise.
    func requireOffer(_ community: CommunityContext, id: String?) async throws -> OfferRow {
        guard let id = id.flatMap(UUID.init(uuidString:)), let o = try await offer(community.id, id) else { throw AppError.notFound }
        return o
    }

    enum Scope { case community(UUID); case ecosystem(viewer: UUID?) }

    /// Newest first without a query; with one, the best-ranked 50 (accents ignored; English stems on SQLite, French and
    /// English on PostgreSQL).
    /// Filters: `kind`, a whole `tag`, and in the ecosystem a `community` slug.
    func offers(_ scope: Scope, q: String?, kind: String?, tag: String? = nil, community slug: String? = nil, after: String?) async throws -> KeysetPage<OfferRow> {
        let words = SearchTerms.words(q ?? "")
        if !words.isEmpty && postgres { return try await postgresSearch(scope, words: words, kind: kind, tag: tag, community: slug) }
        var ranked: [UUID: Int] = [:]
        if !words.isEmpty {
            // FTS5 first, on its own (joining it to offers defeats the primary key), then the offers by id.
            // Each word is quoted, so no FTS syntax survives, and prefixed: « tiss » finds « tissage ».
            // As on PostgreSQL, the newest `rankedMatches` matches are ranked (FTS5 walks its doclists backward by rowid
            // and stops), so a word found in half the catalogue costs no more than a rare one. Every filter applies
            // before that cap — matches the reader may not see must not push out those she may (nor betray their number).
            struct Hit: Decodable { let offerId: String; enum CodingKeys: String, CodingKey { case offerId = "offer_id" } }
            var f: SQLQueryString = "SELECT offer_id FROM (SELECT offer_id, bm25(offers_fts) AS score FROM offers_fts WHERE offers_fts MATCH "
            f.appendInterpolation(bind: words.map { "\"\($0)\"*" }.joined(separator: " "))
            switch scope {
            case let .community(id):
                f.appendLiteral(" AND community_id = "); f.appendInterpolation(bind: id.uuidString)
            case let .ecosystem(viewer):
                f.appendLiteral(" AND community_id IN (SELECT id FROM communities WHERE visibility = 'public'")
                if let viewer {
                    f.appendLiteral(" UNION ALL SELECT community_id FROM memberships WHERE user_id = "); f.appendInterpolation(bind: viewer)
                    f.appendLiteral(" AND status = 'active'")
                }
                f.appendLiteral(")")
                if let slug, !slug.isEmpty { f.appendLiteral(" AND community_id IN (SELECT id FROM communities WHERE slug = "); f.appendInterpolation(bind: slug); f.appendLiteral(")") }
            }
            // The offer itself, by its primary key: an active owner (as `offerJoins`), the kind and the tag asked for.
            f.appendLiteral("""
                 AND EXISTS (SELECT 1 FROM offers o JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id
                 AND mo.status = 'active' WHERE o.id = offers_fts.offer_id
                """)
            if let kind, let k = OfferKind(rawValue: kind) { f.appendLiteral(" AND o.kind = "); f.appendInterpolation(bind: k.rawValue) }
            if let tag = tag?.trimmingCharacters(in: .whitespaces), !tag.isEmpty {
                f.appendLiteral(" AND ('\n' || o.tags || '\n') LIKE "); f.appendInterpolation(bind: "%\n" + escapeLike(tag) + "\n%"); f.appendLiteral(" ESCAPE '\\'")
            }
            f.appendLiteral(") ORDER BY rowid DESC LIMIT \(rankedMatches)) ORDER BY score")
            for (i, hit) in try await db.rows(f, as: Hit.self).enumerated() { if let id = UUID(uuidString: hit.offerId) { ranked[id] = i } }
            if ranked.isEmpty { return KeysetPage(rows: [], size: Self.pageSize) { $0.id } }
        }
        var query: SQLQueryString = "SELECT "
        query.appendInterpolation(Self.offerColumns)
        query.appendInterpolation(Self.offerJoins)
        switch scope {
        case let .community(id):
            query.appendLiteral(" WHERE o.community_id = ")
            query.appendInterpolation(bind: id)
        case let .ecosystem(viewer):
            // Public catalogues, and those of communities the reader belongs to.
            query.appendLiteral(" WHERE (c.visibility = 'public'")
            if let viewer {
                query.appendLiteral(" OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.status = 'active' AND m.user_id = ")
                query.appendInterpolation(bind: viewer)
                query.appendLiteral(")")
            }
            query.appendLiteral(")")
        }
        if let kind, let k = OfferKind(rawValue: kind) {
            query.appendLiteral(" AND o.kind = ")
            query.appendInterpolation(bind: k.rawValue)
        }
        if let tag = tag?.trimmingCharacters(in: .whitespaces), !tag.isEmpty {
            query.appendLiteral(" AND ('\n' || o.tags || '\n') LIKE ")
            query.appendInterpolation(bind: "%\n" + escapeLike(tag) + "\n%")
            query.appendLiteral(" ESCAPE '\\'")
        }
        if let slug, !slug.isEmpty {
            query.appendLiteral(" AND c.slug = ")
            query.appendInterpolation(bind: slug)
        }
        if !words.isEmpty {
            // In rank order, a hundred at a time, until a page of offers within scope is found.
            var rows: [OfferRow] = []
            let ids = ranked.sorted { $0.value < $1.value }.map(\.key)
            var start = 0
            while rows.count < Self.pageSize && start < ids.count {
                var chunk = query
                chunk.appendLiteral(" AND o.id IN (")
                chunk.appendInterpolation(binds: Array(ids[start..<min(ids.count, start + 100)]))
                chunk.appendLiteral(")")
                rows += try await db.rows(chunk, as: OfferRow.self).sorted { (ranked[$0.id] ?? .max) < (ranked[$1.id] ?? .max) }
                start += 100
            }
            return KeysetPage(rows: Array(rows.prefix(Self.pageSize)), size: Self.pageSize) { $0.id }
        }
        if let id = try Cursor.after(after)?.id {
            query.appendLiteral(" AND o.id < ")
            query.appendInterpolation(bind: id)
        }
        query.appendLiteral(" ORDER BY o.id DESC LIMIT \(Self.pageSize + 1)")
        return KeysetPage(rows: try await db.rows(query, as: OfferRow.self), size: Self.pageSize) { $0.id }
    }

    /// How many of the newest matches the reader may see a search ranks (500 unless a test lowers it).
    var rankedMatches: Int { context.config.searchRankedMatches }

    /// PostgreSQL search in three steps, so that its cost does not grow with how common a word is:
    /// 1. on `offers` alone, the newest `rankedMatches` matches: for a common word the primary key is walked backward
    ///    and stops early; for a rare one the GIN index finds the few matches;
    /// 2. those are ranked (`ts_rank` reads each vector, which is what made a search for « tissage » cost 30 ms);
    /// 3. only the best page is joined to its owner and community.
    private func postgresSearch(_ scope: Scope, words: [String], kind: String?, tag: String?, community slug: String?) async throws -> KeysetPage<OfferRow> {
        let tsq = words.map { $0 + ":*" }.joined(separator: " & ")
        var inner: SQLQueryString = """
            SELECT o.id, o.search, tq.query FROM offers o
            CROSS JOIN (SELECT to_tsquery('simple', \(bind: tsq)) || to_tsquery('french', \(bind: tsq)) || to_tsquery('english', \(bind: tsq)) AS query) tq
            WHERE o.search @@ tq.query
            """
        switch scope {
        case let .community(id):
            inner = inner + " AND o.community_id = \(bind: id)"
        case let .ecosystem(viewer):
            // Public catalogues, and those of communities the reader belongs to.
            var visible: SQLQueryString = "SELECT c.id FROM communities c WHERE c.visibility = 'public'"
            if let viewer {
                visible = visible + " OR c.id IN (SELECT m.community_id FROM memberships m WHERE m.user_id = \(bind: viewer) AND m.status = 'active')"
            }
            inner = inner + " AND o.community_id IN (\(visible))"
            if let slug, !slug.isEmpty { inner = inner + " AND o.community_id IN (SELECT id FROM communities WHERE slug = \(bind: slug))" }
        }
        if let kind, let k = OfferKind(rawValue: kind) { inner = inner + " AND o.kind = \(bind: k.rawValue)" }
        if let tag = tag?.trimmingCharacters(in: .whitespaces), !tag.isEmpty {
            inner = inner + " AND ('\n' || o.tags || '\n') LIKE \(bind: "%\n" + escapeLike(tag) + "\n%") ESCAPE '\\'"
        }
        // Only offers shown (an active owner, as `offerJoins`) take a place among the ranked ones.
        inner = inner + """
             AND EXISTS (SELECT 1 FROM memberships mo WHERE mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active')
             ORDER BY o.id DESC LIMIT \(literal: rankedMatches)
            """
        let query: SQLQueryString = """
            SELECT \(Self.offerColumns)
            FROM (SELECT m.id, ts_rank(m.search, m.query) AS rank FROM (\(inner)) m) r
            JOIN offers o ON o.id = r.id JOIN users u ON u.id = o.owner_id JOIN communities c ON c.id = o.community_id
            JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active'
            ORDER BY r.rank DESC, o.id DESC LIMIT \(literal: Self.pageSize)
            """
        return KeysetPage(rows: try await db.rows(query, as: OfferRow.self), size: Self.pageSize) { $0.id }
    }

    // MARK: Referrals

    static let referralSelect: SQLQueryString = """
        SELECT r.id, r.offer_id, o.title AS offer_title, o.kind AS offer_kind, o.owner_id, ou.handle AS owner_handle, ru.handle AS referrer_handle,
          r.beneficiary, r.beneficiary_key, r.note, r.status, r.flow_id, r.created_at
        FROM referrals r JOIN offers o ON o.id = r.offer_id JOIN users ou ON ou.id = o.owner_id JOIN users ru ON ru.id = r.referrer_id
        """

    static func referralRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> ReferralRow? {
        try await db.row("\(referralSelect) WHERE r.id = \(bind: id) AND r.community_id = \(bind: community)", as: ReferralRow.self)
    }

    /// An offer's referrals, newest first, that the reader may see: beneficiaries and notes are for the offer's owner,
    /// the referrer and stewards (`everything`), so the filter is in the query and every page is full.
    func referrals(offer: OfferRow, _ ctx: CommunityContext, after: String?) async throws -> KeysetPage<ReferralRow> {
        guard let viewer = ctx.viewer?.id else { return KeysetPage(rows: [], size: Self.pageSize) { $0.id } }
        var q: SQLQueryString = "\(Self.referralSelect) WHERE r.offer_id = \(bind: offer.id)"
        if !(ctx.can(.steward) || offer.ownerId == viewer) { q = q + " AND r.referrer_id = \(bind: viewer)" }
        if let after = try Cursor.after(after)?.id { q = q + " AND r.id < \(bind: after)" }
        q = q + " ORDER BY r.id DESC LIMIT \(literal: Self.pageSize + 1)"
        return KeysetPage(rows: try await db.rows(q, as: ReferralRow.self), size: Self.pageSize) { $0.id }
    }

    private struct N: Decodable { let n: Int }
    /// Referrals a beneficiary took up (and perhaps completed).
    private static let takenUp = [ReferralStatus.takenUp, .completed].map(\.rawValue)

    /// The seed's three multiplier effects, for a member (`owner`) or, without one, for the whole community.
    func multipliers(_ community: UUID, owner: UUID?) async throws -> Multipliers {
        func count(_ q: SQLQueryString) async throws -> Int { try await db.row(q, as: N.self)?.n ?? 0 }
        let diversity: Int, sales: Int, completed: Int, cross: Int
        if let owner {
            diversity = try await count("SELECT COUNT(*) AS n FROM offers WHERE community_id = \(bind: community) AND owner_id <> \(bind: owner)")
            sales = try await count("""
                SELECT COUNT(DISTINCT r.referrer_id) AS n FROM referrals r JOIN offers o ON o.id = r.offer_id
                WHERE r.community_id = \(bind: community) AND o.owner_id = \(bind: owner)
                """)
            completed = try await count("""
                SELECT COUNT(*) AS n FROM referrals r JOIN offers o ON o.id = r.offer_id
                WHERE r.community_id = \(bind: community) AND o.owner_id = \(bind: owner) AND r.status = \(literal: ReferralStatus.completed.rawValue)
                """)
            cross = try await count("""
                SELECT COUNT(DISTINCT r.beneficiary_key) AS n FROM referrals r JOIN offers o ON o.id = r.offer_id
                WHERE r.community_id = \(bind: community) AND o.owner_id = \(bind: owner) AND r.status IN (\(literals: Self.takenUp, joinedBy: ", "))
                  AND EXISTS (SELECT 1 FROM referrals x WHERE x.community_id = r.community_id AND x.beneficiary_key = r.beneficiary_key
                              AND x.offer_id <> r.offer_id AND x.status IN (\(literals: Self.takenUp, joinedBy: ", ")))
                """)
        } else {
            diversity = try await count("SELECT COUNT(*) AS n FROM offers WHERE community_id = \(bind: community)")
            sales = try await count("SELECT COUNT(DISTINCT referrer_id) AS n FROM referrals WHERE community_id = \(bind: community)")
            completed = try await count("SELECT COUNT(*) AS n FROM referrals WHERE community_id = \(bind: community) AND status = \(literal: ReferralStatus.completed.rawValue)")
            cross = try await count("""
                SELECT COUNT(*) AS n FROM (SELECT beneficiary_key FROM referrals WHERE community_id = \(bind: community)
                  AND status IN (\(literals: Self.takenUp, joinedBy: ", ")) GROUP BY beneficiary_key HAVING COUNT(DISTINCT offer_id) > 1) t
                """)
        }
        return Multipliers(diversity: diversity, salesForce: sales, crossSolicitation: cross, referralsCompleted: completed)
    }

    // MARK: Flows

    /// Every flow selected with who recorded and who confirmed it: `SELECT \(flowColumns)\(flowFrom) WHERE …`.
    static let flowColumns: SQLQueryString = """
        f.id, f.from_key, f.to_key, f.nature, f.measure, f.quantity, f.unit, f.description, f.appreciation, f.date, f.note, f.offer_id, f.action_id,
        f.referral_id, f.reverses_id, CASE WHEN f.cancelled THEN 1 ELSE 0 END AS reversed, f.created_at, f.status, f.recorded_by,
        ru.handle AS recorder, cu.handle AS confirmer, f.confirmed_at
        """
    static let flowFrom: SQLQueryString = " FROM flows f LEFT JOIN users ru ON ru.id = f.recorded_by LEFT JOIN users cu ON cu.id = f.confirmed_by"

    static func flowRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> FlowRow? {
        try await db.row("SELECT \(flowColumns)\(flowFrom) WHERE f.id = \(bind: id) AND f.community_id = \(bind: community)", as: FlowRow.self)
    }

    struct FlowFilter: Sendable {
        var from: String?; var to: String?; var nature: String?; var measure: String?; var since: String?; var until: String?
        /// Only flows that count in the matrices: confirmed, neither reversed nor a reversal.
        var current = false
        var status: FlowStatus? = nil
    }

    /// Newest first, keyset-paged; a matrix cell's drill-down is a filter on both actors (or nature and measure).
    func flows(_ community: UUID, _ f: FlowFilter, after: String?, limit: Int = 50) async throws -> KeysetPage<FlowRow> {
        var q: SQLQueryString = "SELECT "
        q.appendInterpolation(Self.flowColumns)
        q.appendInterpolation(Self.flowFrom)
        q.appendLiteral(" WHERE f.community_id = ")
        q.appendInterpolation(bind: community)
        for (column, value) in [("f.from_key", f.from), ("f.to_key", f.to), ("f.nature", f.nature), ("f.measure", f.measure)] {
            if let value { q.appendLiteral(" AND \(column) = "); q.appendInterpolation(bind: value) }
        }
        if let since = f.since { q.appendLiteral(" AND f.date >= "); q.appendInterpolation(bind: since) }
        if let until = f.until { q.appendLiteral(" AND f.date <= "); q.appendInterpolation(bind: until) }
        if f.current {
            q.appendLiteral(" AND f.status = "); q.appendInterpolation(literal: FlowStatus.confirmed.rawValue)
            q.appendLiteral(" AND f.reverses_id IS NULL AND f.cancelled = "); q.appendInterpolation(bind: false)
        }
        if let status = f.status { q.appendLiteral(" AND f.status = "); q.appendInterpolation(bind: status.rawValue) }
        if let id = try Cursor.after(after)?.id { q.appendLiteral(" AND f.id < "); q.appendInterpolation(bind: id) }
        q.appendLiteral(" ORDER BY f.id DESC LIMIT \(limit + 1)")
        return KeysetPage(rows: try await db.rows(q, as: FlowRow.self), size: limit) { $0.id }
    }

    private struct CellRow: Decodable {
        let a: String, b: String, unit: String, total: Double?, flows: Int, qualitative: Int
    }

    /// Actor × actor (`by: actor`) or nature × measure (`by: nature`), summed in the database per unit, for a period;
    /// reversed flows and their reversals cancel out; pending and declined flows count nowhere.
    func matrix(_ community: UUID, slug: String, by: String, since: String?, until: String?, nature: String?) async throws -> Matrix {
        let (a, b) = by == "nature" ? ("nature", "measure") : ("from_key", "to_key")
        var q: SQLQueryString = """
            SELECT \(unsafeRaw: a) AS a, \(unsafeRaw: b) AS b, unit, SUM(quantity) AS total, COUNT(*) AS flows,
              CAST(SUM(CASE WHEN quantity IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS qualitative
            FROM flows f WHERE community_id = \(bind: community) AND status = \(literal: FlowStatus.confirmed.rawValue) AND reverses_id IS NULL AND cancelled = \(bind: false)
            """
        if let since { q.appendLiteral(" AND date >= "); q.appendInterpolation(bind: since) }
        if let until { q.appendLiteral(" AND date <= "); q.appendInterpolation(bind: until) }
        if let nature, FlowNature(rawValue: nature) != nil { q.appendLiteral(" AND nature = "); q.appendInterpolation(bind: nature) }
        q.appendLiteral(" GROUP BY \(a), \(b), unit")
        let rows = try await db.rows(q, as: CellRow.self)
        var cells: [String: MatrixCell] = [:]
        var totals: [String: Double] = [:]
        var qualitative = 0
        for r in rows {
            let key = r.a + "\u{1}" + r.b
            var c = cells[key] ?? MatrixCell()
            if let t = r.total, !r.unit.isEmpty {
                c.totals[r.unit, default: 0] += t
                totals[r.unit, default: 0] += t
            }
            c.flows += r.flows
            c.qualitative += r.qualitative
            qualitative += r.qualitative
            cells[key] = c
        }
        let keys = cells.keys.map { $0.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init) }
        let rowsOut = by == "nature" ? FlowNature.allCases.map(\.rawValue) : Array(Set(keys.map { $0[0] })).sorted()
        let columnsOut = by == "nature" ? FlowMeasure.allCases.map(\.rawValue) : Array(Set(keys.map { $0[1] })).sorted()
        return Matrix(by: by == "nature" ? "nature" : "actor", rows: rowsOut, columns: columnsOut,
                      cells: cells.map { k, c in
                          let p = k.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
                          var items = [URLQueryItem(name: by == "nature" ? "nature" : "from", value: p[0]),
                                       URLQueryItem(name: by == "nature" ? "measure" : "to", value: p[1]), URLQueryItem(name: "current", value: "1")]
                          if let since { items.append(URLQueryItem(name: "since", value: since)) }
                          if let until { items.append(URLQueryItem(name: "until", value: until)) }
                          if let nature, by != "nature" { items.append(URLQueryItem(name: "nature", value: nature)) }
                          var comps = URLComponents(); comps.queryItems = items
                          return Matrix.Cell(row: p[0], column: p[1], totals: c.totals, qualitative: c.qualitative, flows: c.flows,
                                             events: "/api/v1/communities/\(slug)/flows?" + (comps.percentEncodedQuery ?? ""))
                      }.sorted { ($0.row, $0.column) < ($1.row, $1.column) },
                      totals: totals, qualitative: qualitative)
    }

    // MARK: Pyramid

    func responsibilities(_ community: UUID) async throws -> [ResponsibilityRow] {
        try await db.rows("""
            SELECT r.id, u.handle, u.display_name, r.layer, r.role, r.what, r.amount, r.unit, r.share
            FROM responsibilities r JOIN users u ON u.id = r.user_id WHERE r.community_id = \(bind: community) ORDER BY r.layer, u.handle LIMIT 2000
            """, as: ResponsibilityRow.self)
    }
}

extension EconomyQueries.FlowFilter {
    /// The ledger's filter from a query string (`value` reads one parameter): actors, nature, measure, a period,
    /// `current=1` for what the matrices count, a status. Empty values and malformed dates are no filter.
    init(query value: (String) -> String?) {
        func q(_ k: String) -> String? { value(k).flatMap { $0.isEmpty ? nil : $0 } }
        self.init(from: q("from"), to: q("to"), nature: q("nature"), measure: q("measure"), since: q("since").flatMap(FigureDate.parse),
                  until: q("until").flatMap(FigureDate.parse), current: q("current") == "1", status: q("status").flatMap(FlowStatus.init(rawValue:)))
    }
}

// The API answers with these as they are.
extension EconomyMultipliers: Content {}
extension EconomyMatrix: Content {}
extension EconomyResponsibility: Content {}
