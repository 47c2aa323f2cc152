import Foundation
import Vapor
import EnjeuCore
import EnjeuWeb

/// A charter the members write (issue 18): a new version is a governance proposal of kind `charter`, decided like an
/// amendment; declared once.
enum CharterAPIEndpoints {
    typealias Op = APIOperation
    static let propose = Op<String>(.POST, "/api/v1/communities/:slug/charter", gate: .community(.contribute), name: "api.community.charter.propose",
                                    "Propose a new charter version (`text`; `version`, the current one it follows: 409 when another was adopted since; with `rules`, the give-to-get rules it writes; with `stewardsReadFree`, whether stewards read the figures free): opens a proposal decided like an amendment; once adopted, every member accepts it again before contributing again",
                                    body: .json(CharterProposalIn.self, "NewCharter"), .created(GovernanceAPI.Opened.self, "ProposalOpened"))
    static let proposals = Op<String>(.GET, "/api/v1/communities/:slug/charter/proposals", gate: .community(.seeInside),
                                      name: "api.community.charter.proposals", "Charter proposals, newest first",
                                      .ok(.page(ProposalQueries.ProposalItem.self, "Proposal")))
    static let position = Op<String, UUID>(.POST, "/api/v1/communities/:slug/charter/proposals/:id/positions", gate: .community(.contribute),
                                           name: "api.community.charter.position", "Take (or replace) my position on a charter proposal",
                                           body: .json(CodeAPI.PositionIn.self), .ok(CodeAPI.StatusOut.self, "Status"))
    static let decide = Op<String, UUID>(.POST, "/api/v1/communities/:slug/charter/proposals/:id/decide", gate: .community(.applyDecisions),
                                         name: "api.community.charter.decide", "Apply the decision rule to a charter proposal now (the apply-decisions right)",
                                         .ok(APISchema(CodeService.Decided.self, "Decided", components: [APISchema(Tally.self, "Tally")])))
    static let all: [APIDoc] = [propose.doc, proposals.doc, position.doc, decide.doc]
}

/// A charter proposal as sent.
struct CharterProposalIn: Content {
    let text: String
    let version: Int?
    let rules: CreditRules?
    let stewardsReadFree: Bool?
    let reason: String?
}
