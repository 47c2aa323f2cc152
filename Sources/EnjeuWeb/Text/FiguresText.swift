import Foundation
import EnjeuCore

extension Text {
    package static let errFlagOwn = Text(fr: "Vous ne pouvez pas signaler votre propre contribution : donnez plutôt une nouvelle valeur, elle remplacera l’ancienne.",
                                 en: "You cannot flag your own contribution: give a new value instead, it will replace the old one.")
    package static let errNotCurrent = Text(fr: "Cette contribution n’est plus en vigueur (remplacée ou dépréciée).",
                                    en: "This contribution is no longer current (superseded or deprecated).")
    package static let errRefreshRunning = Text(fr: "Un recalcul de la fiabilité est déjà en cours pour cette communauté.",
                                        en: "A reliability refresh is already running for this community.")
    package static let errAlreadyFlagged = Text(fr: "Vous avez déjà signalé cette contribution.", en: "You have already flagged this contribution.")

    package static func errNoCredits(balance: Double, cost: Int, earn: Int) -> Text {
        let b = String(format: "%.1f", max(0, balance))
        return Text(fr: "Crédits insuffisants : il vous reste \(b) crédit(s), la consultation en coûte \(cost). Pour en gagner, contribuez un chiffre sourcé : une fois corroboré par d’autres membres, il rapporte jusqu’à \(earn) crédit(s) ; une correction confirmée rapporte aussi. Vous pouvez toujours contribuer et voir vos propres données.",
                    en: "Not enough credits: you have \(b) left and reading costs \(cost). To earn some, contribute a sourced figure: once other members corroborate it, it earns up to \(earn) credit(s); a confirmed correction earns too. You can always contribute and see your own data.")
    }
}

/// The strings of the #ChiffresEnsemble pages.
package enum FiguresText {
    package static let title = Text(fr: "#ChiffresEnsemble", en: "#ChiffresEnsemble")
    package static let lead = Text(fr: "Les chiffres dont nous avons tous besoin, cherchés une fois et mis en commun : chaque estimation montre ses sources, sa dispersion et sa règle.",
                           en: "The figures we all need, looked up once and pooled: every estimate shows its sources, its spread and its rule.")
    package static let newIndicator = Text(fr: "Définir un indicateur", en: "Define an indicator")
    package static let indicators = Text(fr: "Indicateurs", en: "Indicators")
    package static let datasets = Text(fr: "Jeux de données", en: "Datasets")
    package static let newDataset = Text(fr: "Créer un jeu de données", en: "Create a dataset")
    package static let credits = Text(fr: "Mes crédits", en: "My credits")
    package static let rulesTitle = Text(fr: "Règle « donner pour recevoir »", en: "Give-to-get rule")
    package static let search = Text(fr: "Chercher un indicateur", en: "Search indicators")
    package static let searchButton = Text(fr: "Chercher", en: "Search")
    package static let contribute = Text(fr: "Contribuer un chiffre", en: "Contribute a figure")
    package static let contributeButton = Text(fr: "Envoyer ma valeur", en: "Send my value")
    package static let myValue = Text(fr: "Ma valeur actuelle", en: "My current value")
    package static let supersedeHint = Text(fr: "Une nouvelle valeur remplace la vôtre ; l’ancienne reste dans l’historique.",
                                    en: "A new value replaces yours; the old one stays in the history.")
    package static let sourceHint = Text(fr: "Une adresse (https://…), une référence de document, ou « observation personnelle ».",
                                 en: "An address (https://…), a document reference, or 'personal observation'.")
    package static let unitHint = Text(fr: "L’unité de base, puis entre parenthèses les préfixes acceptés : « € (k, M) », « h », « kg (k) ».",
                               en: "The base unit, then the accepted prefixes in brackets: '€ (k, M)', 'h', 'kg (k)'.")
    package static let periodHint = Text(fr: "2026, 2026-Q3, 2026-07 ou 2026-01-01..2026-06-30.", en: "2026, 2026-Q3, 2026-07 or 2026-01-01..2026-06-30.")
    package static let tagsHint = Text(fr: "Séparés par des virgules : tissage, Lyon, artisanat.", en: "Comma-separated: weaving, Lyon, crafts.")
    package static let scaleLabel = Text(fr: "Nature des valeurs", en: "Kind of values")
    package static let scalePositive = Text(fr: "Quantités positives (prix, durées, volumes)", en: "Positive quantities (prices, durations, volumes)")
    package static let scaleSigned = Text(fr: "Valeurs signées (taux d’évolution, températures)", en: "Signed values (growth rates, temperatures)")
    package static let noDataset = Text(fr: "Aucun", en: "None")
    package static let similarTitle = Text(fr: "Ces indicateurs existent peut-être déjà", en: "These indicators may already exist")
    package static let similarLead = Text(fr: "Contribuez à l’un d’eux plutôt que d’en créer un doublon, ou confirmez la création.",
                                  en: "Contribute to one of them rather than creating a duplicate, or confirm the creation.")
    package static let createAnyway = Text(fr: "Créer quand même", en: "Create anyway")
    package static let create = Text(fr: "Créer", en: "Create")
    package static let estimate = Text(fr: "Estimation", en: "Estimate")
    package static let interval = Text(fr: "Intervalle à 95 %", en: "95 % interval")
    package static let contributors = Text(fr: "Contributeurs", en: "Contributors")
    package static let sources = Text(fr: "Sources", en: "Sources")
    package static let outliers = Text(fr: "Valeurs aberrantes", en: "Outliers")
    package static let contributions = Text(fr: "Contributions", en: "Contributions")
    package static let replaced = Text(fr: "Valeurs remplacées (historique)", en: "Replaced values (history)")
    package static let history = Text(fr: "L’estimation dans le temps", en: "The estimate over time")
    package static let spread = Text(fr: "Dispersion des contributions", en: "Spread of the contributions")
    package static let by = Text(fr: "Par", en: "By")
    package static let observed = Text(fr: "Observé le", en: "Observed on")
    package static let status = Text(fr: "État", en: "Status")
    package static let flag = Text(fr: "Signaler comme erronée", en: "Flag as wrong")
    package static let flagButton = Text(fr: "Envoyer le signalement", en: "Send the flag")
    package static let flagHint = Text(fr: "Dites pourquoi ; une valeur corrigée et sa source aident la communauté à trancher.",
                               en: "Say why; a corrected value and its source help the community decide.")
    package static let lockedTitle = Text(fr: "Consultation en attente", en: "Reading on hold")
    package static let balance = Text(fr: "Solde", en: "Balance")
    package static let escrow = Text(fr: "Contributions en attente de corroboration", en: "Contributions awaiting corroboration")
    package static let ledger = Text(fr: "Mon relevé", en: "My ledger")
    package static let refresh = Text(fr: "Recalculer la fiabilité maintenant", en: "Recompute reliability now")
    package static let refreshed = Text(fr: "Fiabilité recalculée", en: "Reliability recomputed")
    package static let exportCSV = Text(fr: "Exporter les estimations (CSV)", en: "Export the estimates (CSV)")
    package static let exportPackage = Text(fr: "Paquet de données (Frictionless)", en: "Data package (Frictionless)")
    package static let exportContributions = Text(fr: "Contributions (CSV, animateurs)", en: "Contributions (CSV, stewards)")
    package static let exportCost = Text(fr: "Les exports contiennent les estimations des indicateurs que vous avez lus ce mois-ci ou lisez sans frais ; les autres y sont marqués « locked », sans valeur : débloquez-les d’abord.",
                                 en: "Exports hold the estimates of the indicators you have read this month or read free; the others are marked 'locked', without values: unlock them first.")
    package static let locked = Text(fr: "à débloquer", en: "locked")
    /// The button that pays: the only way a page spends credits.
    package static func readFor(_ cost: Int) -> Text { Text(fr: "Lire pour \(cost) crédit(s)", en: "Read for \(cost) credit(s)") }
    package static func readOffer(cost: Int, balance: Double) -> Text {
        let b = String(format: "%.1f", max(0, balance))
        return Text(fr: "Lire l’estimation et les contributions de cet indicateur coûte \(cost) crédit(s), une fois ce mois-ci ; il vous en reste \(b).",
                    en: "Reading this indicator's estimate and contributions costs \(cost) credit(s), once this month; you have \(b) left.")
    }
    package static func unlockOffer(count: Int, cost: Int, balance: Double) -> Text {
        let b = String(format: "%.1f", max(0, balance))
        return Text(fr: "\(count) indicateur(s) de ce jeu restent à débloquer ce mois-ci ; les lire tous coûte \(cost) crédit(s) (il vous en reste \(b)).",
                    en: "\(count) indicator(s) of this dataset are still locked this month; reading them all costs \(cost) credit(s) (you have \(b) left).")
    }
    package static let value = Text(fr: "Valeur", en: "Value")
    package static let chartTable = Text(fr: "Les mêmes données en tableau", en: "The same data as a table")
    package static let date = Text(fr: "Date", en: "Date")
    package static let low = Text(fr: "Bas", en: "Low")
    package static let high = Text(fr: "Haut", en: "High")
    package static let none = Text(fr: "Aucune contribution pour l’instant : soyez la première source.", en: "No contribution yet: be the first source.")
    package static let datasetOptional = Text(fr: "Jeu de données (facultatif)", en: "Dataset (optional)")
    package static let unitInput = Text(fr: "Unité de la valeur", en: "Unit of the value")
    package static let stewardsReadFree = Text(fr: "Les animateurs lisent sans frais pour modérer.", en: "Stewards read free of charge to moderate.")

    package static func kind(_ k: FigureEstimate.Kind) -> Text {
        switch k {
        case .none: Text(fr: "aucune valeur", en: "no value")
        case .singleSource: Text(fr: "source unique", en: "single source")
        case .disputed: Text(fr: "disputé", en: "disputed")
        case .estimate: Text(fr: "estimation", en: "estimate")
        }
    }

    package static func contributionStatus(_ s: String) -> Text {
        switch s {
        case "current": Text(fr: "en vigueur", en: "current")
        case "superseded": Text(fr: "remplacée", en: "superseded")
        case "deprecated": Text(fr: "dépréciée (signalée et écartée)", en: "deprecated (flagged and set aside)")
        default: Text(fr: s, en: s)
        }
    }

    package static func creditKind(_ k: String) -> Text {
        switch k {
        case "earn": Text(fr: "Contribution corroborée", en: "Corroborated contribution")
        case "correction": Text(fr: "Correction confirmée", en: "Confirmed correction")
        case "spend": Text(fr: "Consultation", en: "Reading")
        case "clawback": Text(fr: "Reprise (contribution dépréciée)", en: "Clawback (deprecated contribution)")
        default: Text(fr: k, en: k)
        }
    }

    /// The rule behind an estimate, shown openly with it.
    package static func rule(_ k: FigureEstimate.Kind, learned: Bool) -> Text {
        switch k {
        case .none: Text(fr: "Pas encore de valeur.", en: "No value yet.")
        case .singleSource: Text(fr: "Une seule source, non confirmée : la valeur est montrée telle quelle, ce n’est pas un consensus. Une deuxième recherche la confirmera ou la contestera.",
                                 en: "One source, unconfirmed: the value is shown as it is, not as a consensus. A second look-up will confirm or dispute it.")
        case .disputed: Text(fr: "Deux valeurs qui diffèrent de plus de 10 % : le chiffre est disputé. Une troisième recherche est nécessaire pour trancher.",
                             en: "Two values more than 10 % apart: the figure is disputed. A third look-up is needed to settle it.")
        case .estimate: learned
            ? Text(fr: "Moyenne robuste pondérée par la fiabilité de chaque contributeur, apprise sur tous les indicateurs (CATD sur les logarithmes, amortissement de Huber, aucune source ne pèse plus que toutes les autres réunies). Une valeur est aberrante quand elle s’écarte de plus de 3,5 échelles de l’estimation calculée sans elle. Intervalle à 95 %.",
                   en: "Robust mean weighted by each contributor's reliability, learned across all indicators (CATD on logarithms, Huber damping, no source outweighs all the others together). A value is an outlier when it lies more than 3.5 scale units from the estimate computed without it. 95 % interval.")
            : Text(fr: "Médiane des valeurs ; une valeur est aberrante quand son score z modifié (0,6745·|x − médiane| / MAD) dépasse 3,5. Intervalle à 95 %.",
                   en: "Median of the values; a value is an outlier when its modified z-score (0.6745·|x − median| / MAD) exceeds 3.5. 95 % interval.")
        }
    }

    package static func rulesText(_ r: CreditRules) -> Text {
        Text(fr: "Chaque membre reçoit \(r.allowance) crédit(s) à l’arrivée. Lire l’estimation et les contributions d’un indicateur coûte \(r.readCost) crédit(s), une fois par indicateur et par mois ; relire est gratuit, comme lire un indicateur qu’on a défini ou auquel on a contribué. Une contribution sourcée rapporte jusqu’à \(r.earn) crédit(s) quand d’autres membres la corroborent (les trois premières sources d’un chiffre comptent pleinement, les suivantes pour un quart ; recopier le consensus ne rapporte rien) ; une correction confirmée rapporte aussi. Les crédits gagnés diminuent de moitié en \(r.halfLifeDays) jours. Sans crédit, on reste membre, on peut toujours contribuer et voir ses propres données : seule la consultation attend.",
             en: "Every member starts with \(r.allowance) credit(s). Reading an indicator's estimate and contributions costs \(r.readCost) credit(s), once per indicator and month; reading again is free, as is reading an indicator you defined or contributed to. A sourced contribution earns up to \(r.earn) credit(s) once other members corroborate it (the first three sources of a figure count fully, later ones a quarter; copying the consensus earns nothing); a confirmed correction earns too. Earned credits halve every \(r.halfLifeDays) days. Without credits you stay a member, can always contribute and see your own data: only reading waits.")
    }
}
