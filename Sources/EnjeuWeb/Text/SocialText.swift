import Foundation
import EnjeuCore

/// Keys of these texts; their words are in Catalogue/social.json.
package enum SocialText: String, CaseIterable, TextKey {
    package static let domain = "social"
    case feed, feedLead, myFeed, myFeedLead, write, message, bodyHint, comments, reply, follow, unfollow
    case notifications, markAllRead, markRead, preferences, inApp, byEmail, emailOff, live, serverStreamsFull
    case credibility, credibilityLead, overall, topic, score, rank, member, why, leaders, leadersLead, formal
    case earnedOnly, formalOnly, endorse, endorseLead, revoke, received, given, results, formulaTitle, notComputed, noRankingYet
    case recompute, matches, matchesLead, matchMembers, matchCommunities, noBasis, digestFooter
    case edited, deletedMessage, edit, delete, editLabel, saveEdit, history, historyLead, historyComment, historyPost
    package static func commentCount(_ n: Int) -> Text { Text(fr: n == 0 ? "Commenter" : "\(n) commentaire(s)", en: n == 0 ? "Comment" : "\(n) comment(s)") }
    package static func tooManyStreams(_ n: Int) -> Text {
        Text(fr: "Trop de flux en direct ouverts pour ce compte (\(n) au plus) : fermez un onglet d’Enjeu ou réessayez dans un instant.",
             en: "Too many live streams open for this account (at most \(n)): close an Enjeu tab or try again shortly.")
    }

    package static func digestSubject(_ n: Int) -> Text {
        Text(fr: "Enjeu : \(n) notification\(n > 1 ? "s" : "") non lue\(n > 1 ? "s" : "")", en: "Enjeu: \(n) unread notification\(n > 1 ? "s" : "")")
    }
    package static func digestMore(_ n: Int) -> Text { Text(fr: "… et \(n) de plus", en: "… and \(n) more") }
    package static func digestGreeting(_ name: String) -> Text { Text(fr: "Bonjour \(name),", en: "Hello \(name),") }

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
    /// Which case of the seeded EigenTrust the last computation was: founders and stewards as pre-trusted peers, or
    /// the members with verified results.
    package static func seeds(onStewards: Bool) -> Text {
        onStewards
            ? Text(fr: "Personne n’a encore de résultat vérifié : la confiance part des fondateurs et des animateurs, pairs de confiance a priori (EigenTrust classique), jusqu’au premier résultat vérifié.",
                   en: "Nobody has a verified result yet: trust starts from the founders and stewards, pre-trusted peers (classic EigenTrust), until the first verified result.")
            : Text(fr: "La confiance part des membres aux résultats vérifiés (amendements adoptés, chiffres confirmés, actions menées à bien et bien évaluées, recommandations réalisées), non plus des fondateurs et des animateurs.",
                   en: "Trust starts from the members with verified results (amendments adopted, figures confirmed, actions completed and well assessed, referrals completed), no longer from the founders and stewards.")
    }
    /// `threshold` as people write it ("2,5" / "2.5").
    package static func wellAssessed(_ threshold: String, assessors: Int) -> Text {
        Text(fr: "Une action réalisée devient un résultat vérifié de son équipe quand au moins \(assessors) de ses participants l’ont évaluée et que la moyenne des quatre critères atteint \(threshold) sur 4.",
             en: "A done action becomes its team's verified result once at least \(assessors) of its participants have assessed it and the mean of the four criteria reaches \(threshold) out of 4.")
    }
    package static let setThreshold = Text(fr: "Changer le seuil", en: "Change the threshold")
    package static func anchor(_ r: Results, onStewards: Bool, steward: Bool) -> Text {
        if onStewards {
            return steward ? Text(fr: "Personne n’a encore de résultat vérifié : la confiance part provisoirement des fondateurs et des animateurs, dont ce membre.",
                                  en: "Nobody has a verified result yet: trust provisionally starts from the founders and stewards, this member included.")
                : Text(fr: "Personne n’a encore de résultat vérifié : la confiance part provisoirement des fondateurs et des animateurs.",
                       en: "Nobody has a verified result yet: trust provisionally starts from the founders and stewards.")
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
