import Fluent
import Vapor
import EnjeuCore

/// The economy's JSON API, its CSV exports and the ValueFlows JSON-LD of the flows.
struct EconomyAPI {
    struct OfferOut: Content {
        let id: UUID, community: String, owner: String, kind: String, title: String, description: String, terms: String, tags: [String]
        let place: String, createdAt: Date
        init(_ o: EconomyQueries.OfferRow) {
            id = o.id; community = o.slug; owner = o.ownerHandle; kind = o.kind; title = o.title; description = o.description; terms = o.terms
            tags = o.tagList; place = o.place; createdAt = o.createdAt
        }
    }
    struct ReferralOut: Content {
        let id: UUID, offer: UUID, referrer: String, beneficiary: String, note: String, status: String, flow: UUID?, createdAt: Date
        init(_ r: EconomyQueries.ReferralRow) {
            id = r.id; offer = r.offerId; referrer = r.referrerHandle; beneficiary = r.beneficiary; note = r.note; status = r.status; flow = r.flowId
            createdAt = r.createdAt
        }
    }
    struct FlowOut: Content {
        let id: UUID, from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String, description: String
        let appreciation: Int?, date: String, note: String, offer: UUID?, action: UUID?, referral: UUID?, reverses: UUID?, reversed: Bool
        init(_ f: EconomyQueries.FlowRow) {
            id = f.id; from = f.fromKey; to = f.toKey; nature = f.nature; measure = f.measure; quantity = f.quantity; unit = f.unit
            description = f.description; appreciation = f.appreciation; date = f.date; note = f.note; offer = f.offerId; action = f.actionId; referral = f.referralId
            reverses = f.reversesId; reversed = f.reversed > 0
        }
    }
    struct Created: Content { let id: UUID }
    struct Imported: Content { let imported: Int }
    struct ReverseIn: Content { let note: String }
    struct PyramidOut: Content {
        let layers: [String: [EconomyQueries.ResponsibilityRow]]
        let capitalWithoutCreation: [String]
        let creationWithoutCapital: [String]
    }

    static func pyramid(_ rows: [EconomyQueries.ResponsibilityRow]) -> PyramidOut {
        let byLayer = Dictionary(grouping: rows, by: \.layer)
        let creators = Set((byLayer["creation"] ?? []).map(\.handle)), capital = Set((byLayer["capital"] ?? []).map(\.handle))
        return PyramidOut(layers: byLayer, capitalWithoutCreation: capital.subtracting(creators).sorted(), creationWithoutCapital: creators.subtracting(capital).sorted())
    }

    static func filter(_ req: Request) -> EconomyQueries.FlowFilter {
        func q(_ k: String) -> String? { (try? req.query.get(String.self, at: k)).flatMap { $0.isEmpty ? nil : $0 } }
        return .init(from: q("from"), to: q("to"), nature: q("nature"), measure: q("measure"), since: q("since").flatMap(FigureDate.parse),
                     until: q("until").flatMap(FigureDate.parse), current: q("current") == "1")
    }

    func register(_ r: any RoutesBuilder) {
        r.grouped("api", "v1").open(.GET, "offers") { req in
            let page = try await EconomyQueries(req).offers(.ecosystem(viewer: req.viewer?.id), q: try? req.query.get(String.self, at: "q"),
                                                            kind: try? req.query.get(String.self, at: "kind"), tag: try? req.query.get(String.self, at: "tag"),
                                                            community: try? req.query.get(String.self, at: "community"),
                                                            after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(OfferOut.init), next: page.next)
        }
        let c = r.grouped("api", "v1", "communities", ":slug")
        c.community(.GET, "offers", need: .seeInside) { req, ctx in
            let page = try await EconomyQueries(req).offers(.community(ctx.id), q: try? req.query.get(String.self, at: "q"),
                                                            kind: try? req.query.get(String.self, at: "kind"), tag: try? req.query.get(String.self, at: "tag"),
                                                            after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(OfferOut.init), next: page.next)
        }
        c.community(.POST, "offers", need: .contribute) { req, ctx in
            let id = try await EconomyService(req: req).publish(ctx, try req.content.decode(EconomyService.OfferIn.self))
            guard let o = try await EconomyQueries(req).offer(ctx.id, id) else { throw AppError.notFound }
            return try await OfferOut(o).created(for: req)
        }
        c.community(.GET, "offers", ":id", "referrals", need: .seeInside) { req, ctx in
            let o = try await EconomyQueries(req).requireOffer(ctx)
            let page = try await EconomyQueries(req).referrals(offer: o, ctx, after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(ReferralOut.init), next: page.next)
        }
        c.community(.POST, "offers", ":id", "referrals", need: .contribute) { req, ctx in
            let o = try await EconomyQueries(req).requireOffer(ctx)
            let id = try await EconomyService(req: req).refer(ctx, offer: o, try req.content.decode(EconomyService.ReferralIn.self))
            return try await Created(id: id).created(for: req)
        }
        c.community(.POST, "referrals", ":id", "status", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await EconomyService(req: req).setReferralStatus(ctx, referral: id, status: try req.content.decode(EconomyService.StatusIn.self).status)
            guard let r = try await EconomyQueries.referralRow(req.db, ctx.id, id) else { throw AppError.notFound }
            return ReferralOut(r)
        }
        c.community(.GET, "multipliers", need: .seeInside) { req, ctx in
            let handle = try? req.query.get(String.self, at: "member")
            var owner: UUID?
            if let handle {
                guard let id = try await EconomyQueries(req).memberID(ctx.id, handle.lowercased()) else { throw AppError.notFound }
                owner = id
            }
            return try await EconomyQueries(req).multipliers(ctx.id, owner: owner)
        }
        c.community(.GET, "flows", need: .seeInside) { req, ctx in
            let page = try await EconomyQueries(req).flows(ctx.id, Self.filter(req), after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(FlowOut.init), next: page.next)
        }
        c.community(.POST, "flows", need: .contribute) { req, ctx in
            let id = try await EconomyService(req: req).recordFlow(ctx, try req.content.decode(EconomyService.FlowIn.self))
            guard let f = try await EconomyQueries.flowRow(req.db, ctx.id, id) else { throw AppError.notFound }
            return try await FlowOut(f).created(for: req)
        }
        c.community(.POST, "flows", ":id", "reverse", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let r = try await EconomyService(req: req).reverse(ctx, flow: id, note: try req.content.decode(ReverseIn.self).note)
            return try await Created(id: r).created(for: req)
        }
        // A CSV of 100,000 flows is about 6 MB.
        c.community(.POST, "flows", "import", need: .contribute, maxBody: "32mb") { req, ctx in
            guard let body = req.body.string else { throw AppError.invalid(Violations(.changes, .required)) }
            return try await Imported(imported: try await EconomyService(req: req).importCSV(ctx, body)).created(for: req)
        }
        c.community(.GET, "flows", "matrix", need: .seeInside) { req, ctx in
            let by = (try? req.query.get(String.self, at: "by")) ?? "actor"
            guard by == "actor" || by == "nature" else { throw AppError.invalid(Violations(.kind, .notAChoice)) }
            let rawSince = try? req.query.get(String.self, at: "from"), rawUntil = try? req.query.get(String.self, at: "to")
            let since = rawSince.flatMap(FigureDate.parse), until = rawUntil.flatMap(FigureDate.parse)
            if rawSince != nil && since == nil { throw AppError.invalid(Violations(.date, .dateFormat)) }
            if rawUntil != nil && until == nil { throw AppError.invalid(Violations(.date, .dateFormat)) }
            let nature = try? req.query.get(String.self, at: "nature")
            if let nature, FlowNature(rawValue: nature) == nil { throw AppError.invalid(Violations(.nature, .notAChoice)) }
            return try await EconomyQueries(req).matrix(ctx.id, slug: ctx.community.slug, by: by, since: since, until: until, nature: nature)
        }
        c.community(.GET, "pyramid", need: .seeInside) { req, ctx in Self.pyramid(try await EconomyQueries(req).responsibilities(ctx.id)) }
        c.community(.POST, "pyramid", need: .contribute) { req, ctx in
            let id = try await EconomyService(req: req).addResponsibility(ctx, try req.content.decode(EconomyService.ResponsibilityIn.self))
            return try await Created(id: id).created(for: req)
        }
        c.community(.GET, "flows.jsonld", need: .seeInside) { req, ctx in try await EconomyExports(req: req, ctx: ctx).valueFlows() }
        c.community(.GET, "flows.csv", need: .seeInside) { req, ctx in try await EconomyExports(req: req, ctx: ctx).flowsCSV() }
        c.community(.GET, "offers.csv", need: .seeInside) { req, ctx in try await EconomyExports(req: req, ctx: ctx).offersCSV() }
        c.community(.GET, "flows.json", need: .seeInside) { req, ctx in try await EconomyExports(req: req, ctx: ctx).allFlows().map(FlowOut.init) }
        c.community(.GET, "offers.json", need: .seeInside) { req, ctx in try await EconomyExports(req: req, ctx: ctx).allOffers().map(OfferOut.init) }
    }
}

/// Open data: CSV (formula cells neutralised) and ValueFlows 1.0 JSON-LD.
struct EconomyExports {
    let req: Request
    let ctx: CommunityContext

    /// Every flow, in pages of 1,000 read one after the other (the export is streamed from the keyset pages).
    func allFlows() async throws -> [EconomyQueries.FlowRow] {
        var out: [EconomyQueries.FlowRow] = []
        var after: String?
        repeat {
            let page = try await EconomyQueries(req).flows(ctx.id, .init(), after: after, limit: 1_000)
            out += page.items
            after = page.next
        } while after != nil && out.count < 1_000_000
        return out
    }

    func flowsCSV() async throws -> Response {
        var csv = CSV(header: ["id", "from", "to", "nature", "measure", "quantity", "unit", "description", "appreciation", "date", "note", "reverses"])
        for f in try await allFlows() {
            csv.row([.text(f.id.uuidString), .text(f.fromKey), .text(f.toKey), .text(f.nature), .text(f.measure), f.quantity.map { .number($0) } ?? .empty,
                     .text(f.unit), .text(f.description), f.appreciation.map { .integer($0) } ?? .empty, .text(f.date), .text(f.note),
                     .text(f.reversesId?.uuidString ?? "")])
        }
        return csv.response(filename: "flows-\(ctx.community.slug).csv")
    }

    func allOffers() async throws -> [EconomyQueries.OfferRow] {
        var out: [EconomyQueries.OfferRow] = []
        var after: String?
        repeat {
            let page = try await EconomyQueries(req).offers(.community(ctx.id), q: nil, kind: nil, after: after)
            out += page.items
            after = page.next
        } while after != nil
        return out
    }

    func offersCSV() async throws -> Response {
        var csv = CSV(header: ["id", "owner", "kind", "title", "description", "terms", "tags", "place", "created_at"])
        let iso = ISO8601DateFormatter()
        for o in try await allOffers() {
            csv.row([.text(o.id.uuidString), .text(o.ownerHandle), .text(o.kind), .text(o.title), .text(o.description), .text(o.terms),
                     .text(o.tagList.joined(separator: "; ")), .text(o.place), .text(iso.string(from: o.createdAt))])
        }
        return csv.response(filename: "offers-\(ctx.community.slug).csv")
    }

    /// ValueFlows 1.0 `EconomicEvent`s: provider, receiver, action (`transfer` for goods and money, `deliverService` for
    /// services), `resourceQuantity` when quantitative, the two axes as classifications; an inline context.
    func valueFlows() async throws -> Response {
        let base = "urn:enjeu:\(ctx.community.slug):"
        func agent(_ key: String) -> String {
            base + "agent:" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ":-_."))) ?? key)
        }
        let money: Set<String> = ["€", "eur", "euro", "euros", "$", "usd", "chf", "£", "gbp"]
        var graph: [[String: Any]] = []
        for f in try await allFlows() {
            // Goods and money are transferred; the rest is a service delivered.
            let transfer = f.nature == FlowNature.material.rawValue || money.contains(f.unit.lowercased())
            var e: [String: Any] = [
                "@id": base + "flow:" + f.id.uuidString, "@type": "EconomicEvent",
                "action": transfer ? "vf:transfer" : "vf:deliverService",
                "provider": agent(f.fromKey), "receiver": agent(f.toKey),
                "hasPointInTime": f.date + "T00:00:00Z",
                "resourceClassifiedAs": ["urn:enjeu:nature:" + f.nature, "urn:enjeu:measure:" + f.measure],
            ]
            if let q = f.quantity { e["resourceQuantity"] = ["@type": "om2:Measure", "om2:hasNumericalValue": q, "om2:hasUnit": ["@id": base + "unit:" + (f.unit.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? f.unit)], "rdfs:label": f.unit] }
            if !f.description.isEmpty { e["note"] = f.description }
            if let r = f.reversesId { e["corrects"] = base + "flow:" + r.uuidString }
            graph.append(e)
        }
        func iri(_ name: String) -> [String: String] { ["@id": "vf:" + name, "@type": "@id"] }
        let doc: [String: Any] = [
            "@context": ["vf": "https://w3id.org/valueflows/ont/vf#", "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/",
                         "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                         "EconomicEvent": "vf:EconomicEvent", "action": iri("action"), "provider": iri("provider"), "receiver": iri("receiver"),
                         "resourceClassifiedAs": iri("resourceClassifiedAs"), "corrects": iri("corrects"),
                         "hasPointInTime": ["@id": "vf:hasPointInTime", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"],
                         "resourceQuantity": "vf:resourceQuantity", "note": "vf:note"],
            "@graph": graph,
        ]
        let res = Response(status: .ok, body: .init(data: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .withoutEscapingSlashes])))
        res.headers.contentType = HTTPMediaType(type: "application", subType: "ld+json", parameters: ["charset": "utf-8"])
        return res
    }
}
