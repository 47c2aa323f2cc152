import Foundation
import Testing
import EnjeuCore

/// HTML escaping and cursors are written byte by byte for speed; these check them against the plain definitions over
/// hostile strings (the five special characters among accents, combining marks, astral scalars).
@Suite struct EscapeTests {
    static let alphabet: [Unicode.Scalar] = ["&", "<", ">", "\"", "'", "a", " ", "é", "\u{301}", "\u{1F600}", "\u{A0}", "\u{FEFF}", ";", "#"]

    /// Scalar by scalar, as the definition says.
    static func reference(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    static func strings() -> [String] {
        var rng = SplitMix(state: 42)
        return (0..<2_000).map { _ in
            String(String.UnicodeScalarView((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        }
    }

    @Test func escapingMatchesTheDefinitionScalarForScalar() {
        for s in Self.strings() {
            let expected = Array(Self.reference(s).unicodeScalars)
            #expect(Array(Markdown.escape(s).unicodeScalars) == expected, "\(s.debugDescription)")
            var appended = "« "
            Markdown.escape(s, into: &appended)
            #expect(Array(appended.unicodeScalars) == Array("« ".unicodeScalars) + expected, "\(s.debugDescription)")
        }
    }

    @Test func cursorsAreURLSafeBase64WithoutPaddingAndReadBack() {
        for key in Self.strings() where !key.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            let c = Cursor(key: key, id: UUID())
            let plain = Data((key + "\u{1F}" + c.id.uuidString).utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(c.encoded == plain)
            #expect(Cursor(encoded: c.encoded) == c)
        }
    }
}
