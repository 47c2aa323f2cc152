import Fluent
import SQLKit

/// `job_runs`: one row per tick of a scheduled job, inserted by the instance that takes it (the unique key is the lease).
/// `jobs`: the persistent queue of one-off work (deliveries…), with attempts and the time of the next try.
struct M023CreateJobs: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("job_runs")
            .id()
            .field("job", .string, .required)
            .field("tick", .int64, .required)
            .field("holder", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string)
            .unique(on: "job", "tick")
            .create()
        try await db.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("run_at", .datetime, .required)
            .field("locked_by", .string)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await db.createIndex("jobs_due", on: "jobs", ["state", "run_at"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("jobs").delete()
        try await db.schema("job_runs").delete()
    }
}
