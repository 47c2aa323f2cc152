import Foundation
import EnjeuCore

package enum EconomyText {
    package static let title = Text(fr: "Économie de la communauté", en: "The community's economy")
    package static let catalogue = Text(fr: "Catalogue contributif", en: "Contributive catalogue")
    package static let lead = Text(fr: "Les offres des membres mises en commun : chacun multiplie ses opportunités, sa force de vente et les raisons de ses clients de revenir.",
                           en: "Members' offers pooled: each multiplies their opportunities, their sales force and their clients' reasons to come back.")
    package static let ecosystem = Text(fr: "Catalogue de l’écosystème", en: "Ecosystem catalogue")
    package static let ecosystemLead = Text(fr: "Les offres des catalogues publics, et de ceux des communautés dont vous êtes membre.",
                                    en: "Offers from public catalogues, and from those of the communities you belong to.")
    package static let search = Text(fr: "Chercher une offre", en: "Search offers")
    package static let publish = Text(fr: "Publier une offre", en: "Publish an offer")
    package static let by = Text(fr: "Proposée par", en: "Offered by")
    package static let referrals = Text(fr: "Recommandations", en: "Referrals")
    package static let refer = Text(fr: "Recommander cette offre", en: "Refer this offer")
    package static let beneficiaryHint = Text(fr: "Le nom d’une personne, ou @identifiant d’un membre.", en: "A person's name, or a member's @handle.")
    package static let multipliersTitle = Text(fr: "Mes effets multiplicateurs", en: "My multiplier effects")
    package static let diversity = Text(fr: "Diversité des offres que je peux proposer", en: "Diversity of offers I can propose")
    package static let salesForce = Text(fr: "Force de vente (membres qui recommandent mes offres)", en: "Sales force (members who refer my offers)")
    package static let crossSolicitation = Text(fr: "Sollicitation croisée (bénéficiaires venus pour une offre qui en prennent une autre)", en: "Cross-solicitation (beneficiaries who came for one offer and took up another)")
    package static let completed = Text(fr: "Recommandations réalisées", en: "Referrals completed")
    package static let flows = Text(fr: "Flux de richesses", en: "Wealth flows")
    package static let flowsLead = Text(fr: "Qui donne quoi à qui : matériel ou immatériel, quantitatif ou qualitatif. Une correction est une nouvelle écriture, jamais un effacement.",
                                en: "Who gives what to whom: material or immaterial, quantitative or qualitative. A correction is a new entry, never an erasure.")
    package static let actorMatrix = Text(fr: "Matrice acteur × acteur", en: "Actor × actor matrix")
    package static let natureMatrix = Text(fr: "Matrice nature × mesure", en: "Nature × measure matrix")
    package static let totals = Text(fr: "Totaux par unité", en: "Totals per unit")
    package static func qualitativeCount(_ n: Int) -> Text { Text(fr: "\(n) flux qualitatif(s)", en: "\(n) qualitative flow(s)") }
    package static let ledger = Text(fr: "Le registre", en: "The ledger")
    package static let record = Text(fr: "Enregistrer un flux", en: "Record a flow")
    package static let actorHint = Text(fr: "@identifiant d’un membre, « communauté », ou « outside:Nom » pour une partie extérieure.",
                                en: "A member's @handle, 'community', or 'outside:Name' for an outside party.")
    package static let unitHint = Text(fr: "Pour un flux quantitatif : €, heures, kg…", en: "For a quantitative flow: €, hours, kg…")
    package static let correction = Text(fr: "correction", en: "correction")
    package static let pyramid = Text(fr: "Pyramide inversée des responsabilités", en: "Inverted pyramid of responsibilities")
    package static let pyramidLead = Text(fr: "La création en haut, la plus large ; le soutien au milieu ; le capital à la pointe.",
                                  en: "Creation at the top, widest; support in the middle; capital at the point.")
    package static let gaps = Text(fr: "Là où responsabilité et capital ne se rejoignent pas", en: "Where responsibility and capital do not meet")
    package static let capitalOnly = Text(fr: "Apportent du capital sans part à la création", en: "Bring capital without a part in creation")
    package static let creationOnly = Text(fr: "Créent sans part au capital", en: "Create without a share of capital")
    package static let addResponsibility = Text(fr: "Déclarer une responsabilité", en: "Record a responsibility")
    package static let codeSection = Text(fr: "Plan économique du #CodeSocial", en: "The #CodeSocial's economic plane")

    package static let awaiting = Text(fr: "En attente de votre confirmation", en: "Awaiting your confirmation")
    package static let awaitingLead = Text(fr: "Ces flux vous nomment (ou nomment la communauté que vous animez) : ils ne comptent qu’une fois confirmés.",
                                   en: "These flows name you (or the community you steward): they count only once confirmed.")
    package static let confirm = Text(fr: "Confirmer", en: "Confirm")
    package static let decline = Text(fr: "Refuser", en: "Decline")
    package static let whoColumn = Text(fr: "Enregistré / confirmé par", en: "Recorded / confirmed by")
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
