/// The texts HTTP signatures sign, as the fediverse writes them: draft-cavage (Mastodon, Lemmy, Misskey…) and RFC 9421
/// (HTTP Message Signatures, what newer servers send). Only text here: the keys and the arithmetic are EnjeuApp's.
/// `value(name)` gives a request header by its lowercased name (several values joined with ", "), nil when absent.

/// A draft-cavage `Signature` header: `keyId="…",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="…"`.
public struct CavageSignature: Sendable, Equatable {
    public let keyId: String
    /// `rsa-sha256`, `hs2019` (the key decides), or nil (none said).
    public let algorithm: String?
    /// Lowercased; `date` alone when none is said (the draft's default).
    public let headers: [String]
    /// Base64.
    public let signature: String
    public let created: Int?
    public let expires: Int?

    public static func parse(_ header: String) -> CavageSignature? {
        var fields: [String: String] = [:]
        var rest = Substring(header)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let eq = rest.firstIndex(of: "=") else { break }
            let name = rest[..<eq].trimmingSpaces.lowercased()
            rest = rest[rest.index(after: eq)...]
            let value: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { return nil }
                value = rest[..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            fields[name] = String(value)
        }
        guard let keyId = fields["keyid"], !keyId.isEmpty, let signature = fields["signature"], !signature.isEmpty else { return nil }
        let headers = (fields["headers"] ?? "date").split(separator: " ").map { $0.lowercased() }
        return CavageSignature(keyId: keyId, algorithm: fields["algorithm"]?.lowercased(), headers: headers, signature: signature,
                               created: fields["created"].flatMap { Int($0) }, expires: fields["expires"].flatMap { Int($0) })
    }

    /// The text signed: one `name: value` line per listed header, `(request-target)` being `post /path?query`. Nil when
    /// a listed header is missing (such a signature cannot be checked).
    public func signingString(method: String, target: String, value: (String) -> String?) -> String? {
        Self.signingString(headers: headers, method: method, target: target, created: created, expires: expires, value: value)
    }

    public static func signingString(headers: [String], method: String, target: String, created: Int? = nil, expires: Int? = nil,
                                     value: (String) -> String?) -> String? {
        var lines: [String] = []
        for name in headers {
            switch name {
            case "(request-target)": lines.append("(request-target): \(method.lowercased()) \(target)")
            case "(created)": guard let created else { return nil }; lines.append("(created): \(created)")
            case "(expires)": guard let expires else { return nil }; lines.append("(expires): \(expires)")
            default:
                guard let v = value(name) else { return nil }
                lines.append("\(name): \(v)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The header Enjeu sends.
    public static func header(keyId: String, headers: [String], signature: String) -> String {
        "keyId=\"\(keyId)\",algorithm=\"rsa-sha256\",headers=\"\(headers.joined(separator: " "))\",signature=\"\(signature)\""
    }
}

/// An RFC 9421 signature: one member of `Signature-Input` (`sig1=("@method" "@target-uri" "content-digest");created=…;keyid="…"`)
/// and the same label's bytes in `Signature` (`sig1=:base64:`).
public struct MessageSignature: Sendable, Equatable {
    public let label: String
    /// Lowercased component identifiers, in order.
    public let components: [String]
    public let keyId: String?
    public let algorithm: String?
    public let created: Int?
    public let expires: Int?
    /// The signature's parameters as sent (the inner list and its parameters): the `@signature-params` line signs them.
    public let parameters: String
    /// Base64.
    public let signature: String

    /// The first signature of the request (servers send one).
    public static func parse(input: String, signature: String) -> MessageSignature? {
        guard let (label, parameters) = dictionaryMembers(input).first,
              let signed = dictionaryMembers(signature).first(where: { $0.0 == label })?.1,
              signed.hasPrefix(":"), signed.hasSuffix(":"), signed.count > 2,
              parameters.hasPrefix("("), let close = parameters.firstIndex(of: ")")
        else { return nil }
        let inner = parameters[parameters.index(after: parameters.startIndex)..<close]
        var components: [String] = []
        for item in inner.split(separator: " ") {
            guard item.count >= 2, item.hasPrefix("\""), item.hasSuffix("\"") else { return nil }
            components.append(item.dropFirst().dropLast().lowercased())
        }
        var params: [String: String] = [:]
        for p in parameters[parameters.index(after: close)...].split(separator: ";") {
            let kv = p.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            var v = kv[1].trimmingSpaces
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = v.dropFirst().dropLast() }
            params[kv[0].trimmingSpaces.lowercased()] = String(v)
        }
        return MessageSignature(label: label, components: components, keyId: params["keyid"], algorithm: params["alg"],
                                created: params["created"].flatMap { Int($0) }, expires: params["expires"].flatMap { Int($0) },
                                parameters: parameters, signature: String(signed.dropFirst().dropLast()))
    }

    /// The signature base (RFC 9421 §2.5): a line per component, then `@signature-params`. Derived components come from
    /// the request as the instance's public address names it (`targetURI`), not as the proxy in front passed it on.
    public func signatureBase(method: String, targetURI: String, value: (String) -> String?) -> String? {
        guard let uri = URLParts(targetURI) else { return nil }
        var lines: [String] = []
        for c in components {
            let v: String?
            switch c {
            case "@method": v = method.uppercased()
            case "@target-uri": v = targetURI
            case "@authority": v = uri.authority.lowercased()
            case "@scheme": v = uri.scheme.lowercased()
            case "@path": v = uri.path
            case "@query": v = "?" + (uri.query ?? "")
            case "@request-target": v = uri.path + (uri.query.map { "?" + $0 } ?? "")
            default: v = c.hasPrefix("@") ? nil : value(c)
            }
            guard let v else { return nil }
            lines.append("\"\(c)\": \(v)")
        }
        lines.append("\"@signature-params\": \(parameters)")
        return lines.joined(separator: "\n")
    }

    /// Splits a structured-field dictionary into (key, raw value) at top-level commas (not inside quotes or parentheses).
    static func dictionaryMembers(_ text: String) -> [(String, String)] {
        var members: [(String, String)] = []
        var depth = 0, quoted = false, current = ""
        func flush() {
            let m = current.trimmingSpaces
            if let eq = m.firstIndex(of: "=") { members.append((String(m[..<eq]), String(m[m.index(after: eq)...]))) }
            current = ""
        }
        for ch in text {
            switch ch {
            case "\"": quoted.toggle()
            case "(" where !quoted: depth += 1
            case ")" where !quoted: depth -= 1
            case "," where !quoted && depth == 0: flush(); continue
            default: break
            }
            current.append(ch)
        }
        flush()
        return members
    }
}

/// Body digests: draft-cavage's `Digest: SHA-256=<base64>` and RFC 9530's `Content-Digest: sha-256=:<base64>:`.
public enum BodyDigest {
    /// The SHA-256 (base64) a header claims, nil when it claims none.
    public static func sha256(digest header: String) -> String? {
        for part in header.split(separator: ",") {
            let t = part.trimmingSpaces
            if t.lowercased().hasPrefix("sha-256=") { return String(t.dropFirst(8)) }
        }
        return nil
    }

    public static func sha256(contentDigest header: String) -> String? {
        for (key, value) in MessageSignature.dictionaryMembers(header) where key.lowercased() == "sha-256" {
            guard value.hasPrefix(":"), value.hasSuffix(":"), value.count > 2 else { return nil }
            return String(value.dropFirst().dropLast())
        }
        return nil
    }
}

/// A URL's parts, enough for signatures and hosts (Foundation-free, as EnjeuCore is).
public struct URLParts: Sendable, Equatable {
    public let scheme: String
    /// `host` or `host:port`, as written.
    public let authority: String
    public let path: String
    public let query: String?

    public init?(_ text: String) {
        guard let sep = text.range(of: "://") else { return nil }
        scheme = String(text[..<sep.lowerBound]).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[sep.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        authority = String(rest[..<pathStart])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(" ") else { return nil }
        let tail = rest[pathStart...]
        if let q = tail.firstIndex(of: "?") {
            path = tail[..<q].isEmpty ? "/" : String(tail[..<q])
            query = String(tail[tail.index(after: q)...])
        } else {
            path = tail.isEmpty ? "/" : String(tail)
            query = nil
        }
    }

    /// The host without its port, lowercased.
    public var host: String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") { return String(authority[...close]).lowercased() }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }

    /// `scheme://authority`, lowercased: what two IRIs share when they are of one server.
    public var origin: String { scheme + "://" + authority.lowercased() }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
