/// The one authorisation policy of Enjeu: given a community and a viewer's relation to it,
/// what may the viewer do? Pure, so the whole matrix is unit-tested; the web layer asks it
/// once per request and hands handlers an already-checked context.
public enum ViewerRelation: Sendable, Equatable {
    case anonymous
    /// Signed in, no membership and no pending request.
    case outsider
    /// Has a pending join request.
    case pending
    /// A membership row exists; `charterCurrent` says whether they accepted the current charter.
    case member(role: Role, status: MembershipStatus, charterCurrent: Bool)
}

public enum Capability: Sendable, Equatable, CaseIterable {
    /// Name, purpose, perimeter, stage, charter, how to join.
    case seeCard
    /// Everything beyond the card: members, activity, content.
    case seeInside
    /// Ask to join.
    case requestToJoin
    /// Accept the current charter.
    case acceptCharter
    /// Write content (amendments, figures, offers, posts…): needs the current charter accepted.
    case contribute
    /// Approve requests, suspend members, edit the profile and the charter.
    case steward
    /// Leave the community.
    case leave
    /// Read the #CodeSocial: like `seeInside`, or anyone once the community publishes its code.
    case readCode
    /// Read a programme's dataset exports (estimates CSV, data package): anyone once it publishes them as open data
    /// (`OpenLicence.publishes`: public and licensed), otherwise like `contribute` (its participants, who pay for them).
    case readOpenData
    /// Review reports, hide and restore items, suspend members: active stewards and the founder for now (the role right
    /// `moderate` once roles carry rights).
    case moderate
}

public enum AccessPolicy {
    public static func allows(_ capability: Capability, visibility: Visibility, relation: ViewerRelation,
                              codePublished: Bool = false, dataPublished: Bool = false) -> Bool {
        let active: Bool
        let steward: Bool
        let charterCurrent: Bool
        // A suspended member reads what an active member reads, and writes nothing (the gate lifts a suspension whose
        // end has passed before asking: `CommunityAccess.load`).
        var reads = false
        switch relation {
        case let .member(role, status, current):
            active = status == .active
            reads = active || status == .suspended
            steward = active && role.isSteward
            charterCurrent = current
        default:
            active = false
            steward = false
            charterCurrent = false
        }
        switch capability {
        case .seeCard:
            return true
        case .seeInside:
            return visibility == .public || reads
        case .readCode:
            return codePublished || visibility == .public || reads
        case .requestToJoin:
            switch relation {
            case .outsider: return true
            case let .member(_, status, _): return status == .left
            default: return false
            }
        case .acceptCharter:
            if case let .member(_, status, current) = relation {
                return (status == .approved || status == .active) && !current
            }
            return false
        case .contribute:
            return active && charterCurrent
        case .readOpenData:
            return (dataPublished && visibility == .public) || (active && charterCurrent)
        case .steward, .moderate:
            return steward
        case .leave:
            if case let .member(role, status, _) = relation {
                return role != .founder && (status == .active || status == .approved || status == .suspended)
            }
            return false
        }
    }
}
