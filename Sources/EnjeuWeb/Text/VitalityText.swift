import Foundation
import EnjeuCore

/// Keys of a community's vitality and life stage; their words are in Catalogue/vitality.json.
package enum VitalityText: String, CaseIterable, TextKey {
    package static let domain = "vitality"
    case title, lead, measure, lastDays, previousDays, trendHeader, stageNow, suggests, suggestsSame, closedArchive, dormantNotice
    case stageProposalTitle, stageProposalBody, revivalSubject

    package static func metric(_ m: VitalityMetric) -> Text { metricTexts[m] }
    private static let metricTexts = CaseTexts<VitalityMetric>("vitality.metric")
    package static func trend(_ t: Trend) -> Text { trendTexts[t] }
    private static let trendTexts = CaseTexts<Trend>("vitality.trend")
}
