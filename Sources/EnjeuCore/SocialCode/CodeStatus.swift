/// The states of the #CodeSocial's records, stored as their raw values.
public enum AmendmentStatus: String, Codable, CaseIterable, Sendable {
    case open, adopted, rejected, conflict, withdrawn
}

public enum FactKind: String, Codable, CaseIterable, Sendable { case link, note }
public enum FactStance: String, Codable, CaseIterable, Sendable { case supports, contests }
public enum PracticeRating: String, Codable, CaseIterable, Sendable { case practised, partly, notYet = "not-yet" }
