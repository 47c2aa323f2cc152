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
    case publicationTitle, publicationLead
}

extension Text {
    package static func section(_ key: SectionKey) -> Text { sectionTexts[key] }
    private static let sectionTexts = CaseTexts<SectionKey>("code.section")

    /// What each section is for, with an example: shown while the section is still empty.
    package static func sectionGuide(_ key: SectionKey) -> Text { sectionGuideTexts[key] }
    private static let sectionGuideTexts = CaseTexts<SectionKey>("code.sectionGuide")

    package static func amendmentStatus(_ s: AmendmentStatus) -> Text { amendmentStatusTexts[s] }
    private static let amendmentStatusTexts = CaseTexts<AmendmentStatus>("code.amendmentStatus")

    package static func stance(_ s: Stance) -> Text { stanceTexts[s] }
    private static let stanceTexts = CaseTexts<Stance>("code.stance")

    package static func rule(_ r: DecisionRule) -> Text { ruleTexts[r] }
    private static let ruleTexts = CaseTexts<DecisionRule>("code.rule")

    package static func rating(_ r: PracticeRating) -> Text { ratingTexts[r] }
    private static let ratingTexts = CaseTexts<PracticeRating>("code.rating")

    package static func factStance(_ s: FactStance) -> Text { factStanceTexts[s] }
    private static let factStanceTexts = CaseTexts<FactStance>("code.factStance")

    package static func revisionLabel(_ n: Int) -> Text { Text(fr: "Révision \(n)", en: "Revision \(n)") }
}
