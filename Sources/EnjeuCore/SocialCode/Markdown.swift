/// A small, safe Markdown renderer for user-written text: raw HTML is always escaped, links keep only
/// http(s) and mailto targets, and nothing the author types becomes an attribute other than a checked href.
/// Supports headings, paragraphs, lists, block quotes, fenced code, rules, `code`, **strong**, *emphasis*, [links](…).
public enum Markdown {
    /// `headingOffset` shifts heading levels so a `#` inside a section renders below the page's own headings.
    public static func html(_ source: String, headingOffset: Int = 2) -> String {
        render(source, headingOffset: headingOffset, depth: 0)
    }

    /// Block quotes nest at most this deep; deeper markers stay as text (no unbounded recursion).
    static let maxQuoteDepth = 6

    static func render(_ source: String, headingOffset: Int, depth: Int) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []
        var code: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>\n"; paragraph = [] }
        }
        func flushList() {
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                out += "<\(tag)>" + l.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
                list = nil
            }
        }
        func flushQuote() {
            if !quote.isEmpty { out += "<blockquote>" + render(quote.joined(separator: "\n"), headingOffset: headingOffset, depth: depth + 1) + "</blockquote>\n"; quote = [] }
        }
        func flushAll() { flushParagraph(); flushList(); flushQuote() }

        for rawLine in source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if code != nil {
                if trimmed.hasPrefix("```") { out += "<pre><code>" + escape(code!.joined(separator: "\n")) + "</code></pre>\n"; code = nil }
                else { code!.append(line) }
                continue
            }
            if trimmed.hasPrefix("```") { flushAll(); code = []; continue }
            if trimmed.hasPrefix(">") && depth < maxQuoteDepth {
                flushParagraph(); flushList()
                quote.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            flushQuote()
            if trimmed.isEmpty { flushParagraph(); flushList(); continue }
            if let (level, text) = heading(trimmed) {
                flushAll()
                let h = min(6, level + headingOffset)
                out += "<h\(h)>" + inline(text) + "</h\(h)>\n"
                continue
            }
            if trimmed == "---" || trimmed == "***" { flushAll(); out += "<hr>\n"; continue }
            if let (ordered, item) = bullet(trimmed).map({ (false, $0) }) ?? numbered(trimmed).map({ (true, $0) }) {
                flushParagraph()
                // A bullet after a numbered item (or the reverse) starts a new list.
                if let open = list, open.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                list!.items.append(item)
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let code { out += "<pre><code>" + escape(code.joined(separator: "\n")) + "</code></pre>\n" }
        flushAll()
        return out
    }

    static func heading(_ s: String) -> (Int, String)? {
        let hashes = s.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), s.dropFirst(hashes).first == " " else { return nil }
        return (hashes, String(s.dropFirst(hashes + 1)))
    }

    static func bullet(_ s: String) -> String? {
        guard s.hasPrefix("- ") || s.hasPrefix("* ") || s.hasPrefix("+ ") else { return nil }
        return String(s.dropFirst(2))
    }

    static func numbered(_ s: String) -> String? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = s.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return String(rest.dropFirst(2))
    }

    /// Inline spans. Text is escaped piece by piece; only the markup we recognise produces tags.
    static func inline(_ s: String) -> String {
        var out = ""
        var i = s.startIndex
        var text = ""
        // Once a search for a closing mark fails, no later opening can succeed: remember it, so parsing stays linear.
        var noMoreCode = false
        var noMoreLinks = false
        func flushText() { out += emphasis(text); text = "" }
        while i < s.endIndex {
            let c = s[i]
            if c == "`" && !noMoreCode {
                guard let close = s[s.index(after: i)...].firstIndex(of: "`") else {
                    noMoreCode = true
                    continue
                }
                flushText()
                out += "<code>" + escape(String(s[s.index(after: i)..<close])) + "</code>"
                i = s.index(after: close)
                continue
            }
            if c == "[" && !noMoreLinks, let link = parseLink(s, i, noMore: &noMoreLinks) {
                flushText()
                if let href = safeHref(link.url) {
                    out += "<a href=\"" + escape(href) + "\" rel=\"nofollow noopener\">" + emphasis(link.label) + "</a>"
                } else {
                    out += emphasis(link.label)
                }
                i = link.end
                continue
            }
            text.append(c)
            i = s.index(after: i)
        }
        flushText()
        return out
    }

    /// `[label](url)` starting at `start`. The label stops at the first "]", which must be followed by "(".
    static func parseLink(_ s: String, _ start: String.Index, noMore: inout Bool) -> (label: String, url: String, end: String.Index)? {
        guard let closeLabel = s[s.index(after: start)...].firstIndex(where: { $0 == "]" || $0 == "[" }) else { noMore = true; return nil }
        guard s[closeLabel] == "]" else { return nil }   // another "[" first: this one is plain text, and the scan was short
        let paren = s.index(after: closeLabel)
        guard paren < s.endIndex, s[paren] == "(" else { return nil }
        guard let closeURL = s[paren...].firstIndex(where: { $0 == ")" || $0 == "[" }) else { noMore = true; return nil }
        guard s[closeURL] == ")" else { return nil }
        return (String(s[s.index(after: start)..<closeLabel]), String(s[s.index(after: paren)..<closeURL]).trimmingCharacters(in: .whitespaces),
                s.index(after: closeURL))
    }

    /// Only http, https and mailto links survive; anything else (javascript:, data:, vbscript:…) is dropped.
    public static func safeHref(_ raw: String) -> String? {
        let url = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = String(url.lowercased().unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != " " })
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else { return nil }
        return url
    }

    /// **strong** and *emphasis* / _emphasis_ on already-plain text.
    static func emphasis(_ s: String) -> String {
        var out = escape(s)
        out = replacePairs(out, "**", "strong")
        out = replacePairs(out, "*", "em")
        out = replacePairs(out, "__", "strong")
        return out
    }

    static func replacePairs(_ s: String, _ marker: String, _ tag: String) -> String {
        let parts = s.components(separatedBy: marker)
        guard parts.count >= 3 else { return s }
        var out = parts[0]
        var open = false
        for (n, part) in parts.dropFirst().enumerated() {
            let isLast = n == parts.count - 2
            if !open && isLast { out += marker + part; break }
            out += (open ? "</\(tag)>" : "<\(tag)>") + part
            open.toggle()
        }
        if open { out += "</\(tag)>" }
        return out
    }

    /// Escapes the five HTML-significant characters; most text has none, so one byte scan and no copy.
    public static func escape(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        escape(s, into: &out)
        return out
    }

    /// The same, appended to `out`: the runs between special characters are copied whole (they are ASCII, so every
    /// cut falls on a character boundary).
    public static func escape(_ s: String, into out: inout String) {
        let bytes = s.utf8
        var run = bytes.startIndex
        var i = run
        while i != bytes.endIndex {
            let entity: String? = switch bytes[i] {
            case 38: "&amp;"
            case 60: "&lt;"
            case 62: "&gt;"
            case 34: "&quot;"
            case 39: "&#39;"
            default: nil
            }
            if let entity {
                out += s[run..<i]
                out += entity
                run = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if run == bytes.startIndex { out += s } else { out += s[run..<bytes.endIndex] }
    }
}

import Foundation
