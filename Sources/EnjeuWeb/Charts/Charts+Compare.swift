import Foundation
import EnjeuCore

/// One bar: its label, its value and, optionally, a class (for a colour that only repeats what the label says) and
/// the written value (`NumberFormat.number(value)` when nil).
package struct ChartBar: Sendable {
    package let label: String, value: Double, cls: String?, valueText: String?
    package init(_ label: String, _ value: Double, cls: String? = nil, valueText: String? = nil) {
        self.label = label; self.value = value; self.cls = cls; self.valueText = valueText
    }
}

/// One series of a radar chart: a value per axis (nil where there is none), drawn as a polygon of class `series {cls}`.
package struct RadarSeries: Sendable {
    package let name: String, cls: String, values: [Double?]
    package init(name: String, cls: String, values: [Double?]) { self.name = name; self.cls = cls; self.values = values }
}

/// One cell of a heatmap: its value and what its tooltip says (row, column and the figure, in words).
package struct HeatCell: Sendable {
    package let value: Double, title: String
    package init(_ value: Double, title: String) { self.value = value; self.title = title }
}

/// One layer of a pyramid: its written label (with its count) and its class.
package struct ChartLayer: Sendable {
    package let label: String, cls: String
    package init(_ label: String, cls: String) { self.label = label; self.cls = cls }
}

extension Chart {
    /// Horizontal bars from zero, each with its label before it and its value written after it.
    package static func bars(_ bars: [ChartBar], label: String) -> Node {
        let left = 170.0, right = width - 70, row = 24.0, top = 8.0
        let height = top * 2 + row * Double(max(bars.count, 1))
        let shown = bars.map { $0.value.isFinite ? $0.value : 0 }
        let scale = ChartScale(shown + [0], positive: false, from: left, to: right, padding: 0)
        let zero = scale.position(0), f = coordinate
        return frame("bars", width: width, height: height, label: label) {
            for (i, bar) in bars.enumerated() {
                let y = top + row * Double(i)
                let x = scale.position(shown[i])
                let written = bar.valueText ?? NumberFormat.number(bar.value)
                el("text", .cls("tick"), Attr("x", f(left - 6)), Attr("y", f(y + row * 0.65)), Attr("text-anchor", "end")) { short(bar.label, 26) }
                el("rect", .cls(["bar", bar.cls].compactMap { $0 }.joined(separator: " ")), Attr("x", f(min(x, zero))), Attr("y", f(y + 3)),
                   Attr("width", f(max(abs(x - zero), 1))), Attr("height", f(row - 6))) {
                    el("title") { bar.label + " : " + written }
                }
                el("text", .cls("tick value"), Attr("x", f(max(x, zero) + 4)), Attr("y", f(y + row * 0.65))) { written }
            }
            line("axis", x1: zero, y1: top, x2: zero, y2: height - top)
        }
    }

    /// A radar (spider) chart: one axis per label, from 0 at the centre to `max` at the rim, `rings` grid rings, and a
    /// polygon per series (its name as `<title>`; tell series apart by dash as well as colour in the stylesheet).
    package static func radar(axes: [String], series: [RadarSeries], max top: Double, rings: Int = 4, label: String) -> Node {
        let size = 320.0, center = 160.0, radius = 110.0
        let top = top.isFinite && top > 0 ? top : 1
        func point(_ i: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + Double(i) * 2 * Double.pi / Double(axes.count)
            return (center + cos(angle) * radius * value / top, center + sin(angle) * radius * value / top)
        }
        let f = coordinate
        return frame("radar", width: size, height: size, label: label) {
            if !axes.isEmpty {
                for ring in 1...max(rings, 1) {
                    el("polygon", .cls("grid"), Attr("points", points(axes.indices.map { point($0, top * Double(ring) / Double(max(rings, 1))) })))
                }
                for (i, name) in axes.enumerated() {
                    let (x, y) = point(i, top)
                    let (tx, ty) = point(i, top * 1.225)
                    line("axis", x1: center, y1: center, x2: x, y2: y)
                    el("text", .cls("tick"), Attr("x", f(tx)), Attr("y", f(ty + 4)), Attr("text-anchor", "middle")) { name }
                }
                for s in series {
                    let values = axes.indices.map { i in i < s.values.count ? s.values[i] ?? 0 : 0 }.map { $0.isFinite ? min(max($0, 0), top) : 0 }
                    el("polygon", .cls("series " + s.cls), Attr("points", points(values.enumerated().map { point($0.offset, $0.element) }))) {
                        if !s.name.isEmpty { el("title") { s.name } }
                    }
                }
            }
        }
    }

    /// How dark a heatmap cell is, 0 (nothing) to 4 (the most), for `value` out of `max`.
    package static func heatLevel(_ value: Double, max: Double) -> Int {
        guard value.isFinite, value > 0, max.isFinite, max > 0 else { return 0 }
        return Swift.min(4, Int((value / max * 4).rounded(.up)))
    }

    /// A grid of cells shaded by value (`heat-0`…`heat-4`), rows and columns labelled, each cell's figure in its
    /// tooltip; `cells[row][column]`, a missing cell is empty. `max` defaults to the largest value shown.
    package static func heatmap(rows: [String], columns: [String], cells: [[HeatCell]], max: Double? = nil, label: String) -> Node {
        let size = 22.0, left = 150.0, top = 120.0
        let largest = max ?? cells.flatMap { $0.map(\.value) }.filter(\.isFinite).max() ?? 0
        let f = coordinate
        return frame("heat", width: left + size * Double(columns.count) + 10, height: top + size * Double(rows.count) + 10, label: label) {
            for (j, c) in columns.enumerated() {
                el("text", .cls("tick"), Attr("transform", "translate(\(f(left + size * Double(j) + size / 2)),\(f(top - 6))) rotate(-60)")) {
                    String(c.prefix(22))
                }
            }
            for (i, r) in rows.enumerated() {
                let y = top + size * Double(i)
                el("text", .cls("tick"), Attr("x", f(left - 6)), Attr("y", f(y + size * 0.7)), Attr("text-anchor", "end")) { String(r.prefix(22)) }
                for j in columns.indices {
                    let cell = i < cells.count && j < cells[i].count ? cells[i][j] : nil
                    el("rect", .cls("heat-\(heatLevel(cell?.value ?? 0, max: largest))"), Attr("x", f(left + size * Double(j))), Attr("y", f(y)),
                       Attr("width", String(Int(size - 2))), Attr("height", String(Int(size - 2)))) {
                        el("title") { cell?.title ?? r + " → " + columns[j] }
                    }
                }
            }
        }
    }

    /// An inverted pyramid: the first layer widest at the top, the last at the point, each with its written label.
    package static func pyramid(_ layers: [ChartLayer], label: String) -> Node {
        let width = 340.0, widest = 300.0, depth = 50.0
        let step = widest / Double(max(layers.count, 1))
        return frame("pyramid", width: width, height: 30 + depth * Double(layers.count), label: label) {
            for (i, layer) in layers.enumerated() {
                let y = 20 + depth * Double(i), w = widest - step * Double(i), next = w - step
                let x0 = (width - w) / 2, x1 = x0 + w, nx0 = (width - next) / 2, nx1 = nx0 + next
                el("polygon", .cls("layer " + layer.cls), Attr("points", points([(x0, y), (x1, y), (nx1, y + depth), (nx0, y + depth)])))
                el("text", .cls("tick"), Attr("x", coordinate(width / 2)), Attr("y", coordinate(y + 30)), Attr("text-anchor", "middle")) { layer.label }
            }
        }
    }
}
