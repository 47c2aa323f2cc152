import Fluent
import SQLKit

/// One or more columns of a migration's table, spelled compactly and handed to Fluent's schema builder unchanged
/// (it picks each dialect's types): `.text("title", "body")` is two required text columns, `.time(optional: "decided_at")`
/// a nullable timestamp, `.ref("user_id", "users")` a required reference to `users.id`. Columns keep the order written.
struct Columns: Sendable {
    typealias DataType = DatabaseSchema.DataType
    typealias OnDelete = DatabaseSchema.ForeignKeyAction

    let fields: [DatabaseSchema.FieldDefinition]

    /// The `id` primary key: Fluent's `.id()`.
    static var id: Columns { one(.id, .uuid, .identifier(auto: false)) }

    static func text(_ names: String...) -> Columns { each(names, .string, .required) }
    static func text(optional names: String...) -> Columns { each(names, .string) }
    static func text(_ name: String, default value: String) -> Columns { one(key(name), .string, .required, .sql(.default(value))) }

    static func int(_ names: String...) -> Columns { each(names, .int, .required) }
    static func int(optional names: String...) -> Columns { each(names, .int) }
    static func int(_ name: String, default value: Int) -> Columns { one(key(name), .int, .required, .sql(.default(value))) }
    static func int64(_ names: String...) -> Columns { each(names, .int64, .required) }

    static func double(_ names: String...) -> Columns { each(names, .double, .required) }
    static func double(optional names: String...) -> Columns { each(names, .double) }
    static func double(_ name: String, default value: Double) -> Columns { one(key(name), .double, .required, .sql(.default(value))) }

    static func bool(_ names: String...) -> Columns { each(names, .bool, .required) }
    static func bool(optional names: String...) -> Columns { each(names, .bool) }
    static func bool(_ name: String, default value: Bool) -> Columns { one(key(name), .bool, .required, .sql(.default(value))) }

    static func time(_ names: String...) -> Columns { each(names, .datetime, .required) }
    static func time(optional names: String...) -> Columns { each(names, .datetime) }

    /// A uuid that references nothing the database checks (a subject of several kinds, a row that may be gone).
    static func uuid(_ names: String...) -> Columns { each(names, .uuid, .required) }
    static func uuid(optional names: String...) -> Columns { each(names, .uuid) }

    /// A uuid column referencing `table.id`; `.cascade` deletes the row with the one it references.
    static func ref(_ name: String, _ table: String, _ onDelete: OnDelete = .noAction) -> Columns {
        one(key(name), .uuid, .required, .references(table, "id", onDelete: onDelete))
    }
    static func ref(optional name: String, _ table: String, _ onDelete: OnDelete = .noAction) -> Columns {
        one(key(name), .uuid, .references(table, "id", onDelete: onDelete))
    }
    /// A primary key that is also a reference: the table holds at most one row per referenced row.
    static func keyRef(_ name: String, _ table: String, _ onDelete: OnDelete = .noAction) -> Columns {
        one(key(name), .uuid, .identifier(auto: false), .references(table, "id", onDelete: onDelete))
    }

    /// Column names as Fluent's string literals read them (`"id"` is the id key).
    private static func key(_ name: String) -> FieldKey { FieldKey(stringLiteral: name) }

    private static func one(_ key: FieldKey, _ type: DataType, _ constraints: DatabaseSchema.FieldConstraint...) -> Columns {
        Columns(fields: [.definition(name: .key(key), dataType: type, constraints: constraints)])
    }

    private static func each(_ names: [String], _ type: DataType, _ constraints: DatabaseSchema.FieldConstraint...) -> Columns {
        Columns(fields: names.map { .definition(name: .key(key($0)), dataType: type, constraints: constraints) })
    }
}

extension Database {
    /// CREATE TABLE through Fluent's schema builder: the columns in order, then one UNIQUE constraint per `unique` list.
    func table(_ name: String, _ columns: Columns..., unique: [FieldKey]...) async throws {
        let builder = schema(name)
        for field in columns.flatMap(\.fields) { builder.field(field) }
        for keys in unique { builder.constraint(.constraint(.unique(fields: keys.map { .key($0) }), name: nil)) }
        try await builder.create()
    }

    /// Several plain indexes on one table, created in the order written (name: columns).
    func indexes(on table: String, _ indexes: KeyValuePairs<String, [String]>) async throws {
        for (name, columns) in indexes { try await createIndex(name, on: table, columns) }
    }

    /// ALTER TABLE … ADD COLUMN, one statement per column: SQLite adds a single column per ALTER TABLE.
    func addColumns(to table: String, _ columns: Columns...) async throws {
        for field in columns.flatMap(\.fields) { try await schema(table).field(field).update() }
    }

    /// The reverse of `addColumns`, also one statement per column.
    func dropColumns(from table: String, _ names: String...) async throws {
        for name in names { try await schema(table).deleteField(FieldKey(stringLiteral: name)).update() }
    }

    /// DROP TABLE, in the order given (dependents first).
    func dropTables(_ names: String...) async throws {
        for name in names { try await schema(name).delete() }
    }
}
