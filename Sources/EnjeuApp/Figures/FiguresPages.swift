import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The #ChiffresEnsemble pages: registration and form handling. Loaders (FiguresLoaders.swift) build the models,
/// `FiguresViews` (EnjeuWeb) draws them.
struct FiguresPages {
    struct IndicatorForm: Content {
        var name: String?; var definition: String?; var unit: String?; var period: String?; var place: String?
        var tags: String?; var scale: String?; var dataset: String?; var confirm: String?
    }
    struct ContributionForm: Content { var value: String?; var unit: String?; var source: String?; var observedOn: String?; var comment: String? }
    struct FlagForm: Content { var reason: String?; var correctedValue: String?; var source: String? }
    struct DatasetForm: Content { var name: String?; var description: String? }

    func register(_ r: any RoutesBuilder) {
        r.community(FiguresEndpoints.list) { req, ctx in
            let m = try await Self.loadList(req.context, ctx, q: Self.query(req, "q"), tag: Self.query(req, "tag"), after: Self.query(req, "after"))
            return req.page(FiguresViews.listPage(m, req.lang, csrf: req.csrf))
        }
        r.community(FiguresEndpoints.newIndicator, use: Self.newIndicator)
        r.community(FiguresEndpoints.create, use: Self.createIndicator)
        r.community(FiguresEndpoints.indicator) { req, ctx in
            let indicator = try await FiguresQueries(req.context).requireIndicator(ctx, Self.id(req))
            return try await indicatorPage(req, ctx, indicator, Self.freshContribution(req))
        }
        r.community(FiguresEndpoints.contribute) { req, ctx in
            let indicator = try await FiguresQueries(req.context).requireIndicator(ctx, Self.id(req))
            return try await Self.contribute(req, ctx, indicator, done: FiguresEndpoints.indicator.path(ctx.community.slug, indicator.id)) {
                try await indicatorPage(req, ctx, indicator, $0, status: .unprocessableEntity)
            }
        }
        r.community(FiguresEndpoints.flagForm) { req, ctx in try await flagPage(req, ctx, FormState()) }
        r.community(FiguresEndpoints.flag) { req, ctx in
            guard let id = Self.id(req), let target = try await FiguresQueries(req.context).contributionTarget(ctx.id, id) else { throw AppError.notFound }
            let f = (try? req.content.decode(FlagForm.self)) ?? FlagForm()
            let values = ["reason": f.reason ?? "", "correctedValue": f.correctedValue ?? "", "source": f.source ?? ""]
            do {
                let raw = (f.correctedValue ?? "").trimmingCharacters(in: .whitespaces)
                if !raw.isEmpty && NumberInput.parse(raw) == nil { throw AppError.invalid(Violations(.correctedValue, .notANumber)) }
                _ = try await FiguresService(req.context).flag(ctx, contributionID: id, .init(reason: f.reason ?? "", correctedValue: NumberInput.parse(raw),
                                                                                             source: f.source))
            } catch let AppError.invalid(v) {
                return try await flagPage(req, ctx, FormState(values: values, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: FiguresEndpoints.indicator.path(ctx.community.slug, target.indicatorId) + "#c-" + id.uuidString, flash: .figureFlagged)
        }
        r.community(FiguresEndpoints.credits, use: Self.credits)
        r.community(FiguresEndpoints.rules, use: Self.rules)
        r.community(FiguresEndpoints.saveRules, use: Self.saveRules)
        r.community(FiguresEndpoints.refresh) { req, ctx in
            _ = try await FiguresService(req.context).refresh(community: ctx.id)
            return req.redirect(to: FiguresEndpoints.list.path(ctx.community.slug), flash: .saved)
        }
        r.community(FiguresEndpoints.datasets) { req, ctx in try await datasetsPage(req, ctx, FormState()) }
        r.community(FiguresEndpoints.createDataset) { req, ctx in
            let f = (try? req.content.decode(DatasetForm.self)) ?? DatasetForm()
            do {
                let id = try await FiguresService(req.context).createDataset(ctx, name: f.name ?? "", description: f.description ?? "")
                return req.redirect(to: FiguresEndpoints.dataset.path(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await datasetsPage(req, ctx, FormState(values: ["name": f.name ?? "", "definition": f.description ?? ""], violations: v),
                                              status: .unprocessableEntity)
            }
        }
        r.community(FiguresEndpoints.dataset) { req, ctx in try await datasetPage(req, ctx) }
        // A link (possibly followed from another site) spends nothing: the export holds what the reader has already paid for.
        r.community(FiguresEndpoints.exportCSV) { req, ctx in try await FiguresExports(req.context, ctx, dataset: Self.id(req)).estimatesCSV(charge: false) }
        r.community(FiguresEndpoints.contributionsCSV) { req, ctx in try await FiguresExports(req.context, ctx, dataset: Self.id(req)).contributionsCSV() }
        r.community(FiguresEndpoints.dataPackage) { req, ctx in try await FiguresExports(req.context, ctx, dataset: Self.id(req)).dataPackage() }
        registerReading(r)
    }

    /// The route's `:id` (an indicator, a contribution or a dataset).
    static func id(_ req: Request) -> UUID? { req.parameters.get("id").flatMap(UUID.init(uuidString:)) }
    static func query(_ req: Request, _ key: String) -> String? { try? req.query.get(String.self, at: key) }

    /// The contribution form as it first shows: observed today.
    static func freshContribution(_ req: Request) -> FormState { FormState(values: ["observedOn": FigureDate.day(req.now)]) }

    // MARK: A community's figures pages that a programme shares (ProgrammePages registers them on its routes)

    @Sendable static func newIndicator(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        try await FiguresPages().newPage(req, ctx, FormState(values: ["scale": FigureScale.positive.rawValue, "dataset": query(req, "dataset") ?? ""]))
    }

    /// The one path to a new indicator from a form, a community's or a programme's: `FiguresService.createIndicator`.
    @Sendable static func createIndicator(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let pages = FiguresPages()
        let f = (try? req.content.decode(IndicatorForm.self)) ?? IndicatorForm()
        let values = ["name": f.name ?? "", "definition": f.definition ?? "", "unit": f.unit ?? "", "period": f.period ?? "",
                      "place": f.place ?? "", "tags": f.tags ?? "", "scale": f.scale ?? FigureScale.positive.rawValue, "dataset": f.dataset ?? ""]
        let input = FiguresService.IndicatorInput(name: values["name"]!, definition: values["definition"]!, unit: values["unit"]!,
                                                  period: values["period"]!, place: values["place"], tags: Tags.normalise(values["tags"]!),
                                                  scale: values["scale"], dataset: UUID(uuidString: values["dataset"]!))
        // Duplicates are suggested before creation; the member confirms to create anyway.
        if f.confirm == nil, case .success = IndicatorDraft(name: input.name, definition: input.definition, unit: input.unit, period: input.period,
                                                              place: input.place ?? "", tags: input.tags ?? [], scale: input.scale ?? "").validated() {
            let similar = try await FiguresQueries(req.context).similar(ctx.id, name: input.name, period: input.period)
            if !similar.isEmpty { return try await pages.newPage(req, ctx, FormState(values: values), similar: similar) }
        }
        do {
            let id = try await FiguresService(req.context).createIndicator(ctx, input)
            return req.redirect(to: FiguresViews.indicatorPath(CommunityPlace(ctx), id), flash: .saved)
        } catch let AppError.invalid(v) {
            return try await pages.newPage(req, ctx, FormState(values: values, violations: v), status: .unprocessableEntity)
        }
    }

    /// The viewer's credits in this place and where each came from, paged.
    @Sendable static func credits(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let m = try await loadCredits(req.context, ctx, after: query(req, "after"))
        return req.page(FiguresViews.creditsPage(m, req.lang))
    }

    @Sendable static func rules(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let r = try await FiguresQueries(req.context).rules(ctx.id)
        return FiguresPages().rulesPage(req, ctx, FormState(values: ["allowance": String(r.allowance), "readCost": String(r.readCost),
                                                                     "earn": String(r.earn), "halfLifeDays": String(r.halfLifeDays)]))
    }

    /// The one path to new rules from a form: `FiguresService.updateRules` (the API's `PUT …/figures/rules`).
    @Sendable static func saveRules(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let rules = CreditRules(allowance: Int(form["allowance"] ?? "") ?? -1, readCost: Int(form["readCost"] ?? "") ?? -1,
                                earn: Int(form["earn"] ?? "") ?? -1, halfLifeDays: Int(form["halfLifeDays"] ?? "") ?? -1)
        do {
            // A programme's stewards set its rules; a community's are written in its charter: new rules are a charter
            // proposal the community decides.
            if ctx.kind == .programme {
                try await FiguresService(req.context).updateRules(ctx, rules)
                return req.redirect(to: FiguresViews.giveToGet(CommunityPlace(ctx)), flash: .saved)
            }
            let a = try await ProposalService(req.context).proposeRules(ctx, rules: rules)
            return req.redirect(to: GovernanceEndpoints.proposal.path(ctx.community.slug, a.id!), flash: .charterVersioned)
        } catch let AppError.invalid(v) {
            return FiguresPages().rulesPage(req, ctx, FormState(values: form, violations: v), status: .unprocessableEntity)
        }
    }

    // MARK: Pages shown again after a form (same loaders, another status)

    func newPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, similar: [SimilarIndicator] = [],
                 status: HTTPResponseStatus = .ok) async throws -> Response {
        let datasets = try await FiguresQueries(req.context).datasets(ctx.id, after: nil).items
        let m = NewIndicatorPage(place: CommunityPlace(ctx), datasets: datasets, similar: similar, form: s)
        return req.page(FiguresViews.newIndicatorPage(m, req.lang, csrf: req.csrf), status: status)
    }

    /// Spends nothing, by a GET or after a form error: a reader who has not paid sees it locked, with the button that
    /// pays (402 when their balance falls short).
    /// The contribution form as posted, given through `FiguresService.contribute`: the one path of a community's
    /// indicator and a programme's. `done`: where to go once given; `refused`: the page again with the form as typed.
    static func contribute(_ req: Request, _ ctx: CommunityContext, _ indicator: FigureIndicator, done: String,
                           refused: (FormState) async throws -> Response) async throws -> Response {
        let f = (try? req.content.decode(ContributionForm.self)) ?? ContributionForm()
        let values = ["value": f.value ?? "", "unit": f.unit ?? "", "source": f.source ?? "", "observedOn": f.observedOn ?? "", "comment": f.comment ?? ""]
        do {
            let raw = (f.value ?? "").trimmingCharacters(in: .whitespaces)
            let number = NumberInput.parse(raw)
            if !raw.isEmpty && number == nil { throw AppError.invalid(Violations(.value, .notANumber)) }
            _ = try await FiguresService(req.context).contribute(ctx, indicator, .init(value: number, unit: f.unit, source: f.source ?? "",
                                                                                      observedOn: f.observedOn ?? "", comment: f.comment))
            return req.redirect(to: done, flash: .figureContributed)
        } catch let AppError.invalid(v) {
            return try await refused(FormState(values: values, violations: v))
        }
    }

    func indicatorPage(_ req: Request, _ ctx: CommunityContext, _ r: FigureIndicator, _ s: FormState,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadIndicator(req.context, ctx, r, form: s, showReplaced: Self.query(req, "history") == "1",
                                             after: Self.query(req, "after"))
        return req.page(FiguresViews.indicatorPage(m, req.lang, csrf: req.csrf),
                        status: status == .ok && m.lock?.affordable == false ? .paymentRequired : status)
    }

    func flagPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadFlag(req.context, ctx, contribution: Self.id(req), form: s)
        return req.page(FiguresViews.flagPage(m, req.lang, csrf: req.csrf), status: status)
    }

    func rulesPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        req.page(FiguresViews.rulesPage(CommunityPlace(ctx), s, req.lang, csrf: req.csrf), status: status)
    }

    func datasetsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await FiguresQueries(req.context).datasets(ctx.id, after: Self.query(req, "after"))
        return req.page(FiguresViews.datasetsPage(DatasetsPage(place: CommunityPlace(ctx), datasets: page, form: s), req.lang, csrf: req.csrf),
                        status: status)
    }

    /// `status` is a 402 when the unlock button was just refused: the locked section then says how to earn credits.
    func datasetPage(_ req: Request, _ ctx: CommunityContext, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await Self.loadDataset(req.context, ctx, dataset: Self.id(req), sort: Self.query(req, "sort") ?? "name")
        return req.page(FiguresViews.datasetPage(m, req.lang, csrf: req.csrf), status: status)
    }
}
