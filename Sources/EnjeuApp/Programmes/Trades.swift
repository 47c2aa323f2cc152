import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A trade's or sector's page in the API (issue 17): one tag across the programmes the reader may see inside
/// (`CommunityAccess.readableProgramme`), bounded lists, and the indicators members ask for, most supported first.
struct TradeQueries {
    /// Indicators a page of the API holds.
    static let indicatorCap = 200
    static let requestCap = 100
    /// Indicators a page of the trade's HTML page shows.
    static let pageSize = 50
    let context: ServiceContext

    struct IndicatorRow: Decodable {
        let id: UUID, slug: String, programmeName: String, visibility: Visibility, licence: String?
        let name: String, unit: String, period: String, place: String, tags: String
        let estKind: String, estValue: Double, estLow: Double, estHigh: Double, estContributors: Int, estSources: Int
        enum CodingKeys: String, CodingKey {
            case id, slug, visibility, licence, name, unit, period, place, tags
            case programmeName = "programme_name"
            case estKind = "est_kind", estValue = "est_value", estLow = "est_low", estHigh = "est_high"
            case estContributors = "est_contributors", estSources = "est_sources"
        }
        var tagList: [String] { tags.split(separator: "\n").map(String.init) }
        var estimateKind: FigureEstimate.Kind { FigureEstimate.Kind(rawValue: estKind) ?? .none }
    }

    /// One indicator of a trade as the API and the page show it: the estimate only where its programme publishes (else
    /// it costs that programme's credits), what is missing (`TradeGap`), and, when asked for and published, the groups
    /// the reader may see (`ProgrammeQueries.Audience.reader`).
    struct Item {
        let row: IndicatorRow
        let published: Bool
        let gaps: [TradeGap]
        let groups: [ProgrammeQueries.GroupOut]
        /// The estimate's value and interval, nil where unpublished or with no value yet.
        var estimate: (kind: FigureEstimate.Kind, value: Double, low: Double, high: Double)? {
            published && row.estimateKind != .none ? (row.estimateKind, row.estValue, row.estLow, row.estHigh) : nil
        }
    }

    /// The trade named by a route's `:tag` (the router has decoded it once already), nil when not one tag.
    static func tag(_ req: Request) -> String? {
        IndicatorRequestDraft.trade(req.parameters.get("tag") ?? "")
    }

    /// One tag's indicators across the programmes the reader may see inside, by name, `limit` a page after `after`
    /// (a `(name, id)` cursor), with their gaps: the one read behind the API and the page. `groups`: also read the
    /// per-community groups of the published ones (the page's spread).
    func indicators(tag: String, after: String?, limit: Int, groups: Bool = false) async throws -> KeysetPage<Item> {
        var query: SQLQueryString = """
            SELECT i.id, c.slug, c.name AS programme_name, c.visibility, c.licence, i.name, i.unit, i.period, i.place, i.tags, i.est_kind,
              i.est_value, i.est_low, i.est_high, i.est_contributors, i.est_sources
            FROM indicators i JOIN communities c ON c.id = i.community_id
            WHERE c.kind = \(bind: CommunityKind.programme.rawValue) AND \(CommunityAccess.readableProgramme("c", by: context.viewer?.id))
              AND i.merged_into IS NULL AND i.trade_keys LIKE \(bind: "%\n" + escapeLike(Folding.fold(tag)) + "\n%") ESCAPE '\\'
            """
        if let after = try Cursor.after(after) { query = query + after.rowsAfter(key: "i.name", id: "i.id") }
        query = query + " ORDER BY i.name, i.id LIMIT \(unsafeRaw: String(limit + 1))"
        let rows = try await context.db.rows(query, as: IndicatorRow.self)
        let page = KeysetPage(rows: rows, size: limit) { Cursor(key: $0.name, id: $0.id) }
        let today = FigureDate.day(context.now)
        let published = page.items.map { r in
            OpenLicence.publishes(visibility: r.visibility, licence: r.licence.flatMap(OpenLicence.init(rawValue:)))
        }
        let shown = zip(page.items, published).filter { $1 && $0.estimateKind != .none }.map(\.0.id)
        let grouped = groups ? try await ProgrammeQueries(context).groups(shown, for: .reader(context.viewer?.id)) : [:]
        return KeysetPage(items: zip(page.items, published).map { r, open in
            Item(row: r, published: open, gaps: TradeGap.of(contributors: r.estContributors, sources: r.estSources, period: r.period, today: today),
                 groups: grouped[r.id]?.groups ?? [])
        }, next: page.next)
    }

    struct RequestRow: Decodable {
        let id: UUID, tag: String, name: String, unit: String, period: String, place: String, supporters: Int, createdAt: Date, mine: Int
        enum CodingKeys: String, CodingKey { case id, tag, name, unit, period, place, supporters, mine, createdAt = "created_at" }
    }

    /// Most supported first, then oldest (asked first); `mine` says whether the reader supports it.
    func requests(tag: String) async throws -> [RequestRow] {
        try await context.db.rows(Self.requestSelect(reader: context.viewer?.id) + """
             WHERE r.tag_key = \(bind: Folding.fold(tag)) ORDER BY r.supporters DESC, r.created_at, r.id LIMIT \(unsafeRaw: String(Self.requestCap))
            """, as: RequestRow.self)
    }

    func request(_ id: UUID, on db: any Database) async throws -> RequestRow? {
        try await db.row(Self.requestSelect(reader: context.viewer?.id) + " WHERE r.id = \(bind: id)", as: RequestRow.self)
    }

    private static func requestSelect(reader: UUID?) -> SQLQueryString {
        // Signed out: a key no support has.
        let person = reader ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        return """
            SELECT r.id, r.tag, r.name, r.unit, r.period, r.place, r.supporters, r.created_at,
              (SELECT COUNT(*) FROM indicator_request_supports s WHERE s.request_id = r.id AND s.user_id = \(bind: person)) AS mine
            FROM indicator_requests r
            """
    }
}

/// Requests and their support, each one transaction; once per person is the supports table's unique key.
struct TradeService {
    let context: ServiceContext

    func request(_ draft: IndicatorRequestDraft, by viewer: Viewer) async throws -> UUID {
        let valid = try draft.validated().mapError(AppError.invalid).get()
        let id = context.newID()
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO indicator_requests (id, tag, tag_key, name, unit, period, place, requested_by, supporters, created_at)
                VALUES (\(bind: id), \(bind: valid.trade), \(bind: Folding.fold(valid.trade)), \(bind: valid.name), \(bind: valid.unit), \(bind: valid.period),
                  \(bind: valid.place), \(bind: viewer.id), 1, \(bind: context.now))
                """).run()
            try await sql(db).raw("""
                INSERT INTO indicator_request_supports (id, request_id, user_id, created_at)
                VALUES (\(bind: context.newID()), \(bind: id), \(bind: viewer.id), \(bind: context.now))
                """).run()
        }
        return id
    }

    /// A second support by the same person is a 409, even when two arrive at once (the unique key refuses one).
    func support(_ id: UUID, by viewer: Viewer) async throws {
        try await context.write { db in
            guard try await TradeQueries(context: context).request(id, on: db) != nil else { throw AppError.notFound }
            try await sql(db).insert(into: "indicator_request_supports", [
                "id": context.newID(), "request_id": id, "user_id": viewer.id, "created_at": context.now,
            ], orIfTaken: .conflict(ProgrammeText.errAlreadySupported.text))
            try await sql(db).raw("UPDATE indicator_requests SET supporters = supporters + 1 WHERE id = \(bind: id)").run()
        }
    }
}

struct TradeAPI {
    struct IndicatorOut: Content {
        let id: UUID, programme: String, name: String, unit: String, period: String, place: String, tags: [String]
        let contributors: Int, sources: Int
        /// Only where the programme publishes its estimates as open data (elsewhere they cost its credits).
        let estimate: Double?, low: Double?, high: Double?
    }
    struct GapOut: Content { let kind: TradeGap; let indicator: UUID; let programme: String; let name: String; let period: String; let place: String }
    struct RequestOut: Content {
        let id: UUID, name: String, unit: String, period: String, place: String, supporters: Int, supported: Bool, createdAt: Date
        init(_ r: TradeQueries.RequestRow) {
            id = r.id; name = r.name; unit = r.unit; period = r.period; place = r.place; supporters = r.supporters
            supported = r.mine > 0; createdAt = r.createdAt
        }
    }
    /// `next`: the cursor of the following indicators (`?after=`), with their gaps; the requests come with the first page.
    struct TradeOut: Content { let tag: String; let indicators: [IndicatorOut]; let gaps: [GapOut]; let requests: [RequestOut]; let next: String? }
    struct RequestIn: Content { let name: String?; let unit: String?; let period: String?; let place: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = TradeAPIEndpoints
        r.open(E.trade) { req in try await Self.trade(req) }
        r.signedIn(E.request) { req, viewer in
            let b = try req.content.decode(RequestIn.self)
            let draft = IndicatorRequestDraft(trade: req.parameters.get("tag") ?? "", name: b.name, unit: b.unit, period: b.period, place: b.place)
            let id = try await TradeService(context: req.context).request(draft, by: viewer)
            guard let row = try await TradeQueries(context: req.context).request(id, on: req.db) else { throw AppError.notFound }
            return try await RequestOut(row).created(for: req)
        }
        r.signedIn(E.support) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await TradeService(context: req.context).support(id, by: viewer)
            guard let row = try await TradeQueries(context: req.context).request(id, on: req.db) else { throw AppError.notFound }
            return RequestOut(row)
        }
    }

    static func trade(_ req: Request) async throws -> TradeOut {
        guard let tag = TradeQueries.tag(req) else { throw AppError.notFound }
        let queries = TradeQueries(context: req.context)
        var indicators: [IndicatorOut] = [], gaps: [GapOut] = []
        let page = try await queries.indicators(tag: tag, after: req.after, limit: TradeQueries.indicatorCap)
        for item in page.items {
            let r = item.row, e = item.estimate
            indicators.append(IndicatorOut(id: r.id, programme: r.slug, name: r.name, unit: r.unit, period: r.period, place: r.place,
                                           tags: r.tagList, contributors: r.estContributors, sources: r.estSources,
                                           estimate: e?.value, low: e?.low, high: e?.high))
            gaps += item.gaps.map { GapOut(kind: $0, indicator: r.id, programme: r.slug, name: r.name, period: r.period, place: r.place) }
        }
        let requests = req.after == nil ? try await queries.requests(tag: tag).map(RequestOut.init) : []
        return TradeOut(tag: tag, indicators: indicators, gaps: gaps, requests: requests, next: page.next)
    }
}
