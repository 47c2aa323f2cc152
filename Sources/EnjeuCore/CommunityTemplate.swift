import Foundation

/// The kinds of organisation a new community may start from. A template gives the community, in the same transaction
/// as its creation, a reciprocity charter, a first revision of its #CodeSocial (a skeleton of the sections that kind of
/// organisation writes first) and the first journey step on the table (shared values proposed for adoption).
/// Its words are in EnjeuWeb's catalogue (`templates.json`); this says only what a template is made of.
public enum CommunityTemplate: String, CaseIterable, Sendable, Codable {
    case association
    case cooperative
    case companyTeam = "company-team"
    case thirdPlaces = "third-places"

    /// What forms send for "no template".
    public static let blank = "blank"

    /// The #CodeSocial sections the skeleton fills, in reading order.
    public var sections: [SectionKey] {
        switch self {
        case .association: [.raisonDEtre, .social, .financial, .governance]
        case .cooperative: [.raisonDEtre, .economic, .legal, .governance]
        case .companyTeam: [.raisonDEtre, .social, .economic, .governance]
        case .thirdPlaces: [.raisonDEtre, .social, .ecological, .governance]
        }
    }

    /// The shared values proposed at step 1 of the journey (each with its meaning).
    public static let valueCount = 2

    /// What a form or the API sent: no template (absent, empty or `blank`), one of the four, or a violation naming
    /// the `template` field.
    public static func choice(_ raw: String?) -> Result<CommunityTemplate?, Violations> {
        let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if value.isEmpty || value == blank { return .success(nil) }
        guard let t = CommunityTemplate(rawValue: value) else { return .failure(Violations(.template, .notAChoice)) }
        return .success(t)
    }
}
