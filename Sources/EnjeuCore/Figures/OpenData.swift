import Foundation

/// The licences a programme's stewards may publish its estimates under (issue 17, open data). The raw value is the
/// SPDX identifier, as Frictionless descriptors and DCAT catalogues name licences.
public enum OpenLicence: String, CaseIterable, Codable, Sendable {
    case odbl = "ODbL-1.0"
    case ccBy4 = "CC-BY-4.0"
    case licenceOuverte2 = "etalab-2.0"

    public var url: String {
        switch self {
        case .odbl: "https://opendatacommons.org/licenses/odbl/1-0/"
        case .ccBy4: "https://creativecommons.org/licenses/by/4.0/"
        case .licenceOuverte2: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
        }
    }

    public var title: String {
        switch self {
        case .odbl: "Open Data Commons Open Database License 1.0"
        case .ccBy4: "Creative Commons Attribution 4.0 International"
        case .licenceOuverte2: "Licence Ouverte / Open Licence 2.0"
        }
    }

    /// Whether a programme's datasets are open data: a licence chosen, and the programme public (a members-only one never
    /// publishes, whatever its licence says).
    public static func publishes(visibility: Visibility, licence: OpenLicence?) -> Bool {
        visibility == .public && licence != nil
    }
}
