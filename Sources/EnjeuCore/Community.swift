import Foundation

/// Life stage of a community of stakes (« stade de vie »).
public enum LifeStage: String, CaseIterable, Codable, Sendable {
    case emerging, growing, mature, dormant, closed
}

/// Who may see what lies beyond a community's public card.
public enum Visibility: String, CaseIterable, Codable, Sendable {
    /// Everyone may read the community's pages.
    case `public`
    /// Only active members see beyond the public card; everyone else gets 404.
    case members
}

public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case founder, steward, member

    /// Founders first, then stewards, then members.
    public var rank: Int {
        switch self {
        case .founder: 0
        case .steward: 1
        case .member: 2
        }
    }

    public var isSteward: Bool { self != .member }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
    /// The roles that steward, as stored: for `role IN (…)`.
    public static let stewardRoles = allCases.filter(\.isSteward).map(\.rawValue)
}

/// Lifecycle of a membership row. A join request that is approved creates an `approved`
/// membership; it turns `active` only when the person accepts the current charter.
public enum MembershipStatus: String, CaseIterable, Codable, Sendable {
    case approved, active, suspended, left
}

public enum JoinRequestStatus: String, CaseIterable, Codable, Sendable {
    case pending, approved, declined, withdrawn
}

/// The editable profile of a community, as typed by a person; `validated()` checks every rule.
public struct CommunityDraft: Sendable, Equatable {
    public var slug, name, purpose, perimeter, rhythm, stage, visibility, charter: String

    public init(slug: String, name: String, purpose: String, perimeter: String, rhythm: String,
                stage: String, visibility: String, charter: String) {
        self.slug = slug
        self.name = name
        self.purpose = purpose
        self.perimeter = perimeter
        self.rhythm = rhythm
        self.stage = stage
        self.visibility = visibility
        self.charter = charter
    }

    /// `includingCharter: false` for profile edits: the charter changes through its own versions.
    public func validated(includingCharter: Bool = true) -> Result<ValidCommunity, Violations> {
        var v = Violations()
        let slug = slug.trimmingCharacters(in: .whitespaces)
        if !Rules.isValidSlug(slug) { v.add(.slug, .slugFormat) }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.name, name, min: 2, max: Rules.nameMax)
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.purpose, purpose, min: 10, max: Rules.longTextMax)
        let perimeter = perimeter.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.perimeter, perimeter, min: 0, max: Rules.shortTextMax)
        let rhythm = rhythm.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.rhythm, rhythm, min: 0, max: Rules.shortTextMax)
        let stage = LifeStage(rawValue: stage)
        if stage == nil { v.add(.stage, .notAChoice) }
        let visibility = Visibility(rawValue: visibility)
        if visibility == nil { v.add(.visibility, .notAChoice) }
        let charter = charter.trimmingCharacters(in: .whitespacesAndNewlines)
        if includingCharter { v.checkLength(.charter, charter, min: Rules.charterMin, max: Rules.longTextMax) }
        guard v.isEmpty, let stage, let visibility else { return .failure(v) }
        return .success(ValidCommunity(slug: slug, name: name, purpose: purpose, perimeter: perimeter,
                                       rhythm: rhythm, stage: stage, visibility: visibility, charter: charter))
    }
}

/// A community profile that passed every rule: only `CommunityDraft.validated()` makes one.
public struct ValidCommunity: Sendable, Equatable {
    public let slug, name, purpose, perimeter, rhythm: String
    public let stage: LifeStage
    public let visibility: Visibility
    public let charter: String
}

/// What a steward may do to another member.
/// A steward's change to a member's role; suspensions go through moderation (`ModerationService.suspend`, with a reason).
public enum MemberChange: String, CaseIterable, Sendable { case promote, demote }
