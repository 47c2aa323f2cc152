import Foundation

/// The input fields Enjeu validates; the web layer names them in both languages, each by its own label: fields of
/// different features that are submitted under one name (a post's text and a #CodeSocial section's are both `body`)
/// are distinct cases, so a message never names another feature's field.
public enum InputField: String, Sendable, Hashable, CaseIterable {
    case handle, displayName, email, password, bio, values, skills, lang
    case slug, name, purpose, perimeter, rhythm, stage, visibility, charter
    case message, reason, version, tokenName, role
    case summary, section, body, changes, stance, comment, url, note, date, rating, quorum, openDays, rule, kind, status
    case definition, unit, period, place, tags, scale, value, source, observedOn, correctedValue, dataset
    case allowance, readCost, earn, halfLifeDays, stewardsReadFree
    case stake, material, consciousness, mastery, maturity
    case from, to, nature, measure, quantity, appreciation, beneficiary, terms, layer, share, offer, action
    case topic, ids
    /// Social: a post's text, a comment's text.
    case postBody, commentBody
    /// Journey: a retrospective's three answers, a proposal's text, what an action needs.
    case worked, didNot, change, proposalBody, needs
    /// A new community's starting template (`CommunityTemplate`).
    case template
    /// Changing one's password: the one in use, the new one (submitted as `password`) and the new one again.
    case currentPassword, newPassword, passwordConfirmation
    /// Organisations and links between communities.
    case website, registrationNumber, organisation, target
    /// A programme's open-data licence; a request for an indicator names a trade.
    case licence, trade
    /// The mean of the four criteria from which a done action counts as its team's verified result (`WellAssessed`).
    case threshold
    /// Whether a person shows a summary of their contributions on their profile.
    case show
    /// Governance (issue 18): a role's rights, how many members a credibility rule names, the most a position may weigh.
    case rights, count, cap
    /// Moderation: a report's words and the reported item's id; the end of a suspension.
    case text, id, until
    /// Federation: a remote actor to follow (`@name@server`), whether a community publishes to the fediverse, the
    /// address of another instance's offer a community solicits.
    case actor, publish, proposal

    /// The name the field is submitted under in forms (and shown errors are anchored to).
    public var key: String {
        switch self {
        case .postBody, .commentBody, .worked: "body"
        case .didNot: "reason"
        case .change: "changes"
        case .proposalBody: "definition"
        case .needs: "skills"
        case .currentPassword: "current"
        case .newPassword: "password"
        case .passwordConfirmation: "confirmation"
        default: rawValue
        }
    }
}

/// What is wrong with one field.
public enum Problem: Sendable, Equatable {
    case required
    case tooShort(min: Int)
    case tooLong(max: Int)
    case slugFormat
    case handleFormat
    case emailFormat
    case notAChoice
    case outOfRange(min: Int, max: Int)
    case taken
    /// Not a finite number (NaN, infinity, text).
    case notANumber
    /// Zero or negative where the indicator counts positive quantities.
    case notPositive
    /// A unit the indicator does not accept; the allowed ones are listed.
    case wrongUnit(allowed: [String])
    case periodFormat
    case sourceFormat
    case dateFormat
    case inFuture
    /// Someone acting on themselves where only others may (an endorsement).
    case notYourself
    /// Not what was expected (the password in use, typed to change it).
    case incorrect
    /// Typed twice, and the two differ (a new password's confirmation).
    case doesNotMatch
    /// Changed only by the community's decision (a proposal), never directly (a life stage).
    case byDecision
}

public struct Violation: Sendable, Equatable {
    public let field: InputField
    public let problem: Problem
}

/// Every problem found in one submission, in field order, so a form can show them all at once.
public struct Violations: Error, Sendable, Equatable {
    public private(set) var all: [Violation] = []
    public init() {}
    public init(_ field: InputField, _ problem: Problem) { add(field, problem) }

    public var isEmpty: Bool { all.isEmpty }
    public mutating func add(_ field: InputField, _ problem: Problem) { all.append(Violation(field: field, problem: problem)) }
    public func first(for field: InputField) -> Problem? { all.first { $0.field == field }?.problem }

    /// `value` without its surrounding blanks, its length checked.
    public mutating func trimmed(_ field: InputField, _ value: String, min: Int, max: Int) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        checkLength(field, trimmed, min: min, max: max)
        return trimmed
    }

    public mutating func checkLength(_ field: InputField, _ value: String, min: Int, max: Int) {
        let count = value.count
        if min > 0 && count == 0 { add(field, .required) }
        else if count < min { add(field, .tooShort(min: min)) }
        else if count > max { add(field, .tooLong(max: max)) }
    }
}

public enum Rules {
    /// The one form an e-mail is stored, looked up and rate-limited under.
    public static func normalisedEmail(_ email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    public static let nameMax = 120
    public static let shortTextMax = 500
    public static let longTextMax = 20_000
    public static let passwordMin = 10
    public static let charterMin = 10
    /// bcrypt only reads 72 bytes; longer passwords would silently collide.
    public static let passwordMaxBytes = 72

    /// `[a-z0-9-]{3,60}`: the contract for community slugs.
    public static func isValidSlug(_ s: String) -> Bool {
        (3...60).contains(s.utf8.count) && s.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// Handles: `[a-z0-9_]{3,30}`, starting with a letter, so `@handle` mentions parse unambiguously.
    public static func isValidHandle(_ s: String) -> Bool {
        guard (3...30).contains(s.utf8.count), let first = s.utf8.first, (97...122).contains(first) else { return false }
        return s.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "_") }
    }

    /// Deliberately loose (one `@`, a dot in the domain, no spaces): the real check is a mail that arrives.
    public static func isValidEmail(_ s: String) -> Bool {
        guard s.utf8.count <= 254, !s.contains(where: \.isWhitespace) else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (97...122).contains(b) || (48...57).contains(b) }
}

/// A sign-up as typed.
public struct SignUp: Sendable {
    public var handle: String
    public var displayName: String
    public var email: String
    public var password: String

    public init(handle: String, displayName: String, email: String, password: String) {
        self.handle = handle
        self.displayName = displayName
        self.email = email
        self.password = password
    }

    /// Normalised values (handle and email lowercased and trimmed) or every violation.
    public func validated() -> Result<SignUp, Violations> {
        var v = Violations()
        let handle = handle.trimmingCharacters(in: .whitespaces).lowercased()
        if handle.isEmpty { v.add(.handle, .required) } else if !Rules.isValidHandle(handle) { v.add(.handle, .handleFormat) }
        let displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.displayName, displayName, min: 1, max: Rules.nameMax)
        let email = Rules.normalisedEmail(email)
        if email.isEmpty { v.add(.email, .required) } else if !Rules.isValidEmail(email) { v.add(.email, .emailFormat) }
        if password.count < Rules.passwordMin { v.add(.password, .tooShort(min: Rules.passwordMin)) }
        else if password.utf8.count > Rules.passwordMaxBytes { v.add(.password, .tooLong(max: Rules.passwordMaxBytes)) }
        guard v.isEmpty else { return .failure(v) }
        return .success(SignUp(handle: handle, displayName: displayName, email: email, password: password))
    }
}

/// The « qui je suis » profile.
public struct ProfileDraft: Sendable, Equatable {
    public var displayName: String
    public var bio: String
    public var values: String
    public var skills: String
    public var lang: String

    public init(displayName: String, bio: String, values: String, skills: String, lang: String) {
        self.displayName = displayName
        self.bio = bio
        self.values = values
        self.skills = skills
        self.lang = lang
    }

    public func validated() -> Result<ProfileDraft, Violations> {
        var v = Violations()
        let displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.displayName, displayName, min: 1, max: Rules.nameMax)
        let bio = bio.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.bio, bio, min: 0, max: Rules.longTextMax)
        let values = Tags.normalise(values)
        if values.count > 30 { v.add(.values, .tooLong(max: 30)) }
        let skills = Tags.normalise(skills)
        if skills.count > 30 { v.add(.skills, .tooLong(max: 30)) }
        if lang != "fr" && lang != "en" { v.add(.lang, .notAChoice) }
        guard v.isEmpty else { return .failure(v) }
        return .success(ProfileDraft(displayName: displayName, bio: bio, values: values.joined(separator: ", "),
                                     skills: skills.joined(separator: ", "), lang: lang))
    }
}

/// Comma- or newline-separated lists such as values held and skills.
public enum Tags {
    /// Trimmed, non-empty, at most 60 characters each, deduplicated case- and accent-insensitively, order kept.
    public static func normalise(_ raw: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for piece in raw.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" }) {
            let tag = String(piece.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60))
            guard !tag.isEmpty, seen.insert(Folding.fold(tag)).inserted else { continue }
            out.append(tag)
        }
        return out
    }

    /// The tags as one tag is looked for, the same way on both databases: folded (`Folding`), one per line, with a line
    /// break before the first and after the last, so that `LIKE '%\n' + key + '\n%'` finds a whole tag; "" for none.
    public static func keys(_ tags: [String]) -> String {
        tags.isEmpty ? "" : "\n" + tags.map(Folding.fold).joined(separator: "\n") + "\n"
    }
}

/// Case- and accent-insensitive text for search: « Écolieu » and « ecolieu » fold alike.
public enum Folding {
    public static func fold(_ s: String) -> String {
        s.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
    }
}
