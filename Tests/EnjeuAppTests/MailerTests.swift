import Fluent
import Foundation
import Testing
import Vapor
@testable import EnjeuApp
import EnjeuWeb
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The mailer against a real SMTP server: Python's aiosmtpd (from the repository's `.venv`, which `.ci/run` fills from
/// e2e/requirements.txt) with a self-signed certificate made by openssl, once with STARTTLS and once with implicit TLS.
@Suite struct MailerTests {
    @Test func parsesTheSMTPURL() throws {
        let tls = try #require(SMTPSettings(url: "smtps://ana:s%40cret@mail.example.org?from=enjeu@example.org&site=https://enjeu.example.org/"))
        #expect(tls.security == .implicit && tls.port == 465 && tls.password == "s@cret" && tls.site == "https://enjeu.example.org")
        #expect(tls.link("/verify/abc") == "https://enjeu.example.org/verify/abc")
        let plain = try #require(SMTPSettings(url: "smtp://relay.example.org:587"))
        #expect(plain.security == .opportunistic && plain.port == 587 && plain.caFile == nil && plain.link("/x") == "/x")
        #expect(SMTPSettings(url: "smtp://h?tls=starttls")?.security == .startTLS)
        #expect(SMTPSettings(url: "smtp://h?tls=none")?.security == SMTPSettings.Security.none)
        for bad in ["smtps://h?tls=none", "smtp://h?tls=implicit", "smtp://h?tls=yes", "smtp://h?tsl=none", "smtp://h?ca=/no/such/file.pem",
                    "smtp://h?site=enjeu.example.org", "smtp://h?site=https://e.org/?x=1", "smtp://h?from=a%0Ab@c.org"] {
            #expect(SMTPSettings(url: bad) == nil, "\(bad)")
        }
        if case let .failure(f) = SMTPSettings.parse("smtp://h?tls=maybe") { #expect(f.description.contains("tls must be auto, starttls or none")) }
        // The password goes in clear only to this machine.
        #expect(SMTPSettings(url: "smtp://127.0.0.1")?.isLoopback == true && SMTPSettings(url: "smtp://[::1]")?.isLoopback == true)
        #expect(SMTPSettings(url: "smtp://127.evil.example")?.isLoopback == false && SMTPSettings(url: "smtp://10.0.0.1")?.isLoopback == false)
    }

    /// smtp:// upgrades with STARTTLS, smtps:// speaks TLS from the first byte; either way an untrusted certificate stops
    /// everything before a byte of the message (or the password) is sent.
    @Test(.enabled(if: SMTPTestServer.available, SMTPTestServer.skipReason), arguments: [SMTPTestServer.Mode.starttls, .implicit])
    func sendsOverTLSAndRefusesAnUntrustedCertificate(_ mode: SMTPTestServer.Mode) async throws {
        let server = try await SMTPTestServer.start(mode)
        defer { server.stop() }
        let base = "\(mode == .implicit ? "smtps" : "smtp")://ana:secret@localhost:\(server.port)?from=enjeu@example.org"
        await #expect(throws: (any Error).self) {
            try await SMTP.send(try #require(SMTPSettings(url: base)), to: "bob@example.org", subject: "x", body: "y")
        }
        #expect(server.messages().isEmpty)
        let settings = try #require(SMTPSettings(url: base + "&ca=" + server.caFile))
        try await SMTP.send(settings, to: "bob@example.org", subject: "Réinitialisation", body: "Le lien : https://enjeu.test/password-reset/abc\n.fin")
        let mail = try #require(server.messages().first)
        #expect(mail.contains("RCPT bob@example.org") && mail.contains("FROM enjeu@example.org") && mail.contains("AUTH ana"))
        #expect(mail.contains("TLS yes") && mail.contains("Subject: =?utf-8?B?"))
        #expect(mail.contains("Le lien : https://enjeu.test/password-reset/abc") && mail.contains("\n.fin"))
    }

    @Test(.enabled(if: SMTPTestServer.available, SMTPTestServer.skipReason))
    func tlsRequiredStopsBeforeAnythingIsSentToAServerWithoutSTARTTLS() async throws {
        let server = try await SMTPTestServer.start(.plain)
        defer { server.stop() }
        let required = try #require(SMTPSettings(url: "smtp://localhost:\(server.port)?from=enjeu@example.org&tls=starttls"))
        await #expect(throws: SMTP.Failure.self) { try await SMTP.send(required, to: "bob@example.org", subject: "x", body: "y") }
        #expect(server.messages().isEmpty)
        // By default (tls=auto) a server that offers no STARTTLS gets the message in clear, as a local relay would.
        let auto = try #require(SMTPSettings(url: "smtp://localhost:\(server.port)?from=enjeu@example.org"))
        try await SMTP.send(auto, to: "bob@example.org", subject: "x", body: "en clair")
        #expect(server.messages().first?.contains("TLS no") == true)
    }

    /// The whole way: sign-up queues the verification e-mail, the job sends it over STARTTLS, the link in it verifies.
    @Test(.enabled(if: SMTPTestServer.available, SMTPTestServer.skipReason), arguments: TestDatabase.all)
    func theSignUpEmailArrivesWithAWorkingLink(_ db: TestDatabase) async throws {
        let server = try await SMTPTestServer.start(.starttls)
        defer { server.stop() }
        let url = "smtp://ana:secret@localhost:\(server.port)?from=enjeu@example.org&ca=\(server.caFile)&site=https://enjeu.test"
        try await withEnjeu(db, tweak: { $0.smtpURL = url }) { app in
            let api = APIClient(app: app)
            let created = try await api.post("/api/v1/accounts", ["handle": "ines", "displayName": "Inès", "email": "ines@example.org",
                                                                   "password": "correct horse battery"])
            #expect(try created.json()["emailVerified"] as? Bool == false)
            #expect(try await RecoveryTestSupport.runQueuedJobs(app) == 1)
            let mail = try #require(server.messages().first)
            #expect(mail.contains("RCPT ines@example.org") && mail.contains("Bonjour Inès"))
            let token = try #require(RecoveryTestSupport.token(in: mail, after: "https://enjeu.test/verify/"))
            #expect(try await api.post("/api/v1/accounts/verify", ["token": token]).status == .ok)
            #expect(try await User.query(on: app.db).filter(\.$handle == "ines").first()?.emailVerifiedAt != nil)
        }
    }
}

/// An aiosmtpd server in a child process, with its own self-signed certificate (CN and SAN localhost, 127.0.0.1).
/// Each received message is written to a file with the envelope and what the session was: `FROM`, `RCPT`, `AUTH`, `TLS`.
struct SMTPTestServer: @unchecked Sendable {
    enum Mode: String { case starttls, implicit, plain }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python").path
    static let skipReason: Comment = "needs .venv/bin/python with aiosmtpd (.venv/bin/pip install -r e2e/requirements.txt) and openssl"

    /// aiosmtpd installed in the venv (looked up on disk: the check runs while tests are being listed).
    static let available: Bool = {
        let lib = root.appendingPathComponent(".venv/lib").path
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
        return FileManager.default.isExecutableFile(atPath: python) && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
            && versions.contains { FileManager.default.fileExists(atPath: "\(lib)/\($0)/site-packages/aiosmtpd") }
    }()

    let port: Int
    private let dir: URL
    private let process: Process
    /// The server's standard input: it stops when this closes, so it never outlives the tests, however they end.
    private let lifeline: Pipe

    /// The certificate the server presents, to trust with `ca=`.
    var caFile: String { dir.appendingPathComponent("cert.pem").path }

    static func start(_ mode: Mode) async throws -> SMTPTestServer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("enjeu-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mail"), withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                             "-keyout", dir.appendingPathComponent("key.pem").path, "-out", dir.appendingPathComponent("cert.pem").path]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        let status = try await finished(openssl)
        guard status == 0 else { throw SMTP.Failure(description: "openssl failed (\(status))") }
        let script = dir.appendingPathComponent("server.py")
        try serverScript.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, mode.rawValue, dir.path]
        let (out, lifeline) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script prints its port once it listens; the read blocks, so not on the tests' few threads.
        let line = await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
            DispatchQueue.global().async { done.resume(returning: String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)) }
        }
        let server = SMTPTestServer(port: Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, dir: dir, process: process, lifeline: lifeline)
        guard server.port > 0 else {
            server.stop()
            throw SMTP.Failure(description: "aiosmtpd did not start: \(line)")
        }
        return server
    }

    /// The messages received so far, oldest first, each with its envelope lines before it.
    func messages() -> [String] {
        let mail = dir.appendingPathComponent("mail")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: mail.path)) ?? []).sorted()
        return names.compactMap { try? String(contentsOf: mail.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Without waiting: a child started from a dispatch thread inherits its blocked signals, and waiting would hold one
    /// of the few threads the tests run on.
    func stop() {
        try? lifeline.fileHandleForWriting.close()
        kill(process.processIdentifier, SIGKILL)
        try? FileManager.default.removeItem(at: dir)
    }

    /// The exit status, awaited without blocking a thread.
    private static func finished(_ process: Process) async throws -> Int32 {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { done.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { done.resume(throwing: error) }
        }
    }

    private static let serverScript = #"""
    import os, socket, ssl, sys, time
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    mode, root = sys.argv[1], sys.argv[2]
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(os.path.join(root, "cert.pem"), os.path.join(root, "key.pem"))

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            who = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "-"
            secure = "yes" if server.transport.get_extra_info("ssl_object") is not None else "no"
            head = f"FROM {envelope.mail_from}\nRCPT {' '.join(envelope.rcpt_tos)}\nAUTH {who}\nTLS {secure}\n\n"
            name = os.path.join(root, "mail", f"{time.time_ns()}.eml")
            with open(name + ".part", "w") as f:
                f.write(head + envelope.content.decode("utf-8").replace("\r\n", "\n"))
            os.rename(name + ".part", name)
            return "250 kept"

    def check(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == b"ana" and data.password == b"secret"
        return AuthResult(success=ok, auth_data=data)

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    # aiosmtpd counts only STARTTLS as TLS for AUTH; an implicit-TLS connection is TLS from its first byte.
    options = dict(authenticator=check, auth_require_tls=mode == "starttls")
    if mode == "implicit":
        controller = Controller(Keep(), hostname="127.0.0.1", port=port, ssl_context=tls, **options)
    elif mode == "starttls":
        controller = Controller(Keep(), hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True, **options)
    else:
        controller = Controller(Keep(), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()  # until the test closes it, or ends
    controller.stop()
    """#
}
