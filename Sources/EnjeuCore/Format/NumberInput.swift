import Foundation

/// Numbers as people type them in a form, in French or English: "1 200,50", "1200.5", "1,2".
public enum NumberInput {
    /// nil for anything that is not one finite number (empty, two decimal separators, "1e400").
    public static func parse(_ raw: String) -> Double? {
        let s = raw.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: ".")
        guard !s.isEmpty, s.filter({ $0 == "." }).count <= 1, let d = Double(s), d.isFinite else { return nil }
        return d
    }
}
