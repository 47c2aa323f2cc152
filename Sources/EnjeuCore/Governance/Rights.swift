import Foundation

/// A right a community's role can carry (issue 18): the fixed list, stored as kebab-case words in JSON and as a bit of
/// `memberships.rights` (a bitmask the gate reads with the membership, so checking a right costs no query).
public enum Right: String, CaseIterable, Codable, Sendable {
    case approveMembers = "approve-members"
    case moderate
    case applyDecisions = "apply-decisions"
    case recordFlowsOnBehalf = "record-flows"
    case setFiguresRules = "set-figures-rules"
    case editPyramid = "edit-pyramid"
    case publishCode = "publish-code"
    case manageLinks = "manage-links"

    /// Its bit in a `Rights` mask; never renumber (the database stores the masks).
    public var bit: Int {
        switch self {
        case .approveMembers: 1 << 0
        case .moderate: 1 << 1
        case .applyDecisions: 1 << 2
        case .recordFlowsOnBehalf: 1 << 3
        case .setFiguresRules: 1 << 4
        case .editPyramid: 1 << 5
        case .publishCode: 1 << 6
        case .manageLinks: 1 << 7
        }
    }
}

/// A set of rights, stored as an integer mask.
public struct Rights: Equatable, Hashable, Sendable {
    public var mask: Int
    public init(mask: Int) { self.mask = mask & Rights.allMask }
    public init(_ rights: some Sequence<Right>) { mask = rights.reduce(0) { $0 | $1.bit } }

    public static let none = Rights(mask: 0)
    /// Founders and stewards hold every right.
    public static let all = Rights(mask: allMask)
    /// Every right's bit; `init(mask:)` keeps only these (not through `all`, whose own initialisation calls it).
    private static let allMask = Right.allCases.reduce(0) { $0 | $1.bit }

    public func contains(_ r: Right) -> Bool { mask & r.bit != 0 }
    public var isEmpty: Bool { mask == 0 }
    public func union(_ other: Rights) -> Rights { Rights(mask: mask | other.mask) }
    /// In the list's order, for JSON and pages.
    public var list: [Right] { Right.allCases.filter(contains) }

    /// Words as sent by a client: every one must be in the list (422 naming `rights` otherwise); duplicates are one.
    public static func parse(_ words: [String]) -> Result<Rights, Violations> {
        var out = Rights.none
        for w in words {
            guard let r = Right(rawValue: w.trimmingCharacters(in: .whitespaces)) else { return .failure(Violations(.rights, .notAChoice)) }
            out = out.union(Rights([r]))
        }
        return .success(out)
    }
}
