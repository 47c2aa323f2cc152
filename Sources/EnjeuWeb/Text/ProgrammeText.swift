import Foundation
import EnjeuCore

/// Keys of programmes' answers (issue 17); their words are in Catalogue/programmes.json.
package enum ProgrammeText: String, CaseIterable, TextKey {
    package static let domain = "programmes"
    case errAlreadyJoined, errUnknownCommunity, errNotJoined, errNotAProgrammeIndicator, errMergePending, errAlreadyMerged, errAlreadySupported
    case errIndicatorMerged
    case lead, communities, noCommunity, indicators, noIndicator, sources
    case catalogueTitle, catalogueDescription, distributionCSV, distributionPackage

    package static func through(_ community: String) -> Text {
        Text(fr: "Vous y participez par « \(community) ».", en: "You take part through “\(community)”.")
    }

    /// How many people an estimate comes from, and through which communities.
    package static func sourcesCell(_ contributors: Int, _ communities: [String]) -> Text {
        let fr = contributors <= 1 ? "\(contributors) contributeur·rice" : "\(contributors) contributeur·rices"
        let en = contributors == 1 ? "1 contributor" : "\(contributors) contributors"
        guard !communities.isEmpty else { return Text(fr: fr, en: en) }
        let names = communities.joined(separator: ", ")
        return Text(fr: fr + " · " + names, en: en + " · " + names)
    }
}
