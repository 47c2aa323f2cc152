import EnjeuCore

extension Text {
    package static func section(_ key: SectionKey) -> Text {
        switch key {
        case .raisonDEtre: Text(fr: "Raison d'être", en: "Raison d'être")
        case .history: Text(fr: "Histoire", en: "History")
        case .social: Text(fr: "Principes sociaux et humains", en: "Social and human principles")
        case .economic: Text(fr: "Principes économiques", en: "Economic principles")
        case .ecological: Text(fr: "Principes écologiques", en: "Ecological principles")
        case .scientific: Text(fr: "Principes scientifiques et technologiques", en: "Scientific and technological principles")
        case .legal: Text(fr: "Principes juridiques", en: "Legal principles")
        case .financial: Text(fr: "Principes financiers", en: "Financial principles")
        case .cultural: Text(fr: "Principes artistiques et culturels", en: "Artistic and cultural principles")
        case .governance: Text(fr: "Gouvernance", en: "Governance")
        }
    }

    /// What each section is for, with an example: shown while the section is still empty.
    package static func sectionGuide(_ key: SectionKey) -> Text {
        switch key {
        case .raisonDEtre: Text(fr: "Pourquoi la communauté existe, ce qu'elle poursuit. Exemple : « Faire vivre le tissage artisanal dans la vallée du Rhône en partageant outils, tarifs et savoir-faire. »",
                                en: "Why the community exists, what it pursues. Example: \"Keep hand weaving alive in the Rhône valley by sharing tools, prices and know-how.\"")
        case .history: Text(fr: "D'où vous venez : les moments fondateurs, les choix passés et ce qu'ils ont appris. Exemple : « 2019 : premier atelier partagé à Lyon. »",
                            en: "Where you come from: founding moments, past choices and what they taught. Example: \"2019: first shared workshop in Lyon.\"")
        case .social: Text(fr: "Comment vous vous traitez les uns les autres. Exemple : « Chaque nouveau membre est accompagné par un parrain pendant trois mois. »",
                           en: "How you treat one another. Example: \"Every new member is accompanied by a mentor for three months.\"")
        case .economic: Text(fr: "Comment la valeur est créée et partagée. Exemple : « Les achats de fibres sont mutualisés ; chacun paie au prix coûtant. »",
                             en: "How value is created and shared. Example: \"Fibre purchases are pooled; everyone pays cost price.\"")
        case .ecological: Text(fr: "Votre rapport au vivant et aux ressources. Exemple : « Nous n'utilisons que des teintures végétales. »",
                               en: "Your relation to living things and resources. Example: \"We only use plant dyes.\"")
        case .scientific: Text(fr: "Vos outils, vos données, vos méthodes. Exemple : « Nos chiffres sont publiés avec leurs sources. »",
                               en: "Your tools, data and methods. Example: \"Our figures are published with their sources.\"")
        case .legal: Text(fr: "Votre forme juridique et vos engagements. Exemple : « SCIC ; statuts déposés en 2020. »",
                          en: "Your legal form and commitments. Example: \"Cooperative; statutes filed in 2020.\"")
        case .financial: Text(fr: "Capital, financements, répartition. Exemple : « Les excédents sont mis en réserve à 60 %. »",
                              en: "Capital, funding, distribution. Example: \"60% of surpluses go to reserves.\"")
        case .cultural: Text(fr: "Ce que vous créez et transmettez. Exemple : « Une exposition ouverte chaque printemps. »",
                             en: "What you create and pass on. Example: \"An open exhibition every spring.\"")
        case .governance: Text(fr: "Qui décide quoi, et comment. Exemple : « Les changements du code sont décidés par consentement, avec un quorum de 30 %. »",
                               en: "Who decides what, and how. Example: \"Changes to the code are decided by consent, with a 30% quorum.\"")
        }
    }

    package static func amendmentStatus(_ s: AmendmentStatus) -> Text {
        switch s {
        case .open: Text(fr: "Ouvert", en: "Open")
        case .adopted: Text(fr: "Adopté", en: "Adopted")
        case .rejected: Text(fr: "Rejeté", en: "Rejected")
        case .conflict: Text(fr: "En conflit", en: "In conflict")
        case .withdrawn: Text(fr: "Retiré", en: "Withdrawn")
        }
    }

    package static func stance(_ s: Stance) -> Text {
        switch s {
        case .consent: Text(fr: "Consentement", en: "Consent")
        case .object: Text(fr: "Objection", en: "Objection")
        case .abstain: Text(fr: "Abstention", en: "Abstention")
        }
    }

    package static func rule(_ r: DecisionRule) -> Text {
        switch r {
        case .consent: Text(fr: "Consentement : adopté sans objection restante, avec le quorum", en: "Consent: adopted with no standing objection, with the quorum")
        case .majority: Text(fr: "Majorité : plus de consentements que d'objections, avec le quorum", en: "Majority: more consents than objections, with the quorum")
        }
    }

    package static func rating(_ r: PracticeRating) -> Text {
        switch r {
        case .practised: Text(fr: "Pratiqué", en: "Practised")
        case .partly: Text(fr: "En partie", en: "Partly")
        case .notYet: Text(fr: "Pas encore", en: "Not yet")
        }
    }

    package static func factStance(_ s: FactStance) -> Text {
        switch s {
        case .supports: Text(fr: "Confirme", en: "Supports")
        case .contests: Text(fr: "Conteste", en: "Contests")
        }
    }

    package static let codeTitle = Text(fr: "#CodeSocial", en: "#CodeSocial")
    package static let codeNavHint = Text(fr: "raison d'être, principes, gouvernance", en: "raison d'être, principles, governance")
    package static let codeLead = Text(fr: "Le code source de l'organisation : sa raison d'être, son histoire, ses principes sur chaque plan et sa gouvernance. Il change par amendements que les membres proposent et décident, et il reste opposable aux faits.",
                               en: "The organisation's source code: its raison d'être, history, principles on every plane and governance. It changes through amendments that members propose and decide, and it stays answerable to facts.")
    package static func revisionLabel(_ n: Int) -> Text { Text(fr: "Révision \(n)", en: "Revision \(n)") }
    package static let noRevisionYet = Text(fr: "Aucune révision adoptée : le code est encore vide. Proposez le premier amendement.", en: "No adopted revision: the code is still empty. Propose the first amendment.")
    package static let emptySection = Text(fr: "Section vide. À quoi sert-elle ?", en: "Empty section. What is it for?")
    package static let proposeChange = Text(fr: "Proposer un amendement", en: "Propose an amendment")
    package static let proposeOnSection = Text(fr: "Amender cette section", en: "Amend this section")
    package static let historyTitle = Text(fr: "Historique des révisions", en: "Revision history")
    package static let amendmentsTitle = Text(fr: "Amendements", en: "Amendments")
    package static let blameTitle = Text(fr: "Qui a écrit chaque ligne", en: "Who wrote each line")
    package static let blameLink = Text(fr: "Origine des lignes", en: "Line origins")
    package static let exportTitle = Text(fr: "Exporter", en: "Export")
    package static let codeSettingsTitle = Text(fr: "Règles de décision du code", en: "Decision rules of the code")
    package static let contested = Text(fr: "Contestée par des faits", en: "Contested by facts")
    package static let facts = Text(fr: "Faits", en: "Facts")
    package static let addFact = Text(fr: "Ajouter un fait", en: "Add a fact")
    package static let openAmendmentFromFact = Text(fr: "Ouvrir un amendement à partir de ce fait", en: "Open an amendment from this fact")
    package static let diagnosisTitle = Text(fr: "Autodiagnostic : écrit et pratique", en: "Self-diagnosis: written and practised")
    package static let rateThis = Text(fr: "Mon diagnostic", en: "My diagnosis")
    package static let divergence = Text(fr: "Écart entre l'écrit et la pratique", en: "Gap between what is written and what is practised")
    package static let summaryLabel = Text(fr: "Résumé du changement", en: "Summary of the change")
    package static let reasonLabel = Text(fr: "Pourquoi ce changement ?", en: "Why this change?")
    package static let submitAmendment = Text(fr: "Soumettre l'amendement", en: "Submit the amendment")
    package static let markdownHint = Text(fr: "Markdown : # titre, *italique*, **gras**, - liste, [lien](https://…).", en: "Markdown: # heading, *italic*, **bold**, - list, [link](https://…).")
    package static let baseRevision = Text(fr: "Proposé sur la révision", en: "Proposed on revision")
    package static let closesOn = Text(fr: "Clôture le", en: "Closes on")
    package static let positionsTitle = Text(fr: "Positions", en: "Positions")
    package static let takePosition = Text(fr: "Prendre position", en: "Take a position")
    package static let positionReasonHint = Text(fr: "Une objection doit dire quel tort elle prévoit.", en: "An objection must say what harm it foresees.")
    package static let olderText = Text(fr: "sur une version antérieure du texte", en: "on an earlier version of the text")
    package static let superseded = Text(fr: "remplacée", en: "superseded")
    package static let commentsTitle = Text(fr: "Discussion", en: "Discussion")
    package static let addComment = Text(fr: "Commenter", en: "Comment")
    package static let reviseAmendment = Text(fr: "Réviser (rebaser sur le code actuel)", en: "Revise (rebase on the current code)")
    package static let withdrawAmendment = Text(fr: "Retirer l'amendement", en: "Withdraw the amendment")
    package static let decideNow = Text(fr: "Appliquer la règle maintenant", en: "Apply the rule now")
    package static let decideHint = Text(fr: "Le résultat n'est final que si la clôture est passée ou si tous les membres actifs ont pris position.", en: "The outcome is final only once the closing time has passed or every active member has taken a position.")
    package static let conflictExplain = Text(fr: "Le code a changé depuis cette proposition et les deux versions se recouvrent. L'auteur peut réviser l'amendement sur le code actuel.",
                                      en: "The code changed since this proposal and the two versions overlap. The author can revise the amendment on the current code.")
    package static let currentVersion = Text(fr: "Version actuelle du code", en: "Current version of the code")
    package static let proposedVersion = Text(fr: "Version proposée", en: "Proposed version")
    package static let inlineView = Text(fr: "Vue en ligne", en: "Inline view")
    package static let splitView = Text(fr: "Côte à côte", en: "Side by side")
    package static let noDifference = Text(fr: "Aucune différence.", en: "No difference.")
    package static let compare = Text(fr: "Comparer", en: "Compare")
    package static let fromRevision = Text(fr: "De la révision", en: "From revision")
    package static let toRevision = Text(fr: "À la révision", en: "To revision")
    package static let publishedLabel = Text(fr: "Publier le code (lisible par tous, même si la communauté est réservée aux membres)", en: "Publish the code (readable by anyone, even if the community is members only)")
    package static let quorumLabel = Text(fr: "Quorum (% des membres actifs qui prennent position)", en: "Quorum (% of active members taking a position)")
    package static let openDaysLabel = Text(fr: "Durée d'ouverture d'un amendement (jours)", en: "How long an amendment stays open (days)")
    package static let ruleLabel = Text(fr: "Règle de décision", en: "Decision rule")
    package static let tallyText = Text(fr: "Positions comptées (sur le texte actuel)", en: "Positions counted (on the current text)")
    package static let errAuthorOnly = Text(fr: "Seul l'auteur de l'amendement peut faire cela.", en: "Only the amendment's author can do that.")
    package static let errUnknownRevision = Text(fr: "Cette révision n'existe pas.", en: "This revision does not exist.")
    package static let errBeforeReplaced = Text(fr: "Paramètre « before » : les révisions se parcourent comme toutes les listes, avec « after » (le « next » de la page précédente).",
                                        en: "Parameter 'before': revisions are paged like every list, with 'after' (the previous page's 'next').")
    package static let byAuthor = Text(fr: "par", en: "by")
    package static let viewDiff = Text(fr: "Voir les changements", en: "See the changes")
    package static let allStatuses = Text(fr: "Tous", en: "All")
    package static let noAmendment = Text(fr: "Aucun amendement.", en: "No amendment.")
    package static let kindLink = Text(fr: "Lien", en: "Link")
    package static let kindNote = Text(fr: "Note datée", en: "Dated note")
    package static let factDateHint = Text(fr: "Date d'observation (AAAA-MM-JJ), facultative.", en: "Date observed (YYYY-MM-DD), optional.")
    package static let sectionLabel = Text(fr: "Section", en: "Section")
    package static let quorumWord = Text(fr: "quorum", en: "quorum")
    package static let colon = Text(fr: " : ", en: ": ")
    package static let revisionWord = Text(fr: "Révision", en: "Revision")
    package static let sectionHistory = Text(fr: "Historique de cette section", en: "History of this section")
    package static let evolutionTitle = Text(fr: "Évolution du diagnostic par révision", en: "How the diagnosis evolved, by revision")
    package static let factURL = Text(fr: "Adresse du lien", en: "Link address")
    package static let amendmentProposedFlash = Text(fr: "Amendement proposé : les membres peuvent maintenant prendre position.", en: "Amendment proposed: members can now take a position.")
}
