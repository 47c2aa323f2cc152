import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A trade's or sector's page in the API (issue 17): one tag across the programmes the reader may see inside
/// (`CommunityAccess.readable`), bounded lists, and the indicators members ask for, most supported first.
struct TradeQueries {
    static let indicatorCap = 200
    static let requestCap = 100
    let context: ServiceContext

    struct IndicatorRow: Decodable {
        let id: UUID, slug: String, visibility: Visibility, licence: String?
        let name: String, unit: String, period: String, place: String, tags: String
        let estKind: String, estValue: Double, estLow: Double, estHigh: Double, estContributors: Int, estSources: Int
        enum CodingKeys: String, CodingKey {
            case id, slug, visibility, licence, name, unit, period, place, tags
            case estKind = "est_kind", estValue = "est_value", estLow = "est_low", estHigh = "est_high"
            case estContributors = "est_contributors", estSources = "est_sources"
        }
    }

    func indicators(tag: String) async throws -> [IndicatorRow] {
        try await context.db.rows("""
            SELECT i.id, c.slug, c.visibility, c.licence, i.name, i.unit, i.period, i.place, i.tags, i.est_kind, i.est_value,
              i.est_low, i.est_high, i.est_contributors, i.est_sources
            FROM indicators i JOIN communities c ON c.id = i.community_id
            WHERE c.kind = \(bind: CommunityKind.programme.rawValue) AND \(CommunityAccess.readable("c", by: context.viewer?.id))
              AND i.merged_into IS NULL AND ('\n' || i.tags || '\n') LIKE \(bind: "%\n" + escapeLike(tag) + "\n%") ESCAPE '\\'
            ORDER BY i.name, i.id LIMIT \(unsafeRaw: String(Self.indicatorCap))
            """, as: IndicatorRow.self)
    }

    struct RequestRow: Decodable {
        let id: UUID, name: String, unit: String, period: String, place: String, supporters: Int, createdAt: Date, mine: Int
        enum CodingKeys: String, CodingKey { case id, name, unit, period, place, supporters, mine, createdAt = "created_at" }
    }

    /// Most supported first, then oldest (asked first); `mine` says whether the reader supports it.
    func requests(tag: String) async throws -> [RequestRow] {
        try await context.db.rows(Self.requestSelect(reader: context.viewer?.id) + """
             WHERE r.tag = \(bind: tag) ORDER BY r.supporters DESC, r.created_at, r.id LIMIT \(unsafeRaw: String(Self.requestCap))
            """, as: RequestRow.self)
    }

    func request(_ id: UUID, on db: any Database) async throws -> RequestRow? {
        try await db.row(Self.requestSelect(reader: context.viewer?.id) + " WHERE r.id = \(bind: id)", as: RequestRow.self)
    }

    private static func requestSelect(reader: UUID?) -> SQLQueryString {
        // Signed out: a key no support has.
        let person = reader ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        return """
            SELECT r.id, r.name, r.unit, r.period, r.place, r.supporters, r.created_at,
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
                INSERT INTO indicator_requests (id, tag, name, unit, period, place, requested_by, supporters, created_at)
                VALUES (\(bind: id), \(bind: valid.trade), \(bind: valid.name), \(bind: valid.unit), \(bind: valid.period),
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
            do {
                try await sql(db).raw("""
                    INSERT INTO indicator_request_supports (id, request_id, user_id, created_at)
                    VALUES (\(bind: context.newID()), \(bind: id), \(bind: viewer.id), \(bind: context.now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(ProgrammeText.errAlreadySupported.text)
            }
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
    struct TradeOut: Content { let tag: String; let indicators: [IndicatorOut]; let gaps: [GapOut]; let requests: [RequestOut] }
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
        guard let tag = IndicatorRequestDraft.trade(req.parameters.get("tag") ?? "") else { throw AppError.notFound }
        let queries = TradeQueries(context: req.context)
        let today = ISO8601DateFormatter.string(from: req.context.now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        var indicators: [IndicatorOut] = [], gaps: [GapOut] = []
        for r in try await queries.indicators(tag: tag) {
            let open = OpenLicence.publishes(visibility: r.visibility, licence: r.licence.flatMap(OpenLicence.init(rawValue:)))
            let known = open && (FigureEstimate.Kind(rawValue: r.estKind) ?? .none) != .none
            indicators.append(IndicatorOut(id: r.id, programme: r.slug, name: r.name, unit: r.unit, period: r.period, place: r.place,
                                           tags: r.tags.split(separator: "\n").map(String.init), contributors: r.estContributors,
                                           sources: r.estSources, estimate: known ? r.estValue : nil, low: known ? r.estLow : nil,
                                           high: known ? r.estHigh : nil))
            for kind in TradeGap.of(contributors: r.estContributors, sources: r.estSources, period: r.period, today: today) {
                gaps.append(GapOut(kind: kind, indicator: r.id, programme: r.slug, name: r.name, period: r.period, place: r.place))
            }
        }
        return TradeOut(tag: tag, indicators: indicators, gaps: gaps, requests: try await queries.requests(tag: tag).map(RequestOut.init))
    }
}
