import Foundation

/// Other servers' HTML, read as plain text: what a community keeps of a post it follows is words, never markup, so
/// nothing a remote server writes can reach a page as HTML. Paragraphs and line breaks become newlines.
public enum PlainText {
    public static func of(html: String, limit: Int = 5_000) -> String {
        var out = ""
        var tag = ""
        var inTag = false
        for ch in html {
            if inTag {
                if ch == ">" {
                    inTag = false
                    let name = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "\n" }).first.map(String.init) ?? ""
                    let closing = tag.hasPrefix("/")
                    if name == "br" || (closing && ["p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"].contains(String(tag.dropFirst()).lowercased())) {
                        out += name == "br" ? "\n" : "\n\n"
                    }
                    tag = ""
                } else { tag.append(ch) }
            } else if ch == "<" {
                inTag = true
            } else {
                out.append(ch)
            }
        }
        // No control characters (PostgreSQL refuses NUL in text) but newlines and tabs, and no bidirectional overrides.
        var text = String(String.UnicodeScalarView(decodeEntities(out).unicodeScalars.filter { s in
            (s.value >= 0x20 || s == "\n" || s == "\t") && s.value != 0x7F && !(0x202A...0x202E).contains(s.value) && !(0x2066...0x2069).contains(s.value)
        }))
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let name = s[s.index(after: i)..<semi]
                if let decoded = entity(name) {
                    out.append(decoded)
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }

    private static func entity(_ name: Substring) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            let number: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") { number = UInt32(name.dropFirst(2), radix: 16) }
            else if name.hasPrefix("#") { number = UInt32(name.dropFirst()) }
            else { number = nil }
            return number.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
