import Foundation
import EnjeuCore

/// The four fields of application named in seed 000, each with suggested values, stakes and first actions.
package enum JourneyTemplate: String, CaseIterable, Sendable {
    case publicPolicy = "public-policy"
    case companyTeams = "company-teams"
    case productsMarketing = "products-marketing"
    case virtualCommunity = "virtual-community"
    case free

    package var title: Text { Catalogue.text("journey.title.\(self)") }

    /// Suggested values (name, meaning) and stakes, proposed for adoption.
    package func proposals(_ l: Lang) -> [(ProposalKind, String, String)] {
        func t(_ fr: String, _ en: String) -> String { l == .fr ? fr : en }
        switch self {
        case .publicPolicy:
            return [(.value, t("Transparence", "Transparency"), t("Les décisions et leurs raisons sont publiques.", "Decisions and their reasons are public.")),
                    (.value, t("Écoute", "Listening"), t("Chaque habitant peut être entendu.", "Every resident can be heard.")),
                    (.stake, t("Un quartier où l’on vit bien ensemble", "A neighbourhood where people live well together"),
                     t("Ce que les habitants veulent préserver et améliorer.", "What residents want to preserve and improve."))]
        case .companyTeams:
            return [(.value, t("Confiance", "Trust"), t("Nous nous donnons des informations vraies et à temps.", "We give each other true and timely information.")),
                    (.value, t("Reconnaissance", "Recognition"), t("Chaque contribution est vue, par la personne et par l’équipe.", "Every contribution is seen, by the person and by the team.")),
                    (.stake, t("Une équipe qui progresse ensemble", "A team that grows together"),
                     t("Le travail qui enrichit chacun et le collectif.", "Work that enriches each person and the collective."))]
        case .productsMarketing:
            return [(.value, t("Utilité", "Usefulness"), t("Nos produits servent ceux qui les utilisent.", "Our products serve those who use them.")),
                    (.value, t("Honnêteté", "Honesty"), t("Nous disons ce que fait le produit, et ce qu’il ne fait pas.", "We say what the product does, and what it does not.")),
                    (.stake, t("Des clients qui reviennent par choix", "Customers who come back by choice"),
                     t("La valeur partagée avec ceux qui achètent.", "The value shared with those who buy."))]
        case .virtualCommunity:
            return [(.value, t("Réciprocité", "Reciprocity"), t("Je donne autant que je reçois.", "I give as much as I receive.")),
                    (.value, t("Bienveillance", "Kindness"), t("Nous critiquons les idées, pas les personnes.", "We criticise ideas, not people.")),
                    (.stake, t("Un espace où chacun trouve sa place", "A space where everyone finds their place"),
                     t("L’appartenance qui donne envie de contribuer.", "The belonging that makes people want to contribute."))]
        case .free:
            return []
        }
    }

    package func actions(_ l: Lang) -> [(String, String)] {
        func t(_ fr: String, _ en: String) -> String { l == .fr ? fr : en }
        switch self {
        case .publicPolicy: return [(t("Réunion publique de lancement", "Public kick-off meeting"), t("Présenter la démarche et recueillir les attentes.", "Present the approach and gather expectations."))]
        case .companyTeams: return [(t("Atelier sur nos valeurs", "Workshop on our values"), t("Deux heures pour dire ce qui compte pour l’équipe.", "Two hours to say what matters to the team."))]
        case .productsMarketing: return [(t("Entretiens avec dix clients", "Interviews with ten customers"), t("Comprendre ce qu’ils attendent vraiment.", "Understand what they really expect."))]
        case .virtualCommunity: return [(t("Accueillir les nouveaux membres", "Welcome new members"), t("Un message et un parrain pour chaque arrivée.", "A message and a buddy for every newcomer."))]
        case .free: return []
        }
    }
}

extension Text {
    package static func retroAmendmentSummary(_ cycle: Int) -> Text {
        Text(fr: "Gouvernance : ce que la rétrospective du cycle \(cycle) propose de changer", en: "Governance: what the cycle \(cycle) retrospective proposes to change")
    }
}

/// Keys of these texts; their words are in Catalogue/journey.json.
package enum JourneyText: String, CaseIterable, TextKey {
    package static let domain = "journey"
    case errJourneyStarted, errCycleNotDone, errActionClosed, errActionMove, errActionNeedsOwner, errTeamOnly
    case errDroppedAction, errActionNotDone, errParticipantsOnly, errNotYourself, title, lead, cycleHeader, propose
    case proposeTitle, titleLabel, bodyLabel, positionTitle, takePosition, applyRule, actions, newAction, needs, due
    case stake, none, owner, team, volunteer, move, noteLabel, updates, outcome, assess, assessTitle, recognize
    case recognitionTitle, recognitionLead, toLabel, messageLabel, criteriaLabel, evaluation, selfAssessment
    case peerAssessment, individual, collective, balanceTitle, retroTitle, worked, didNot, change, report, reportLead
    case downloadMarkdown, startTitle, startLead, start, nextCycle, myDashboard, participants, community, count
    case membersIncluded, membersApart
    package static func cycle(_ n: Int) -> Text { Text(fr: "Cycle \(n)", en: "Cycle \(n)") }
    package static func step(_ s: JourneyStep) -> Text { Catalogue.text("journey.step.\(s)") }
    package static func state(_ s: StepState) -> Text { Catalogue.text("journey.state.\(s)") }
    /// What the community still needs to do to move on.
    package static func next(_ s: JourneyStep, _ state: StepState) -> Text {
        if state == .done { return Text(fr: "Étape franchie ; elle reste ouverte à de nouvelles propositions.", en: "Step reached; it stays open to new proposals.") }
        switch s {
        case .values: return Text(fr: "Proposez une valeur et son sens ; la communauté l’adopte selon sa règle de décision.", en: "Propose a value and its meaning; the community adopts it by its decision rule.")
        case .commonGood: return Text(fr: "Proposez une finalité ou un enjeu commun, puis adoptez-le.", en: "Propose a purpose or a shared stake, then adopt it.")
        case .project: return Text(fr: "Rédigez le projet : une vision, des objectifs reliés aux enjeux ; puis adoptez-le.", en: "Write the project: a vision, objectives tied to stakes; then adopt it.")
        case .actionPlan: return Text(fr: "Créez des actions et trouvez-leur un porteur : une action commence quand quelqu’un la porte.", en: "Create actions and find them an owner: an action starts once someone owns it.")
        case .action: return Text(fr: "Menez une action jusqu’au bout et racontez son résultat.", en: "Carry an action through and report its outcome.")
        case .governance: return Text(fr: "Tenez une rétrospective ; ses changements deviennent un amendement de la gouvernance du #CodeSocial, à adopter.", en: "Hold a retrospective; its changes become an amendment of the #CodeSocial's governance, to be adopted.")
        }
    }
    package static func kind(_ k: ProposalKind) -> Text { Catalogue.text("journey.kind.\(k)") }
    package static func proposalStatus(_ s: String) -> Text {
        switch s {
        case "open": Text(fr: "en discussion", en: "under discussion")
        case "adopted": Text(fr: "adoptée", en: "adopted")
        case "rejected": Text(fr: "non adoptée", en: "not adopted")
        default: Text(fr: s, en: s)
        }
    }
    package static func actionStatus(_ s: String) -> Text {
        switch s {
        case "planned": Text(fr: "prévue", en: "planned")
        case "in-progress": Text(fr: "en cours", en: "in progress")
        case "done": Text(fr: "faite", en: "done")
        case "dropped": Text(fr: "abandonnée", en: "dropped")
        default: Text(fr: s, en: s)
        }
    }
    package static func criterion(_ c: Criterion) -> Text { Catalogue.text("journey.criterion.\(c)") }
    /// A descriptor for each level of each criterion, shown beside the 0–4 choices.
    package static func level(_ c: Criterion, _ n: Int) -> Text {
        let fr: [Criterion: [String]] = [
            .material: ["aucun apport matériel", "un apport ponctuel", "un apport utile et mesurable", "un apport important pour la communauté", "un apport qui change la situation"],
            .consciousness: ["rien de nouveau compris", "une prise de conscience naissante", "les enjeux sont compris", "les enjeux sont compris et partagés", "une compréhension qui transforme les choix"],
            .mastery: ["aucun savoir-faire acquis", "des premiers gestes", "un savoir-faire pratiqué", "un savoir-faire sûr, transmissible", "une maîtrise reconnue et transmise"],
            .maturity: ["aucune évolution", "un premier recul", "de la constance et du recul", "une posture responsable envers le collectif", "une maturité qui entraîne les autres"],
        ]
        let en: [Criterion: [String]] = [
            .material: ["no material contribution", "a one-off contribution", "a useful, measurable contribution", "an important contribution to the community", "a contribution that changes the situation"],
            .consciousness: ["nothing new understood", "a dawning awareness", "the stakes are understood", "the stakes are understood and shared", "an understanding that transforms choices"],
            .mastery: ["no skill gained", "first steps", "a practised skill", "a sure, teachable skill", "a recognised mastery, passed on"],
            .maturity: ["no change", "a first step back", "steadiness and perspective", "a responsible stance towards the collective", "a maturity that carries others"],
        ]
        return Text(fr: "\(n) — \(fr[c]![n])", en: "\(n) — \(en[c]![n])")
    }
    package static func assessments(_ n: Int) -> Text { Text(fr: "\(n) évaluation(s)", en: "\(n) assessment(s)") }
    package static func dashboardOf(_ name: String) -> Text { Text(fr: "Tableau de bord de \(name)", en: "Dashboard of \(name)") }
    package static func assessMember(_ name: String) -> Text { Text(fr: "Évaluer la contribution de \(name)", en: "Assess \(name)'s contribution") }
}
