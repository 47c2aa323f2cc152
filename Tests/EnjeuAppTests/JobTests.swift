import Foundation
import SQLKit
import Testing
import Vapor
@testable import EnjeuApp
import EnjeuCore

/// The one job runner: scheduled ticks taken by one instance each, the persistent queue with retries, and shutdown.
@Suite struct JobTests {
    /// What the job bodies saw, across both instances of a test.
    actor Log {
        private(set) var entries: [String] = []
        func add(_ s: String) { entries.append(s) }
        func count(_ s: String) -> Int { entries.filter { $0 == s }.count }
    }

    private struct Counts: Decodable { let runs: Int, ticks: Int }
    private struct JobRow: Decodable { let state: String, attempts: Int }

    static var postgres: [TestDatabase] {
        TestDatabase.all.filter { if case .postgres = $0 { true } else { false } }
    }

    @Test(arguments: JobTests.postgres)
    func twoInstancesOnOnePostgreSQLRunEachTickOnce(_ db: TestDatabase) async throws {
        let schema = "t_jobs_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let log = Log()
        try await withEnjeu(db, schema: String(schema)) { a in
            try await withEnjeu(db, schema: String(schema)) { b in
                let runners = ["a", "b"].map { name in
                    JobRunner(scheduled: [ScheduledJob(name: "test.tick", every: 1) { _ in await log.add(name); return 1 }],
                              queue: JobQueue(), workers: 0)
                }
                try await runners[0].didBootAsync(a)
                try await runners[1].didBootAsync(b)
                try await Task.sleep(for: .seconds(4.5))
                await runners[0].shutdownAsync(a)
                await runners[1].shutdownAsync(b)

                let counts = try #require(try await (a.db as! any SQLDatabase).raw("""
                    SELECT COUNT(*) AS runs, COUNT(DISTINCT tick) AS ticks FROM job_runs WHERE job = 'test.tick'
                    """).first(decoding: Counts.self))
                let executions = await log.entries.count
                #expect(counts.ticks >= 2, "ticks taken: \(counts.ticks)")
                #expect(counts.runs == counts.ticks, "a tick was taken twice")
                #expect(executions == counts.ticks, "\(executions) executions for \(counts.ticks) ticks")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func queuedJobsRunOnceRetryWithBackoffAndDie(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let log = Log()
            let failures = Log()
            let queue = JobQueue(handlers: [
                "ok": { _, payload in await log.add(payload) },
                "flaky": { _, payload in
                    await failures.add(payload)
                    if await failures.count(payload) < 3 { throw Abort(.serviceUnavailable) }
                    await log.add(payload)
                },
                "broken": { _, _ in throw Abort(.internalServerError) },
            ], retry: RetryPolicy(base: 0.05, cap: 0.2))
            let ctx = app.context()
            try await ctx.write { db in
                for i in 0..<12 { try await JobQueue.enqueue(db, id: ctx.newID(), kind: "ok", payload: "ok-\(i)", now: ctx.now) }
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: "flaky", payload: "flaky", now: ctx.now)
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: "broken", payload: "broken", now: ctx.now, maxAttempts: 2)
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: "unknown", payload: "?", now: ctx.now, maxAttempts: 1)
            }
            let runner = JobRunner(scheduled: [], queue: queue, workers: 3, poll: 0.02)
            try await runner.didBootAsync(app)
            let sql = app.db as! any SQLDatabase
            var rows: [JobRow] = []
            for _ in 0..<200 {
                rows = try await sql.raw("SELECT state, attempts FROM jobs").all(decoding: JobRow.self)
                if rows.allSatisfy({ $0.state == "done" || $0.state == "dead" }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            await runner.shutdownAsync(app)

            for i in 0..<12 { #expect(await log.count("ok-\(i)") == 1) }
            #expect(await log.count("flaky") == 1)
            #expect(await failures.count("flaky") == 3)
            #expect(rows.filter { $0.state == "done" }.count == 13)
            #expect(rows.filter { $0.state == "dead" }.map(\.attempts).sorted() == [1, 2])
        }
    }

    @Test(arguments: TestDatabase.all)
    func shutdownWaitsForTheJobItRuns(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let log = Log()
            let queue = JobQueue(handlers: ["slow": { _, _ in
                await log.add("started")
                try await Task.sleep(for: .milliseconds(600))
                await log.add("finished")
            }])
            let ctx = app.context()
            try await ctx.write { db in try await JobQueue.enqueue(db, id: ctx.newID(), kind: "slow", payload: "", now: ctx.now) }
            let runner = JobRunner(scheduled: [], queue: queue, workers: 1, poll: 0.02)
            try await runner.didBootAsync(app)
            for _ in 0..<200 where await log.entries.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            await runner.shutdownAsync(app)
            #expect(await log.entries == ["started", "finished"])
            let state = try await (app.db as! any SQLDatabase).raw("SELECT state, attempts FROM jobs").first(decoding: JobRow.self)
            #expect(state?.state == "done")
        }
    }

    /// Deliveries to other servers have a lane of their own: one stuck on a dead server holds up no other job.
    @Test(arguments: TestDatabase.all)
    func aSlowDeliveryHoldsUpNoOtherJob(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let log = Log()
            let queue = JobQueue(handlers: [
                Delivery.kind: { _, _ in
                    await log.add("delivery started")
                    try await Task.sleep(for: .seconds(6))
                    await log.add("delivery finished")
                },
                "quick": { _, _ in await log.add("quick") },
            ])
            let ctx = app.context()
            try await ctx.write { db in
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: Delivery.kind, payload: "", now: ctx.now.addingTimeInterval(-1))
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: "quick", payload: "", now: ctx.now)
            }
            let runner = JobRunner(scheduled: [], queue: queue, workers: 1, deliveryWorkers: 1, poll: 0.02)
            try await runner.didBootAsync(app)
            for _ in 0..<200 where await !log.entries.contains("quick") { try await Task.sleep(for: .milliseconds(20)) }
            // The quick job ran while the delivery was still under way.
            let seen = await log.entries
            #expect(seen.contains("quick") && !seen.contains("delivery finished"), "\(seen)")
            await runner.shutdownAsync(app)
        }
    }
}
