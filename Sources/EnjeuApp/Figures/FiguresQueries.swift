import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// #ChiffresEnsemble reads, in plain SQL; every list is a keyset page. The row types live in `EnjeuWeb/Models`.
struct FiguresQueries {
    typealias IndicatorRow = FigureIndicator
    typealias ContributionRow = FigureContribution
    typealias PlotPoint = FigurePlotPoint
    typealias HistoryPoint = FigureHistoryPoint
    typealias ContributionView = FlaggedContribution
    typealias MyContribution = MyFigureContribution
    typealias CreditRow = FigureCredit
    typealias DatasetRow = FigureDataset

    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }
    var db: any Database { context.db }

    static let pageSize = 50

    struct Settings: Sendable {
        let rules: CreditRules
        let scale: Double?
        let medianWeight: Double?
        let refreshedAt: Date?
        /// Written in the charter (M043c, M043d): whether stewards read the figures free; no unless it says so.
        var stewardsReadFree = false
    }

    private struct SettingsRow: Decodable {
        let allowance: Int, readCost: Int, earn: Int, halfLifeDays: Int, scale: Double?, medianWeight: Double?, refreshedAt: Date?
        let stewardsReadFree: Bool
        enum CodingKeys: String, CodingKey {
            case allowance, earn, scale, readCost = "read_cost", halfLifeDays = "half_life_days", medianWeight = "median_weight",
                 refreshedAt = "refreshed_at", stewardsReadFree = "stewards_read_free"
        }
    }

    static func settings(_ db: any Database, _ community: UUID) async throws -> Settings {
        guard let r = try await db.row("""
            SELECT allowance, read_cost, earn, half_life_days, scale, median_weight, refreshed_at, stewards_read_free FROM figure_settings
            WHERE community_id = \(bind: community)
            """, as: SettingsRow.self) else { return Settings(rules: .standard, scale: nil, medianWeight: nil, refreshedAt: nil) }
        return Settings(rules: CreditRules(allowance: r.allowance, readCost: r.readCost, earn: r.earn, halfLifeDays: r.halfLifeDays),
                        scale: r.scale, medianWeight: r.medianWeight, refreshedAt: r.refreshedAt, stewardsReadFree: r.stewardsReadFree)
    }

    func settings(_ community: UUID) async throws -> Settings { try await Self.settings(db, community) }
    func rules(_ community: UUID) async throws -> CreditRules { try await Self.settings(db, community).rules }

    // MARK: Indicators

    static let indicatorColumns: SQLQueryString = """
        i.id, i.community_id, i.dataset_id, i.name, i.definition, i.unit, i.period, i.place, i.tags, i.scale, i.created_at, i.created_by,
        u.handle AS creator_handle, i.est_kind, i.est_value, i.est_low, i.est_high, i.est_contributors, i.est_sources,
        i.est_outliers, i.est_at
        """

    func indicator(_ community: UUID, _ id: UUID) async throws -> IndicatorRow? {
        try await db.row("""
            SELECT \(Self.indicatorColumns) FROM indicators i LEFT JOIN users u ON u.id = i.created_by
            WHERE i.id = \(bind: id) AND i.community_id = \(bind: community) AND i.merged_into IS NULL
            """, as: IndicatorRow.self)
    }

    func requireIndicator(_ ctx: CommunityContext, _ id: UUID?) async throws -> IndicatorRow {
        guard let id, let row = try await indicator(ctx.id, id) else { throw AppError.notFound }
        return row
    }

    /// Newest first; `q` filters on folded name, place and tags; `tag` on one tag; `dataset` on one dataset.
    /// An indicator merged into a programme's (`merged_into`) is no longer its community's: lists and reads skip it.
    func indicators(_ community: UUID, q: String?, tag: String?, dataset: UUID?, after: String?) async throws -> KeysetPage<IndicatorRow> {
        var query = SQLQueryString("SELECT ")
        query.appendInterpolation(Self.indicatorColumns)
        query.appendLiteral(" FROM indicators i LEFT JOIN users u ON u.id = i.created_by WHERE i.merged_into IS NULL AND i.community_id = ")
        query.appendInterpolation(bind: community)
        if let q = q.map(Folding.fold)?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            query.appendLiteral(" AND i.folded LIKE ")
            query.appendInterpolation(bind: "%" + escapeLike(q) + "%")
            query.appendLiteral(" ESCAPE '\\'")
        }
        if let tag = tag?.trimmingCharacters(in: .whitespaces), !tag.isEmpty {
            // Tags are stored one per line: match a whole tag, not a word of the name.
            query.appendLiteral(" AND i.trade_keys LIKE ")
            query.appendInterpolation(bind: "%\n" + escapeLike(Folding.fold(tag)) + "\n%")
            query.appendLiteral(" ESCAPE '\\'")
        }
        if let dataset {
            query.appendLiteral(" AND i.dataset_id = ")
            query.appendInterpolation(bind: dataset)
        }
        if let after = try Cursor.after(after)?.id {
            query.appendLiteral(" AND i.id < ")
            query.appendInterpolation(bind: after)
        }
        query.appendLiteral(" ORDER BY i.id DESC LIMIT \(Self.pageSize + 1)")
        let rows = try await db.rows(query, as: IndicatorRow.self)
        return KeysetPage(rows: rows, size: Self.pageSize) { $0.id }
    }

    private struct NamePeriod: Decodable { let id: UUID; let name: String; let period: String }

    /// Indicators that look like the one about to be created.
    func similar(_ community: UUID, name: String, period: String) async throws -> [SimilarIndicator] {
        let words = IndicatorSimilarity.words(name)
        guard let longest = words.max(by: { $0.count < $1.count }) else { return [] }
        // Candidates share at least the most distinctive word; the core ranks them.
        let rows = try await db.rows("""
            SELECT id, name, period FROM indicators WHERE community_id = \(bind: community) AND merged_into IS NULL
              AND folded LIKE \(bind: "%" + escapeLike(longest) + "%") ESCAPE '\\' LIMIT 500
            """, as: NamePeriod.self)
        let canonical = FigurePeriod.parse(period)?.text ?? period
        return IndicatorSimilarity.suggestions(for: name, period: canonical, among: rows.map { ($0.name, $0.period) })
            .map { SimilarIndicator(id: rows[$0].id, name: rows[$0].name, period: rows[$0].period) }
    }

    // MARK: Contributions

    /// Current and deprecated values (deprecated ones stay, marked, so nobody enters them again); newest first.
    func contributions(_ indicator: UUID, history: Bool = false, after: String?, limit: Int = 100) async throws -> KeysetPage<ContributionRow> {
        var query: SQLQueryString = """
            SELECT c.id, c.value, c.source, c.source_kind, c.observed_on, c.comment, c.status, c.credit_state, c.outlier, c.created_at,
              u.handle, u.display_name,
              (SELECT COUNT(*) FROM figure_flags f WHERE f.contribution_id = c.id AND f.state = 'open') AS open_flags
            FROM figure_contributions c JOIN users u ON u.id = c.user_id
            WHERE c.indicator_id = \(bind: indicator) AND c.status IN (\(binds: (history ? [.superseded] : [.current, .deprecated] as [ContributionStatus]).map(\.rawValue)))
              AND \(ReportedItems.visible("c", author: "user_id", viewer: context.viewer?.id))
            """
        if let afterID = try Cursor.after(after)?.id {
            query.appendLiteral(" AND c.id < ")
            query.appendInterpolation(bind: afterID)
        }
        query.appendLiteral(" ORDER BY c.id DESC LIMIT \(limit + 1)")
        let rows = try await db.rows(query, as: ContributionRow.self)
        return KeysetPage(rows: rows, size: limit) { $0.id }
    }

    /// The newest 2,000 current and deprecated values, light, for the strip plot.
    func plotPoints(_ indicator: UUID) async throws -> [PlotPoint] {
        try await db.rows("""
            SELECT value, outlier, status FROM figure_contributions
            WHERE indicator_id = \(bind: indicator) AND status IN ('current', 'deprecated') ORDER BY id DESC LIMIT 2000
            """, as: PlotPoint.self)
    }

    /// The estimate over time: the latest 200 points, oldest first (not the histories of indicators merged into it,
    /// which keep their community: `ProgrammeQueries.mergedHistory`).
    func history(_ indicator: UUID) async throws -> [HistoryPoint] {
        try await db.rows("""
            SELECT at, kind, value, low, high, contributors FROM figure_estimate_history WHERE indicator_id = \(bind: indicator)
              AND via_community_id IS NULL
            ORDER BY at DESC LIMIT 200
            """, as: HistoryPoint.self).reversed()
    }

    /// A contribution about to be flagged. `status` stays the stored text (the API writes it out as is).
    struct Target: Decodable {
        let userId: UUID, indicatorId: UUID, status: String, scale: String
        enum CodingKeys: String, CodingKey { case status, scale, userId = "user_id", indicatorId = "indicator_id" }
        var contributionStatus: ContributionStatus { ContributionStatus(rawValue: status) ?? .current }
        var scaleKind: FigureScale { FigureScale(rawValue: scale) ?? .positive }
    }

    func contributionTarget(_ community: UUID, _ id: UUID) async throws -> Target? {
        try await db.row("""
            SELECT c.user_id, c.indicator_id, c.status, i.scale FROM figure_contributions c JOIN indicators i ON i.id = c.indicator_id
            WHERE c.id = \(bind: id) AND c.community_id = \(bind: community)
            """, as: Target.self)
    }

    /// A contribution of this community, unless it is hidden from this reader (then as if it did not exist).
    func contribution(_ community: UUID, _ id: UUID, moderator: Bool = false) async throws -> ContributionView? {
        try await db.row("""
            SELECT c.indicator_id, i.name AS indicator_name, i.unit, c.value, c.source, c.observed_on, u.display_name
            FROM figure_contributions c JOIN indicators i ON i.id = c.indicator_id JOIN users u ON u.id = c.user_id
            WHERE c.id = \(bind: id) AND c.community_id = \(bind: community)
              AND \(ReportedItems.visible("c", author: "user_id", viewer: context.viewer?.id, moderator: moderator))
            """, as: ContributionView.self)
    }

    /// The viewer's own current value on an indicator: always visible to them, credits or not.
    func mine(_ user: UUID, _ indicator: UUID) async throws -> MyContribution? {
        try await db.row("""
            SELECT id, value, source, observed_on, status, outlier FROM figure_contributions
            WHERE indicator_id = \(bind: indicator) AND user_id = \(bind: user) AND status IN ('current', 'deprecated')
            ORDER BY id DESC LIMIT 1
            """, as: MyContribution.self)
    }

    private struct One: Decodable { let n: Int }

    /// Whether the member gives to this indicator now: a current value the estimate does not reject.
    /// (A superseded, deprecated or outlying value opens nothing: junk must not buy free reads.)
    func contributed(_ user: UUID, _ indicator: UUID) async throws -> Bool {
        try await db.row("""
            SELECT indicator_id AS id FROM figure_contributions WHERE user_id = \(bind: user) AND indicator_id = \(bind: indicator)
              AND status = 'current' AND outlier = \(bind: false) LIMIT 1
            """, as: IDRow.self) != nil
    }

    private struct IDRow: Decodable { let id: UUID }

    /// The indicators among `ids` the member has neither contributed to nor paid for this month, on a given connection:
    /// the charge asks again inside its transaction, once it holds the member's row.
    static func unpaid(_ db: any Database, _ community: UUID, _ user: UUID, _ ids: [UUID], month: String,
                       contributionsChecked: Bool = false) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        let keys = ids.map { "read:\($0.uuidString):\(month)" }
        let paid = try await db.rows("""
            SELECT indicator_id AS id FROM credit_entries WHERE community_id = \(bind: community) AND user_id = \(bind: user)
              AND dedupe IN (\(binds: keys))
            """, as: IDRow.self)
        let contributed = contributionsChecked ? [] : try await db.rows("""
            SELECT DISTINCT indicator_id AS id FROM figure_contributions WHERE user_id = \(bind: user) AND indicator_id IN (\(binds: ids))
              AND status = 'current' AND outlier = \(bind: false)
            """, as: IDRow.self)
        let done = Set(paid.map(\.id) + contributed.map(\.id))
        return ids.filter { !done.contains($0) }
    }

    // MARK: Credits

    private struct LedgerRow: Decodable { let kind: CreditKind; let amount: Double; let at: Date }
    private struct Debits: Decodable { let total: Double? }

    /// The member's balance now.
    func balance(_ community: UUID, _ user: UUID, rules: CreditRules) async throws -> Double {
        try await Self.balance(db, community, user, rules: rules, now: context.now)
    }

    /// Debits are summed in the database; only earned entries, which decay, are read one by one.
    static func balance(_ db: any Database, _ community: UUID, _ user: UUID, rules: CreditRules, now: Date) async throws -> Double {
        let debits = try await db.row("""
            SELECT SUM(amount) AS total FROM credit_entries WHERE community_id = \(bind: community) AND user_id = \(bind: user)
              AND kind IN ('spend', 'clawback')
            """, as: Debits.self)?.total ?? 0
        let earned = try await db.rows("""
            SELECT kind, amount, at FROM credit_entries WHERE community_id = \(bind: community) AND user_id = \(bind: user)
              AND kind IN ('earn', 'correction')
            """, as: LedgerRow.self)
        let entries = earned.map { CreditEntry(kind: $0.kind, amount: $0.amount, at: $0.at) }
        return CreditLedger.balance(entries + [CreditEntry(kind: .spend, amount: debits, at: now)], rules: rules, now: now)
    }

    /// Credit still held until others corroborate the member's values.
    func escrowCount(_ community: UUID, _ user: UUID) async throws -> Int {
        try await db.row("""
            SELECT COUNT(*) AS n FROM figure_contributions WHERE community_id = \(bind: community) AND user_id = \(bind: user)
              AND status = 'current' AND credit_state = 'escrow'
            """, as: One.self)?.n ?? 0
    }

    func credits(_ community: UUID, _ user: UUID, after: String?) async throws -> KeysetPage<CreditRow> {
        var query: SQLQueryString = """
            SELECT e.id, e.kind, e.amount, e.at, e.indicator_id, i.name AS indicator_name
            FROM credit_entries e LEFT JOIN indicators i ON i.id = e.indicator_id
            WHERE e.community_id = \(bind: community) AND e.user_id = \(bind: user)
            """
        try Self.before(after, column: "e.id", &query)
        let rows = try await db.rows(query, as: CreditRow.self)
        return KeysetPage(rows: rows, size: Self.pageSize) { $0.id }
    }

    // MARK: Datasets

    func dataset(_ community: UUID, _ id: UUID) async throws -> DatasetRow? {
        try await db.row("""
            SELECT d.id, d.name, d.description, d.created_at, (SELECT COUNT(*) FROM indicators i WHERE i.dataset_id = d.id) AS indicators
            FROM figure_datasets d WHERE d.id = \(bind: id) AND d.community_id = \(bind: community)
            """, as: DatasetRow.self)
    }

    func requireDataset(_ ctx: CommunityContext, _ id: UUID?) async throws -> DatasetRow {
        guard let id, let row = try await dataset(ctx.id, id) else { throw AppError.notFound }
        return row
    }

    func datasets(_ community: UUID, after: String?) async throws -> KeysetPage<DatasetRow> {
        var query: SQLQueryString = """
            SELECT d.id, d.name, d.description, d.created_at, (SELECT COUNT(*) FROM indicators i WHERE i.dataset_id = d.id) AS indicators
            FROM figure_datasets d WHERE d.community_id = \(bind: community)
            """
        try Self.before(after, column: "d.id", &query)
        let rows = try await db.rows(query, as: DatasetRow.self)
        return KeysetPage(rows: rows, size: Self.pageSize) { $0.id }
    }

    /// Newest first after the cursor: `… AND id < cursor ORDER BY id DESC LIMIT page + 1` (no NULL bind, which PostgreSQL cannot type).
    static func before(_ after: String?, column: String, _ query: inout SQLQueryString) throws {
        if let id = try Cursor.after(after)?.id {
            query.appendLiteral(" AND \(column) < ")
            query.appendInterpolation(bind: id)
        }
        query.appendLiteral(" ORDER BY \(column) DESC LIMIT \(pageSize + 1)")
    }

    /// A dataset's indicators, sorted by a whitelisted column (tables sort on the server, so they work without JavaScript).
    /// The page shows the first 1,000; exports take them all.
    func datasetIndicators(_ dataset: UUID, sort: String, limit: Int? = 1_000) async throws -> [IndicatorRow] {
        let order: String
        switch sort {
        case "period": order = "i.period, i.name"
        case "contributors": order = "i.est_contributors DESC, i.name"
        case "place": order = "i.place, i.name"
        default: order = "i.name, i.period"
        }
        return try await db.rows("""
            SELECT \(Self.indicatorColumns) FROM indicators i LEFT JOIN users u ON u.id = i.created_by
            WHERE i.dataset_id = \(bind: dataset) AND i.merged_into IS NULL ORDER BY \(unsafeRaw: order) \(unsafeRaw: limit.map { "LIMIT \($0)" } ?? "")
            """, as: IndicatorRow.self)
    }

    struct ExportContribution: Decodable, Sendable {
        let indicatorId: UUID, id: UUID, value: Double, source: String, observedOn: String, status: ContributionStatus, outlier: Bool, handle: String
        enum CodingKeys: String, CodingKey {
            case id, value, source, status, outlier, handle, indicatorId = "indicator_id", observedOn = "observed_on"
        }
    }

    func datasetContributions(_ dataset: UUID) async throws -> [ExportContribution] {
        try await db.rows("""
            SELECT c.indicator_id, c.id, c.value, c.source, c.observed_on, c.status, c.outlier, u.handle
            FROM figure_contributions c JOIN indicators i ON i.id = c.indicator_id JOIN users u ON u.id = c.user_id
            WHERE i.dataset_id = \(bind: dataset) AND c.status IN ('current', 'deprecated') AND c.hidden_at IS NULL
            ORDER BY c.indicator_id, c.id
            """, as: ExportContribution.self)
    }
}

// The API writes these rows out as they are.
extension FigureHistoryPoint: Content {}
extension FigureCredit: Content {}
extension FigureDataset: Content {}
