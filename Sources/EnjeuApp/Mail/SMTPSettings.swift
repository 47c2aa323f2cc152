import Foundation

/// Parsed ENJEU_SMTP_URL:
///
///     smtps://[user[:password]@]host[:port][?from=…&ca=…&site=…]             implicit TLS, port 465 by default
///     smtp://[user[:password]@]host[:port][?from=…&tls=…&ca=…&site=…]        port 25 by default (587 for submission)
///
/// - `tls` (smtp:// only): `auto` (default) upgrades with STARTTLS when the server offers it; `starttls` requires it and
///   stops before MAIL FROM when it is not offered; `none` never upgrades (a relay on the same machine).
/// - `ca`: a PEM file of the certificate authorities to trust instead of the system's (a test or in-house server).
///   Certificates are always verified, host name included.
/// - `site`: this instance's public address (`https://enjeu.example.org`), put before the paths of links in e-mails;
///   without it links are paths, as in the digest.
/// - `from`: the sender address, `enjeu@<host>` by default.
/// The password is sent (AUTH PLAIN, or LOGIN when the server offers only that) over TLS only, or to a server on
/// this machine (as Go's net/smtp does): it never crosses a network in clear.
struct SMTPSettings: Sendable, Equatable {
    enum Security: String, Sendable {
        /// smtps://: TLS from the first byte.
        case implicit
        /// smtp:// with tls=starttls: STARTTLS or nothing is sent.
        case startTLS = "starttls"
        /// smtp:// with tls=auto (default): STARTTLS when offered.
        case opportunistic = "auto"
        /// smtp:// with tls=none.
        case none
    }

    let host: String
    let port: Int
    let user: String?
    let password: String?
    let from: String
    let security: Security
    let caFile: String?
    /// Without a trailing slash.
    let site: String?

    init?(url: String) {
        guard case let .success(s) = Self.parse(url) else { return nil }
        self = s
    }

    private init(host: String, port: Int, user: String?, password: String?, from: String, security: Security, caFile: String?, site: String?) {
        self.host = host; self.port = port; self.user = user; self.password = password; self.from = from
        self.security = security; self.caFile = caFile; self.site = site
    }

    /// The settings, or what is wrong with the URL in words an operator can act on.
    static func parse(_ url: String) -> Result<SMTPSettings, SMTP.Failure> {
        func fail(_ why: String) -> Result<SMTPSettings, SMTP.Failure> { .failure(SMTP.Failure(description: "ENJEU_SMTP_URL: " + why)) }
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme) else {
            return fail("must start with smtp:// or smtps://")
        }
        guard let rawHost = c.host, !rawHost.isEmpty else { return fail("names no host") }
        let port = c.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65_535).contains(port) else { return fail("port \(port) is out of range") }
        var query: [String: String] = [:]
        for item in c.queryItems ?? [] {
            guard ["from", "tls", "ca", "site"].contains(item.name) else { return fail("unknown parameter \(item.name) (from, tls, ca, site)") }
            query[item.name] = item.value ?? ""
        }
        let from = query["from"] ?? "enjeu@\(rawHost)"
        // The address goes verbatim into MAIL FROM and the From header: no line breaks, brackets or spaces.
        guard isPlainAddress(from) else { return fail("from=\(from) is not a plain e-mail address") }
        let security: Security
        switch (scheme, query["tls"]) {
        case ("smtps", nil): security = .implicit
        case ("smtps", _?): return fail("tls= is for smtp:// (smtps:// is always TLS)")
        case (_, nil): security = .opportunistic
        case let (_, value?):
            guard let s = Security(rawValue: value), s != .implicit else { return fail("tls must be auto, starttls or none, got \(value)") }
            security = s
        }
        if let ca = query["ca"], !FileManager.default.isReadableFile(atPath: ca) { return fail("ca=\(ca) is not a readable file") }
        var site = query["site"]
        if let s = site {
            guard let u = URLComponents(string: s), ["http", "https"].contains(u.scheme?.lowercased() ?? ""), u.host?.isEmpty == false,
                  u.query == nil, u.fragment == nil
            else { return fail("site=\(s) must be this instance's address, such as https://enjeu.example.org") }
            site = s.hasSuffix("/") ? String(s.dropLast()) : s
        }
        // URLComponents keeps an IPv6 literal's brackets, and undoes percent-encoding (a password may hold %40 for "@").
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        return .success(SMTPSettings(host: host, port: port, user: c.user.flatMap { $0.isEmpty ? nil : $0 }, password: c.password,
                                     from: from, security: security, caFile: query["ca"], site: site))
    }

    /// One `@`, no spaces, brackets or line breaks: safe inside `<…>` in an SMTP command or a header.
    static func isPlainAddress(_ s: String) -> Bool {
        s.contains("@") && !s.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace || $0.isNewline })
    }

    /// A server on this machine: the password may reach it without TLS.
    var isLoopback: Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let ipv4Loopback = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return ipv4Loopback || host == "localhost" || host == "::1"
    }

    /// A link to `path` on this instance, as an e-mail carries it.
    func link(_ path: String) -> String { (site ?? "") + path }
}
