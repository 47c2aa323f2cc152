import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The #ChiffresEnsemble JSON API. Lists are free; an indicator's estimate and contributions cost credits (402 at zero).
struct FiguresAPI {
    struct IndicatorOut: Content {
        let id: UUID
        let name: String
        let definition: String
        let unit: String
        let period: String
        let place: String
        let tags: [String]
        let scale: String
        let dataset: UUID?
        let createdAt: Date
        let createdBy: String?

        init(_ r: FiguresQueries.IndicatorRow) {
            id = r.id; name = r.name; definition = r.definition; unit = r.unit; period = r.period; place = r.place
            tags = r.tagList; scale = r.scale; dataset = r.datasetId; createdAt = r.createdAt; createdBy = r.creatorHandle
        }
    }
    struct Similar: Content { let id: UUID; let name: String; let period: String }
    struct Created: Content { let id: UUID; let name: String; let similar: [Similar] }
    struct EstimateOut: Content {
        let kind: String
        let value: Double?
        let low: Double?
        let high: Double?
        let contributors: Int
        let sources: Int
        let outliers: [String]
        let rule: String
        let updatedAt: Date?

        init(_ r: FiguresQueries.IndicatorRow, _ lang: Lang, learned: Bool) {
            let known = r.estimateKind != .none
            kind = r.estKind; value = known ? r.estValue : nil; low = known ? r.estLow : nil; high = known ? r.estHigh : nil
            contributors = r.estContributors; sources = r.estSources; outliers = r.outlierIDs; updatedAt = r.estAt
            rule = lang[FiguresText.rule(r.estimateKind, learned: learned && r.scale == FigureScale.positive.rawValue)]
        }
    }
    struct ContributionOut: Content {
        /// `by`, `source` and `comment` are null in a programme for an author who is not one of its active participants
        /// (a value merged from a community by someone who never accepted the programme's charter): the value still counts.
        let id: UUID, value: Double, source: String?, sourceKind: String, observedOn: String, comment: String?
        let status: String, outlier: Bool, credit: String, openFlags: Int, by: String?, createdAt: Date
        /// In a programme: the slug of the community the value was given through (absent: given directly).
        let community: String?
        init(_ c: FiguresQueries.ContributionRow, community: String? = nil, withheld: Bool = false) {
            id = c.id; value = c.value; sourceKind = c.sourceKind; observedOn = c.observedOn
            status = c.status; outlier = c.outlier; credit = c.creditState; openFlags = c.openFlags; createdAt = c.createdAt
            source = withheld ? nil : c.source; comment = withheld ? nil : c.comment; by = withheld ? nil : c.handle
            self.community = community
        }

        /// Withheld fields are written as null, not left out.
        func encode(to encoder: any Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(id, forKey: .id); try k.encode(value, forKey: .value); try k.encode(source, forKey: .source)
            try k.encode(sourceKind, forKey: .sourceKind); try k.encode(observedOn, forKey: .observedOn); try k.encode(comment, forKey: .comment)
            try k.encode(status, forKey: .status); try k.encode(outlier, forKey: .outlier); try k.encode(credit, forKey: .credit)
            try k.encode(openFlags, forKey: .openFlags); try k.encode(by, forKey: .by); try k.encode(createdAt, forKey: .createdAt)
            try k.encodeIfPresent(community, forKey: .community)
        }
    }
    struct DetailOut: Content {
        let indicator: IndicatorOut
        let estimate: EstimateOut
        let contributions: [ContributionOut]
        let next: String?
        let history: [FiguresQueries.HistoryPoint]
        let access: String
        /// In a programme: which communities and how many contributors the estimate comes from, with per-community
        /// medians, and the histories of the indicators merged into it.
        var sources: ProgrammeQueries.SourcesOut? = nil
    }
    /// The new estimate comes back unless the estimate rejects the value: an outlier buys no free read.
    struct ContributionCreated: Content { let id: UUID; let outlier: Bool; let estimate: EstimateOut? }
    struct FlagCreated: Content { let id: UUID; let contribution: String }
    struct CreditsOut: Content {
        let balance: Double
        let escrow: Int
        let rules: CreditRules
        let entries: [FiguresQueries.CreditRow]
        let next: String?
    }
    struct DatasetIn: Content { let name: String; let description: String? }
    struct DatasetOut: Content { let dataset: FiguresQueries.DatasetRow; let indicators: [IndicatorOut] }
    struct RefreshOut: Content { let claims: Int; let iterations: Int }

    func register(_ r: any RoutesBuilder) {
        typealias E = FiguresAPIEndpoints
        r.community(E.indicators, use: Self.indicators)
        r.community(E.createIndicator, use: Self.createIndicator)
        r.community(E.indicator, use: Self.indicator)
        r.community(E.contribute, use: Self.contribute)
        r.community(E.flag, use: Self.flag)
        r.community(E.credits, use: Self.credits)
        r.community(E.readRules, use: Self.readRules)
        r.community(E.setRules, use: Self.setRules)
        r.community(E.refresh, use: Self.refresh)
        r.community(E.datasets, use: Self.datasets)
        r.community(E.createDataset, use: Self.createDataset)
        r.community(E.datasetDetail) { req, ctx in
            let queries = FiguresQueries(req.context)
            let dataset = try await queries.requireDataset(ctx, req.parameters.get("id").flatMap(UUID.init(uuidString:)))
            let sort = (req.optionalQuery("sort")) ?? "name"
            return DatasetOut(dataset: dataset, indicators: try await queries.datasetIndicators(dataset.id, sort: sort).map(IndicatorOut.init))
        }
        r.community(E.exportCSV) { req, ctx in
            // An API call is an explicit request (bearer token only): it pays for what it exports, all or nothing.
            try await FiguresExports(req.context, ctx, dataset: req.parameters.get("id").flatMap(UUID.init(uuidString:))).estimatesCSV(charge: true)
        }
        r.community(E.contributionsCSV) { req, ctx in
            try await FiguresExports(req.context, ctx, dataset: req.parameters.get("id").flatMap(UUID.init(uuidString:))).contributionsCSV()
        }
        r.community(E.dataPackage) { req, ctx in
            try await FiguresExports(req.context, ctx, dataset: req.parameters.get("id").flatMap(UUID.init(uuidString:))).dataPackage()
        }
    }

    // The handlers a community's routes and a programme's share (Programmes/ProgrammeAPI.swift).

    @Sendable static func datasets(_ req: Request, _ ctx: CommunityContext) async throws -> KeysetPage<FiguresQueries.DatasetRow> {
        try await FiguresQueries(req.context).datasets(ctx.id, after: req.after)
    }

    @Sendable static func createDataset(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let input = try req.content.decode(DatasetIn.self)
        let id = try await FiguresService(req.context).createDataset(ctx, name: input.name, description: input.description ?? "")
        guard let row = try await FiguresQueries(req.context).dataset(ctx.id, id) else { throw AppError.notFound }
        return try await row.created(for: req)
    }

    @Sendable static func indicators(_ req: Request, _ ctx: CommunityContext) async throws -> KeysetPage<IndicatorOut> {
        let page = try await FiguresQueries(req.context).indicators(ctx.id, q: req.optionalQuery("q"), tag: req.optionalQuery("tag"),
                                                             dataset: (req.optionalQuery("dataset")).flatMap(UUID.init(uuidString:)),
                                                             after: req.after)
        return page.map(IndicatorOut.init)
    }

    @Sendable static func createIndicator(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let input = try req.content.decode(FiguresService.IndicatorInput.self)
        let similar = try await FiguresQueries(req.context).similar(ctx.id, name: input.name, period: input.period)
        let id = try await FiguresService(req.context).createIndicator(ctx, input)
        return try await Created(id: id, name: input.name.trimmingCharacters(in: .whitespacesAndNewlines),
                                 similar: similar.map { Similar(id: $0.id, name: $0.name, period: $0.period) }).created(for: req)
    }

    @Sendable static func indicator(_ req: Request, _ ctx: CommunityContext) async throws -> DetailOut {
        let queries = FiguresQueries(req.context)
        let indicator = try await queries.requireIndicator(ctx, req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        let settings = try await queries.settings(ctx.id)
        let access = try await FiguresService(req.context).chargeRead(ctx, indicator, rules: settings.rules)
        // The reads below are independent: on PostgreSQL each runs on its own pooled connection at the same time.
        // `?history=1`: the values members replaced, kept with their sources.
        async let pageRead = queries.contributions(indicator.id, history: (req.optionalQuery("history")) == "1", after: req.after)
        async let historyRead = queries.history(indicator.id)
        let programme = ctx.kind == .programme ? ProgrammeQueries(req.context) : nil
        async let sourcesRead = Self.sources(programme, indicator.id)
        let page = try await pageRead
        let through = try await programme?.attributions(page.items.map(\.id)) ?? [:]
        let contributions = page.items.map { c in
            ContributionOut(c, community: through[c.id]?.community, withheld: programme != nil && through[c.id]?.participant != true)
        }
        var out = DetailOut(indicator: IndicatorOut(indicator), estimate: EstimateOut(indicator, req.lang, learned: settings.scale != nil),
                            contributions: contributions, next: page.next, history: try await historyRead, access: Self.describe(access))
        out.sources = try await sourcesRead
        return out
    }

    /// Where a programme indicator's values come from (nil in a community).
    private static func sources(_ programme: ProgrammeQueries?, _ indicator: UUID) async throws -> ProgrammeQueries.SourcesOut? {
        try await programme?.sources(indicator)
    }

    @Sendable static func contribute(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let queries = FiguresQueries(req.context)
        let indicator = try await queries.requireIndicator(ctx, req.parameters.get("id").flatMap(UUID.init(uuidString:)))
        let input = try req.content.decode(FiguresService.ContributionInput.self)
        let id = try await FiguresService(req.context).contribute(ctx, indicator, input)
        let updated = try await queries.indicator(ctx.id, indicator.id) ?? indicator
        let outlier = updated.outlierIDs.contains(id.uuidString)
        let learned = try await queries.settings(ctx.id).scale != nil
        return try await ContributionCreated(id: id, outlier: outlier,
                                             estimate: outlier ? nil : EstimateOut(updated, req.lang, learned: learned)).created(for: req)
    }

    @Sendable static func flag(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let input = try req.content.decode(FiguresService.FlagInput.self)
        let flag = try await FiguresService(req.context).flag(ctx, contributionID: id, input)
        let status = try await FiguresQueries(req.context).contributionTarget(ctx.id, id)?.status ?? "current"
        return try await FlagCreated(id: flag, contribution: status).created(for: req)
    }

    @Sendable static func credits(_ req: Request, _ ctx: CommunityContext) async throws -> CreditsOut {
        let viewer = try ctx.requireViewer()
        let queries = FiguresQueries(req.context)
        let rules = try await queries.rules(ctx.id)
        let page = try await queries.credits(ctx.id, viewer.id, after: req.after)
        return CreditsOut(balance: try await queries.balance(ctx.id, viewer.id, rules: rules),
                          escrow: try await queries.escrowCount(ctx.id, viewer.id), rules: rules, entries: page.items, next: page.next)
    }

    @Sendable static func readRules(_ req: Request, _ ctx: CommunityContext) async throws -> CreditRules {
        try await FiguresQueries(req.context).rules(ctx.id)
    }

    /// A community's rules are written in its charter: new ones open a charter proposal (the community decides).
    @Sendable static func setRules(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let rules = try req.content.decode(CreditRules.self)
        let a = try await ProposalService(req.context).proposeRules(ctx, rules: rules)
        return try await GovernanceAPI.Opened(id: a.id!, status: a.status).created(for: req)
    }

    /// A programme's stewards set its rules directly.
    @Sendable static func setProgrammeRules(_ req: Request, _ ctx: CommunityContext) async throws -> CreditRules {
        let rules = try req.content.decode(CreditRules.self)
        try await FiguresService(req.context).updateRules(ctx, rules)
        return try await FiguresQueries(req.context).rules(ctx.id)
    }

    @Sendable static func refresh(_ req: Request, _ ctx: CommunityContext) async throws -> RefreshOut {
        let r = try await FiguresService(req.context).refresh(community: ctx.id)
        return RefreshOut(claims: r.claims, iterations: r.iterations)
    }

    static func describe(_ a: FiguresService.ReadAccess) -> String {
        switch a {
        case .free: "free"
        case .paid: "paid"
        case .charged: "charged"
        }
    }
}

extension CreditRules: Content {}
