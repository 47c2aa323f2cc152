import Foundation

/// #ChiffresEnsemble core: turning members' contributions into an estimate that shows its spread, its sources
/// and its rule; see docs/ALGORITHMS.md §1 (CATD-H).

/// One contribution: a positive value (already in the indicator's base unit) by one source on one indicator.
public struct FigureClaim: Sendable, Equatable {
    public let indicator: Int
    public let source: Int
    public let value: Double
    public init(indicator: Int, source: Int, value: Double) {
        self.indicator = indicator
        self.source = source
        self.value = value
    }
}

public struct FigureEstimate: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// No contribution yet.
        case none
        /// One value: shown as such, never as a consensus.
        case singleSource = "single-source"
        /// Two values that disagree by more than 10 %: a third look-up is needed.
        case disputed
        /// Two close values, or three or more: the robust, reliability-weighted estimate.
        case estimate
    }
    public let kind: Kind
    public let value: Double
    /// The uncertainty interval (95 %).
    public let low: Double
    public let high: Double
    public let contributors: Int
    /// Claims (indices into the input) flagged as outliers by the leave-one-out rule, openly.
    public let outliers: [Int]
    /// Outliers that look like a unit slip (a factor of about 1,000 or 1,000,000).
    public let unitSlips: [Int]

    /// Whether this estimate is a new point of the indicator's history against the one it replaces (an indicator with
    /// no value yet has none).
    public func isNewPoint(after kind: Kind, value: Double, contributors: Int) -> Bool {
        self.kind != .none && (self.kind != kind || self.contributors != contributors || abs(self.value - value) > 1e-9 * max(1, abs(value)))
    }
}

/// A contributor's reliability as the last background refresh learned it.
public struct SourceReliability: Sendable, Equatable, Codable {
    public let weight: Double
    public let sigma2: Double
    public init(weight: Double, sigma2: Double) { self.weight = weight; self.sigma2 = sigma2 }
}

public enum FiguresEstimator {
    /// Parameters from docs/ALGORITHMS.md §1.2, measured on its synthetic benchmark.
    public static let huberC = 1.345
    public static let lossCap = 3.0
    public static let pseudoClaims = 2.0
    /// A claim is an outlier when it lies further than this many scale units from the estimate computed without it.
    public static let outlierZ = 3.5
    public static let z95 = 1.96
    /// Platform prior spread for a single value, in log10 (about 10 %).
    public static let singleSourceSpread = 0.04
    /// Two values further apart than this (log10 of 1.1) are "disputed".
    public static let disputeGap = 0.0414

    public struct Result: Sendable {
        public let estimates: [FigureEstimate]
        /// Each source's learned reliability weight (a source with no claim on a shared indicator keeps the newcomer's weight).
        public let weights: [Double]
        /// Each source's error variance in log10 units², for intervals: s²(S_k+n₀)/(n_k+n₀).
        public let sigma2: [Double]
        /// The pooled scale s of the last iteration.
        public let scale: Double
        public let iterations: Int

        public func reliability(_ k: Int) -> SourceReliability { SourceReliability(weight: weights[k], sigma2: sigma2[k]) }
    }

    /// CATD-H: confidence-aware source weights on log values with a Huber-capped loss, a weighted Huber
    /// estimate and a 50 % share cap, started from the median; `prior` (credibility, clipped to [0.05, 1])
    /// bounds what a coordinated group can move.
    public static func catdH(_ claims: [FigureClaim], indicators: Int, sources: Int, prior: [Double]? = nil,
                             maxIterations: Int = 100, tolerance: Double = 1e-8) -> Result {
        let valid = claims.indices.filter { claims[$0].value > 0 && claims[$0].value.isFinite
            && (0..<indicators).contains(claims[$0].indicator) && (0..<sources).contains(claims[$0].source) }
        let y = valid.map { log10(claims[$0].value) }
        let ind = valid.map { claims[$0].indicator }
        let src = valid.map { claims[$0].source }
        var byIndicator = [[Int]](repeating: [], count: indicators)
        for (c, i) in ind.enumerated() { byIndicator[i].append(c) }
        let counts = byIndicator.map(\.count)
        let pi = (0..<sources).map { k in min(1, max(0.05, prior?[k] ?? 1)) }

        // Start from the prior-weighted median (the plain median without a prior). docs/ALGORITHMS.md starts from the plain
        // median, but a ring that is the majority on an indicator then starts at its own lie, confirms itself and keeps it.
        var t = byIndicator.map { cs in cs.isEmpty ? 0 : weightedMedian(cs.map { (y[$0], pi[src[$0]]) }) }
        var omega = [Double](repeating: 0, count: y.count)
        var weights = [Double](repeating: 0, count: sources)
        var scale = 1e-3
        var nK = [Double](repeating: 0, count: sources), sK = [Double](repeating: 0, count: sources)
        var iterations = 0
        // Claims on indicators with at least two values: only they say anything about a source's accuracy.
        let shared = (0..<y.count).filter { counts[ind[$0]] >= 2 }
        var residuals = [Double](repeating: 0, count: shared.count)
        for iteration in 1...max(1, maxIterations) {
            iterations = iteration
            for (n, c) in shared.enumerated() { residuals[n] = abs(y[c] - t[ind[c]]) }
            scale = max(1e-3, 1.4826 * selectMedian(&residuals))
            nK = [Double](repeating: 0, count: sources)
            sK = [Double](repeating: 0, count: sources)
            for c in shared {
                let u = (y[c] - t[ind[c]]) / scale
                nK[src[c]] += 1
                sK[src[c]] += rho(u)
            }
            for k in 0..<sources { weights[k] = sourceWeight(prior: pi[k], claims: nK[k], loss: sK[k], pseudoClaims: pseudoClaims) }
            var delta = 0.0
            for i in 0..<indicators where !byIndicator[i].isEmpty {
                let cs = byIndicator[i]
                for c in cs {
                    let u = abs(y[c] - t[i]) / scale
                    omega[c] = weights[src[c]] * (u > huberC ? huberC / u : 1)
                }
                // No single source outweighs all the others on an indicator.
                let total = cs.reduce(0) { $0 + omega[$1] }
                // No single source outweighs all the others on an indicator: the heaviest weight is capped at the sum of the
                // rest. (docs/ALGORITHMS.md writes min(ω, 0.5·Σω), which still lets one source weigh 50 times the others when its
                // weight is 100 times theirs; only one weight can exceed the rest, so capping it there is the rule as stated.)
                if cs.count >= 2, let top = cs.max(by: { omega[$0] < omega[$1] }) { omega[top] = min(omega[top], total - omega[top]) }
                let sum = cs.reduce(0) { $0 + omega[$1] }
                let next = sum > 0 ? cs.reduce(0) { $0 + omega[$1] * y[$1] } / sum : median(cs.map { y[$0] })
                delta = max(delta, abs(next - t[i]))
                t[i] = next
            }
            if delta < tolerance { break }
        }

        let sigma2 = (0..<sources).map { k in scale * scale * (sK[k] + pseudoClaims) / (nK[k] + pseudoClaims) }
        var estimates: [FigureEstimate] = []
        estimates.reserveCapacity(indicators)
        for i in 0..<indicators {
            let cs = byIndicator[i]
            let contributors = Set(cs.map { src[$0] }).count
            switch cs.count {
            case 0:
                estimates.append(FigureEstimate(kind: .none, value: 0, low: 0, high: 0, contributors: 0, outliers: [], unitSlips: []))
            case 1:
                let c = cs[0]
                let se = nK[src[c]] > 0 ? sqrt(sigma2[src[c]]) : singleSourceSpread
                estimates.append(interval(.singleSource, y[c], se, contributors))
            default:
                let sum = cs.reduce(0) { $0 + omega[$1] }
                let sandwich = sum > 0 ? sqrt(cs.reduce(0) { $0 + omega[$1] * omega[$1] * sigma2[src[$1]] }) / sum : scale
                if cs.count == 2 {
                    let gap = abs(y[cs[0]] - y[cs[1]])
                    estimates.append(interval(gap > disputeGap ? .disputed : .estimate, t[i], max(sandwich, gap / 2), contributors))
                    continue
                }
                // Leave-one-out residuals for the flags only (in the weights they let a bot make honest claims look wrong).
                var outliers: [Int] = [], slips: [Int] = []
                let weighted = cs.reduce(0) { $0 + omega[$1] * y[$1] }
                for c in cs {
                    let rest = sum - omega[c]
                    guard rest > 0 else { continue }
                    let without = (weighted - omega[c] * y[c]) / rest
                    let gap = y[c] - without
                    if abs(gap) / scale > outlierZ {
                        outliers.append(valid[c])
                        if abs(abs(gap) - 3) < 0.05 || abs(abs(gap) - 6) < 0.05 { slips.append(valid[c]) }
                    }
                }
                let e = interval(.estimate, t[i], sandwich, contributors)
                estimates.append(FigureEstimate(kind: e.kind, value: e.value, low: e.low, high: e.high, contributors: contributors,
                                                outliers: outliers, unitSlips: slips))
            }
        }
        return Result(estimates: estimates, weights: weights, sigma2: sigma2, scale: scale, iterations: iterations)
    }

    /// One indicator, updated when a contribution arrives, with the contributors' reliability learned by the last
    /// background `catdH` run (`reliability[c]` for `values[c]`) and its pooled `scale`. Without learned weights
    /// (a new community) or for signed quantities: the median and the modified z rule.
    public static func estimateOne(_ values: [Double], reliability: [SourceReliability]? = nil, scale: Double? = nil,
                                   kind: FigureScale = .positive, maxIterations: Int = 100) -> FigureEstimate {
        let n = values.count
        let positive = kind == .positive
        guard n > 0, values.allSatisfy({ $0.isFinite && (!positive || $0 > 0) }) else {
            return FigureEstimate(kind: .none, value: 0, low: 0, high: 0, contributors: 0, outliers: [], unitSlips: [])
        }
        let y = positive ? values.map(log10) : values
        func make(_ k: FigureEstimate.Kind, _ t: Double, _ se: Double, _ outliers: [Int] = [], _ slips: [Int] = []) -> FigureEstimate {
            let (v, lo, hi) = positive ? (pow(10, t), pow(10, t - z95 * se), pow(10, t + z95 * se)) : (t, t - z95 * se, t + z95 * se)
            return FigureEstimate(kind: k, value: v, low: lo, high: hi, contributors: n, outliers: outliers, unitSlips: slips)
        }
        func disputed(_ a: Double, _ b: Double) -> Bool {
            positive ? abs(a - b) > disputeGap : abs(a - b) > 0.1 * max(abs(a), abs(b))
        }
        if n == 1 {
            let se = positive ? (reliability.map { sqrt($0[0].sigma2) } ?? singleSourceSpread) : 0
            return make(.singleSource, y[0], se)
        }
        guard positive, let reliability, reliability.count == n, let scale, scale > 0 else {
            if n == 2 {
                let gap = abs(y[0] - y[1])
                return make(disputed(y[0], y[1]) ? .disputed : .estimate, (y[0] + y[1]) / 2, max(gap / 2, positive ? singleSourceSpread / 2 : 0))
            }
            let (m, flagged) = fewValues(y)
            let mad = median(y.map { abs($0 - m) })
            // Standard error of a median: 1.2533·σ/√n, with σ from the MAD.
            let se = max(1.2533 * 1.4826 * mad / Double(n).squareRoot(), positive ? singleSourceSpread / Double(n).squareRoot() : 0)
            let slips = positive ? flagged.filter { abs(abs(y[$0] - m) - 3) < 0.05 || abs(abs(y[$0] - m) - 6) < 0.05 } : []
            return make(.estimate, m, se, flagged, slips)
        }
        // The per-indicator step of CATD-H with the sources' weights held fixed.
        let w = reliability.map { max($0.weight, 1e-12) }
        var t = weightedMedian(zip(y, w).map { ($0, $1) })
        var omega = w
        for _ in 0..<maxIterations {
            for c in 0..<n {
                let u = abs(y[c] - t) / scale
                omega[c] = w[c] * (u > huberC ? huberC / u : 1)
            }
            let total = omega.reduce(0, +)
            if let top = omega.indices.max(by: { omega[$0] < omega[$1] }) { omega[top] = min(omega[top], total - omega[top]) }
            let sum = omega.reduce(0, +)
            let next = zip(omega, y).reduce(0) { $0 + $1.0 * $1.1 } / sum
            let delta = abs(next - t)
            t = next
            if delta < 1e-10 { break }
        }
        let sum = omega.reduce(0, +)
        let sandwich = sqrt(zip(omega, reliability).reduce(0) { $0 + $1.0 * $1.0 * $1.1.sigma2 }) / sum
        if n == 2 {
            let gap = abs(y[0] - y[1])
            return make(disputed(y[0], y[1]) ? .disputed : .estimate, t, max(sandwich, gap / 2))
        }
        let weighted = zip(omega, y).reduce(0) { $0 + $1.0 * $1.1 }
        var outliers: [Int] = [], slips: [Int] = []
        for c in 0..<n {
            let rest = sum - omega[c]
            guard rest > 0 else { continue }
            let gap = y[c] - (weighted - omega[c] * y[c]) / rest
            if abs(gap) / scale > outlierZ {
                outliers.append(c)
                if abs(abs(gap) - 3) < 0.05 || abs(abs(gap) - 6) < 0.05 { slips.append(c) }
            }
        }
        return make(.estimate, t, sandwich, outliers, slips)
    }

    /// CATD's confidence-aware weight, shared by CATD-H and the plain CATD checked against crowd-kit:
    /// w_k = π_k · χ²₁₋α/₂(n_k + n₀) / (S_k + n₀), with the loss floored at 1e-5 as crowd-kit does.
    public static func sourceWeight(prior: Double, claims: Double, loss: Double, pseudoClaims: Double) -> Double {
        prior * chi2Upper(df: claims + pseudoClaims) / max(loss + pseudoClaims, 1e-5)
    }

    /// The reliability of a source the last refresh has not seen: no claims, so only the n₀ pseudo-claims at unit loss.
    public static func newcomer(scale: Double) -> SourceReliability {
        SourceReliability(weight: chi2Upper(df: pseudoClaims) / pseudoClaims, sigma2: scale * scale)
    }

    /// With few values and no history: the median, and the modified z-score rule 0.6745·|x−med|/MAD > 3.5
    /// (Iglewicz–Hoaglin) for outliers. [5, 6, 20, 4] → 5.5, with 20 flagged.
    public static func fewValues(_ values: [Double]) -> (median: Double, outliers: [Int]) {
        guard !values.isEmpty else { return (0, []) }
        let m = median(values)
        var mad = median(values.map { abs($0 - m) })
        if mad == 0 { mad = max(1e-9, values.map { abs($0 - m) }.filter { $0 > 0 }.min() ?? 1e-9) }
        let flagged = values.indices.filter { 0.6745 * abs(values[$0] - m) / mad > outlierZ }
        return (m, flagged)
    }

    static func interval(_ kind: FigureEstimate.Kind, _ t: Double, _ se: Double, _ contributors: Int) -> FigureEstimate {
        FigureEstimate(kind: kind, value: pow(10, t), low: pow(10, t - z95 * se), high: pow(10, t + z95 * se),
                       contributors: contributors, outliers: [], unitSlips: [])
    }

    /// The Huber-capped loss: quadratic up to 3 scale units, linear beyond.
    static func rho(_ u: Double) -> Double {
        let a = abs(u)
        return a <= lossCap ? u * u : lossCap * (2 * a - lossCap)
    }

    /// χ² upper quantile at α/2 = 0.025 (scipy's `chi2.isf(0.025, df)`), memoised for whole degrees of freedom.
    static func chi2Upper(df: Double) -> Double {
        let whole = Int(df)
        if Double(whole) == df, whole >= 1, whole < chi2Table.count { return chi2Table[whole] }
        return Chi2.upperQuantile(0.025, df: max(df, 1e-3))
    }

    private static let chi2Table: [Double] = (0..<4_096).map { $0 == 0 ? 0 : Chi2.upperQuantile(0.025, df: Double($0)) }

    static func weightedMedian(_ pairs: [(Double, Double)]) -> Double {
        let s = pairs.sorted { $0.0 < $1.0 }
        let half = s.reduce(0) { $0 + $1.1 } / 2
        var acc = 0.0
        for (i, p) in s.enumerated() {
            acc += p.1
            if acc > half { return p.0 }
            if acc == half { return i + 1 < s.count ? (p.0 + s[i + 1].0) / 2 : p.0 }
        }
        return s.last?.0 ?? 0
    }

    /// The median in linear time (quickselect with median-of-three pivots), reordering `xs` in place: the pooled
    /// scale of a million residuals is needed at every iteration, where sorting dominated the recomputation.
    static func selectMedian(_ xs: inout [Double]) -> Double {
        let n = xs.count
        guard n > 0 else { return 0 }
        func select(_ k: Int) -> Double {
            var lo = 0, hi = n - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if xs[mid] < xs[lo] { xs.swapAt(mid, lo) }
                if xs[hi] < xs[lo] { xs.swapAt(hi, lo) }
                if xs[hi] < xs[mid] { xs.swapAt(hi, mid) }
                let pivot = xs[mid]
                var i = lo, j = hi
                while i <= j {
                    while xs[i] < pivot { i += 1 }
                    while xs[j] > pivot { j -= 1 }
                    if i <= j { xs.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { return xs[k] }
            }
            return xs[k]
        }
        if n % 2 == 1 { return select(n / 2) }
        let upper = select(n / 2)
        // After selecting n/2, the lower half holds the elements below it: the other middle one is their maximum.
        var lowerMax = -Double.infinity
        for i in 0..<(n / 2) where xs[i] > lowerMax { lowerMax = xs[i] }
        return (lowerMax + upper) / 2
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
