/// Federation's messages (issue 19): mostly said to other servers and to the API, each with the value it is about.
package enum FederationText {
    package static func resourceMissing(authority: String) -> Text {
        Text(fr: "resource : donnez acct:identifiant@\(authority).", en: "resource: give acct:slug@\(authority).")
    }
    package static func unsigned(_ reason: String) -> Text {
        Text(fr: "Requête non vérifiée : \(reason)", en: "Request not verified: \(reason)")
    }
    package static let notAnActivity = Text(fr: "Le corps doit être une activité JSON avec id, type et actor.",
                                            en: "The body must be a JSON activity with id, type and actor.")
    package static let actorNotSigner = Text(fr: "L'acteur de l'activité n'est pas sur le serveur qui l'a signée.",
                                             en: "The activity's actor is not on the server that signed it.")
    package static let actorField = Text(fr: "actor : donnez @identifiant@serveur ou l'adresse https:// d'un acteur.",
                                         en: "actor: give @name@server or an actor's https:// address.")
    package static func actorUnreachable(_ what: String) -> Text {
        Text(fr: "actor : introuvable (\(what)).", en: "actor: not found (\(what)).")
    }
    package static let followSelf = Text(fr: "actor : une communauté ne se suit pas elle-même.", en: "actor: a community does not follow itself.")
    package static let notFederating = Text(fr: "Cette communauté ne publie pas dans le fédivers (elle doit être publique).",
                                            en: "This community does not publish to the fediverse (it must be public).")
    package static let federationOff = Text(fr: "Cette instance n'a pas d'adresse publique (ENJEU_PUBLIC_URL) : elle ne fédère pas.",
                                            en: "This instance has no public address (ENJEU_PUBLIC_URL): it does not federate.")
    package static let blockedDomain = Text(fr: "Ce serveur est bloqué par cette instance.", en: "This server is blocked by this instance.")
    package static let publishField = Text(fr: "publish : donnez true ou false.", en: "publish: give true or false.")

    // What followers read (the instance's language first, the other in `contentMap`).
    package static func revisionName(_ n: Int) -> Text { Text(fr: "#CodeSocial — révision \(n)", en: "#CodeSocial — revision \(n)") }
    package static func sectionsChanged(_ list: String) -> Text { Text(fr: "Sections modifiées : \(list)", en: "Sections changed: \(list)") }
    package static let readRevision = Text(fr: "Lire la révision et son diff", en: "Read the revision and its diff")
    package static func adopted(_ what: String) -> Text { Text(fr: "Adopté par la communauté : \(what)", en: "Adopted by the community: \(what)") }
    package static let readMore = Text(fr: "Lire", en: "Read")
    package static let terms = Text(fr: "Conditions :", en: "Terms:")
}

/// The « Fédivers » page's words.
extension FederationText {
    package static let pageTitle = Text(fr: "Fédivers", en: "Fediverse")
    package static let homeLink = Text(fr: "Fédivers", en: "Fediverse")
    package static func lead(_ handle: String) -> Text {
        Text(fr: "Depuis Mastodon, Lemmy ou une autre instance Enjeu, suivez cette communauté sous le nom \(handle) : vous recevrez ses messages publics, les révisions adoptées de son #CodeSocial et ses valeurs adoptées.",
             en: "From Mastodon, Lemmy or another Enjeu instance, follow this community as \(handle): you will receive its public posts, the adopted revisions of its #CodeSocial and its adopted values.")
    }
    package static let off = Text(fr: "Cette instance ne fédère pas : son administratrice ou son administrateur n'a pas donné d'adresse publique (ENJEU_PUBLIC_URL).",
                                  en: "This instance does not federate: its operator has given it no public address (ENJEU_PUBLIC_URL).")
    package static let notPublishing = Text(fr: "Cette communauté ne publie pas dans le fédivers : elle est réservée à ses membres, ou ses intendants ont coupé la publication.",
                                            en: "This community does not publish to the fediverse: it is members-only, or its stewards switched publishing off.")
    package static func followers(_ n: Int) -> Text {
        Text(fr: n <= 1 ? "\(n) abonné·e sur d'autres serveurs" : "\(n) abonné·e·s sur d'autres serveurs",
             en: n == 1 ? "1 follower on other servers" : "\(n) followers on other servers")
    }
    package static let publishTitle = Text(fr: "Publication", en: "Publishing")
    package static let publishOn = Text(fr: "Oui : publier ce qui est public", en: "Yes: publish what is public")
    package static let publishOff = Text(fr: "Non : rien ne part d'ici", en: "No: nothing leaves from here")
    package static let publishHint = Text(fr: "Une communauté réservée à ses membres ne publie jamais, quel que soit ce choix.",
                                          en: "A members-only community never publishes, whatever this says.")
    package static let save = Text(fr: "Enregistrer", en: "Save")
    package static let followTitle = Text(fr: "Suivre un compte ou une communauté", en: "Follow an account or a community")
    package static let followHint = Text(fr: "Par exemple @ateliers@enjeu.example.org : ce qu'il publie apparaîtra ci-dessous.",
                                         en: "For example @ateliers@enjeu.example.org: what it publishes will appear below.")
    package static let follow = Text(fr: "Suivre", en: "Follow")
    package static let followingTitle = Text(fr: "Suivis", en: "Following")
    package static let noFollowing = Text(fr: "Cette communauté ne suit encore personne.", en: "This community follows nobody yet.")
    package static func followState(_ state: String) -> Text {
        switch state {
        case "accepted": Text(fr: "accepté", en: "accepted")
        case "rejected": Text(fr: "refusé", en: "refused")
        default: Text(fr: "en attente", en: "pending")
        }
    }
    package static let receivedTitle = Text(fr: "Reçu des comptes suivis", en: "From the accounts followed")
    package static let noReceived = Text(fr: "Rien reçu pour l'instant.", en: "Nothing received yet.")
    package static let openOriginal = Text(fr: "Voir l'original", en: "See the original")
    package static func solicitLabel(_ offer: String) -> Text {
        Text(fr: "Un mot à qui propose « \(offer) » : la communauté est intéressée", en: "A word to whoever offers “\(offer)”: the community is interested")
    }
    package static let solicit = Text(fr: "Solliciter cette offre", en: "Solicit this offer")
    package static let deliveriesTitle = Text(fr: "Envois vers les autres serveurs", en: "Deliveries to other servers")
    package static func deliveries(_ d: FederationPage.Deliveries) -> Text {
        // Counts stop past a thousand (Delivery.countCap): « 1000+ ».
        func n(_ v: Int) -> String { v > 1_000 ? "1000+" : String(v) }
        return Text(fr: "\(n(d.waiting)) en attente · \(n(d.retrying)) en nouvel essai après un échec · \(n(d.delivered)) remis · \(n(d.failed)) abandonnés",
                    en: "\(n(d.waiting)) waiting · \(n(d.retrying)) being retried after a failure · \(n(d.delivered)) delivered · \(n(d.failed)) given up")
    }
    package static let deliveriesHint = Text(fr: "Un serveur qui ne répond pas est réessayé pendant plus d'un jour ; aucune page n'attend un autre serveur. Ces nombres datent de quelques secondes au plus.",
                                             en: "A server that does not answer is tried again for more than a day; no page waits for another server. These numbers are a few seconds old at most.")
}
