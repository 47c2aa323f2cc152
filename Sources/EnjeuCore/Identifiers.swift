import Foundation

/// Time-ordered UUIDs (RFC 9562 version 7): rows created later sort after earlier ones, byte-wise,
/// in SQLite and PostgreSQL alike, so keyset pages over recent items need only the primary key.
public struct IDGenerator: Sendable {
    private let now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date = Date.init) { self.now = now }

    public func next() -> UUID {
        let ms = UInt64(max(0, now().timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(i))) }
        var rng = SystemRandomNumberGenerator()
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// An opaque keyset cursor: the sort key of the last item of a page and its id.
public struct Cursor: Sendable, Equatable {
    public let key: String
    public let id: UUID

    public init(key: String, id: UUID) {
        self.key = key
        self.id = id
    }

    public var encoded: String {
        // base64url without padding, mapped byte by byte (Foundation's string replacing is slow on Linux).
        let raw = Data((key + "\u{1F}" + id.uuidString).utf8).base64EncodedData()
        return String(decoding: raw.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }, as: UTF8.self)
    }

    /// nil for anything that is not a cursor this type produced.
    public init?(encoded: String) {
        guard encoded.utf8.count <= 512 else { return nil }
        var b64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.utf8.count % 4 != 0 { b64 += "=" }
        // Strictly valid UTF-8: bytes that are not are refused, never repaired into some other key.
        guard let data = Data(base64Encoded: b64), let text = String(validating: data, as: UTF8.self) else { return nil }
        let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        // A key never holds control characters (PostgreSQL refuses U+0000 outright).
        guard parts.count == 2, let id = UUID(uuidString: String(parts[1])),
              !parts[0].unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        self.key = String(parts[0])
        self.id = id
    }
}

/// A UUID's 36-character text (`8-4-4-4-12` hex digits, either case), read without Foundation: on Linux
/// `UUID(uuidString:)` goes through `sscanf`, which dominated reading a million ids from SQLite (which stores them as text).
public enum UUIDText {
    public static func parse(_ text: String) -> UUID? { parse(utf8: text.utf8) }

    /// The same from the UTF-8 bytes of a longer text (a slice of it), without making a string of them first.
    /// Inlinable, so that a caller's loop over a million of them gets code made for its own sequence type (relearning
    /// reads every value of a programme as `user value` text): called through the generic interface, each byte cost a
    /// runtime lookup.
    @inlinable
    public static func parse(utf8 text: some Sequence<UInt8>) -> UUID? {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var position = 0, count = 0
        let wellFormed = withUnsafeMutableBytes(of: &uuid) { out -> Bool in
            var high: UInt8?
            for c in text {
                defer { position += 1 }
                guard position < 36 else { return false }
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard c == UInt8(ascii: "-") else { return false }
                    continue
                }
                let nibble: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c - UInt8(ascii: "A") + 10
                default: return false
                }
                if let h = high { out[count] = h << 4 | nibble; count += 1; high = nil } else { high = nibble }
            }
            return true
        }
        guard wellFormed, position == 36, count == 16 else { return nil }
        return UUID(uuid: uuid)
    }
}
