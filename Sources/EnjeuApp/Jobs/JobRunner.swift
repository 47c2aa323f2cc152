import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// Work that runs every `every` seconds, on one of the instances sharing the database.
struct ScheduledJob: Sendable {
    let name: String
    let every: Double
    /// Returns how many things it did, for the log.
    let run: @Sendable (ServiceContext) async throws -> Int
}

/// The one runner of background work on an instance: the scheduled jobs, and workers taking the job queue.
/// Each tick of each job is taken by exactly one instance: the first to insert its `job_runs` row (unique on job and
/// tick). Shutdown stops taking new work and waits for what is running.
final class JobRunner: LifecycleHandler, Sendable {
    let scheduled: [ScheduledJob]
    let queue: JobQueue
    let workers: Int
    /// Workers that take only deliveries to other servers (0: every worker takes every job).
    let deliveryWorkers: Int
    let poll: Double
    /// This instance, as `job_runs.holder` and `jobs.locked_by` name it.
    let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    private let alarm = Alarm()
    private let loops = Loops()

    init(scheduled: [ScheduledJob], queue: JobQueue, workers: Int = 2, deliveryWorkers: Int = 0, poll: Double = 1) {
        self.scheduled = scheduled
        self.queue = queue
        self.workers = workers
        self.deliveryWorkers = deliveryWorkers
        self.poll = poll
    }

    func didBootAsync(_ app: Application) async throws {
        for job in scheduled { await loops.add(Task { await self.schedule(job, app) }) }
        let lane: JobQueue.Lane = deliveryWorkers > 0 ? .others : .all
        for _ in 0..<workers { await loops.add(Task { await self.work(app, lane) }) }
        for _ in 0..<deliveryWorkers { await loops.add(Task { await self.work(app, .deliveries) }) }
    }

    func shutdownAsync(_ app: Application) async {
        await alarm.stop()
        await loops.waitAll()
    }

    private func schedule(_ job: ScheduledJob, _ app: Application) async {
        while true {
            let now = Date().timeIntervalSince1970
            let tick = Schedule.tick(at: now, every: job.every) + 1
            guard await alarm.sleep(Schedule.start(ofTick: tick, every: job.every) - now) else { return }
            await runTick(job, tick, app.context())
        }
    }

    /// Takes the tick if no other instance has, runs it, and records how it ended.
    func runTick(_ job: ScheduledJob, _ tick: Int64, _ ctx: ServiceContext) async {
        let id = ctx.newID()
        do {
            let taken = try await ctx.write { db in
                try await db.rows("""
                    INSERT INTO job_runs (id, job, tick, holder, started_at)
                    VALUES (\(bind: id), \(bind: job.name), \(bind: tick), \(bind: self.holder), \(bind: ctx.now))
                    ON CONFLICT (job, tick) DO NOTHING RETURNING id
                    """, as: Taken.self)
            }
            guard !taken.isEmpty else { return }
        } catch {
            ctx.logger.warning("job lease failed", metadata: ["job": "\(job.name)", "error": "\(error)"])
            return
        }
        let outcome: String
        do {
            let done = try await job.run(ctx)
            outcome = "ok \(done)"
            ctx.app.metrics?.scheduledJobRan(job.name, failed: false)
            if done > 0 { ctx.logger.info("job ran", metadata: ["job": "\(job.name)", "tick": "\(tick)", "done": "\(done)"]) }
        } catch {
            outcome = "error: \(error)".prefix(1_000).description
            ctx.app.metrics?.scheduledJobRan(job.name, failed: true)
            ctx.logger.error("job failed", metadata: ["job": "\(job.name)", "tick": "\(tick)", "error": "\(error)"])
        }
        _ = try? await ctx.write { db in
            try await sql(db).raw("UPDATE job_runs SET finished_at = \(bind: ctx.now), outcome = \(bind: outcome) WHERE id = \(bind: id)").run()
        }
    }

    private struct Taken: Decodable { let id: UUID }

    private func work(_ app: Application, _ lane: JobQueue.Lane) async {
        while true {
            let ctx = app.context()
            let claimed: [JobQueue.Claimed]
            do { claimed = try await queue.claim(ctx, holder: holder, limit: 1, lane: lane) } catch {
                ctx.logger.warning("job queue unavailable", metadata: ["error": "\(error)"])
                claimed = []
            }
            if claimed.isEmpty {
                guard await alarm.sleep(poll) else { return }
                continue
            }
            for job in claimed { await queue.run(job, ctx, holder: holder) }
            if await alarm.stopping { return }
        }
    }
}

/// Sleeps that shutdown cuts short; work in progress is never cancelled.
private actor Alarm {
    private(set) var stopping = false
    private var sleepers: [UUID: Task<Void, Never>] = [:]

    /// false once the runner is stopping.
    func sleep(_ seconds: Double) async -> Bool {
        guard !stopping else { return false }
        let id = UUID()
        let sleeper = Task { _ = try? await Task.sleep(for: .seconds(max(0, seconds))) }
        sleepers[id] = sleeper
        await sleeper.value
        sleepers[id] = nil
        return !stopping
    }

    func stop() {
        stopping = true
        for s in sleepers.values { s.cancel() }
    }
}

private actor Loops {
    private var tasks: [Task<Void, Never>] = []
    func add(_ t: Task<Void, Never>) { tasks.append(t) }
    func waitAll() async { for t in tasks { await t.value } }
}
