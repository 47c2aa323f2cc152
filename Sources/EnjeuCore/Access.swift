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
    /// The rights a role can carry (`Right`): held by active founders and stewards, and by active members whose roles
    /// (or whose credibility, under the community's rule) give them. `moderate` (review reports, hide and restore
    /// items, suspend members) is one of them.
    case approveMembers, moderate, applyDecisions, recordFlowsOnBehalf, setFiguresRules, editPyramid, publishCode, manageLinks

    /// The right this capability is, if it is one.
    public var right: Right? {
        switch self {
        case .approveMembers: .approveMembers
        case .moderate: .moderate
        case .applyDecisions: .applyDecisions
        case .recordFlowsOnBehalf: .recordFlowsOnBehalf
        case .setFiguresRules: .setFiguresRules
        case .editPyramid: .editPyramid
        case .publishCode: .publishCode
        case .manageLinks: .manageLinks
        default: nil
        }
    }

    /// Capabilities that only read: a closed community's pages still offer them.
    public var onlyReads: Bool {
        switch self {
        case .seeCard, .seeInside, .readCode, .readOpenData: true
        default: false
        }
    }

    public init(_ right: Right) {
        switch right {
        case .approveMembers: self = .approveMembers
        case .moderate: self = .moderate
        case .applyDecisions: self = .applyDecisions
        case .recordFlowsOnBehalf: self = .recordFlowsOnBehalf
        case .setFiguresRules: self = .setFiguresRules
        case .editPyramid: self = .editPyramid
        case .publishCode: self = .publishCode
        case .manageLinks: self = .manageLinks
        }
    }
}

public enum AccessPolicy {
    /// A closed community is an archive: everything stays readable as it was, to whoever could read it, and nothing is
    /// written there any more. The gate refuses every write to it by its method (`writable`); the capabilities that only
    /// exist to write (joining, accepting the charter, leaving) are refused here; `contribute` still reads what members
    /// read (an indicator's values, exports, credits), and pages offer no write (`offers`).
    public static func writable(_ stage: LifeStage) -> Bool { stage != .closed }

    /// What a page may offer the viewer: what `allows` says, less every write in a closed community (its forms and the
    /// buttons leading to them), so an archive's pages show what it holds and no way to add to it.
    public static func offers(_ capability: Capability, visibility: Visibility, relation: ViewerRelation,
                              codePublished: Bool = false, dataPublished: Bool = false, rights: Rights = .none,
                              stage: LifeStage = .growing) -> Bool {
        allows(capability, visibility: visibility, relation: relation, codePublished: codePublished, dataPublished: dataPublished,
               rights: rights, stage: stage) && (writable(stage) || capability.onlyReads)
    }

    /// `rights`: what the viewer's roles and credibility give them in this community (`memberships.rights | earned_rights`,
    /// read with the membership); founders and stewards hold every right whatever it says.
    public static func allows(_ capability: Capability, visibility: Visibility, relation: ViewerRelation,
                              codePublished: Bool = false, dataPublished: Bool = false, rights: Rights = .none,
                              stage: LifeStage = .growing) -> Bool {
        let archive = !writable(stage)
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
            if archive { return false }
            switch relation {
            case .outsider: return true
            case let .member(_, status, _): return status == .left
            default: return false
            }
        case .acceptCharter:
            if archive { return false }
            if case let .member(_, status, current) = relation {
                return (status == .approved || status == .active) && !current
            }
            return false
        case .contribute:
            return active && charterCurrent
        case .readOpenData:
            return (dataPublished && visibility == .public) || (active && charterCurrent)
        case .steward:
            return steward
        case .approveMembers, .moderate, .applyDecisions, .recordFlowsOnBehalf, .setFiguresRules, .editPyramid, .publishCode, .manageLinks:
            return steward || (active && capability.right.map(rights.contains) == true)
        case .leave:
            if archive { return false }
            if case let .member(role, status, _) = relation {
                return role != .founder && (status == .active || status == .approved || status == .suspended)
            }
            return false
        }
    }
}
