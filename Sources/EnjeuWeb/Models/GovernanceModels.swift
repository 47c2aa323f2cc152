import Foundation
import EnjeuCore

/// A role as listed: its rights, its holders' handles; `builtin` is "founder" or "steward" for the predefined roles.
package struct GovernanceRoleItem: Codable, Sendable {
    package let id: UUID
    package let name: String
    package let purpose: String
    package let rights: [Right]
    package let builtin: String?
    package let holders: [String]
    package let createdAt: Date

    package init(id: UUID, name: String, purpose: String, rights: [Right], builtin: String?, holders: [String], createdAt: Date) {
        self.id = id; self.name = name; self.purpose = purpose; self.rights = rights; self.builtin = builtin; self.holders = holders
        self.createdAt = createdAt
    }
}

/// A governance proposal (every kind but code amendments): what it changes, and once decided who applied it and why.
package struct GovernanceProposalItem: Codable, Sendable {
    package let id: UUID
    package let kind: GovernanceKind
    package let status: AmendmentStatus
    package let summary: String
    package let reason: String
    package let author: String
    package let role: RoleProposal?
    package let assignment: AssignmentProposal?
    package let credibilityRule: CredibilityRuleProposal?
    /// A charter version (its text, the rules it writes) or a stage change, for those kinds.
    package let charter: CharterProposal?
    package let stage: StageProposal?
    package let closesAt: Date
    package let createdAt: Date
    package let decidedAt: Date?
    /// The handle of who applied the decision (nil: the closing job, or still open).
    package let decidedBy: String?
    /// On what authority (`DecisionAuthority`); nil while open.
    package let authority: DecisionAuthority?

    package init(id: UUID, kind: GovernanceKind, status: AmendmentStatus, summary: String, reason: String, author: String,
                 role: RoleProposal?, assignment: AssignmentProposal?, credibilityRule: CredibilityRuleProposal?, closesAt: Date,
                 createdAt: Date, decidedAt: Date?, decidedBy: String?, authority: DecisionAuthority?, charter: CharterProposal? = nil,
                 stage: StageProposal? = nil) {
        self.charter = charter; self.stage = stage
        self.id = id; self.kind = kind; self.status = status; self.summary = summary; self.reason = reason; self.author = author
        self.role = role; self.assignment = assignment; self.credibilityRule = credibilityRule; self.closesAt = closesAt
        self.createdAt = createdAt; self.decidedAt = decidedAt; self.decidedBy = decidedBy; self.authority = authority
    }
}

/// The community's credibility rule, as adopted (nil: none).
package struct CredibilityRuleItem: Codable, Sendable {
    package let topic: String, count: Int, rights: [Right], weighPositions: Bool, cap: Double
    package init(topic: String, count: Int, rights: [Right], weighPositions: Bool = false, cap: Double = PositionWeight.defaultCap) {
        self.topic = topic; self.count = count; self.rights = rights; self.weighPositions = weighPositions; self.cap = cap
    }
}

/// The roles page (#CodeSocial governance): roles, open proposals, credibility's rule, and the forms to propose.
package struct RolesPage: Sendable {
    package let community: CodeCommunity, roles: KeysetPage<GovernanceRoleItem>, proposals: [GovernanceProposalItem]
    package let rule: CredibilityRuleItem?
    /// The role form, the assignment form (with `role` the role it was for), the rule form.
    package let roleForm: FormState, assignmentForm: FormState, ruleForm: FormState

    package init(community: CodeCommunity, roles: KeysetPage<GovernanceRoleItem>, proposals: [GovernanceProposalItem], rule: CredibilityRuleItem?,
                 roleForm: FormState = FormState(), assignmentForm: FormState = FormState(), ruleForm: FormState = FormState()) {
        self.community = community; self.roles = roles; self.proposals = proposals; self.rule = rule
        self.roleForm = roleForm; self.assignmentForm = assignmentForm; self.ruleForm = ruleForm
    }
}

/// One governance proposal with its positions and tally; `canDecide`: the viewer holds apply-decisions.
package struct ProposalPage: Sendable {
    package let community: CodeCommunity, proposal: GovernanceProposalItem, positions: [AmendmentPositionItem], tally: Tally
    package let rule: DecisionRule, canDecide: Bool

    package init(community: CodeCommunity, proposal: GovernanceProposalItem, positions: [AmendmentPositionItem], tally: Tally,
                 rule: DecisionRule, canDecide: Bool) {
        self.community = community; self.proposal = proposal; self.positions = positions; self.tally = tally; self.rule = rule
        self.canDecide = canDecide
    }
}
