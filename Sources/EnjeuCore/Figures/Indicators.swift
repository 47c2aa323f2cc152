import Foundation

/// #ChiffresEnsemble inputs: indicators, contributions and flags, validated without I/O.

/// A period is part of an indicator's identity: a year, a quarter, a month or a date range, kept in a canonical spelling.
public struct FigurePeriod: Sendable, Equatable {
    public let text: String
    public let start: String
    public let end: String

    /// "2026", "2026-Q3", "2026-07" or "2026-01-01..2026-06-30" (also with "/" between the dates).
    public static func parse(_ raw: String) -> FigurePeriod? {
        let s = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if s.contains("..") || s.contains("/") {
            let bounds = s.replacingOccurrences(of: "..", with: "/").split(separator: "/").map(String.init)
            guard bounds.count == 2, let a = FigureDate.parse(bounds[0]), let b = FigureDate.parse(bounds[1]), a <= b else { return nil }
            return FigurePeriod(text: "\(a)..\(b)", start: a, end: b)
        }
        guard let year = Int(parts[0]), parts[0].count == 4, (1900...2200).contains(year) else { return nil }
        switch parts.count {
        case 1: return FigurePeriod(text: "\(year)", start: "\(year)-01-01", end: "\(year)-12-31")
        case 2 where parts[1].hasPrefix("Q"):
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q), parts[1].count == 2 else { return nil }
            let first = (q - 1) * 3 + 1
            return FigurePeriod(text: "\(year)-Q\(q)", start: String(format: "%04d-%02d-01", year, first),
                                end: String(format: "%04d-%02d-%02d", year, first + 2, FigureDate.daysIn(year: year, month: first + 2)))
        case 2:
            guard let m = Int(parts[1]), parts[1].count == 2, (1...12).contains(m) else { return nil }
            return FigurePeriod(text: String(format: "%04d-%02d", year, m), start: String(format: "%04d-%02d-01", year, m),
                                end: String(format: "%04d-%02d-%02d", year, m, FigureDate.daysIn(year: year, month: m)))
        default: return nil
        }
    }
}

/// Calendar dates as ISO strings (YYYY-MM-DD), which sort as they compare.
public enum FigureDate {
    public static func parse(_ raw: String) -> String? {
        let p = raw.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
              (1900...2200).contains(y), (1...12).contains(m), (1...daysIn(year: y, month: m)).contains(d) else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// An indicator's unit and the scale prefixes it accepts: "€" with ["k", "M"] takes 1200, "1.2" k€ or "0.0012" M€.
public struct FigureUnit: Sendable, Equatable {
    public let base: String
    public let prefixes: [String]

    public static let knownPrefixes: [String: Double] = ["k": 1e3, "M": 1e6, "G": 1e9]
    /// The spellings a refused unit's message suggests: one list for an indicator's unit and a request's.
    public static let examples = ["€", "€ (k, M)", "h", "kg (k)"]

    /// "€", "€ (k, M)", "kg (k)", "heures": the base unit, then optional allowed prefixes in parentheses.
    public static func parse(_ raw: String) -> FigureUnit? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        var base = s, prefixes: [String] = []
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            base = s[..<open].trimmingCharacters(in: .whitespaces)
            prefixes = s[s.index(after: open)..<s.index(before: s.endIndex)].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard prefixes.allSatisfy({ knownPrefixes[$0] != nil }), Set(prefixes).count == prefixes.count else { return nil }
        }
        guard (1...20).contains(base.count), !base.contains(where: { $0 == "(" || $0 == ")" || $0.isNewline }) else { return nil }
        return FigureUnit(base: base, prefixes: prefixes)
    }

    public var text: String { prefixes.isEmpty ? base : "\(base) (\(prefixes.joined(separator: ", ")))" }
    /// The units a contribution may be given in.
    public var accepted: [String] { [base] + prefixes.map { $0 + base } }

    /// The multiplier to the base unit, or nil when the unit is not accepted. No unit means the base unit.
    public func factor(for unit: String?) -> Double? {
        guard let unit = unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty, unit != base else { return 1 }
        for p in prefixes where unit == p + base { return FigureUnit.knownPrefixes[p] }
        return nil
    }
}

/// Where a value comes from: an address, a document reference, or the contributor's own observation.
public enum FigureSource: Sendable, Equatable {
    case url(String)
    case document(String)
    case personal

    public static let personalSpellings: Set<String> = ["observation personnelle", "personal observation"]

    public static func parse(_ raw: String) -> FigureSource? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(s.count), !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        if personalSpellings.contains(Folding.fold(s)) { return .personal }
        let lower = s.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") {
            let full = lower.hasPrefix("www.") ? "https://" + s : s
            guard !s.contains(" "), let u = URLComponents(string: full), let host = u.host, host.contains("."),
                  u.scheme == "http" || u.scheme == "https" else { return nil }
            return .url(full)
        }
        return .document(s)
    }

    public var kind: String {
        switch self { case .url: "url"; case .document: "document"; case .personal: "personal" }
    }
    /// The stored text; personal observations are stored in one spelling.
    public var text: String {
        switch self { case let .url(s), let .document(s): s; case .personal: "observation personnelle" }
    }
}

/// Whether values are positive quantities (estimated on a log scale) or signed (growth rates, temperatures).
public enum FigureScale: String, Sendable, Codable, CaseIterable {
    case positive, signed
}

public struct IndicatorDraft: Sendable {
    public var name: String
    public var definition: String
    public var unit: String
    public var period: String
    public var place: String
    public var tags: [String]
    public var scale: String
    public init(name: String, definition: String, unit: String, period: String, place: String, tags: [String], scale: String = "positive") {
        self.name = name; self.definition = definition; self.unit = unit; self.period = period
        self.place = place; self.tags = tags; self.scale = scale
    }

    public struct Valid: Sendable {
        public let name: String
        public let definition: String
        public let unit: FigureUnit
        public let period: FigurePeriod
        public let place: String
        public let tags: [String]
        public let scale: FigureScale
    }

    public func validated() -> Result<Valid, Violations> {
        var v = Violations()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let definition = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        let place = place.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.name, name, min: 3, max: Rules.nameMax)
        // One line each: names and places end up in CSV cells, titles and URLs.
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.name, .notAChoice) }
        if place.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.place, .notAChoice) }
        v.checkLength(.definition, definition, min: 10, max: 5_000)
        let unit = FigureUnit.parse(self.unit)
        if self.unit.trimmingCharacters(in: .whitespaces).isEmpty { v.add(.unit, .required) }
        else if unit == nil { v.add(.unit, .wrongUnit(allowed: FigureUnit.examples)) }
        let period = FigurePeriod.parse(self.period)
        if period == nil { v.add(.period, self.period.trimmingCharacters(in: .whitespaces).isEmpty ? .required : .periodFormat) }
        v.checkLength(.place, place, min: 0, max: Rules.nameMax)
        let tags = Tags.normalise(self.tags.joined(separator: ","))
        if tags.count > 10 { v.add(.tags, .outOfRange(min: 0, max: 10)) }
        let scale = FigureScale(rawValue: self.scale)
        if scale == nil { v.add(.scale, .notAChoice) }
        guard v.isEmpty, let unit, let period, let scale else { return .failure(v) }
        return .success(Valid(name: name, definition: definition, unit: unit, period: period, place: place, tags: tags, scale: scale))
    }
}

public struct ContributionDraft: Sendable {
    public var value: Double?
    public var unit: String?
    public var source: String
    public var observedOn: String
    public var comment: String
    public init(value: Double?, unit: String? = nil, source: String, observedOn: String, comment: String = "") {
        self.value = value; self.unit = unit; self.source = source; self.observedOn = observedOn; self.comment = comment
    }

    public struct Valid: Sendable {
        /// In the indicator's base unit.
        public let value: Double
        public let source: FigureSource
        public let observedOn: String
        public let comment: String
    }

    /// `today` is an ISO date: an observation cannot come from the future.
    public func validated(unit indicatorUnit: FigureUnit, scale: FigureScale, today: String) -> Result<Valid, Violations> {
        var v = Violations()
        var value: Double?
        if let raw = self.value, raw.isFinite {
            if let factor = indicatorUnit.factor(for: unit) {
                let scaled = raw * factor
                if !scaled.isFinite || abs(scaled) > 1e15 { v.add(.value, .notANumber) }
                else if scale == .positive && scaled <= 0 { v.add(.value, .notPositive) }
                else { value = scaled }
            } else { v.add(.unit, .wrongUnit(allowed: indicatorUnit.accepted)) }
        } else { v.add(.value, self.value == nil ? .required : .notANumber) }
        let source = FigureSource.parse(self.source)
        if source == nil { v.add(.source, self.source.trimmingCharacters(in: .whitespaces).isEmpty ? .required : .sourceFormat) }
        let date = FigureDate.parse(observedOn)
        if date == nil { v.add(.observedOn, observedOn.isEmpty ? .required : .dateFormat) }
        else if let date, date > today { v.add(.observedOn, .inFuture) }
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.comment, comment, min: 0, max: 2_000)
        guard v.isEmpty, let value, let source, let date else { return .failure(v) }
        return .success(Valid(value: value, source: source, observedOn: date, comment: comment))
    }
}

public struct FlagDraft: Sendable {
    public var reason: String
    public var correctedValue: Double?
    public var source: String?
    public init(reason: String, correctedValue: Double?, source: String?) {
        self.reason = reason; self.correctedValue = correctedValue; self.source = source
    }

    public struct Valid: Sendable {
        public let reason: String
        public let correctedValue: Double?
        public let source: FigureSource?
    }

    public func validated(scale: FigureScale) -> Result<Valid, Violations> {
        var v = Violations()
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.reason, reason, min: 10, max: 2_000)
        if let c = correctedValue {
            if !c.isFinite || abs(c) > 1e15 { v.add(.correctedValue, .notANumber) }
            else if scale == .positive && c <= 0 { v.add(.correctedValue, .notPositive) }
        }
        var source: FigureSource?
        if let raw = self.source, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            source = FigureSource.parse(raw)
            if source == nil { v.add(.source, .sourceFormat) }
        }
        guard v.isEmpty else { return .failure(v) }
        return .success(Valid(reason: reason, correctedValue: correctedValue, source: source))
    }
}

/// Duplicate suggestions before an indicator is created: the same words, accents and case aside.
public enum IndicatorSimilarity {
    static let stopWords: Set<String> = ["de", "du", "des", "la", "le", "les", "l", "d", "en", "et", "a", "au", "aux", "par",
                                         "the", "of", "in", "and", "per", "for", "un", "une"]

    public static func words(_ s: String) -> Set<String> {
        Set(Folding.fold(s).split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { !stopWords.contains($0) })
    }

    /// Jaccard similarity of the names' words, plus a bonus when the period matches.
    public static func score(_ a: String, _ b: String, samePeriod: Bool) -> Double {
        let x = words(a), y = words(b)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let j = Double(x.intersection(y).count) / Double(x.union(y).count)
        return j + (samePeriod && j > 0 ? 0.2 : 0)
    }

    /// Indices of candidates worth showing, best first.
    public static func suggestions(for name: String, period: String, among candidates: [(name: String, period: String)], limit: Int = 5) -> [Int] {
        candidates.indices
            .map { ($0, score(name, candidates[$0].name, samePeriod: candidates[$0].period == period)) }
            .filter { $0.1 >= 0.5 }
            .sorted { $0.1 > $1.1 }
            .prefix(limit).map(\.0)
    }
}
