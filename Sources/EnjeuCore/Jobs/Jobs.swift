import Foundation

/// The states of a queued job, as stored in `jobs.state`.
public enum JobState: String, Sendable, CaseIterable {
    /// Waiting for `run_at`.
    case queued
    /// Taken by an instance until `locked_until`; taken again by anyone once that has passed (the instance died).
    case running
    case done
    /// Failed `max_attempts` times: kept for the operator, never retried.
    case dead
}

/// When a failed job is tried again: exponential backoff with jitter, so failures of many jobs do not retry in step.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 2, cap: Double = 3_600) {
        self.base = base
        self.cap = cap
    }

    /// Seconds to wait after the `attempt`-th failure (1-based); `jitter` in [0, 1) spreads it by ±20 %.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Double {
        let exponential = base * pow(2, Double(max(0, min(attempt - 1, 40))))
        return min(cap, exponential) * (0.8 + 0.4 * min(max(jitter, 0), 1))
    }
}

/// Scheduled work runs on ticks aligned on the epoch, so every instance agrees on which tick is due
/// without talking to the others; the database then gives each tick to one of them.
public enum Schedule {
    public static func tick(at seconds: Double, every interval: Double) -> Int64 {
        Int64((seconds / interval).rounded(.down))
    }

    public static func start(ofTick tick: Int64, every interval: Double) -> Double {
        Double(tick) * interval
    }
}
