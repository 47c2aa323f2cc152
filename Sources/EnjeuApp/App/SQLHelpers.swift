import Fluent
import SQLKit

/// The SQL side of a Fluent database: every driver Enjeu runs on (SQLite, PostgreSQL) is one.
func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }

extension Model {
    /// Fluent's `create`, with the database's unique-constraint failure turned into the given 4xx.
    func create(on db: any Database, orIfTaken error: AppError) async throws {
        do { try await create(on: db) } catch let e as any DatabaseError where e.isConstraintFailure { throw error }
    }
}

extension Database {
    /// The one test of the dialect for what differs at run time: row and advisory locks are PostgreSQL's; SQLite runs
    /// one write transaction at a time (App/Writes.swift), so it needs neither.
    var isPostgres: Bool { sql(self).dialect.name == "postgresql" }

    /// Appended to a SELECT of rows a transaction is about to change: PostgreSQL locks them until it ends; SQLite
    /// serialises writers already.
    var forUpdate: SQLQueryString { isPostgres ? " FOR UPDATE" : "" }

    /// Appended to the SELECT of the viewer's membership in the write re-check: PostgreSQL waits for a change in flight
    /// to commit and keeps it from starting until this one ends. Not `FOR SHARE`: a write that goes on to update the
    /// same row (a figures read holding the member's balance `FOR UPDATE`) would hold a share lock and wait for another
    /// request's share lock while that one waits for its own: two reads by one member deadlocked. `FOR NO KEY UPDATE`
    /// makes the second request wait at the re-check, and still lets rows that reference the membership be inserted.
    /// `of` names the table alias to lock, so a join never locks a row others update at commit (`communities`).
    func forNoKeyUpdate(of alias: String) -> SQLQueryString { isPostgres ? " FOR NO KEY UPDATE OF \(unsafeRaw: alias)" : "" }

    /// Plain CREATE INDEX, the same statement on SQLite and PostgreSQL; Fluent's schema builder has none.
    func createIndex(_ name: String, on table: String, _ columns: [String], unique: Bool = false) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}

/// A LIKE pattern matching `s` literally (with `ESCAPE '\'`): the user's %, _ and \ are not wildcards.
func escapeLike(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
}

extension SQLDatabase {
    /// One row, named column by column; a unique-constraint failure becomes the given 4xx (the transaction then rolls back).
    func insert(into table: String, _ row: KeyValuePairs<String, any Encodable & Sendable>, orIfTaken error: AppError) async throws {
        do {
            try await insert(into: table).columns(row.map { $0.key }).values(row.map { $0.value }).run()
        } catch let e as any DatabaseError where e.isConstraintFailure {
            throw error
        }
    }

    /// Inserts `rows` `batch` at a time, one multi-row INSERT per batch (the caller's transaction holds them together).
    func insert<Row>(into table: String, columns: [String], rows: [Row], batch: Int = 200,
                     values: (Row) -> [any Encodable & Sendable]) async throws {
        for chunk in rows.chunks(of: batch) {
            var insert = self.insert(into: table).columns(columns)
            for row in chunk { insert = insert.values(values(row)) }
            try await insert.run()
        }
    }
}
