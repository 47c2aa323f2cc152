import Foundation
import EnjeuCore

/// Keys of organisations' pages and answers; their words are in Catalogue/organisations.json.
package enum OrganisationText: String, CaseIterable, TextKey {
    package static let domain = "organisations"
    case newTitle, newLead, create, profileLead, representatives, representativesHint, addRepresentative, remove
    case communities, noCommunity, joinTitle, joinLead, noOrganisation, createOne, askToJoin, standingPending
    case standingApproved, standingActive, standingChanged, homeLink, requestedBy
    case errRepresentativesOnly, errLastRepresentative, errAlreadyRepresentative, errUnknownHandle, errUnknownOrganisation
    case errNotARepresentative
    case awaitingTitle, awaitingLead, confirm, decline, inLedgerOf, editTitle, save

    package static func kind(_ k: OrganisationKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<OrganisationKind>("organisations.kind")

    package static func acceptInName(version: Int) -> Text {
        Text(fr: "Accepter la charte v\(version) au nom de l'organisation", en: "Accept charter v\(version) in the organisation's name")
    }
    package static func inNameOf(_ name: String) -> Text { Text(fr: "Au nom de « \(name) »", en: "On behalf of “\(name)”") }
    package static func removeLabel(_ handle: String) -> Text { Text(fr: "Retirer @\(handle)", en: "Remove @\(handle)") }
}

/// Keys of the links between communities (the « Réseau » page); their words are in Catalogue/network.json.
package enum NetworkText: String, CaseIterable, TextKey {
    package static let domain = "network"
    case title, lead, isNetwork, memberOf, partners, noLink, proposeTitle, proposeHint, propose, incoming, outgoing
    case history, accept, decline, end, homeLink
    case errSelf, errUnknownTarget, errDuplicate, errOwnProposal, errNotLive, errNotThisLink
    // A network's view and the sharing form.
    case viewTitle, viewLead, viewLink, membersTitle, noMembers, membersOnly, sharesNothing, sharesLabel, organisationsTitle
    case noOrganisations, catalogueTitle, searchLabel, searchButton, noOffers, figuresTitle, figuresLead, noFigures
    case colCommunity, colPeriod, colEstimate, colRange, colContributors, evaluationTitle, colCriterion, colOwn, colPeers, withheld
    case sharingTitle, sharingLead, sharingSave
    // Member communities of other instances (federation).
    case remoteMembersTitle, remoteSharesLabel, remoteSharesNothing
    // The flows between the network's members.
    case matrixTitle, matrixLead, noFlows, flowsTitle, flowsLead, flowsBack

    package static func feature(_ f: SharedFeature) -> Text { featureTexts[f] }
    private static let featureTexts = CaseTexts<SharedFeature>("network.feature")
    /// How many member communities the evaluation rests on, and the rule that withholds a total.
    package static func evaluationLead(contributors: Int, minimum: Int) -> Text {
        Text(fr: "Totaux des évaluations publiées de \(contributors) communauté(s) membre(s) qui les partagent. Un total n'est publié que s'il repose sur au moins \(minimum) communautés, pour qu'aucune ne s'y lise.",
             en: "Totals of the published evaluations of \(contributors) member communit(y/ies) that share them. A total is published only when it rests on at least \(minimum) communities, so that none can be read in it.")
    }
    package static func restsOn(_ n: Int) -> Text { Text(fr: "repose sur \(n) communauté(s)", en: "rests on \(n) communit(y/ies)") }

    package static func kind(_ k: LinkKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<LinkKind>("network.kind")
    package static func status(_ s: LinkStatus) -> Text { statusTexts[s] }
    private static let statusTexts = CaseTexts<LinkStatus>("network.status")
}

extension LinkStatus {
    package var tone: Tone {
        switch self {
        case .accepted: .done
        case .proposed: .open
        case .declined: .trouble
        case .ended: .info
        }
    }
}
