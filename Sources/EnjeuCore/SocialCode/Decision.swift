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

/// The positions counted for a decision, and what the rule concludes from them.
public struct Tally: Equatable, Sendable, Codable {
    public let consents: Int
    public let objections: Int
    public let abstentions: Int
    public let members: Int
    public let quorum: Int

    public var positions: Int { consents + objections + abstentions }
    public var quorumReached: Bool { positions >= quorum }
    public var everyoneSpoke: Bool { positions >= members }
}

public enum Outcome: String, Sendable, Codable {
    case adopted, rejected, open
}

public enum DecisionEngine {
    public static func tally(_ stances: [Stance], activeMembers: Int, policy: DecisionPolicy) -> Tally {
        let quorum = max(1, Int((Double(policy.quorumPercent) * Double(activeMembers) / 100).rounded(.up)))
        return Tally(consents: stances.filter { $0 == .consent }.count, objections: stances.filter { $0 == .object }.count,
                     abstentions: stances.filter { $0 == .abstain }.count, members: activeMembers, quorum: quorum)
    }

    /// The outcome now: still open until the closing time passes or every active member has spoken;
    /// then adopted or rejected by the rule. The same inputs always give the same outcome.
    public static func decide(_ t: Tally, policy: DecisionPolicy, closesAt: Date, now: Date) -> Outcome {
        guard now >= closesAt || t.everyoneSpoke else { return .open }
        guard t.quorumReached else { return .rejected }
        switch policy.rule {
        case .consent: return t.objections == 0 ? .adopted : .rejected
        case .majority: return t.consents > t.objections ? .adopted : .rejected
        }
    }
}
