import Foundation
import EnjeuCore

/// The #ChiffresEnsemble pages: indicators and their contributions, flags, credits and the give-to-get rules,
/// datasets, the POST buttons that pay for reading, and the exports a member downloads with her session
/// (the same files are under `/api/v1`, paid there).
package enum FiguresEndpoints {
    // Indicators.
    package static let list = Endpoint<String>(.GET, "/communities/:slug/figures", gate: .community(.seeInside), name: "figures.list")
    package static let newIndicator = Endpoint<String>(.GET, "/communities/:slug/figures/new", gate: .community(.contribute), name: "figures.new")
    package static let create = Endpoint<String>(.POST, "/communities/:slug/figures", gate: .community(.contribute), name: "figures.create")
    package static let indicator = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/:id", gate: .community(.contribute),
                                                          name: "figures.indicator")
    package static let contribute = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/:id/contribute", gate: .community(.contribute),
                                                           name: "figures.contribute")
    /// Pays for one indicator (an explicit POST: a GET never spends).
    package static let read = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/:id/read", gate: .community(.contribute),
                                                     name: "figures.read")

    // Flags (`:id` is a contribution).
    package static let flagForm = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/contributions/:id/flag", gate: .community(.contribute),
                                                         name: "figures.flag")
    package static let flag = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/contributions/:id/flag", gate: .community(.contribute),
                                                     name: "figures.flag.send")

    // Credits and the community's rules.
    package static let credits = Endpoint<String>(.GET, "/communities/:slug/figures/credits", gate: .community(.contribute), name: "figures.credits")
    package static let rules = Endpoint<String>(.GET, "/communities/:slug/figures/rules", gate: .community(.steward), name: "figures.rules")
    package static let saveRules = Endpoint<String>(.POST, "/communities/:slug/figures/rules", gate: .community(.steward), name: "figures.rules.save")
    package static let refresh = Endpoint<String>(.POST, "/communities/:slug/figures/refresh", gate: .community(.steward), name: "figures.refresh")

    // Datasets.
    package static let datasets = Endpoint<String>(.GET, "/communities/:slug/figures/datasets", gate: .community(.seeInside), name: "figures.datasets")
    package static let createDataset = Endpoint<String>(.POST, "/communities/:slug/figures/datasets", gate: .community(.contribute),
                                                        name: "figures.datasets.create")
    package static let dataset = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id", gate: .community(.seeInside),
                                                        name: "figures.dataset")
    /// Pays for every indicator of the dataset not read this month, all or nothing.
    package static let unlock = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/datasets/:id/unlock", gate: .community(.contribute),
                                                       name: "figures.dataset.unlock")

    // Exports: a link spends nothing (another site can make a browser follow it).
    package static let exportCSV = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/export.csv", gate: .community(.contribute),
                                                          name: "figures.dataset.export")
    package static let contributionsCSV = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/contributions.csv",
                                                                 gate: .community(.steward), name: "figures.dataset.contributions")
    package static let dataPackage = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/datapackage.json",
                                                            gate: .community(.contribute), name: "figures.dataset.package")
}
