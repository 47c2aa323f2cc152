import Foundation
import EnjeuCore

/// Keys of governance: roles, their rights, proposals of other kinds than code amendments, credibility's rule; their
/// words are in Catalogue/governance.json.
package enum GovernanceText: String, CaseIterable, TextKey {
    package static let domain = "governance"
    case errNoRight, errNoLongerAllowed, errBuiltinRole, errNotAMember, errAlreadyAssigned, errNotAssigned, errNoOneToApply
    case errRoleGone, errStewardByDecision, errTopicNotYet
    case rolesTitle, rolesLead, roleName, rolePurpose, roleRights, roleHolders, noRights, builtin, proposeRole, proposeRoleLead
    case proposeAssignment, assignLead, assign, unassign, removeRole, changeRole, proposalsTitle, proposalsLead, noProposals
    case proposal, proposedBy, appliedBy, appliedWhy, whyRole, whyCredibility, whySteward, whyClosing, decideNow
    case yourPosition, sendPosition, rolesOfMembers, credibilityRuleTitle, credibilityRuleLead, credibilityRuleNone
    case proposeCredibilityRule, grants, grantsNone, topicAll, openProposals

    package static func right(_ r: Right) -> Text { rightTexts[r] }
    private static let rightTexts = CaseTexts<Right>("governance.right")
    package static func kind(_ k: GovernanceKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<GovernanceKind>("governance.kind")
    package static func roleAction(_ a: RoleProposal.Action) -> Text { roleActionTexts[a] }
    private static let roleActionTexts = CaseTexts<RoleProposal.Action>("governance.roleAction")
    package static func assignmentAction(_ a: AssignmentProposal.Action) -> Text { assignmentActionTexts[a] }
    private static let assignmentActionTexts = CaseTexts<AssignmentProposal.Action>("governance.assignmentAction")

    package static func credibilityRule(count: Int, topic: String, rights: String) -> Text {
        topic.isEmpty
            ? Text(fr: "Les \(count) membres les plus crédibles ont : \(rights).", en: "The \(count) most credible members hold: \(rights).")
            : Text(fr: "Les \(count) membres les plus crédibles sur « \(topic) » ont : \(rights).",
                   en: "The \(count) most credible members on “\(topic)” hold: \(rights).")
    }
}
