import FluentSQLiteDriver
import Foundation
import Testing
import Vapor
@testable import EnjeuApp

/// A database made by an earlier release's schema (Tests/Fixtures/upgrade/*.sqlite, written by
/// scripts/make-upgrade-fixture.sh: the demo, with all its tables filled) migrates to this release with every row intact.
@Suite struct UpgradeTests {
    static var fixtures: [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/upgrade")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sqlite") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test func theRepositoryKeepsAFixtureOfAnEarlierSchema() {
        #expect(!Self.fixtures.isEmpty, "scripts/make-upgrade-fixture.sh writes one per release")
    }

    /// Derived state a migration may mark for recomputation (M037: credibility is recounted under the verified-results
    /// rule, which moves the communities' generations, the pages' cache key, as any change of their state does).
    private static let recomputed: [String: Set<String>] = ["credibility_state": ["dirty"], "communities": ["generation"]]

    /// Every row of every table, as SQLite stores it, for the columns the fixture had (less those marked for recomputation).
    private struct Rows: Equatable {
        var tables: [String: [[SQLiteData]]] = [:]
        var columns: [String: [String]] = [:]
    }

    private func read(_ path: String, columns known: [String: [String]]? = nil) async throws -> Rows {
        let conn = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            var rows = Rows()
            let masters = try await conn.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
            let virtual = masters.filter { ($0.column("sql")?.string ?? "").hasPrefix("CREATE VIRTUAL TABLE") }.compactMap { $0.column("name")?.string }
            for master in masters {
                guard let name = master.column("name")?.string, !virtual.contains(where: { name == $0 || name.hasPrefix($0 + "_") }) else { continue }
                var columns = known?[name] ?? []
                if known == nil {
                    columns = try await conn.query("PRAGMA table_info(\"\(name)\")").compactMap { $0.column("name")?.string }
                        .filter { !(Self.recomputed[name] ?? []).contains($0) }
                }
                guard !columns.isEmpty else { continue }
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                rows.columns[name] = columns
                rows.tables[name] = try await conn.query("SELECT \(list) FROM \"\(name)\" ORDER BY rowid").map { row in
                    columns.map { row.column($0) ?? .null }
                }
            }
            try await conn.close()
            return rows
        } catch {
            try? await conn.close()
            throw error
        }
    }

    @Test(arguments: UpgradeTests.fixtures)
    func aDatabaseOfAnEarlierReleaseMigratesWithEveryRowIntact(_ fixture: String) async throws {
        let dir = NSTemporaryDirectory() + "enjeu-upgrade-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/enjeu.sqlite"
        try FileManager.default.copyItem(atPath: fixture, toPath: path)
        let before = try await read(path)
        #expect((before.tables["users"]?.count ?? 0) > 0 && (before.tables["flows"]?.count ?? 0) > 0, "the fixture holds the demo")

        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: EnjeuConfig(database: .sqlite(path: path), bcryptCost: 4))
            // The upgraded database serves: a search reads the full-text index the fixture carried.
            let search = try await WebClient(app: app).get("/catalogue?q=tissage")
            #expect(search.status == .ok)
            let problems = try await (app.db as! any SQLDatabase).raw("PRAGMA foreign_key_check").all()
            #expect(problems.isEmpty, "every link still holds")
            // Tables made after a fixture's M029 (by M027, M028, M030) bump generations too: each has its triggers.
            struct Name: Decodable { let name: String }
            let triggers = Set(try await (app.db as! any SQLDatabase).raw("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                .all(decoding: Name.self).map(\.name))
            let untracked = CommunityGenerations.tracked.map(\.table).filter { !triggers.contains("enjeu_generation_\($0)_u") }
            #expect(untracked.isEmpty, "no generation triggers after the upgrade on \(untracked)")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        let after = try await read(path, columns: before.columns)
        for (table, rows) in before.tables where table != "_fluent_migrations" {
            #expect(after.tables[table] == rows, "\(table): \(rows.count) rows before, \(after.tables[table]?.count ?? 0) after, or changed")
        }
        let ran = before.tables["_fluent_migrations"]?.count ?? 0
        #expect((after.tables["_fluent_migrations"]?.count ?? 0) >= ran, "the fixture's migrations stay recorded")
    }
}
