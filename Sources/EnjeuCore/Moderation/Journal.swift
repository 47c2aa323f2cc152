import Foundation

/// The actions the community's journal names (`audit_events.action`), each with whether anyone may read it on a public
/// community (`public`) or only its members. An action not listed here is recorded all the same, members-only, and shown
/// under its stored name.
public enum JournalAction: String, CaseIterable, Sendable {
    case communityCreate = "community.create", communityUpdate = "community.update", communitySharing = "community.sharing"
    case joinRequest = "join.request", joinWithdraw = "join.withdraw", joinApprove = "join.approve", joinDecline = "join.decline"
    case charterAccept = "charter.accept", charterVersion = "charter.version"
    case memberLeave = "member.leave", memberSuspend = "member.suspend", memberReinstate = "member.reinstate"
    case memberUnsuspend = "member.unsuspend", memberPromote = "member.promote", memberDemote = "member.demote"
    case linkPropose = "link.propose", linkAccepted = "link.accepted", linkDeclined = "link.declined", linkEnded = "link.ended"
    case linkEnd = "link.end"
    case codeSettings = "code.settings", programmeLicence = "programme.licence", credibilityThreshold = "credibility.threshold"
    case programmeJoinRequest = "programme.join.request", programmeJoinApprove = "programme.join.approve"
    case programmeJoinDecline = "programme.join.decline"
    case mergeRequest = "figures.merge.request", mergeAccept = "figures.merge.accept"
    case reportsDismiss = "reports.dismiss", itemHide = "item.hide", itemRestore = "item.restore"
    case itemThreshold = "item.threshold", itemReview = "item.review", moderationSettings = "moderation.settings"
    case postDelete = "post.delete", commentDelete = "comment.delete"
    case accountSuspend = "account.suspend", accountUnsuspend = "account.unsuspend", accountDelete = "account.delete"
    // Governance (issue 18): decisions on roles, their assignments, credibility's rule, charters, stages, publishing code.
    case roleCreate = "role.create", roleChange = "role.change", roleRemove = "role.remove"
    case roleAssign = "role.assign", roleUnassign = "role.unassign", credibilityRule = "credibility.rule"
    case charterAdopt = "charter.adopt", stageChange = "stage.change", codePublication = "code.publication"

    /// Acts of the community's authority that concern no one person's standing: readable by anyone on a public community.
    public var isPublic: Bool {
        switch self {
        case .communityCreate, .communityUpdate, .communitySharing, .charterVersion, .linkPropose, .linkAccepted, .linkDeclined,
             .linkEnded, .linkEnd, .codeSettings, .programmeLicence, .credibilityThreshold, .programmeJoinApprove,
             .programmeJoinDecline, .mergeRequest, .mergeAccept, .itemHide, .itemRestore, .itemThreshold, .moderationSettings,
             .postDelete, .commentDelete,
             // A role's definition, credibility's rule, a charter, a stage are the community's rules; who holds a role is
             // a person's standing (members only).
             .roleCreate, .roleChange, .roleRemove, .credibilityRule, .charterAdopt, .stageChange, .codePublication:
            true
        default: false
        }
    }

    /// Whether an action, as stored, is public.
    public static func isPublic(_ stored: String) -> Bool { JournalAction(rawValue: stored)?.isPublic ?? false }
}
