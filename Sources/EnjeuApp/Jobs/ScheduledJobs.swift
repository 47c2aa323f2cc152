import Fluent
import SQLKit
import Vapor
import EnjeuCore

extension ScheduledJob {
    /// Every scheduled job of Enjeu. An interval of 0 turns a job off.
    static func all(_ config: EnjeuConfig) -> [ScheduledJob] {
        var jobs = [
            ScheduledJob(name: "decisions.close-due", every: 60) { ctx in
                try await CodeService(ctx).closeDueAmendments() + JourneyService(ctx).closeDueProposals()
            },
            ScheduledJob(name: "figures.relearn", every: Double(config.figuresRefreshSeconds)) { ctx in
                try await FiguresService(ctx).refreshDirtyCommunities()
            },
            ScheduledJob(name: "credibility.recompute", every: Double(config.credibilityRefreshSeconds)) { ctx in
                try await CredibilityService(ctx).recomputeDue()
            },
            ScheduledJob(name: "jobs.prune", every: 3_600) { ctx in try await pruneJobHistory(ctx) },
            // Vitality and life stages: a stage proposal when the measures cross a threshold, revivals for dormant communities.
            ScheduledJob(name: "stages.review", every: 86_400) { ctx in try await StageService(ctx).review() },
            // Suspensions are over at their end without it (the gate compares); it tidies the rows and member counts.
            ScheduledJob(name: "suspensions.lift", every: 300) { ctx in try await Suspensions.liftDue(ctx) },
            // My data's exports past their 24 hours: files deleted.
            ScheduledJob(name: "exports.expire", every: 600) { ctx in try await DataExport(ctx).expire() },
        ]
        if config.smtpURL != nil {
            jobs.append(ScheduledJob(name: "digests.send", every: Double(config.digestSeconds)) { ctx in try await DigestService(ctx).sendDue() })
        }
        return jobs.filter { $0.every > 0 }
    }

    /// Finished queue jobs and tick records older than a week go; dead jobs stay for the operator.
    static func pruneJobHistory(_ ctx: ServiceContext) async throws -> Int {
        let before = ctx.now.addingTimeInterval(-7 * 86_400)
        return try await ctx.write { db in
            let done = try await db.rows("""
                DELETE FROM jobs WHERE state = \(bind: JobState.done.rawValue) AND finished_at < \(bind: before) RETURNING id
                """, as: Pruned.self)
            let runs = try await db.rows("DELETE FROM job_runs WHERE started_at < \(bind: before) RETURNING id", as: Pruned.self)
            return done.count + runs.count
        }
    }

    private struct Pruned: Decodable { let id: UUID }
}
