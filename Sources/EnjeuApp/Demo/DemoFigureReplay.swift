import Foundation
import EnjeuCore

/// One indicator's contributions replayed in plain Swift exactly as `FiguresService.contribute` writes them, one after the
/// other, each followed by the indicator's recomputation (`FiguresService.recompute`, FiguresEstimates.swift): the
/// consensus shown when each value was entered, outlier marks, escrowed credit released once others corroborate a value
/// (one credit per member and indicator), a history point each time the estimate moved, and the estimate as it stands.
/// Contributions carry no flags, so the self-correction half of the recomputation has nothing to do.
/// `DemoTests.theBulkLoadDerivesWhatTheServicesWould` replays them through the services and compares.
struct FigureReplay {
    /// What the recomputation reads of the community: its credit rules and what the last relearning learned (none for a
    /// community never relearned).
    struct Settings: Sendable {
        var rules = CreditRules.standard
        var scale: Double?
        var medianWeight: Double?
        var reliability: [UUID: SourceReliability] = [:]
    }

    struct Contribution: Sendable {
        let id: UUID, user: UUID, value: Double, source: String, at: Date
        /// In a programme, the community the value was given through.
        var via: UUID?
        var consensusAtEntry: Double?
        var creditState = CreditState.escrow
        var credited = 0.0
        var outlier = false
    }

    struct Credit: Sendable { let user: UUID, contribution: UUID, contributionIndex: Int, amount: Double, at: Date }
    struct Point: Sendable { let at: Date, estimate: FigureEstimate, contributionIndex: Int }

    let settings: Settings
    private(set) var rows: [Contribution] = []
    private(set) var credits: [Credit] = []
    private(set) var history: [Point] = []
    private(set) var estimate = FiguresEstimator.estimateOne([])
    private(set) var estimatedAt: Date?
    /// Whether some value was confirmed by the consensus (the community's credibility is then recomputed).
    private(set) var confirmed = false

    init(_ settings: Settings) { self.settings = settings }

    /// A member's value arrives (ids ascending, as time-ordered ids are) and the indicator is recomputed at its time.
    mutating func contribute(id: UUID, user: UUID, value: Double, source: String, at: Date, via: UUID? = nil) {
        let consensus: Double? = estimate.kind == .none ? nil : estimate.value
        rows.append(Contribution(id: id, user: user, value: value, source: source, at: at, via: via, consensusAtEntry: consensus))
        recompute(at: at)
    }

    private mutating func recompute(at now: Date) {
        let reliability = settings.scale.map { s in
            rows.map { r in settings.reliability[r.user] ?? FiguresEstimator.newcomer(scale: s) }
        }
        let est = FiguresEstimator.estimateOne(rows.map(\.value), reliability: reliability, scale: settings.scale, kind: .positive)
        let corroborated = est.kind == .estimate && est.contributors >= 2
        var sources: [String: Int] = [:]
        for r in rows { sources[r.source, default: 0] += 1 }
        let outliers = Set(est.outliers)
        for rank in rows.indices {
            let isOutlier = outliers.contains(rank)
            rows[rank].outlier = isOutlier
            guard corroborated, rows[rank].creditState == .escrow, !isOutlier else { continue }
            let row = rows[rank]
            let weight = settings.reliability[row.user]?.weight
            let factor = settings.medianWeight.map { m in (weight ?? m) / m } ?? 1
            let copy = CreditLedger.isCopy(value: row.value, consensusAtEntry: row.consensusAtEntry, newSource: (sources[row.source] ?? 0) <= 1)
            let amount = CreditLedger.contributionCredit(rules: settings.rules, reliability: factor, rank: rank, copiesConsensus: copy)
            // The ledger keeps one earning per member and indicator; each member gives one value here, so each is written.
            if amount > 0 { credits.append(Credit(user: row.user, contribution: row.id, contributionIndex: rank, amount: amount, at: now)) }
            rows[rank].creditState = .credited
            rows[rank].credited = amount > 0 ? amount : 0
            confirmed = true
        }
        let moved = est.kind != estimate.kind || est.contributors != estimate.contributors
            || abs(est.value - estimate.value) > 1e-9 * max(1, abs(estimate.value))
        if moved && est.kind != .none { history.append(Point(at: now, estimate: est, contributionIndex: rows.count - 1)) }
        estimate = est
        estimatedAt = now
    }

    /// `est_outliers` as the service stores it: the outliers' ids, JSON.
    var outliersJSON: String {
        let ids = estimate.outliers.map { DemoBulk.text(rows[$0].id) }
        return String(decoding: (try? JSONEncoder().encode(ids)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// `est_sources`: distinct sources, each personal observation counting as its author's own.
    var sourceCount: Int {
        Set(rows.map { $0.source == FigureSource.personal.text ? DemoBulk.text($0.user) : $0.source }).count
    }
}
