import Foundation
import EnjeuCore

extension Text {

    package static func errNoCredits(balance: Double, cost: Int, earn: Int) -> Text {
        let b = String(format: "%.1f", max(0, balance))
        return Text(fr: "Crédits insuffisants : il vous reste \(b) crédit(s), la consultation en coûte \(cost). Pour en gagner, contribuez un chiffre sourcé : une fois corroboré par d’autres membres, il rapporte jusqu’à \(earn) crédit(s) ; une correction confirmée rapporte aussi. Vous pouvez toujours contribuer et voir vos propres données.",
                    en: "Not enough credits: you have \(b) left and reading costs \(cost). To earn some, contribute a sourced figure: once other members corroborate it, it earns up to \(earn) credit(s); a confirmed correction earns too. You can always contribute and see your own data.")
    }
}

/// The strings of the #ChiffresEnsemble pages.
/// Keys of these texts; their words are in Catalogue/figures.json.
package enum FiguresText: String, CaseIterable, TextKey {
    package static let domain = "figures"
    case errFlagOwn, errNotCurrent, errRefreshRunning, errAlreadyFlagged, title, lead, newIndicator, indicators
    case datasets, newDataset, credits, rulesTitle, setRules, search, searchButton, contribute, contributeButton, myValue
    case supersedeHint, sourceHint, unitHint, periodHint, tagsHint, scalePositive, scaleSigned, noDataset
    case similarTitle, similarLead, createAnyway, create, estimate, interval, contributors, sources, outliers
    case contributions, replaced, history, spread, by, observed, status, flag, flagButton, flagHint, lockedTitle
    case balance, escrow, ledger, refresh, refreshed, exportCSV, exportPackage, exportContributions, exportCost
    case locked, value, chartTable, date, low, high, none, datasetOptional, unitInput, stewardsReadFree
    /// A personal observation's source, stored in one spelling (`FigureSource.text`), shown in the reader's language.
    case personalObservation
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

    package static func kind(_ k: FigureEstimate.Kind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<FigureEstimate.Kind>("figures.kind")

    package static func contributionStatus(_ s: ContributionStatus) -> Text { contributionStatusTexts[s] }
    private static let contributionStatusTexts = CaseTexts<ContributionStatus>("figures.contributionStatus")
    package static func creditKind(_ k: CreditKind) -> Text { creditKindTexts[k] }
    private static let creditKindTexts = CaseTexts<CreditKind>("figures.creditKind")

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
