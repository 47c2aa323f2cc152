import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// What each figures page shows, loaded from a service context: plain models for `FiguresViews`. Looking never
/// spends: values show only where the reader already has access, otherwise the model carries the lock.
extension FiguresPages {
    static func loadList(_ c: ServiceContext, _ ctx: CommunityContext, q: String?, tag: String?, after: String?) async throws -> FiguresListPage {
        let queries = FiguresQueries(c)
        let page = try await queries.indicators(ctx.id, q: q, tag: tag, dataset: nil, after: after)
        let settings = try await queries.settings(ctx.id)
        var balance: Double?
        if ctx.can(.contribute), let viewer = ctx.viewer { balance = try await queries.balance(ctx.id, viewer.id, rules: settings.rules) }
        return FiguresListPage(place: CommunityPlace(ctx), q: q, indicators: page, balance: balance, refreshedAt: settings.refreshedAt)
    }

    static func loadIndicator(_ c: ServiceContext, _ ctx: CommunityContext, _ r: FigureIndicator, form: FormState, showReplaced: Bool,
                              after: String?) async throws -> IndicatorPage {
        let viewer = try ctx.requireViewer()
        let queries = FiguresQueries(c)
        let mine = try await queries.mine(viewer.id, r.id)
        // Give to get: a member without credits still sees the definition, their own value and the form to contribute.
        let settings = try await queries.settings(ctx.id)
        let lock = try await FiguresService(c).lock(ctx, r, contributes: mine.map { $0.status == .current && !$0.outlier } ?? false,
                                                    rules: settings.rules)
        let open = lock == nil
        let page = open ? try await queries.contributions(r.id, history: showReplaced, after: after, limit: 50) : nil
        let spread = open ? try await spread(c, r) : nil
        let history = open ? try await queries.history(r.id) : []
        return IndicatorPage(place: CommunityPlace(ctx), indicator: r, lock: lock, mine: mine, spread: spread, history: history, contributions: page,
                             showReplaced: showReplaced, learned: settings.scale != nil, form: form)
    }

    /// The strip plot, drawn once per recomputation of the estimate (every change goes through one) and kept as the
    /// markup the chart kit wrote, every label already escaped.
    static func spread(_ c: ServiceContext, _ r: FigureIndicator) async throws -> Node? {
        let lang = c.lang
        let draw: () async throws -> String? = {
            let points = try await FiguresQueries(c).plotPoints(r.id)
            guard !points.isEmpty else { return nil }
            return FiguresViews.spread(points, r, lang).html
        }
        guard let at = r.estAt else { return try await draw().map(Node.init(raw:)) }
        let key = StripKey(indicator: r.id, computedAt: at, contributors: r.estContributors, lang: lang.rawValue)
        return try await c.app.stripCache.value(key, orLoad: draw).map(Node.init(raw:))
    }

    static func loadFlag(_ c: ServiceContext, _ ctx: CommunityContext, contribution id: UUID?, form: FormState) async throws -> FlagPage {
        let queries = FiguresQueries(c)
        guard let id, let contribution = try await queries.contribution(ctx.id, id, moderator: ctx.can(.moderate)),
              let indicator = try await queries.indicator(ctx.id, contribution.indicatorId) else { throw AppError.notFound }
        // The value flagged is shown only to a reader who may read the indicator; looking spends nothing.
        let lock = try await FiguresService(c).lock(ctx, indicator)
        return FlagPage(place: CommunityPlace(ctx), contributionID: id, contribution: contribution, lock: lock, form: form)
    }

    static func loadCredits(_ c: ServiceContext, _ ctx: CommunityContext, after: String?) async throws -> CreditsPage {
        let viewer = try ctx.requireViewer()
        let queries = FiguresQueries(c)
        let rules = try await queries.rules(ctx.id)
        let balance = try await queries.balance(ctx.id, viewer.id, rules: rules)
        let escrow = try await queries.escrowCount(ctx.id, viewer.id)
        let entries = try await queries.credits(ctx.id, viewer.id, after: after)
        return CreditsPage(place: CommunityPlace(ctx), balance: balance, escrow: escrow, rules: rules, entries: entries)
    }

    static func loadDataset(_ c: ServiceContext, _ ctx: CommunityContext, dataset id: UUID?, sort: String) async throws -> DatasetPage {
        let queries = FiguresQueries(c)
        let dataset = try await queries.requireDataset(ctx, id)
        let rows = try await queries.datasetIndicators(dataset.id, sort: sort)
        // Estimates show only where reading one indicator would (free, contributed, paid this month); the lock covers
        // the whole dataset, which its button pays for, and the table its first 1,000 rows.
        var open = Set<UUID>()
        var lock: ReadLock?
        if let viewer = ctx.viewer, ctx.can(.contribute) {
            let all = rows.count < 1_000 ? rows : try await queries.datasetIndicators(dataset.id, sort: "name", limit: nil)
            lock = try await FiguresService(c).lock(ctx, indicators: FiguresService.billable(all, for: viewer.id))
            open = Set(rows.map(\.id)).subtracting(lock?.owed ?? [])
        }
        return DatasetPage(place: CommunityPlace(ctx), dataset: dataset, sort: sort, indicators: rows, open: open, lock: lock)
    }
}
