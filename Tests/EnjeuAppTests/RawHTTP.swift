import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 client over a POSIX socket: it can hold a response open, drop the connection mid-stream as a closing
/// browser tab does, or send headers without their body. Its blocking reads run off the concurrency pool: on the few
/// cooperative threads of a 2-core machine they would starve the server under test until the socket timed out.
final class RawHTTP: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { Glibc.close(fd); throw Abort(.internalServerError, reason: "connect failed") }
    }

    /// Sends a GET and reads the status; a 200 is read up to the stream's opening comment, anything else whole.
    static func open(_ port: Int, _ path: String, _ credential: String) async throws -> (RawHTTP, Int, String) {
        let s = try RawHTTP(port: port)
        try s.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(credential)\r\nAccept: text/event-stream\r\n\r\n")
        let head = try await s.read(until: "\r\n\r\n")
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        if status == 200 { return (s, status, try await s.read(until: ": open")) }
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        return (s, status, try await s.read(bytes: length))
    }

    func send(_ s: String) throws {
        let bytes = Array(s.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw Abort(.internalServerError, reason: "send failed") }
    }

    func read(until marker: String) async throws -> String {
        let m = Array(marker.utf8)
        return try await offPool { try self.fill { $0.firstRange(of: m)?.upperBound } }
    }

    func read(bytes n: Int) async throws -> String { try await offPool { try self.fill { $0.count >= n ? n : nil } } }

    func close() { Glibc.close(fd) }

    private func fill(_ end: ([UInt8]) -> Int?) throws -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end(buffer) == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw Abort(.internalServerError, reason: "stream ended early: \(String(decoding: buffer, as: UTF8.self))") }
            buffer += chunk[0..<n]
        }
        let cut = end(buffer)!
        defer { buffer.removeFirst(cut) }
        return String(decoding: buffer[..<cut], as: UTF8.self)
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in DispatchQueue.global().async { c.resume(with: Result { try work() }) } }
    }
}

/// Sending a large body while watching for an early answer, and telling a closed connection from an idle one.
extension RawHTTP {
    enum Sent { case sent, closed, stalled }

    /// Sends `bytes` whole, unless the peer closes the connection or takes nothing for `seconds`.
    func send(_ bytes: [UInt8], stallAfter seconds: Int = 5) async -> Sent {
        await (try? offPool { () -> Sent in
            bytes.withUnsafeBytes { raw -> Sent in
                var at = 0
                while at < raw.count {
                    var p = pollfd(fd: self.fd, events: Int16(POLLOUT), revents: 0)
                    guard poll(&p, 1, Int32(seconds * 1000)) > 0 else { return .stalled }
                    let n = Glibc.send(self.fd, raw.baseAddress! + at, raw.count - at, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                    if n > 0 { at += n } else if errno != EAGAIN && errno != EWOULDBLOCK { return .closed }
                }
                return .sent
            }
        }) ?? .closed
    }

    /// Whether something (an answer, or the connection's end) has come in within `milliseconds`; nothing is consumed.
    func readable(within milliseconds: Int = 0) async -> Bool {
        await (try? offPool {
            var p = pollfd(fd: self.fd, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, Int32(milliseconds)) > 0
        }) ?? false
    }

    /// Whether the server closes the connection (an end of stream or a reset) within `seconds`, sending nothing more.
    func closed(within seconds: Int) async -> Bool {
        await (try? offPool { () -> Bool in
            var p = pollfd(fd: self.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(seconds * 1000)) > 0 else { return false }
            var byte: UInt8 = 0
            let n = recv(self.fd, &byte, 1, Int32(MSG_DONTWAIT))
            return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }) ?? false
    }
}
