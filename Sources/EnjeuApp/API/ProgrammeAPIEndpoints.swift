import Foundation
import EnjeuCore
import EnjeuWeb

/// Programmes of shared figures under /api/v1/programmes (issue 17), declared once (see `CommunityAPIEndpoints`). The
/// bodies and answers are the community routes' own; the gate is the same over the programme's row.
enum ProgrammeAPIEndpoints {
    typealias API = ProgrammeAPI
    typealias Op = APIOperation
    typealias Figures = FiguresAPIEndpoints

    static let create = Op< >(.POST, "/api/v1/programmes", gate: .signedIn, name: "api.programme.create",
                              "Create a programme of shared figures; the creator is its founder (visibility: public by default)",
                              body: .json(ProgrammeService.NewProgramme.self, "NewProgramme"), .created(API.ProgrammeOut.self, "Programme"))
    static let programme = Op<String>(.GET, "/api/v1/programmes/:slug", gate: .community(.seeCard), name: "api.programme",
                                      "A programme, my relation to it (and the community I take part through), and its communities",
                                      .ok(API.ProgrammeOut.self, "Programme"))
    static let communities = Op<String>(.GET, "/api/v1/programmes/:slug/communities", gate: .community(.seeInside),
                                        name: "api.programme.communities",
                                        "The communities in the programme; stewards see the requests awaiting them too",
                                        .ok(API.CommunitiesOut.self, "ProgrammeCommunities"))
    static let joinRequests = Op<String>(.GET, "/api/v1/programmes/:slug/join-requests", gate: .community(.approveMembers),
                                         name: "api.programme.join-requests", "Pending requests of people and organisations (stewards)",
                                         .ok(.page(JoinRequestItem.self, "JoinRequest", pageName: "RequestPage")))
    static let join = Op<String>(.POST, "/api/v1/programmes/:slug/join-requests", gate: .community(.seeCard), name: "api.programme.join",
                                 "Ask to join: `message` for myself, `organisation` (its slug) as its representative, `community` (its slug) as its steward; a community already in (or asking) is a 409",
                                 token: true, body: .json(API.JoinBody.self, "ProgrammeJoin"), .created(CommunityAPI.JoinCreated.self, "JoinStatus"))
    static let approve = Op<String, UUID>(.POST, "/api/v1/programmes/:slug/join-requests/:id/approve", gate: .community(.approveMembers),
                                          name: "api.programme.join-request.approve", "Approve a person's, an organisation's or a community's request (stewards)",
                                          .ok(CommunityAPI.JoinCreated.self, "JoinStatus"))
    static let decline = Op<String, UUID>(.POST, "/api/v1/programmes/:slug/join-requests/:id/decline", gate: .community(.approveMembers),
                                          name: "api.programme.join-request.decline", "Decline a request with a reason (stewards)",
                                          body: .json(CommunityAPI.ReasonBody.self), .ok(CommunityAPI.JoinCreated.self, "JoinStatus"))
    static let charter = Op<String>(.GET, "/api/v1/programmes/:slug/charter", gate: .community(.seeCard), name: "api.programme.charter",
                                    "The programme's current reciprocity charter", .ok(CommunityAPI.CharterView.self, "Charter"))
    static let acceptCharter = Op<String>(.POST, "/api/v1/programmes/:slug/charter/accept", gate: .community(.seeCard),
                                          name: "api.programme.charter.accept",
                                          "Accept the programme's charter: an approved person, or an active member of a joined community (once), becomes active; with `organisation`, a representative accepts in its name",
                                          token: true, body: .json(CommunityAPI.VersionBody.self), .ok(CommunityAPI.StatusBody.self, "Status"))
    static let indicators = Op<String>(.GET, "/api/v1/programmes/:slug/indicators", gate: .community(.seeInside),
                                       name: "api.programme.indicators", "The programme's indicators, newest first, without estimates (free)",
                                       .ok(.page(FiguresAPI.IndicatorOut.self, "Indicator")))
    static let createIndicator = Op<String>(.POST, "/api/v1/programmes/:slug/indicators", gate: .community(.contribute),
                                            name: "api.programme.indicator.create", "Define a programme indicator; similar ones are listed in `similar`",
                                            body: .json(FiguresService.IndicatorInput.self, "NewIndicator"),
                                            .created(FiguresAPI.Created.self, "IndicatorCreated"))
    static let indicator = Op<String, UUID>(.GET, "/api/v1/programmes/:slug/indicators/:id", gate: .community(.contribute),
                                            name: "api.programme.indicator",
                                            "A programme indicator: one estimate from everyone, its sources (communities, contributors, per-community medians from three contributors) and merged histories; costs the programme's credits (402)",
                                            .ok(APISchema(FiguresAPI.DetailOut.self, "IndicatorDetail", components: [
                                                APISchema(FiguresAPI.IndicatorOut.self, "Indicator"), Figures.estimate,
                                                APISchema(FiguresAPI.ContributionOut.self, "Contribution"),
                                            ])))
    static let contribute = Op<String, UUID>(.POST, "/api/v1/programmes/:slug/indicators/:id/contributions", gate: .community(.contribute),
                                             name: "api.programme.contribution.add",
                                             "Contribute a sourced value to a programme indicator (participants who accepted its charter)",
                                             body: .json(FiguresService.ContributionInput.self, "NewContribution"),
                                             APIResponse(status: 201, schema: APISchema(FiguresAPI.ContributionCreated.self, components: [Figures.estimate])))
    static let flag = Op<String, UUID>(.POST, "/api/v1/programmes/:slug/contributions/:id/flags", gate: .community(.contribute),
                                       name: "api.programme.contribution.flag",
                                       "Flag another participant's value as wrong, with a reason and maybe a correction",
                                       body: .json(FiguresService.FlagInput.self, "NewFlag"), .created(FiguresAPI.FlagCreated.self))
    static let refresh = Op<String>(.POST, "/api/v1/programmes/:slug/figures/refresh", gate: .community(.setFiguresRules),
                                    name: "api.programme.figures.refresh",
                                    "Relearn contributors' reliability across the programme now (stewards; also runs in the background)",
                                    .ok(FiguresAPI.RefreshOut.self, "Refresh"))
    static let credits = Op<String>(.GET, "/api/v1/programmes/:slug/credits", gate: .community(.contribute), name: "api.programme.credits",
                                    "My credits in the programme (separate from any community's)",
                                    .ok(APISchema(FiguresAPI.CreditsOut.self, "Credits", components: [Figures.rules])))
    static let readRules = Op<String>(.GET, "/api/v1/programmes/:slug/figures/rules", gate: .community(.seeInside),
                                      name: "api.programme.rules", "The programme's give-to-get rules", .ok(Figures.rules))
    static let setRules = Op<String>(.PUT, "/api/v1/programmes/:slug/figures/rules", gate: .community(.steward),
                                     name: "api.programme.rules.update", "Set the programme's give-to-get rules (stewards)",
                                     body: .json(Figures.rules), .ok(Figures.rules))
    static let acceptMerge = Op<String, UUID>(.POST, "/api/v1/programmes/:slug/merges/:id/accept", gate: .community(.steward),
                                              name: "api.programme.merge.accept",
                                              "Accept a community's merge of its indicator into the programme's (stewards of the programme)",
                                              .ok(API.MergeOut.self, "Merge"))
    static let merges = Op<String>(.GET, "/api/v1/programmes/:slug/merges", gate: .community(.steward), name: "api.programme.merges",
                                   "Merges of communities' indicators awaiting the programme's stewards, oldest first",
                                   .ok(.page(ProgrammeQueries.PendingMerge.self, "PendingMerge", pageName: "PendingMergePage")))
    /// Registered on the community's side: its steward asks.
    static let merge = Op<String, UUID>(.POST, "/api/v1/communities/:slug/indicators/:id/merge", gate: .community(.steward),
                                        name: "api.figures.indicator.merge",
                                        "Ask to merge this indicator into a programme's (`into`), once the community has joined it: same unit and period (422 otherwise); pending until the programme's steward accepts",
                                        body: .json(API.MergeIn.self, "MergeRequest"), .created(API.MergeOut.self, "Merge"))

    static let all: [APIDoc] = [
        create.doc, programme.doc, communities.doc, joinRequests.doc, join.doc, approve.doc, decline.doc, charter.doc, acceptCharter.doc,
        indicators.doc, createIndicator.doc, indicator.doc, contribute.doc, flag.doc, refresh.doc, credits.doc, readRules.doc, setRules.doc,
        merges.doc, acceptMerge.doc,
        merge.doc,
    ]
}
