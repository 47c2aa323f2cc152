import Foundation
import EnjeuCore
import EnjeuWeb

/// #ChiffresEnsemble under /api/v1/communities/{slug}, declared once (see `CommunityAPIEndpoints`).
enum FiguresAPIEndpoints {
    typealias API = FiguresAPI
    typealias Op = APIOperation
    static let estimate = APISchema(API.EstimateOut.self, "Estimate")
    static let rules = APISchema(CreditRules.self, "CreditRules")
    static let dataset = APISchema(FiguresQueries.DatasetRow.self, "Dataset")

    static let indicators = Op<String>(.GET, "/api/v1/communities/:slug/indicators", gate: .community(.seeInside), name: "api.figures.indicators",
                                       "#ChiffresEnsemble indicators, newest first, without estimates (free; ?q=, ?tag=, ?dataset=)",
                                       .ok(.page(API.IndicatorOut.self, "Indicator")))
    static let createIndicator = Op<String>(.POST, "/api/v1/communities/:slug/indicators", gate: .community(.contribute),
                                            name: "api.figures.indicator.create",
                                            "Define an indicator; similar existing ones are listed in `similar`",
                                            body: .json(FiguresService.IndicatorInput.self, "NewIndicator"), .created(API.Created.self, "IndicatorCreated"))
    static let indicator = Op<String, UUID>(.GET, "/api/v1/communities/:slug/indicators/:id", gate: .community(.contribute),
                                            name: "api.figures.indicator",
                                            "An indicator with its estimate, contributions and history; costs credits once a month (402 with how to earn them)",
                                            .ok(APISchema(API.DetailOut.self, "IndicatorDetail", components: [
                                                APISchema(API.IndicatorOut.self, "Indicator"), estimate, APISchema(API.ContributionOut.self, "Contribution"),
                                            ])))
    static let contribute = Op<String, UUID>(.POST, "/api/v1/communities/:slug/indicators/:id/contributions", gate: .community(.contribute),
                                             name: "api.figures.contribution.add", "Contribute a sourced value; it supersedes my previous one",
                                             body: .json(FiguresService.ContributionInput.self, "NewContribution"),
                                             APIResponse(status: 201, schema: APISchema(API.ContributionCreated.self, components: [estimate])))
    static let flag = Op<String, UUID>(.POST, "/api/v1/communities/:slug/contributions/:id/flags", gate: .community(.contribute),
                                       name: "api.figures.contribution.flag",
                                       "Flag another member's contribution as wrong, with a reason and maybe a correction",
                                       body: .json(FiguresService.FlagInput.self, "NewFlag"), .created(API.FlagCreated.self))
    static let credits = Op<String>(.GET, "/api/v1/communities/:slug/credits", gate: .community(.contribute), name: "api.figures.credits",
                                    "My give-to-get balance, ledger (keyset) and the rules",
                                    .ok(APISchema(API.CreditsOut.self, "Credits", components: [rules])))
    static let readRules = Op<String>(.GET, "/api/v1/communities/:slug/figures/rules", gate: .community(.seeInside), name: "api.figures.rules",
                                      "The give-to-get rules written into the charter", .ok(rules))
    static let setRules = Op<String>(.PUT, "/api/v1/communities/:slug/figures/rules", gate: .community(.setFiguresRules), name: "api.figures.rules.update",
                                     "Propose new give-to-get rules (the set-figures-rules right): they are written in the charter, so this opens a charter proposal with the current text, decided like an amendment; once adopted every member accepts the new version again",
                                     body: .json(rules), .created(GovernanceAPI.Opened.self, "ProposalOpened"))
    static let refresh = Op<String>(.POST, "/api/v1/communities/:slug/figures/refresh", gate: .community(.setFiguresRules), name: "api.figures.refresh",
                                    "Relearn contributors' reliability now (stewards; also runs in the background)", .ok(API.RefreshOut.self, "Refresh"))
    static let datasets = Op<String>(.GET, "/api/v1/communities/:slug/datasets", gate: .community(.seeInside), name: "api.figures.datasets",
                                     "Datasets of indicators", .ok(.page(FiguresQueries.DatasetRow.self, "Dataset")))
    static let createDataset = Op<String>(.POST, "/api/v1/communities/:slug/datasets", gate: .community(.contribute),
                                          name: "api.figures.dataset.create", "Create a dataset",
                                          body: .json(API.DatasetIn.self, "NewDataset"), APIResponse(status: 201, schema: dataset))
    static let datasetDetail = Op<String, UUID>(.GET, "/api/v1/communities/:slug/datasets/:id", gate: .community(.seeInside),
                                                name: "api.figures.dataset",
                                                "A dataset and its indicators (?sort=name|period|place|contributors)",
                                                .ok(APISchema(API.DatasetOut.self, "DatasetDetail",
                                                              components: [dataset, APISchema(API.IndicatorOut.self, "Indicator")])))
    static let exportCSV = Op<String, UUID>(.GET, "/api/v1/communities/:slug/datasets/:id/export.csv", gate: .community(.contribute),
                                            name: "api.figures.dataset.export-csv",
                                            "The dataset's estimates as CSV (charges unread indicators)", .okUndescribed)
    static let contributionsCSV = Op<String, UUID>(.GET, "/api/v1/communities/:slug/datasets/:id/contributions.csv", gate: .community(.steward),
                                                   name: "api.figures.dataset.contributions-csv",
                                                   "The dataset's contributions as CSV (stewards)", .okUndescribed)
    static let dataPackage = Op<String, UUID>(.GET, "/api/v1/communities/:slug/datasets/:id/datapackage.json", gate: .community(.contribute),
                                              name: "api.figures.dataset.datapackage",
                                              "Frictionless data package descriptor; its resources are the sibling CSV files", .okUndescribed)

    static let all: [APIDoc] = [
        indicators.doc, createIndicator.doc, indicator.doc, contribute.doc, flag.doc, credits.doc, readRules.doc, setRules.doc,
        refresh.doc, datasets.doc, createDataset.doc, datasetDetail.doc, exportCSV.doc, contributionsCSV.doc, dataPackage.doc,
    ]
}
