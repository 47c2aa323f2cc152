import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `enjeu backup FILE`: every table, read in one transaction that sees a single moment of the database while the
/// server goes on writing (a WAL read transaction on SQLite, REPEATABLE READ on PostgreSQL), streamed to FILE.
enum Backup {
    /// Writes the backup and returns the rows written per table.
    static func write(_ app: Application, to path: String) async throws -> [String: Int] {
        let file = try BackupFileWriter(path: path)
        let madeAt = ISO8601DateFormatter().string(from: app.enjeu.now())
        do {
            let counts = try await app.db.transaction { db -> [String: Int] in
                let sqlDB = sql(db)
                if sqlDB.dialect.name == "postgresql" {
                    // Before any read: the snapshot is taken at the first query and kept for every table.
                    try await sqlDB.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                }
                let catalog = try await DatabaseCatalog.read(sqlDB)
                guard !catalog.migrations.isEmpty else { throw OperationProblem("the database has no Enjeu schema: nothing to back up") }
                try file.write(BackupFormat.line(.init(format: BackupFormat.name, version: BackupFormat.version,
                                                       database: catalog.postgres ? "postgres" : "sqlite", madeAt: madeAt,
                                                       migrations: catalog.migrations)))
                var counts: [String: Int] = [:]
                for table in catalog.tables {
                    try file.write(BackupFormat.line(.init(table: table.name, columns: table.columns.map(\.name))))
                    counts[table.name] = catalog.postgres
                        ? try await postgresRows(table, sqlDB, file) : try await sqliteRows(table, sqlDB, file)
                    if let failure = file.failure { throw failure }
                }
                return counts
            }
            try file.write(BackupFormat.line(.init(end: counts)))
            try file.finish()
            return counts
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Counts rows and remembers the last rowid, from row callbacks.
    private final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var rows = 0
        private var lastRowID: Int64?
        func saw(_ rowID: Int64?) { lock.withLock { rows += 1; lastRowID = rowID } }
        var state: (rows: Int, last: Int64?) { lock.withLock { (rows, lastRowID) } }
    }

    /// SQLite hands rows to the event loop faster than a file takes them, so a table is read in pages of rowids (inside
    /// the same read transaction): at most one page is in memory.
    private static func sqliteRows(_ table: DatabaseCatalog.Table, _ db: any SQLDatabase, _ file: BackupFileWriter) async throws -> Int {
        let names = table.columns.map(\.name)
        let list = names.map(quoted).joined(separator: ", ")
        var after: Int64?
        var total = 0
        while true {
            let page = Progress()
            // SQLite's own rows (SQLKit's wrap them): each value as stored, integer, float or text.
            guard let lite = db as? any SQLiteNIO.SQLiteDatabase else { throw OperationProblem("the SQLite database is not reachable as such") }
            try await lite.query("""
                SELECT rowid AS "_enjeu_rowid", \(list) FROM \(quoted(table.name)) \(after.map { "WHERE rowid > \($0)" } ?? "") ORDER BY rowid LIMIT 2000
                """, [], logger: lite.logger) { row in
                var cells: [Cell] = []
                cells.reserveCapacity(names.count)
                for name in names {
                    switch row.column(name) {
                    case nil, .null?: cells.append(.null)
                    case let .integer(i)?: cells.append(.int(Int64(i)))
                    case let .float(d)?: cells.append(.real(d))
                    case let .text(s)?: cells.append(.text(s))
                    case .blob?: return file.fail(OperationProblem("\(table.name).\(name) holds binary data, which backups do not know"))
                    }
                }
                file.row(cells)
                page.saw(row.column("_enjeu_rowid")?.integer.map(Int64.init))
            }.get()
            let (rows, last) = page.state
            total += rows
            guard rows == 2000, let last else { return total }
            after = last
        }
    }

    /// PostgreSQL streams rows as they come, each written before the next is read.
    private static func postgresRows(_ table: DatabaseCatalog.Table, _ db: any SQLDatabase, _ file: BackupFileWriter) async throws -> Int {
        // Timestamps leave as float seconds computed by PostgreSQL from its exact microseconds.
        let list = table.columns.map { column in
            column.kind == .time ? "EXTRACT(EPOCH FROM \(quoted(column.name)))::float8 AS \(quoted(column.name))" : quoted(column.name)
        }.joined(separator: ", ")
        let progress = Progress()
        try await db.execute(sql: SQLRaw("SELECT \(list) FROM \(quoted(table.name))")) { row in
            do {
                var cells: [Cell] = []
                cells.reserveCapacity(table.columns.count)
                for column in table.columns {
                    let name = column.name
                    if try row.decodeNil(column: name) { cells.append(.null); continue }
                    switch column.kind {
                    case .uuid: cells.append(.text(try row.decode(column: name, as: UUID.self).uuidString))
                    case .text: cells.append(.text(try row.decode(column: name, as: String.self)))
                    case .integer: cells.append(.int(try row.decode(column: name, as: Int64.self)))
                    case .real, .time: cells.append(.real(try row.decode(column: name, as: Double.self)))
                    case .bool: cells.append(.bool(try row.decode(column: name, as: Bool.self)))
                    }
                }
                file.row(cells)
                progress.saw(nil)
            } catch {
                file.fail(OperationProblem("cannot read a row of \(table.name): \(String(reflecting: error))"))
            }
        }
        return progress.state.rows
    }
}

/// An identifier in double quotes, for names read from the database's own catalog.
func quoted(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
