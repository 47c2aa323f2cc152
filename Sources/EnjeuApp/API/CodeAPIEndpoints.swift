import Foundation
import EnjeuCore
import EnjeuWeb

/// The #CodeSocial under /api/v1/communities/{slug}/code, declared once (see `CommunityAPIEndpoints`).
enum CodeAPIEndpoints {
    typealias API = CodeAPI
    typealias Op = APIOperation
    static let section = APISchema(CodeQueries.SectionText.self, "SectionText")
    static let amendmentBody = APIBody.json(APISchema(API.NewAmendment.self, components: [APISchema(CodeService.Change.self, "Change")]))
    static let status = APIResponse.ok(API.StatusOut.self, "Status")

    static let code = Op<String>(.GET, "/api/v1/communities/:slug/code", gate: .community(.readCode), name: "api.code",
                                 "The #CodeSocial at its latest revision", .ok(APISchema(API.CodeOut.self, "Code", components: [section])))
    static let amendments = Op<String>(.GET, "/api/v1/communities/:slug/code/amendments", gate: .community(.readCode), name: "api.code.amendments",
                                       "Amendments, newest first (?status=open|adopted|rejected|conflict|withdrawn)",
                                       .ok(.page(CodeQueries.AmendmentItem.self, "Amendment")))
    static let propose = Op<String>(.POST, "/api/v1/communities/:slug/code/amendments", gate: .community(.contribute),
                                    name: "api.code.amendment.propose", "Propose an amendment against a base revision",
                                    body: amendmentBody, .created(API.AmendmentCreated.self))
    static let amendment = Op<String, UUID>(.GET, "/api/v1/communities/:slug/code/amendments/:id", gate: .community(.readCode),
                                            name: "api.code.amendment", "An amendment with its changes, positions, comments and tally",
                                            .ok(APISchema(API.AmendmentOut.self, "AmendmentDetail", components: [section, APISchema(Tally.self, "Tally")])))
    static let position = Op<String, UUID>(.POST, "/api/v1/communities/:slug/code/amendments/:id/positions", gate: .community(.contribute),
                                           name: "api.code.amendment.position", "Take (or replace) my position",
                                           body: .json(API.PositionIn.self), status)
    static let comment = Op<String, UUID>(.POST, "/api/v1/communities/:slug/code/amendments/:id/comments", gate: .community(.contribute),
                                          name: "api.code.amendment.comment", "Comment on an amendment",
                                          body: .json(API.CommentIn.self), .created(API.StatusOut.self, "Status"))
    static let revise = Op<String, UUID>(.POST, "/api/v1/communities/:slug/code/amendments/:id/revise", gate: .community(.contribute),
                                         name: "api.code.amendment.revise", "The author revises the text, rebased on the current revision",
                                         body: amendmentBody, status)
    static let withdraw = Op<String, UUID>(.POST, "/api/v1/communities/:slug/code/amendments/:id/withdraw", gate: .community(.contribute),
                                           name: "api.code.amendment.withdraw", "The author withdraws the amendment", status)
    static let decide = Op<String, UUID>(.POST, "/api/v1/communities/:slug/code/amendments/:id/decide", gate: .community(.applyDecisions),
                                         name: "api.code.amendment.decide", "Apply the decision rule now (stewards)",
                                         .ok(APISchema(CodeService.Decided.self, "Decided", components: [APISchema(Tally.self, "Tally")])))
    static let revisions = Op<String>(.GET, "/api/v1/communities/:slug/code/revisions", gate: .community(.readCode), name: "api.code.revisions",
                                      "Revisions, newest first", .ok(.page(CodeQueries.RevisionItem.self, "Revision")))
    static let revision = Op<String, Int>(.GET, "/api/v1/communities/:slug/code/revisions/:n", gate: .community(.readCode),
                                          name: "api.code.revision", "A revision and the whole code at that point",
                                          .ok(APISchema(API.RevisionDetail.self, components: [section])))
    static let diff = Op<String>(.GET, "/api/v1/communities/:slug/code/diff", gate: .community(.readCode), name: "api.code.diff",
                                 "Line diff with changed words between two revisions (?from=N&to=M)",
                                 query: [APIQuery(name: "from", schema: ["type": "integer"], required: true),
                                         APIQuery(name: "to", schema: ["type": "integer"], required: true)],
                                 .ok(API.DiffOut.self, "Diff"))
    static let blame = Op<String, String>(.GET, "/api/v1/communities/:slug/code/blame/:section", gate: .community(.readCode),
                                          name: "api.code.blame", "Which revision wrote each line of a section", .ok(API.BlameOut.self, "Blame"))
    static let facts = Op<String>(.GET, "/api/v1/communities/:slug/code/facts", gate: .community(.readCode), name: "api.code.facts",
                                  "Facts attached to sections", .ok(.page(CodeQueries.FactItem.self, "Fact")))
    static let addFact = Op<String>(.POST, "/api/v1/communities/:slug/code/facts", gate: .community(.contribute), name: "api.code.fact.add",
                                    "Attach a fact that supports or contests a section",
                                    body: .json(CodeService.FactInput.self, "FactIn"), .created(API.AmendmentCreated.self))
    static let diagnose = Op<String>(.POST, "/api/v1/communities/:slug/code/diagnosis", gate: .community(.contribute), name: "api.code.diagnosis",
                                     "Rate how a section is practised", body: .json(API.DiagnosisIn.self), status)
    static let settings = Op<String>(.PATCH, "/api/v1/communities/:slug/code/settings", gate: .community(.steward), name: "api.code.settings",
                                     "Decision rule, quorum, open days, publication (stewards: the decision rule is theirs)",
                                     body: .json(CodeService.SettingsInput.self, "CodeSettings"), status)
    static let publication = Op<String>(.PUT, "/api/v1/communities/:slug/code/publication", gate: .community(.publishCode),
                                        name: "api.code.publication",
                                        "Publish the code to everyone, or keep it to who sees inside (the publish-code right; nothing else of the settings)",
                                        body: .json(CodeService.PublicationInput.self, "CodePublication"), status)
    static let exportMarkdown = Op<String>(.GET, "/api/v1/communities/:slug/code/export.md", gate: .community(.readCode),
                                           name: "api.code.export.markdown", "The code as Markdown", .okUndescribed)
    static let exportJSON = Op<String>(.GET, "/api/v1/communities/:slug/code/export.json", gate: .community(.readCode),
                                       name: "api.code.export.json", "The code and its revisions as JSON", .okUndescribed)
    static let exportGit = Op<String>(.GET, "/api/v1/communities/:slug/code/export.git-fast-import", gate: .community(.readCode),
                                      name: "api.code.export.git", "The whole history as a git fast-import stream", .okUndescribed)

    static let all: [APIDoc] = [
        code.doc, amendments.doc, propose.doc, amendment.doc, position.doc, comment.doc, revise.doc, withdraw.doc, decide.doc,
        revisions.doc, revision.doc, diff.doc, blame.doc, facts.doc, addFact.doc, diagnose.doc, settings.doc, publication.doc,
        exportMarkdown.doc, exportJSON.doc, exportGit.doc,
    ]
}
