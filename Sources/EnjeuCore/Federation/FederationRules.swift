/// The rules of federation that need no network: the instance's public address, who is addressed, what a time and a
/// size may be, how long deliveries are retried.
public enum FederationRules {
    /// `ENJEU_PUBLIC_URL`: `https://host[:port]` without path, query or user; plain `http://` only for a loopback or
    /// test host (`localhost`, `127.x`, `[::1]`, `*.localhost`, `*.test`), where no certificate can be had.
    public static func publicURL(_ raw: String) -> Result<URLParts, PublicURLError> {
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URLParts(text), url.path == "/", url.query == nil, !url.host.isEmpty else { return .failure(.malformed) }
        if url.scheme == "http" && !isLocal(url.host) { return .failure(.plainHTTP) }
        return .success(url)
    }

    public enum PublicURLError: Error, Equatable { case malformed, plainHTTP }

    /// Hosts where plain HTTP is allowed (tests and loopback).
    public static func isLocal(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h.hasPrefix("127.") || h == "[::1]" || h.hasSuffix(".localhost") || h.hasSuffix(".test")
    }

    /// Whether this instance may send a request to `target` (a fetch, a WebFinger lookup, a delivery): never to a
    /// loopback, private or link-local address (nor over plain HTTP) unless the instance itself is served from one, as
    /// in tests; otherwise a signature's `keyId` or an actor's `inbox` could make it call services behind its firewall.
    /// Names are judged as written: a public name that resolves to a private address needs the resolver's own guard.
    public static func mayReach(_ target: URLParts, from ours: URLParts) -> Bool {
        let ownIsLocal = isLocal(ours.host) || isPrivate(ours.host)
        if isLocal(target.host) || isPrivate(target.host) { return ownIsLocal }
        return target.scheme == "https" || ownIsLocal
    }

    /// A literal IP address of a private, loopback, link-local or unspecified range (IPv4 and IPv6), or `localhost`.
    public static func isPrivate(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" { return true }
        if h.contains(":") {  // IPv6: unspecified, loopback, link-local, unique local, or an IPv4 one mapped
            if h.hasPrefix("::ffff:") { return isPrivate(String(h.dropFirst(7))) }
            return h == "::" || h == "::1" || h.hasPrefix("fe80:") || h.hasPrefix("fc") || h.hasPrefix("fd")
        }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 4, let a = parts[0], let b = parts[1], parts.allSatisfy({ $0.map { (0...255).contains($0) } ?? false }) else { return false }
        return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
            || (a == 100 && (64...127).contains(b))
    }

    /// `acct:slug@host` (or `slug@host`, `@slug@host`) addressed to this instance's `authority` → the slug; nil otherwise.
    public static func webFingerSlug(_ resource: String, authority: String) -> String? {
        var r = Substring(resource)
        if r.lowercased().hasPrefix("acct:") { r = r.dropFirst(5) }
        if r.hasPrefix("@") { r = r.dropFirst() }
        let parts = r.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].lowercased() == authority.lowercased() else { return nil }
        return parts[0].lowercased()
    }

    /// `@slug@host` or `slug@host` → (slug, host); nil for anything else (an IRI is taken as it is by the caller).
    public static func handle(_ text: String) -> (user: String, host: String)? {
        var t = Substring(text.trimmingSpaces)
        if t.hasPrefix("acct:") { t = t.dropFirst(5) }
        if t.hasPrefix("@") { t = t.dropFirst() }
        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts.allSatisfy({ !$0.contains("/") && !$0.contains(" ") }) else { return nil }
        return (String(parts[0]), String(parts[1]).lowercased())
    }

    /// A signature's time must be within an hour of ours, either way (clocks drift; older ones could be replays).
    public static let clockSkew: Double = 3_600

    public static func timely(_ signedAt: Double, now: Double) -> Bool { abs(now - signedAt) <= clockSkew }

    /// Activities larger than this are refused (413) before anything is read into them.
    public static let maxActivityBytes = 256 * 1_024

    /// A delivery is tried this many times: with `RetryPolicy()` (2 s doubling to an hour) the waits add up to more than
    /// 24 hours even when every jitter is the shortest (`FederationRulesTests`), so a server down for a day still gets it.
    public static let deliveryAttempts = 42

    /// A server that keeps failing is probed after these waits (2 s doubling to an hour), its other deliveries waiting
    /// for the probe (`DomainHealth`); after a day and a half of failures they are given up.
    public static let domainBackoff = RetryPolicy(base: 2, cap: 3_600)
    public static let deliveryGiveUp: Double = 36 * 3_600

    /// Activities a remote domain may post to this instance's inboxes per minute.
    public static let inboxPerDomainPerMinute = 3_000

    /// `ENJEU_BLOCKED_DOMAINS`: comma- or space-separated domains; a domain blocks its subdomains too. Nil names the
    /// entry that is no domain.
    public static func blockedDomains(_ raw: String) -> Result<Set<String>, BadDomain> {
        var out = Set<String>()
        for part in raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }) {
            var d = part.lowercased()
            if d.hasPrefix("*.") { d.removeFirst(2) }
            guard !d.isEmpty, d.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }),
                  !d.hasPrefix("."), !d.hasSuffix(".") else { return .failure(BadDomain(entry: String(part))) }
            out.insert(d)
        }
        return .success(out)
    }

    public struct BadDomain: Error, Equatable { public let entry: String }

    /// Whether `authority` (`host` or `host:port`) is blocked: its host, or a domain it is under, is on the list.
    public static func isBlocked(_ authority: String, by blocked: Set<String>) -> Bool {
        guard !blocked.isEmpty else { return false }
        var a = authority.lowercased()
        if let colon = a.lastIndex(of: ":"), !a.hasPrefix("["), a[a.index(before: colon)] == "." { a.remove(at: a.index(before: colon)) }
        while a.hasSuffix(".") { a.removeLast() }
        if blocked.contains(a) { return true }
        var host = Substring(a.hasPrefix("[") ? a : String(a.split(separator: ":").first ?? ""))
        while !host.isEmpty {
            if blocked.contains(String(host)) { return true }
            guard let dot = host.firstIndex(of: ".") else { return false }
            host = host[host.index(after: dot)...]
        }
        return false
    }
}
