import Foundation
import EnjeuCore

/// Keys of a member's contribution page; their words are in Catalogue/contribution.json.
package enum ContributionText: String, CaseIterable, TextKey {
    package static let domain = "contribution"
    case link, lead, verifiedResults, kind, theirs, community, evaluation, theirActions, allActions, assessments, whole
    case wellAssessed, notWellAssessed, observedOn, noneYet
    case resultAmendments, resultFigures, resultActions, resultReferrals
    case summaryTitle, summaryNone, showSummary, hideSummary, summaryHint

    package static func title(_ name: String) -> Text { Text(fr: "Contribution de \(name)", en: "\(name)'s contribution") }
    package static let badPart = Text(fr: "part : une des listes de la page est attendue (\(ContributionPart.allCases.map(\.rawValue).joined(separator: ", "))).",
                                      en: "part: one of the page's lists is expected (\(ContributionPart.allCases.map(\.rawValue).joined(separator: ", "))).")
    package static func part(_ p: ContributionPart) -> Text { partTexts[p] }
    private static let partTexts = CaseTexts<ContributionPart>("contribution.part")
    package static func scores(_ n: Int) -> Text { Text(fr: "\(n) évaluation(s)", en: "\(n) assessment(s)") }
}
