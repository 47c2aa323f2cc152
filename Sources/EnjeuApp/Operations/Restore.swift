import Fluent
import Foundation
import SQLKit
import Vapor

/// `enjeu restore FILE`: loads a backup into this database in one transaction (all of it or nothing), checking first
/// that it is a complete backup of this schema. SQLite or PostgreSQL, whichever made it.
enum Restore {
    /// Restores and returns the rows loaded per table.
    static func run(_ app: Application, from path: String, force: Bool) async throws -> [String: Int] {
        let reader = try LineReader(path: path)
        let decoder = JSONDecoder()
        guard let first = try reader.next(),
              let header = try? decoder.decode(BackupFormat.Control.self, from: Data(first)), header.format == BackupFormat.name
        else { throw OperationProblem("\(path) is not an Enjeu backup (it does not start with an enjeu-backup line)") }
        guard header.version == BackupFormat.version else {
            throw OperationProblem("\(path) is in backup format \(header.version ?? 0), made by a newer Enjeu; this one reads format \(BackupFormat.version)")
        }
        let migrations = header.migrations ?? []
        let counts = try await app.write(on: app.db) { db -> [String: Int] in
            let sqlDB = sql(db)
            let catalog = try await DatabaseCatalog.read(sqlDB)
            try checkSchema(backup: migrations, here: catalog.migrations)
            let filled = try await tablesWithRows(catalog, sqlDB)
            if let some = filled.first, !force {
                throw OperationProblem("the database is not empty (\(some) has rows, among \(filled.count) tables): restore into a new database, or add --force to replace everything it holds")
            }
            var keys: ForeignKeys?
            try await CommunityGenerations.setTriggers(enabled: false, on: sqlDB)
            if catalog.postgres {
                keys = try await ForeignKeys.drop(sqlDB)
                if !filled.isEmpty {
                    try await sqlDB.raw("TRUNCATE \(unsafeRaw: catalog.tables.map { quoted($0.name) }.joined(separator: ", "))").run()
                }
            } else {
                // Rows load in file order, children possibly before their parents: links are checked at the commit.
                try await sqlDB.raw("PRAGMA defer_foreign_keys = ON").run()
                for table in catalog.tables.reversed() where filled.contains(table.name) {  // children first
                    try await sqlDB.raw("DELETE FROM \(ident: table.name)").run()
                }
            }
            let counts = try await load(reader, into: catalog, sqlDB, path: path)
            if !catalog.postgres, catalog.table("offers") != nil {
                // The catalogue's full-text index (Economy/EconomyMigrations.swift), rebuilt from the offers it indexes.
                try await sqlDB.raw("DELETE FROM offers_fts").run()
                try await sqlDB.raw("INSERT INTO offers_fts (offer_id, community_id, body) SELECT id, community_id, folded FROM offers").run()
            }
            try await CommunityGenerations.setTriggers(enabled: true, on: sqlDB)
            try await keys?.restore(sqlDB)
            return counts
        }
        // Fresh statistics for the planner after a bulk load, as after the demo.
        if app.enjeu.database.kind == "postgres" { try await sql(app.db).raw("ANALYZE").run() }
        return counts
    }

    /// The backup's migrations must be exactly this binary's: rows of another schema would not fit its tables.
    static func checkSchema(backup: [String], here: [String]) throws {
        guard !backup.isEmpty else { throw OperationProblem("the backup names no migration: it is not an Enjeu backup") }
        let unknown = backup.filter { !here.contains($0) }
        if !unknown.isEmpty {
            throw OperationProblem("the backup's schema is newer than this Enjeu (it has \(unknown.joined(separator: ", "))): restore it with the release that made it or a later one")
        }
        let missing = here.filter { !backup.contains($0) }
        if !missing.isEmpty {
            throw OperationProblem("the backup's schema is older than this Enjeu (it lacks \(missing.joined(separator: ", "))): restore it with the release that made it, then start this one, which upgrades the database")
        }
    }

    private static func tablesWithRows(_ catalog: DatabaseCatalog, _ db: any SQLDatabase) async throws -> [String] {
        var filled: [String] = []
        for table in catalog.tables {
            if try await db.raw("SELECT 1 AS one FROM \(ident: table.name) LIMIT 1").first() != nil { filled.append(table.name) }
        }
        return filled
    }

    /// Reads sections (a table line, then its rows) until the end line, inserting rows in batches.
    private static func load(_ reader: LineReader, into catalog: DatabaseCatalog, _ db: any SQLDatabase, path: String) async throws -> [String: Int] {
        let decoder = JSONDecoder()
        var counts: [String: Int] = [:]
        var table: DatabaseCatalog.Table?
        var columns: [DatabaseCatalog.Column] = []
        var batch: [[any SQLExpression]] = []

        func flush() async throws {
            guard let table, !batch.isEmpty else { return }
            var insert = db.insert(into: SQLIdentifier(table.name)).columns(columns.map { SQLIdentifier($0.name) })
            for row in batch { insert = insert.values(row) }
            try await insert.run()
            batch.removeAll(keepingCapacity: true)
        }

        while let line = try reader.next() {
            let at = "\(path), line \(reader.lineNumber)"
            guard let first = line.first else { continue }
            if first == UInt8(ascii: "[") {
                guard let current = table else { throw OperationProblem("\(at): a row before any table line") }
                guard let cells = try? decoder.decode([Cell].self, from: Data(line)), cells.count == columns.count else {
                    throw OperationProblem("\(at): not a row of \(columns.count) values for \(current.name)")
                }
                batch.append(try zip(cells, columns).map { cell, column in
                    guard let value = bind(cell, as: column.kind, postgres: catalog.postgres) else {
                        throw OperationProblem("\(at): \(current.name).\(column.name) cannot hold \(cell)")
                    }
                    return value
                })
                counts[current.name, default: 0] += 1
                // Bound values per statement stay under both databases' limits (SQLite: 32,766).
                if batch.count >= max(1, min(500, 30_000 / columns.count)) { try await flush() }
                continue
            }
            try await flush()
            guard let control = try? decoder.decode(BackupFormat.Control.self, from: Data(line)) else {
                throw OperationProblem("\(at): neither a row nor a table line")
            }
            if let end = control.end {
                guard end == counts else {
                    let differ = end.keys.sorted().first { end[$0] != counts[$0, default: 0] } ?? "?"
                    throw OperationProblem("\(path) is damaged: it says \(end[differ] ?? 0) rows of \(differ) but holds \(counts[differ] ?? 0)")
                }
                return counts
            }
            guard let name = control.table, let names = control.columns else { throw OperationProblem("\(at): neither a row nor a table line") }
            guard let target = catalog.table(name) else { throw OperationProblem("\(at): the backup has a table \(name) that this database lacks") }
            columns = try names.map { column in
                guard let found = target.columns.first(where: { $0.name == column }) else {
                    throw OperationProblem("\(at): the backup has a column \(name).\(column) that this database lacks")
                }
                return found
            }
            table = target
            counts[name] = 0
        }
        throw OperationProblem("\(path) is cut short (it has no end line): nothing was restored")
    }

    /// The file's value as this database stores the column, or nil when it cannot hold it.
    static func bind(_ cell: Cell, as kind: DatabaseCatalog.Kind, postgres: Bool) -> (any SQLExpression)? {
        switch (kind, cell) {
        case (_, .null): return SQLLiteral.null
        case let (.uuid, .text(s)): return UUID(uuidString: s).map { SQLBind($0) }
        case let (.text, .text(s)): return SQLBind(s)
        case let (.integer, .int(i)): return SQLBind(i)
        case let (.integer, .bool(b)): return SQLBind(Int64(b ? 1 : 0))
        case let (.integer, .real(d)) where d == d.rounded() && abs(d) < 9e15: return SQLBind(Int64(d))
        case let (.real, .real(d)): return SQLBind(d)
        case let (.real, .int(i)): return SQLBind(Double(i))
        case let (.bool, .bool(b)): return SQLBind(b)
        case let (.bool, .int(i)) where i == 0 || i == 1: return SQLBind(i == 1)
        // PostgreSQL rounds the seconds to its microseconds itself (binding a Date would truncate them).
        case let (.time, .real(d)) where postgres: return SQLFunction("to_timestamp", args: SQLBind(d))
        case let (.time, .int(i)) where postgres: return SQLFunction("to_timestamp", args: SQLBind(Double(i)))
        default: return nil
        }
    }
}
