import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Open data: flows and offers as CSV and JSON, flows as ValueFlows 1.0 JSON-LD.
///
/// Each export is read in keyset pages of `pageSize` rows and written to a streamed body one page at a time; a write
/// returns once the page has gone to the socket, so a slow reader slows the reading and memory holds one page, never
/// the export. Flows in bulk need sign-in, on public communities too (anonymous: 401, or the sign-in page).
/// Every flow carries its status and who recorded and confirmed it.
struct EconomyExports {
    let context: ServiceContext
    let ctx: CommunityContext

    init(_ context: ServiceContext, _ ctx: CommunityContext) { self.context = context; self.ctx = ctx }

    static let pageSize = 1_000

    /// The flows CSV: the import's columns (`from` … `note`) plus the entry's identity and who vouched for it.
    static let flowsCSVHeader = ["id", "from", "to", "nature", "measure", "quantity", "unit", "description", "appreciation", "date", "note",
                                 "reverses", "status", "recorded_by", "recorded_at", "confirmed_by", "confirmed_at"]
    static let offersCSVHeader = ["id", "owner", "kind", "title", "description", "terms", "tags", "place", "created_at"]

    static let csv = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    static let jsonLD = HTTPMediaType(type: "application", subType: "ld+json", parameters: ["charset": "utf-8"])

    // MARK: Flows

    func flowsCSV() throws -> Response {
        _ = try ctx.requireViewer()
        return streamed(Self.csv, filename: "flows-\(ctx.community.slug).csv") { emit in
            try await emit(ByteBuffer(string: CSVText.header(Self.flowsCSVHeader)))
            let iso = ISO8601DateFormatter()
            try await eachFlowPage { rows in
                var out = ByteBuffer()
                for f in rows {
                    out.writeString(CSVText.line([
                        .text(f.id.uuidString), .text(f.fromKey), .text(f.toKey), .text(f.nature), .text(f.measure), f.quantity.map { .number($0) } ?? .empty,
                        .text(f.unit), .text(f.description), f.appreciation.map { .integer($0) } ?? .empty, .text(f.date), .text(f.note),
                        .text(f.reversesId?.uuidString ?? ""), .text(f.state.rawValue), .text(f.recorder ?? ""), .text(iso.string(from: f.createdAt)),
                        .text(f.confirmer ?? ""), .text(f.confirmedAt.map(iso.string(from:)) ?? ""),
                    ]))
                }
                try await emit(out)
            }
        }
    }

    /// A JSON array of the API's `Flow` objects, encoded as the API encodes them (so it reads back into the same values).
    func flowsJSON() throws -> Response {
        _ = try ctx.requireViewer()
        return streamed(.json, filename: nil) { emit in
            let encoder = try ContentConfiguration.global.requireEncoder(for: .json)
            var headers = HTTPHeaders(), elements = JSONElements()
            try await emit(ByteBuffer(string: "["))
            try await eachFlowPage { rows in
                try await emit(try elements.page(rows) { f, out in try encoder.encode(EconomyAPI.FlowOut(f), to: &out, headers: &headers) })
            }
            try await emit(ByteBuffer(string: "]"))
        }
    }

    /// ValueFlows 1.0 `EconomicEvent`s: provider, receiver, action (`transfer` for goods and money, `deliverService` for
    /// services), `resourceQuantity` when quantitative, the two axes as classifications, the description as `vf:note`;
    /// the flow's own note (`rdfs:comment`), its 1–5 appreciation, status, recorder and confirmer in Enjeu's vocabulary.
    /// Everything is named by an `https://` address of this instance (`LedgerIRIs`), never a `urn:`, so two instances'
    /// exports of one flow name it the same.
    func valueFlows(origin: String) throws -> Response {
        _ = try ctx.requireViewer()
        let iris = LedgerIRIs(origin: origin, slug: ctx.community.slug)
        return streamed(Self.jsonLD, filename: nil) { emit in
            let context = try JSONSerialization.data(withJSONObject: Self.valueFlowsContext(iris), options: [.sortedKeys, .withoutEscapingSlashes])
            var head = ByteBuffer(string: "{\"@context\":")
            head.writeBytes(context)
            head.writeString(",\"@graph\":[")
            try await emit(head)
            let iso = ISO8601DateFormatter()
            var elements = JSONElements()
            try await eachFlowPage { rows in
                try await emit(try elements.page(rows) { f, out in
                    out.writeBytes(try JSONSerialization.data(withJSONObject: Self.economicEvent(f, iris, iso: iso), options: [.sortedKeys, .withoutEscapingSlashes]))
                })
            }
            try await emit(ByteBuffer(string: "]}"))
        }
    }

    static func valueFlowsContext(_ iris: LedgerIRIs) -> [String: Any] {
        func iri(_ id: String) -> [String: String] { ["@id": id, "@type": "@id"] }
        func typed(_ id: String, _ type: String) -> [String: String] { ["@id": id, "@type": "http://www.w3.org/2001/XMLSchema#" + type] }
        return ["vf": "https://w3id.org/valueflows/ont/vf#", "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "enjeu": iris.vocabulary,
                "EconomicEvent": "vf:EconomicEvent", "action": iri("vf:action"), "provider": iri("vf:provider"), "receiver": iri("vf:receiver"),
                "resourceClassifiedAs": iri("vf:resourceClassifiedAs"), "corrects": iri("vf:corrects"),
                "hasPointInTime": typed("vf:hasPointInTime", "dateTime"), "resourceQuantity": "vf:resourceQuantity", "note": "vf:note",
                "comment": "rdfs:comment", "appreciation": typed("enjeu:appreciation", "integer"), "status": "enjeu:status",
                "recordedBy": iri("enjeu:recordedBy"), "recordedAt": typed("enjeu:recordedAt", "dateTime"),
                "confirmedBy": iri("enjeu:confirmedBy"), "confirmedAt": typed("enjeu:confirmedAt", "dateTime"),
                "attributedTo": iri("https://www.w3.org/ns/activitystreams#attributedTo")]
    }

    /// Units OM 2 names; any other is written as its name (FEP-0837 writes `one` so).
    static let omUnits: [String: String] = [
        "€": "euro", "eur": "euro", "euro": "euro", "euros": "euro", "£": "poundSterling", "gbp": "poundSterling",
        "h": "hour", "heure": "hour", "heures": "hour", "hour": "hour", "hours": "hour", "kg": "kilogram", "l": "litre", "litre": "litre",
        "litres": "litre",
    ]

    static func economicEvent(_ f: EconomyFlow, _ iris: LedgerIRIs, iso: ISO8601DateFormatter) -> [String: Any] {
        let money: Set<String> = ["€", "eur", "euro", "euros", "$", "usd", "chf", "£", "gbp"]
        // Goods and money are transferred; the rest is a service delivered.
        let transfer = FlowNature(rawValue: f.nature) == .material || money.contains(f.unit.lowercased())
        var e: [String: Any] = [
            "@id": f.iri ?? iris.flow(f.id), "@type": "EconomicEvent",
            "action": transfer ? "vf:transfer" : "vf:deliverService",
            "provider": iris.agent(f.fromKey), "receiver": iris.agent(f.toKey),
            "hasPointInTime": f.date + "T00:00:00Z",
            "resourceClassifiedAs": ["enjeu:" + f.nature, "enjeu:" + f.measure],
            "status": f.state.rawValue, "recordedAt": iso.string(from: f.createdAt),
        ]
        if let q = f.quantity {
            e["resourceQuantity"] = ["@type": "om2:Measure", "om2:hasNumericalValue": q,
                                     "om2:hasUnit": Self.omUnits[f.unit.lowercased()].map { ["@id": "om2:" + $0] as Any } ?? f.unit,
                                     "rdfs:label": f.unit]
        }
        if !f.description.isEmpty { e["note"] = f.description }
        if !f.note.isEmpty { e["comment"] = f.note }
        if let a = f.appreciation { e["appreciation"] = a }
        if let r = f.reversesId { e["corrects"] = iris.flow(r) }
        if let h = f.recorder { e["recordedBy"] = iris.agent(Actor.member(h).key) }
        if let h = f.confirmer { e["confirmedBy"] = iris.agent(Actor.member(h).key) }
        if let at = f.confirmedAt { e["confirmedAt"] = iso.string(from: at) }
        return e
    }

    /// Every flow, newest first, a page at a time.
    private func eachFlowPage(_ body: ([EconomyFlow]) async throws -> Void) async throws {
        let queries = EconomyQueries(context)
        var after: String?
        repeat {
            let page = try await queries.flows(ctx.id, slug: ctx.community.slug, .init(), after: after, limit: Self.pageSize)
            try await body(page.items)
            after = page.next
        } while after != nil
    }

    // MARK: Offers

    func offersCSV() -> Response {
        streamed(Self.csv, filename: "offers-\(ctx.community.slug).csv") { emit in
            try await emit(ByteBuffer(string: CSVText.header(Self.offersCSVHeader)))
            let iso = ISO8601DateFormatter()
            try await eachOfferPage { rows in
                var out = ByteBuffer()
                for o in rows {
                    out.writeString(CSVText.line([.text(o.id.uuidString), .text(o.ownerHandle), .text(o.kind), .text(o.title), .text(o.description),
                                                  .text(o.terms), .text(o.tagList.joined(separator: "; ")), .text(o.place), .text(iso.string(from: o.createdAt))]))
                }
                try await emit(out)
            }
        }
    }

    func offersJSON() -> Response {
        streamed(.json, filename: nil) { emit in
            let encoder = try ContentConfiguration.global.requireEncoder(for: .json)
            var headers = HTTPHeaders(), elements = JSONElements()
            try await emit(ByteBuffer(string: "["))
            try await eachOfferPage { rows in
                try await emit(try elements.page(rows) { o, out in try encoder.encode(EconomyAPI.OfferOut(o), to: &out, headers: &headers) })
            }
            try await emit(ByteBuffer(string: "]"))
        }
    }

    /// The community's offers (of active members, as the catalogue shows them), newest first, a page at a time.
    private func eachOfferPage(_ body: ([EconomyOffer]) async throws -> Void) async throws {
        let db = context.db
        var after: UUID?
        repeat {
            var q: SQLQueryString = "SELECT \(EconomyQueries.offerColumns)\(EconomyQueries.offerJoins) WHERE o.community_id = \(bind: ctx.id)"
            if let after { q = q + " AND o.id < \(bind: after)" }
            q = q + " ORDER BY o.id DESC LIMIT \(literal: Self.pageSize)"
            let rows = try await db.rows(q, as: EconomyOffer.self)
            try await body(rows)
            after = rows.count == Self.pageSize ? rows.last?.id : nil
        } while after != nil
    }

    // MARK: Streaming

    func streamed(_ type: HTTPMediaType, filename: String?,
                  _ produce: @escaping @Sendable (_ emit: (ByteBuffer) async throws -> Void) async throws -> Void) -> Response {
        Response.streamed(type, filename: filename, logger: context.logger, produce)
    }
}

/// The addresses the ValueFlows export names things by (issue 19): a flow by `/ap/flows/<id>` (the same in both
/// ledgers of a flow between communities), a member by their page, a community or an organisation by its actor, an
/// outside party under the ledger's community, Enjeu's own terms under `<origin>/ns#`.
struct LedgerIRIs: Sendable {
    let origin: String, slug: String

    var vocabulary: String { origin + "/ns#" }
    func flow(_ id: UUID) -> String { origin + FederationEndpoints.flow.path(id) }

    func agent(_ key: String) -> String {
        switch Actor(key: key) {
        case let .member(handle)?: origin + FederationEndpoints.person.path(handle)
        case let .peer(other)?: origin + FederationEndpoints.community.path(other)
        case let .organisation(org)?: origin + FederationEndpoints.organisation.path(org)
        case let .outside(name)?: origin + FederationEndpoints.community.path(slug) + "/outside/" + Self.segment(name)
        case .community?: origin + FederationEndpoints.community.path(slug)
        case let .remote(iri)?: iri
        case nil: origin + FederationEndpoints.community.path(slug) + "/outside/" + Self.segment(key)
        }
    }

    /// Free text as one path segment: RFC 3986's unreserved ASCII kept, everything else %-encoded (accents included).
    static func segment(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
