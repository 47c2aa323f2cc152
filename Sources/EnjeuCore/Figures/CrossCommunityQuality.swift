import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seedable generator, so a synthetic scenario always gives the same
/// figures for a seed (the `figures-quality` benchmark and the tests that hold the estimator to it).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }
}

/// The cross-community proof of quality (issue 17): why a programme pools its communities' values into one CATD-H
/// estimate instead of each community keeping its own.
///
/// Two communities measure the same indicators with known truths (log-uniform over 1..10,000):
/// - « A » reports without bias, « B » reports 10 % high (each honest value is truth · bias · e^(0.1·N(0,1)), about 10 %
///   noise), 40 honest members each;
/// - each has 4 vandals (each claim truth ×10 or ÷10 at random), who post three times as often as a member;
/// - on each indicator each community gives 1 to 4 values from distinct members (weighted by activity): alone, a
///   community often has one or two values, and a vandal among them; together they have 2 to 8.
///
/// Scored by the mean absolute relative error |estimate − truth| / truth: the pooled CATD-H estimate (every claim), each
/// community's own CATD-H estimate (its claims only) and the pooled median. Each community's median, per indicator,
/// shows the spread between them: its median signed error over the indicators is its bias.
public enum CrossCommunityQuality {
    public struct Community: Sendable {
        public let name: String
        public let bias: Double
        public let members: Int
        public let vandals: Int
    }

    public static let communities = [
        Community(name: "A", bias: 1.0, members: 40, vandals: 4),
        Community(name: "B", bias: 1.1, members: 40, vandals: 4),
    ]
    public static let indicators = 500
    public static let noise = 0.1

    public struct Report: Sendable {
        public let seed: UInt64
        public let claims: Int
        public let vandalClaims: Int
        /// Mean absolute relative errors.
        public let pooled: Double
        public let own: [Double]
        public let pooledMedian: Double
        /// Per community: the median, over indicators, of (its values' median / truth − 1). B's shows its 10 %.
        public let communityMedianBias: [Double]

        /// The claim of the issue: the pooled estimate beats each community's own and the pooled median.
        public var pooledWins: Bool { own.allSatisfy { pooled < $0 } && pooled < pooledMedian }
    }

    public static func run(seed: UInt64) -> Report {
        var g = SeededGenerator(seed: seed)
        // Sources: each community's members then its vandals, communities one after the other.
        var community: [Int] = [], vandal: [Bool] = [], activity: [Double] = []
        for (n, c) in communities.enumerated() {
            for k in 0..<(c.members + c.vandals) {
                community.append(n); vandal.append(k >= c.members); activity.append(k >= c.members ? 3 : 1)
            }
        }
        let truths = (0..<indicators).map { _ in pow(10, Double.random(in: 0...4, using: &g)) }
        var claims: [FigureClaim] = []
        for i in 0..<indicators {
            for n in communities.indices {
                // Weighted sampling without replacement (Efraimidis–Spirakis keys log(u)/activity, largest first).
                var keyed: [(key: Double, source: Int)] = []
                for k in community.indices where community[k] == n {
                    keyed.append((log(Double.random(in: Double.ulpOfOne..<1, using: &g)) / activity[k], k))
                }
                keyed.sort { $0.key > $1.key }
                for (_, k) in keyed.prefix(Int.random(in: 1...4, using: &g)) {
                    let value = vandal[k]
                        ? (Bool.random(using: &g) ? truths[i] * 10 : truths[i] / 10)
                        : truths[i] * communities[n].bias * exp(noise * g.normal())
                    claims.append(FigureClaim(indicator: i, source: k, value: value))
                }
            }
        }
        let sources = community.count
        func error(_ estimates: [Double]) -> Double {
            estimates.indices.reduce(0) { $0 + abs(estimates[$1] - truths[$1]) / truths[$1] } / Double(indicators)
        }
        func values(_ cs: [FigureClaim]) -> [[Double]] {
            var out = [[Double]](repeating: [], count: indicators)
            for c in cs { out[c.indicator].append(c.value) }
            return out
        }
        let pooled = FiguresEstimator.catdH(claims, indicators: indicators, sources: sources).estimates.map(\.value)
        var own: [Double] = [], bias: [Double] = []
        for n in communities.indices {
            let mine = claims.filter { community[$0.source] == n }
            own.append(error(FiguresEstimator.catdH(mine, indicators: indicators, sources: sources).estimates.map(\.value)))
            bias.append(FiguresEstimator.median(values(mine).enumerated().map { i, vs in FiguresEstimator.median(vs) / truths[i] - 1 }))
        }
        return Report(seed: seed, claims: claims.count, vandalClaims: claims.filter { vandal[$0.source] }.count,
                      pooled: error(pooled), own: own, pooledMedian: error(values(claims).map(FiguresEstimator.median)),
                      communityMedianBias: bias)
    }
}
