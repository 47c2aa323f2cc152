import Foundation

/// CSV as Enjeu writes it (RFC 4180, CRLF line ends), safe to open in a spreadsheet.
///
/// Every text cell is quoted, so no separator a spreadsheet may split on (`,`, `;` in French locales, tab, line
/// breaks) ends it early. A spreadsheet that splits a cell again on one of those starts a new cell there, where a
/// formula could begin; so a text is neutralised at its start and after every `,` `;` tab CR and LF: wherever such a
/// segment begins with `=` `+` `-` `@` tab or CR (the OWASP list), with `"` (a re-split would unquote what follows) or
/// with `'`, a `'` is inserted before it. Nothing else is touched: `-` inside a word or a date is left alone.
/// The `'` before an existing `'` keeps the rule reversible: `restored` removes exactly the inserted marks, so what
/// Enjeu exports imports back unchanged. Numbers are written bare: `-3` in a numeric column is a number, not a formula.
public enum CSVText {
    public enum Cell: Sendable, Equatable { case text(String), number(Double), integer(Int), empty }

    /// Where a spreadsheet may start a new cell inside a text.
    public static let separators: Set<Unicode.Scalar> = [",", ";", "\t", "\n", "\r"]
    /// What starts a formula (OWASP CSV injection); the quote; and `'`, so that the mark is always removable.
    public static let marked: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\"", "'"]

    /// The text with a `'` before every segment that starts with a marked character.
    public static func neutralised(_ s: String) -> String {
        // Most cells have no separator and start plainly (all these characters are ASCII: bytes suffice).
        if s.utf8.first.map({ !isMarked($0) }) ?? true && !s.utf8.contains(where: isSeparator) { return s }
        var out = String.UnicodeScalarView()
        var segmentStart = true
        for c in s.unicodeScalars {
            if segmentStart && marked.contains(c) { out.append("'") }
            out.append(c)
            segmentStart = separators.contains(c)
        }
        return String(out)
    }

    /// The inverse of `neutralised`: a `'` at a segment's start followed by a marked character is removed.
    /// (Any other `'`, as in a file typed by hand, is kept.)
    public static func restored(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "'")) else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var segmentStart = true, i = 0
        while i < scalars.count {
            let c = scalars[i]
            if segmentStart && c == "'" && i + 1 < scalars.count && marked.contains(scalars[i + 1]) {
                // The marked character itself is not a segment start again: `''x` restores to `'x`.
                out.append(scalars[i + 1])
                segmentStart = separators.contains(scalars[i + 1])
                i += 2
                continue
            }
            out.append(c)
            segmentStart = separators.contains(c)
            i += 1
        }
        return String(out)
    }

    private static func isMarked(_ b: UInt8) -> Bool {
        b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D || b == 0x22 || b == 0x27
    }
    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x2C || b == 0x3B || b == 0x09 || b == 0x0A || b == 0x0D }

    public static func cell(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case let .integer(i): return String(i)
        case let .number(d): return d.isFinite ? String(d) : ""
        case let .text(s):
            let n = neutralised(s)
            guard n.utf8.contains(0x22) else { return "\"" + n + "\"" }
            // Scalar by scalar: a quote followed by a combining mark is still a quote to double.
            var out = String.UnicodeScalarView()
            out.append("\"")
            for c in n.unicodeScalars {
                out.append(c)
                if c == "\"" { out.append(c) }
            }
            out.append("\"")
            return String(out)
        }
    }

    /// One record, CRLF-terminated.
    public static func line(_ cells: [Cell]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// The header: column names are Enjeu's own identifiers, written bare.
    public static func header(_ names: [String]) -> String {
        names.joined(separator: ",") + "\r\n"
    }
}
