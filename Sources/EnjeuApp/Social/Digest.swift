import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// Parsed ENJEU_SMTP_URL: smtp://[user[:password]@]host[:port][?from=address]  (port default 25; from default "enjeu@<host>")
struct SMTPSettings: Sendable, Equatable {
    let host: String
    let port: Int
    let user: String?
    let password: String?
    let from: String

    init?(url: String) {
        guard let c = URLComponents(string: url), c.scheme?.lowercased() == "smtp",
              let host = c.host, !host.isEmpty else { return nil }
        let port = c.port ?? 25
        guard (1...65_535).contains(port) else { return nil }
        let from = c.queryItems?.first(where: { $0.name == "from" })?.value ?? "enjeu@\(host)"
        // The address goes verbatim into MAIL FROM and the From header: no line breaks, brackets or spaces.
        guard from.contains("@"), !from.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace }) else { return nil }
        // URLComponents keeps an IPv6 literal's brackets; getaddrinfo wants them off.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        // URLComponents undoes percent-encoding, so a password may hold "@" or ":" written as %40 / %3A.
        self.user = c.user.flatMap { $0.isEmpty ? nil : $0 }
        self.password = c.password
        self.from = from
    }
}

/// A minimal SMTP client: plain text over TCP, no TLS. To reach a provider that requires TLS,
/// point ENJEU_SMTP_URL at a local relay (the host's MTA, e.g. Postfix or msmtpd) that handles it.
enum SMTP {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let timeoutSeconds = 10

    /// Sends one plain-text UTF-8 message.
    static func send(_ settings: SMTPSettings, to: String, subject: String, body: String) async throws {
        // A recipient with a line break or brackets could smuggle SMTP commands.
        guard to.contains("@"), !to.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace }) else {
            throw Failure(description: "invalid recipient address")
        }
        let message = compose(from: settings.from, to: to, subject: subject, body: body, date: Date())
        // Blocking sockets must not stall the cooperative executor's few threads.
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try converse(settings, to: to, message: message)
                    cont.resume()
                } catch {
                    cont.resume(throwing: error)
                }
            }
        }
    }

    /// Headers and body, CRLF line endings, dot-stuffed, without the final "." line.
    static func compose(from: String, to: String, subject: String, body: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let domain = from.split(separator: "@").last.map(String.init) ?? "enjeu"
        let headers = [
            "From: <\(from)>",
            "To: <\(to)>",
            "Subject: \(encodedWords(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            // A line holding only "." would end DATA early: RFC 5321 §4.5.2 transparency.
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return (headers + [""] + lines).joined(separator: "\r\n")
    }

    /// RFC 2047 B-encoding; encoded words stay under 76 characters, so long subjects are folded into several,
    /// cut only between characters (a word must hold whole UTF-8 sequences).
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = Data()
        for ch in text {
            let bytes = Data(String(ch).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
        return words.joined(separator: "\r\n ")
    }

    private static func converse(_ settings: SMTPSettings, to: String, message: String) throws {
        let conn = try Connection(host: settings.host, port: settings.port)
        defer { conn.close() }
        try conn.expect(220)
        try conn.write("EHLO enjeu\r\n")
        let ehlo = try conn.expect(250)
        if let user = settings.user {
            let token = Data("\0\(user)\0\(settings.password ?? "")".utf8).base64EncodedString()
            try conn.write("AUTH PLAIN \(token)\r\n")
            try conn.expect(235)
        }
        // Declare the 8-bit body when the server says it can carry one (RFC 6152).
        let eightBit = ehlo.contains { $0.dropFirst(4).uppercased().hasPrefix("8BITMIME") }
        try conn.write("MAIL FROM:<\(settings.from)>\(eightBit ? " BODY=8BITMIME" : "")\r\n")
        try conn.expect(250)
        try conn.write("RCPT TO:<\(to)>\r\n")
        try conn.expect(250, 251)
        try conn.write("DATA\r\n")
        try conn.expect(354)
        try conn.write(message + "\r\n.\r\n")
        try conn.expect(250)
        try conn.write("QUIT\r\n")
        // The message is accepted: a server that hangs up without 221 changes nothing.
        _ = try? conn.reply()
    }

    /// One blocking TCP connection with a send and receive timeout.
    private final class Connection {
        private var fd: Int32 = -1
        private var buffer: [UInt8] = []

        init(host: String, port: Int) throws {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if os(Linux)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
            hints.ai_socktype = SOCK_STREAM
            #endif
            var list: UnsafeMutablePointer<addrinfo>?
            let rc = getaddrinfo(host, String(port), &hints, &list)
            guard rc == 0, let first = list else {
                throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
            }
            defer { freeaddrinfo(first) }
            var lastError: Int32 = 0
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let ai = cursor {
                cursor = ai.pointee.ai_next
                let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
                guard s >= 0 else { lastError = errno; continue }
                // SO_SNDTIMEO also bounds connect() on Linux.
                var tv = timeval(tv_sec: SMTP.timeoutSeconds, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                #if !os(Linux)
                var one: Int32 = 1
                setsockopt(s, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
                #endif
                if connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 { fd = s; return }
                lastError = errno
                _ = posixClose(s)
            }
            throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))")
        }

        func close() {
            if fd >= 0 { _ = posixClose(fd); fd = -1 }
        }

        func write(_ text: String) throws {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes.withUnsafeBytes { raw in
                    // MSG_NOSIGNAL: a closed peer must raise EPIPE, not kill the process with SIGPIPE.
                    #if os(Linux)
                    posixSend(fd, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                    #else
                    posixSend(fd, raw.baseAddress! + sent, bytes.count - sent, 0)
                    #endif
                }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure(description: "send failed: \(String(cString: strerror(errno)))") }
                sent += n
            }
        }

        /// One reply, all its lines: "250-..." continues, "250 ..." (or a bare "250") ends it.
        func reply() throws -> [String] {
            var lines: [String] = []
            while true {
                let line = try readLine()
                lines.append(line)
                let chars = Array(line)
                guard chars.count >= 3, chars[0...2].allSatisfy(\.isNumber) else {
                    throw Failure(description: "malformed reply: \(line)")
                }
                if chars.count == 3 || chars[3] != "-" { return lines }
            }
        }

        /// Reads a reply and checks its code; the server's last line is the error message otherwise.
        @discardableResult
        func expect(_ codes: Int...) throws -> [String] {
            let lines = try reply()
            let last = lines.last ?? ""
            guard let code = Int(last.prefix(3)), codes.contains(code) else { throw Failure(description: last) }
            return lines
        }

        private func readLine() throws -> String {
            while true {
                if let i = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = Array(buffer[..<i])
                    buffer.removeSubrange(...i)
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                // A reply line is at most 512 octets (RFC 5321 §4.5.3.1.5); refuse an endless stream.
                guard buffer.count < 64 * 1024 else { throw Failure(description: "reply line too long") }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 4096, 0) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    throw Failure(description: "no reply within \(SMTP.timeoutSeconds) s")
                }
                guard n > 0 else { throw Failure(description: n == 0 ? "connection closed by server" : "recv failed: \(String(cString: strerror(errno)))") }
                buffer.append(contentsOf: chunk[..<n])
            }
        }
    }
}

// `close` and `send` are shadowed by the methods above; these name the C functions.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
private func posixSend(_ fd: Int32, _ buf: UnsafeRawPointer, _ len: Int, _ flags: Int32) -> Int { send(fd, buf, len, flags) }

/// E-mails each person one digest of their unread notifications.
struct DigestService {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    private struct Recipient: Decodable {
        let id: UUID, displayName: String, email: String, lang: String
        enum CodingKeys: String, CodingKey { case id, displayName = "display_name", email, lang }
    }

    private struct Pending: Decodable {  // column names already match
        let id: UUID, kind: String, actor: String, subject: String, link: String
    }

    static let maxUsers = 1_000
    static let maxLines = 50

    /// Unread, never e-mailed, and not switched off for e-mail by the person's preferences (no row: allowed).
    private static var pending: SQLQueryString { """
        n.read_at IS NULL AND n.emailed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM notification_prefs p WHERE p.user_id = n.user_id AND p.kind = n.kind AND p.email = \(bind: false))
        """ }

    /// One run of the background work. For every user with unread notifications not yet e-mailed, whose preferences allow
    /// e-mail for that kind, sends one message listing them (at most 50, newest first, then "… and N more"), then sets
    /// emailed_at on exactly those rows. Returns the number of messages sent; 0 without a usable ENJEU_SMTP_URL. One person's
    /// failure is logged and the others continue; their rows stay un-emailed for the next run.
    func sendDue() async throws -> Int {
        guard let raw = context.config.smtpURL, let settings = SMTPSettings(url: raw) else { return 0 }
        let db = context.db
        let now = context.now
        let recipients = try await db.rows("""
            SELECT u.id, u.display_name, u.email, u.lang FROM users u
            WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND \(Self.pending))
            ORDER BY u.id LIMIT \(literal: Self.maxUsers)
            """, as: Recipient.self)
        var sent = 0
        for r in recipients {
            do {
                // The rows are claimed before sending, in one statement: another instance's digest running at the same
                // time finds them taken, so nobody gets the same lines twice. Newest first (ids are time-ordered).
                let rows = try await context.write { db in
                    try await db.rows("""
                        UPDATE notifications AS n SET emailed_at = \(bind: now) WHERE n.user_id = \(bind: r.id) AND \(Self.pending)
                        RETURNING id, kind, actor, subject, link
                        """, as: Pending.self)
                }.sorted { $0.id.uuidString > $1.id.uuidString }
                guard !rows.isEmpty else { continue }
                let mail = DigestMail(name: r.displayName, lines: rows.map { .init(kind: $0.kind, actor: $0.actor, subject: $0.subject, link: $0.link) })
                let (subject, body) = SocialViews.digestMail(mail, Lang(rawValue: r.lang) ?? .fr, maxLines: Self.maxLines)
                do {
                    try await SMTP.send(settings, to: r.email, subject: subject, body: body)
                } catch {
                    // Released for the next run.
                    for start in stride(from: 0, to: rows.count, by: 500) {
                        let ids = rows[start..<min(start + 500, rows.count)].map(\.id)
                        try? await context.write { db in try await sql(db).raw("UPDATE notifications SET emailed_at = NULL WHERE id IN (\(binds: ids))").run() }
                    }
                    throw error
                }
                sent += 1
            } catch {
                context.logger.warning("notification digest failed", metadata: ["user": "\(r.id)", "error": "\(error)"])
            }
        }
        return sent
    }
}
