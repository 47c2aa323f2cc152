import Fluent
import SQLKit
import Vapor
import ZIPFoundation
import EnjeuCore
import EnjeuWeb

/// My data: everything Enjeu holds about a person, as one ZIP (a JSON file per kind, `ExportKind.all`, and a README),
/// made in the background by the job `me.export` and kept 24 hours for its owner only. The request and its job are
/// written in one transaction; one unfinished export per person (the partial unique index `data_exports_live`), so a
/// second request, concurrent or not, answers the export already under way.
struct DataExport {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    static let jobKind = "me.export"
    /// How long the finished ZIP can be downloaded.
    static let validity: TimeInterval = 24 * 3_600
    /// Rows read, and written out, at a time.
    static let pageSize = 500

    enum Status: String, Codable, Sendable { case queued, running, done, failed, expired }

    struct Row: Decodable, Sendable {
        let id: UUID, userId: UUID, status: String, done: Int, total: Int, createdAt: Date, finishedAt: Date?, expiresAt: Date?, error: String?
        enum CodingKeys: String, CodingKey {
            case id, status, done, total, error, userId = "user_id", createdAt = "created_at", finishedAt = "finished_at", expiresAt = "expires_at"
        }
        var state: Status { Status(rawValue: status) ?? .failed }
    }

    /// A new export for `user`, or the one already under way; returns its id.
    func request(_ user: UUID) async throws -> UUID {
        let (id, jobID, now) = (ctx.newID(), ctx.newID(), ctx.now)
        return try await ctx.write { db in
            struct One: Decodable { let id: UUID }
            if try await db.row("""
                INSERT INTO data_exports (id, user_id, status, done, total, created_at)
                VALUES (\(bind: id), \(bind: user), \(bind: Status.queued.rawValue), 0, 0, \(bind: now))
                ON CONFLICT DO NOTHING RETURNING id
                """, as: One.self) != nil {
                try await JobQueue.enqueue(db, id: jobID, kind: Self.jobKind, payload: id.uuidString, now: now, maxAttempts: 3)
                return id
            }
            guard let live = try await db.row("""
                SELECT id FROM data_exports WHERE user_id = \(bind: user) AND status IN ('queued', 'running')
                """, as: One.self) else { throw AppError.conflict(MyDataText.errExportBusy.text) }
            return live.id
        }
    }

    /// The owner's export, or 404 (someone else's included).
    func find(_ id: UUID, of user: UUID) async throws -> Row {
        guard let row = try await ctx.db.row("""
            SELECT id, user_id, status, done, total, created_at, finished_at, expires_at, error FROM data_exports
            WHERE id = \(bind: id) AND user_id = \(bind: user)
            """, as: Row.self) else { throw AppError.notFound }
        return row
    }

    /// The person's latest exports, newest first (the page shows them).
    func recent(of user: UUID) async throws -> [Row] {
        try await ctx.db.rows("""
            SELECT id, user_id, status, done, total, created_at, finished_at, expires_at, error FROM data_exports
            WHERE user_id = \(bind: user) ORDER BY id DESC LIMIT 5
            """, as: Row.self)
    }

    func file(_ id: UUID) -> String { ctx.config.exportsPath + "/" + id.uuidString.lowercased() + ".zip" }

    /// Whether the finished ZIP may be read now.
    func downloadable(_ row: Row) -> Bool {
        row.state == .done && (row.expiresAt.map { $0 > ctx.now } ?? false) && FileManager.default.fileExists(atPath: file(row.id))
    }

    // MARK: The job

    static let jobHandlers: [String: JobQueue.Handler] = [
        jobKind: { ctx, payload in
            guard let id = UUID(uuidString: payload) else { return }
            try await DataExport(ctx).make(id)
        },
    ]

    /// Writes the ZIP of one export. Idempotent: an export already done, failed or expired is left alone, and one whose
    /// instance died (its job's lease ran out) is made again from the start by a new run. Each run has its own token
    /// (`runner`) and working folder: a run that was taken over, or whose export went with its account, finds no row
    /// of its own at its next step and stops without touching the file. A failure marks it failed (the person may ask
    /// again), never retried into a second file.
    func make(_ id: UUID) async throws {
        let (now, runner) = (ctx.now, ctx.newID())
        struct Claimed: Decodable, Sendable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        guard let claimed = try await ctx.write({ db in
            try await db.row("""
                UPDATE data_exports SET status = \(bind: Status.running.rawValue), done = 0, runner = \(bind: runner)
                WHERE id = \(bind: id) AND status IN ('queued', 'running') RETURNING user_id
                """, as: Claimed.self)
        }) else { return }
        do {
            try await write(id, runner: runner, user: claimed.userId)
        } catch is Superseded {
            return
        } catch {
            ctx.logger.warning("export failed", metadata: ["id": "\(id)", "error": "\(error)"])
            let reason = String("\(error)".prefix(500))
            try await ctx.write { db in
                try await sql(db).raw("""
                    UPDATE data_exports SET status = \(bind: Status.failed.rawValue), finished_at = \(bind: now), error = \(bind: reason)
                    WHERE id = \(bind: id) AND runner = \(bind: runner) AND status = \(bind: Status.running.rawValue)
                    """).run()
            }
        }
    }

    /// The run no longer owns its export: another run took it over, it expired, or its account was deleted.
    struct Superseded: Error {}

    /// Each kind to its own JSON file in a working folder, a page at a time, then into the ZIP from the file (ZIPFoundation
    /// reads it in chunks), so memory holds one page whatever the person wrote. The ZIP takes its name only in the
    /// transaction that marks the export done, and only while this run still owns a running export: a deletion or a
    /// newer run that came first leaves no file behind (the deletion removes the file of a row it deleted after).
    private func write(_ id: UUID, runner: UUID, user: UUID) async throws {
        let fm = FileManager.default
        let work = ctx.config.exportsPath + "/" + id.uuidString.lowercased() + "-" + runner.uuidString.lowercased() + ".work"
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: work) }
        let part = work + "/export.zip"

        var total = 0
        for kind in ExportKind.all { total += try await count(kind, user) }
        try await progress(id, runner: runner, done: 0, total: total)

        struct Handle: Decodable { let handle: String }
        let handle = try await ctx.db.row("SELECT handle FROM users WHERE id = \(bind: user)", as: Handle.self)?.handle ?? ""
        let archive = try Archive(url: URL(fileURLWithPath: part), accessMode: .create, pathEncoding: nil)
        let readme = work + "/README.md"
        try Data(ExportKind.readme(handle: handle, at: ISO8601DateFormatter().string(from: ctx.now)).utf8).write(to: URL(fileURLWithPath: readme))
        try archive.addEntry(with: "README.md", fileURL: URL(fileURLWithPath: readme), compressionMethod: .deflate)

        var done = 0
        for kind in ExportKind.all {
            let path = work + "/" + kind.file
            done = try await writeKind(kind, user, to: path, id: id, runner: runner, done: done, total: total)
            try archive.addEntry(with: kind.file, fileURL: URL(fileURLWithPath: path), compressionMethod: .deflate)
            try fm.removeItem(atPath: path)
        }
        let (target, finished) = (file(id), ctx.now)
        try await ctx.write { db in
            struct One: Decodable { let id: UUID }
            guard try await db.row("""
                UPDATE data_exports SET status = \(bind: Status.done.rawValue), done = total, finished_at = \(bind: finished),
                  expires_at = \(bind: finished.addingTimeInterval(Self.validity))
                WHERE id = \(bind: id) AND runner = \(bind: runner) AND status = \(bind: Status.running.rawValue) RETURNING id
                """, as: One.self) != nil else { throw Superseded() }
            // Inside the transaction: if the move fails the export is not done; if the commit fails the next run replaces it.
            try? fm.removeItem(atPath: target)
            try fm.moveItem(atPath: part, toPath: target)
        }
    }

    private func count(_ kind: ExportKind, _ user: UUID) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await ctx.db.row("SELECT COUNT(*) AS n FROM \(unsafeRaw: kind.from) WHERE \(unsafeRaw: kind.owner) = \(bind: user)", as: N.self)?.n ?? 0
    }

    /// Records how far the run is, and stops it when it no longer owns the export.
    private func progress(_ id: UUID, runner: UUID, done: Int, total: Int) async throws {
        try await ctx.write { db in
            struct One: Decodable { let id: UUID }
            guard try await db.row("""
                UPDATE data_exports SET done = \(bind: done), total = \(bind: total)
                WHERE id = \(bind: id) AND runner = \(bind: runner) AND status = \(bind: Status.running.rawValue) RETURNING id
                """, as: One.self) != nil else { throw Superseded() }
        }
    }

    /// One kind's rows as a JSON array, page by page (`t.id` keyset); returns the rows written so far in all.
    private func writeKind(_ kind: ExportKind, _ user: UUID, to path: String, id: UUID, runner: UUID, done start: Int, total: Int) async throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ExportError(description: "cannot create \(path)") }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? out.close() }
        try out.write(contentsOf: Data("[".utf8))
        let iso = ISO8601DateFormatter()
        // Aliased `c_<name>`: lower case for PostgreSQL, never a reserved word (`from`, `to`).
        let columns = kind.columns.map { "\($0.sql) AS c_\($0.name.lowercased())" }.joined(separator: ", ")
        var after: UUID?
        var done = start
        var first = true
        while true {
            var q: SQLQueryString = "SELECT t.id AS export_id, \(unsafeRaw: columns) FROM \(unsafeRaw: kind.from) WHERE \(unsafeRaw: kind.owner) = \(bind: user)"
            if let after { q = q + " AND t.id > \(bind: after)" }
            q = q + " ORDER BY t.id LIMIT \(literal: Self.pageSize)"
            var page = Data()
            var last: UUID?
            var n = 0
            for row in try await sql(ctx.db).raw(q).all() {
                var object: [String: Any] = [:]
                for c in kind.columns {
                    let column = "c_" + c.name.lowercased()
                    if try row.decodeNil(column: column) { object[c.name] = NSNull(); continue }
                    switch c.kind {
                    case .text: object[c.name] = try row.decode(column: column, as: String.self)
                    case .int: object[c.name] = try row.decode(column: column, as: Int.self)
                    case .double: object[c.name] = try row.decode(column: column, as: Double.self)
                    case .time: object[c.name] = iso.string(from: try row.decode(column: column, as: Date.self))
                    case .uuid: object[c.name] = try row.decode(column: column, as: UUID.self).uuidString.lowercased()
                    }
                }
                let rowID = try row.decode(column: "export_id", as: UUID.self)
                object["id"] = rowID.uuidString.lowercased()
                page.append(contentsOf: (first ? "\n" : ",\n").utf8)
                first = false
                page.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
                last = rowID
                n += 1
            }
            try out.write(contentsOf: page)
            done += n
            if n > 0 { try await progress(id, runner: runner, done: done, total: total) }
            guard n == Self.pageSize, let last else { break }
            after = last
        }
        try out.write(contentsOf: Data("\n]\n".utf8))
        return done
    }

    struct ExportError: Error, CustomStringConvertible { let description: String }

    // MARK: Expiry

    /// How long an export may stay unfinished before it is given up (its job died for good): the person may ask again.
    static let givenUpAfter: TimeInterval = 6 * 3_600

    /// Finished exports past their 24 hours: their files go, their rows say `expired`; unfinished ones older than
    /// `givenUpAfter` say `failed`, so they no longer hold the person's one live export (a scheduled job).
    func expire() async throws -> Int {
        let now = ctx.now
        struct One: Decodable, Sendable { let id: UUID }
        let (due, stuck) = try await ctx.write { db in
            let due = try await db.rows("""
                UPDATE data_exports SET status = \(bind: Status.expired.rawValue)
                WHERE id IN (SELECT id FROM data_exports WHERE status = \(bind: Status.done.rawValue) AND expires_at < \(bind: now) LIMIT 200)
                RETURNING id
                """, as: One.self)
            let stuck = try await db.rows("""
                UPDATE data_exports SET status = \(bind: Status.failed.rawValue), finished_at = \(bind: now), error = 'timed out'
                WHERE id IN (SELECT id FROM data_exports WHERE status IN ('queued', 'running')
                             AND created_at < \(bind: now.addingTimeInterval(-Self.givenUpAfter)) LIMIT 200)
                RETURNING id
                """, as: One.self)
            return (due, stuck)
        }
        for row in due { try? FileManager.default.removeItem(atPath: file(row.id)) }
        return due.count + stuck.count
    }
}
