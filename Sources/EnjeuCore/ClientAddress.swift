import Foundation

/// Which address a request really comes from when Enjeu runs behind reverse proxies.
///
/// `X-Forwarded-For` is honoured only when the socket peer is a proxy the operator trusts
/// (`ENJEU_TRUSTED_PROXIES`): anyone else could write any address there and pick their own rate-limit bucket.
/// The list is walked from the right (the nearest hop first), skipping trusted proxies; the first untrusted
/// address is the client. So a client's own forged entries, always on the left, are never reached.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [IPRange]

    public init(_ ranges: [IPRange] = []) { self.ranges = ranges }

    /// Parses a comma- or space-separated list of addresses and CIDR ranges (`127.0.0.1, 10.0.0.0/8, ::1`).
    /// Returns nil, with the faulty entry, when an entry is not an address or range.
    public static func parse(_ raw: String) -> Result<TrustedProxies, ParseError> {
        var ranges: [IPRange] = []
        for entry in raw.split(whereSeparator: { $0 == "," || $0 == " " }) where !entry.isEmpty {
            guard let r = IPRange(String(entry)) else { return .failure(ParseError(entry: String(entry))) }
            ranges.append(r)
        }
        return .success(TrustedProxies(ranges))
    }

    public struct ParseError: Error, Equatable { public let entry: String }

    public func trusts(_ address: String) -> Bool {
        guard let ip = IPAddress(address) else { return false }
        return ranges.contains { $0.contains(ip) }
    }

    /// The client's address: the peer itself unless it is trusted, else the nearest untrusted hop of `X-Forwarded-For`.
    /// Malformed entries stop the walk (what lies left of them cannot be trusted either) and the last good hop is used.
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard trusts(peer) else { return peer }
        var client = peer
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let ip = IPAddress(hop) else { break }
            client = ip.description
            if !trusts(hop) { break }
        }
        return client
    }
}

/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into `::ffff:0:0/96`), parsed without the C library.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let isV4: Bool

    public init?(_ raw: String) {
        var s = Substring(raw)
        // A hop may carry its port: `[2001:db8::1]:443`, `192.0.2.7:5678`.
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            s = s[s.index(after: s.startIndex)..<close]
        } else if s.contains("."), s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            s = s[..<colon]
        }
        if let percent = s.firstIndex(of: "%") { s = s[..<percent] }  // fe80::1%eth0
        if let v4 = Self.parseV4(s) {
            bytes = Array(repeating: 0, count: 10) + [0xff, 0xff] + v4
            isV4 = true
        } else if let v6 = Self.parseV6(s) {
            bytes = v6
            isV4 = v6[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]
        } else {
            return nil
        }
    }

    /// The unit a rate limit counts: one IPv4 address, or one IPv6 /64 (what a single subscriber is given, so rotating
    /// addresses inside it buys nothing).
    public var bucketKey: String {
        if isV4 { return description }
        return stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":") + "::/64"
    }

    public var description: String {
        if isV4 { return bytes[12...].map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    private static func parseV4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard (1...3).contains(p.count), p.allSatisfy(\.isASCII), p.allSatisfy(\.isNumber), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    private static func parseV6(_ s: Substring) -> [UInt8]? {
        guard s.contains(":"), s.count <= 45 else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var out: [UInt8] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if i == fields.count - 1, f.contains("."), let v4 = parseV4(f) { out += v4; continue }
                guard (1...4).contains(f.count), let v = UInt16(f, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xff)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// An address with a prefix length: `10.0.0.0/8`, `fd00::/8`, or a single address.
public struct IPRange: Sendable, Equatable {
    public let base: IPAddress
    /// Prefix length in bits over the 16-byte form.
    public let bits: Int

    public init?(_ raw: String) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let ip = IPAddress(String(parts[0])) else { return nil }
        let maxBits = ip.isV4 ? 32 : 128
        var prefix = maxBits
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...maxBits).contains(p) else { return nil }
            prefix = p
        }
        base = ip
        bits = prefix + (ip.isV4 ? 96 : 0)
    }

    public func contains(_ ip: IPAddress) -> Bool {
        for i in 0..<16 {
            let remaining = bits - i * 8
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xff : UInt8(0xff) << (8 - remaining)
            if ip.bytes[i] & mask != base.bytes[i] & mask { return false }
        }
        return true
    }
}
