import Foundation

/// The economy of a community (seed 004): a contributive catalogue, referrals, a ledger of wealth flows and the
/// inverted pyramid of responsibilities. Validation and the matrices, without I/O.

public enum OfferKind: String, CaseIterable, Sendable, Codable {
    case product, service, skill, resource
}

public struct OfferDraft: Sendable {
    public var kind: String, title: String, description: String, terms: String, tags: [String], place: String
    public init(kind: String, title: String, description: String, terms: String, tags: [String], place: String) {
        self.kind = kind; self.title = title; self.description = description; self.terms = terms; self.tags = tags; self.place = place
    }

    public struct Valid: Sendable { public let kind: OfferKind; public let title, description, terms, place: String; public let tags: [String] }

    public func validated() -> Result<Valid, Violations> {
        var v = Violations()
        let kind = OfferKind(rawValue: kind)
        if kind == nil { v.add(.kind, .notAChoice) }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        let terms = terms.trimmingCharacters(in: .whitespacesAndNewlines)
        let place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.name, title, min: 3, max: Rules.nameMax)
        if title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.name, .notAChoice) }
        v.checkLength(.definition, description, min: 10, max: 5_000)
        v.checkLength(.terms, terms, min: 0, max: 2_000)
        v.checkLength(.place, place, min: 0, max: Rules.nameMax)
        let tags = Tags.normalise(self.tags.joined(separator: ","))
        if tags.count > 10 { v.add(.tags, .outOfRange(min: 0, max: 10)) }
        guard v.isEmpty, let kind else { return .failure(v) }
        return .success(Valid(kind: kind, title: title, description: description, terms: terms, place: place, tags: tags))
    }
}

/// Words safe to hand to a full-text engine: letters and digits only, accents folded, at most eight.
/// (FTS syntax — quotes, `*`, `NEAR`, `OR`, SQL — never reaches the engine.)
public enum SearchTerms {
    public static func words(_ raw: String) -> [String] {
        Array(Folding.fold(raw).split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 2 }.prefix(8))
    }
}

/// A referral is a member's recommendation of an offer to someone; a solicitation, someone's own « je suis
/// intéressé·e ». The owner answers both the same way.
public enum ReferralKind: String, CaseIterable, Sendable, Codable { case referral, solicitation }

public enum ReferralStatus: String, CaseIterable, Sendable, Codable {
    case proposed
    case takenUp = "taken-up"
    case completed, declined

    public func canMove(to next: ReferralStatus) -> Bool {
        switch (self, next) {
        case (.proposed, .takenUp), (.proposed, .declined), (.takenUp, .completed), (.takenUp, .declined): true
        default: false
        }
    }
}

/// Who gives or receives: a member (by handle), the community itself, a named outside party, another community of
/// this Enjeu (`peer`), an organisation that is a member of the community, or a community of another instance
/// (`remote`, by its actor's IRI; as typed, `acct:name@server` until it is found).
public enum Actor: Sendable, Equatable, Hashable {
    case member(String)
    case community
    case outside(String)
    case peer(String)
    case organisation(String)
    case remote(String)

    /// "@handle" or "handle", "community" (or « communauté »), "outside:Name", "community:slug", "org:slug",
    /// "@name@server" or an actor's "https://" address (another instance's), "remote:<address>" as stored.
    public static func parse(_ raw: String) -> Actor? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let lower = s.lowercased()
        if lower == "community" || lower == "communauté" || lower == "communaute" { return .community }
        if let remote = remoteNamed(s) { return remote }
        for (prefixes, make) in [(["community:", "communauté:", "communaute:"], Actor.peer), (["org:", "organisation:"], Actor.organisation)] {
            guard let prefix = prefixes.first(where: lower.hasPrefix) else { continue }
            let slug = String(lower.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            return Rules.isValidSlug(slug) ? make(slug) : nil
        }
        if lower.hasPrefix("outside:") || lower.hasPrefix("extérieur:") || lower.hasPrefix("exterieur:") {
            let name = s[s.index(after: s.firstIndex(of: ":")!)...].trimmingCharacters(in: .whitespaces)
            guard (2...Rules.nameMax).contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
            return .outside(name)
        }
        // "@handle", "handle", or the stored "member:handle" (so exported flows import back).
        let handle = lower.hasPrefix("@") ? String(lower.dropFirst()) : lower.hasPrefix("member:") ? String(lower.dropFirst(7)) : lower
        return Rules.isValidHandle(handle) ? .member(handle) : nil
    }

    /// The stored key: "member:handle", "community", "outside:Name", "community:slug", "org:slug".
    public var key: String {
        switch self {
        case let .member(h): "member:" + h
        case .community: "community"
        case let .outside(n): "outside:" + n
        case let .peer(slug): "community:" + slug
        case let .organisation(slug): "org:" + slug
        case let .remote(iri): "remote:" + iri
        }
    }

    /// Another instance's actor as typed: its address (`http(s)://host/…`, stored as `remote:<address>`), or
    /// `@name@server` to be found by WebFinger (kept as `acct:name@server` until then). Nil for anything else.
    public static func remoteNamed(_ s: String) -> Actor? {
        var address = Substring(s)
        if address.lowercased().hasPrefix("remote:") { address = address.dropFirst(7) }
        if address.hasPrefix("https://") || address.hasPrefix("http://") {
            let rest = address.drop { $0 != "/" }.dropFirst(2)
            guard !rest.isEmpty, address.count <= 500, !address.contains(where: { $0.isWhitespace || $0.isNewline }) else { return nil }
            return .remote(String(address))
        }
        guard !address.lowercased().hasPrefix("acct:"), let (user, host) = FederationRules.handle(String(address)),
              Rules.isValidSlug(user.lowercased()) || Rules.isValidHandle(user.lowercased()), host.count <= 253,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":") })
        else { return nil }
        return .remote("acct:\(user.lowercased())@\(host)")
    }

    /// `name@server` for another instance's actor: the last segment of its address and its host (pages name it so).
    public static func remoteHandle(_ iri: String) -> String {
        if iri.hasPrefix("acct:") { return String(iri.dropFirst(5)) }
        let afterScheme = iri.components(separatedBy: "://").last ?? iri
        let host = afterScheme.split(separator: "/").first.map(String.init) ?? afterScheme
        let name = afterScheme.split(separator: "/").last.map(String.init) ?? host
        return name == host ? host : name + "@" + host
    }

    public var isRemote: Bool { if case .remote = self { true } else { false } }

    public init?(key: String) {
        if key == "community" { self = .community }
        else if key.hasPrefix("member:") { self = .member(String(key.dropFirst(7))) }
        else if key.hasPrefix("outside:") { self = .outside(String(key.dropFirst(8))) }
        else if key.hasPrefix("community:") { self = .peer(String(key.dropFirst(10))) }
        else if key.hasPrefix("org:") { self = .organisation(String(key.dropFirst(4))) }
        else if key.hasPrefix("remote:") { self = .remote(String(key.dropFirst(7))) }
        else { return nil }
    }

    /// Another community or an organisation: a party with its own voice, which confirms flows naming it.
    public var isParty: Bool {
        switch self {
        case .peer, .organisation, .remote: true
        case .member, .community, .outside: false
        }
    }
}

public enum FlowNature: String, CaseIterable, Sendable, Codable { case material, immaterial }
public enum FlowMeasure: String, CaseIterable, Sendable, Codable { case quantitative, qualitative }

public struct FlowDraft: Sendable {
    public var from: String, to: String, nature: String, measure: String
    public var quantity: Double?, unit: String?, description: String?, appreciation: Int?, date: String, note: String?
    public init(from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String?, description: String?,
                appreciation: Int?, date: String, note: String?) {
        self.from = from; self.to = to; self.nature = nature; self.measure = measure; self.quantity = quantity; self.unit = unit
        self.description = description; self.appreciation = appreciation; self.date = date; self.note = note
    }

    public struct Valid: Sendable, Equatable {
        public let from: Actor, to: Actor, nature: FlowNature, measure: FlowMeasure
        public let quantity: Double?, unit: String, description: String, appreciation: Int?, date: String, note: String
        public init(from: Actor, to: Actor, nature: FlowNature, measure: FlowMeasure, quantity: Double?, unit: String, description: String,
                    appreciation: Int?, date: String, note: String) {
            self.from = from; self.to = to; self.nature = nature; self.measure = measure; self.quantity = quantity; self.unit = unit
            self.description = description; self.appreciation = appreciation; self.date = date; self.note = note
        }
    }

    /// Quantitative flows carry a quantity ≥ 0 and its unit (€, hours, kg…); qualitative ones a description and an
    /// optional 1–5 appreciation, never a quantity. `today` bounds the date.
    public func validated(today: String) -> Result<Valid, Violations> {
        var v = Violations()
        let from = Actor.parse(self.from), to = Actor.parse(self.to)
        if from == nil { v.add(.from, .notAChoice) }
        if to == nil { v.add(.to, .notAChoice) }
        if let from, from == to { v.add(.to, .notAChoice) }
        let nature = FlowNature(rawValue: self.nature), measure = FlowMeasure(rawValue: self.measure)
        if nature == nil { v.add(.nature, .notAChoice) }
        if measure == nil { v.add(.measure, .notAChoice) }
        let unit = (self.unit ?? "").trimmingCharacters(in: .whitespaces)
        let description = (self.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = (self.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if measure == .quantitative {
            if let q = quantity { if !q.isFinite || q < 0 || q > 1e15 { v.add(.quantity, .notANumber) } } else { v.add(.quantity, .required) }
            if unit.isEmpty { v.add(.unit, .required) } else if unit.count > 20 { v.add(.unit, .tooLong(max: 20)) }
        }
        if measure == .qualitative {
            if quantity != nil { v.add(.quantity, .notAChoice) }
            if description.isEmpty { v.add(.definition, .required) }
            if let a = appreciation, !(1...5).contains(a) { v.add(.appreciation, .outOfRange(min: 1, max: 5)) }
        }
        v.checkLength(.definition, description, min: 0, max: 2_000)
        v.checkLength(.note, note, min: 0, max: 2_000)
        let date = FigureDate.parse(self.date)
        if date == nil { v.add(.date, self.date.isEmpty ? .required : .dateFormat) } else if let date, date > today { v.add(.date, .inFuture) }
        guard v.isEmpty, let from, let to, let nature, let measure, let date else { return .failure(v) }
        return .success(Valid(from: from, to: to, nature: nature, measure: measure, quantity: measure == .quantitative ? quantity : nil,
                              unit: measure == .quantitative ? unit : "", description: description,
                              appreciation: measure == .qualitative ? appreciation : nil, date: date, note: note))
    }
}

/// Matrix cells: totals per unit, never adding € to hours; qualitative flows are counted.
public struct MatrixCell: Sendable, Equatable, Codable {
    public var totals: [String: Double] = [:]
    public var qualitative = 0
    public var flows = 0
    public init() {}
}

/// The inverted pyramid: creation at the top (widest), support in the middle, capital at the point.
public enum PyramidLayer: String, CaseIterable, Sendable, Codable { case creation, support, capital }
