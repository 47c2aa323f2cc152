/// The sections of a social code, in reading order.
public enum SectionKey: String, CaseIterable, Codable, Sendable {
    case raisonDEtre = "raison-d-etre"
    case history
    case social, economic, ecological, scientific, legal, financial, cultural
    case governance

    public var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// A social code as a whole: each section's Markdown body (absent sections are empty).
public struct CodeSnapshot: Equatable, Sendable {
    public var bodies: [SectionKey: String]
    public init(_ bodies: [SectionKey: String] = [:]) { self.bodies = bodies }
    public subscript(_ key: SectionKey) -> String { bodies[key] ?? "" }
}

/// What an amendment may carry, checked in one place.
public enum AmendmentRules {
    public static let summaryMax = 200
    public static let reasonMax = 10_000
    public static let bodyMax = 100_000

    public static func validate(summary: String, reason: String, changes: [(section: String, body: String)],
                                base: CodeSnapshot) -> Result<[SectionKey: String], Violations> {
        var v = Violations()
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty { v.add(.summary, .required) } else if summary.count > summaryMax { v.add(.summary, .tooLong(max: summaryMax)) }
        if reason.count > reasonMax { v.add(.reason, .tooLong(max: reasonMax)) }
        var out: [SectionKey: String] = [:]
        for change in changes {
            guard let key = SectionKey(rawValue: change.section) else { v.add(.section, .notAChoice); continue }
            if change.body.utf8.count > bodyMax { v.add(.body, .tooLong(max: bodyMax)); continue }
            let body = normalise(change.body)
            if body != base[key] { out[key] = body }
        }
        if v.isEmpty && out.isEmpty { v.add(.changes, .required) }
        return v.isEmpty ? .success(out) : .failure(v)
    }

    /// Line endings unified and trailing blank space trimmed, so equal texts compare equal.
    public static func normalise(_ body: String) -> String {
        body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed() }.map { String($0) }
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}

import Foundation
