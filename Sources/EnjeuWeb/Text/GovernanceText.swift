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
    case proposeCredibilityRule, grants, grantsNone, topicAll, openProposals, weighPositionsLabel, capHint

    package static func right(_ r: Right) -> Text { rightTexts[r] }
    private static let rightTexts = CaseTexts<Right>("governance.right")
    package static func kind(_ k: GovernanceKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<GovernanceKind>("governance.kind")
    package static func roleAction(_ a: RoleProposal.Action) -> Text { roleActionTexts[a] }
    private static let roleActionTexts = CaseTexts<RoleProposal.Action>("governance.roleAction")
    package static func assignmentAction(_ a: AssignmentProposal.Action) -> Text { assignmentActionTexts[a] }
    private static let assignmentActionTexts = CaseTexts<AssignmentProposal.Action>("governance.assignmentAction")

    /// A weight as people read it: 3, 2.5 (2,5 in French).
    private static func weight(_ w: Double) -> (fr: String, en: String) {
        let en = w == w.rounded() ? String(Int(w)) : String(format: "%.1f", w)
        return (en.replacingOccurrences(of: ".", with: ","), en)
    }

    package static func weighsPositions(cap: Double) -> Text {
        let c = weight(cap), low = weight(1 / cap)
        return Text(fr: "Sous la règle de la majorité, chaque position pèse la crédibilité de son auteur·rice, entre ×\(low.fr) et ×\(c.fr) celle d'un membre moyen.",
                    en: "Under the majority rule, each position weighs its author's credibility, between ×\(low.en) and ×\(c.en) an average member's.")
    }

    package static func positionWeighs(_ w: Double) -> Text {
        let v = weight((w * 10).rounded() / 10)
        return Text(fr: "sa position pèse ×\(v.fr) dans une décision à la majorité", en: "their position weighs ×\(v.en) in a majority decision")
    }

    package static func weighedTally(consents: Double, objections: Double) -> Text {
        let c = weight((consents * 10).rounded() / 10), o = weight((objections * 10).rounded() / 10)
        return Text(fr: "pesées par la crédibilité : pour \(c.fr), contre \(o.fr)", en: "weighed by credibility: for \(c.en), against \(o.en)")
    }

    package static func credibilityRule(count: Int, topic: String, rights: String) -> Text {
        topic.isEmpty
            ? Text(fr: "Les \(count) membres les plus crédibles ont : \(rights).", en: "The \(count) most credible members hold: \(rights).")
            : Text(fr: "Les \(count) membres les plus crédibles sur « \(topic) » ont : \(rights).",
                   en: "The \(count) most credible members on “\(topic)” hold: \(rights).")
    }
}
