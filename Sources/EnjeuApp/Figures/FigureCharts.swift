import Foundation
import EnjeuCore
import EnjeuWeb

/// Server-drawn SVG charts (no script, readable without colour: outliers are crosses, deprecated values hollow),
/// each labelled for screen readers and paired with a table by the page.
enum FigureCharts {
    static let width = 640.0, margin = 40.0

    /// A scale for the values: logarithmic for positive quantities spanning more than a factor of 3.
    struct Axis {
        let lo: Double, hi: Double, log: Bool
        init(_ values: [Double], positive: Bool) {
            let finite = values.filter(\.isFinite)
            var lo = finite.min() ?? 0, hi = finite.max() ?? 1
            let log = positive && lo > 0 && hi / lo > 3
            if log { lo = Foundation.log10(lo); hi = Foundation.log10(hi) }
            if hi - lo < 1e-9 { let pad = Swift.max(abs(lo) * 0.1, 1e-3); lo -= pad; hi += pad }
            let pad = (hi - lo) * 0.06
            self.lo = lo - pad; self.hi = hi + pad; self.log = log
        }
        func x(_ v: Double) -> Double {
            let t = log ? Foundation.log10(Swift.max(v, 1e-300)) : v
            return margin + (t - lo) / (hi - lo) * (width - 2 * margin)
        }
        var ticks: [Double] {
            (0...4).map { i in
                let t = lo + (hi - lo) * Double(i) / 4
                return log ? pow(10, t) : t
            }
        }
    }

    /// SVG coordinates with one decimal.
    static func f(_ d: Double) -> String { NumberFormat.fixed(d, decimals: 1) }

    /// Every contribution as a dot on one axis, with the estimate's line and its interval as a band.
    static func strip(points: [FiguresQueries.PlotPoint], estimate: (value: Double, low: Double, high: Double)?, positive: Bool,
                      label: String) -> Node {
        let height = 120.0
        let axis = Axis(points.map(\.value) + (estimate.map { [$0.low, $0.high] } ?? []), positive: positive)
        var svg = "<svg class=\"chart strip\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\">"
        svg += "<title>\(escape(label))</title>"
        if let e = estimate {
            let x0 = axis.x(e.low), x1 = axis.x(e.high)
            svg += "<rect class=\"band\" x=\"\(f(x0))\" y=\"14\" width=\"\(f(max(1, x1 - x0)))\" height=\"70\"/>"
            svg += "<line class=\"estimate\" x1=\"\(f(axis.x(e.value)))\" x2=\"\(f(axis.x(e.value)))\" y1=\"8\" y2=\"90\"/>"
        }
        for (i, p) in points.enumerated() {
            // Deterministic jitter so equal values stay visible.
            let y = 24 + Double((i &* 37) % 50)
            let x = axis.x(p.value)
            if p.outlier || p.status == "deprecated" {
                let cls = p.status == "deprecated" ? "deprecated" : "outlier"
                svg += "<path class=\"\(cls)\" d=\"M\(f(x - 4)) \(f(y - 4))L\(f(x + 4)) \(f(y + 4))M\(f(x - 4)) \(f(y + 4))L\(f(x + 4)) \(f(y - 4))\"/>"
            } else {
                svg += "<circle class=\"dot\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.5\"/>"
            }
        }
        svg += "<line class=\"axis\" x1=\"\(f(margin))\" x2=\"\(f(width - margin))\" y1=\"96\" y2=\"96\"/>"
        for t in axis.ticks {
            svg += "<text class=\"tick\" x=\"\(f(axis.x(t)))\" y=\"112\" text-anchor=\"middle\">\(escape(NumberFormat.number(t)))</text>"
        }
        svg += "</svg>"
        return Node(raw: svg)
    }

    /// The estimate over time, with its interval as a band.
    static func history(_ points: [FiguresQueries.HistoryPoint], positive: Bool, label: String) -> Node {
        let height = 180.0, top = 12.0, bottom = 150.0
        guard let first = points.first?.at, let last = points.last?.at else { return Node(raw: "") }
        let values = points.flatMap { [$0.low, $0.value, $0.high] }
        let finite = values.filter(\.isFinite)
        let log = positive && (finite.min() ?? 0) > 0 && (finite.max() ?? 1) / (finite.min() ?? 1) > 3
        func t(_ v: Double) -> Double { log ? log10(max(v, 1e-300)) : v }
        var lo = finite.map(t).min() ?? 0, hi = finite.map(t).max() ?? 1
        if hi - lo < 1e-9 { lo -= max(abs(lo) * 0.1, 1e-3); hi += max(abs(hi) * 0.1, 1e-3) }
        let span = max(last.timeIntervalSince(first), 1)
        func x(_ d: Date) -> Double { margin + d.timeIntervalSince(first) / span * (width - 2 * margin) }
        func y(_ v: Double) -> Double { bottom - (t(v) - lo) / (hi - lo) * (bottom - top) }
        var svg = "<svg class=\"chart history\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\">"
        svg += "<title>\(escape(label))</title>"
        let upper = points.map { "\(f(x($0.at))),\(f(y($0.high)))" }
        let lower = points.reversed().map { "\(f(x($0.at))),\(f(y($0.low)))" }
        svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
        svg += "<polyline class=\"estimate-line\" points=\"\(points.map { "\(f(x($0.at))),\(f(y($0.value)))" }.joined(separator: " "))\"/>"
        for p in points { svg += "<circle class=\"dot\" cx=\"\(f(x(p.at)))\" cy=\"\(f(y(p.value)))\" r=\"2.5\"/>" }
        svg += "<line class=\"axis\" x1=\"\(f(margin))\" x2=\"\(f(width - margin))\" y1=\"\(f(bottom))\" y2=\"\(f(bottom))\"/>"
        let hiV = log ? pow(10, hi) : hi, loV = log ? pow(10, lo) : lo
        svg += "<text class=\"tick\" x=\"2\" y=\"\(f(top + 4))\">\(escape(NumberFormat.number(hiV)))</text>"
        svg += "<text class=\"tick\" x=\"2\" y=\"\(f(bottom))\">\(escape(NumberFormat.number(loV)))</text>"
        svg += "</svg>"
        return Node(raw: svg)
    }
}
