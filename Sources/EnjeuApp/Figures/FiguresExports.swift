import Vapor
import EnjeuCore
import EnjeuWeb

/// Dataset exports: estimates as CSV (paid like reading each indicator), contributions for stewards, and a
/// Frictionless data package descriptor whose resources are the sibling CSV files.
struct FiguresExports {
    let context: ServiceContext
    let ctx: CommunityContext
    /// The dataset named by the route.
    let datasetID: UUID?

    init(_ context: ServiceContext, _ ctx: CommunityContext, dataset: UUID?) { self.context = context; self.ctx = ctx; datasetID = dataset }

    static let estimateFields: [(String, String)] = [
        ("indicator_id", "string"), ("name", "string"), ("unit", "string"), ("period", "string"), ("place", "string"),
        ("tags", "string"), ("kind", "string"), ("estimate", "number"), ("low", "number"), ("high", "number"),
        ("contributors", "integer"), ("sources", "integer"), ("outliers", "integer"), ("updated_at", "datetime"),
    ]
    static let contributionFields: [(String, String)] = [
        ("indicator_id", "string"), ("contribution_id", "string"), ("value", "number"), ("source", "string"),
        ("observed_on", "date"), ("status", "string"), ("outlier", "boolean"), ("contributor", "string"),
    ]

    /// `charge`: an explicit request (the API) pays for every unread indicator, all or nothing (402). Otherwise (a
    /// page's link, which another site can make a browser follow) nothing is spent, and the indicators not yet paid for
    /// come out as kind `locked`, without their values.
    /// `open`: the programme publishes its estimates under an open licence (`OpenData`), so they are free to anyone.
    func estimatesCSV(charge: Bool, open: Bool = false) async throws -> Response {
        let queries = FiguresQueries(context)
        let dataset = try await queries.requireDataset(ctx, datasetID)
        let rows = try await queries.datasetIndicators(dataset.id, sort: "name", limit: nil)
        var locked = Set<UUID>()
        if !open {
            let billable = FiguresService.billable(rows, for: try ctx.requireViewer().id)
            if charge { _ = try await FiguresService(context).chargeRead(ctx, indicators: billable) }
            else { locked = Set(try await FiguresService(context).lock(ctx, indicators: billable)?.owed ?? []) }
        }
        var csv = CSV(header: Self.estimateFields.map(\.0))
        for r in rows {
            if locked.contains(r.id) {
                csv.row([.text(r.id.uuidString), .text(r.name), .text(r.unit), .text(r.period), .text(r.place),
                         .text(r.tagList.joined(separator: "; ")), .text("locked"), .empty, .empty, .empty,
                         .integer(r.estContributors), .empty, .empty, .empty])
                continue
            }
            let known = r.estimateKind != .none
            csv.row([.text(r.id.uuidString), .text(r.name), .text(r.unit), .text(r.period), .text(r.place),
                     .text(r.tagList.joined(separator: "; ")), .text(r.estKind),
                     known ? .number(r.estValue) : .empty, known ? .number(r.estLow) : .empty, known ? .number(r.estHigh) : .empty,
                     .integer(r.estContributors), .integer(r.estSources), .integer(r.outlierIDs.count),
                     .text(r.estAt.map { ISO8601DateFormatter().string(from: $0) } ?? "")])
        }
        return csv.response(filename: "estimates.csv")
    }

    func contributionsCSV() async throws -> Response {
        let queries = FiguresQueries(context)
        let dataset = try await queries.requireDataset(ctx, datasetID)
        var csv = CSV(header: Self.contributionFields.map(\.0))
        for c in try await queries.datasetContributions(dataset.id) {
            csv.row([.text(c.indicatorId.uuidString), .text(c.id.uuidString), .number(c.value), .text(c.source), .text(c.observedOn),
                     .text(c.status.rawValue), .text(c.outlier ? "true" : "false"), .text(c.handle)])
        }
        return csv.response(filename: "contributions.csv")
    }

    /// A community's datasets are described under ODbL; a programme's under the licence its stewards chose, and under
    /// none while they have chosen none (its participants read it under the programme's charter, not an open licence).
    func dataPackage(licence: OpenLicence? = .odbl) async throws -> Response {
        let dataset = try await FiguresQueries(context).requireDataset(ctx, datasetID)
        func resource(_ name: String, _ path: String, _ fields: [(String, String)]) -> [String: Any] {
            ["name": name, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": ["fields": fields.map { ["name": $0.0, "type": $0.1] }]]
        }
        var resources = [resource("estimates", "export.csv", Self.estimateFields)]
        if ctx.can(.steward) && ctx.kind == .community { resources.append(resource("contributions", "contributions.csv", Self.contributionFields)) }
        // Frictionless names are ^[a-z0-9._-]+$.
        let name = String(Folding.fold(ctx.community.slug + "-" + dataset.name).unicodeScalars
            .map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" })
        var descriptor: [String: Any] = [
            "profile": "tabular-data-package",
            "name": String(name.prefix(100)),
            "title": dataset.name,
            "description": dataset.description,
            "created": ISO8601DateFormatter().string(from: dataset.createdAt),
            "homepage": ctx.kind == .programme ? ProgrammeEndpoints.home.path(ctx.community.slug)
                : FiguresEndpoints.dataset.path(ctx.community.slug, dataset.id),
            "resources": resources,
        ]
        if let licence { descriptor["licenses"] = [["name": licence.rawValue, "path": licence.url, "title": licence.title]] }
        let data = try JSONSerialization.data(withJSONObject: descriptor, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = .json
        return res
    }
}
