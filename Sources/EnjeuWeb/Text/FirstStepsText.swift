import Foundation
import EnjeuCore

/// Keys of the first steps (the home of a person without a community, the templates) and of the empty states that say
/// what goes on an empty page and the first thing to do there; their words are in Catalogue/firststeps.json.
package enum FirstStepsText: String, CaseIterable, TextKey {
    package static let domain = "firststeps"
    case title, lead, joinTitle, joinLead, noPublicCommunity, createTitle, createLead, blank, blankHint, templateHint
    case shared, createBlank
    // Empty states: what goes there, then the first action's words.
    case homeAlone, homeAloneAction, requests, code, codeAction, history, amendments, journey, journeyAction
    case actions, actionsAction, evaluation, evaluationAction, wall, wallAction, indicators, indicatorsAction
    case datasets, datasetsAction, catalogue, catalogueAction, flows, flowsAction, pyramid, pyramidAction
    case feed, feedAction, credibility, credibilityAction
    package static func skeletonSummary(_ name: Text) -> Text {
        Text(fr: "Ossature du modèle « \(name.fr) »", en: "Skeleton from the “\(name.en)” template")
    }
    package static func askToJoin(_ name: String) -> Text { Text(fr: "Demander à rejoindre « \(name) »", en: "Ask to join “\(name)”") }
    package static func createFrom(_ name: Text) -> Text { Text(fr: "Créer : \(name.fr)", en: "Create: \(name.en)") }
}

/// A template's words; `templates.json` holds them under `<template>.<part>`.
extension CommunityTemplate {
    private func words(_ part: String) -> Text { Catalogue.text("templates", rawValue + "." + part) }
    package var name: Text { words("name") }
    package var purpose: Text { words("purpose") }
    package var charter: Text { words("charter") }
    package func skeleton(_ key: SectionKey) -> Text { words("section." + key.rawValue) }
    /// Value `n` (1…`valueCount`) proposed at step 1 of the journey, and its meaning.
    package func value(_ n: Int) -> (title: Text, meaning: Text) { (words("value\(n)"), words("value\(n).meaning")) }

    /// Everything the template writes into a new community, in the creator's language.
    package func starter(_ l: Lang) -> CommunityStarter {
        CommunityStarter(template: self, charter: l[charter], sections: Dictionary(uniqueKeysWithValues: sections.map { ($0, l[skeleton($0)]) }),
                         revisionSummary: l[FirstStepsText.skeletonSummary(name)],
                         values: (1...Self.valueCount).map { (l[value($0).title], l[value($0).meaning]) })
    }

    /// The charter a template's community gets: what the person typed, unless they left it empty or as one of the texts
    /// the form prefills (the default charter, a template's), which then follows the template they chose.
    package static func charter(typed: String, template: CommunityTemplate?, _ l: Lang) -> String {
        guard let template else { return typed }
        let mine = AmendmentRules.normalise(typed)
        let prefilled = ([Text.defaultCharter] + allCases.map(\.charter)).flatMap { [$0.fr, $0.en] }.map(AmendmentRules.normalise)
        return mine.isEmpty || prefilled.contains(mine) ? l[template.charter] : typed
    }
}

/// What a template writes when a community is created from it.
package struct CommunityStarter: Sendable {
    package let template: CommunityTemplate
    package let charter: String, sections: [SectionKey: String], revisionSummary: String
    package let values: [(title: String, meaning: String)]
}

extension FirstStepsText {
    /// The API's 400 for a template it does not know: the field, what was sent (cut short), the choices.
    package static func errUnknownTemplate(_ raw: String) -> Text {
        let choices = ([CommunityTemplate.blank] + CommunityTemplate.allCases.map(\.rawValue)).joined(separator: ", ")
        let sent = String(raw.prefix(60))
        return Text(fr: "template : modèle inconnu « \(sent) » ; choix possibles : \(choices).", en: "template: unknown template “\(sent)”; one of: \(choices).")
    }
    package static let errCharterMissing = Text(fr: "charter : obligatoire quand aucun modèle (template) n'est choisi.",
                                                en: "charter: required when no template is chosen.")
}
