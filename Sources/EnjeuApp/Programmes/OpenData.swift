import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A programme's open data (issue 17): the licence its stewards choose, and the DCAT catalogue of the instance's
/// published datasets at /catalog.jsonld, so open-data portals can harvest them. A dataset is published when its
/// programme is (`OpenLicence.publishes`: public, with a licence); its estimates are then free to anyone, as CSV and
/// as a Frictionless data package (`FiguresExports`).
struct OpenData {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    /// `licence`: an SPDX identifier of `OpenLicence` (ODbL-1.0, CC-BY-4.0, etalab-2.0), or an explicit null to stop
    /// publishing. A body without the field (`{}`) is a 422 naming it, never a silent withdrawal.
    struct LicenceIn: Content {
        let licence: String?
        /// Whether the body names `licence` at all (null included).
        let named: Bool
        enum CodingKeys: String, CodingKey { case licence }
        init(licence: String?) { self.licence = licence; named = true }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            named = c.contains(.licence)
            licence = try c.decodeIfPresent(String.self, forKey: .licence)
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(licence, forKey: .licence)
        }
    }
    struct LicenceOut: Content { let licence: String?; let url: String?; let published: Bool }

    /// Stewards only (the gate checked it). Unknown or missing licence → 422 naming `licence`; null stops publishing.
    func setLicence(_ ctx: CommunityContext, _ input: LicenceIn) async throws -> LicenceOut {
        let steward = try ctx.requireViewer()
        guard input.named else { throw AppError.invalid(Violations(.licence, .required)) }
        let raw = input.licence
        let licence = raw.map { raw in OpenLicence.allCases.first { $0.rawValue.lowercased() == raw.lowercased() } }
        if licence == .some(nil) { throw AppError.invalid(Violations(.licence, .notAChoice)) }
        let chosen: OpenLicence? = licence ?? nil
        try await context.write { db in
            try await sql(db).raw("UPDATE communities SET licence = \(bind: chosen?.rawValue) WHERE id = \(bind: ctx.id)").run()
            try await AuditEvent.record(db, context, community: ctx.id, "programme.licence", chosen?.rawValue ?? "none", actor: steward.id)
        }
        return LicenceOut(licence: chosen?.rawValue, url: chosen?.url,
                          published: OpenLicence.publishes(visibility: ctx.community.visibility, licence: chosen))
    }

    // MARK: The DCAT catalogue

    struct PublishedRow: Decodable {
        let id: UUID, name: String, description: String, createdAt: Date
        let slug: String, programme: String, licence: String
        enum CodingKeys: String, CodingKey { case id, name, description, slug, programme, licence, createdAt = "created_at" }
    }

    /// Newest first, `FiguresQueries.pageSize` datasets a page; `hydra:next` names the next page (`?after=`). IRIs are
    /// relative to the document's own address (JSON-LD resolves them against it), as the instance knows no public origin.
    func catalogue(after: String?) async throws -> Response {
        // `OpenLicence.publishes` as SQL: a public programme with a licence.
        var query: SQLQueryString = """
            SELECT d.id, d.name, d.description, d.created_at, c.slug, c.name AS programme, c.licence
            FROM figure_datasets d JOIN communities c ON c.id = d.community_id
            WHERE c.kind = \(bind: CommunityKind.programme.rawValue) AND c.visibility = \(bind: Visibility.public.rawValue)
              AND c.licence IS NOT NULL
            """
        try FiguresQueries.before(after, column: "d.id", &query)
        let page = KeysetPage(rows: try await context.db.rows(query, as: PublishedRow.self), size: FiguresQueries.pageSize) { $0.id }
        let own = ProgrammeEndpoints.catalog.path()
        var document: [String: Any] = [
            "@context": ["dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
                         "hydra": "http://www.w3.org/ns/hydra/core#"],
            "@id": own, "@type": "dcat:Catalog",
            "dct:title": Self.both(.catalogueTitle), "dct:description": Self.both(.catalogueDescription),
            "dcat:dataset": page.items.compactMap(Self.dataset),
        ]
        if let next = page.next {
            let nextPage = own + "?after=" + next
            document["hydra:view"] = ["@id": own + (after.map { "?after=" + $0 } ?? ""), "@type": "hydra:PartialCollectionView",
                                      "hydra:next": ["@id": nextPage]]
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = HTTPMediaType(type: "application", subType: "ld+json", parameters: ["charset": "utf-8"])
        return res
    }

    /// A text in both languages, as JSON-LD writes a language map.
    private static func both(_ key: ProgrammeText) -> [[String: String]] {
        [["@value": key.text.fr, "@language": "fr"], ["@value": key.text.en, "@language": "en"]]
    }

    private static func dataset(_ row: PublishedRow) -> [String: Any]? {
        guard let licence = OpenLicence(rawValue: row.licence) else { return nil }
        typealias E = OpenDataAPIEndpoints
        let home = ProgrammeEndpoints.home.path(row.slug)
        func distribution(_ title: [[String: String]], _ url: String, _ media: String) -> [String: Any] {
            ["@type": "dcat:Distribution", "dct:title": title, "dcat:downloadURL": ["@id": url],
             "dcat:mediaType": ["@id": "https://www.iana.org/assignments/media-types/" + media], "dct:license": ["@id": licence.url]]
        }
        return [
            "@id": home + "#dataset-" + row.id.uuidString.lowercased(), "@type": "dcat:Dataset",
            "dct:identifier": row.id.uuidString.lowercased(), "dct:title": row.name, "dct:description": row.description,
            "dct:issued": ISO8601DateFormatter().string(from: row.createdAt),
            "dct:license": ["@id": licence.url],
            "dct:publisher": ["@id": home, "@type": "foaf:Organization", "foaf:name": row.programme],
            "dcat:landingPage": ["@id": home],
            "dcat:distribution": [
                distribution(both(.distributionCSV), E.exportCSV.endpoint.path(row.slug, row.id), "text/csv"),
                distribution(both(.distributionPackage), E.dataPackage.endpoint.path(row.slug, row.id), "application/json"),
            ],
        ]
    }
}

extension OpenData {
    static func register(_ r: any RoutesBuilder) {
        typealias E = OpenDataAPIEndpoints
        r.open(ProgrammeEndpoints.catalog) { req in try await OpenData(req.context).catalogue(after: req.after) }
        r.programme(E.setLicence) { req, ctx in
            try await OpenData(req.context).setLicence(ctx, try req.content.decode(LicenceIn.self))
        }
        r.programme(E.datasets, use: FiguresAPI.datasets)
        r.programme(E.createDataset, use: FiguresAPI.createDataset)
        // The gate's `readOpenData`: anyone once published; unpublished, a community's export (participants', paid in credits).
        r.programme(E.exportCSV) { req, ctx in
            try await FiguresExports(req.context, ctx, dataset: req.parameters.get("id", as: UUID.self))
                .estimatesCSV(charge: !ctx.publishesOpenData, open: ctx.publishesOpenData)
        }
        r.programme(E.dataPackage) { req, ctx in
            try await FiguresExports(req.context, ctx, dataset: req.parameters.get("id", as: UUID.self)).dataPackage(licence: ctx.openLicence)
        }
    }
}
