import EnjeuCore
import Foundation

// #ChiffresEnsemble "proof of quality": a synthetic crowd with known ground truth, scored for the plain mean, the
// plain median and Enjeu's estimator (CATD-H, docs/ALGORITHMS.md §1), without and with a credibility prior.
//
// Design (every draw comes from one seeded SplitMix64, so a seed always gives the same report):
// - 1,000 indicators with truths log-uniform over 1..100,000.
// - 300 contributors: 230 honest (value = truth · e^(0.05·N(0,1)), about 5 % noise), 30 biased (+20 %, then the same
//   noise), 20 vandals (each claim truth ×10 or ÷10, at random), and a ring of 20 accounts.
// - Long-tail participation: each indicator gets 3–15 claims from distinct contributors drawn without replacement,
//   in proportion to an activity weight: lognormal (σ = 1.2) for honest and biased contributors (a few prolific, most
//   occasional), a high fixed activity for vandals (4) and ring members (3), who post a lot.
// - The ring: on 50 target indicators all 20 members post the same wrong value, truth × 1.8, next to 3–15 claims from
//   others, so they are the majority there. Elsewhere they copy the honest consensus (the median of the claims already
//   posted by honest contributors, or a fresh honest look-up when there is none) to earn weight, as copiers do.
//   Copying only honest claims is the worst case for the estimator: the copies look as reliable as can be.
// - Methods: plain (arithmetic) mean, plain median, CATD-H without prior, and CATD-H with the credibility prior the
//   wirearchy feature would supply (ring members 0.05, everyone else 1).
// - Metrics: mean absolute relative error |estimate − truth|/truth over all indicators, off the ring targets and on
//   them; the share of indicators within 5 %; for CATD-H, outlier recall (flagged vandal claims / vandal claims on
//   indicators with ≥ 3 claims) and precision (flagged claims that are vandal claims or off by more than 15 %).
//   Relative error is lopsided: the rare indicators where only vandals posted (error 9 at ×10) weigh on every MAE,
//   and no method can fix them.
// - Verdict: "Enjeu's estimator" is CATD-H with the prior, which the platform will run once credibility is wired into it
//   (today the app runs the row without prior). PASS when
//   its MAE < 0.8 × the median's MAE and its vandal recall ≥ 0.90. A ring majority defeats every unsupervised method
//   (both the median and CATD-H without prior take its lie), which the "off targets" column makes visible.

/// Prints the quality report for each seed; true when every seed passes.
func figuresQualityMain(seeds: [UInt64]) -> Bool {
    var allPassed = true
    for seed in seeds {
        let run = figuresQuality(seed: seed)
        print(run.report)
        allPassed = allPassed && run.passed
    }
    let cross = seeds.map(CrossCommunityQuality.run)
    print(crossCommunityReport(cross))
    return allPassed && cross.allSatisfy(\.pooledWins)
}

/// The cross-community scenario (issue 17, `CrossCommunityQuality` in EnjeuCore): one row per seed.
private func crossCommunityReport(_ runs: [CrossCommunityQuality.Report]) -> String {
    let names = CrossCommunityQuality.communities.map(\.name)
    let header = ["Seed", "claims (vandals)", "pooled CATD-H"] + names.map { "\($0) alone" } + ["pooled median"]
        + names.map { "\($0)'s median bias" } + ["verdict"]
    let rows = [header] + runs.map { r in
        ["\(r.seed)", "\(r.claims) (\(r.vandalClaims))", format(r.pooled, 4)] + r.own.map { format($0, 4) } + [format(r.pooledMedian, 4)]
            + r.communityMedianBias.map { (($0 >= 0 ? "+" : "") + format(100 * $0, 1)) + " %" } + [r.pooledWins ? "PASS" : "FAIL"]
    }
    let shape = CrossCommunityQuality.communities.map { c in
        "\(c.name): \(c.members) members\(c.bias == 1 ? "" : " reporting \(format(100 * (c.bias - 1), 0)) % high"), \(c.vandals) vandals"
    }.joined(separator: "; ")
    return """
        ### Figures quality across communities

        \(CrossCommunityQuality.indicators) indicators (truths log-uniform 1..10,000), \(shape); ~10 % noise; each community \
        gives 1–4 values per indicator. Mean |estimate − truth| / truth of the pooled CATD-H estimate, of each community's own \
        CATD-H estimate and of the pooled median; each community's median bias (the median over indicators of its values' \
        median / truth − 1) is the spread between them. PASS when the pooled estimate beats each community's own and the \
        pooled median.

        \(alignedTable(rows))

        """
}

// MARK: - Generator

/// SplitMix64, the one seeded generator of the synthetic scenarios (EnjeuCore).
private typealias SplitMix64 = SeededGenerator

private enum ContributorKind: String, CaseIterable {
    case honest, biased, vandal, ring
}

private struct QualityDataset {
    let truths: [Double]
    let kinds: [ContributorKind]
    let claims: [FigureClaim]
    let targets: Set<Int>
}

/// A standard normal draw (Box–Muller).
private func standardNormal(_ g: inout SplitMix64) -> Double { g.normal() }

private func medianOf(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return 0 }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

private func meanOf(_ xs: [Double]) -> Double {
    xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
}

private func generateDataset(_ g: inout SplitMix64) -> QualityDataset {
    let indicatorCount = 1_000, ringTargets = 50, noise = 0.05
    let kinds = [ContributorKind](repeating: .honest, count: 230) + [ContributorKind](repeating: .biased, count: 30)
        + [ContributorKind](repeating: .vandal, count: 20) + [ContributorKind](repeating: .ring, count: 20)
    var activity: [Double] = []
    for kind in kinds {
        switch kind {
        case .honest, .biased: activity.append(exp(1.2 * standardNormal(&g)))
        case .vandal: activity.append(4)
        case .ring: activity.append(3)
        }
    }
    var truths: [Double] = []
    for _ in 0..<indicatorCount { truths.append(pow(10, Double.random(in: 0...5, using: &g))) }
    let targets = Set((0..<indicatorCount).shuffled(using: &g).prefix(ringTargets))
    let ringMembers = kinds.indices.filter { kinds[$0] == .ring }

    var claims: [FigureClaim] = []
    for i in 0..<indicatorCount {
        let truth = truths[i], isTarget = targets.contains(i)
        // Weighted sampling without replacement (Efraimidis–Spirakis keys log(u)/activity, largest first).
        // On a target the ring comes on top of the 3–15 others, all 20 of them.
        var keyed: [(key: Double, source: Int)] = []
        for k in kinds.indices where !(isTarget && kinds[k] == .ring) {
            keyed.append((log(Double.random(in: Double.ulpOfOne..<1, using: &g)) / activity[k], k))
        }
        keyed.sort { $0.key > $1.key }
        let drawn = keyed.prefix(Int.random(in: 3...15, using: &g)).map(\.source)

        var honest: [Double] = []
        var ringHere = isTarget ? ringMembers : []
        for k in drawn {
            let value: Double
            switch kinds[k] {
            case .honest: value = truth * exp(noise * standardNormal(&g))
            case .biased: value = truth * 1.2 * exp(noise * standardNormal(&g))
            case .vandal: value = Bool.random(using: &g) ? truth * 10 : truth / 10
            case .ring: ringHere.append(k); continue   // posts after the others, to copy them
            }
            claims.append(FigureClaim(indicator: i, source: k, value: value))
            if kinds[k] == .honest { honest.append(value) }
        }
        for k in ringHere {
            let value: Double
            if isTarget { value = truth * 1.8 }
            else if honest.isEmpty { value = truth * exp(noise * standardNormal(&g)) }
            else { value = medianOf(honest) }
            claims.append(FigureClaim(indicator: i, source: k, value: value))
        }
    }
    return QualityDataset(truths: truths, kinds: kinds, claims: claims, targets: targets)
}

// MARK: - Scoring

private struct MethodScore {
    let name: String
    let mae: Double
    let maeOffTargets: Double
    let maeTargets: Double
    let within5: Double
    /// Outlier metrics, for the methods that flag.
    let recall: Double?
    let precision: Double?
    let flagged: Int?
}

private func score(_ name: String, _ estimates: [Double], flagged: [Int]?, _ data: QualityDataset) -> MethodScore {
    let errors = estimates.indices.map { abs(estimates[$0] - data.truths[$0]) / data.truths[$0] }
    let onTargets = errors.indices.filter { data.targets.contains($0) }.map { errors[$0] }
    let offTargets = errors.indices.filter { !data.targets.contains($0) }.map { errors[$0] }
    var recall: Double?, precision: Double?
    if let flagged {
        var counts = [Int](repeating: 0, count: data.truths.count)
        for claim in data.claims { counts[claim.indicator] += 1 }
        let isFlagged = Set(flagged)
        let isVandal = { (c: Int) in data.kinds[data.claims[c].source] == .vandal }
        let eligible = data.claims.indices.filter { isVandal($0) && counts[data.claims[$0].indicator] >= 3 }
        recall = eligible.isEmpty ? 1 : Double(eligible.filter { isFlagged.contains($0) }.count) / Double(eligible.count)
        let deserved = flagged.filter { c in
            let claim = data.claims[c], truth = data.truths[claim.indicator]
            return isVandal(c) || abs(claim.value - truth) / truth > 0.15
        }
        precision = flagged.isEmpty ? 1 : Double(deserved.count) / Double(flagged.count)
    }
    return MethodScore(name: name, mae: meanOf(errors), maeOffTargets: meanOf(offTargets), maeTargets: meanOf(onTargets),
                       within5: Double(errors.filter { $0 <= 0.05 }.count) / Double(max(1, errors.count)),
                       recall: recall, precision: precision, flagged: flagged?.count)
}

private func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

/// A Markdown table whose columns are padded to the same width.
private func alignedTable(_ rows: [[String]]) -> String {
    guard let header = rows.first else { return "" }
    let widths = header.indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
    func render(_ cells: [String]) -> String {
        "| " + cells.enumerated().map { col, s in s + String(repeating: " ", count: widths[col] - s.count) }
            .joined(separator: " | ") + " |"
    }
    let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
    return ([render(header), rule] + rows.dropFirst().map(render)).joined(separator: "\n")
}

private func figuresQuality(seed: UInt64) -> (report: String, passed: Bool) {
    var g = SplitMix64(seed: seed)
    let data = generateDataset(&g)
    let indicatorCount = data.truths.count, sourceCount = data.kinds.count

    var values = [[Double]](repeating: [], count: indicatorCount)
    for claim in data.claims { values[claim.indicator].append(claim.value) }
    let prior = data.kinds.map { $0 == .ring ? 0.05 : 1.0 }
    let plain = FiguresEstimator.catdH(data.claims, indicators: indicatorCount, sources: sourceCount)
    let withPrior = FiguresEstimator.catdH(data.claims, indicators: indicatorCount, sources: sourceCount, prior: prior)

    let mean = score("plain mean", values.map(meanOf), flagged: nil, data)
    let median = score("plain median", values.map(medianOf), flagged: nil, data)
    let catd = score("CATD-H, no prior", plain.estimates.map(\.value), flagged: plain.estimates.flatMap(\.outliers), data)
    let enjeu = score("CATD-H + prior (ring 0.05)", withPrior.estimates.map(\.value),
                      flagged: withPrior.estimates.flatMap(\.outliers), data)

    let rows = [["Method", "MAE", "MAE off targets", "MAE ring targets", "within 5 %", "recall", "precision", "flagged"]]
        + [mean, median, catd, enjeu].map { s in
            [s.name, format(s.mae, 4), format(s.maeOffTargets, 4), format(s.maeTargets, 4), format(s.within5, 2),
             s.recall.map { format($0, 3) } ?? "–", s.precision.map { format($0, 3) } ?? "–", s.flagged.map { "\($0)" } ?? "–"]
        }

    // Median learned weight per kind of contributor: shows the copiers' gain and what the prior takes back.
    func medianWeights(_ weights: [Double]) -> String {
        ContributorKind.allCases.map { kind in
            "\(kind.rawValue) \(format(medianOf(data.kinds.indices.filter { data.kinds[$0] == kind }.map { weights[$0] }), 2))"
        }.joined(separator: ", ")
    }

    let vandalClaims = data.claims.filter { data.kinds[$0.source] == .vandal }.count
    let ratio = enjeu.mae / max(median.mae, 1e-12)
    let recall = enjeu.recall ?? 0
    let passed = ratio < 0.8 && recall >= 0.90
    let report = """
        ### Figures quality, seed \(seed)

        \(indicatorCount) indicators (truths log-uniform 1..100,000), \(sourceCount) contributors (230 honest ~5 % noise, \
        30 biased +20 %, 20 vandals ×10/÷10, a ring of 20 posting truth ×1.8 on \(data.targets.count) indicators), \
        \(data.claims.count) claims of which \(vandalClaims) by vandals. Errors are |estimate − truth| / truth.

        \(alignedTable(rows))

        Median weight, no prior: \(medianWeights(plain.weights)) (\(plain.iterations) iterations).
        Median weight, prior: \(medianWeights(withPrior.weights)) (\(withPrior.iterations) iterations).
        Verdict: \(passed ? "PASS" : "FAIL") (Enjeu = CATD-H + prior: MAE \(format(enjeu.mae, 4)) = \(format(ratio, 2)) × \
        the median's, needs < 0.80; vandal recall \(format(recall, 3)), needs ≥ 0.90)

        """
    return (report, passed)
}
