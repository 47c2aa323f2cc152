import Foundation

/// What an organisation is (raw values = what the database stores and the API takes).
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case association, cooperative, company, publicBody = "public-body", collective
}

/// An organisation's profile as typed; `validated()` checks every rule.
public struct OrganisationDraft: Sendable, Equatable {
    public var slug, name, kind, purpose, place, website, registrationNumber: String

    public init(slug: String, name: String, kind: String, purpose: String, place: String, website: String, registrationNumber: String) {
        self.slug = slug; self.name = name; self.kind = kind; self.purpose = purpose; self.place = place
        self.website = website; self.registrationNumber = registrationNumber
    }

    public static let websiteMax = 300
    public static let registrationMax = 60

    public func validated() -> Result<ValidOrganisation, Violations> {
        var v = Violations()
        let slug = slug.trimmingCharacters(in: .whitespaces)
        if !Rules.isValidSlug(slug) { v.add(.slug, .slugFormat) }
        // `/organisations/new` is the creation form.
        if slug == "new" { v.add(.slug, .taken) }
        let name = v.trimmed(.name, name, min: 2, max: Rules.nameMax)
        let kind = OrganisationKind(rawValue: kind.trimmingCharacters(in: .whitespaces))
        if kind == nil { v.add(.kind, .notAChoice) }
        let purpose = v.trimmed(.purpose, purpose, min: 10, max: Rules.longTextMax)
        let place = v.trimmed(.place, place, min: 0, max: Rules.shortTextMax)
        let website = v.trimmed(.website, website, min: 0, max: Self.websiteMax)
        if !website.isEmpty && !Self.isWebAddress(website) { v.add(.website, .notAChoice) }
        let registration = v.trimmed(.registrationNumber, registrationNumber, min: 0, max: Self.registrationMax)
        guard v.isEmpty, let kind else { return .failure(v) }
        return .success(ValidOrganisation(slug: slug, name: name, kind: kind, purpose: purpose, place: place, website: website,
                                          registrationNumber: registration.isEmpty ? nil : registration))
    }

    /// `http(s)://host…` without spaces: a link the profile can show as is.
    static func isWebAddress(_ s: String) -> Bool {
        let lower = s.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !s.contains(where: \.isWhitespace) else { return false }
        let host = lower.drop(while: { $0 != "/" }).dropFirst(2).prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        return host.contains(".") && !host.hasPrefix(".") && !s.contains("\"") && !s.contains("<")
    }
}

/// An organisation profile that passed every rule.
public struct ValidOrganisation: Sendable, Equatable {
    public let slug, name: String
    public let kind: OrganisationKind
    public let purpose, place, website: String
    public let registrationNumber: String?
}

/// Where an organisation stands in one community: never asked (or its request was declined or withdrawn), asking, or a
/// member (`approved` until a representative accepts the charter in its name, then `active`; `left`).
public enum OrganisationStanding: Sendable, Equatable {
    case none
    case pending
    case member(status: MembershipStatus, charterCurrent: Bool)
}

/// What a person may do for an organisation.
public enum OrganisationCapability: Sendable, Equatable, CaseIterable {
    /// Act in its name: add or remove representatives.
    case represent
    /// Ask a community to admit it.
    case requestToJoin
    /// Accept a community's current charter in its name.
    case acceptCharter
}

extension AccessPolicy {
    /// Only its representatives act for an organisation; what they may do then depends on where it stands.
    public static func allows(_ capability: OrganisationCapability, representative: Bool, standing: OrganisationStanding = .none) -> Bool {
        guard representative else { return false }
        switch capability {
        case .represent:
            return true
        case .requestToJoin:
            switch standing {
            case .none: return true
            case .pending: return false
            case let .member(status, _): return status == .left
            }
        case .acceptCharter:
            if case let .member(status, current) = standing { return (status == .approved || status == .active) && !current }
            return false
        }
    }
}

/// A link between two communities: `member-of` (the source joins the target, a network) or `partner`.
public enum LinkKind: String, CaseIterable, Codable, Sendable {
    case memberOf = "member-of", partner
}

/// A link's life: proposed by the source's stewards, accepted or declined by the target's, ended by either side.
/// Rows are never deleted: the history is kept.
public enum LinkStatus: String, CaseIterable, Codable, Sendable {
    case proposed, accepted, declined, ended

    /// Proposed or accepted: at most one such link per pair of communities and kind.
    public var isLive: Bool { self == .proposed || self == .accepted }
}

public enum LinkRules {
    /// The same key whichever side proposed: one live link per pair and kind, checked by a unique index on it.
    public static func pairKey(_ a: UUID, _ b: UUID) -> String {
        let (x, y) = (a.uuidString.lowercased(), b.uuidString.lowercased())
        return x < y ? x + ":" + y : y + ":" + x
    }
}
