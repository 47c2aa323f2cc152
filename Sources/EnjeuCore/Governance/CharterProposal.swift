import Foundation

/// A new charter version, as proposed (a governance proposal of kind `charter`): its text and, when it changes them, the
/// give-to-get rules of #ChiffresEnsemble and whether stewards read the figures free — both are written in the charter,
/// so changing them is a new version. Adopted by the community's decision rule, it becomes the next version, which every
/// member accepts again before contributing again (`ViewerRelation.member(charterCurrent:)`).
public struct CharterProposal: Codable, Sendable, Equatable {
    public var text: String
    /// The version it follows: adopting it once another version was adopted no longer applies.
    public var baseVersion: Int
    /// nil: the rules stay as they are.
    public var rules: CreditRules?
    /// nil: as it is.
    public var stewardsReadFree: Bool?

    public init(text: String, baseVersion: Int, rules: CreditRules? = nil, stewardsReadFree: Bool? = nil) {
        self.text = text; self.baseVersion = baseVersion; self.rules = rules; self.stewardsReadFree = stewardsReadFree
    }

    /// The text as typed (`charter`: its length), the rules in their ranges (each named).
    public static func validated(text raw: String, baseVersion: Int, rules: CreditRules?, stewardsReadFree: Bool?) -> Result<CharterProposal, Violations> {
        var v = Violations()
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.charter, text, min: Rules.charterMin, max: Rules.longTextMax)
        if let rules, case let .failure(f) = rules.validated() { for x in f.all { v.add(x.field, x.problem) } }
        guard v.isEmpty else { return .failure(v) }
        return .success(CharterProposal(text: text, baseVersion: baseVersion, rules: rules, stewardsReadFree: stewardsReadFree))
    }
}

/// A change of life stage, as proposed (kind `stage`): by Enjeu when the vitality measures cross a threshold
/// (`StageRule`), decided by the community like any proposal. Adopted, the community takes `to` if it is still in `from`.
public struct StageProposal: Codable, Sendable, Equatable {
    public var from: LifeStage
    public var to: LifeStage

    public init(from: LifeStage, to: LifeStage) { self.from = from; self.to = to }
}
