import Fluent
import SQLKit

/// What a backup and a restore need to know of the tables, read from the database itself (not from the migrations), so
/// a backup holds whatever this schema holds. Tables Enjeu derives from others (SQLite's full-text index `offers_fts`
/// and its shadow tables, PostgreSQL's generated `offers.search`) are left out and rebuilt on restore.
struct DatabaseCatalog: Sendable {
    struct Column: Sendable {
        let name: String
        let kind: Kind
    }

    /// How a value is bound on restore; the backup file itself holds JSON strings, numbers, booleans and nulls.
    enum Kind: Sendable {
        case uuid, text, integer, real, bool
        /// A timestamp: seconds since 1970 in the file; a REAL on SQLite, a `timestamptz` on PostgreSQL.
        case time
    }

    struct Table: Sendable {
        let name: String
        let columns: [Column]
    }

    let postgres: Bool
    let tables: [Table]

    /// The schema's migrations, as Fluent names them (`EnjeuApp.M001CreateUsers`), in the order they ran.
    let migrations: [String]

    func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    static func read(_ db: any SQLDatabase) async throws -> DatabaseCatalog {
        let postgres = db.dialect.name == "postgresql"
        let migrations = try await db.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name")
            .all(decoding: NameRow.self).map(\.name)
        let tables = postgres ? try await postgresTables(db) : try await sqliteTables(db)
        return DatabaseCatalog(postgres: postgres, tables: parentsFirst(tables, try await links(db, postgres: postgres)), migrations: migrations)
    }

    /// Each table with the tables its foreign keys reference.
    private static func links(_ db: any SQLDatabase, postgres: Bool) async throws -> [String: Set<String>] {
        struct Link: Decodable { let child: String; let parent: String }
        let links = try await db.raw(postgres ? """
            SELECT c.relname::text AS child, p.relname::text AS parent FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace
            """ : """
            SELECT m.name AS child, f."table" AS parent FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
            """).all(decoding: Link.self)
        return Dictionary(grouping: links, by: \.child).mapValues { Set($0.map(\.parent)) }
    }

    /// Referenced tables before the tables that reference them (then by name): SQLite, checking links at the commit,
    /// only scans for a new parent's children while some child still waits for its parent, which this order avoids.
    private static func parentsFirst(_ tables: [Table], _ parents: [String: Set<String>]) -> [Table] {
        let known = Set(tables.map(\.name))
        func needs(_ name: String) -> Set<String> { parents[name, default: []].intersection(known).subtracting([name]) }
        var placed = Set<String>(), ordered: [Table] = [], left = tables
        while !left.isEmpty {
            let ready = left.filter { needs($0.name).isSubset(of: placed) }
            // A cycle (none today) falls back to the rest by name: restores still work, only slower on SQLite.
            let next = ready.isEmpty ? left : ready
            ordered += next.sorted { $0.name < $1.name }
            placed.formUnion(next.map(\.name))
            left.removeAll { placed.contains($0.name) }
        }
        return ordered
    }

    private struct NameRow: Decodable { let name: String }

    private static func sqliteTables(_ db: any SQLDatabase) async throws -> [Table] {
        struct Master: Decodable { let name: String; let sql: String? }
        struct Info: Decodable { let name: String; let type: String }
        let all = try await db.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '_fluent_migrations' ORDER BY name
            """).all(decoding: Master.self)
        // A virtual table (FTS5) keeps its data in shadow tables named after it: both are derived, never backed up.
        let virtual = all.filter { ($0.sql ?? "").uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map(\.name)
        var tables: [Table] = []
        for master in all where !virtual.contains(where: { master.name == $0 || master.name.hasPrefix($0 + "_") }) {
            let infos = try await db.raw("PRAGMA table_info(\(ident: master.name))").all(decoding: Info.self)
            let columns = try infos.map { info -> Column in
                let type = info.type.uppercased()
                let kind: Kind
                if type.contains("UUID") { kind = .uuid }
                else if type.contains("TEXT") || type.contains("CHAR") { kind = .text }
                else if type.contains("INT") || type.contains("BOOL") { kind = .integer }
                else if type.contains("REAL") || type.contains("DOUB") || type.contains("FLOA") { kind = .real }
                else { throw OperationProblem("column \(master.name).\(info.name) has the type \(info.type), which backups do not know") }
                return Column(name: info.name, kind: kind)
            }
            tables.append(Table(name: master.name, columns: columns))
        }
        return tables
    }

    private static func postgresTables(_ db: any SQLDatabase) async throws -> [Table] {
        struct Info: Decodable { let table_name: String; let column_name: String; let data_type: String; let is_generated: String }
        let infos = try await db.raw("""
            SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, c.data_type::text AS data_type,
                   c.is_generated::text AS is_generated
            FROM information_schema.columns c JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = current_schema() AND c.table_name <> '_fluent_migrations'
            ORDER BY c.table_name, c.ordinal_position
            """).all(decoding: Info.self)
        var tables: [Table] = []
        for info in infos where info.is_generated != "ALWAYS" {
            let kind: Kind
            switch info.data_type {
            case "uuid": kind = .uuid
            case "text", "character varying", "character": kind = .text
            case "bigint", "integer", "smallint": kind = .integer
            case "double precision", "real", "numeric": kind = .real
            case "boolean": kind = .bool
            case "timestamp with time zone", "timestamp without time zone": kind = .time
            default: throw OperationProblem("column \(info.table_name).\(info.column_name) has the type \(info.data_type), which backups do not know")
            }
            let column = Column(name: info.column_name, kind: kind)
            if tables.last?.name == info.table_name {
                tables[tables.count - 1] = Table(name: info.table_name, columns: tables[tables.count - 1].columns + [column])
            } else {
                tables.append(Table(name: info.table_name, columns: [column]))
            }
        }
        return tables
    }
}

/// PostgreSQL's foreign keys, dropped while a restore loads rows in any order and added back (which checks every row)
/// before it commits; SQLite defers its checks to the commit instead (`PRAGMA defer_foreign_keys`).
struct ForeignKeys: Sendable {
    struct Key: Sendable, Decodable {
        let table: String
        let name: String
        let definition: String
    }

    let keys: [Key]

    static func drop(_ db: any SQLDatabase) async throws -> ForeignKeys {
        let keys = try await db.raw("""
            SELECT t.relname::text AS table, c.conname::text AS name, pg_get_constraintdef(c.oid) AS definition
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace ORDER BY t.relname, c.conname
            """).all(decoding: Key.self)
        for key in keys {
            try await db.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name)").run()
        }
        return ForeignKeys(keys: keys)
    }

    func restore(_ db: any SQLDatabase) async throws {
        for key in keys {
            do {
                // The definition is PostgreSQL's own text for a constraint it held a moment ago.
                try await db.raw("ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: key.name) \(unsafeRaw: key.definition)").run()
            } catch {
                throw OperationProblem("the backup's rows break the link \(key.table) \(key.definition) (\(String(reflecting: error)))")
            }
        }
    }
}

/// A problem an operator can act on, said in one sentence.
struct OperationProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
