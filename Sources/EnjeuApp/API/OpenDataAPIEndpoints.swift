import Foundation
import EnjeuCore
import EnjeuWeb

/// A programme's open data (issue 17) under /api/v1/programmes/{slug}: its licence, its datasets and their exports.
/// Once the programme publishes (public, with a licence) its datasets' estimates are free to anyone; before, the exports
/// are the community routes' own (contributors, paid in credits). The catalogue itself is /catalog.jsonld.
enum OpenDataAPIEndpoints {
    typealias Op = APIOperation
    typealias Figures = FiguresAPIEndpoints

    static let setLicence = Op<String>(.PUT, "/api/v1/programmes/:slug/licence", gate: .community(.steward),
                                       name: "api.programme.licence.update",
                                       "Choose the licence the programme publishes its estimates under: `ODbL-1.0`, `CC-BY-4.0` or `etalab-2.0` (Licence Ouverte 2.0); an explicit null stops publishing (stewards; 422 naming `licence` on another or when the field is missing)",
                                       body: .json(OpenData.LicenceIn.self, "LicenceChoice"), .ok(OpenData.LicenceOut.self, "Licence"))
    static let datasets = Op<String>(.GET, "/api/v1/programmes/:slug/datasets", gate: .community(.seeInside),
                                     name: "api.programme.datasets", "The programme's datasets of indicators",
                                     .ok(.page(FiguresQueries.DatasetRow.self, "Dataset")))
    static let createDataset = Op<String>(.POST, "/api/v1/programmes/:slug/datasets", gate: .community(.contribute),
                                          name: "api.programme.dataset.create", "Create a dataset in the programme",
                                          body: .json(FiguresAPI.DatasetIn.self, "NewDataset"), APIResponse(status: 201, schema: Figures.dataset))
    static let exportCSV = Op<String, UUID>(.GET, "/api/v1/programmes/:slug/datasets/:id/export.csv", gate: .community(.readOpenData),
                                            name: "api.programme.dataset.export-csv",
                                            "The dataset's estimates as CSV: free to anyone once the programme publishes, otherwise as a community's (participants; charges unread indicators)",
                                            .okUndescribed)
    static let dataPackage = Op<String, UUID>(.GET, "/api/v1/programmes/:slug/datasets/:id/datapackage.json", gate: .community(.readOpenData),
                                              name: "api.programme.dataset.datapackage",
                                              "Frictionless data package descriptor under the programme's licence: anyone once it publishes, otherwise participants",
                                              .okUndescribed)

    static let all: [APIDoc] = [setLicence.doc, datasets.doc, createDataset.doc, exportCSV.doc, dataPackage.doc]
}
