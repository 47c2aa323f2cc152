import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain CATD (Li et al., VLDB 2015) exactly as crowd-kit's RASA runs it on 1-D embeddings, so that the core of
/// CATD-H can be checked against an outside implementation (`scripts/figures-oracle.sh`). Not used to show figures:
/// it starts from the mean, has no Huber damping, no share cap and no prior.
public enum PlainCATD {
    public struct Result: Sendable {
        /// Per indicator, in log10.
        public let truths: [Double]
        /// Per source, computed from the last truths (RASA's `skills_`); 0 for a source without claims.
        public let weights: [Double]
        public let iterations: Int
    }

    public static func run(_ claims: [FigureClaim], indicators: Int, sources: Int,
                           maxIterations: Int = 100, tolerance: Double = 1e-9) -> Result {
        let y = claims.map { log10($0.value) }
        var counts = [Int](repeating: 0, count: sources)
        for c in claims { counts[c.source] += 1 }
        var w = [Double](repeating: 1, count: sources)
        var t = [Double](repeating: 0, count: indicators)
        var previous: [Double]? = nil
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            var num = [Double](repeating: 0, count: indicators), den = [Double](repeating: 0, count: indicators)
            for (c, claim) in claims.enumerated() {
                num[claim.indicator] += w[claim.source] * y[c]
                den[claim.indicator] += w[claim.source]
            }
            for i in 0..<indicators where den[i] > 0 { t[i] = num[i] / den[i] }
            var loss = [Double](repeating: 0, count: sources)
            for (c, claim) in claims.enumerated() {
                let d = y[c] - t[claim.indicator]
                loss[claim.source] += d * d
            }
            // The same weight as CATD-H, without pseudo-claims or prior (α = 0.05 is CATD-H's too).
            for k in 0..<sources {
                w[k] = counts[k] == 0 ? 0 : FiguresEstimator.sourceWeight(prior: 1, claims: Double(counts[k]), loss: loss[k], pseudoClaims: 0)
            }
            if let previous {
                var change = 0.0, size = 0.0
                for i in 0..<indicators { change += (t[i] - previous[i]) * (t[i] - previous[i]); size += t[i] * t[i] }
                if change / size < tolerance { break }
            }
            previous = t
        }
        return Result(truths: t, weights: w, iterations: iterations)
    }
}

/// χ² upper quantiles, exact to about 1e-14: Wilson–Hilferty start, then Newton on the regularised upper incomplete gamma.
public enum Chi2 {
    /// x such that P(X > x) = p for X ~ χ²(df).
    public static func upperQuantile(_ p: Double, df k: Double) -> Double {
        let z = p == 0.025 ? 1.959963984540054 : normalUpper(p)
        let a = 0.5 * k
        let h = 2.0 / (9.0 * k)
        var x = max(k * pow(1.0 - h + z * h.squareRoot(), 3), 1e-3)
        for _ in 0..<100 {
            let f = gammaQ(a, 0.5 * x) - p
            let dens = 0.5 * exp((a - 1.0) * log(0.5 * x) - 0.5 * x - logGamma(a))
            var next = x + f / dens
            if next <= 0 { next = 0.5 * x }
            if abs(next - x) <= 1e-15 * x { x = next; break }
            x = next
        }
        return x
    }

    /// Regularised upper incomplete gamma Q(a, x): series below a + 1, Lentz continued fraction above.
    static func gammaQ(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let gln = logGamma(a)
        if x < a + 1 {
            var ap = a, sum = 1 / a, term = 1 / a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return 1 - sum * exp(-x + a * log(x) - gln)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return exp(-x + a * log(x) - gln) * h
    }

    /// Upper quantile of the standard normal (Acklam's rational approximation, refined by one Halley step).
    static func normalUpper(_ p: Double) -> Double {
        let q = 1 - p
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        var x: Double
        if q < 0.02425 {
            let r = (-2 * log(q)).squareRoot()
            x = (((((c[0]*r+c[1])*r+c[2])*r+c[3])*r+c[4])*r+c[5]) / ((((d[0]*r+d[1])*r+d[2])*r+d[3])*r+1)
        } else if q <= 1 - 0.02425 {
            let r0 = q - 0.5, r = r0 * r0
            x = (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*r0 / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
        } else {
            let r = (-2 * log(1 - q)).squareRoot()
            x = -(((((c[0]*r+c[1])*r+c[2])*r+c[3])*r+c[4])*r+c[5]) / ((((d[0]*r+d[1])*r+d[2])*r+d[3])*r+1)
        }
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - q
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// ln Γ(a) for a > 0 (Glibc's `lgamma` is ambiguous between overlays on Linux).
func logGamma(_ a: Double) -> Double { Double.logGamma(a) }

extension Double {
    static func logGamma(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.lgamma(x)
        #else
        return Darwin.lgamma(x)
        #endif
    }
}
