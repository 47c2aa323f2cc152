import Foundation
import EnjeuCore

/// Keys of charter proposals (a charter the members write); their words are in Catalogue/charter.json.
package enum CharterProposalText: String, CaseIterable, TextKey {
    package static let domain = "charter"
    case proposeTitle, proposeLead, proposeButton, rulesInCharter, stewardsFreeYes, stewardsFreeNo, proposalsTitle, noProposals
    case rulesLead, rulesButton, reasonHint, summaryCharter, summaryRules, errStageByEnjeu, proposedText, proposedRules
    case stageChange, stageByEnjeu
}
