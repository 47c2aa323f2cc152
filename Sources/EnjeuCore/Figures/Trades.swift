import Foundation

/// What a trade's page says is missing (issue 17): an indicator nobody has given a value for, one whose estimate rests
/// on a single source, or one whose period ended longer ago than the period lasts (a 2024 figure in 2026: stale).
public enum TradeGap: String, Codable, Sendable, CaseIterable {
    case noFigure, oneSource, stale

    public static func of(contributors: Int, sources: Int, period: String, today: String) -> [TradeGap] {
        var gaps: [TradeGap] = []
        if contributors == 0 { gaps.append(.noFigure) } else if sources <= 1 { gaps.append(.oneSource) }
        if let period = FigurePeriod.parse(period), isStale(period, today: today) { gaps.append(.stale) }
        return gaps
    }

    /// `today`: yyyy-MM-dd. Stale once the time since the period's end exceeds the period's own length.
    public static func isStale(_ period: FigurePeriod, today: String) -> Bool {
        guard let start = day(period.start), let end = day(period.end), let now = day(today) else { return false }
        return now - end > end - start + 1
    }

    private static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400)
    }
}

/// A member's request for the indicator « we all need », on a trade's page: what it would measure, where and when.
public struct IndicatorRequestDraft: Sendable {
    public var trade: String, name: String, unit: String, period: String, place: String
    public init(trade: String, name: String?, unit: String?, period: String?, place: String?) {
        self.trade = trade; self.name = name ?? ""; self.unit = unit ?? ""; self.period = period ?? ""; self.place = place ?? ""
    }

    public struct Valid: Sendable { public let trade: String, name: String, unit: String, period: String, place: String }

    public func validated() -> Result<Valid, Violations> {
        var v = Violations()
        let trade = Self.trade(self.trade)
        if trade == nil { v.add(.trade, .notAChoice) }
        let name = v.trimmed(.name, name, min: 3, max: Rules.nameMax)
        let place = v.trimmed(.place, place, min: 1, max: Rules.nameMax)
        // One line each, as an indicator's: they end up in lists and CSV cells.
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.name, .notAChoice) }
        if place.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.place, .notAChoice) }
        let unit = FigureUnit.parse(self.unit)
        if self.unit.trimmingCharacters(in: .whitespaces).isEmpty { v.add(.unit, .required) }
        else if unit == nil { v.add(.unit, .wrongUnit(allowed: FigureUnit.examples)) }
        let period = FigurePeriod.parse(self.period)
        if period == nil { v.add(.period, self.period.trimmingCharacters(in: .whitespaces).isEmpty ? .required : .periodFormat) }
        guard v.isEmpty, let trade, let unit, let period else { return .failure(v) }
        return .success(Valid(trade: trade, name: name, unit: unit.text, period: period.text, place: place))
    }

    /// A trade or sector is one tag, as indicators store them (`Tags.normalise`); nil when it is not exactly one.
    public static func trade(_ raw: String) -> String? {
        let tags = Tags.normalise(raw)
        return tags.count == 1 ? tags[0] : nil
    }
}
