import Foundation
import EnjeuCore

/// A fragment of HTML that is safe to emit: text and attribute values are escaped as they are written, so a view can
/// only put user input on the page through `text` or an attribute.
/// Elements are kept as a tree and written once into one buffer (no copying of children into parents).
public struct Node: Sendable {
    enum Kind: Sendable {
        case raw(String)
        /// Escaped straight into the page's buffer when written: no escaped copy per string.
        case text(String)
        case element(String, [Attr], [Node])
    }
    let kind: Kind
    package init(raw: String) { kind = .raw(raw) }
    init(text: String) { kind = .text(text) }
    init(tag: String, attrs: [Attr], children: [Node]) { kind = .element(tag, attrs, children) }

    package var html: String {
        var out = ""
        out.reserveCapacity(8_192)
        write(into: &out)
        return out
    }

    package func write(into out: inout String) {
        switch kind {
        case let .raw(s): out += s
        case let .text(s): Markdown.escape(s, into: &out)
        case let .element(tag, attrs, children):
            out += "<"
            out += tag
            for a in attrs {
                out += " "
                out += a.name
                if let v = a.value { out += "=\""; Markdown.escape(v, into: &out); out += "\"" }
            }
            out += ">"
            if isVoid(tag) { return }
            for c in children { c.write(into: &out) }
            out += "</"
            out += tag
            out += ">"
        }
    }
}

@resultBuilder
public enum NodeBuilder {
    public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    public static func buildExpression(_ node: Node) -> [Node] { [node] }
    public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    public static func buildExpression(_ string: String) -> [Node] { [text(string)] }
    public static func buildOptional(_ nodes: [Node]?) -> [Node] { nodes ?? [] }
    public static func buildEither(first nodes: [Node]) -> [Node] { nodes }
    public static func buildEither(second nodes: [Node]) -> [Node] { nodes }
    public static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
}

/// An attribute; `nil` values render as boolean attributes (`required`, `selected`…).
public struct Attr: Sendable {
    let name: String
    let value: String?
    public init(_ name: String, _ value: String?) { self.name = name; self.value = value }
    public static func cls(_ v: String) -> Attr { Attr("class", v) }
    public static func id(_ v: String) -> Attr { Attr("id", v) }
    public static func href(_ v: String) -> Attr { Attr("href", v) }
    public static func name(_ v: String) -> Attr { Attr("name", v) }
    public static func type(_ v: String) -> Attr { Attr("type", v) }
    public static func value(_ v: String) -> Attr { Attr("value", v) }
    public static func flag(_ n: String) -> Attr { Attr(n, nil) }
    public static func aria(_ n: String, _ v: String) -> Attr { Attr("aria-" + n, v) }
}

/// HTML escaping, shared with the Markdown renderer of the core.
public func escape(_ s: String) -> String { Markdown.escape(s) }

public func text(_ s: String) -> Node { Node(text: s) }

/// Elements without children or end tag; compared as small strings, cheaper than hashing into a set.
private func isVoid(_ tag: String) -> Bool {
    switch tag {
    case "input", "meta", "link", "br", "hr", "img": true
    default: false
    }
}

public func el(_ tag: String, _ attrs: [Attr] = [], @NodeBuilder _ children: () -> [Node] = { [] }) -> Node {
    Node(tag: tag, attrs: attrs, children: isVoid(tag) ? [] : children())
}

public func el(_ tag: String, _ attrs: Attr..., @NodeBuilder children: () -> [Node] = { [] }) -> Node {
    el(tag, attrs, children)
}

/// Plain user text with its line breaks kept, paragraphs split on blank lines.
public func paragraphs(_ s: String) -> [Node] {
    s.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { para in
        let lines = para.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
        return Node(raw: "<p>" + lines.joined(separator: "<br>") + "</p>")
    }
}
