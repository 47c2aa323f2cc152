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
}
