import Foundation
import EnjeuCore

/// Keys of programmes' answers (issue 17); their words are in Catalogue/programmes.json.
package enum ProgrammeText: String, CaseIterable, TextKey {
    package static let domain = "programmes"
    case errAlreadyJoined, errUnknownCommunity, errNotJoined, errNotAProgrammeIndicator, errMergePending, errAlreadyMerged, errAlreadySupported
    case errIndicatorMerged
    case lead, communities, noCommunity, indicators, noIndicator, sources
    case catalogueTitle, catalogueDescription, distributionCSV, distributionPackage
    case tags, tradeLead, tradeIndicators, tradeNoIndicator, tradeProgramme, tradeEstimate, tradeSpread, tradeUnpublished
    case tradeGaps, tradeNoGap, tradeRequests, tradeNoRequest, tradeAsk, tradeAskLead, tradeAskButton, tradeSupport
    case tradeSupported, tradeSignIn, tradeDirect
    case joinTitle, joinLead, askButton, asCommunity, communityJoinButton, pendingRequest, charterTitle, acceptCharter
    case requestsTitle, noRequest, communityRequests, mergesTitle, noMerge, acceptMerge, sourcesTitle, direct, median
    case mergeTitle, mergeLead, mergeTarget, mergeButton, noMergeTarget, mergeLink, figureTitle, programmeLabel
    case listTitle, listLead, noProgramme, newTitle, newLead, createButton, createLink, charterHint, visibilityHint
    case moreIndicators, moreRequests, moreMerges, programmesLink, asOrganisation, organisationJoinButton

    /// A trade's page: « Métier ou secteur : tissage ».
    package static func tradeTitle(_ tag: String) -> Text { Text(fr: "Métier ou secteur : \(tag)", en: "Trade or sector: \(tag)") }

    package static func supporters(_ n: Int) -> Text {
        Text(fr: n <= 1 ? "\(n) soutien" : "\(n) soutiens", en: n == 1 ? "1 supporter" : "\(n) supporters")
    }

    /// What is missing, by kind: « Une seule source », « Période dépassée », « Aucun chiffre ».
    package static func gap(_ g: TradeGap) -> Text { gapTexts[g] }
    private static let gapTexts = CaseTexts<TradeGap>("programmes.gap")

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

    /// A proposed merge: « Réseau A propose « Tarif » dans « Tarif horaire » (par @alice) ».
    package static func mergeLine(community: String, indicator: String, into: String, by: String) -> Text {
        Text(fr: "« \(community) » propose de fusionner « \(indicator) » dans « \(into) » (demandé par @\(by)).",
             en: "“\(community)” proposes to merge “\(indicator)” into “\(into)” (asked by @\(by)).")
    }

    /// A community's request to join: « La communauté « Tisserands » demande à rejoindre ».
    package static func communityAsks(_ name: String) -> Text {
        Text(fr: "La communauté « \(name) » demande à rejoindre le programme.", en: "The community “\(name)” asks to join the programme.")
    }
}
