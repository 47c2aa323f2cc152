import Foundation
import EnjeuCore

/// Governance pages (issue 18): roles and their assignments, governance proposals, credibility's rule. Proposals are
/// decided like amendments: `…/proposals/:id/positions`, `…/proposals/:id/decide`.
package enum GovernanceEndpoints {
    package static let roles = Endpoint<String>(.GET, "/communities/:slug/roles", gate: .community(.seeInside), name: "governance.roles")
    package static let proposeRole = Endpoint<String>(.POST, "/communities/:slug/roles", gate: .community(.contribute),
                                                      name: "governance.role.propose")
    package static let assign = Endpoint<String, UUID>(.POST, "/communities/:slug/roles/:id/assignments", gate: .community(.contribute),
                                                       name: "governance.role.assign")
    package static let changeRole = Endpoint<String, UUID>(.POST, "/communities/:slug/roles/:id/changes", gate: .community(.contribute),
                                                           name: "governance.role.change")
    package static let proposeRule = Endpoint<String>(.POST, "/communities/:slug/credibility/rule", gate: .community(.contribute),
                                                      name: "governance.credibility.rule")
    /// `?after=` pages.
    package static let proposals = Endpoint<String>(.GET, "/communities/:slug/proposals", gate: .community(.seeInside), name: "governance.proposals")
    package static let proposal = Endpoint<String, UUID>(.GET, "/communities/:slug/proposals/:id", gate: .community(.seeInside),
                                                         name: "governance.proposal")
    package static let position = Endpoint<String, UUID>(.POST, "/communities/:slug/proposals/:id/positions", gate: .community(.contribute),
                                                         name: "governance.proposal.position")
    package static let decide = Endpoint<String, UUID>(.POST, "/communities/:slug/proposals/:id/decide", gate: .community(.applyDecisions),
                                                       name: "governance.proposal.decide")
}
