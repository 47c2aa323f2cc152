import Fluent
import SQLKit

/// `job_runs`: one row per tick of a scheduled job, inserted by the instance that takes it (the unique key is the lease).
/// `jobs`: the persistent queue of one-off work (deliveries…), with attempts and the time of the next try.
struct M023CreateJobs: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("job_runs", .id, .text("job"), .int64("tick"), .text("holder"),
            .time("started_at"), .time(optional: "finished_at"), .text(optional: "outcome"),
            unique: ["job", "tick"])
        try await db.table("jobs", .id, .text("kind", "payload", "state"), .int("attempts", "max_attempts"), .time("run_at"),
            .text(optional: "locked_by"), .time(optional: "locked_until"), .text(optional: "last_error"),
            .time("created_at"), .time(optional: "finished_at"))
        try await db.createIndex("jobs_due", on: "jobs", ["state", "run_at"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("jobs", "job_runs")
    }
}
