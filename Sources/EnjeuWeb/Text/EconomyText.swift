import Foundation
import EnjeuCore

/// Keys of these texts; their words are in Catalogue/economy.json.
package enum EconomyText: String, CaseIterable, TextKey {
    package static let domain = "economy"
    case title, catalogue, lead, ecosystem, ecosystemLead, search, publish, by, referrals, refer, beneficiaryHint
    case multipliersTitle, diversity, salesForce, crossSolicitation, completed, flows, flowsLead, actorMatrix
    case natureMatrix, totals, ledger, record, actorHint, unitHint, correction, pyramid, pyramidLead, gaps
    case capitalOnly, creationOnly, addResponsibility, codeSection, awaiting, awaitingLead, confirm, decline
    case whoColumn, theCommunity
    package static func kind(_ k: OfferKind) -> Text { Catalogue.text("economy.kind", k) }
    package static func referralStatus(_ s: ReferralStatus) -> Text { Catalogue.text("economy.referralStatus", s) }
    /// The button that moves a referral on to `s` (never back to `.proposed`).
    package static func moveReferral(_ s: ReferralStatus) -> Text { Catalogue.text("economy.moveReferral", s) }

    package static func flowStatus(_ s: FlowStatus) -> Text { Catalogue.text("economy.flowStatus", s) }
    package static func recordedBy(_ handle: String?) -> Text {
        let h = handle.map { "@" + $0 }
        return Text(fr: "enregistré par " + (h ?? "inconnu"), en: "recorded by " + (h ?? "unknown"))
    }
    package static func nature(_ n: FlowNature) -> Text { Catalogue.text("economy.nature", n) }
    package static func measure(_ m: FlowMeasure) -> Text { Catalogue.text("economy.measure", m) }
    package static func qualitativeCount(_ n: Int) -> Text { Text(fr: "\(n) flux qualitatif(s)", en: "\(n) qualitative flow(s)") }
    package static func actor(_ key: String, _ l: Lang) -> String {
        switch Actor(key: key) {
        case let .member(h)?: "@" + h
        case .community?: l[EconomyText.theCommunity]
        case let .outside(n)?: n
        case nil: key
        }
    }

    package static func layer(_ l: PyramidLayer) -> Text { Catalogue.text("economy.layer", l) }
}
