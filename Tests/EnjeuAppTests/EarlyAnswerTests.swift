import Foundation
import Testing
import Vapor
import VaporTesting
#if canImport(Glibc)
import Glibc
#endif
@testable import EnjeuApp
import EnjeuWeb

/// Bodies answered before they are read whole, over a real socket: the answer comes at once, without the rest of the
/// body, and the connection is closed after it, so a client cannot keep it busy by sending on.
@Suite struct EarlyAnswerTests {
    private static func chunk(_ text: String) -> String { String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n" }

    private static func importHead(_ slug: String, token: String?) -> String {
        "POST /api/v1/communities/\(slug)/flows/import HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "")
            + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
    }

    /// The answer's head and body (by its `Content-Length`).
    private static func answer(_ http: RawHTTP) async throws -> (head: String, body: String) {
        let head = try await http.read(until: "\r\n\r\n")
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        return (head, try await http.read(bytes: length))
    }

    /// Without a token (public community: 401), with a forged one (401), or as an outsider of a members-only community
    /// (404), an import whose chunked body has only begun, and never ends, is answered at once; then the connection closes.
    @Test(arguments: TestDatabase.all)
    func theGateAnswersAnUnfinishedImportAtOnceAndCloses(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let open = try await Cast.make(app, visibility: "public", prefix: "eao")
            let closed = try await Cast.make(app, visibility: "members", prefix: "eam")
            try await servingOnLoopback(app) { port in
                for (slug, token, status) in [(open.slug, nil, 401), (open.slug, "forged", 401), (closed.slug, closed.outsider.token, 404)] {
                    let http = try RawHTTP(port: port)
                    defer { http.close() }
                    try http.send(Self.importHead(slug, token: token) + Self.chunk("from,to,nature,measure,date\n"))
                    let clock = ContinuousClock(), start = clock.now
                    let (head, _) = try await Self.answer(http)
                    #expect(clock.now - start < .seconds(20), "answered without waiting for the body (which never ends)")
                    #expect(head.hasPrefix("HTTP/1.1 \(status)"), "\(head)")
                    #expect(head.lowercased().contains("connection: close"), "\(head)")
                    #expect(await http.closed(within: 10), "the connection is closed, not kept reading the body")
                }
            }
        }
    }

    /// A member's chunked import (no `Content-Length`) that goes on past 32 MiB is cut at the limit: the 413 naming it
    /// arrives while the client is still sending, long before 160 MiB, and the connection closes. The body is sent in
    /// 1 MiB chunks of faulty rows (the server keeps no flow of them), each under every other limit.
    @Test(arguments: TestDatabase.all)
    func anOversizedStreamedImportIsCutAtItsLimit(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "eal")
            try await servingOnLoopback(app) { port in
                let http = try RawHTTP(port: port)
                defer { http.close() }
                // Parsing 32 MiB in a debug build, on two cores shared with the rest of the suite, may pause for seconds.
                var patience = timeval(tv_sec: 60, tv_usec: 0)
                setsockopt(http.fd, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
                let row = "@eal_member,outside:Atelier,bogus,qualitative,2026-05-01," + String(repeating: "n", count: 8_000) + "\n"
                let chunk = Array(Self.chunk(String(repeating: row, count: 128)).utf8)
                try http.send(Self.importHead(cast.slug, token: cast.member.token) + Self.chunk("from,to,nature,measure,date,note\n"))
                var sent = 0, outcome = RawHTTP.Sent.sent
                while sent < 160 << 20, outcome == .sent, !(await http.readable()) {
                    outcome = await http.send(chunk, stallAfter: 60)
                    sent += chunk.count
                }
                #expect(outcome != .stalled, "the server stopped reading without answering")
                // 32 MiB read, plus what the kernel's socket buffers hold (up to 32 MB here) and what a loaded machine
                // lets through before the parser catches up: well short of the whole body.
                #expect(sent < 128 << 20, "answered after \(sent >> 20) MiB were sent")
                let (head, body) = try await Self.answer(http)
                #expect(head.hasPrefix("HTTP/1.1 413"), "\(head)")
                #expect(body.contains("32 Mio"), "\(body)")
                #expect(await http.closed(within: 10), "the connection is closed, not kept reading the body")
            }
            #expect(try await cast.member.get("/api/v1/communities/\(cast.slug)/flows").items().isEmpty)
        }
    }

    /// A declared length over the limit: 413 and the connection closed (its body would be dropped for as long as it
    /// comes). A small body read whole keeps the connection open for the next request.
    @Test func aDeclaredLengthOverTheLimitClosesTheConnection() async throws {
        try await withEnjeu(.sqlite) { app in
            try await servingOnLoopback(app) { port in
                let big = try RawHTTP(port: port)
                defer { big.close() }
                try big.send("POST /api/v1/communities HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             + "Content-Length: 2000000\r\n\r\n{\"slug\":")
                let (head, _) = try await Self.answer(big)
                #expect(head.hasPrefix("HTTP/1.1 413"), "\(head)")
                #expect(await big.closed(within: 10))

                let small = try RawHTTP(port: port)
                defer { small.close() }
                try small.send("POST /api/v1/communities HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer forged\r\n"
                               + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                let (smallHead, _) = try await Self.answer(small)
                #expect(smallHead.hasPrefix("HTTP/1.1 401"), "\(smallHead)")
                #expect(!(await small.closed(within: 1)), "kept alive")
            }
        }
    }
}
