import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Every chart of the kit, drawn from hostile, empty, broken and tiny inputs: the markup stays one well-formed,
/// labelled SVG image, nothing a member typed becomes markup, and no coordinate is NaN or infinite.
@Suite struct ChartTests {
    static let hostile = "</title><script>alert(1)</script>&\"'"
    static let day = 86_400.0

    /// The checks every chart must pass, whatever it was given.
    func check(_ node: Node, _ cls: String, label: String = hostile, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = node.html
        #expect(html.hasPrefix("<svg class=\"chart \(cls)\""), sourceLocation: sourceLocation)
        #expect(html.hasSuffix("</svg>"), sourceLocation: sourceLocation)
        #expect(html.contains("role=\"img\""), sourceLocation: sourceLocation)
        #expect(html.contains("aria-label=\"\(escape(label))\""), sourceLocation: sourceLocation)
        #expect(html.contains("<title>\(escape(label))</title>"), sourceLocation: sourceLocation)
        #expect(!html.lowercased().contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("</title><script"), sourceLocation: sourceLocation)
        #expect(Self.wellFormed(html), "unbalanced: \(html.prefix(300))", sourceLocation: sourceLocation)
        for value in Self.attributeValues(html) {
            #expect(!value.lowercased().contains("nan") && !value.lowercased().contains("inf"), "\(value)", sourceLocation: sourceLocation)
        }
    }

    /// Every element closed in order (the kit writes no void SVG element), no stray `<`, `>` or `"` outside markup.
    static func wellFormed(_ html: String) -> Bool {
        var stack: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            if rest[..<open].contains(">") { return false }
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") {
                guard stack.popLast() == tag.dropFirst() else { return false }
            } else {
                // Attribute values are quoted and escaped: no quote may be left open inside a tag.
                if tag.filter({ $0 == "\"" }).count % 2 != 0 { return false }
                stack.append(tag.prefix { $0 != " " })
            }
            rest = rest[rest.index(after: close)...]
        }
        return stack.isEmpty && !rest.contains(">")
    }

    static func attributeValues(_ html: String) -> [String] {
        html.components(separatedBy: "=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    static func count(_ html: String, _ s: String) -> Int { html.components(separatedBy: s).count - 1 }

    // MARK: The scale

    @Test func aLinearScaleMapsTheDomainOntoTheRange() {
        let s = ChartScale([0, 10], positive: false, from: 100, to: 200, padding: 0)
        #expect(!s.log)
        #expect(s.position(0) == 100 && s.position(10) == 200 && s.position(5) == 150)
        #expect(s.ticks() == [0, 2.5, 5, 7.5, 10])
        // An upward axis: the range may run backwards.
        #expect(ChartScale([0, 10], positive: false, from: 150, to: 10, padding: 0).position(10) == 10)
    }

    @Test func positiveValuesSpanningMoreThanAFactorOfThreeTakeALogScale() {
        let s = ChartScale([1, 100], positive: true, from: 0, to: 200, padding: 0)
        #expect(s.log)
        #expect(abs(s.position(10) - 100) < 1e-9)
        #expect(abs(s.highest - 100) < 1e-9 && abs(s.lowest - 1) < 1e-9)
        #expect(!ChartScale([1, 2.9], positive: true, from: 0, to: 1).log)
        #expect(!ChartScale([-1, 100], positive: true, from: 0, to: 1).log)
        #expect(!ChartScale([1, 100], positive: false, from: 0, to: 1).log)
        // Zero or below on a log axis lands at the low end, not on NaN.
        #expect(s.position(0).isFinite)
    }

    @Test func aScaleOfNothingOneValueOrBrokenValuesStaysFinite() {
        for values in [[], [7], [.nan], [.infinity, -.infinity], [3, 3, 3], [1e308, -1e308], [.nan, 2, .infinity]] as [[Double]] {
            let s = ChartScale(values, positive: true, from: 40, to: 600)
            #expect(s.lo.isFinite && s.hi.isFinite && s.hi > s.lo, "\(values)")
            for t in s.ticks() { #expect(s.position(t).isFinite, "\(values)") }
        }
        #expect(Chart.coordinate(.nan) == "0.0" && Chart.coordinate(.infinity) == "0.0")
        #expect(Chart.coordinate(12.345) == "12.3" && Chart.coordinate(-0.04) == "0.0" && Chart.coordinate(-2.25) == "-2.3")
    }

    // MARK: Strip

    @Test func aStripPlotDrawsDotsCrossesTheBandAndTicks() {
        let points = [StripPoint(10), StripPoint(11), StripPoint(100, .outlier), StripPoint(12, .deprecated)]
        let node = Chart.strip(points, estimate: ChartInterval(value: 11, low: 10, high: 12), positive: true, label: Self.hostile)
        check(node, "strip")
        let html = node.html
        #expect(Self.count(html, "<circle class=\"dot\"") == 2)
        #expect(Self.count(html, "<path class=\"outlier\"") == 1)
        #expect(Self.count(html, "<path class=\"deprecated\"") == 1)
        #expect(html.contains("<rect class=\"band\"") && html.contains("<line class=\"estimate\""))
        #expect(Self.count(html, "<text class=\"tick\"") == 5)
        #expect(html.hasPrefix("<svg class=\"chart strip\" viewBox=\"0 0 640 120\" role=\"img\""))
    }

    @Test func aStripPlotOfNothingBrokenOrOneValue() {
        check(Chart.strip([], estimate: nil, positive: true, label: Self.hostile), "strip")
        let broken = Chart.strip([StripPoint(.nan), StripPoint(.infinity), StripPoint(-.infinity, .outlier), StripPoint(4)],
                                 estimate: ChartInterval(value: .nan, low: 1, high: .infinity), positive: false, label: Self.hostile)
        check(broken, "strip")
        #expect(Self.count(broken.html, "<circle") == 1)
        #expect(!broken.html.contains("class=\"band\""))
        let one = Chart.strip([StripPoint(42)], estimate: ChartInterval(value: 42, low: 42, high: 42), positive: true, label: "un")
        check(one, "strip", label: "un")
        #expect(Self.count(one.html, "<circle") == 1)
    }

    @Test func aStripPlotOnALogAxisSpreadsValuesByRatio() {
        let html = Chart.strip([StripPoint(1), StripPoint(10), StripPoint(100)], estimate: nil, positive: true, label: "log").html
        let xs = html.components(separatedBy: "cx=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(xs.count == 3)
        // Equal ratios, equal distances (within the one-decimal rounding).
        #expect(abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.2)
    }

    // MARK: History

    @Test func aHistoryDrawsTheBandTheLineAndBothEnds() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let points = (0..<4).map { ChartTimePoint(at: start.addingTimeInterval(Double($0) * Self.day), value: 10 + Double($0), low: 8, high: 14) }
        let node = Chart.history(points, positive: true, label: Self.hostile)
        check(node, "history")
        let html = node.html
        #expect(html.contains("<polygon class=\"band\"") && html.contains("<polyline class=\"estimate-line\""))
        #expect(Self.count(html, "<circle class=\"dot\"") == 4)
        #expect(html.contains(">14.00</text>") && html.contains(">8.00</text>"))
    }

    @Test func aHistoryOfNothingBrokenOrOnePoint() {
        check(Chart.history([], positive: true, label: Self.hostile), "history")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let broken = Chart.history([ChartTimePoint(at: at, value: .nan, low: 1, high: 2), ChartTimePoint(at: at, value: 1, low: -.infinity, high: 2),
                                    ChartTimePoint(at: at.addingTimeInterval(Self.day), value: 5, low: 4, high: 6)],
                                   positive: false, label: Self.hostile)
        check(broken, "history")
        #expect(Self.count(broken.html, "<circle") == 1)
        check(Chart.history([ChartTimePoint(at: at, value: 3, low: 3, high: 3)], positive: true, label: "un"), "history", label: "un")
        let log = Chart.history([ChartTimePoint(at: at, value: 2, low: 1, high: 4),
                                 ChartTimePoint(at: at.addingTimeInterval(Self.day), value: 200, low: 100, high: 400)], positive: true, label: "log")
        check(log, "history", label: "log")
        #expect(log.html.contains(">400</text>") && log.html.contains(">1.00</text>"))
    }

    // MARK: Bars

    @Test func barsWriteTheirLabelsAndValues() {
        let node = Chart.bars([ChartBar(Self.hostile, 3), ChartBar("Négatif", -2, cls: "loss"), ChartBar("Écrit", 1.5, valueText: "1,5 €")],
                              label: Self.hostile)
        check(node, "bars")
        let html = node.html
        #expect(Self.count(html, "<rect class=\"bar") == 3)
        #expect(html.contains("<rect class=\"bar loss\""))
        #expect(html.contains(">3.00</text>") && html.contains(">-2.00</text>") && html.contains(">1,5 €</text>"))
        #expect(html.contains(escape(Self.hostile) + " : 3.00"))
    }

    @Test func barsOfNothingBrokenOrOne() {
        check(Chart.bars([], label: Self.hostile), "bars")
        check(Chart.bars([ChartBar("nan", .nan), ChartBar("inf", .infinity), ChartBar("zéro", 0)], label: Self.hostile), "bars")
        check(Chart.bars([ChartBar("seul", 7)], label: "un"), "bars", label: "un")
    }

    // MARK: Radar

    @Test func aRadarDrawsItsGridAxesAndSeries() {
        let node = Chart.radar(axes: ["Impact", Self.hostile, "Coopération", "Apprentissage"],
                               series: [RadarSeries(name: Self.hostile, cls: "own", values: [1, 2, 3, 4]),
                                        RadarSeries(name: "Pairs", cls: "peers", values: [nil, 2.5])],
                               max: 4, label: Self.hostile)
        check(node, "radar")
        let html = node.html
        #expect(Self.count(html, "<polygon class=\"grid\"") == 4)
        #expect(Self.count(html, "<line class=\"axis\"") == 4)
        #expect(html.contains("<polygon class=\"series own\"") && html.contains("<polygon class=\"series peers\""))
        #expect(html.contains("<title>Pairs</title>"))
    }

    @Test func aRadarOfNothingBrokenOrOneAxis() {
        check(Chart.radar(axes: [], series: [], max: 4, label: Self.hostile), "radar")
        check(Chart.radar(axes: ["a", "b", "c"], series: [RadarSeries(name: "", cls: "own", values: [.nan, .infinity, -3])], max: .nan,
                          label: Self.hostile), "radar")
        check(Chart.radar(axes: ["seul"], series: [RadarSeries(name: "x", cls: "own", values: [2])], max: 4, rings: 0, label: "un"),
              "radar", label: "un")
    }

    // MARK: Heatmap

    @Test func aHeatmapShadesCellsAndTitlesEveryOne() {
        let node = Chart.heatmap(rows: [Self.hostile, "Atelier"], columns: ["Matière", Self.hostile],
                                 cells: [[HeatCell(4, title: Self.hostile), HeatCell(1, title: "a → b : 1")], [HeatCell(0, title: "vide")]],
                                 label: Self.hostile)
        check(node, "heat")
        let html = node.html
        #expect(Self.count(html, "<rect class=\"heat-") == 4)
        #expect(html.contains("<rect class=\"heat-4\"") && html.contains("<rect class=\"heat-1\""))
        #expect(Self.count(html, "<rect class=\"heat-0\"") == 2)
        #expect(html.contains("<title>Atelier → " + escape(Self.hostile) + "</title>"))
        #expect(Chart.heatLevel(1, max: 10) == 1 && Chart.heatLevel(10, max: 10) == 4 && Chart.heatLevel(20, max: 10) == 4)
        #expect(Chart.heatLevel(.nan, max: 1) == 0 && Chart.heatLevel(1, max: 0) == 0 && Chart.heatLevel(-1, max: 3) == 0)
    }

    @Test func aHeatmapOfNothingBrokenOrOneCell() {
        check(Chart.heatmap(rows: [], columns: [], cells: [], label: Self.hostile), "heat")
        check(Chart.heatmap(rows: ["a"], columns: ["b", "c"], cells: [[HeatCell(.nan, title: "x"), HeatCell(.infinity, title: "y")]],
                            max: .infinity, label: Self.hostile), "heat")
        check(Chart.heatmap(rows: ["a"], columns: ["b"], cells: [[HeatCell(3, title: "a → b : 3")]], label: "un"), "heat", label: "un")
    }

    // MARK: Pyramid

    @Test func aPyramidWritesEveryLayer() {
        let node = Chart.pyramid([ChartLayer(Self.hostile + " (2)", cls: "creation"), ChartLayer("Soutien (0)", cls: "support"),
                                  ChartLayer("Capital (1)", cls: "capital")], label: Self.hostile)
        check(node, "pyramid")
        let html = node.html
        #expect(html.hasPrefix("<svg class=\"chart pyramid\" viewBox=\"0 0 340 180\""))
        #expect(html.contains("<polygon class=\"layer creation\" points=\"20.0,20.0 320.0,20.0 270.0,70.0 70.0,70.0\""))
        #expect(html.contains(">Capital (1)</text>"))
    }

    @Test func aPyramidOfNothingOrOneLayer() {
        check(Chart.pyramid([], label: Self.hostile), "pyramid")
        check(Chart.pyramid([ChartLayer("Seul", cls: "creation")], label: "un"), "pyramid", label: "un")
    }
}
