import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The estimate, incrementally: each contribution or flag recomputes its indicator inside its own transaction.
extension FiguresService {
    private struct CurrentRow: Decodable {
        let id: UUID, userId: UUID, value: Double, source: String, creditState: CreditState, outlier: Bool
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
        let communityId: UUID, scale: FigureScale, estKind: FigureEstimate.Kind, estValue: Double, estContributors: Int
        enum CodingKeys: String, CodingKey {
            case scale, communityId = "community_id", estKind = "est_kind", estValue = "est_value", estContributors = "est_contributors"
        }
    }

    /// Recomputes one indicator: the estimate with the last learned weights, flags settled by the estimate, escrowed
    /// credit released for corroborated values, and a history point when the estimate moved. Runs inside the caller's transaction.
    func recompute(_ db: any Database, indicatorID: UUID, now: Date, markDirty: Bool = true) async throws {
        // Two contributions to one indicator recompute one after the other.
        guard let ind = try await db.row("""
            SELECT community_id, scale, est_kind, est_value, est_contributors FROM indicators WHERE id = \(bind: indicatorID)\(db.forUpdate)
            """, as: IndicatorState.self) else { return }
        let settings = try await FiguresQueries.settings(db, ind.communityId)
        let kind = ind.scale

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
            if done != nil && row.creditState == .credited {
                // Taken back from the ledger the credit went to: a value merged into a programme was credited in its community.
                let earned = try await Self.earned(db, row.id)
                _ = try await Self.insertCredit(db, context.newID(), earned.communityId ?? ind.communityId, row.userId, .clawback, 2 * earned.credited,
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
                _ = try await Self.insertCredit(db, context.newID(), ind.communityId, f.userId, .correction, Double(settings.rules.earn), now,
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
            guard corroborated, row.creditState == .escrow, !isOutlier, !openFlagged.contains(row.id) else { continue }
            let reliability = settings.medianWeight.map { m in (row.weight ?? m) / m } ?? 1
            let copy = CreditLedger.isCopy(value: row.value, consensusAtEntry: row.consensusAtEntry, newSource: (sources[row.source] ?? 0) <= 1)
            let amount = CreditLedger.contributionCredit(rules: settings.rules, reliability: reliability, rank: rank, copiesConsensus: copy)
            // One credit per member and indicator: a member who replaces a value already credited earns nothing more.
            let inserted = amount > 0 ? try await Self.insertCredit(db, context.newID(), ind.communityId, row.userId, .earn, amount, now, indicatorID, row.id,
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
        if est.isNewPoint(after: ind.estKind, value: ind.estValue, contributors: ind.estContributors) {
            try await sql(db).raw("""
                INSERT INTO figure_estimate_history (id, indicator_id, at, kind, value, low, high, contributors)
                VALUES (\(bind: context.newID()), \(bind: indicatorID), \(bind: now), \(bind: est.kind.rawValue), \(bind: est.value),
                  \(bind: est.low), \(bind: est.high), \(bind: est.contributors))
                """).run()
        }
        // What relearning reads, with the values; its own pass (not marking dirty) changes them only by upholding flags.
        if markDirty || !upheld.isEmpty {
            try await FigureClaims.store(db, indicator: indicatorID, community: ind.communityId, rows.map { .init(user: $0.userId, value: $0.value) })
        }
        if markDirty { try await Self.ensureSettings(db, ind.communityId, dirty: true) }
    }

    private struct Earned: Decodable {
        let credited: Double, communityId: UUID?
        enum CodingKeys: String, CodingKey { case credited, communityId = "community_id" }
    }

    /// What a contribution was credited, and the ledger (community or programme) its earn entry was written to.
    private static func earned(_ db: any Database, _ id: UUID) async throws -> Earned {
        try await db.row("""
            SELECT c.credited, e.community_id FROM figure_contributions c
              LEFT JOIN credit_entries e ON e.contribution_id = c.id AND e.kind = \(bind: CreditKind.earn.rawValue)
            WHERE c.id = \(bind: id)
            """, as: Earned.self) ?? Earned(credited: 0, communityId: nil)
    }
}
