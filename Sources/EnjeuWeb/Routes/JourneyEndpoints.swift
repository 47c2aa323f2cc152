import Foundation
import EnjeuCore

/// The pages of the six-step journey: the steps and proposals, the actions, the evaluation, the recognition wall, the report.
package enum JourneyEndpoints {
    // The steps, proposals and retrospectives of the current cycle.
    package static let overview = Endpoint<String>(.GET, "/communities/:slug/journey", gate: .community(.seeInside), name: "journey.overview")
    package static let start = Endpoint<String>(.POST, "/communities/:slug/journey/start", gate: .community(.steward), name: "journey.start")
    package static let nextCycle = Endpoint<String>(.POST, "/communities/:slug/journey/next-cycle", gate: .community(.steward), name: "journey.cycle.next")
    package static let propose = Endpoint<String>(.POST, "/communities/:slug/journey/proposals", gate: .community(.contribute), name: "journey.proposals.create")
    package static let position = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/proposals/:id/positions", gate: .community(.contribute),
                                                         name: "journey.proposal.position")
    package static let decide = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/proposals/:id/decide", gate: .community(.steward),
                                                       name: "journey.proposal.decide")
    package static let retrospective = Endpoint<String>(.POST, "/communities/:slug/journey/retrospectives", gate: .community(.contribute),
                                                        name: "journey.retrospectives.create")

    // The participatory plan.
    package static let actions = Endpoint<String>(.GET, "/communities/:slug/journey/actions", gate: .community(.seeInside), name: "journey.actions")
    package static let createAction = Endpoint<String>(.POST, "/communities/:slug/journey/actions", gate: .community(.contribute), name: "journey.actions.create")
    package static let action = Endpoint<String, UUID>(.GET, "/communities/:slug/journey/actions/:id", gate: .community(.seeInside), name: "journey.action")
    package static let volunteer = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/actions/:id/volunteer", gate: .community(.contribute),
                                                          name: "journey.action.volunteer")
    package static let actionStatus = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/actions/:id/status", gate: .community(.contribute),
                                                             name: "journey.action.status")

    // Evaluation and recognition.
    package static let assess = Endpoint<String>(.POST, "/communities/:slug/journey/assessments", gate: .community(.contribute), name: "journey.assessments.create")
    package static let evaluation = Endpoint<String>(.GET, "/communities/:slug/journey/evaluation", gate: .community(.seeInside), name: "journey.evaluation")
    package static let memberDashboard = Endpoint<String, String>(.GET, "/communities/:slug/journey/evaluation/members/:handle", gate: .community(.seeInside),
                                                                  name: "journey.evaluation.member")
    package static let assessMember = Endpoint<String, String>(.GET, "/communities/:slug/journey/members/:handle/assess", gate: .community(.contribute),
                                                               name: "journey.member.assess")
    package static let wall = Endpoint<String>(.GET, "/communities/:slug/journey/recognitions", gate: .community(.seeInside), name: "journey.recognitions")
    package static let recognize = Endpoint<String>(.POST, "/communities/:slug/journey/recognitions", gate: .community(.contribute),
                                                    name: "journey.recognitions.create")

    // The cycle's restitution.
    package static let report = Endpoint<String>(.GET, "/communities/:slug/journey/report", gate: .community(.seeInside), name: "journey.report")
    package static let reportMarkdown = Endpoint<String>(.GET, "/communities/:slug/journey/report.md", gate: .community(.seeInside),
                                                         name: "journey.report.markdown")
}
