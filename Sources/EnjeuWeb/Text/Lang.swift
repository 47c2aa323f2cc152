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
        case .incorrect: return Text(fr: "\(field.fr) : incorrect.", en: "\(field.en): incorrect.")
        case .doesNotMatch: return Text(fr: "\(field.fr) : les deux saisies diffèrent.", en: "\(field.en): the two entries differ.")
        case .byDecision: return Text(fr: "\(field.fr) : se change par une décision de la communauté, sur proposition.", en: "\(field.en): changes by the community's decision, on a proposal.")
        }
    }

    package static func label(_ f: InputField) -> Text { labelTexts[f] }
    private static let labelTexts = CaseTexts<InputField>("labels.label")

    package static func stage(_ s: LifeStage) -> Text { stageTexts[s] }
    private static let stageTexts = CaseTexts<LifeStage>("labels.stage")

    package static func visibility(_ v: Visibility) -> Text { visibilityTexts[v] }
    private static let visibilityTexts = CaseTexts<Visibility>("labels.visibility")

    package static func role(_ r: Role) -> Text { roleTexts[r] }
    private static let roleTexts = CaseTexts<Role>("labels.role")

    package static func status(_ s: MembershipStatus) -> Text { statusTexts[s] }
    private static let statusTexts = CaseTexts<MembershipStatus>("labels.status")

}
