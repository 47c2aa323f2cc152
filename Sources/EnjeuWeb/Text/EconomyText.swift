import Foundation
import EnjeuCore

/// Keys of these texts; their words are in Catalogue/economy.json.
package enum EconomyText: String, CaseIterable, TextKey {
    package static let domain = "economy"
    case title, catalogue, lead, ecosystem, ecosystemLead, search, publish, by, referrals, refer, beneficiaryHint
    case multipliersTitle, diversity, salesForce, crossSolicitation, completed, flows, flowsLead, actorMatrix
    case natureMatrix, totals, ledger, record, actorHint, unitHint, correction, pyramid, pyramidLead, gaps
    case capitalOnly, creationOnly, addResponsibility, codeSection, awaiting, awaitingLead, confirm, decline
    case whoColumn
    package static func qualitativeCount(_ n: Int) -> Text { Text(fr: "\(n) flux qualitatif(s)", en: "\(n) qualitative flow(s)") }

    package static func flowStatus(_ s: String) -> Text {
        switch s {
        case "pending": Text(fr: "en attente", en: "pending")
        case "declined": Text(fr: "refusé", en: "declined")
        default: Text(fr: "confirmé", en: "confirmed")
        }
    }
    package static func recordedBy(_ handle: String?) -> Text {
        let h = handle.map { "@" + $0 }
        return Text(fr: "enregistré par " + (h ?? "inconnu"), en: "recorded by " + (h ?? "unknown"))
    }

    package static func kind(_ k: String) -> Text {
        switch k {
        case "product": Text(fr: "Produit", en: "Product")
        case "service": Text(fr: "Service", en: "Service")
        case "skill": Text(fr: "Compétence", en: "Skill")
        case "resource": Text(fr: "Ressource", en: "Resource")
        default: Text(fr: k, en: k)
        }
    }
    package static func referralStatus(_ s: String) -> Text {
        switch s {
        case "proposed": Text(fr: "proposée", en: "proposed")
        case "taken-up": Text(fr: "acceptée", en: "taken up")
        case "completed": Text(fr: "réalisée", en: "completed")
        case "declined": Text(fr: "déclinée", en: "declined")
        default: Text(fr: s, en: s)
        }
    }
    package static func moveReferral(_ s: String) -> Text {
        switch s {
        case "taken-up": Text(fr: "Marquer acceptée", en: "Mark taken up")
        case "completed": Text(fr: "Marquer réalisée", en: "Mark completed")
        case "declined": Text(fr: "Décliner", en: "Decline")
        default: Text(fr: s, en: s)
        }
    }
    package static func nature(_ s: String) -> Text { s == "material" ? Text(fr: "Matériel", en: "Material") : Text(fr: "Immatériel", en: "Immaterial") }
    package static func measure(_ s: String) -> Text { s == "quantitative" ? Text(fr: "Quantitatif", en: "Quantitative") : Text(fr: "Qualitatif", en: "Qualitative") }
    package static func layer(_ s: String) -> Text {
        switch s {
        case "creation": Text(fr: "Création", en: "Creation")
        case "support": Text(fr: "Soutien", en: "Support")
        default: Text(fr: "Capital", en: "Capital")
        }
    }
    package static func actor(_ key: String, _ l: Lang) -> String {
        switch Actor(key: key) {
        case let .member(h)?: "@" + h
        case .community?: l[Text(fr: "la communauté", en: "the community")]
        case let .outside(n)?: n
        case nil: key
        }
    }
}
