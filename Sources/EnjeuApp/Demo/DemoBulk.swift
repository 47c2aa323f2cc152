import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// The plumbing of the benchmark-scale load (`enjeu demo --people N --communities M`): rows are computed in plain Swift,
/// deterministically, then written as multi-row INSERTs as large as the database's bind limit allows, in transactions of
/// many statements. The next batch is computed while the database writes the previous one (two cores: one each).
struct DemoBulk: Sendable {
    typealias Values = [any Encodable & Sendable]

    let app: Application
    let postgres: Bool
    /// Rows per transaction: big enough that commits cost nothing, small enough that memory and the WAL stay modest.
    let perTransaction = 100_000

    init(app: Application) {
        self.app = app
        postgres = sql(app.db).dialect.name == "postgresql"
    }

    /// Binds one statement may carry: PostgreSQL's protocol counts them in 16 bits; SQLite's default limit
    /// (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
    var bindLimit: Int { postgres ? 65_535 : 32_766 }

    /// One write transaction through the application's write path (SQLite's single writer included). On SQLite the
    /// connection gets a page cache large enough for the indexes being filled; on PostgreSQL the commit does not wait
    /// for the disk (a demo being loaded need not survive a power cut).
    func write(_ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let postgres = postgres
        try await app.write(on: app.db) { db in
            if postgres {
                try await sql(db).raw("SET LOCAL synchronous_commit = off").run()
            } else {
                try await sql(db).raw("PRAGMA cache_size = -262144").run()
            }
            try await body(db)
        }
    }

    /// `rows` in as few statements as the bind limit allows, inside the caller's transaction.
    func insert(_ db: any Database, _ table: String, _ columns: [String], _ rows: ArraySlice<Values>, suffix: String = "") async throws {
        let perStatement = max(1, bindLimit / columns.count)
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + perStatement)
            try await sql(db).execute(sql: BulkInsert(table: table, columns: columns, rows: rows[start..<end], suffix: suffix)) { _ in }
            start = end
        }
    }

    /// What one range of rows makes: the values of each table (in `load`'s order), and what the services would also do in
    /// the transaction that writes them (the derived tables they keep), if anything.
    struct Batch: Sendable {
        var rows: [[Values]]
        var then: (@Sendable (any Database) async throws -> Void)?
        init(_ rows: [[Values]], then: (@Sendable (any Database) async throws -> Void)? = nil) { self.rows = rows; self.then = then }
    }

    /// `count` rows made by `make` (given a range of row numbers, it returns their values for each table it fills, in
    /// order), written `perTransaction` at a time; `make` runs for the next range while the current one is written.
    func load(_ count: Int, per: Int? = nil, into tables: [(table: String, columns: [String])],
              make: @escaping @Sendable (Range<Int>) -> [[Values]]) async throws {
        try await load(count, per: per, into: tables, batches: { Batch(make($0)) })
    }

    func load(_ count: Int, per: Int? = nil, into tables: [(table: String, columns: [String])],
              batches make: @escaping @Sendable (Range<Int>) -> Batch) async throws {
        guard count > 0 else { return }
        let step = per ?? perTransaction
        func task(_ start: Int) -> Task<Batch, Never> { Task.detached { make(start..<min(count, start + step)) } }
        var pending = task(0)
        for start in stride(from: 0, to: count, by: step) {
            let batch = await pending.value
            if start + step < count { pending = task(start + step) }
            try await write { db in
                for (t, rows) in zip(tables, batch.rows) where !rows.isEmpty { try await insert(db, t.table, t.columns, rows[...]) }
                try await batch.then?(db)
            }
        }
    }

    /// `id.uuidString`, without Foundation's formatting.
    static func text(_ id: UUID) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        return withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var n = 0
                for (i, b) in bytes.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 { out[n] = UInt8(ascii: "-"); n += 1 }
                    out[n] = hex[Int(b >> 4)]; out[n + 1] = hex[Int(b & 0x0F)]; n += 2
                }
                return n
            }
        }
    }

    /// Runs `body` with the triggers that bump `communities.generation` (the page cache's key, App/GenerationMigrations.swift)
    /// suspended on `tables`: they fire once per row, which cost SQLite 2.6 times the insert itself (300,000 posts: 9.8 s
    /// instead of 3.8 s) and would queue one deferred update of the community per row on PostgreSQL. They are restored
    /// exactly as they were, whatever happens (SQLite: dropped and created again from their own SQL; PostgreSQL:
    /// disabled and enabled), then every community's generation moves on once, as the rows' triggers would have moved it.
    func withoutGenerationTriggers(on tables: [String], _ body: () async throws -> Void) async throws {
        struct Trigger: Decodable { let name: String; let sql: String }
        let db = sql(app.db)
        let suspended: [Trigger]
        if postgres {
            suspended = try await db.raw("""
                SELECT c.relname AS name, t.tgname AS sql FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname = 'enjeu_generation' AND t.tgenabled <> 'D' AND c.relnamespace = current_schema()::regnamespace
                  AND c.relname IN (\(binds: tables))
                """).all(decoding: Trigger.self)
            for t in suspended { try await db.raw("ALTER TABLE \(ident: t.name) DISABLE TRIGGER \(ident: t.sql)").run() }
        } else {
            suspended = try await db.raw("""
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'enjeu\\_generation\\_%' ESCAPE '\\'
                  AND tbl_name IN (\(binds: tables)) ORDER BY rowid
                """).all(decoding: Trigger.self)
            for t in suspended { try await db.raw("DROP TRIGGER \(ident: t.name)").run() }
        }
        func restore() async throws {
            for t in suspended {
                if postgres {
                    try await db.raw("ALTER TABLE \(ident: t.name) ENABLE TRIGGER \(ident: t.sql)").run()
                } else {
                    try await db.raw(SQLQueryString(t.sql)).run()
                }
            }
        }
        do { try await body() } catch {
            try? await restore()
            throw error
        }
        try await restore()
        if !suspended.isEmpty { try await db.raw("UPDATE communities SET generation = generation + 1").run() }
    }

    /// Times a phase of the load in the log, so a slow one shows.
    func phase<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        app.logger.notice("demo: \(name) in \(String(format: "%.1f", s)) s")
        return result
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…)` with every value bound, serialized straight into the statement.
struct BulkInsert: SQLExpression {
    let table: String
    let columns: [String]
    let rows: ArraySlice<DemoBulk.Values>
    let suffix: String

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
        // SQLite stores ids as their text, which its driver reaches through `Codable` and Foundation's formatting (a
        // seventh of the load's time, measured): here they are spelled directly.
        let text = serializer.dialect.name != "postgresql"
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            for (i, value) in row.enumerated() {
                if i > 0 { serializer.write(", ") }
                if text, let id = value as? UUID {
                    serializer.write(bind: DemoBulk.text(id))
                } else if text, let id = value as? UUID? {
                    serializer.write(bind: id.map(DemoBulk.text))
                } else {
                    serializer.write(bind: value)
                }
            }
            serializer.write(")")
        }
        if !suffix.isEmpty { serializer.write(" " + suffix) }
    }
}

/// SplitMix64: small, fast and deterministic, so the same command makes the same rows. `DemoRandom(seed, row)` gives
/// each row its own stream, so rows can be made in any order, and batches in parallel.
struct DemoRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    init(_ seed: UInt64, _ row: Int) { state = Self.mix(seed ^ Self.mix(UInt64(truncatingIfNeeded: row) &+ 0x632B_E59B_D9B4_E019)) }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Ids for the bulk, made from a table's seed, the row's number and its time: version 7 (RFC 9562) with the row's
/// millisecond, then the row number, then bits drawn from the seed. Rows numbered in time order get ascending ids
/// (ties in one millisecond by number), so every keyset reads them in the order they were made, and the B-trees are
/// filled at their right edge; the same command makes the same ids for the same clock.
enum DemoIDs {
    static func id(_ seed: UInt64, _ row: Int, at date: Date) -> UUID {
        let ms = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let n = UInt64(truncatingIfNeeded: row) & 0xFFFF_FFFF
        let r = DemoRandom.mix(seed ^ DemoRandom.mix(n))
        // 48 bits of time, version 7, 12 high bits of the row number; variant, its 20 low bits, 42 seeded bits.
        let hi = (ms << 16) | 0x7000 | (n >> 20)
        let lo = (0b10 << 62) | ((n & 0xF_FFFF) << 42) | (r >> 22)
        return withUnsafeBytes(of: (hi.bigEndian, lo.bigEndian)) { b in
            UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        }
    }
}

/// Calendar days (`YYYY-MM-DD`, UTC) of the year before `now`, each computed once: per row, the calendar would cost more
/// than the row.
struct DemoDays: Sendable {
    let now: Date
    private let days: [String]

    init(_ now: Date) {
        self.now = now
        days = (0...400).map { FigureDate.day(now.addingTimeInterval(-Double($0) * 86_400)) }
    }

    func callAsFunction(_ at: Date) -> String {
        let back = now.timeIntervalSince(at) / 86_400
        // A moment's day is counted back from now's own day boundary, not from now.
        let sinceMidnight = now.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) / 86_400
        let d = Int((back - sinceMidnight).rounded(.up))
        return d >= 0 && d < days.count ? days[d] : FigureDate.day(at)
    }
}
