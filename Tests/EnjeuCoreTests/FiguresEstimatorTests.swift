import Foundation
import Testing
@testable import EnjeuCore

@Suite struct FiguresEstimatorTests {
    @Test func numbeoVector() {
        let r = FiguresEstimator.fewValues([5, 6, 20, 4])
        #expect(r.median == 5.5)
        #expect(r.outliers == [2])
    }

    @Test func chiSquareQuantilesMatchScipy() {
        // scipy.stats.chi2.isf(0.025, df) for df = 1, 5, 12, 40, 200
        let expected: [(Double, Double)] = [(1, 5.0239), (5, 12.8325), (12, 23.3367), (40, 59.3417), (200, 241.0579)]
        for (df, q) in expected {
            #expect(abs(FiguresEstimator.chi2Upper(df: df) - q) / q < 0.002, "df \(df)")
        }
    }

    @Test func fewContributionsAreLabelledHonestly() {
        let claims = [FigureClaim(indicator: 0, source: 0, value: 100),
                      FigureClaim(indicator: 1, source: 0, value: 100), FigureClaim(indicator: 1, source: 1, value: 150),
                      FigureClaim(indicator: 2, source: 0, value: 100), FigureClaim(indicator: 2, source: 1, value: 102)]
        let r = FiguresEstimator.catdH(claims, indicators: 4, sources: 2)
        #expect(r.estimates[0].kind == .singleSource && r.estimates[0].value == 100 && r.estimates[0].low < 100)
        #expect(r.estimates[1].kind == .disputed)
        #expect(r.estimates[2].kind == .estimate && abs(r.estimates[2].value - 101) < 1.5)
        #expect(r.estimates[3].kind == .none)
    }

    /// Honest sources with 5 % noise, a vandal posting ×10 everywhere, a unit slip: the estimate stays on the truth,
    /// the vandal's weight falls, and the slip is flagged as one.
    @Test func vandalsAndSlipsDoNotMoveTheEstimate() {
        var rng = SplitMix(state: 7)
        let truth = (0..<60).map { _ in pow(10, Double.random(in: 1...5, using: &rng)) }
        var claims: [FigureClaim] = []
        for (i, t) in truth.enumerated() {
            for k in 0..<6 where Double.random(in: 0...1, using: &rng) < 0.8 {
                claims.append(FigureClaim(indicator: i, source: k, value: t * pow(10, Double.random(in: -0.02...0.02, using: &rng))))
            }
            claims.append(FigureClaim(indicator: i, source: 6, value: t * 10))
        }
        let slip = claims.count
        claims.append(FigureClaim(indicator: 0, source: 7, value: truth[0] * 1000))
        let r = FiguresEstimator.catdH(claims, indicators: truth.count, sources: 8)
        let errors = truth.indices.map { abs(log10(r.estimates[$0].value / truth[$0])) }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.02, "mean log10 error")
        #expect(r.weights[6] < 0.2 * r.weights[0...5].min()!, "the vandal earns little weight")
        #expect(r.estimates[0].outliers.contains(slip) && r.estimates[0].unitSlips.contains(slip))
        for i in truth.indices { #expect(r.estimates[i].low <= r.estimates[i].value && r.estimates[i].value <= r.estimates[i].high) }
    }

    /// A ring that is the majority on some indicators moves them without a prior; with the credibility prior it does not.
    @Test func theCredibilityPriorBoundsACoordinatedGroup() {
        var rng = SplitMix(state: 11)
        let truth = (0..<40).map { _ in pow(10, Double.random(in: 1...4, using: &rng)) }
        var claims: [FigureClaim] = []
        for (i, t) in truth.enumerated() {
            for k in 0..<4 { claims.append(FigureClaim(indicator: i, source: k, value: t * pow(10, Double.random(in: -0.02...0.02, using: &rng)))) }
            if i < 10 { for k in 4..<9 { claims.append(FigureClaim(indicator: i, source: k, value: t * 1.8)) } }
        }
        let prior = (0..<9).map { $0 < 4 ? 1.0 : 0.05 }
        let without = FiguresEstimator.catdH(claims, indicators: truth.count, sources: 9)
        let with = FiguresEstimator.catdH(claims, indicators: truth.count, sources: 9, prior: prior)
        let err = { (r: FiguresEstimator.Result) in (0..<10).map { abs(log10(r.estimates[$0].value / truth[$0])) }.reduce(0, +) / 10 }
        #expect(err(with) < 0.05, "with the prior the ring's lie (log10 0.255) is mostly ignored")
        #expect(err(with) < err(without))
    }

    @Test func badValuesAreIgnoredNotFatal() {
        let claims = [FigureClaim(indicator: 0, source: 0, value: -1), FigureClaim(indicator: 0, source: 0, value: .nan),
                      FigureClaim(indicator: 9, source: 0, value: 5), FigureClaim(indicator: 0, source: 3, value: 5),
                      FigureClaim(indicator: 0, source: 1, value: 5)]
        let r = FiguresEstimator.catdH(claims, indicators: 1, sources: 2)
        #expect(r.estimates[0].kind == .singleSource && abs(r.estimates[0].value - 5) < 1e-9)
    }
}
