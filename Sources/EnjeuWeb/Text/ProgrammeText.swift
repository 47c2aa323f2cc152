import Foundation
import EnjeuCore

/// Keys of programmes' answers (issue 17); their words are in Catalogue/programmes.json.
package enum ProgrammeText: String, CaseIterable, TextKey {
    package static let domain = "programmes"
    case errAlreadyJoined, errUnknownCommunity, errNotJoined, errNotAProgrammeIndicator, errMergePending, errAlreadyMerged
}
