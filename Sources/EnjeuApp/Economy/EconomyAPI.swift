import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The economy's JSON API, its CSV exports and the ValueFlows JSON-LD of the flows.
struct EconomyAPI {
    struct OfferOut: Content {
        let id: UUID, community: String, owner: String, kind: String, title: String, description: String, terms: String, tags: [String]
        let place: String, createdAt: Date
        /// An organisation's offer (by slug); `owner` is then its representative who published it and answers for it.
        let organisation: String?
        init(_ o: EconomyQueries.OfferRow) {
            id = o.id; community = o.slug; owner = o.ownerHandle; kind = o.kind; title = o.title; description = o.description; terms = o.terms
            tags = o.tagList; place = o.place; createdAt = o.createdAt; organisation = o.organisationSlug
        }
    }
    struct ReferralOut: Content {
        let id: UUID, offer: UUID, referrer: String, beneficiary: String, note: String, status: String, flow: UUID?, createdAt: Date
        /// `referral`, or `solicitation`: the referrer's own interest (for `organisation`, by name, if any).
        let kind: String, organisation: String?
        init(_ r: EconomyQueries.ReferralRow) {
            id = r.id; offer = r.offerId; referrer = r.referrerHandle; beneficiary = r.beneficiary; note = r.note; status = r.state.rawValue; flow = r.flowId
            createdAt = r.createdAt; kind = r.kind.rawValue; organisation = r.organisation
        }
    }
    struct FlowOut: Content {
        let id: UUID, from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String, description: String
        let appreciation: Int?, date: String, note: String, offer: UUID?, action: UUID?, referral: UUID?, reverses: UUID?, reversed: Bool
        /// `pending`, `confirmed` or `declined`; who recorded the entry and who confirmed (or declined) it, as handles
        /// (absent when not known: entries older than confirmation have no known confirmer).
        let status: String, recordedBy: String?, recordedAt: Date, confirmedBy: String?, confirmedAt: Date?
        /// While pending between parties: the side whose word is awaited (`community:<slug>`, `org:<slug>`, or as inside).
        let awaiting: String?
        /// An event another instance recorded first and offered here: its address there, which names it in both ledgers.
        let iri: String?
        init(_ f: EconomyQueries.FlowRow) {
            id = f.id; from = f.fromKey; to = f.toKey; nature = f.nature; measure = f.measure; quantity = f.quantity; unit = f.unit
            description = f.description; appreciation = f.appreciation; date = f.date; note = f.note; offer = f.offerId; action = f.actionId; referral = f.referralId
            reverses = f.reversesId; reversed = f.reversed > 0
            status = f.state.rawValue; recordedBy = f.recorder; recordedAt = f.createdAt; confirmedBy = f.confirmer; confirmedAt = f.confirmedAt
            awaiting = f.state == .pending ? f.awaitingKey : nil
            iri = f.iri
        }
    }
    struct Created: Content { let id: UUID }
    /// A pending flow's new status: `confirmed` or `declined`.
    struct DecisionOut: Content { let status: String }
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
                     until: q("until").flatMap(FigureDate.parse), current: q("current") == "1", status: q("status").flatMap(FlowStatus.init(rawValue:)))
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = EconomyAPIEndpoints
        Solicitations.register(api: r)
        r.open(E.ecosystemOffers) { req in
            let page = try await EconomyQueries(req.context).offers(.ecosystem(viewer: req.viewer?.id), q: req.optionalQuery("q"),
                kind: req.optionalQuery("kind"), tag: req.optionalQuery("tag"), community: req.optionalQuery("community"), after: req.after)
            return page.map(OfferOut.init)
        }
        r.community(E.offers) { req, ctx in
            let page = try await EconomyQueries(req.context).offers(.community(ctx.id), q: req.optionalQuery("q"),
                kind: req.optionalQuery("kind"), tag: req.optionalQuery("tag"), after: req.after)
            return page.map(OfferOut.init)
        }
        r.community(E.publish) { req, ctx in
            let id = try await EconomyService(req.context).publish(ctx, try req.content.decode(EconomyService.OfferIn.self))
            guard let o = try await EconomyQueries(req.context).offer(ctx.id, id) else { throw AppError.notFound }
            return try await OfferOut(o).created(for: req)
        }
        r.community(E.referrals) { req, ctx in
            let o = try await EconomyQueries(req.context).requireOffer(ctx, id: req.parameters.get("id"))
            let page = try await EconomyQueries(req.context).referrals(offer: o, ctx, after: req.after)
            return page.map(ReferralOut.init)
        }
        r.community(E.refer) { req, ctx in
            let o = try await EconomyQueries(req.context).requireOffer(ctx, id: req.parameters.get("id"))
            let id = try await EconomyService(req.context).refer(ctx, offer: o, try req.content.decode(EconomyService.ReferralIn.self))
            return try await Created(id: id).created(for: req)
        }
        r.community(E.referralStatus) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await EconomyService(req.context).setReferralStatus(ctx, referral: id, status: try req.content.decode(EconomyService.StatusIn.self).status)
            guard let r = try await EconomyQueries.referralRow(req.db, ctx.id, id) else { throw AppError.notFound }
            return ReferralOut(r)
        }
        r.community(E.multipliers) { req, ctx in
            let handle = req.optionalQuery("member")
            var owner: UUID?
            if let handle {
                guard let id = try await EconomyQueries(req.context).memberID(ctx.id, handle.lowercased()) else { throw AppError.notFound }
                owner = id
            }
            return try await EconomyQueries(req.context).multipliers(ctx.id, owner: owner)
        }
        r.community(E.flows) { req, ctx in
            let page = try await EconomyQueries(req.context).flows(ctx.id, slug: ctx.community.slug, Self.filter(req), after: req.after)
            return page.map(FlowOut.init)
        }
        r.community(E.record) { req, ctx in
            let id = try await EconomyService(req.context).recordFlow(ctx, try req.content.decode(EconomyService.FlowIn.self))
            guard let f = try await EconomyQueries.flowRow(req.db, ctx.id, id) else { throw AppError.notFound }
            return try await FlowOut(f).created(for: req)
        }
        r.community(E.pending) { req, ctx in
            let page = try await EconomyQueries(req.context).awaiting(ctx, after: req.after)
            return page.map(FlowOut.init)
        }
        for (op, confirm) in [(E.confirm, true), (E.decline, false)] {
            r.community(op) { req, ctx in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                return DecisionOut(status: try await EconomyService(req.context).decide(ctx, flow: id, confirm: confirm).rawValue)
            }
        }
        r.community(E.reverse) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let r = try await EconomyService(req.context).reverse(ctx, flow: id, note: try req.content.decode(ReverseIn.self).note)
            return try await Created(id: r).created(for: req)
        }
        // Read as a stream once the gate has passed, up to the declared 32 MiB (a CSV of 100,000 flows is about 6 MB).
        r.community(E.importFlows) { req, ctx in
            let imported = try await EconomyService(req.context).importCSV(ctx, body: BodyChunks(req), maxBytes: E.importFlows.doc.maxBody)
            return try await Imported(imported: imported).created(for: req)
        }
        r.community(E.matrix) { req, ctx in
            let by = (req.optionalQuery("by")) ?? "actor"
            guard by == "actor" || by == "nature" else { throw AppError.invalid(Violations(.kind, .notAChoice)) }
            let rawSince = req.optionalQuery("from"), rawUntil = req.optionalQuery("to")
            let since = rawSince.flatMap(FigureDate.parse), until = rawUntil.flatMap(FigureDate.parse)
            if rawSince != nil && since == nil { throw AppError.invalid(Violations(.date, .dateFormat)) }
            if rawUntil != nil && until == nil { throw AppError.invalid(Violations(.date, .dateFormat)) }
            let nature = req.optionalQuery("nature")
            if let nature, FlowNature(rawValue: nature) == nil { throw AppError.invalid(Violations(.nature, .notAChoice)) }
            return try await EconomyQueries(req.context).matrix(ctx.id, slug: ctx.community.slug, by: by, since: since, until: until, nature: nature)
        }
        r.community(E.pyramid) { req, ctx in Self.pyramid(try await EconomyQueries(req.context).responsibilities(ctx.id)) }
        r.community(E.addResponsibility) { req, ctx in
            let id = try await EconomyService(req.context).addResponsibility(ctx, try req.content.decode(EconomyService.ResponsibilityIn.self))
            return try await Created(id: id).created(for: req)
        }
        r.community(E.flowsJSONLD) { req, ctx in try EconomyExports(req.context, ctx).valueFlows(origin: req.publicOrigin) }
        r.community(E.flowsCSV) { req, ctx in try EconomyExports(req.context, ctx).flowsCSV() }
        r.community(E.offersCSV) { req, ctx in EconomyExports(req.context, ctx).offersCSV() }
        r.community(E.flowsJSON) { req, ctx in try EconomyExports(req.context, ctx).flowsJSON() }
        r.community(E.offersJSON) { req, ctx in EconomyExports(req.context, ctx).offersJSON() }
    }
}
