import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every #ChiffresEnsemble write, each in one transaction. The estimate of an indicator is recomputed in the same
/// transaction as the contribution or flag that changes it; contributors' reliability is learned in the background.
struct FiguresService {
    let req: Request

    struct IndicatorInput: Content, Sendable {
        let name: String
        let definition: String
        let unit: String
        let period: String
        let place: String?
        let tags: [String]?
        let scale: String?
        let dataset: UUID?
    }

    struct ContributionInput: Content, Sendable {
        let value: Double?
        let unit: String?
        let source: String
        let observedOn: String
        let comment: String?
    }

    struct FlagInput: Content, Sendable {
        let reason: String
        let correctedValue: Double?
        let source: String?
    }

    func createIndicator(_ ctx: CommunityContext, _ input: IndicatorInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let draft = IndicatorDraft(name: input.name, definition: input.definition, unit: input.unit, period: input.period,
                                   place: input.place ?? "", tags: input.tags ?? [], scale: input.scale ?? "positive")
        let valid = try draft.validated().mapError(AppError.invalid).get()
        if let dataset = input.dataset, try await FiguresQueries(req).dataset(ctx.id, dataset) == nil {
            throw AppError.invalid(Violations(.dataset, .notAChoice))
        }
        let id = req.newID()
        let now = req.now
        let folded = Folding.fold([valid.name, valid.place, valid.tags.joined(separator: " ")].joined(separator: " "))
        try await req.write { db in
            try await sql(db).raw("""
                INSERT INTO indicators (id, community_id, dataset_id, name, definition, unit, period, place, tags, folded, scale,
                  created_by, created_at, est_kind, est_value, est_low, est_high, est_contributors, est_sources, est_outliers)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: input.dataset), \(bind: valid.name), \(bind: valid.definition),
                  \(bind: valid.unit.text), \(bind: valid.period.text), \(bind: valid.place), \(bind: valid.tags.joined(separator: "\n")),
                  \(bind: folded), \(bind: valid.scale.rawValue), \(bind: viewer.id), \(bind: now), 'none', 0, 0, 0, 0, 0, '[]')
                """).run()
        }
        return id
    }

    func createDataset(_ ctx: CommunityContext, name raw: String, description rawDescription: String) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = rawDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.name, name, min: 3, max: Rules.nameMax)
        v.checkLength(.definition, description, min: 0, max: 5_000)
        guard v.isEmpty else { throw AppError.invalid(v) }
        let id = req.newID()
        let now = req.now
        try await req.write { db in
            try await sql(db).raw("""
                INSERT INTO figure_datasets (id, community_id, name, description, created_by, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: name), \(bind: description), \(bind: viewer.id), \(bind: now))
                """).run()
        }
        return id
    }

    /// A member's new value supersedes their previous one (kept in the history) and updates the estimate at once.
    func contribute(_ ctx: CommunityContext, _ indicator: FiguresQueries.IndicatorRow, _ input: ContributionInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        guard let unit = FigureUnit.parse(indicator.unit), let scale = FigureScale(rawValue: indicator.scale) else { throw AppError.notFound }
        let draft = ContributionDraft(value: input.value, unit: input.unit, source: input.source, observedOn: input.observedOn,
                                      comment: input.comment ?? "")
        let valid = try draft.validated(unit: unit, scale: scale, today: Self.isoDay(req.now)).mapError(AppError.invalid).get()
        let id = req.newID()
        let now = req.now
        let consensus: Double? = indicator.estKind == "none" ? nil : indicator.estValue
        let app = req.application
        try await req.write { db in
            // Open flags on the value being replaced are upheld: the member corrected it after being flagged.
            try await sql(db).raw("""
                UPDATE figure_flags SET state = 'upheld', resolved_at = \(bind: now)
                WHERE state = 'open' AND contribution_id IN (SELECT id FROM figure_contributions
                  WHERE indicator_id = \(bind: indicator.id) AND user_id = \(bind: viewer.id) AND status = 'current')
                """).run()
            try await sql(db).raw("""
                UPDATE figure_contributions SET status = 'superseded'
                WHERE indicator_id = \(bind: indicator.id) AND user_id = \(bind: viewer.id) AND status = 'current'
                """).run()
            do {
                try await sql(db).raw("""
                    INSERT INTO figure_contributions (id, community_id, indicator_id, user_id, value, source, source_kind, observed_on,
                      comment, status, credit_state, credited, outlier, consensus_at_entry, created_at)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: indicator.id), \(bind: viewer.id), \(bind: valid.value),
                      \(bind: valid.source.text), \(bind: valid.source.kind), \(bind: valid.observedOn), \(bind: valid.comment),
                      'current', 'escrow', 0, \(bind: false), \(bind: consensus), \(bind: now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(.errStale)
            }
            try await Self.recompute(db, app: app, indicatorID: indicator.id, now: now)
        }
        return id
    }

    func flag(_ ctx: CommunityContext, contributionID: UUID, _ input: FlagInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        guard let target = try await FiguresQueries(req).contributionTarget(ctx.id, contributionID) else { throw AppError.notFound }
        if target.userId == viewer.id { throw AppError.forbidden(.errFlagOwn) }
        guard target.status == "current" else { throw AppError.conflict(.errNotCurrent) }
        let scale = FigureScale(rawValue: target.scale) ?? .positive
        let valid = try FlagDraft(reason: input.reason, correctedValue: input.correctedValue, source: input.source)
            .validated(scale: scale).mapError(AppError.invalid).get()
        let id = req.newID()
        let now = req.now
        let app = req.application
        try await req.write { db in
            do {
                try await sql(db).raw("""
                    INSERT INTO figure_flags (id, community_id, indicator_id, contribution_id, user_id, reason, corrected_value, source, state, created_at)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: target.indicatorId), \(bind: contributionID), \(bind: viewer.id),
                      \(bind: valid.reason), \(bind: valid.correctedValue), \(bind: valid.source?.text), 'open', \(bind: now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(.errAlreadyFlagged)
            }
            try await Self.recompute(db, app: app, indicatorID: target.indicatorId, now: now)
        }
        return id
    }

    func updateRules(_ ctx: CommunityContext, _ rules: CreditRules) async throws {
        let rules = try rules.validated().mapError(AppError.invalid).get()
        try await req.write { db in
            try await Self.ensureSettings(db, ctx.id)
            try await sql(db).raw("""
                UPDATE figure_settings SET allowance = \(bind: rules.allowance), read_cost = \(bind: rules.readCost),
                  earn = \(bind: rules.earn), half_life_days = \(bind: rules.halfLifeDays)
                WHERE community_id = \(bind: ctx.id)
                """).run()
        }
    }

    // Give to get (who may read, and the atomic charge): FiguresReading.swift.

    // MARK: The estimate, incrementally

    private struct CurrentRow: Decodable {
        let id: UUID, userId: UUID, value: Double, source: String, creditState: String, outlier: Bool
        let consensusAtEntry: Double?, weight: Double?, sigma2: Double?
        enum CodingKeys: String, CodingKey {
            case id, value, source, outlier, weight, sigma2
            case userId = "user_id", creditState = "credit_state", consensusAtEntry = "consensus_at_entry"
        }
    }

    private struct OpenFlag: Decodable {
        let id: UUID, contributionId: UUID, userId: UUID, correctedValue: Double?, rightCount: Int, wrongCount: Int
        enum CodingKeys: String, CodingKey {
            case id, contributionId = "contribution_id", userId = "user_id", correctedValue = "corrected_value"
            case rightCount = "right_count", wrongCount = "wrong_count"
        }
    }

    private struct IndicatorState: Decodable {
        let communityId: UUID, scale: String, estKind: String, estValue: Double, estContributors: Int
        enum CodingKeys: String, CodingKey {
            case scale, communityId = "community_id", estKind = "est_kind", estValue = "est_value", estContributors = "est_contributors"
        }
    }

    /// Recomputes one indicator: the estimate with the last learned weights, flags settled by the estimate, escrowed
    /// credit released for corroborated values, and a history point when the estimate moved. Runs inside the caller's transaction.
    static func recompute(_ db: any Database, app: Application, indicatorID: UUID, now: Date, markDirty: Bool = true) async throws {
        // On PostgreSQL two contributions to one indicator recompute one after the other (SQLite writes are serialised already).
        let lock: SQLQueryString = sql(db).dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let ind = try await db.row("""
            SELECT community_id, scale, est_kind, est_value, est_contributors FROM indicators WHERE id = \(bind: indicatorID)\(lock)
            """, as: IndicatorState.self) else { return }
        let settings = try await FiguresQueries.settings(db, ind.communityId)
        let kind = FigureScale(rawValue: ind.scale) ?? .positive
        let ids = app.enjeu.ids

        func load() async throws -> [CurrentRow] {
            try await db.rows("""
                SELECT c.id, c.user_id, c.value, c.source, c.credit_state, c.outlier, c.consensus_at_entry, r.weight, r.sigma2
                FROM figure_contributions c
                LEFT JOIN figure_reliability r ON r.community_id = c.community_id AND r.user_id = c.user_id
                WHERE c.indicator_id = \(bind: indicatorID) AND c.status = 'current' ORDER BY c.id
                """, as: CurrentRow.self)
        }
        func estimate(_ rows: [CurrentRow]) -> FigureEstimate {
            let reliability = settings.scale.map { s in
                rows.map { r in r.weight.map { SourceReliability(weight: $0, sigma2: r.sigma2 ?? s * s) } ?? FiguresEstimator.newcomer(scale: s) }
            }
            return FiguresEstimator.estimateOne(rows.map(\.value), reliability: reliability, scale: settings.scale, kind: kind)
        }

        var rows = try await load()
        var est = estimate(rows)
        let flags = try await db.rows("""
            SELECT f.id, f.contribution_id, f.user_id, f.corrected_value,
              (SELECT COUNT(*) FROM figure_flags g WHERE g.community_id = f.community_id AND g.user_id = f.user_id AND g.state = 'upheld') AS right_count,
              (SELECT COUNT(*) FROM figure_flags g WHERE g.community_id = f.community_id AND g.user_id = f.user_id AND g.state = 'dismissed') AS wrong_count
            FROM figure_flags f WHERE f.indicator_id = \(bind: indicatorID) AND f.state = 'open'
            """, as: OpenFlag.self)
        let flagsByContribution = Dictionary(grouping: flags, by: \.contributionId)

        // Self-correction: flagged values the estimate also finds out of line (or that enough credible members flag) are deprecated.
        var upheld: [OpenFlag] = []
        for (index, row) in rows.enumerated() {
            guard let fs = flagsByContribution[row.id] else { continue }
            let weights = fs.map { FlagRules.weight(right: $0.rightCount, wrong: $0.wrongCount) }
            guard FlagRules.deprecates(flagWeights: weights, isOutlier: est.outliers.contains(index)) else { continue }
            let done = try await sql(db).raw("""
                UPDATE figure_contributions SET status = 'deprecated', outlier = \(bind: est.outliers.contains(index)),
                  credit_state = CASE WHEN credit_state = 'escrow' THEN 'void' ELSE credit_state END
                WHERE id = \(bind: row.id) AND status = 'current' RETURNING id
                """).first()
            if done != nil && row.creditState == "credited" {
                _ = try await insertCredit(db, ids.next(), ind.communityId, row.userId, .clawback, 2 * (try await credited(db, row.id)),
                                           now, indicatorID, row.id, dedupe: "clawback:\(row.id.uuidString)")
            }
            upheld += fs
        }
        if !upheld.isEmpty {
            rows = try await load()
            est = estimate(rows)
        }
        for f in upheld {
            try await sql(db).raw("UPDATE figure_flags SET state = 'upheld', resolved_at = \(bind: now) WHERE id = \(bind: f.id)").run()
            // A correction the new consensus confirms earns like a contribution.
            if let c = f.correctedValue, est.kind == .estimate, c >= est.low, c <= est.high {
                _ = try await insertCredit(db, ids.next(), ind.communityId, f.userId, .correction, Double(settings.rules.earn), now,
                                           indicatorID, nil, dedupe: "correction:\(f.id.uuidString)")
            }
        }
        // Flags the consensus proved wrong are dismissed.
        var dismissed = Set<UUID>()
        for (index, row) in rows.enumerated() {
            guard let fs = flagsByContribution[row.id], FlagRules.dismisses(value: row.value, estimate: est), !est.outliers.contains(index) else { continue }
            for f in fs {
                try await sql(db).raw("UPDATE figure_flags SET state = 'dismissed', resolved_at = \(bind: now) WHERE id = \(bind: f.id) AND state = 'open'").run()
            }
            dismissed.insert(row.id)
        }

        // Outlier marks, and credit held in escrow released once others corroborate the value.
        let openFlagged = Set(flags.map(\.contributionId)).subtracting(upheld.map(\.contributionId)).subtracting(dismissed)
        let corroborated = est.kind == .estimate && est.contributors >= 2
        let sources = Dictionary(grouping: rows, by: \.source).mapValues(\.count)
        var confirmed = false
        for (rank, row) in rows.enumerated() {
            let isOutlier = est.outliers.contains(rank)
            if isOutlier != row.outlier {
                try await sql(db).raw("UPDATE figure_contributions SET outlier = \(bind: isOutlier) WHERE id = \(bind: row.id)").run()
            }
            guard corroborated, row.creditState == "escrow", !isOutlier, !openFlagged.contains(row.id) else { continue }
            let reliability = settings.medianWeight.map { m in (row.weight ?? m) / m } ?? 1
            let copy = CreditLedger.isCopy(value: row.value, consensusAtEntry: row.consensusAtEntry, newSource: (sources[row.source] ?? 0) <= 1)
            let amount = CreditLedger.contributionCredit(rules: settings.rules, reliability: reliability, rank: rank, copiesConsensus: copy)
            // One credit per member and indicator: a member who replaces a value already credited earns nothing more.
            let inserted = amount > 0 ? try await insertCredit(db, ids.next(), ind.communityId, row.userId, .earn, amount, now, indicatorID, row.id,
                                                                 dedupe: "earn:\(indicatorID.uuidString):\(row.userId.uuidString)") : false
            try await sql(db).raw("""
                UPDATE figure_contributions SET credit_state = 'credited', credited = \(bind: inserted ? amount : 0)
                WHERE id = \(bind: row.id) AND credit_state = 'escrow'
                """).run()
            confirmed = true
        }
        // A figure confirmed by the consensus is a verified result: it anchors credibility.
        if confirmed { try await Notify.credibilityChanged(db, ind.communityId) }

        let outlierIDs = est.outliers.map { rows[$0].id.uuidString }
        let outliersJSON = String(decoding: try JSONEncoder().encode(outlierIDs), as: UTF8.self)
        let sourceCount = Set(rows.map { $0.source == FigureSource.personal.text ? $0.userId.uuidString : $0.source }).count
        try await sql(db).raw("""
            UPDATE indicators SET est_kind = \(bind: est.kind.rawValue), est_value = \(bind: est.value), est_low = \(bind: est.low),
              est_high = \(bind: est.high), est_contributors = \(bind: est.contributors), est_sources = \(bind: sourceCount),
              est_outliers = \(bind: outliersJSON), est_at = \(bind: now)
            WHERE id = \(bind: indicatorID)
            """).run()
        let moved = est.kind.rawValue != ind.estKind || est.contributors != ind.estContributors
            || abs(est.value - ind.estValue) > 1e-9 * max(1, abs(ind.estValue))
        if moved && est.kind != .none {
            try await sql(db).raw("""
                INSERT INTO figure_estimate_history (id, indicator_id, at, kind, value, low, high, contributors)
                VALUES (\(bind: ids.next()), \(bind: indicatorID), \(bind: now), \(bind: est.kind.rawValue), \(bind: est.value),
                  \(bind: est.low), \(bind: est.high), \(bind: est.contributors))
                """).run()
        }
        if markDirty {
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: true) WHERE community_id = \(bind: ind.communityId)").run()
        }
    }

    private struct Amount: Decodable { let credited: Double }
    private static func credited(_ db: any Database, _ id: UUID) async throws -> Double {
        try await db.row("SELECT credited FROM figure_contributions WHERE id = \(bind: id)", as: Amount.self)?.credited ?? 0
    }

    /// One ledger line; the `dedupe` key makes a repeat (a concurrent read, a second credit for the same thing) a no-op.
    /// Returns whether the line was written.
    static func insertCredit(_ db: any Database, _ id: UUID, _ community: UUID, _ user: UUID, _ kind: CreditKind, _ amount: Double,
                                     _ at: Date, _ indicator: UUID?, _ contribution: UUID?, dedupe: String) async throws -> Bool {
        try await sql(db).raw("""
            INSERT INTO credit_entries (id, community_id, user_id, kind, amount, at, indicator_id, contribution_id, dedupe)
            VALUES (\(bind: id), \(bind: community), \(bind: user), \(bind: kind.rawValue), \(bind: amount), \(bind: at),
              \(bind: indicator), \(bind: contribution), \(bind: dedupe))
            ON CONFLICT (community_id, user_id, dedupe) DO NOTHING RETURNING id
            """).first() != nil
    }

    static func ensureSettings(_ db: any Database, _ community: UUID) async throws {
        let r = CreditRules.standard
        // One statement: two first writes at once (a refresh and a steward) cannot both insert.
        try await sql(db).raw("""
            INSERT INTO figure_settings (community_id, allowance, read_cost, earn, half_life_days, dirty)
            VALUES (\(bind: community), \(bind: r.allowance), \(bind: r.readCost), \(bind: r.earn), \(bind: r.halfLifeDays), \(bind: false))
            ON CONFLICT (community_id) DO NOTHING
            """).run()
    }

    // MARK: Background: learn who is reliable

    private struct Claim: Decodable {
        let indicatorId: UUID, userId: UUID, value: Double
        enum CodingKeys: String, CodingKey { case value, indicatorId = "indicator_id", userId = "user_id" }
    }

    /// CATD-H over every current value of the community's positive indicators: learns each contributor's weight and
    /// the pooled scale, then recomputes every indicator with them. Run by `FiguresRefresher` and by stewards.
    static func refresh(app: Application, community: UUID, now: Date) async throws -> (claims: Int, iterations: Int) {
        guard await RefreshGate.shared.enter(community) else { throw AppError.conflict(.errRefreshRunning) }
        do {
            let result = try await refreshNow(app: app, community: community, now: now)
            await RefreshGate.shared.leave(community)
            return result
        } catch {
            await RefreshGate.shared.leave(community)
            throw error
        }
    }

    private static func refreshNow(app: Application, community: UUID, now: Date) async throws -> (claims: Int, iterations: Int) {
        // Cleared first: a contribution arriving during the refresh marks the community for the next one.
        try await app.write(on: app.db) { db in
            try await ensureSettings(db, community)
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: false) WHERE community_id = \(bind: community)").run()
        }
        let claims = try await app.db.rows("""
            SELECT c.indicator_id, c.user_id, c.value FROM figure_contributions c JOIN indicators i ON i.id = c.indicator_id
            WHERE c.community_id = \(bind: community) AND c.status = 'current' AND i.scale = 'positive'
            """, as: Claim.self)
        var indicatorIndex: [UUID: Int] = [:], sourceIndex: [UUID: Int] = [:]
        var sources: [UUID] = []
        let input = claims.map { c in
            let i = indicatorIndex[c.indicatorId] ?? { let n = indicatorIndex.count; indicatorIndex[c.indicatorId] = n; return n }()
            let k = sourceIndex[c.userId] ?? { let n = sources.count; sourceIndex[c.userId] = n; sources.append(c.userId); return n }()
            return FigureClaim(indicator: i, source: k, value: c.value)
        }
        // Credibility (wirearchy) is the prior of each contributor's reliability, π = clip(c, 0.05, 1) with c = 1 on average
        // (docs/ALGORITHMS.md §2.2): a ring of accounts nobody credible trusts starts at 0.05. No prior before a first computation.
        struct Credible: Decodable { let userId: UUID; let score: Double; enum CodingKeys: String, CodingKey { case score, userId = "user_id" } }
        let credibility = Dictionary(try await app.db.rows("SELECT user_id, score FROM credibility_scores WHERE community_id = \(bind: community) AND topic_key = ''",
                                                           as: Credible.self).map { ($0.userId, $0.score) }, uniquingKeysWith: { a, _ in a })
        let prior: [Double]? = credibility.isEmpty ? nil : sources.map { credibility[$0] ?? 0 }
        let result = FiguresEstimator.catdH(input, indicators: indicatorIndex.count, sources: sources.count, prior: prior)
        let learned = Array(sources.indices)
        let weights = learned.map { result.weights[$0] }.sorted()
        let median = weights.isEmpty ? nil : weights[weights.count / 2]
        let counts = Dictionary(grouping: input, by: \.source).mapValues(\.count)
        let ids = app.enjeu.ids
        let contributors = sources
        try await app.write(on: app.db) { db in
            try await ensureSettings(db, community)
            try await sql(db).raw("DELETE FROM figure_reliability WHERE community_id = \(bind: community)").run()
            for k in learned {
                try await sql(db).raw("""
                    INSERT INTO figure_reliability (id, community_id, user_id, weight, sigma2, claims)
                    VALUES (\(bind: ids.next()), \(bind: community), \(bind: contributors[k]), \(bind: result.weights[k]),
                      \(bind: result.sigma2[k]), \(bind: counts[k] ?? 0))
                    """).run()
            }
            try await sql(db).raw("""
                UPDATE figure_settings SET scale = \(bind: claims.isEmpty ? nil : result.scale), median_weight = \(bind: median),
                  refreshed_at = \(bind: now)
                WHERE community_id = \(bind: community)
                """).run()
        }
        // Then every indicator with the new weights, one short transaction each so readers and writers are not held up.
        for indicator in indicatorIndex.keys {
            try await app.write(on: app.db) { db in try await recompute(db, app: app, indicatorID: indicator, now: now, markDirty: false) }
        }
        return (claims.count, result.iterations)
    }

    static func isoDay(_ d: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func month(_ d: Date) -> String { String(isoDay(d).prefix(7)) }
}

/// One reliability refresh per community at a time, whether a steward or the background task starts it.
actor RefreshGate {
    static let shared = RefreshGate()
    private var running: Set<UUID> = []
    func enter(_ community: UUID) -> Bool { running.insert(community).inserted }
    func leave(_ community: UUID) { running.remove(community) }
}

/// Refreshes contributors' reliability in the background for communities whose figures changed.
struct FiguresRefresher: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = Box()
    let interval: Int

    private struct Due: Decodable { let communityId: UUID; enum CodingKeys: String, CodingKey { case communityId = "community_id" } }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        box.task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                // Cancelled at shutdown: the databases may already be gone.
                if Task.isCancelled { break }
                guard let due = try? await app.db.rows("SELECT community_id FROM figure_settings WHERE dirty = \(bind: true)", as: Due.self) else { continue }
                for d in due {
                    do { _ = try await FiguresService.refresh(app: app, community: d.communityId, now: app.enjeu.now()) }
                    catch { app.logger.error("figures refresh failed", metadata: ["community": "\(d.communityId)", "error": "\(error)"]) }
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        await box.task?.value
    }
}
