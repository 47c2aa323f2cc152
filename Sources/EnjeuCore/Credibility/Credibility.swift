import Foundation

/// Wirearchy groundwork: credibility as seeded EigenTrust (personalised PageRank), docs/ALGORITHMS.md §2.2.
/// Trust flows along endorsements and confirmed results; teleport and dead-end mass go back to the seeds (members with
/// verified results), so a ring of accounts endorsing each other gains only what honest members give it.
public enum Credibility {
    public struct Edge: Sendable, Equatable {
        public let from: Int
        public let to: Int
        /// s_ij = endorsements + 0.5·confirmed validations − refuted ones; only the positive part flows.
        public let weight: Double
        public init(from: Int, to: Int, weight: Double = 1) { self.from = from; self.to = to; self.weight = weight }
    }

    public struct Result: Sendable {
        /// Sums to 1 over the nodes (0 everywhere without seeds).
        public let scores: [Double]
        public let iterations: Int
        /// |V|·t_i: 1 is average.
        public var relative: [Double] { scores.map { $0 * Double(scores.count) } }
    }

    /// t⁽ᵏ⁺¹⁾ = α·Cᵀt⁽ᵏ⁾ + (α·Σ_{i∈D} t_i⁽ᵏ⁾ + 1 − α)·p, with C the row-normalised positive weights, D the nodes with no
    /// positive out-weight, p uniform over the seeds; from t⁽⁰⁾ = p (or a warm start) until ‖Δt‖₁ < tolerance.
    public static func eigenTrust(nodes n: Int, edges: [Edge], seeds: [Int], alpha: Double = 0.85, tolerance: Double = 1e-10,
                                  maxIterations: Int = 200, warmStart: [Double]? = nil) -> Result {
        eigenTrust(nodes: n, edges: edges, seedWeights: Dictionary(seeds.map { ($0, 1.0) }, uniquingKeysWith: { a, _ in a }), alpha: alpha,
                   tolerance: tolerance, maxIterations: maxIterations, warmStart: warmStart)
    }

    /// The same with p proportional to each seed's weight (members anchored by more verified results weigh more).
    public static func eigenTrust(nodes n: Int, edges: [Edge], seedWeights: [Int: Double], alpha: Double = 0.85, tolerance: Double = 1e-10,
                                  maxIterations: Int = 200, warmStart: [Double]? = nil) -> Result {
        let seedSet = seedWeights.filter { (0..<n).contains($0.key) && $0.value > 0 && $0.value.isFinite }
        let totalWeight = seedSet.values.reduce(0, +)
        guard n > 0, !seedSet.isEmpty else { return Result(scores: [Double](repeating: 0, count: max(n, 0)), iterations: 0) }
        // Compressed rows of positive weights, self-loops dropped (nobody endorses themselves).
        var outWeight = [Double](repeating: 0, count: n)
        var count = [Int](repeating: 0, count: n + 1)
        for e in edges where e.weight > 0 && e.from != e.to && (0..<n).contains(e.from) && (0..<n).contains(e.to) {
            outWeight[e.from] += e.weight
            count[e.from + 1] += 1
        }
        for i in 0..<n { count[i + 1] += count[i] }
        var target = [Int](repeating: 0, count: count[n]), share = [Double](repeating: 0, count: count[n])
        var fill = count
        for e in edges where e.weight > 0 && e.from != e.to && (0..<n).contains(e.from) && (0..<n).contains(e.to) {
            let k = fill[e.from]
            target[k] = e.to
            share[k] = e.weight / outWeight[e.from]
            fill[e.from] += 1
        }
        var personal = [Double](repeating: 0, count: n)
        for (s, w) in seedSet { personal[s] = w / totalWeight }
        var t = warmStart.flatMap { $0.count == n ? $0 : nil } ?? personal
        var next = [Double](repeating: 0, count: n)
        var iterations = 0
        for iteration in 1...max(1, maxIterations) {
            iterations = iteration
            var dangling = 0.0
            for i in 0..<n { next[i] = 0 }
            for i in 0..<n {
                let ti = t[i]
                if count[i] == count[i + 1] { dangling += ti; continue }
                let flow = alpha * ti
                for k in count[i]..<count[i + 1] { next[target[k]] += flow * share[k] }
            }
            let teleport = alpha * dangling + 1 - alpha
            var change = 0.0
            for i in 0..<n {
                next[i] += teleport * personal[i]
                change += abs(next[i] - t[i])
            }
            swap(&t, &next)
            if change < tolerance { break }
        }
        return Result(scores: t, iterations: iterations)
    }
}
