import EnjeuCore

/// Keys of these texts; their words are in Catalogue/code.json.
package enum CodeText: String, CaseIterable, TextKey {
    package static let domain = "code"
    case codeTitle, codeNavHint, codeLead, noRevisionYet, emptySection, proposeChange, proposeOnSection, historyTitle
    case amendmentsTitle, blameTitle, blameLink, exportTitle, codeSettingsTitle, contested, facts, addFact
    case openAmendmentFromFact, diagnosisTitle, rateThis, divergence, summaryLabel, reasonLabel, submitAmendment
    case markdownHint, baseRevision, closesOn, positionsTitle, takePosition, positionReasonHint, olderText
    case superseded, commentsTitle, addComment, reviseAmendment, withdrawAmendment, decideNow, decideHint
    case conflictExplain, currentVersion, proposedVersion, inlineView, splitView, noDifference, compare, fromRevision
    case toRevision, publishedLabel, quorumLabel, openDaysLabel, ruleLabel, tallyText, errAuthorOnly
    case errUnknownRevision, errBeforeReplaced, byAuthor, viewDiff, allStatuses, noAmendment, kindLink, kindNote
    case factDateHint, sectionLabel, quorumWord, colon, revisionWord, sectionHistory, evolutionTitle, factURL
}

extension Text {
    package static func section(_ key: SectionKey) -> Text { Catalogue.text("code.section", key) }

    /// What each section is for, with an example: shown while the section is still empty.
    package static func sectionGuide(_ key: SectionKey) -> Text { Catalogue.text("code.sectionGuide", key) }

    package static func amendmentStatus(_ s: AmendmentStatus) -> Text { Catalogue.text("code.amendmentStatus", s) }

    package static func stance(_ s: Stance) -> Text { Catalogue.text("code.stance", s) }

    package static func rule(_ r: DecisionRule) -> Text { Catalogue.text("code.rule", r) }

    package static func rating(_ r: PracticeRating) -> Text { Catalogue.text("code.rating", r) }

    package static func factStance(_ s: FactStance) -> Text { Catalogue.text("code.factStance", s) }

    package static func revisionLabel(_ n: Int) -> Text { Text(fr: "Révision \(n)", en: "Revision \(n)") }
}
