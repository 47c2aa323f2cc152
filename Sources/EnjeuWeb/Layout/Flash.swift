import Foundation
import EnjeuCore

/// One-shot messages shown after a redirect; the cookie holds only the case name, never user text.
package enum Flash: String, CaseIterable {
    case welcome, signedOut, communityCreated, joinRequested, requestWithdrawn, approved, declined
    case charterAccepted, left, saved, charterVersioned, memberChanged, tokenRevoked
    case amendmentProposed, positionTaken, stillOpen, decided, factAdded
    case figureContributed, figureFlagged

    package var text: Text {
        switch self {
        case .welcome: Text(fr: "Bienvenue sur Enjeu.", en: "Welcome to Enjeu.")
        case .signedOut: Text(fr: "Vous êtes déconnecté·e.", en: "You are signed out.")
        case .communityCreated: Text(fr: "Communauté créée : vous en êtes le fondateur ou la fondatrice.", en: "Community created: you are its founder.")
        case .joinRequested: Text(fr: "Demande envoyée. Les animateurs vous répondront ici.", en: "Request sent. The stewards will answer you here.")
        case .requestWithdrawn: Text(fr: "Demande retirée.", en: "Request withdrawn.")
        case .approved: Text(fr: "Demande acceptée : la personne doit maintenant accepter la charte.", en: "Request approved: the person must now accept the charter.")
        case .declined: Text(fr: "Demande refusée ; la personne verra votre motif.", en: "Request declined; the person will see your reason.")
        case .charterAccepted: Text(fr: "Charte acceptée : vous êtes membre actif·ve.", en: "Charter accepted: you are an active member.")
        case .left: Text(fr: "Vous avez quitté la communauté.", en: "You left the community.")
        case .saved: Text(fr: "Modifications enregistrées.", en: "Changes saved.")
        case .charterVersioned: Text(fr: "Nouvelle version de la charte publiée ; chaque membre doit l'accepter à nouveau.", en: "New charter version published; every member must accept it again.")
        case .memberChanged: Text(fr: "Membre mis·e à jour.", en: "Member updated.")
        case .tokenRevoked: Text(fr: "Jeton révoqué.", en: "Token revoked.")
        case .amendmentProposed: .amendmentProposedFlash
        case .positionTaken: Text(fr: "Position enregistrée.", en: "Position recorded.")
        case .stillOpen: Text(fr: "La règle ne permet pas encore de conclure : l'amendement reste ouvert.", en: "The rule cannot conclude yet: the amendment stays open.")
        case .decided: Text(fr: "Décision appliquée.", en: "Decision applied.")
        case .factAdded: Text(fr: "Fait ajouté.", en: "Fact added.")
        case .figureContributed: Text(fr: "Merci : votre valeur est enregistrée et l’estimation recalculée. Elle vous rapportera des crédits une fois corroborée.",
                                      en: "Thank you: your value is recorded and the estimate recomputed. It will earn you credits once corroborated.")
        case .figureFlagged: Text(fr: "Signalement enregistré ; l’estimation en tient compte.", en: "Flag recorded; the estimate takes it into account.")
        }
    }
}

