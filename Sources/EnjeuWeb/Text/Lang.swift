import Foundation
import EnjeuCore

public enum Lang: String, Sendable, CaseIterable {
    case fr, en
    public subscript(_ t: Text) -> String { self == .fr ? t.fr : t.en }
}

/// One user-facing string in both languages: a missing translation does not compile.
public struct Text: Sendable {
    public let fr: String
    public let en: String
    public init(fr: String, en: String) { self.fr = fr; self.en = en }
}

extension Text {
    package static func describe(_ v: Violation) -> Text {
        let field = label(v.field)
        switch v.problem {
        case .required: return Text(fr: "\(field.fr) : obligatoire.", en: "\(field.en): required.")
        case let .tooShort(min): return Text(fr: "\(field.fr) : au moins \(min) caractères.", en: "\(field.en): at least \(min) characters.")
        case let .tooLong(max): return Text(fr: "\(field.fr) : au plus \(max).", en: "\(field.en): at most \(max).")
        case .slugFormat: return Text(fr: "\(field.fr) : 3 à 60 caractères parmi a-z, 0-9 et « - ».", en: "\(field.en): 3 to 60 characters among a-z, 0-9 and '-'.")
        case .handleFormat: return Text(fr: "\(field.fr) : 3 à 30 caractères a-z, 0-9 ou « _ », commençant par une lettre.", en: "\(field.en): 3 to 30 characters a-z, 0-9 or '_', starting with a letter.")
        case .emailFormat: return Text(fr: "\(field.fr) : adresse invalide.", en: "\(field.en): not a valid address.")
        case .notAChoice: return Text(fr: "\(field.fr) : choix inconnu.", en: "\(field.en): unknown choice.")
        case let .outOfRange(min, max): return Text(fr: "\(field.fr) : entre \(min) et \(max).", en: "\(field.en): between \(min) and \(max).")
        case .taken: return Text(fr: "\(field.fr) : déjà utilisé.", en: "\(field.en): already taken.")
        case .notANumber: return Text(fr: "\(field.fr) : un nombre fini est attendu.", en: "\(field.en): a finite number is expected.")
        case .notPositive: return Text(fr: "\(field.fr) : doit être supérieur à zéro pour cet indicateur.", en: "\(field.en): must be greater than zero for this indicator.")
        case let .wrongUnit(allowed): return Text(fr: "\(field.fr) : unités acceptées : \(allowed.joined(separator: ", ")).", en: "\(field.en): accepted units: \(allowed.joined(separator: ", ")).")
        case .periodFormat: return Text(fr: "\(field.fr) : une année (2026), un trimestre (2026-Q3), un mois (2026-07) ou un intervalle (2026-01-01..2026-06-30).", en: "\(field.en): a year (2026), a quarter (2026-Q3), a month (2026-07) or a range (2026-01-01..2026-06-30).")
        case .sourceFormat: return Text(fr: "\(field.fr) : une adresse http(s) valide, une référence de document ou « observation personnelle ».", en: "\(field.en): a valid http(s) address, a document reference or 'personal observation'.")
        case .dateFormat: return Text(fr: "\(field.fr) : une date AAAA-MM-JJ est attendue.", en: "\(field.en): a YYYY-MM-DD date is expected.")
        case .inFuture: return Text(fr: "\(field.fr) : ne peut pas être dans le futur.", en: "\(field.en): cannot be in the future.")
        case .notYourself: return Text(fr: "\(field.fr) : pas vous-même ; la confiance vient des autres.", en: "\(field.en): not yourself; trust comes from others.")
        }
    }

    package static func label(_ f: InputField) -> Text {
        switch f {
        case .handle: Text(fr: "Identifiant", en: "Handle")
        case .displayName: Text(fr: "Nom affiché", en: "Display name")
        case .email: Text(fr: "Adresse e-mail", en: "E-mail address")
        case .password: Text(fr: "Mot de passe", en: "Password")
        case .bio: Text(fr: "Qui je suis", en: "Who I am")
        case .values: Text(fr: "Les valeurs que je porte", en: "The values I hold")
        case .skills: Text(fr: "Mes compétences", en: "My skills")
        case .lang: Text(fr: "Langue", en: "Language")
        case .slug: Text(fr: "Adresse courte (slug)", en: "Short address (slug)")
        case .name: Text(fr: "Nom", en: "Name")
        case .purpose: Text(fr: "Objet", en: "Purpose")
        case .perimeter: Text(fr: "Périmètre", en: "Perimeter")
        case .rhythm: Text(fr: "Rythme", en: "Rhythm")
        case .stage: Text(fr: "Stade de vie", en: "Life stage")
        case .visibility: Text(fr: "Visibilité", en: "Visibility")
        case .charter: Text(fr: "Charte de réciprocité", en: "Reciprocity charter")
        case .message: Text(fr: "Message", en: "Message")
        case .reason: Text(fr: "Motif", en: "Reason")
        case .version: Text(fr: "Version", en: "Version")
        case .tokenName: Text(fr: "Nom du jeton", en: "Token name")
        case .role: Text(fr: "Rôle", en: "Role")
        case .summary: Text(fr: "Résumé", en: "Summary")
        case .section: Text(fr: "Section", en: "Section")
        case .body: Text(fr: "Texte de la section", en: "Section text")
        case .changes: Text(fr: "Changements (au moins une section modifiée)", en: "Changes (at least one section changed)")
        case .stance: Text(fr: "Position", en: "Position")
        case .comment: Text(fr: "Commentaire", en: "Comment")
        case .url: Text(fr: "Adresse du lien (http ou https)", en: "Link address (http or https)")
        case .note: Text(fr: "Note", en: "Note")
        case .date: Text(fr: "Date (AAAA-MM-JJ)", en: "Date (YYYY-MM-DD)")
        case .rating: Text(fr: "Diagnostic", en: "Diagnosis")
        case .quorum: Text(fr: "Quorum (0 à 100 %)", en: "Quorum (0 to 100%)")
        case .openDays: Text(fr: "Durée d'ouverture (1 à 90 jours)", en: "Open period (1 to 90 days)")
        case .rule: Text(fr: "Règle de décision", en: "Decision rule")
        case .kind: Text(fr: "Type", en: "Kind")
        case .status: Text(fr: "Statut", en: "Status")
        case .definition: Text(fr: "Définition", en: "Definition")
        case .unit: Text(fr: "Unité", en: "Unit")
        case .period: Text(fr: "Période", en: "Period")
        case .place: Text(fr: "Lieu ou périmètre", en: "Place or perimeter")
        case .tags: Text(fr: "Métiers ou secteurs", en: "Trades or sectors")
        case .value: Text(fr: "Valeur", en: "Value")
        case .source: Text(fr: "Source", en: "Source")
        case .observedOn: Text(fr: "Date d’observation", en: "Date observed")
        case .correctedValue: Text(fr: "Valeur corrigée", en: "Corrected value")
        case .dataset: Text(fr: "Jeu de données", en: "Dataset")
        case .allowance: Text(fr: "Crédits offerts aux nouveaux", en: "Newcomers' free credits")
        case .readCost: Text(fr: "Coût d’une consultation", en: "Cost of one reading")
        case .earn: Text(fr: "Gain d’une contribution corroborée", en: "Earned by a corroborated contribution")
        case .halfLifeDays: Text(fr: "Demi-vie des crédits (jours)", en: "Credit half-life (days)")
        case .stake: Text(fr: "Enjeu servi", en: "Stake served")
        case .material: Text(fr: "Enrichissement matériel", en: "Material enrichment")
        case .consciousness: Text(fr: "Conscience", en: "Consciousness")
        case .mastery: Text(fr: "Maîtrise", en: "Mastery")
        case .maturity: Text(fr: "Maturité", en: "Maturity")
        case .from: Text(fr: "De (qui donne)", en: "From (who gives)")
        case .to: Text(fr: "À (qui reçoit)", en: "To (who receives)")
        case .nature: Text(fr: "Nature", en: "Nature")
        case .measure: Text(fr: "Mesure", en: "Measure")
        case .quantity: Text(fr: "Quantité", en: "Quantity")
        case .appreciation: Text(fr: "Appréciation (1 à 5)", en: "Appreciation (1 to 5)")
        case .beneficiary: Text(fr: "Bénéficiaire", en: "Beneficiary")
        case .terms: Text(fr: "Conditions", en: "Terms")
        case .layer: Text(fr: "Couche", en: "Layer")
        case .share: Text(fr: "Part (%)", en: "Share (%)")
        case .offer: Text(fr: "Offre liée", en: "Linked offer")
        case .action: Text(fr: "Action liée", en: "Linked action")
        case .topic: Text(fr: "Sujet (une valeur ou une compétence)", en: "Topic (a value or a skill)")
        case .ids: Text(fr: "Identifiants", en: "Identifiers")
        case .postBody: Text(fr: "Texte du message", en: "Post text")
        case .commentBody: Text(fr: "Texte du commentaire", en: "Comment text")
        case .worked: JourneyText.worked
        case .didNot: JourneyText.didNot
        case .change: JourneyText.change
        case .proposalBody: JourneyText.bodyLabel
        case .needs: JourneyText.needs
        }
    }

    package static func stage(_ s: LifeStage) -> Text {
        switch s {
        case .emerging: Text(fr: "Émergente", en: "Emerging")
        case .growing: Text(fr: "En croissance", en: "Growing")
        case .mature: Text(fr: "Mature", en: "Mature")
        case .dormant: Text(fr: "En sommeil", en: "Dormant")
        case .closed: Text(fr: "Close", en: "Closed")
        }
    }

    package static func visibility(_ v: Visibility) -> Text {
        switch v {
        case .public: Text(fr: "Publique : tout le monde peut la lire", en: "Public: anyone can read it")
        case .members: Text(fr: "Réservée aux membres : seule sa carte est publique", en: "Members only: only its card is public")
        }
    }

    package static func role(_ r: Role) -> Text {
        switch r {
        case .founder: Text(fr: "Fondateur·rice", en: "Founder")
        case .steward: Text(fr: "Animateur·rice", en: "Steward")
        case .member: Text(fr: "Membre", en: "Member")
        }
    }

    package static func status(_ s: MembershipStatus) -> Text {
        switch s {
        case .approved: Text(fr: "Acceptée, charte à signer", en: "Approved, charter to accept")
        case .active: Text(fr: "Active", en: "Active")
        case .suspended: Text(fr: "Suspendue", en: "Suspended")
        case .left: Text(fr: "Partie", en: "Left")
        }
    }

}
