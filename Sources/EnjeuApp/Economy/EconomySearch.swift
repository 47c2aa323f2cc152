import Foundation
import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The catalogues, a community's or the ecosystem's (every catalogue the reader may see): newest first, paged.
/// A search (words, each a prefix, accents and case ignored) or a tag reads the term index (`OfferTerms`,
/// `offer_terms`): one term's offers newest first, from the top, each then checked for the other words, the filters and
/// whether the reader may see it — so a page costs the same in a catalogue of 200 offers or 200,000.
extension EconomyQueries {
    /// `network`: the catalogues of these communities (a network's and its members' that share theirs, as
    /// `NetworkQueries.ids` lists them).
    enum Scope { case community(UUID); case ecosystem(viewer: UUID?); case network(SQLQueryString) }

    /// At most this many offers of the driving term are read for one page: a page whose term is mostly found in offers
    /// the reader may not see (or of another kind) ends there, with a cursor to read on, instead of reading them all.
    static let searchWindow = 500

    /// Filters: `kind`, a whole `tag`, and in the ecosystem a `community` slug. A search's pages hold at most
    /// `searchRankedMatches` offers (50 unless a test lowers it), newest first.
    func offers(_ scope: Scope, q: String?, kind: String?, tag: String? = nil, community slug: String? = nil, after: String?) async throws -> KeysetPage<OfferRow> {
        let kind = kind.flatMap(OfferKind.init(rawValue:))
        let slug = slug.flatMap { $0.isEmpty ? nil : $0 }
        if let query = OfferTerms.query(q ?? "", tag: tag) {
            let size = SearchTerms.words(q ?? "").isEmpty ? Self.pageSize : min(Self.pageSize, max(1, rankedMatches))
            return try await search(scope, query, kind: kind, community: slug, after: try Cursor.after(after)?.id, size: size)
        }
        var query: SQLQueryString = "SELECT \(Self.offerColumns)\(Self.offerJoins)"
        switch scope {
        case let .community(id):
            query = query + " WHERE o.community_id = \(bind: id)"
        case let .ecosystem(viewer):
            query = query + " WHERE \(Self.visible(viewer))"
            if let slug { query = query + " AND c.slug = \(bind: slug)" }
        case let .network(ids):
            query = """
                SELECT \(Self.offerColumns) FROM offers o CROSS JOIN memberships mo CROSS JOIN users u CROSS JOIN communities c
                WHERE mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active' AND u.id = o.owner_id
                  AND c.id = o.community_id AND o.hidden_at IS NULL AND \(Self.among("o.community_id", ids))
                """
        }
        if let kind { query = query + " AND o.kind = \(bind: kind.rawValue)" }
        if let id = try Cursor.after(after)?.id { query = query + " AND o.id < \(bind: id)" }
        query = query + " ORDER BY o.id DESC LIMIT \(literal: Self.pageSize + 1)"
        return KeysetPage(rows: try await db.rows(query, as: OfferRow.self), size: Self.pageSize) { $0.id }
    }

    /// How many matches a search page holds at most (`searchRankedMatches`; 50 at most).
    var rankedMatches: Int { context.config.searchRankedMatches }

    /// `column IN (ids)` as a filter the planners cannot turn into index lookups: with hundreds of communities, both
    /// would probe `offers_by_community` or `offer_terms_by_community` once per community and sort all they found
    /// (10 ms on PostgreSQL for a term of a network of 200), where walking the offers' or the term's key newest first
    /// and keeping the network's reads a page's worth (0.4 ms).
    private static func among(_ column: String, _ ids: SQLQueryString) -> SQLQueryString {
        "(\(unsafeRaw: column) IN (\(ids))) IS TRUE"
    }

    /// Public catalogues, and those of communities the reader belongs to (`c` is the offer's community).
    private static func visible(_ viewer: UUID?) -> SQLQueryString {
        guard let viewer else { return "c.visibility = 'public'" }
        return """
            (c.visibility = 'public' OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.status = 'active'
              AND m.user_id = \(bind: viewer)))
            """
    }

    private func search(_ scope: Scope, _ query: OfferTerms.Query, kind: OfferKind?, community slug: String?, after: UUID?, size: Int) async throws -> KeysetPage<OfferRow> {
        // The driving term's offers (in one community when the scope or the filter names one), below the cursor.
        func list(_ t: String) -> SQLQueryString {
            var q: SQLQueryString = "\(unsafeRaw: t).term = \(bind: query.driver)"
            switch scope {
            case let .community(id): q = q + " AND \(unsafeRaw: t).community_id = \(bind: id)"
            case .ecosystem:
                if let slug { q = q + " AND \(unsafeRaw: t).community_id = (SELECT id FROM communities WHERE slug = \(bind: slug))" }
            case let .network(ids): q = q + " AND " + Self.among("\(t).community_id", ids)
            }
            if let after { q = q + " AND \(unsafeRaw: t).offer_id < \(bind: after)" }
            return q
        }
        // The window's last offer: the page reads no further down the list. Read first and bound as a value: as a
        // subquery, PostgreSQL could not tell how few rows the bound leaves and drove a two-word search from the other
        // word or the text (27 ms on the 200-member network instead of 1.4).
        struct Floor: Decodable { let offerId: UUID; enum CodingKeys: String, CodingKey { case offerId = "offer_id" } }
        let floor = try await db.row("""
            SELECT x.offer_id FROM offer_terms x WHERE \(list("x")) ORDER BY x.offer_id DESC LIMIT 1 OFFSET \(literal: Self.searchWindow - 1)
            """, as: Floor.self)?.offerId
        // The terms first (SQLite takes CROSS JOIN as the order to join in), each offer then by its key.
        var q: SQLQueryString = """
            SELECT \(Self.offerColumns) FROM offer_terms t CROSS JOIN offers o
            JOIN users u ON u.id = o.owner_id JOIN communities c ON c.id = o.community_id
            JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active'
            WHERE \(list("t")) AND o.id = t.offer_id AND o.hidden_at IS NULL
            """
        if let floor { q = q + " AND t.offer_id >= \(bind: floor)" }
        if case let .ecosystem(viewer) = scope { q = q + " AND \(Self.visible(viewer))" }
        if let kind { q = q + " AND o.kind = \(bind: kind.rawValue)" }
        for term in query.alsoTerms {
            q = q + " AND EXISTS (SELECT 1 FROM offer_terms w WHERE w.term = \(bind: term) AND w.offer_id = t.offer_id)"
        }
        // Letters and digits only: nothing in them is a LIKE wildcard.
        for word in query.alsoContains { q = q + " AND o.folded LIKE \(bind: "%" + word + "%")" }
        q = q + " ORDER BY t.offer_id DESC LIMIT \(literal: size + 1)"
        let rows = try await db.rows(q, as: OfferRow.self)
        if rows.count > size { return KeysetPage(rows: rows, size: size) { $0.id } }
        // A short page: the end of the list, or of the window (then the next page reads on below it).
        return KeysetPage(items: rows, next: floor.map { Cursor(key: "", id: $0).encoded })
    }
}
