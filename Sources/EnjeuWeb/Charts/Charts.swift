import Foundation
import EnjeuCore

/// One value on a strip plot, and how it is drawn: a dot, or a cross for a value the estimate leaves out (an outlier)
/// or the community set aside (dashed), so the difference does not rest on colour.
package struct StripPoint: Sendable {
    package enum Mark: Sendable { case normal, outlier, deprecated }
    package let value: Double
    package let mark: Mark
    package init(_ value: Double, _ mark: Mark = .normal) { self.value = value; self.mark = mark }
}

/// A central value and the interval around it.
package struct ChartInterval: Sendable {
    package let value: Double, low: Double, high: Double
    package init(value: Double, low: Double, high: Double) { self.value = value; self.low = low; self.high = high }
}

/// One point of a value over time, with its interval.
package struct ChartTimePoint: Sendable {
    package let at: Date
    package let value: Double, low: Double, high: Double
    package init(at: Date, value: Double, low: Double, high: Double) { self.at = at; self.value = value; self.low = low; self.high = high }
}

extension Chart {
    static let width = 640.0, margin = 40.0

    /// Every value as a mark on one axis, with the estimate's line and its interval as a band.
    /// `positive`: quantities that may take a log axis. Non-finite values are left out.
    package static func strip(_ points: [StripPoint], estimate: ChartInterval?, positive: Bool, label: String) -> Node {
        let height = 120.0
        let band = estimate.map { [$0.low, $0.high] } ?? []
        let axis = ChartScale(points.map(\.value) + band, positive: positive, from: margin, to: width - margin)
        let f = coordinate
        return frame("strip", width: width, height: height, label: label) {
            if let e = estimate, e.value.isFinite, e.low.isFinite, e.high.isFinite {
                let x0 = axis.position(e.low), x1 = axis.position(e.high), x = axis.position(e.value)
                el("rect", .cls("band"), Attr("x", f(x0)), Attr("y", "14"), Attr("width", f(max(1, x1 - x0))), Attr("height", "70"))
                line("estimate", x1: x, y1: 8, x2: x, y2: 90)
            }
            for (i, p) in points.enumerated() where p.value.isFinite {
                // Deterministic jitter so equal values stay visible.
                let y = 24 + Double((i &* 37) % 50)
                let x = axis.position(p.value)
                switch p.mark {
                case .normal:
                    el("circle", .cls("dot"), Attr("cx", f(x)), Attr("cy", f(y)), Attr("r", "3.5"))
                case .outlier, .deprecated:
                    el("path", .cls(p.mark == .deprecated ? "deprecated" : "outlier"),
                       Attr("d", "M\(f(x - 4)) \(f(y - 4))L\(f(x + 4)) \(f(y + 4))M\(f(x - 4)) \(f(y + 4))L\(f(x + 4)) \(f(y - 4))"))
                }
            }
            line("axis", x1: margin, y1: 96, x2: width - margin, y2: 96)
            for t in axis.ticks() {
                el("text", .cls("tick"), Attr("x", f(axis.position(t))), Attr("y", "112"), Attr("text-anchor", "middle")) { NumberFormat.number(t) }
            }
        }
    }

    /// A value over time, oldest first, with its interval as a band; the axis is labelled at both ends.
    /// Points with a non-finite value or bound are left out.
    package static func history(_ points: [ChartTimePoint], positive: Bool, label: String) -> Node {
        let height = 180.0, top = 12.0, bottom = 150.0
        let shown = points.filter { $0.value.isFinite && $0.low.isFinite && $0.high.isFinite && $0.at.timeIntervalSince1970.isFinite }
        let y = ChartScale(shown.flatMap { [$0.low, $0.value, $0.high] }, positive: positive, from: bottom, to: top, padding: 0)
        let first = shown.first?.at ?? Date(timeIntervalSince1970: 0)
        let span = max((shown.last?.at ?? first).timeIntervalSince(first), 1)
        func x(_ d: Date) -> Double { margin + d.timeIntervalSince(first) / span * (width - 2 * margin) }
        let f = coordinate
        return frame("history", width: width, height: height, label: label) {
            if !shown.isEmpty {
                el("polygon", .cls("band"), Attr("points", Chart.points(shown.map { (x($0.at), y.position($0.high)) }
                                                                    + shown.reversed().map { (x($0.at), y.position($0.low)) })))
                el("polyline", .cls("estimate-line"), Attr("points", Chart.points(shown.map { (x($0.at), y.position($0.value)) })))
                for p in shown { el("circle", .cls("dot"), Attr("cx", f(x(p.at))), Attr("cy", f(y.position(p.value))), Attr("r", "2.5")) }
            }
            line("axis", x1: margin, y1: bottom, x2: width - margin, y2: bottom)
            if !shown.isEmpty {
                el("text", .cls("tick"), Attr("x", "2"), Attr("y", f(top + 4))) { NumberFormat.number(y.highest) }
                el("text", .cls("tick"), Attr("x", "2"), Attr("y", f(bottom))) { NumberFormat.number(y.lowest) }
            }
        }
    }
}
