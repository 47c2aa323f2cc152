import Foundation

/// What a member may report (the `kind` of `POST /api/v1/reports`); raw values are what `moderation_cases` stores.
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    case post, comment, offer, profile, contribution
    case amendmentComment = "amendment-comment"

    /// A profile belongs to no one community and is never hidden: a moderator suspends the person instead.
    public var hideable: Bool { self != .profile }
}

/// Why (`reason`): a short list; `other` needs words.
public enum ReportReason: String, CaseIterable, Codable, Sendable {
    case spam, abuse
    case personalData = "personal-data"
    case offTopic = "off-topic"
    case other
}

/// A moderator's decision on an item's open reports (`POST /api/v1/reports/{id}/resolve`).
public enum ReportAction: String, CaseIterable, Codable, Sendable {
    /// The reports are unfounded: the item stays (or becomes again) visible.
    case dismiss
    /// The item is hidden from everyone but its author and the moderators, with a reason its author reads.
    case hide
    /// The item is shown again.
    case restore
}

/// A report's state; a case (one reported item) is `open` while any of its reports is.
public enum ReportStatus: String, CaseIterable, Codable, Sendable {
    case open, dismissed, hidden, restored
}

/// A report as typed, checked.
public struct ReportDraft: Sendable, Equatable {
    public let kind: ReportKind
    public let id: UUID
    public let reason: ReportReason
    public let text: String

    public static let textMax = 2_000

    /// Every violation at once, each naming its field.
    public static func validated(kind: String?, id: String?, reason: String?, text: String?) -> Result<ReportDraft, Violations> {
        var v = Violations()
        let k = kind.flatMap(ReportKind.init(rawValue:))
        if kind == nil || kind == "" { v.add(.kind, .required) } else if k == nil { v.add(.kind, .notAChoice) }
        let uuid = id.flatMap { UUID(uuidString: $0) }
        if id == nil || id == "" { v.add(.id, .required) } else if uuid == nil { v.add(.id, .notAChoice) }
        let r = reason.flatMap(ReportReason.init(rawValue:))
        if reason == nil || reason == "" { v.add(.reason, .required) } else if r == nil { v.add(.reason, .notAChoice) }
        let words = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if words.count > textMax { v.add(.text, .tooLong(max: textMax)) }
        else if r == .other && words.isEmpty { v.add(.text, .required) }
        guard v.isEmpty, let k, let uuid, let r else { return .failure(v) }
        return .success(ReportDraft(kind: k, id: uuid, reason: r, text: words))
    }
}

/// The rules of moderation that need no database.
public enum ModerationRules {
    /// Distinct reporters from which a reported item is hidden until a moderator reviews it (`communities.report_threshold`).
    public static let defaultThreshold = 3
    public static let thresholdRange = 1...50
    public static let noteMax = 2_000

    /// Whether the open reports of an item hide it now.
    public static func reachesThreshold(reporters: Int, threshold: Int) -> Bool { reporters >= max(1, threshold) }

    /// A suspension (a membership's or an account's) holds at `now`: indefinitely without `until`, else until that instant.
    public static func suspended(until: Date?, now: Date) -> Bool { until.map { $0 > now } ?? true }

    /// A suspension's reason and end, checked: the reason is required (the member reads it), the end in the future.
    public static func suspension(reason raw: String?, until: Date?, now: Date) -> Result<String, Violations> {
        var v = Violations()
        let reason = v.trimmed(.reason, raw ?? "", min: 1, max: noteMax)
        if let until, until <= now { v.add(.until, .dateFormat) }
        return v.isEmpty ? .success(reason) : .failure(v)
    }
}
