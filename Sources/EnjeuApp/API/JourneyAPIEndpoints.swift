import Foundation
import EnjeuCore
import EnjeuWeb

/// The journey, its actions and evaluation under /api/v1/communities/{slug}, declared once (see `CommunityAPIEndpoints`).
enum JourneyAPIEndpoints {
    typealias API = JourneyAPI
    typealias Op = APIOperation
    static let status = APIResponse.ok(API.DecidedOut.self, "Status")
    static let created = APIResponse.created(API.Created.self)
    static let action = APISchema(API.ActionOut.self, "Action")
    static let evaluation = APIResponse.ok(API.EvaluationOut.self, "Evaluation")

    static let journey = Op<String>(.GET, "/api/v1/communities/:slug/journey", gate: .community(.seeInside), name: "api.journey",
                                    "The six-step journey: the cycle and each step's state", .ok(API.JourneyOut.self, "Journey"))
    static let start = Op<String>(.POST, "/api/v1/communities/:slug/journey/start", gate: .community(.steward), name: "api.journey.start",
                                  "Start the journey from a field of application's template (stewards)",
                                  body: .json(API.StartIn.self, "JourneyStart"), .created(API.DecidedOut.self, "Status"))
    static let nextCycle = Op<String>(.POST, "/api/v1/communities/:slug/journey/next-cycle", gate: .community(.steward),
                                      name: "api.journey.next-cycle", "Begin the next cycle once governance has progressed (stewards)",
                                      .ok(API.CycleOut.self, "Cycle"))
    static let proposals = Op<String>(.GET, "/api/v1/communities/:slug/journey/proposals", gate: .community(.seeInside),
                                      name: "api.journey.proposals", "Values, purposes, stakes and project proposals of a cycle (?cycle=)",
                                      .ok([API.ProposalOut].self, "Proposals"))
    static let propose = Op<String>(.POST, "/api/v1/communities/:slug/journey/proposals", gate: .community(.contribute),
                                    name: "api.journey.proposal.create", "Propose a value, purpose, stake or the project",
                                    body: .json(JourneyService.ProposalIn.self, "NewProposal"), created)
    static let position = Op<String, UUID>(.POST, "/api/v1/communities/:slug/journey/proposals/:id/positions", gate: .community(.contribute),
                                           name: "api.journey.proposal.position", "Take (or replace) my position on a proposal",
                                           body: .json(API.PositionIn.self), status)
    static let decide = Op<String, UUID>(.POST, "/api/v1/communities/:slug/journey/proposals/:id/decide", gate: .community(.applyDecisions),
                                         name: "api.journey.proposal.decide", "Apply the community's decision rule now (stewards)", status)
    static let retrospective = Op<String>(.POST, "/api/v1/communities/:slug/journey/retrospectives", gate: .community(.contribute),
                                          name: "api.journey.retrospective",
                                          "A retrospective; its change becomes an amendment of the governance section",
                                          body: .json(JourneyService.RetrospectiveIn.self, "NewRetrospective"), .created(API.RetroCreated.self))
    static let actions = Op<String>(.GET, "/api/v1/communities/:slug/actions", gate: .community(.seeInside), name: "api.journey.actions",
                                    "Actions of the participatory plan, newest first (?cycle=)", .ok(.page(API.ActionOut.self, "Action")))
    static let createAction = Op<String>(.POST, "/api/v1/communities/:slug/actions", gate: .community(.contribute),
                                         name: "api.journey.action.create", "Create an action",
                                         body: .json(JourneyService.ActionIn.self, "NewAction"), APIResponse(status: 201, schema: action))
    static let actionDetail = Op<String, UUID>(.GET, "/api/v1/communities/:slug/actions/:id", gate: .community(.seeInside),
                                               name: "api.journey.action", "An action, its team and its progress",
                                               .ok(APISchema(API.ActionDetail.self, components: [action])))
    static let volunteer = Op<String, UUID>(.POST, "/api/v1/communities/:slug/actions/:id/volunteer", gate: .community(.contribute),
                                            name: "api.journey.action.volunteer", "Join the action's team (the first volunteer owns it)",
                                            .ok(action))
    static let setStatus = Op<String, UUID>(.POST, "/api/v1/communities/:slug/actions/:id/status", gate: .community(.contribute),
                                            name: "api.journey.action.status",
                                            "Move the action (planned → in-progress → done | dropped) or post progress",
                                            body: .json(JourneyService.StatusIn.self, "StatusIn"), .ok(action))
    static let assess = Op<String>(.POST, "/api/v1/communities/:slug/assessments", gate: .community(.contribute), name: "api.journey.assess",
                                   "Assess a done action (participants) or a member on the four criteria, 0–4",
                                   body: .json(JourneyService.AssessmentIn.self, "NewAssessment"), created)
    static let recognize = Op<String>(.POST, "/api/v1/communities/:slug/recognitions", gate: .community(.contribute),
                                      name: "api.journey.recognize", "Recognise a member, an action's team or the whole community",
                                      body: .json(JourneyService.RecognitionIn.self, "NewRecognition"), created)
    static let recognitions = Op<String>(.GET, "/api/v1/communities/:slug/recognitions", gate: .community(.seeInside),
                                         name: "api.journey.recognitions", "The recognition wall, newest first (?cycle=)",
                                         .ok(.page(API.RecognitionOut.self, "Recognition")))
    static let communityEvaluation = Op<String>(.GET, "/api/v1/communities/:slug/evaluation", gate: .community(.seeInside),
                                                name: "api.journey.evaluation",
                                                "The community's evaluation: per criterion, self and peer means with counts (?cycle=)", evaluation)
    static let memberEvaluation = Op<String, String>(.GET, "/api/v1/communities/:slug/evaluation/members/:handle", gate: .community(.seeInside),
                                                     name: "api.journey.evaluation.member",
                                                     "A member's dashboard (that member and stewards only)", token: true, evaluation)
    static let actionEvaluation = Op<String, UUID>(.GET, "/api/v1/communities/:slug/evaluation/actions/:id", gate: .community(.seeInside),
                                                   name: "api.journey.evaluation.action", "An action's evaluation", evaluation)

    static let all: [APIDoc] = [
        journey.doc, start.doc, nextCycle.doc, proposals.doc, propose.doc, position.doc, decide.doc, retrospective.doc,
        actions.doc, createAction.doc, actionDetail.doc, volunteer.doc, setStatus.doc, assess.doc, recognize.doc, recognitions.doc,
        communityEvaluation.doc, memberEvaluation.doc, actionEvaluation.doc,
    ]
}
