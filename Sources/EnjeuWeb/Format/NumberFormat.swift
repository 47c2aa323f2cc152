import Foundation

/// Numbers as people read them, shared by every feature and chart.
package enum NumberFormat {
    /// Values as people read them: whole above 100, two decimals above 1, three significant digits below.
    /// (Foundation's String(format:) is slow on Linux and a chart formats thousands of numbers.)
    package static func number(_ v: Double) -> String {
        let a = abs(v)
        if !v.isFinite { return "–" }
        if a >= 1e9 { return String(format: "%.3g", v) }
        if a >= 100 { return String(Int(v.rounded())) }
        if a >= 1 { return fixed(v, decimals: 2) }
        if a == 0 { return "0" }
        return String(format: "%.3g", v)
    }

    package static func fixed(_ v: Double, decimals: Int) -> String {
        let scale = decimals == 1 ? 10.0 : 100.0
        let n = Int((abs(v) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        let digits = String(frac)
        return (v < 0 && n > 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
