import Foundation
import EnjeuCore

/// Where values fall along one axis of a chart: linear, or logarithmic for positive quantities spanning more than a
/// factor of 3 (prices, durations), so one large value does not crush the others against the axis.
package struct ChartScale: Sendable {
    /// The domain in the scale's own space (log10 of the values on a log scale), padded.
    package let lo: Double, hi: Double
    package let log: Bool
    /// Where `lo` and `hi` land: an upward y axis has `start` below `end` on screen (start > end).
    package let start: Double, end: Double

    /// Values beyond this are nonsense on any chart; clamping them keeps every coordinate finite.
    static let limit = 1e150

    /// `padding`: the share of the span added on each side, so extreme values are not drawn on the frame.
    package init(_ values: [Double], positive: Bool, from start: Double, to end: Double, padding: Double = 0.06) {
        let finite = values.filter(\.isFinite).map(Self.clamp)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let log = positive && lo > 0 && hi / lo > 3
        if log { lo = Foundation.log10(lo); hi = Foundation.log10(hi) }
        if hi - lo < 1e-9 { lo -= Swift.max(abs(lo) * 0.1, 1e-3); hi += Swift.max(abs(hi) * 0.1, 1e-3) }
        let pad = (hi - lo) * padding
        self.lo = lo - pad; self.hi = hi + pad; self.log = log
        self.start = start; self.end = end
    }

    /// The screen position of a value (NaN for NaN: charts leave such values out).
    package func position(_ v: Double) -> Double {
        let t = log ? Foundation.log10(Swift.max(v, 1e-300)) : Self.clamp(v)
        return start + (t - lo) / (hi - lo) * (end - start)
    }

    /// `count` evenly spaced values across the domain (evenly in log space on a log scale), lowest first.
    package func ticks(_ count: Int = 5) -> [Double] {
        guard count > 1 else { return [lowest] }
        return (0..<count).map { i in value(lo + (hi - lo) * Double(i) / Double(count - 1)) }
    }

    /// The values at either end of the axis.
    package var lowest: Double { value(lo) }
    package var highest: Double { value(hi) }

    private func value(_ t: Double) -> Double { log ? pow(10, t) : t }
    private static func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, -limit), limit) }
}

/// Server-drawn SVG charts, built from nodes so every label is escaped like any text. Each chart is an image with
/// its label as accessible name and `<title>`, and says what it shows without colour (shapes, dashes, written values);
/// the page pairs it with a table of the same figures.
package enum Chart {
    /// An SVG coordinate with one decimal; never NaN or infinite, whatever the data.
    package static func coordinate(_ d: Double) -> String {
        guard d.isFinite else { return "0.0" }
        return NumberFormat.fixed(Swift.min(Swift.max(d, -1e6), 1e6), decimals: 1)
    }

    /// The chart's frame: `<svg class="chart {cls}" viewBox role="img" aria-label><title>label</title>…</svg>`.
    package static func frame(_ cls: String, width: Double, height: Double, label: String, @NodeBuilder _ body: () -> [Node]) -> Node {
        el("svg", [.cls("chart " + cls), Attr("viewBox", "0 0 \(Int(width)) \(Int(height))"), Attr("role", "img"), .aria("label", label)]) {
            el("title") { label }
            body()
        }
    }

    /// A label cut to `count` characters, with an ellipsis when it was longer (the full text goes in a `<title>`).
    static func short(_ s: String, _ count: Int) -> String { s.count > count ? String(s.prefix(count - 1)) + "…" : s }

    static func line(_ cls: String, x1: Double, y1: Double, x2: Double, y2: Double) -> Node {
        el("line", .cls(cls), Attr("x1", coordinate(x1)), Attr("x2", coordinate(x2)), Attr("y1", coordinate(y1)), Attr("y2", coordinate(y2)))
    }

    static func points(_ xy: [(Double, Double)]) -> String {
        xy.map { coordinate($0.0) + "," + coordinate($0.1) }.joined(separator: " ")
    }
}
