import Foundation

/// RFC 8785 (JCS): the one byte string a JSON value signs as, whoever serialised it. Object members sorted by their
/// keys' UTF-16 code units, no whitespace, strings escaped minimally (only `"`, `\` and control characters), numbers
/// as ECMAScript writes them. Foundation's `.sortedKeys` is none of this (it sorts numerically, case-insensitively),
/// hence this writer. Values are what Swift builds or `JSONSerialization` reads: String, Bool, Int, Double, arrays,
/// `[String: Any]`, `NSNull`.
public enum CanonicalJSON {
    public struct Unsupported: Error, CustomStringConvertible { public let description: String }

    public static func string(_ value: Any) throws -> String {
        var out = ""
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) throws {
        // A number `JSONSerialization` read is an NSNumber, which also casts to Bool when it is 0 or 1: its own type
        // says which it was (`c` for a boolean).
        if let n = value as? NSNumber, type(of: value) is NSNumber.Type {
            switch String(cString: n.objCType) {
            case "c", "B": out += n.boolValue ? "true" : "false"
            case "f", "d": out += try number(n.doubleValue)
            default:
                guard let i = Int(exactly: n.int64Value), abs(i) <= 9_007_199_254_740_991 else {
                    throw Unsupported(description: "integer \(n) beyond 2^53")
                }
                out += String(i)
            }
            return
        }
        switch value {
        case let s as String: quote(s, into: &out)
        case is NSNull: out += "null"
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int:
            // Every JSON number is a double in JCS: beyond 2^53 an integer would not survive another implementation.
            guard abs(i) <= 9_007_199_254_740_991 else { throw Unsupported(description: "integer \(i) beyond 2^53") }
            out += String(i)
        case let d as Double: out += try number(d)
        case let list as [Any]:
            out += "["
            for (i, item) in list.enumerated() {
                if i > 0 { out += "," }
                try write(item, into: &out)
            }
            out += "]"
        case let object as [String: Any]:
            out += "{"
            for (i, key) in object.keys.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }).enumerated() {
                if i > 0 { out += "," }
                quote(key, into: &out)
                out += ":"
                try write(object[key]!, into: &out)
            }
            out += "}"
        default: throw Unsupported(description: "\(type(of: value)) is not JSON")
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// ECMAScript's `Number.prototype.toString`, from the shortest round-trip digits Swift finds (`description`).
    static func number(_ d: Double) throws -> String {
        guard d.isFinite else { throw Unsupported(description: "\(d) is not a JSON number") }
        if d == 0 { return "0" }
        if d < 0 { return "-" + (try number(-d)) }
        // description: "4.5", "100.0", "1e-07", "1.7976931348623157e+308", "5e-324".
        let text = d.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let dot = mantissa.firstIndex(of: ".")
        let whole = dot.map { mantissa[..<$0] } ?? mantissa
        let fraction = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        // value = 0.DIGITS × 10^n
        var digits = Array(whole + fraction)
        var n = whole.count + exponent
        while digits.first == "0" { digits.removeFirst(); n -= 1 }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let s = String(digits)
        if k <= n && n <= 21 { return s + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 { return String(digits[..<n]) + "." + String(digits[n...]) }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + s }
        let e = n - 1
        let sign = e >= 0 ? "+" : "-"
        return (k == 1 ? s : String(digits[0]) + "." + String(digits[1...])) + "e" + sign + String(abs(e))
    }
}

/// Base58 with Bitcoin's alphabet (multibase `z`), for Ed25519 keys as Multikeys and Data Integrity proof values.
public enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix(while: { $0 == 0 }).count
        var digits: [UInt8] = []  // base 58, least significant first
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 { digits.append(UInt8(carry % 58)); carry /= 58 }
        }
        return String(repeating: "1", count: zeros) + String(decoding: digits.reversed().map { alphabet[Int($0)] }, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let zeros = text.utf8.prefix(while: { $0 == UInt8(ascii: "1") }).count
        var bytes: [UInt8] = []  // base 256, least significant first
        for ch in text.utf8.dropFirst(zeros) {
            guard let value = alphabet.firstIndex(of: ch) else { return nil }
            var carry = value
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xff)); carry >>= 8 }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// An Ed25519 public key as a Multikey's `publicKeyMultibase` (multicodec `ed25519-pub`, 0xed 0x01): `z6Mk…`.
    public static func ed25519Multikey(_ publicKey: [UInt8]) -> String { "z" + encode([0xed, 0x01] + publicKey) }
}
