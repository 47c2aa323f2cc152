import Foundation

/// The JSON Schema of a `Decodable` type, read from the type itself: the probe decodes one placeholder value of it
/// and records every property its `init(from:)` asks for, with its JSON type, and whether it asked with
/// `decodeIfPresent` (an optional property: not required, may be null). Types in `named` are written as `$ref`s
/// when they appear inside another schema.
struct SchemaProbe {
    let named: [ObjectIdentifier: String]

    func schema(of type: any Decodable.Type) throws -> JSONValue {
        func root<T: Decodable>(_ t: T.Type) throws -> JSONValue { try value(t, depth: 0, named: false).1 }
        do { return try root(type) } catch let e as ProbeError { throw ProbeError(type: "\(type)", problem: e.description) }
    }

    /// A placeholder of `T` and its schema (a `$ref` if `T` is named, unless `named` is false).
    func value<T: Decodable>(_ t: T.Type, depth: Int, named useName: Bool = true) throws -> (T, JSONValue) {
        if let scalar = Self.scalar(t) { return scalar }
        if let e = Self.enumeration(t) { return e }
        if let o = t as? any OptionalProbe.Type, let none = o.absent as? T {
            var schema = try value(o.wrapped, depth: depth).1
            schema.allowNull()
            return (none, schema)
        }
        if let a = t as? any CollectionProbe.Type, let empty = a.empty as? T {
            let element = try value(a.element, depth: depth + 1).1
            return (empty, a.isDictionary ? ["type": "object", "additionalProperties": element] : ["type": "array", "items": element])
        }
        let (v, schema) = try walk(t, depth: depth + 1)
        if useName, let name = named[ObjectIdentifier(t)] { return (v, ["$ref": .string("#/components/schemas/" + name)]) }
        return (v, schema)
    }

    private func walk<T: Decodable>(_ t: T.Type, depth: Int) throws -> (T, JSONValue) {
        guard depth < 24 else { throw ProbeError(type: "\(t)", problem: "too deep (a recursive type?)") }
        let shape = Shape()
        do {
            let v = try T(from: ProbeDecoder(probe: self, shape: shape, depth: depth))
            return (v, shape.schema)
        } catch let e as ProbeError {
            throw e
        } catch {
            throw ProbeError(type: "\(t)", problem: "\(error)")
        }
    }

    static func scalar<T>(_ t: T.Type) -> (T, JSONValue)? {
        let found: (Any, JSONValue)? = switch t {
        case is String.Type: ("", ["type": "string"])
        case is Bool.Type: (false, ["type": "boolean"])
        case is Int.Type: (0, ["type": "integer"])
        case is Int64.Type: (Int64(0), ["type": "integer"])
        case is Int32.Type: (Int32(0), ["type": "integer"])
        case is Double.Type: (0.0, ["type": "number"])
        case is Float.Type: (Float(0), ["type": "number"])
        case is Date.Type: (Date(timeIntervalSince1970: 0), ["type": "string", "format": "date-time"])
        case is UUID.Type: (UUID(), ["type": "string", "format": "uuid"])
        case is URL.Type: (URL(string: "https://example.org")!, ["type": "string", "format": "uri"])
        default: nil
        }
        guard let found, let v = found.0 as? T else { return nil }
        return (v, found.1)
    }

    /// A `String` enum: its first case, and all its raw values.
    static func enumeration<T>(_ t: T.Type) -> (T, JSONValue)? {
        func all<E: CaseIterable>(_: E.Type) -> [Any] { Array(E.allCases) }
        guard let e = t as? any CaseIterable.Type else { return nil }
        let cases = all(e)
        let raw = cases.compactMap { ($0 as? any RawRepresentable<String>)?.rawValue }
        guard raw.count == cases.count, let first = cases.first as? T else { return nil }
        return (first, ["type": "string", "enum": .array(raw.map { .string($0) })])
    }
}

struct ProbeError: Error, CustomStringConvertible {
    let type: String, problem: String
    var path: [String] = []
    var description: String { "schema of \(type)\(path.isEmpty ? "" : " at " + path.joined(separator: ".")): \(problem)" }
}

extension JSONValue {
    /// `{"type": "string"}` becomes `{"type": ["string", "null"]}`; a `$ref` or a type list is left as it is.
    mutating func allowNull() {
        if case let .string(t)? = self["type"] { self["type"] = [.string(t), "null"] }
    }
}

/// `Optional`, `Array`, `Set` and `Dictionary` answer without being decoded: their wrapped or element type is probed once.
protocol OptionalProbe { static var wrapped: any Decodable.Type { get }; static var absent: Self { get } }
extension Optional: OptionalProbe where Wrapped: Decodable {
    static var wrapped: any Decodable.Type { Wrapped.self }
    static var absent: Self { nil }
}

protocol CollectionProbe { static var element: any Decodable.Type { get }; static var empty: Self { get }; static var isDictionary: Bool { get } }
extension Array: CollectionProbe where Element: Decodable {
    static var element: any Decodable.Type { Element.self }
    static var empty: Self { [] }
    static var isDictionary: Bool { false }
}
extension Set: CollectionProbe where Element: Decodable {
    static var element: any Decodable.Type { Element.self }
    static var empty: Self { [] }
    static var isDictionary: Bool { false }
}
extension Dictionary: CollectionProbe where Key == String, Value: Decodable {
    static var element: any Decodable.Type { Value.self }
    static var empty: Self { [:] }
    static var isDictionary: Bool { true }
}

/// What one value's decoding asked for: properties (several keyed containers on one decoder add up, as when a type
/// decodes another from the same decoder), or one single value.
private final class Shape {
    var properties: [String: JSONValue] = [:]
    var required: Set<String> = []
    var single: JSONValue?

    var schema: JSONValue {
        if let single, properties.isEmpty { return single }
        var o: JSONValue = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.sorted().map { .string($0) }) }
        return o
    }
}

private struct ProbeDecoder: Decoder {
    let probe: SchemaProbe
    let shape: Shape
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw ProbeError(type: "?", problem: "an unkeyed container") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func field<T: Decodable>(_ t: T.Type, _ key: Key, required: Bool) throws -> T {
        var (v, schema): (T, JSONValue)
        do { (v, schema) = try decoder.probe.value(t, depth: decoder.depth) } catch var e as ProbeError {
            e.path.insert(key.stringValue, at: 0)
            throw e
        }
        if !required { schema.allowNull() }
        decoder.shape.properties[key.stringValue] = schema
        if required { decoder.shape.required.insert(key.stringValue) }
        return v
    }

    func decode<T: Decodable>(_ t: T.Type, forKey key: Key) throws -> T { try field(t, key, required: true) }
    func decode(_ t: Bool.Type, forKey key: Key) throws -> Bool { try field(t, key, required: true) }
    func decode(_ t: String.Type, forKey key: Key) throws -> String { try field(t, key, required: true) }
    func decode(_ t: Double.Type, forKey key: Key) throws -> Double { try field(t, key, required: true) }
    func decode(_ t: Float.Type, forKey key: Key) throws -> Float { try field(t, key, required: true) }
    func decode(_ t: Int.Type, forKey key: Key) throws -> Int { try field(t, key, required: true) }
    func decode(_ t: Int8.Type, forKey key: Key) throws -> Int8 { try field(t, key, required: true) }
    func decode(_ t: Int16.Type, forKey key: Key) throws -> Int16 { try field(t, key, required: true) }
    func decode(_ t: Int32.Type, forKey key: Key) throws -> Int32 { try field(t, key, required: true) }
    func decode(_ t: Int64.Type, forKey key: Key) throws -> Int64 { try field(t, key, required: true) }
    func decode(_ t: UInt.Type, forKey key: Key) throws -> UInt { try field(t, key, required: true) }
    func decode(_ t: UInt8.Type, forKey key: Key) throws -> UInt8 { try field(t, key, required: true) }
    func decode(_ t: UInt16.Type, forKey key: Key) throws -> UInt16 { try field(t, key, required: true) }
    func decode(_ t: UInt32.Type, forKey key: Key) throws -> UInt32 { try field(t, key, required: true) }
    func decode(_ t: UInt64.Type, forKey key: Key) throws -> UInt64 { try field(t, key, required: true) }

    func decodeIfPresent<T: Decodable>(_ t: T.Type, forKey key: Key) throws -> T? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Bool.Type, forKey key: Key) throws -> Bool? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: String.Type, forKey key: Key) throws -> String? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Double.Type, forKey key: Key) throws -> Double? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Float.Type, forKey key: Key) throws -> Float? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Int.Type, forKey key: Key) throws -> Int? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Int32.Type, forKey key: Key) throws -> Int32? { try field(t, key, required: false) }
    func decodeIfPresent(_ t: Int64.Type, forKey key: Key) throws -> Int64? { try field(t, key, required: false) }

    // Synthesized decoding never asks for these; a hand-written one that does is told so.
    func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> { throw unsupported }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw unsupported }
    func superDecoder() throws -> any Decoder { throw unsupported }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported }
    private var unsupported: ProbeError { ProbeError(type: "?", problem: "a nested container or super decoder") }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ t: T.Type) throws -> T {
        let (v, schema) = try decoder.probe.value(t, depth: decoder.depth)
        decoder.shape.single = schema
        return v
    }
    private func scalar<T>(_ t: T.Type) throws -> T {
        guard let (v, schema) = SchemaProbe.scalar(t) else { throw ProbeError(type: "\(t)", problem: "not read by the probe") }
        decoder.shape.single = schema
        return v
    }
    func decode(_ t: Bool.Type) throws -> Bool { try scalar(t) }
    func decode(_ t: String.Type) throws -> String { try scalar(t) }
    func decode(_ t: Double.Type) throws -> Double { try scalar(t) }
    func decode(_ t: Float.Type) throws -> Float { try scalar(t) }
    func decode(_ t: Int.Type) throws -> Int { try scalar(t) }
    func decode(_ t: Int8.Type) throws -> Int8 { try scalar(t) }
    func decode(_ t: Int16.Type) throws -> Int16 { try scalar(t) }
    func decode(_ t: Int32.Type) throws -> Int32 { try scalar(t) }
    func decode(_ t: Int64.Type) throws -> Int64 { try scalar(t) }
    func decode(_ t: UInt.Type) throws -> UInt { try scalar(t) }
    func decode(_ t: UInt8.Type) throws -> UInt8 { try scalar(t) }
    func decode(_ t: UInt16.Type) throws -> UInt16 { try scalar(t) }
    func decode(_ t: UInt32.Type) throws -> UInt32 { try scalar(t) }
    func decode(_ t: UInt64.Type) throws -> UInt64 { try scalar(t) }
}
