import Foundation

/// A community's vitality (« vitalité »), measured from what its members did over the last 30 days beside the 30 days
/// before, and the life stage those measures suggest. Pure: the measures are counted by the app
/// (App: Communities/VitalityQueries.swift), the rule lives here and is unit-tested.
public enum VitalityMetric: String, CaseIterable, Codable, Sendable {
    /// Active members who did something the community keeps: a post or comment, a figure, a flow, a position.
    case activeMembers = "active-members"
    /// Decisions taken: amendments, charter, stage and journey proposals adopted or rejected.
    case decisions
    /// Journey actions marked done.
    case actionsCompleted = "actions-completed"
    /// Values contributed to the community's indicators.
    case figures
    /// Entries recorded in the community's ledger.
    case flows
}

public enum Trend: String, CaseIterable, Codable, Sendable {
    case up, steady, down
}

/// One measure over the last window and the one before it.
public struct VitalityMeasure: Sendable, Equatable, Codable {
    public let current: Int
    public let previous: Int

    public init(current: Int, previous: Int) { self.current = current; self.previous = previous }

    public var trend: Trend { current > previous ? .up : current < previous ? .down : .steady }
}

public struct Vitality: Sendable, Equatable {
    /// Active members today (the community's count).
    public let members: Int
    /// Days since the community was created.
    public let ageDays: Int
    public let measures: [VitalityMetric: VitalityMeasure]

    public init(members: Int, ageDays: Int, measures: [VitalityMetric: VitalityMeasure]) {
        self.members = members; self.ageDays = ageDays; self.measures = measures
    }

    public subscript(_ m: VitalityMetric) -> VitalityMeasure { measures[m] ?? VitalityMeasure(current: 0, previous: 0) }

    /// Things done in the last window (decisions, actions, figures, flows), and in the one before.
    public var activity: Int { work(\.current) }
    public var previousActivity: Int { work(\.previous) }

    private func work(_ side: KeyPath<VitalityMeasure, Int>) -> Int {
        [VitalityMetric.decisions, .actionsCompleted, .figures, .flows].reduce(0) { $0 + self[$1][keyPath: side] }
    }

    /// The share of active members who acted in the last window (0 when there are none).
    public var activeShare: Double { members == 0 ? 0 : Double(self[.activeMembers].current) / Double(members) }
}

/// The life-stage rule: what the measures suggest, from the stage the community is in. Documented thresholds, in order:
/// 1. `closed` stays closed (an archive: nothing is done there any more).
/// 2. A `dormant` community at least 60 days old where nobody did anything for 60 days: `closed` is suggested.
/// 3. A community at least 30 days old where nobody did anything for 30 days, or where fewer than 10 % of the members
///    acted and fewer than 3 things were done: `dormant`.
/// 4. At least 180 days old, 12 members or more, 6 of them (and a quarter at least) active, and 2 decisions taken in the
///    last 30 days: `mature`. A mature community stays mature until it falls dormant.
/// 5. At least 3 active members and 5 things done in 30 days, or a dormant community where life came back: `growing`.
/// 6. Otherwise the stage stays what it is (`emerging` or `growing`).
public enum StageRule {
    public static let windowDays = 30
    public static let youngDays = 30
    public static let matureAgeDays = 180
    public static let matureMembers = 12
    public static let matureActive = 6
    public static let matureShare = 0.25
    public static let matureDecisions = 2
    public static let dormantShare = 0.10
    public static let dormantActivity = 3
    public static let growingActive = 3
    public static let growingActivity = 5

    public static func suggested(_ v: Vitality, current: LifeStage) -> LifeStage {
        if current == .closed { return .closed }
        let active = v[.activeMembers]
        let silent = active.current == 0 && v.activity == 0
        if current == .dormant && silent && active.previous == 0 && v.previousActivity == 0 && v.ageDays >= 2 * windowDays {
            return .closed
        }
        if v.ageDays >= youngDays && (silent || (v.activeShare < dormantShare && v.activity < dormantActivity)) { return .dormant }
        if v.ageDays >= matureAgeDays && v.members >= matureMembers && active.current >= matureActive && v.activeShare >= matureShare
            && v[.decisions].current >= matureDecisions {
            return .mature
        }
        if current == .mature { return .mature }
        if (active.current >= growingActive && v.activity >= growingActivity) || current == .dormant { return .growing }
        return current
    }
}
