import Foundation
import EnjeuCore

/// Keys of reports, the review queue, suspensions and the community's journal; their words are in Catalogue/moderation.json.
package enum ModerationText: String, CaseIterable, TextKey {
    package static let domain = "moderation"
    case reportsTitle, reportsLead, reportsEmpty, journalTitle, journalLead, journalEmpty, journalCSV
    case reporters, note, reviewAsked, hiddenNow, hiddenPending, hiddenBecause, askReview, report, by, system, instance
    case errOwnItem, errAlreadyReported, errProfileNotHidden, errAlreadyResolved, errNotHidden, errReviewOnce, errOwnCase, errMembersReport
    case errNotOnYourself, errNotSuspended, errAlreadySuspended, errNoSharedCommunity, suspendedLead
    case reportLead, reviewLead, reviewText, suspend, unsuspend, untilHint, thresholdLabel, thresholdHint, saveThreshold

    package static func reason(_ r: ReportReason) -> Text { reasonTexts[r] }
    private static let reasonTexts = CaseTexts<ReportReason>("moderation.reason")
    package static func kind(_ k: ReportKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<ReportKind>("moderation.kind")
    package static func action(_ a: ReportAction) -> Text { actionTexts[a] }
    private static let actionTexts = CaseTexts<ReportAction>("moderation.action")
    package static func journal(_ a: JournalAction) -> Text { journalTexts[a] }
    private static let journalTexts = CaseTexts<JournalAction>("moderation.journal")

    /// An action as stored, in words when the journal knows it.
    package static func journal(stored: String) -> Text {
        JournalAction(rawValue: stored).map(journal) ?? Text(fr: stored, en: stored)
    }

    private static func end(_ until: Date?) -> (fr: String, en: String) {
        guard let until else { return ("sans date de fin", "with no end date") }
        let day = ISO8601DateFormatter.string(from: until, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        return ("jusqu'au \(day)", "until \(day)")
    }

    /// A member's suspension in a community, as they read it when they try to write.
    package static func suspendedHere(until: Date?, reason: String) -> Text {
        let e = end(until)
        return Text(fr: "Vous êtes suspendu·e dans cette communauté (\(e.fr)) : vous pouvez lire, pas écrire. Raison : \(reason)",
                    en: "You are suspended in this community (\(e.en)): you may read, not write. Reason: \(reason)")
    }

    /// An account the instance's operator suspended.
    package static func accountSuspended(until: Date?, reason: String) -> Text {
        let e = end(until)
        return Text(fr: "Votre compte est suspendu sur cette instance (\(e.fr)) : vous pouvez lire, pas écrire. Raison : \(reason)",
                    en: "Your account is suspended on this instance (\(e.en)): you may read, not write. Reason: \(reason)")
    }

    package static func reports(_ n: Int) -> Text { Text(fr: "\(n) signalement(s)", en: "\(n) report(s)") }
    package static let badAction = Text(fr: "action : dismiss, hide ou restore est attendu.", en: "action: dismiss, hide or restore is expected.")
    package static let badUntil = Text(fr: "until : une date ISO 8601 à venir est attendue.", en: "until: an ISO 8601 date in the future is expected.")
    package static let noteRequired = Text(fr: "note : la raison du masquage est requise (son auteur·e la lira).",
                                           en: "note: the reason for hiding is required (its author will read it).")
}
