import Fluent
import SQLKit
import Vapor

/// Hot read paths use plain SQL decoded into structs: Fluent's model decoding walks each model with reflection
/// (Mirror, protocol-conformance lookups) and re-serialises every column of every join, which dominated page
/// time in profiles. Writes stay on Fluent models. Row structs name their snake_case columns in CodingKeys,
/// because a key-converting decoder recomputes every key of every row (a fifth of page time in a profile).
extension Database {
    /// `SELECT COUNT(*) AS n …` read as an Int.
    func count(_ query: SQLQueryString) async throws -> Int {
        try await rows(query, as: CountRow.self).first?.n ?? 0
    }

    func rows<T: Decodable>(_ query: SQLQueryString, as type: T.Type) async throws -> [T] {
        try await sql(self).raw(query).all(decoding: T.self)
    }

    func row<T: Decodable>(_ query: SQLQueryString, as type: T.Type) async throws -> T? {
        try await sql(self).raw(query).first(decoding: T.self)
    }

    /// Rows read column by column, for lists of thousands of rows (a network's matrix): no keyed decoding container
    /// per row, which cost a fifth of such a request in a profile.
    func rows<T>(_ query: SQLQueryString, reading read: @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        try await sql(self).raw(query).all().map(read)
    }
}

private struct CountRow: Decodable { let n: Int }
