import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The economy pages: the contributive catalogue and its referrals, the ledger of flows with its matrices, the pyramid.
/// Each page is a loader (here, a plain model) and a view (`EconomyViews`); forms answer 303 with a flash once done,
/// or the page again at 422 with what was typed and every problem found.
struct EconomyPages {
    func register(_ r: any RoutesBuilder) {
        r.open(EconomyEndpoints.ecosystem) { req in
            req.page(EconomyViews.ecosystemPage(try await Self.loadEcosystem(req.context, OfferSearch(req)), req.lang))
        }
        r.community(EconomyEndpoints.catalogue) { req, ctx in try await catalogue(req, ctx, FormState(values: ["kind": OfferKind.service.rawValue])) }
        r.community(EconomyEndpoints.publish) { req, ctx in
            let f = Self.form(req)
            do {
                let id = try await EconomyService(req.context).publish(ctx, .init(kind: f["kind"] ?? "", title: f["name"] ?? "", description: f["definition"] ?? "",
                                                                                  terms: f["terms"], tags: Tags.normalise(f["tags"] ?? ""), place: f["place"]))
                return req.redirect(to: EconomyEndpoints.offer.path(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await catalogue(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(EconomyEndpoints.offer) { req, ctx in try await offer(req, ctx, FormState()) }
        r.community(EconomyEndpoints.refer) { req, ctx in
            let o = try await EconomyQueries(req.context).requireOffer(ctx, id: req.parameters.get("id"))
            let f = Self.form(req)
            do {
                _ = try await EconomyService(req.context).refer(ctx, offer: o, .init(beneficiary: f["beneficiary"] ?? "", note: f["note"]))
            } catch let AppError.invalid(v) {
                return try await offer(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: EconomyEndpoints.offer.path(ctx.community.slug, o.id), flash: .saved)
        }
        r.community(EconomyEndpoints.referralStatus) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let referral = try await EconomyQueries.referralRow(req.db, ctx.id, id) else { throw AppError.notFound }
            try await EconomyService(req.context).setReferralStatus(ctx, referral: id, status: Self.form(req)["status"] ?? "")
            return req.redirect(to: EconomyEndpoints.offer.path(ctx.community.slug, referral.offerId), flash: .saved)
        }
        r.community(EconomyEndpoints.flows) { req, ctx in
            try await flows(req, ctx, FormState(values: ["nature": FlowNature.material.rawValue, "measure": FlowMeasure.quantitative.rawValue,
                                                         "date": FigureDate.day(req.context.now)]))
        }
        r.community(EconomyEndpoints.record) { req, ctx in
            let f = Self.form(req)
            do {
                let typed = f["quantity"] ?? ""
                let quantity = typed.isEmpty ? nil : NumberInput.parse(typed)
                if !typed.isEmpty && quantity == nil { throw AppError.invalid(Violations(.quantity, .notANumber)) }
                _ = try await EconomyService(req.context).recordFlow(ctx, .init(from: f["from"] ?? "", to: f["to"] ?? "", nature: f["nature"] ?? "",
                                                                                measure: f["measure"] ?? "", quantity: quantity, unit: f["unit"],
                                                                                description: f["definition"], appreciation: f["appreciation"].flatMap { Int($0) },
                                                                                date: f["date"] ?? "", note: f["note"], offer: nil))
            } catch let AppError.invalid(v) {
                return try await flows(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            } catch let AppError.rejected(t) {
                return try await flows(req, ctx, FormState(values: f, message: t), status: .unprocessableEntity)
            }
            return req.redirect(to: EconomyEndpoints.flows.path(ctx.community.slug), flash: .saved)
        }
        // The exports also under the pages, so a signed-in member downloads them with their session.
        r.community(EconomyEndpoints.flowsCSV) { req, ctx in try EconomyExports(req.context, ctx).flowsCSV() }
        r.community(EconomyEndpoints.flowsJSONLD) { req, ctx in try EconomyExports(req.context, ctx).valueFlows(origin: req.publicOrigin) }
        r.community(EconomyEndpoints.offersCSV) { req, ctx in EconomyExports(req.context, ctx).offersCSV() }
        EconomyConfirmations.register(pages: r)
        Solicitations.register(pages: r) { req, ctx, form in try await offer(req, ctx, form, status: .unprocessableEntity) }
        r.community(EconomyEndpoints.pyramid) { req, ctx in try await pyramid(req, ctx, FormState(values: ["layer": PyramidLayer.creation.rawValue])) }
        r.community(EconomyEndpoints.addResponsibility) { req, ctx in
            let f = Self.form(req)
            do {
                _ = try await EconomyService(req.context).addResponsibility(ctx, .init(member: f["handle"] ?? "", layer: f["layer"] ?? "", role: f["role"] ?? "",
                                                                                       what: f["definition"], amount: f["quantity"].flatMap(NumberInput.parse),
                                                                                       unit: f["unit"], share: f["share"].flatMap(NumberInput.parse)))
            } catch let AppError.invalid(v) {
                return try await pyramid(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: EconomyEndpoints.pyramid.path(ctx.community.slug), flash: .saved)
        }
    }

    /// The fields of a posted form; a body that is not one reads as empty.
    private static func form(_ req: Request) -> [String: String] { (try? req.content.decode([String: String].self)) ?? [:] }

    // MARK: Pages: the model loaded, then drawn

    private func catalogue(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadCatalogue(req.context, ctx, OfferSearch(req), form: form)
        return req.page(EconomyViews.cataloguePage(m, req.lang, csrf: req.csrf), status: status)
    }

    private func offer(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadOffer(req.context, ctx, id: req.parameters.get("id"), after: try? req.query.get(String.self, at: "after"), form: form)
        return req.page(EconomyViews.offerPage(m, req.lang, csrf: req.csrf), status: status)
    }

    private func flows(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let filter = EconomyQueries.FlowFilter { try? req.query.get(String.self, at: $0) }
        let m = try await Self.loadFlows(req.context, ctx, filter, after: try? req.query.get(String.self, at: "after"), form: form)
        return req.page(EconomyViews.flowsPage(m, req.lang, csrf: req.csrf), status: status)
    }

    private func pyramid(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadPyramid(req.context, ctx, form: form)
        return req.page(EconomyViews.pyramidPage(m, req.lang, csrf: req.csrf), status: status)
    }

    // MARK: Loaders

    static func loadEcosystem(_ context: ServiceContext, _ search: OfferSearch) async throws -> EconomyEcosystemPage {
        let offers = try await EconomyQueries(context).offers(.ecosystem(viewer: context.viewer?.id), q: search.q, kind: search.kind, tag: search.tag,
                                                              community: search.community, after: search.after)
        return EconomyEcosystemPage(q: search.q, page: offers, kind: search.kind, tag: search.tag, community: search.community)
    }

    static func loadCatalogue(_ context: ServiceContext, _ ctx: CommunityContext, _ search: OfferSearch, form: FormState) async throws -> EconomyCataloguePage {
        let queries = EconomyQueries(context)
        let offers = try await queries.offers(.community(ctx.id), q: search.q, kind: search.kind, tag: search.tag, after: search.after)
        // The signed-in reader's own effects.
        let multipliers = ctx.viewer == nil ? nil : try await queries.multipliers(ctx.id, owner: ctx.viewer?.id)
        return EconomyCataloguePage(place: CommunityPlace(ctx), q: search.q, offers: offers, multipliers: multipliers, form: form,
                                    kind: search.kind, tag: search.tag)
    }

    static func loadOffer(_ context: ServiceContext, _ ctx: CommunityContext, id: String?, after: String?, form: FormState) async throws -> EconomyOfferPage {
        let queries = EconomyQueries(context)
        let offer = try await queries.requireOffer(ctx, id: id)
        let referrals = try await queries.referrals(offer: offer, ctx, after: after)
        var organisations: [RepresentedOrganisation] = [], canRefer = ctx.can(.contribute)
        if let viewer = ctx.viewer, viewer.id != offer.ownerId {
            organisations = try await OrganisationQueries(context).represented(by: viewer, in: ctx)
            if !canRefer { canRefer = try await NetworkReferrals.mayRefer(context.db, person: viewer.id, in: ctx.id) }
        }
        return EconomyOfferPage(place: CommunityPlace(ctx), offer: offer, referrals: referrals, viewerIsOwner: ctx.viewer?.id == offer.ownerId, form: form,
                                organisations: organisations, canRefer: canRefer)
    }

    /// The ledger filtered as asked (a matrix cell's drill-down), both matrices for the same period, and what awaits the viewer.
    static func loadFlows(_ context: ServiceContext, _ ctx: CommunityContext, _ filter: EconomyQueries.FlowFilter, after: String?,
                          form: FormState) async throws -> EconomyFlowsPage {
        let queries = EconomyQueries(context)
        let slug = ctx.community.slug
        let ledger = try await queries.flows(ctx.id, slug: ctx.community.slug, filter, after: after)
        let matrices = try await queries.pageMatrices(ctx.id, slug: slug, since: filter.since, until: filter.until, nature: filter.nature)
        let awaiting = ctx.can(.contribute) ? try await queries.awaiting(ctx, after: nil) : nil
        return EconomyFlowsPage(place: CommunityPlace(ctx), awaiting: awaiting, actorMatrix: matrices.actor, natureMatrix: matrices.nature,
                                ledger: ledger, form: form)
    }

    static func loadPyramid(_ context: ServiceContext, _ ctx: CommunityContext, form: FormState) async throws -> EconomyPyramidPage {
        EconomyPyramidPage(place: CommunityPlace(ctx), pyramid: EconomyPyramid(try await EconomyQueries(context).responsibilities(ctx.id)), form: form,
                           roles: try await RoleQueries(context).roles(ctx.id, after: nil).items)
    }
}

/// What a catalogue's search form and pager send.
struct OfferSearch: Sendable {
    var q: String?, kind: String?, tag: String?
    /// The ecosystem's filter on one community, by slug.
    var community: String?
    var after: String?

    init(q: String? = nil, kind: String? = nil, tag: String? = nil, community: String? = nil, after: String? = nil) {
        self.q = q; self.kind = kind; self.tag = tag; self.community = community; self.after = after
    }

    init(_ req: Request) {
        func value(_ k: String) -> String? { try? req.query.get(String.self, at: k) }
        self.init(q: value("q"), kind: value("kind"), tag: value("tag"), community: value("community"), after: value("after"))
    }
}
