import Foundation
import EnjeuCore

package enum SocialText {
    package static let feed = Text(fr: "Fil de la communauté", en: "Community feed")
    package static let feedLead = Text(fr: "La vie de la communauté en un lieu : les publications des membres, et ce qui se passe ailleurs (révisions du code, valeurs adoptées, actions réalisées, nouveaux membres).",
                               en: "The community's life in one place: members' posts, and what happens elsewhere (code revisions, adopted values, completed actions, new members).")
    package static let myFeed = Text(fr: "Mon fil", en: "My feed")
    package static let myFeedLead = Text(fr: "Les publications de mes communautés, des communautés publiques et des membres que je suis.",
                                 en: "Posts from my communities, and from the public communities and members I follow.")
    package static let write = Text(fr: "Publier", en: "Post")
    package static let message = Text(fr: "Votre message", en: "Your message")
    package static let bodyHint = Text(fr: "Markdown simple ; @identifiant pour mentionner un membre (il sera notifié).",
                               en: "Simple Markdown; @handle to mention a member (they will be notified).")
    package static let comments = Text(fr: "Commentaires", en: "Comments")
    package static func commentCount(_ n: Int) -> Text { Text(fr: n == 0 ? "Commenter" : "\(n) commentaire(s)", en: n == 0 ? "Comment" : "\(n) comment(s)") }
    package static let reply = Text(fr: "Commenter", en: "Comment")
    package static let follow = Text(fr: "Suivre", en: "Follow")
    package static let unfollow = Text(fr: "Ne plus suivre", en: "Unfollow")
    package static let notifications = Text(fr: "Notifications", en: "Notifications")
    package static let markAllRead = Text(fr: "Tout marquer comme lu", en: "Mark all as read")
    package static let markRead = Text(fr: "Marquer comme lu", en: "Mark as read")
    package static let preferences = Text(fr: "Mes préférences", en: "My preferences")
    package static let inApp = Text(fr: "Dans Enjeu", en: "In Enjeu")
    package static let byEmail = Text(fr: "Par e-mail (résumé)", en: "By e-mail (digest)")
    package static let emailOff = Text(fr: "Aucun serveur d’e-mail n’est configuré sur cette instance : rien n’est envoyé par e-mail.",
                               en: "No e-mail server is configured on this instance: nothing is sent by e-mail.")
    package static let live = Text(fr: "Nouveautés", en: "What's new")
    package static func tooManyStreams(_ n: Int) -> Text {
        Text(fr: "Trop de flux en direct ouverts pour ce compte (\(n) au plus) : fermez un onglet d’Enjeu ou réessayez dans un instant.",
             en: "Too many live streams open for this account (at most \(n)): close an Enjeu tab or try again shortly.")
    }
    package static let serverStreamsFull = Text(fr: "Le serveur tient déjà son nombre maximal de flux en direct : réessayez dans un instant.",
                                        en: "The server already holds its maximum number of live streams: try again shortly.")

    package static let credibility = Text(fr: "Crédibilité et leaders", en: "Credibility and leaders")
    package static let credibilityLead = Text(fr: "L’autorité vient de l’information, de la confiance, de la crédibilité et des résultats : chacun peut la donner, et chacun voit pourquoi.",
                                      en: "Authority flows from information, trust, credibility and results: anyone can give it, and everyone sees why.")
    package static let overall = Text(fr: "Toutes les confiances", en: "All endorsements")
    package static let topic = Text(fr: "Sujet", en: "Topic")
    package static let score = Text(fr: "Crédibilité", en: "Credibility")
    package static let rank = Text(fr: "Rang", en: "Rank")
    package static let member = Text(fr: "Membre", en: "Member")
    package static let why = Text(fr: "Pourquoi ?", en: "Why?")
    package static let leaders = Text(fr: "Leaders légitimes", en: "Legitimate leaders")
    package static let leadersLead = Text(fr: "Pour chaque sujet, les membres les plus crédibles, à côté des rôles formels : la wirearchie rendue visible.",
                                  en: "For each topic, the most credible members, beside the formal roles: the wirearchy made visible.")
    package static let formal = Text(fr: "Autorité formelle (fondation, animation)", en: "Formal authority (founder, stewards)")
    package static let earnedOnly = Text(fr: "Autorité gagnée sans rôle formel", en: "Earned authority without a formal role")
    package static let formalOnly = Text(fr: "Rôle formel sans autorité gagnée (aucun sujet, ni dans les 5 premiers)",
                                 en: "Formal role without earned authority (no topic, nor in the top 5)")
    package static let endorse = Text(fr: "Faire confiance", en: "Endorse")
    package static let endorseLead = Text(fr: "Dites sur quoi vous faites confiance à un membre : une valeur de la communauté ou une compétence. Vous pourrez la retirer.",
                                  en: "Say what you trust a member on: one of the community's values or a skill. You can withdraw it.")
    package static let revoke = Text(fr: "Retirer ma confiance", en: "Withdraw my endorsement")
    package static let received = Text(fr: "Confiances reçues", en: "Endorsements received")
    package static let given = Text(fr: "Confiances données", en: "Endorsements given")
    package static let results = Text(fr: "Résultats vérifiés", en: "Verified results")
    package static let formulaTitle = Text(fr: "La formule", en: "The formula")
    package static let notComputed = Text(fr: "Pas encore calculée : elle le sera sous peu, en arrière-plan.", en: "Not computed yet: it will be shortly, in the background.")
    package static let recompute = Text(fr: "Recalculer maintenant", en: "Recompute now")
    package static let matches = Text(fr: "Affinités", en: "Affinities")
    package static let matchesLead = Text(fr: "Des membres et des communautés qui partagent vos valeurs (celles de votre profil et celles qu’ont adoptées vos communautés).",
                                  en: "Members and communities that share your values (those of your profile and those your communities adopted).")
    package static let matchMembers = Text(fr: "Membres", en: "Members")
    package static let matchCommunities = Text(fr: "Communautés", en: "Communities")
    package static let noBasis = Text(fr: "Indiquez vos valeurs et compétences dans votre profil pour recevoir des suggestions.",
                              en: "Add your values and skills to your profile to get suggestions.")

    package static func digestSubject(_ n: Int) -> Text {
        Text(fr: "Enjeu : \(n) notification\(n > 1 ? "s" : "") non lue\(n > 1 ? "s" : "")", en: "Enjeu: \(n) unread notification\(n > 1 ? "s" : "")")
    }
    package static func digestMore(_ n: Int) -> Text { Text(fr: "… et \(n) de plus", en: "… and \(n) more") }
    package static func digestGreeting(_ name: String) -> Text { Text(fr: "Bonjour \(name),", en: "Hello \(name),") }
    package static let digestFooter = Text(fr: "Pour choisir quelles notifications vous recevez par e-mail, rendez-vous sur /notifications.",
                                   en: "To choose which notifications you receive by e-mail, go to /notifications.")

    package static func computedAt(_ d: String) -> Text { Text(fr: "Calculée le \(d).", en: "Computed on \(d).") }
    package static func sharedValues(_ shared: [String]) -> Text {
        Text(fr: "Vous partagez : " + shared.joined(separator: ", "), en: "You share: " + shared.joined(separator: ", "))
    }
    package static func endorsedBy(_ handle: String, _ topic: String, _ score: Double?) -> Text {
        let s = score.map { String(format: "%.2f", $0) }
        return Text(fr: "@\(handle) lui fait confiance en « \(topic) »" + (s.map { " (crédibilité de @\(handle) : \($0))" } ?? ""),
                    en: "@\(handle) endorses them on “\(topic)”" + (s.map { " (@\(handle)'s credibility: \($0))" } ?? ""))
    }
    package static func resultLines(_ r: Results) -> [Text] {
        var out: [Text] = []
        if r.amendmentsAdopted > 0 { out.append(Text(fr: "\(r.amendmentsAdopted) amendement(s) adopté(s) au #CodeSocial", en: "\(r.amendmentsAdopted) amendment(s) adopted into the #CodeSocial")) }
        if r.figuresConfirmed > 0 { out.append(Text(fr: "\(r.figuresConfirmed) chiffre(s) confirmé(s) par le consensus", en: "\(r.figuresConfirmed) figure(s) confirmed by the consensus")) }
        if r.actionsCompleted > 0 { out.append(Text(fr: "\(r.actionsCompleted) action(s) menée(s) à bien et bien évaluée(s)", en: "\(r.actionsCompleted) action(s) completed and well assessed")) }
        if r.referralsCompleted > 0 { out.append(Text(fr: "\(r.referralsCompleted) recommandation(s) réalisée(s)", en: "\(r.referralsCompleted) referral(s) completed")) }
        return out
    }
    package static func anchor(_ r: Results, onStewards: Bool, steward: Bool) -> Text {
        if onStewards {
            return steward ? Text(fr: "Personne n’a encore de résultat vérifié : la confiance part provisoirement des animateurs, dont ce membre.",
                                  en: "Nobody has a verified result yet: trust provisionally starts from the stewards, this member included.")
                : Text(fr: "Personne n’a encore de résultat vérifié : la confiance part provisoirement des animateurs.",
                       en: "Nobody has a verified result yet: trust provisionally starts from the stewards.")
        }
        return r.total > 0
            ? Text(fr: "Ses résultats en font un point d’ancrage de la confiance (poids log₂(1 + \(r.total)) = \(String(format: "%.2f", r.anchorWeight))).",
                   en: "Their results make them an anchor of trust (weight log₂(1 + \(r.total)) = \(String(format: "%.2f", r.anchorWeight))).")
            : Text(fr: "Sans résultat vérifié, sa crédibilité vient seulement de la confiance que lui donnent des membres crédibles.",
                   en: "Without a verified result, their credibility comes only from the trust credible members give them.")
    }
    package static let formula = Text(
        fr: "Confiance propagée (EigenTrust ancré) : t = 0,85·Cᵀt + (0,85·masse sans issue + 0,15)·p. C répartit la crédibilité de chacun entre les membres à qui il fait confiance ; p part des membres aux résultats vérifiés (poids log₂(1 + résultats)), jamais de tous : un cercle de comptes qui se font confiance entre eux ne gagne que ce que des membres crédibles lui donnent. Score affiché = nombre de membres × t (1 = la moyenne). Par sujet, seules les confiances sur ce sujet circulent.",
        en: "Propagated trust (anchored EigenTrust): t = 0.85·Cᵀt + (0.85·dead-end mass + 0.15)·p. C shares each member's credibility among those they endorse; p starts from members with verified results (weight log₂(1 + results)), never from everyone: a ring of accounts endorsing each other gains only what credible members give it. Shown score = number of members × t (1 = average). Per topic, only that topic's endorsements flow.")

    package static func event(_ e: FeedEvent, actor: String?, subject: String) -> Text {
        let who = actor.map { "@" + $0 } ?? ""
        switch e {
        case .revision: return Text(fr: "Nouvelle révision du #CodeSocial : \(subject)", en: "New revision of the #CodeSocial: \(subject)")
        case .adopted: return Text(fr: "Adopté par la communauté : \(subject)", en: "Adopted by the community: \(subject)")
        case .actionDone: return Text(fr: "Action réalisée : \(subject)", en: "Action completed: \(subject)")
        case .member: return Text(fr: "\(who) a rejoint la communauté. Bienvenue !", en: "\(who) joined the community. Welcome!")
        }
    }
}
