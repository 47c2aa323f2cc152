import Foundation

/// What a governance proposal changes once adopted. Every kind is an `amendments` row (`kind`, `payload`): one set of
/// positions, one tally, one `DecisionEngine`, one closing job; adoption runs the kind's effect in the same transaction
/// (EnjeuApp/Governance/ProposalEffects.swift). A new kind is a case here, its payload below, and its effect there.
public enum GovernanceKind: String, CaseIterable, Codable, Sendable {
    /// A #CodeSocial amendment (its changes are `amendment_changes` rows; `payload` is empty).
    case code
    /// Create, change or remove a role of the community (`RoleProposal`).
    case role
    /// Give a member a role or take it back (`AssignmentProposal`).
    case assignment
    /// The rule by which credibility grants rights (`CredibilityRuleProposal`).
    case credibilityRule = "credibility-rule"
    /// A new version of the reciprocity charter, with the give-to-get rules it writes (`CharterProposal`).
    case charter
    /// A change of life stage, proposed by Enjeu from the vitality measures (`StageProposal`).
    case stage
}

/// A role's change, as proposed.
public struct RoleProposal: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable { case create, change, remove }
    public var action: Action
    /// The role changed or removed (nil for `create`).
    public var role: UUID?
    public var name: String
    public var purpose: String
    public var rights: [Right]

    public init(action: Action, role: UUID?, name: String, purpose: String, rights: [Right]) {
        self.action = action
        self.role = role
        self.name = name
        self.purpose = purpose
        self.rights = rights
    }

    /// A role's name and purpose as typed, with its rights as words: `create` and `change` need a name; every right must
    /// be in the list.
    public static func validated(action: Action, role: UUID?, name: String, purpose: String, rights words: [String]) -> Result<RoleProposal, Violations> {
        var v = Violations()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        if action != .remove {
            v.checkLength(.name, name, min: 2, max: 80)
            v.checkLength(.purpose, purpose, min: 0, max: Rules.shortTextMax)
        }
        var rights = Rights.none
        switch Rights.parse(words) {
        case let .success(r): rights = r
        case let .failure(f): v.add(.rights, f.all.first?.problem ?? .notAChoice)
        }
        if action != .create && role == nil { v.add(.role, .required) }
        guard v.isEmpty else { return .failure(v) }
        return .success(RoleProposal(action: action, role: role, name: name, purpose: purpose, rights: rights.list))
    }
}

/// Giving a member a role, or taking it back.
public struct AssignmentProposal: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable { case assign, unassign }
    public var action: Action
    public var role: UUID
    public var user: UUID
    /// Copied for display (handles never change).
    public var handle: String
    public var roleName: String

    public init(action: Action, role: UUID, user: UUID, handle: String, roleName: String) {
        self.action = action
        self.role = role
        self.user = user
        self.handle = handle
        self.roleName = roleName
    }
}

/// « The `count` most credible members (on `topic`, or overall when empty) hold `rights` »; `count` 0 withdraws the rule.
public struct CredibilityRuleProposal: Codable, Sendable, Equatable {
    public var topic: String
    public var count: Int
    public var rights: [Right]
    /// « Positions are weighted by credibility (capped) », up to `cap` (`PositionWeight`).
    public var weighPositions: Bool
    public var cap: Double

    public init(topic: String, count: Int, rights: [Right], weighPositions: Bool = false, cap: Double = PositionWeight.defaultCap) {
        self.topic = topic
        self.count = count
        self.rights = rights
        self.weighPositions = weighPositions
        self.cap = cap
    }

    /// Proposals stored before positions could be weighed have neither key.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(topic: try c.decode(String.self, forKey: .topic), count: try c.decode(Int.self, forKey: .count),
                  rights: try c.decode([Right].self, forKey: .rights), weighPositions: try c.decodeIfPresent(Bool.self, forKey: .weighPositions) ?? false,
                  cap: try c.decodeIfPresent(Double.self, forKey: .cap) ?? PositionWeight.defaultCap)
    }

    /// Neither rights nor weights: the community has no rule.
    public var isNone: Bool { count == 0 && !weighPositions }

    public static let maxCount = 50

    public static func validated(topic: String, count: Int, rights words: [String], weighPositions: Bool = false,
                                 cap: Double? = nil) -> Result<CredibilityRuleProposal, Violations> {
        var v = Violations()
        let raw = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        let topic = raw.isEmpty ? "" : (Topic(raw)?.label ?? raw)
        if !raw.isEmpty && Topic(raw) == nil { v.add(.topic, .outOfRange(min: 2, max: 60)) }
        if !(0...maxCount).contains(count) { v.add(.count, .outOfRange(min: 0, max: maxCount)) }
        var rights = Rights.none
        switch Rights.parse(words) {
        case let .success(r): rights = r
        case let .failure(f): v.add(.rights, f.all.first?.problem ?? .notAChoice)
        }
        if count > 0 && rights.isEmpty { v.add(.rights, .required) }
        let cap = cap ?? PositionWeight.defaultCap
        if weighPositions && !(cap.isFinite && PositionWeight.caps.contains(cap)) {
            v.add(.cap, .outOfRange(min: Int(PositionWeight.caps.lowerBound), max: Int(PositionWeight.caps.upperBound)))
        }
        guard v.isEmpty else { return .failure(v) }
        return .success(CredibilityRuleProposal(topic: topic, count: count, rights: rights.list, weighPositions: weighPositions,
                                                cap: weighPositions ? cap : PositionWeight.defaultCap))
    }
}

/// A proposal's payload as stored in `amendments.payload` (JSON, sorted keys so equal payloads are equal text).
public enum ProposalPayload {
    public static func encode<T: Encodable>(_ value: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return (try? e.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// Who may apply decisions once a change is made: the community must always keep someone (issue 18). Pure, so the
/// role, assignment and credibility-rule effects ask the same question.
public enum Governance {
    /// `stewards`: active founders and stewards; `roleHolders`: active members whose roles give apply-decisions;
    /// `credible`: active members the credibility rule names, when it gives apply-decisions.
    public static func someoneCanApply(stewards: Int, roleHolders: Int, credible: Int) -> Bool {
        stewards + roleHolders + credible > 0
    }
}

/// On what authority a decision was applied, kept on its record (`amendments.authority`).
public enum DecisionAuthority: String, CaseIterable, Codable, Sendable {
    /// A founder or steward.
    case steward
    /// A role that gives apply-decisions.
    case role
    /// Credibility, under the community's rule.
    case credibility
    /// The closing job, when the time had come.
    case closing

    /// Who applies it now: founders and stewards by their role first, then a custom role, then credibility.
    public static func of(role: Role?, roleRights: Rights, earnedRights: Rights) -> DecisionAuthority {
        if role?.isSteward == true { return .steward }
        if roleRights.contains(.applyDecisions) { return .role }
        if earnedRights.contains(.applyDecisions) { return .credibility }
        return .closing
    }
}
