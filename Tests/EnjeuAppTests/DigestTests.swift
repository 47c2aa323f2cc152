import Foundation
import Testing
@testable import EnjeuApp
import EnjeuWeb
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

@Suite struct DigestTests {
    @Test func parsesSMTPURLs() {
        let full = SMTPSettings(url: "smtp://ana:secret@mail.example.org:2525?from=enjeu@example.org")
        #expect(full == SMTPSettings(url: "smtp://ana:secret@mail.example.org:2525?from=enjeu%40example.org"))
        #expect(full?.host == "mail.example.org")
        #expect(full?.port == 2525)
        #expect(full?.user == "ana")
        #expect(full?.password == "secret")
        #expect(full?.from == "enjeu@example.org")

        let plain = SMTPSettings(url: "smtp://localhost")
        #expect(plain?.host == "localhost")
        #expect(plain?.port == 25)
        #expect(plain?.user == nil)
        #expect(plain?.password == nil)
        #expect(plain?.from == "enjeu@localhost")

        for bad in ["http://mail.example.org", "smtp://", "smtp:///?from=a@b.org", "smtp://h:0", "smtp://h:70000",
                    "smtp://h?from=nobody", "not a url", ""] {
            #expect(SMTPSettings(url: bad) == nil, "\(bad)")
        }
    }

    @Test func sendsAMessage() async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        let settings = try #require(SMTPSettings(url: "smtp://ana:secret@127.0.0.1:\(server.port)?from=enjeu@example.org"))
        let subject = "Enjeu : 2 notifications non lues"
        try await SMTP.send(settings, to: "ana@example.org", subject: subject, body: "Bonjour Ana,\n.hidden\nfin")
        let t = server.transcript
        #expect(t.contains("EHLO enjeu\r\n"))
        #expect(t.contains("AUTH PLAIN AGFuYQBzZWNyZXQ=\r\n"))  // base64("\0ana\0secret")
        #expect(t.contains("MAIL FROM:<enjeu@example.org>"))
        #expect(t.contains("RCPT TO:<ana@example.org>\r\n"))
        #expect(t.contains("Subject: =?utf-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\n"))
        #expect(t.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(t.contains("\r\nBonjour Ana,\r\n..hidden\r\nfin\r\n.\r\n"))
        #expect(t.hasSuffix("QUIT\r\n"))
    }

    @Test func refusedRecipientThrows() async throws {
        let server = try FakeSMTPServer(rcptReply: "550 5.1.1 no such user\r\n")
        defer { server.stop() }
        let settings = try #require(SMTPSettings(url: "smtp://127.0.0.1:\(server.port)?from=enjeu@example.org"))
        await #expect(throws: SMTP.Failure.self) {
            try await SMTP.send(settings, to: "nobody@example.org", subject: "x", body: "y")
        }
        #expect(!server.transcript.contains("AUTH"))  // no user in the URL: no AUTH
        #expect(!server.transcript.contains("DATA"))
    }
}

/// The digest job on a real database: one message per person with unread notifications, each line once.
@Suite struct DigestJobTests {
    @Test(arguments: TestDatabase.all)
    func digestSendsUnreadOnceAndNothingWithoutSMTP(_ db: TestDatabase) async throws {
        let server = try FakeSMTPServer()
        defer { server.stop() }
        try await withEnjeu(db, tweak: { $0.smtpURL = "smtp://127.0.0.1:\(server.port)?from=enjeu@example.org" }) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "dig")
            #expect(try await cast.member.post("/api/v1/communities/\(cast.slug)/posts", ["body": "Bonjour @dig_steward"]).status == .created)
            // The steward has a join request and a mention, unread: one message with both lines.
            #expect(try await DigestService(app.context()).sendDue() == 1)
            let t = server.transcript
            #expect(t.contains("RCPT TO:<dig_steward@example.org>"))
            #expect(t.contains("dig_member") && t.contains("dig_pending"))
            // Already e-mailed: the next run sends nothing (and, with the server gone, fails on nobody).
            #expect(try await DigestService(app.context()).sendDue() == 0)
        }
        // Without ENJEU_SMTP_URL nothing is sent and nothing fails.
        try await withEnjeu(db) { app in
            _ = try await Cast.make(app, visibility: "members", prefix: "nod")
            #expect(try await DigestService(app.context()).sendDue() == 0)
        }
    }
}

/// A one-connection SMTP server on 127.0.0.1 with an ephemeral port, answering on a background thread.
private final class FakeSMTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let rcptReply: String
    private let lock = NSLock()
    private var received = ""
    private var closed = false  // the listener is closed (its number may be reused): stop() must not touch it

    var transcript: String { lock.withLock { received } }

    init(rcptReply: String = "250 ok\r\n") throws {
        self.rcptReply = rcptReply
        let listener = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0  // the kernel picks a free port; getsockname tells which
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(listener, sa, len) == 0 && listen(listener, 1) == 0 && getsockname(listener, sa, &len) == 0
            }
        }
        guard listener >= 0, ok else { _ = close(listener); throw SMTP.Failure(description: "fake server: \(String(cString: strerror(errno)))") }
        self.listener = listener
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in serve() }.start()
    }

    /// Ends a wait for the connection: the test says when it is done, however long the suite made it wait (a timeout
    /// on accept once expired while the digest test waited its turn in a loaded run, and the digest found no server).
    func stop() {
        lock.withLock { if !closed { _ = shutdown(listener, Int32(SHUT_RDWR)) } }
    }

    private func serve() {
        defer { lock.withLock { closed = true; _ = close(listener) } }
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var pending = ""  // bytes read but not yet answered
        func reply(_ s: String) { _ = s.withCString { write(fd, $0, strlen($0)) } }
        func read(until end: String) -> String? {
            while true {
                if let r = pending.range(of: end) {
                    let chunk = String(pending[..<r.upperBound])
                    pending.removeSubrange(..<r.upperBound)
                    return chunk
                }
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 4096, 0) }
                guard n > 0 else { return nil }
                let text = String(decoding: buf[..<n], as: UTF8.self)
                lock.withLock { received += text }
                pending += text
            }
        }
        reply("220 fake ESMTP\r\n")
        while let line = read(until: "\r\n") {
            switch String(line.prefix(4)).uppercased() {
            case "EHLO": reply("250-enjeu\r\n250 AUTH PLAIN\r\n")
            case "AUTH": reply("235 ok\r\n")
            case "MAIL": reply("250 ok\r\n")
            case "RCPT": reply(rcptReply)
            case "DATA":
                reply("354 go on\r\n")
                guard read(until: "\r\n.\r\n") != nil else { return }
                reply("250 queued\r\n")
            case "QUIT": reply("221 bye\r\n"); return
            default: reply("500 what?\r\n")
            }
        }
    }
}

#if os(Linux)
private let SOCK_STREAM_VALUE = SOCK_STREAM.rawValue
#else
private let SOCK_STREAM_VALUE = SOCK_STREAM
#endif
