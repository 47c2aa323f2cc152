import Foundation
import EnjeuCore

/// Who may call a route. The app checks it before any handler runs; the declaration says it once.
package enum Gate: Sendable, Equatable {
    case anyone
    case signedIn
    case community(Capability)
}

package enum Method: String, Sendable { case GET, POST, PUT, PATCH, DELETE }

/// A value that fills one `:name` segment of a route's pattern.
package protocol PathValue: Sendable { var pathSegment: String { get } }
extension String: PathValue { package var pathSegment: String { self } }
extension UUID: PathValue { package var pathSegment: String { uuidString } }
extension Int: PathValue { package var pathSegment: String { String(self) } }
/// Free text (a trade's tag) as one path segment: every byte but the unreserved ones (RFC 3986) percent-encoded, so a
/// `/`, `?`, `#` or space stays inside the segment. The router decodes route parameters once: the app takes them as they come.
package struct PathText: PathValue {
    package let text: String
    package init(_ text: String) { self.text = text }
    package var pathSegment: String {
        var bytes: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(b)
            default:
                bytes += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One route (an endpoint), declared once: the app registers it from this value and every link or form action is built from it,
/// so a link to a route that does not exist, or with the wrong parameters, does not compile.
/// `P` are the types of the pattern's `:parameters`, in order.
package struct Endpoint<each P: PathValue>: Sendable {
    package let method: Method
    /// `/communities/:slug/economy/offers/:id`
    package let pattern: String
    package let gate: Gate
    /// Stable and unique (`economy.offer`): logs, metrics and the OpenAPI `operationId` use it.
    package let name: String

    /// The pattern's segments (`communities`, `:slug`, …), split once: links are built on every page.
    package let segments: [String]

    package init(_ method: Method, _ pattern: String, gate: Gate, name: String) {
        self.method = method
        self.pattern = pattern
        self.gate = gate
        self.name = name
        segments = pattern.split(separator: "/").map(String.init)
        var declared = 0
        for _ in repeat (each P).self { declared += 1 }
        precondition(pattern.hasPrefix("/") && parameters.count == declared,
                     "route \(name): \(pattern) has \(parameters.count) parameters, its type \(declared)")
    }

    package var parameters: [String] { segments.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) } }

    /// The path of this route for these values, e.g. `EconomyEndpoints.offer.path(slug, id)`.
    package func path(_ values: repeat each P) -> String {
        var filled: [String] = []
        for value in repeat each values { filled.append(value.pathSegment) }
        var next = filled.makeIterator()
        var path = ""
        for segment in segments {
            path += "/"
            path += segment.utf8.first == UInt8(ascii: ":") ? (next.next() ?? "") : segment
        }
        return path.isEmpty ? "/" : path
    }

    /// The same with a query string (`nil` values are left out).
    package func path(_ values: repeat each P, query items: [(String, String?)]) -> String {
        path(repeat each values) + query(items)
    }
}

/// `?a=1&b=2` with every value percent-encoded (`+` too, which forms read as a space); empty when there is nothing.
/// Encoded by hand: a matrix page links thousands of cells, and Foundation's URLComponents costs microseconds each.
package func query(_ items: [(String, String?)]) -> String {
    var bytes: [UInt8] = []
    for (name, value) in items {
        guard let value else { continue }
        bytes.append(bytes.isEmpty ? UInt8(ascii: "?") : UInt8(ascii: "&"))
        percentEncode(name, into: &bytes)
        bytes.append(UInt8(ascii: "="))
        percentEncode(value, into: &bytes)
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// RFC 3986 query characters stay as they are, but for the separators `&`, `=`, `+` and `#`; every other byte is `%XX`.
private let hexDigits = Array("0123456789ABCDEF".utf8)

private func percentEncode(_ s: String, into bytes: inout [UInt8]) {
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"),
             UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ";"):
            bytes.append(b)
        default:
            bytes += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
        }
    }
}
