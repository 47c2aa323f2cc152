import Foundation
import EnjeuCore

/// Keys of these texts; their words are in Catalogue/economy.json.
package enum EconomyText: String, CaseIterable, TextKey {
    package static let domain = "economy"
    case title, catalogue, lead, ecosystem, ecosystemLead, search, publish, by, referrals, refer, beneficiaryHint
    case multipliersTitle, diversity, salesForce, crossSolicitation, completed, flows, flowsLead, actorMatrix
    case natureMatrix, totals, ledger, record, actorHint, unitHint, correction, pyramid, pyramidLead, gaps
    case capitalOnly, creationOnly, addResponsibility, codeSection, awaiting, awaitingLead, confirm, decline
    case whoColumn, theCommunity, interested, interestedLead, interestedSignIn, solicitation, onBehalfOf, myself
    package static func kind(_ k: OfferKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<OfferKind>("economy.kind")
    package static func referralStatus(_ s: ReferralStatus) -> Text { referralStatusTexts[s] }
    private static let referralStatusTexts = CaseTexts<ReferralStatus>("economy.referralStatus")
    /// The button that moves a referral on to `s` (never back to `.proposed`).
    package static func moveReferral(_ s: ReferralStatus) -> Text { moveReferralTexts[s] }
    private static let moveReferralTexts = CaseTexts<ReferralStatus>("economy.moveReferral")

    package static func flowStatus(_ s: FlowStatus) -> Text { flowStatusTexts[s] }
    private static let flowStatusTexts = CaseTexts<FlowStatus>("economy.flowStatus")
    package static func recordedBy(_ handle: String?) -> Text {
        let h = handle.map { "@" + $0 }
        return Text(fr: "enregistré par " + (h ?? "inconnu"), en: "recorded by " + (h ?? "unknown"))
    }
    package static func nature(_ n: FlowNature) -> Text { natureTexts[n] }
    private static let natureTexts = CaseTexts<FlowNature>("economy.nature")
    package static func measure(_ m: FlowMeasure) -> Text { measureTexts[m] }
    private static let measureTexts = CaseTexts<FlowMeasure>("economy.measure")
    package static func qualitativeCount(_ n: Int) -> Text { Text(fr: "\(n) flux qualitatif(s)", en: "\(n) qualitative flow(s)") }
    package static func actor(_ key: String, _ l: Lang) -> String {
        switch Actor(key: key) {
        case let .member(h)?: "@" + h
        case .community?: l[EconomyText.theCommunity]
        case let .outside(n)?: n
        case let .peer(slug)?: l[Text(fr: "communauté « \(slug) »", en: "community “\(slug)”")]
        case let .organisation(slug)?: l[Text(fr: "organisation « \(slug) »", en: "organisation “\(slug)”")]
        case let .remote(iri)?: "@" + Actor.remoteHandle(iri)
        case nil: key
        }
    }

    package static func layer(_ l: PyramidLayer) -> Text { layerTexts[l] }
    private static let layerTexts = CaseTexts<PyramidLayer>("economy.layer")
}
