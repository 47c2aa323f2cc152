import Foundation

// What #ChiffresEnsemble rows store as text; the raw values are the database's.

/// Where a contribution stands: the member's value in force, one they replaced (kept in the history), or one the
/// community set aside after flags (kept, marked, so nobody enters it again).
public enum ContributionStatus: String, CaseIterable, Sendable, Codable {
    case current, superseded, deprecated
}

/// The credit a contribution may earn: held until others corroborate it, paid, or void once it was deprecated first.
public enum CreditState: String, CaseIterable, Sendable, Codable {
    case escrow, credited, void
}

/// A flag on a contribution: waiting, upheld (the value was set aside or corrected) or dismissed by the consensus.
public enum FlagState: String, CaseIterable, Sendable, Codable {
    case open, upheld, dismissed
}

/// The kind of a contribution's source, as `FigureSource.kind` spells it.
public enum FigureSourceKind: String, CaseIterable, Sendable, Codable {
    case url, document, personal
}

extension FigureDate {
    /// A moment's calendar day in UTC, `YYYY-MM-DD`: today for date fields and the check on observation dates.
    public static func day(_ d: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Its month, `YYYY-MM`: reading an indicator is paid once per month.
    public static func month(_ d: Date) -> String { String(day(d).prefix(7)) }
}
