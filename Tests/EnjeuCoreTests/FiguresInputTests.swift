import Foundation
import Testing
@testable import EnjeuCore

@Suite struct FiguresInputTests {
    @Test func periodsHaveOneSpelling() {
        #expect(FigurePeriod.parse("2026-q3")?.text == "2026-Q3")
        #expect(FigurePeriod.parse("2026-Q3")?.end == "2026-09-30")
        #expect(FigurePeriod.parse("2024-02")?.end == "2024-02-29")
        #expect(FigurePeriod.parse("2026")?.start == "2026-01-01")
        #expect(FigurePeriod.parse("2026-01-01/2026-06-30")?.text == "2026-01-01..2026-06-30")
        for bad in ["", "26", "2026-Q5", "2026-13", "2026-06-30..2026-01-01", "2026-02-30..2026-03-01", "demain"] {
            #expect(FigurePeriod.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func unitsAcceptOnlyTheirPrefixes() {
        let euro = FigureUnit.parse("€ (k, M)")!
        #expect(euro.base == "€")
        #expect(euro.factor(for: nil) == 1)
        #expect(euro.factor(for: "k€") == 1_000)
        #expect(euro.factor(for: "M€") == 1_000_000)
        #expect(euro.factor(for: "G€") == nil)
        #expect(euro.accepted == ["€", "k€", "M€"])
        #expect(FigureUnit.parse("€ (z)") == nil)
        #expect(FigureUnit.parse("€ (k, k)") == nil)
    }

    @Test func sourcesAreAddressesReferencesOrOwnObservation() {
        #expect(FigureSource.parse("Observation personnelle") == .personal)
        #expect(FigureSource.parse("personal observation") == .personal)
        #expect(FigureSource.parse("https://insee.fr/fr/statistiques") == .url("https://insee.fr/fr/statistiques"))
        #expect(FigureSource.parse("www.insee.fr/x") == .url("https://www.insee.fr/x"))
        #expect(FigureSource.parse("Rapport annuel 2025, p. 12") == .document("Rapport annuel 2025, p. 12"))
        for bad in ["http://", "https://nohost", "https://a b.fr", "ab", "ligne\u{7}"] { #expect(FigureSource.parse(bad) == nil, "\(bad)") }
    }

    @Test func contributionsAreNormalisedToTheBaseUnit() throws {
        let unit = FigureUnit.parse("€ (k)")!
        let ok = try ContributionDraft(value: 1.2, unit: "k€", source: "observation personnelle", observedOn: "2026-07-01")
            .validated(unit: unit, scale: .positive, today: "2026-11-25").get()
        #expect(ok.value == 1_200)
        func problems(_ d: ContributionDraft, scale: FigureScale = .positive) -> [InputField] {
            guard case let .failure(v) = d.validated(unit: unit, scale: scale, today: "2026-11-25") else { return [] }
            return v.all.map(\.field)
        }
        #expect(problems(ContributionDraft(value: .nan, source: "observation personnelle", observedOn: "2026-07-01")) == [.value])
        #expect(problems(ContributionDraft(value: .infinity, source: "observation personnelle", observedOn: "2026-07-01")) == [.value])
        #expect(problems(ContributionDraft(value: -3, source: "observation personnelle", observedOn: "2026-07-01")) == [.value])
        #expect(problems(ContributionDraft(value: -3, source: "observation personnelle", observedOn: "2026-07-01"), scale: .signed).isEmpty)
        #expect(problems(ContributionDraft(value: 3, unit: "M€", source: "observation personnelle", observedOn: "2026-07-01")) == [.unit])
        #expect(problems(ContributionDraft(value: 3, source: "observation personnelle", observedOn: "2026-12-01")) == [.observedOn])
        #expect(problems(ContributionDraft(value: nil, source: "", observedOn: "")) == [.value, .source, .observedOn])
    }

    @Test func duplicatesAreSuggestedAccentsAndCaseAside() {
        let candidates = [(name: "Prix du mètre de lin brut", period: "2026"), (name: "Tarif horaire d'un tisserand", period: "2026"),
                          (name: "Prix du metre de lin", period: "2025")]
        #expect(IndicatorSimilarity.suggestions(for: "PRIX DU METRE DE LIN BRUT", period: "2026", among: candidates) == [0, 2])
        #expect(IndicatorSimilarity.suggestions(for: "Fréquentation de l'atelier", period: "2026", among: candidates).isEmpty)
    }

    @Test func creditsDecayAndDebitsDoNot() {
        let rules = CreditRules(allowance: 5, readCost: 1, earn: 2, halfLifeDays: 180)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let later = t0.addingTimeInterval(180 * 86_400)
        let entries = [CreditEntry(kind: .earn, amount: 2, at: t0), CreditEntry(kind: .spend, amount: 1, at: t0)]
        #expect(abs(CreditLedger.balance(entries, rules: rules, now: t0) - 6) < 1e-9)
        #expect(abs(CreditLedger.balance(entries, rules: rules, now: later) - 5) < 1e-9, "the earned 2 halved in 180 days; the spent 1 did not")
        #expect(CreditLedger.canRead(balance: 1, rules: rules))
        #expect(!CreditLedger.canRead(balance: 0.5, rules: rules))
        // κ = earn · reliability · novelty; copies of the consensus earn nothing.
        #expect(CreditLedger.contributionCredit(rules: rules, reliability: 1, rank: 0, copiesConsensus: false) == 2)
        #expect(CreditLedger.contributionCredit(rules: rules, reliability: 0.5, rank: 3, copiesConsensus: false) == 0.25)
        #expect(CreditLedger.contributionCredit(rules: rules, reliability: 1, rank: 0, copiesConsensus: true) == 0)
        #expect(CreditLedger.isCopy(value: 100.4, consensusAtEntry: 100, newSource: false))
        #expect(!CreditLedger.isCopy(value: 100.4, consensusAtEntry: 100, newSource: true))
        #expect(CreditRules(allowance: -1, readCost: 1, earn: 1, halfLifeDays: 3).validated().isFailure)
    }

    @Test func flagsOfProvenFlaggersWeighMore() {
        #expect(FlagRules.weight(right: 0, wrong: 0) == 0.5)
        #expect(FlagRules.weight(right: 8, wrong: 0) == 0.9)
        #expect(FlagRules.deprecates(flagWeights: [0.5], isOutlier: true))
        #expect(!FlagRules.deprecates(flagWeights: [0.5], isOutlier: false))
        #expect(!FlagRules.deprecates(flagWeights: [0.5, 0.5], isOutlier: false))
        #expect(FlagRules.deprecates(flagWeights: [0.9, 0.9], isOutlier: false))
    }

    @Test func oneIndicatorUpdatesWithLearnedWeights() {
        // Without learned weights: the median and the modified z rule, on log values.
        let cold = FiguresEstimator.estimateOne([40, 42, 41, 410])
        #expect(cold.kind == .estimate)
        #expect(cold.outliers == [3])
        #expect(cold.unitSlips.isEmpty)
        #expect(cold.value > 40 && cold.value < 42)
        #expect(FiguresEstimator.estimateOne([40]).kind == .singleSource)
        #expect(FiguresEstimator.estimateOne([40, 50]).kind == .disputed)
        #expect(FiguresEstimator.estimateOne([40, 41]).kind == .estimate)
        #expect(FiguresEstimator.estimateOne([]).kind == .none)
        #expect(FiguresEstimator.estimateOne([-2, 1, 3], kind: .signed).value == 1)
        // With learned weights, a trusted source outweighs a poor one, but never more than all the others together.
        let scale = 0.01
        let good = SourceReliability(weight: 50, sigma2: 1e-4), poor = SourceReliability(weight: 0.5, sigma2: 1e-2)
        let warm = FiguresEstimator.estimateOne([100, 100, 103, 1_000], reliability: [good, good, poor, poor], scale: scale)
        #expect(abs(warm.value - 100) < 1)
        #expect(warm.outliers == [3])
        #expect(warm.unitSlips.isEmpty)
        #expect(warm.low <= warm.value && warm.value <= warm.high)
        let slip = FiguresEstimator.estimateOne([15, 15.2, 14.9, 15_000], reliability: [good, good, good, good], scale: scale)
        #expect(slip.unitSlips == [3], "a factor of 1,000 is shown as a probable unit slip")
        let capped = FiguresEstimator.estimateOne([100, 200], reliability: [good, poor], scale: scale)
        #expect(abs(capped.value - (100 * 200).squareRoot()) < 1, "the 50 % share cap: two sources weigh alike at most")
    }

    @Test func chiSquareQuantilesMatchScipy() {
        // scipy.stats.chi2.isf(0.025, k)
        #expect(abs(Chi2.upperQuantile(0.025, df: 1) - 5.02388618731489) < 1e-9)
        #expect(abs(Chi2.upperQuantile(0.025, df: 10) - 20.48317735080739) < 1e-9)
        #expect(abs(Chi2.upperQuantile(0.025, df: 100) - 129.5611971858366) < 1e-8)
    }
}

private extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
