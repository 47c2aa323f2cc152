import Foundation

/// When a done action is one of its team's verified results: its participants' current assessments (every action
/// assessment is a participant's: only they may assess it) come from at least `minimumAssessors` people and the mean
/// of the four criteria (0–4) is at or above the community's threshold (`communities.result_threshold`, in hundredths
/// of a point, `defaultThreshold` = 2.5 unless its stewards set another).
public enum WellAssessed {
    /// 2.5 / 4, in hundredths.
    public static let defaultThreshold = 250
    /// A threshold below 1 would count almost any assessed action; above 4 none.
    public static let thresholds = 100...400
    /// One person alone never makes a result: their own word is a self-assessment.
    public static let minimumAssessors = 2

    /// `sum` is the four criteria added over `assessments` assessments; exact in integers (no rounding at the edge).
    public static func holds(sum: Int, assessments: Int, threshold: Int) -> Bool {
        assessments >= minimumAssessors && sum * 100 >= threshold * Criterion.allCases.count * assessments
    }

    /// The threshold as typed ("2.5", "2,5", "3"), in hundredths; a number with more than two decimals is rounded.
    public static func threshold(_ raw: String?) -> Result<Int, Violations> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .failure(Violations(.threshold, .required)) }
        guard let x = NumberInput.parse(text) else { return .failure(Violations(.threshold, .notANumber)) }
        return threshold(x)
    }

    public static func threshold(_ x: Double) -> Result<Int, Violations> {
        guard x.isFinite else { return .failure(Violations(.threshold, .notANumber)) }
        // The range is checked on the number itself: "1e20" hundredths would not fit an Int.
        let range = Double(thresholds.lowerBound) / 100...Double(thresholds.upperBound) / 100
        let hundredths = range.contains(x) ? Int((x * 100).rounded()) : nil
        guard let hundredths, thresholds.contains(hundredths) else {
            return .failure(Violations(.threshold, .outOfRange(min: thresholds.lowerBound / 100, max: thresholds.upperBound / 100)))
        }
        return .success(hundredths)
    }

    /// "2.5" / "2,5": the threshold as people write it.
    public static func text(_ hundredths: Int, decimalComma: Bool) -> String {
        let whole = hundredths / 100, rest = hundredths % 100
        let decimals = rest == 0 ? "" : rest % 10 == 0 ? String(rest / 10) : String(format: "%02d", rest)
        return decimals.isEmpty ? String(whole) : String(whole) + (decimalComma ? "," : ".") + decimals
    }
}
