import Foundation
import EnjeuCore
import EnjeuWeb

/// Roles, assignments, governance proposals and credibility's rule (issue 18), declared once.
/// Proposals of every kind but `code` are decided at `…/proposals/{id}/positions` and `…/proposals/{id}/decide`,
/// the same engine as amendments.
enum GovernanceAPIEndpoints {
    typealias API = GovernanceAPI
    typealias Op = APIOperation
    static let opened = APIResponse.created(API.Opened.self, "ProposalOpened")
    static let proposalSchema = APISchema(ProposalQueries.ProposalItem.self, "Proposal",
                                          components: [APISchema(RoleProposal.self, "RoleProposal"),
                                                       APISchema(AssignmentProposal.self, "AssignmentProposal"),
                                                       APISchema(CredibilityRuleProposal.self, "CredibilityRuleProposal")])

    static let roles = Op<String>(.GET, "/api/v1/communities/:slug/roles", gate: .community(.seeInside), name: "api.roles",
                                  "The community's roles, their rights and holders (founder and steward are predefined)",
                                  .ok(.page(RoleQueries.RoleItem.self, "Role")))
    static let proposeRole = Op<String>(.POST, "/api/v1/communities/:slug/roles", gate: .community(.contribute), name: "api.roles.propose",
                                        "Propose a new role (`rights` from the fixed list); opens a proposal",
                                        body: .json(API.RoleIn.self), opened)
    static let changeRole = Op<String, UUID>(.POST, "/api/v1/communities/:slug/roles/:id/changes", gate: .community(.contribute),
                                             name: "api.roles.change", "Propose changing (`action` change) or removing (`remove`) a role",
                                             body: .json(API.RoleChangeIn.self), opened)
    static let assign = Op<String, UUID>(.POST, "/api/v1/communities/:slug/roles/:id/assignments", gate: .community(.contribute),
                                         name: "api.roles.assign", "Propose giving the role to an active member (`action` unassign: taking it back)",
                                         body: .json(API.AssignmentIn.self), opened)
    static let proposals = Op<String>(.GET, "/api/v1/communities/:slug/proposals", gate: .community(.seeInside), name: "api.proposals",
                                      "Governance proposals (not code amendments), newest first (?kind=role|assignment|credibility-rule)",
                                      .ok(.page(ProposalQueries.ProposalItem.self, "Proposal")))
    static let proposal = Op<String, UUID>(.GET, "/api/v1/communities/:slug/proposals/:id", gate: .community(.seeInside), name: "api.proposal",
                                           "A governance proposal with its positions and tally",
                                           .ok(APISchema(API.ProposalOut.self, "ProposalDetail", components: [proposalSchema, APISchema(Tally.self, "Tally")])))
    static let position = Op<String, UUID>(.POST, "/api/v1/communities/:slug/proposals/:id/positions", gate: .community(.contribute),
                                           name: "api.proposal.position", "Take (or replace) my position on a proposal",
                                           body: .json(CodeAPI.PositionIn.self), .ok(CodeAPI.StatusOut.self, "Status"))
    static let decide = Op<String, UUID>(.POST, "/api/v1/communities/:slug/proposals/:id/decide", gate: .community(.applyDecisions),
                                         name: "api.proposal.decide", "Apply the decision rule now (the apply-decisions right)",
                                         .ok(APISchema(CodeService.Decided.self, "Decided", components: [APISchema(Tally.self, "Tally")])))
    static let proposeRule = Op<String>(.POST, "/api/v1/communities/:slug/credibility/rule", gate: .community(.contribute),
                                        name: "api.credibility.rule.propose",
                                        "Propose the rule by which the `count` most credible members (on `topic`) hold `rights` (count 0: none)",
                                        body: .json(API.RuleIn.self), opened)

    static let all: [APIDoc] = [roles.doc, proposeRole.doc, changeRole.doc, assign.doc, proposals.doc, proposal.doc, position.doc, decide.doc,
                                proposeRule.doc]
}
