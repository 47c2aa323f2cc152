import Foundation
import EnjeuCore

/// The four fields of application named in seed 000, each with suggested values, stakes and first actions.
package enum JourneyTemplate: String, CaseIterable, Sendable {
    case publicPolicy = "public-policy"
    case companyTeams = "company-teams"
    case productsMarketing = "products-marketing"
    case virtualCommunity = "virtual-community"
    case free

    package var title: Text {
        switch self {
        case .publicPolicy: Text(fr: "Politique publique avec participation citoyenne", en: "Public policy with citizen participation")
        case .companyTeams: Text(fr: "Management d’entreprise (équipes et groupes)", en: "Company management (teams and groups)")
        case .productsMarketing: Text(fr: "Produits et marketing d’une entreprise", en: "A company's products and marketing")
        case .virtualCommunity: Text(fr: "Communauté virtuelle", en: "Virtual community")
        case .free: Text(fr: "Partir d’une page blanche", en: "Start from a blank page")
        }
    }

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
    package static let errJourneyStarted = Text(fr: "Le parcours de cette communauté a déjà commencé.", en: "This community's journey has already started.")
    package static let errCycleNotDone = Text(fr: "Le cycle n’est pas terminé : la gouvernance doit d’abord progresser (une rétrospective dont l’amendement est adopté).",
                                      en: "The cycle is not finished: governance must progress first (a retrospective whose amendment is adopted).")
    package static let errActionClosed = Text(fr: "Cette action est close (faite ou abandonnée).", en: "This action is closed (done or dropped).")
    package static let errActionMove = Text(fr: "Ce changement d’état n’est pas possible : prévue → en cours → faite ou abandonnée.",
                                    en: "This change of status is not possible: planned → in progress → done or dropped.")
    package static let errActionNeedsOwner = Text(fr: "Une action commence quand quelqu’un la porte : portez-vous volontaire d’abord.",
                                          en: "An action starts once someone owns it: volunteer first.")
    package static let errTeamOnly = Text(fr: "Seule l’équipe de l’action (ou un animateur) peut la faire avancer.", en: "Only the action's team (or a steward) can move it.")
    package static let errDroppedAction = Text(fr: "Une action abandonnée ne s’évalue pas.", en: "A dropped action cannot be assessed.")
    package static let errActionNotDone = Text(fr: "Une action s’évalue une fois faite.", en: "An action is assessed once it is done.")
    package static let errParticipantsOnly = Text(fr: "Seuls les participants d’une action l’évaluent.", en: "Only an action's participants assess it.")
    package static let errNotYourself = Text(fr: "On ne se reconnaît pas soi-même comme un pair.", en: "Nobody recognises themselves as a peer.")
    package static func retroAmendmentSummary(_ cycle: Int) -> Text {
        Text(fr: "Gouvernance : ce que la rétrospective du cycle \(cycle) propose de changer", en: "Governance: what the cycle \(cycle) retrospective proposes to change")
    }
}

package enum JourneyText {
    package static let title = Text(fr: "Parcours de socio-performance", en: "Socio-performance journey")
    package static let lead = Text(fr: "Six étapes vers le bien commun, en cycles : chaque étape montre où nous en sommes et ce qu’il reste à faire.",
                           en: "Six steps towards the common good, in cycles: each step shows where we stand and what is left to do.")
    package static func cycle(_ n: Int) -> Text { Text(fr: "Cycle \(n)", en: "Cycle \(n)") }
    package static let cycleHeader = Text(fr: "Cycle", en: "Cycle")
    package static func step(_ s: JourneyStep) -> Text {
        switch s {
        case .values: Text(fr: "La communauté de référence et ses valeurs partagées", en: "The reference community and its shared values")
        case .commonGood: Text(fr: "Le bien commun : finalités et enjeux", en: "The common good: purposes and stakes")
        case .project: Text(fr: "Le projet communautaire", en: "The community project")
        case .actionPlan: Text(fr: "Le plan d’action participatif", en: "The participatory action plan")
        case .action: Text(fr: "L’action menée ensemble", en: "The action carried out together")
        case .governance: Text(fr: "Une gouvernance qui progresse", en: "Governance that progresses")
        }
    }
    package static func state(_ s: StepState) -> Text {
        switch s {
        case .notStarted: Text(fr: "pas commencée", en: "not started")
        case .inProgress: Text(fr: "en cours", en: "in progress")
        case .done: Text(fr: "faite", en: "done")
        }
    }
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
    package static func kind(_ k: ProposalKind) -> Text {
        switch k {
        case .value: Text(fr: "Valeur", en: "Value")
        case .purpose: Text(fr: "Finalité", en: "Purpose")
        case .stake: Text(fr: "Enjeu", en: "Stake")
        case .project: Text(fr: "Projet", en: "Project")
        }
    }
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
    package static func criterion(_ c: Criterion) -> Text {
        switch c {
        case .material: Text(fr: "Enrichissement matériel", en: "Material enrichment")
        case .consciousness: Text(fr: "Conscience", en: "Consciousness")
        case .mastery: Text(fr: "Maîtrise", en: "Mastery")
        case .maturity: Text(fr: "Maturité", en: "Maturity")
        }
    }
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
    package static let propose = Text(fr: "Proposer", en: "Propose")
    package static let proposeTitle = Text(fr: "Faire une proposition", en: "Make a proposal")
    package static let titleLabel = Text(fr: "Intitulé", en: "Title")
    package static let bodyLabel = Text(fr: "Sens, ou texte du projet", en: "Meaning, or the project's text")
    package static let positionTitle = Text(fr: "Ma position", en: "My position")
    package static let takePosition = Text(fr: "Prendre position", en: "Take a position")
    package static let applyRule = Text(fr: "Appliquer la règle maintenant", en: "Apply the rule now")
    package static let actions = Text(fr: "Actions", en: "Actions")
    package static let newAction = Text(fr: "Créer une action", en: "Create an action")
    package static let needs = Text(fr: "Compétences ou ressources nécessaires", en: "Skills or resources needed")
    package static let due = Text(fr: "Échéance", en: "Due date")
    package static let stake = Text(fr: "Enjeu servi", en: "Stake served")
    package static let none = Text(fr: "Aucun", en: "None")
    package static let owner = Text(fr: "Porteur", en: "Owner")
    package static let team = Text(fr: "Équipe", en: "Team")
    package static let volunteer = Text(fr: "Je me porte volontaire", en: "I volunteer")
    package static let move = Text(fr: "Faire avancer", en: "Move forward")
    package static let noteLabel = Text(fr: "Note (compte rendu du résultat pour clore)", en: "Note (the outcome report to close it)")
    package static let updates = Text(fr: "Avancement", en: "Progress")
    package static let outcome = Text(fr: "Résultat", en: "Outcome")
    package static let assess = Text(fr: "Évaluer", en: "Assess")
    package static let assessTitle = Text(fr: "Évaluer sur les quatre critères", en: "Assess on the four criteria")
    package static let recognize = Text(fr: "Reconnaître", en: "Recognise")
    package static let recognitionTitle = Text(fr: "Mur de la reconnaissance", en: "Recognition wall")
    package static let recognitionLead = Text(fr: "Reconnaître une personne, une équipe ou toute la communauté : l’individuel et le collectif, côte à côte.",
                                      en: "Recognise a person, a team or the whole community: the individual and the collective, side by side.")
    package static let toLabel = Text(fr: "À qui", en: "To whom")
    package static let messageLabel = Text(fr: "Message", en: "Message")
    package static let criteriaLabel = Text(fr: "Les critères dont elle parle", en: "The criteria it speaks to")
    package static let evaluation = Text(fr: "Évaluation", en: "Evaluation")
    package static let selfAssessment = Text(fr: "Auto-évaluation", en: "Self-assessment")
    package static let peerAssessment = Text(fr: "Évaluation par les pairs", en: "Peer assessment")
    package static func assessments(_ n: Int) -> Text { Text(fr: "\(n) évaluation(s)", en: "\(n) assessment(s)") }
    package static let individual = Text(fr: "Individuelle", en: "Individual")
    package static let collective = Text(fr: "Collective", en: "Collective")
    package static let balanceTitle = Text(fr: "Équilibre entre reconnaissance individuelle et collective", en: "Balance of individual and collective recognition")
    package static let retroTitle = Text(fr: "Rétrospective", en: "Retrospective")
    package static let worked = Text(fr: "Ce qui a marché", en: "What worked")
    package static let didNot = Text(fr: "Ce qui n’a pas marché", en: "What did not")
    package static let change = Text(fr: "Ce que nous changeons (deviendra un amendement de la gouvernance)", en: "What we change (becomes a governance amendment)")
    package static let report = Text(fr: "Restitution du cycle", en: "Cycle report")
    package static let reportLead = Text(fr: "Le parcours, les actions et leurs résultats, qui y a pris part, l’évaluation et les reconnaissances : à imprimer ou à télécharger.",
                                 en: "The journey, the actions and their outcomes, who took part, the evaluation and the recognitions: to print or download.")
    package static let downloadMarkdown = Text(fr: "Télécharger en Markdown", en: "Download as Markdown")
    package static let startTitle = Text(fr: "Commencer le parcours", en: "Start the journey")
    package static let startLead = Text(fr: "Choisissez un champ d’application : il propose des valeurs, des enjeux et de premières actions, que la communauté adopte, modifie ou rejette.",
                                en: "Choose a field of application: it suggests values, stakes and first actions, which the community adopts, changes or rejects.")
    package static let start = Text(fr: "Commencer", en: "Start")
    package static let nextCycle = Text(fr: "Commencer le cycle suivant", en: "Start the next cycle")
    package static let myDashboard = Text(fr: "Mon tableau de bord", en: "My dashboard")
    package static let participants = Text(fr: "Participants", en: "Participants")
    package static let community = Text(fr: "Toute la communauté", en: "The whole community")
    package static let count = Text(fr: "Nombre d’évaluations", en: "Number of assessments")
    package static func dashboardOf(_ name: String) -> Text { Text(fr: "Tableau de bord de \(name)", en: "Dashboard of \(name)") }
    package static func assessMember(_ name: String) -> Text { Text(fr: "Évaluer la contribution de \(name)", en: "Assess \(name)'s contribution") }
    package static let membersIncluded = Text(fr: "Les actions et les évaluations entre membres.", en: "Actions and members' assessments of each other.")
    package static let membersApart = Text(fr: "Des évaluations entre membres sont laissées de côté : celles d’un cycle sont publiées quand il se clôt, auto-évaluations et évaluations par les pairs à part, et seulement si au moins trois membres ont été évalués dans chacune ; d’ici là, aucun chiffre ne les compte, totaux compris, pour que personne ne soit reconnaissable.",
                                   en: "Some of the members' assessments are left out: those of a cycle are published when it closes, self- and peer-assessments apart, and only where at least three members have been assessed in each; until then no figure counts them, totals included, so that nobody can be singled out.")
}
