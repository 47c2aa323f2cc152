import Foundation

/// The one decision engine of Enjeu: #CodeSocial amendments and, later, the journey's proposals
/// (values, common good, project) are all decided by it, under the community's chosen rule.
public enum DecisionRule: String, CaseIterable, Codable, Sendable {
    /// Adopted at closing time when no objection stands and a quorum took a position.
    case consent
    /// Adopted when consents outnumber objections, with a quorum.
    case majority
}

public enum Stance: String, CaseIterable, Codable, Sendable {
    case consent, object, abstain
}

public struct DecisionPolicy: Equatable, Sendable, Codable {
    public var rule: DecisionRule
    /// Share of active members who must take a position, in percent (0–100); at least one position is always needed.
    public var quorumPercent: Int
    /// How long a proposal stays open, in days.
    public var openDays: Int

    public init(rule: DecisionRule = .consent, quorumPercent: Int = 30, openDays: Int = 7) {
        self.rule = rule
        self.quorumPercent = quorumPercent
        self.openDays = openDays
    }

    public func validated() -> Result<DecisionPolicy, Violations> {
        var v = Violations()
        if !(0...100).contains(quorumPercent) { v.add(.quorum, .outOfRange(min: 0, max: 100)) }
        if !(1...90).contains(openDays) { v.add(.openDays, .outOfRange(min: 1, max: 90)) }
        return v.isEmpty ? .success(self) : .failure(v)
    }
}

/// A counted position and what it weighs: 1, unless the community weighs positions by credibility (`PositionWeight`).
public struct CountedPosition: Sendable, Equatable {
    public let stance: Stance
    public let weight: Double
    public init(_ stance: Stance, weight: Double = 1) { self.stance = stance; self.weight = weight }
}

/// « Positions are weighted by credibility (capped) » (issue 18), when a community's credibility rule says so: a member's
/// relative credibility (1 is the community's average) is the weight of their position, kept within [1/cap, cap], so the
/// most trusted count as at most `cap` average members and nobody is silenced. Only the majority rule weighs: under
/// consent one objection stands whoever raises it, and the quorum counts people.
public enum PositionWeight {
    public static let caps: ClosedRange<Double> = 1...10
    public static let defaultCap = 3.0

    public static func weight(credibility: Double?, cap: Double) -> Double {
        guard let c = credibility, c.isFinite, cap >= 1 else { return 1 }
        return min(cap, max(1 / cap, c))
    }
}

/// The positions counted for a decision, and what the rule concludes from them.
public struct Tally: Equatable, Sendable, Codable {
    public let consents: Int
    public let objections: Int
    public let abstentions: Int
    public let members: Int
    public let quorum: Int
    /// Whether positions were weighed by credibility; the weighed sums (the counts themselves when not).
    public let weighted: Bool
    public let weightedConsents: Double
    public let weightedObjections: Double

    public init(consents: Int, objections: Int, abstentions: Int, members: Int, quorum: Int, weighted: Bool = false,
                weightedConsents: Double? = nil, weightedObjections: Double? = nil) {
        self.consents = consents; self.objections = objections; self.abstentions = abstentions; self.members = members
        self.quorum = quorum; self.weighted = weighted
        self.weightedConsents = weightedConsents ?? Double(consents); self.weightedObjections = weightedObjections ?? Double(objections)
    }

    public var positions: Int { consents + objections + abstentions }
    public var quorumReached: Bool { positions >= quorum }
    public var everyoneSpoke: Bool { positions >= members }
}

public enum Outcome: String, Sendable, Codable {
    case adopted, rejected, open
}

public enum DecisionEngine {
    public static func tally(_ stances: [Stance], activeMembers: Int, policy: DecisionPolicy) -> Tally {
        tally(stances.map { CountedPosition($0) }, activeMembers: activeMembers, policy: policy, weighted: false)
    }

    /// `weighted`: the positions carry credibility's weights (`PositionWeight`), which the majority rule then compares.
    public static func tally(_ positions: [CountedPosition], activeMembers: Int, policy: DecisionPolicy, weighted: Bool) -> Tally {
        let quorum = max(1, Int((Double(policy.quorumPercent) * Double(activeMembers) / 100).rounded(.up)))
        func sum(_ s: Stance) -> Double { positions.filter { $0.stance == s }.reduce(0) { $0 + $1.weight } }
        return Tally(consents: positions.filter { $0.stance == .consent }.count, objections: positions.filter { $0.stance == .object }.count,
                     abstentions: positions.filter { $0.stance == .abstain }.count, members: activeMembers, quorum: quorum,
                     weighted: weighted, weightedConsents: sum(.consent), weightedObjections: sum(.object))
    }

    /// The outcome now: still open until the closing time passes or every active member has spoken;
    /// then adopted or rejected by the rule. The same inputs always give the same outcome.
    public static func decide(_ t: Tally, policy: DecisionPolicy, closesAt: Date, now: Date) -> Outcome {
        guard now >= closesAt || t.everyoneSpoke else { return .open }
        guard t.quorumReached else { return .rejected }
        switch policy.rule {
        case .consent: return t.objections == 0 ? .adopted : .rejected
        case .majority: return t.weightedConsents > t.weightedObjections ? .adopted : .rejected
        }
    }
}
