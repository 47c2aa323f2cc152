import Foundation

/// Give to get (docs/ALGORITHMS.md §3.2): a validated-credit ledger. Credit is earned only once others corroborate a
/// contribution, weighted by the contributor's reliability and by novelty, and it decays; reading spends it.
/// Membership never depends on it: a member at zero can always contribute and see their own data.
public struct CreditRules: Sendable, Codable, Equatable {
    /// Credits every member starts with.
    public var allowance: Int
    /// What reading one indicator's estimate and contributions costs (once per indicator and month).
    public var readCost: Int
    /// What a corroborated, novel contribution of a fully reliable member earns.
    public var earn: Int
    /// Earned credit halves over this many days.
    public var halfLifeDays: Int

    public static let standard = CreditRules(allowance: 5, readCost: 1, earn: 2, halfLifeDays: 180)

    public init(allowance: Int, readCost: Int, earn: Int, halfLifeDays: Int) {
        self.allowance = allowance; self.readCost = readCost; self.earn = earn; self.halfLifeDays = halfLifeDays
    }

    public func validated() -> Result<CreditRules, Violations> {
        var v = Violations()
        if !(0...1_000).contains(allowance) { v.add(.allowance, .outOfRange(min: 0, max: 1_000)) }
        if !(0...100).contains(readCost) { v.add(.readCost, .outOfRange(min: 0, max: 100)) }
        if !(0...100).contains(earn) { v.add(.earn, .outOfRange(min: 0, max: 100)) }
        if !(7...3_650).contains(halfLifeDays) { v.add(.halfLifeDays, .outOfRange(min: 7, max: 3_650)) }
        return v.isEmpty ? .success(self) : .failure(v)
    }
}

public enum CreditKind: String, Sendable, Codable, CaseIterable {
    /// A corroborated contribution.
    case earn
    /// A flag whose correction the consensus confirmed.
    case correction
    /// Reading an indicator.
    case spend
    /// A credited contribution later deprecated by the community: twice its credit is taken back.
    case clawback

    public var decays: Bool { self == .earn || self == .correction }
    public var isDebit: Bool { self == .spend || self == .clawback }
}

public struct CreditEntry: Sendable, Equatable {
    public let kind: CreditKind
    public let amount: Double
    public let at: Date
    public init(kind: CreditKind, amount: Double, at: Date) { self.kind = kind; self.amount = amount; self.at = at }
}

public enum CreditLedger {
    /// What an entry is worth now: earned credit halves every `halfLifeDays`; debits stay as they were.
    public static func value(of e: CreditEntry, rules: CreditRules, now: Date) -> Double {
        if e.kind.isDebit { return -e.amount }
        guard e.kind.decays else { return e.amount }
        let days = max(0, now.timeIntervalSince(e.at) / 86_400)
        return e.amount * pow(2, -days / Double(rules.halfLifeDays))
    }

    public static func balance(_ entries: [CreditEntry], rules: CreditRules, now: Date) -> Double {
        Double(rules.allowance) + entries.reduce(0) { $0 + value(of: $1, rules: rules, now: now) }
    }

    public static func canRead(balance: Double, rules: CreditRules) -> Bool { canRead(balance: balance, cost: rules.readCost) }
    /// Whether `balance` covers `cost` credits (several indicators read at once), with room for rounding.
    public static func canRead(balance: Double, cost: Int) -> Bool { balance + 1e-9 >= Double(cost) }

    /// κ = earn · r · ν. `reliability` is the contributor's weight over the community's median weight (capped at 1);
    /// `rank` the contribution's place among the indicator's sourced values (0-based): the first three count fully,
    /// later ones a quarter. A copy of the consensus shown at entry (within 0.5 %) that cites no new source earns nothing.
    public static func contributionCredit(rules: CreditRules, reliability: Double, rank: Int, copiesConsensus: Bool) -> Double {
        if copiesConsensus { return 0 }
        let novelty = rank < 3 ? 1.0 : 0.25
        return Double(rules.earn) * min(1, max(0, reliability)) * novelty
    }

    /// Within 0.5 % of the consensus shown when the value was entered.
    public static func isCopy(value: Double, consensusAtEntry: Double?, newSource: Bool) -> Bool {
        guard let c = consensusAtEntry, c != 0, !newSource else { return false }
        return abs(value - c) / abs(c) <= 0.005
    }
}

/// Self-correction: members flag contributions; flags of members whose past flags proved right weigh more.
public enum FlagRules {
    /// Laplace-smoothed share of a member's past flags that proved right: a newcomer's flag weighs 0.5.
    public static func weight(right: Int, wrong: Int) -> Double { Double(right + 1) / Double(right + wrong + 2) }

    /// A contribution is deprecated when the estimator also finds it out of line and someone flagged it, or when
    /// flags weighing as much as three newcomers' agree even though it is not (yet) an outlier.
    public static func deprecates(flagWeights: [Double], isOutlier: Bool) -> Bool {
        let total = flagWeights.reduce(0, +)
        return (isOutlier && total >= 0.5) || total >= 1.5
    }

    /// A flag proved wrong: the contribution sits inside a confirmed estimate's interval with three contributors or more.
    public static func dismisses(value: Double, estimate: FigureEstimate) -> Bool {
        estimate.kind == .estimate && estimate.contributors >= 3 && value >= estimate.low && value <= estimate.high
    }
}
