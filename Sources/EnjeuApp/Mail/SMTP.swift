import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The one SMTP client: SwiftNIO with NIOSSL, implicit TLS (smtps://) or STARTTLS (smtp://), as `SMTPSettings` says.
/// One message per connection: digests and account e-mails are few, and a connection left open is one more thing to fail.
enum SMTP {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let connectTimeout = TimeAmount.seconds(10)
    /// How long a reply may take: the server's answer to the message itself may come after its own checks.
    static let replyTimeout = TimeAmount.seconds(30)

    /// Sends one plain-text UTF-8 message.
    static func send(_ settings: SMTPSettings, to: String, subject: String, body: String) async throws {
        // A recipient with a line break or brackets could smuggle SMTP commands.
        guard SMTPSettings.isPlainAddress(to) else { throw Failure(description: "invalid recipient address") }
        let message = compose(from: settings.from, to: to, subject: subject, body: body, date: Date())
        let session = try await SMTPSession.open(settings)
        do {
            try await session.deliver(to: to, message: message)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
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
}

/// One conversation with the server: commands written on the channel, replies read from `SMTPReplyReader`'s stream.
/// Used by one task from start to end.
private final class SMTPSession {
    private let settings: SMTPSettings
    private let channel: any Channel
    private var replies: AsyncThrowingStream<String, any Error>.AsyncIterator
    private var secure: Bool

    private init(_ settings: SMTPSettings, _ channel: any Channel, _ replies: AsyncThrowingStream<String, any Error>, secure: Bool) {
        self.settings = settings
        self.channel = channel
        self.replies = replies.makeAsyncIterator()
        self.secure = secure
    }

    static func open(_ settings: SMTPSettings) async throws -> SMTPSession {
        let (lines, sink) = AsyncThrowingStream<String, any Error>.makeStream()
        let tls = settings.security == .implicit ? try tlsContext(settings) : nil
        let serverName = sniName(settings.host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(SMTP.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try pipeline.addHandler(IdleStateHandler(readTimeout: SMTP.replyTimeout))
                    try pipeline.addHandler(SMTPReplyReader(sink))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTP.Failure(description: "cannot connect to \(settings.host):\(settings.port): \(error)")
        }
        return SMTPSession(settings, channel, lines, secure: tls != nil)
    }

    func deliver(to: String, message: String) async throws {
        try await expect(220)
        var capabilities = try await hello()
        let offersTLS = capabilities.contains("STARTTLS")
        if !secure && (settings.security == .startTLS || (settings.security == .opportunistic && offersTLS)) {
            guard offersTLS else { throw SMTP.Failure(description: "\(settings.host) does not offer STARTTLS (tls=starttls)") }
            try await command("STARTTLS", expect: 220)
            try await startTLS()
            capabilities = try await hello()  // RFC 3207 §4.2: what was said before TLS is forgotten
        }
        if let user = settings.user { try await authenticate(user, capabilities) }
        // Declare the 8-bit body when the server says it can carry one (RFC 6152).
        let eightBit = capabilities.contains("8BITMIME")
        try await command("MAIL FROM:<\(settings.from)>\(eightBit ? " BODY=8BITMIME" : "")", expect: 250)
        try await command("RCPT TO:<\(to)>", expect: 250, 251)
        try await command("DATA", expect: 354)
        try await command(message + "\r\n.", expect: 250)
        try await write("QUIT")
        // The message is accepted: a server that hangs up without 221 changes nothing.
        _ = try? await reply()
    }

    func close() async {
        try? await channel.close().get()
    }

    /// EHLO, and the keywords of the server's extensions in upper case (`AUTH PLAIN LOGIN` gives AUTH, PLAIN, LOGIN).
    private func hello() async throws -> Set<String> {
        let lines = try await command("EHLO enjeu", expect: 250)
        return Set(lines.dropFirst().flatMap { $0.dropFirst(4).uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init) })
    }

    private func authenticate(_ user: String, _ capabilities: Set<String>) async throws {
        guard secure || settings.isLoopback else {
            throw SMTP.Failure(description: "refusing to send the password to \(settings.host) without TLS (use smtps:// or a server offering STARTTLS)")
        }
        let password = settings.password ?? ""
        func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        if capabilities.contains("LOGIN") && !capabilities.contains("PLAIN") {
            try await command("AUTH LOGIN", expect: 334)
            try await command(base64(user), expect: 334)
            try await command(base64(password), expect: 235)
        } else {
            try await command("AUTH PLAIN " + base64("\0\(user)\0\(password)"), expect: 235)
        }
    }

    /// Puts TLS under the conversation: the handler goes first in the pipeline and starts the handshake at once;
    /// a certificate that does not verify fails the next reply.
    private func startTLS() async throws {
        let context = try Self.tlsContext(settings)
        let serverName = Self.sniName(settings.host)
        let channel = self.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
        secure = true
    }

    /// Certificates verified, host name included, against the system's authorities or the `ca` file's.
    private static func tlsContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let ca = settings.caFile { tls.trustRoots = .file(ca) }
        return try NIOSSLContext(configuration: tls)
    }

    /// The name sent in SNI and checked in the certificate; for an address literal NIOSSL checks the peer's address.
    private static func sniName(_ host: String) -> String? {
        host.contains(":") || host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) ? nil : host
    }

    @discardableResult
    private func command(_ line: String, expect codes: Int...) async throws -> [String] {
        try await write(line)
        let lines = try await reply()
        let last = lines.last ?? ""
        guard let code = Int(last.prefix(3)), codes.contains(code) else {
            // The server's words, except for the echo of a password it refused.
            throw SMTP.Failure(description: "\(settings.host) answered \(line.hasPrefix("AUTH") ? "AUTH" : String(line.prefix(20))): \(last)")
        }
        return lines
    }

    private func expect(_ code: Int) async throws {
        let last = try await reply().last ?? ""
        guard last.hasPrefix(String(code)) else { throw SMTP.Failure(description: "\(settings.host) greeted with: \(last)") }
    }

    private func write(_ line: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n")).get()
    }

    /// One reply, all its lines: "250-..." continues, "250 ..." (or a bare "250") ends it.
    private func reply() async throws -> [String] {
        var lines: [String] = []
        while true {
            guard let line = try await replies.next() else { throw SMTP.Failure(description: "connection closed by \(settings.host)") }
            lines.append(line)
            let chars = Array(line.utf8)
            guard chars.count >= 3, chars[0...2].allSatisfy({ (48...57).contains($0) }) else {
                throw SMTP.Failure(description: "malformed reply: \(line.prefix(200))")
            }
            if chars.count == 3 || chars[3] != UInt8(ascii: "-") { return lines }
        }
    }
}

/// Splits what the server sends into lines (CRLF or LF) for `SMTPSession`, and ends the stream on an error, a silence
/// longer than `SMTP.replyTimeout`, or the connection's end.
private final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// A reply line is at most 512 octets (RFC 5321 §4.5.3.1.5); an endless one is refused.
    static let maxPending = 64 * 1024

    private let sink: AsyncThrowingStream<String, any Error>.Continuation
    private var pending = ByteBuffer()

    init(_ sink: AsyncThrowingStream<String, any Error>.Continuation) { self.sink = sink }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        pending.writeBuffer(&chunk)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending.readString(length: newline - pending.readerIndex + 1) ?? ""
            while line.last?.isNewline == true { line.removeLast() }  // "\r\n" is one Character
            sink.yield(line)
        }
        pending.discardReadBytes()
        if pending.readableBytes > Self.maxPending { fail(context, SMTP.Failure(description: "reply line too long")) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            fail(context, SMTP.Failure(description: "no reply within \(SMTP.replyTimeout.nanoseconds / 1_000_000_000) s"))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, error is NIOSSLError ? SMTP.Failure(description: "TLS: \(error)") : error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        sink.finish()
        context.fireChannelInactive()
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        sink.finish(throwing: error)
        context.close(promise: nil)
    }
}
