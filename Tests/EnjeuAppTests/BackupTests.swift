import Foundation
import SQLKit
import Testing
import Vapor
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// `enjeu backup` and `enjeu restore` (issue 15): a backup taken while writes go on holds one moment of the database,
/// restores into an empty database (of either kind) with every value intact, and refuses what it must.
@Suite struct BackupTests {
    private func tellDemo(_ app: Application) async throws {
        let story = DemoStory(try DemoWorld.load(.fr), lang: .fr, app: app)
        try await story.tell(passwordHash: try Bcrypt.hash(DemoCommand.password, cost: app.enjeu.bcryptCost))
    }

    private func file(_ name: String) -> String { NSTemporaryDirectory() + "enjeu-backup-\(UUID().uuidString)-\(name).jsonl" }

    /// One write transaction of the load: a person, the community they found, its charter and their membership.
    private static func foundOne(_ app: Application, _ i: Int) async throws {
        let ids = app.enjeu.ids
        let now = app.enjeu.now()
        try await app.context().write { db in
            let user = User(id: ids.next(), handle: "load\(i)", displayName: "Charge \(i)", email: "load\(i)@example.org",
                            passwordHash: "x", lang: "fr", createdAt: now)
            try await user.create(on: db)
            let community = Community(id: ids.next(), try CommunityDraft(
                slug: "load-\(i)", name: "Charge \(i)", purpose: "Agir ensemble pour le bien commun du quartier", perimeter: "Lyon",
                rhythm: "mensuel", stage: LifeStage.emerging.rawValue, visibility: Visibility.public.rawValue,
                charter: "Je donne autant que je reçois.").validated().get(), createdAt: now)
            community.memberCount = 1
            try await community.create(on: db)
            try await Charter(id: ids.next(), communityID: community.id!, version: 1, text: "Je donne autant que je reçois.",
                              authorID: user.id!, createdAt: now).create(on: db)
            let membership = Membership(id: ids.next(), communityID: community.id!, userID: user.id!, handle: user.handle,
                                        role: .founder, status: .active, joinedAt: now)
            membership.acceptedCharterVersion = 1
            try await membership.create(on: db)
        }
    }

    private struct N: Decodable { let n: Int }
    private func count(_ app: Application, _ q: SQLQueryString) async throws -> Int {
        try await app.db.row(q, as: N.self)?.n ?? 0
    }

    @Test(arguments: TestDatabase.all)
    func aBackupUnderWriteLoadRestoresOneConsistentMoment(_ db: TestDatabase) async throws {
        let first = file("load"), second = file("again")
        defer { for f in [first, second] { try? FileManager.default.removeItem(atPath: f) } }
        var snapshot: [String: Int] = [:]
        var written = 0
        try await withEnjeu(db) { source in
            try await tellDemo(source)
            // Writes in a loop, each its own transaction, until the backup is done and a few more have landed.
            let load = Task {
                var i = 0
                while !Task.isCancelled {
                    try await Self.foundOne(source, i)
                    i += 1
                }
            }
            func loaded(atLeast n: Int) async throws -> Int {
                for _ in 0..<3_000 {
                    let now = try await count(source, "SELECT COUNT(*) AS n FROM users WHERE handle LIKE 'load%'")
                    if now >= n { return now }
                    try await Task.sleep(for: .milliseconds(10))
                }
                Issue.record("the write load stalled below \(n) transactions")
                return 0
            }
            _ = try await loaded(atLeast: 5)
            snapshot = try await Backup.write(source, to: first)
            _ = try await loaded(atLeast: try await loaded(atLeast: 0) + 3)
            load.cancel()
            _ = try? await load.value  // cancelled mid-write, a transaction may have rolled back: count what committed
            written = try await count(source, "SELECT COUNT(*) AS n FROM users WHERE handle LIKE 'load%'")
        }
        #expect((snapshot["users"] ?? 0) > 0)

        try await withEnjeu(db) { target in
            let restored = try await Restore.run(target, from: first, force: false)
            #expect(restored == snapshot, "rows restored per table are the rows the backup says it holds")
            for (table, rows) in snapshot {
                #expect(try await count(target, "SELECT COUNT(*) AS n FROM \(ident: table)") == rows, "\(table)")
            }
            // One moment: every load transaction is there whole or not at all, and some landed after it.
            let users = try await count(target, "SELECT COUNT(*) AS n FROM users WHERE handle LIKE 'load%'")
            #expect(users >= 5 && users < written, "\(users) load users in the backup, \(written) written")
            #expect(try await count(target, "SELECT COUNT(*) AS n FROM communities WHERE slug LIKE 'load-%'") == users)
            #expect(try await count(target, """
                SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id JOIN communities c ON c.id = m.community_id
                JOIN charters h ON h.community_id = c.id WHERE u.handle LIKE 'load%'
                """) == users)
            // The demo's pages still read: the catalogue's search index came back with the offers.
            let offers = try await count(target, "SELECT COUNT(*) AS n FROM offers")
            #expect(offers > 0)
            if case .sqlite = db { #expect(try await count(target, "SELECT COUNT(*) AS n FROM offers_fts") == offers) }
            // Every value intact: a backup of the restored database holds the same rows.
            _ = try await Backup.write(target, to: second)
        }
        #expect(try BackupContent(first) == BackupContent(second))
    }

    @Test(arguments: TestDatabase.all)
    func aBackupOfOneKindRestoresIntoTheOther(_ db: TestDatabase) async throws {
        // SQLite → PostgreSQL and back, when a PostgreSQL is given (the `db` argument picks the source).
        guard let other = TestDatabase.all.first(where: { $0.testDescription != db.testDescription }) else { return }
        let there = file("there"), back = file("back")
        defer { for f in [there, back] { try? FileManager.default.removeItem(atPath: f) } }
        try await withEnjeu(db) { source in
            try await tellDemo(source)
            _ = try await Backup.write(source, to: there)
        }
        try await withEnjeu(other) { target in
            _ = try await Restore.run(target, from: there, force: false)
            _ = try await Backup.write(target, to: back)
            // The catalogue's search works on what was restored (FTS5 rebuilt on SQLite, a generated column on PostgreSQL).
            let search = try await WebClient(app: target).get("/catalogue?q=tissage")
            #expect(search.status == .ok)
        }
        // Timestamps keep their microseconds (PostgreSQL's precision), booleans their truth.
        #expect(try BackupContent(there).matches(try BackupContent(back), seconds: 1e-6))
    }

    @Test(arguments: TestDatabase.all)
    func restoreRefusesWhatItMust(_ db: TestDatabase) async throws {
        let good = file("good"), cut = file("cut"), notOne = file("not"), newer = file("newer")
        defer { for f in [good, cut, notOne, newer] { try? FileManager.default.removeItem(atPath: f) } }
        try await withEnjeu(db) { app in
            try await Self.foundOne(app, 1)
            _ = try await Backup.write(app, to: good)
            await #expect(throws: OperationProblem.self) { try await Backup.write(app, to: good) }   // never overwrites
            let lines = try String(contentsOfFile: good, encoding: .utf8).split(separator: "\n")
            try lines.dropLast().joined(separator: "\n").write(toFile: cut, atomically: true, encoding: .utf8)
            try "id,handle\n1,camille\n".write(toFile: notOne, atomically: true, encoding: .utf8)
            let header = lines[0].replacingOccurrences(of: "\"migrations\":[", with: "\"migrations\":[\"EnjeuApp.M999FromTheFuture\",")
            try ([header] + lines.dropFirst().map(String.init)).joined(separator: "\n").write(toFile: newer, atomically: true, encoding: .utf8)

            func problem(_ path: String, force: Bool = false) async -> String {
                do { _ = try await Restore.run(app, from: path, force: force); return "restored" } catch { return "\(error)" }
            }
            #expect(await problem(good).contains("not empty"))
            #expect(await problem(file("missing")).contains("no backup file"))
            #expect(await problem(notOne).contains("not an Enjeu backup"))
            #expect(await problem(newer, force: true).contains("newer than this Enjeu"))
            #expect(await problem(cut, force: true).contains("cut short"))
            // Refusals changed nothing; --force replaces everything with the backup.
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users") == 1)
            try await Self.foundOne(app, 2)
            #expect(try await Restore.run(app, from: good, force: true)["users"] == 1)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE handle = 'load1'") == 1)
        }
    }
}

/// A backup's rows per table, order aside, for comparing two backups.
struct BackupContent: Equatable {
    var tables: [String: [[Cell]]] = [:]

    init(_ path: String) throws {
        let reader = try LineReader(path: path)
        let decoder = JSONDecoder()
        var table = ""
        while let line = try reader.next() {
            if line.first == UInt8(ascii: "[") {
                tables[table, default: []].append(try decoder.decode([Cell].self, from: Data(line)))
            } else if let name = try decoder.decode(BackupFormat.Control.self, from: Data(line)).table {
                table = name
                tables[name] = []
            }
        }
        for (name, rows) in tables { tables[name] = rows.sorted { Self.key($0) < Self.key($1) } }
    }

    /// Rows ordered by what does not depend on the database: text and integers, booleans as 0/1.
    private static func key(_ row: [Cell]) -> String {
        row.map { cell -> String in
            switch cell {
            case let .text(s): s
            case let .int(i): String(i)
            case let .bool(b): b ? "1" : "0"
            case .real, .null: ""
            }
        }.joined(separator: "\u{1}")
    }

    /// The same rows, a boolean equal to its 0/1 and numbers within `seconds` (a timestamp's precision).
    func matches(_ other: BackupContent, seconds: Double) -> Bool {
        guard tables.keys.sorted() == other.tables.keys.sorted() else { return false }
        for (name, rows) in tables {
            guard let theirs = other.tables[name], theirs.count == rows.count else { return false }
            for (a, b) in zip(rows, theirs) where a.count != b.count || zip(a, b).contains(where: { !Self.same($0, $1, seconds) }) {
                Issue.record("\(name): \(a) ≠ \(b)")
                return false
            }
        }
        return true
    }

    private static func same(_ a: Cell, _ b: Cell, _ tolerance: Double) -> Bool {
        switch (a, b) {
        case let (.bool(x), .int(y)), let (.int(y), .bool(x)): (x ? 1 : 0) == y
        case let (.real(x), .real(y)): abs(x - y) <= tolerance
        case let (.real(x), .int(y)), let (.int(y), .real(x)): abs(x - Double(y)) <= tolerance
        default: a == b
        }
    }
}
