import Foundation

/// Members' assessments of one cycle and one kind (self- or peer-assessment), summed: one cell of the community's
/// figures. `subjects` is the number of distinct members assessed in it.
public struct MemberCell: Sendable, Equatable {
    public var cycle: Int, selfAssessed: Bool, subjects: Int, aggregate: ScoreAggregate
    public init(cycle: Int, selfAssessed: Bool, subjects: Int, aggregate: ScoreAggregate) {
        self.cycle = cycle; self.selfAssessed = selfAssessed; self.subjects = subjects; self.aggregate = aggregate
    }
}

/// Which of the members' assessments the community's figures may publish (a member's own dashboard is theirs and
/// the stewards' only).
///
/// The rule: a cell joins the figures only once its cycle has closed (`cycle < openCycle`) and when at least
/// `minimumSubjects` members were assessed in it; a withheld cell joins no figure at all, the totals over cycles
/// included. Why it is safe: every published figure (a cycle's self, peer or both; the same over all cycles) is the
/// public action sums plus a union of whole released cells, and cells hold disjoint assessments. So any figure, or any
/// sum or difference of figures, either depends on nothing private or contains every assessment of at least one
/// released cell — at least three members, never fewer — and no figure changes when a withheld cell does, so nothing
/// of it can be read by difference. Over time too: members are assessed only in the open cycle, whose cells are all
/// withheld, so a released cell never changes afterwards and comparing figures before and after one assessment reads
/// nothing (a released cell of the open cycle would move by exactly that one member's assessment).
public struct EvaluationRelease: Sendable, Equatable {
    public static let minimumSubjects = 3

    /// The cells that may be published.
    public let released: [MemberCell]
    /// Cycles where some members' assessments are left out (to say so, never how many or whose).
    public let withheldCycles: Set<Int>

    /// `cells`: one per cycle and kind, as counted by the database; `openCycle`: the cycle the community is in.
    public init(_ cells: [MemberCell], openCycle: Int) {
        released = cells.filter { Self.publishes($0, openCycle: openCycle) }
        withheldCycles = Set(cells.filter { !Self.publishes($0, openCycle: openCycle) && $0.aggregate.count > 0 }.map(\.cycle))
    }

    public static func publishes(_ cell: MemberCell, openCycle: Int) -> Bool { cell.cycle < openCycle && cell.subjects >= minimumSubjects }

    /// The members' part of one cycle's self- and peer-assessment figures, or of all cycles' (`cycle == nil`).
    public func members(cycle: Int?) -> (own: ScoreAggregate, peers: ScoreAggregate) {
        var own = ScoreAggregate(), peers = ScoreAggregate()
        for c in released where cycle == nil || c.cycle == cycle {
            if c.selfAssessed { own = own + c.aggregate } else { peers = peers + c.aggregate }
        }
        return (own, peers)
    }

    /// Whether the figures of `cycle` (or of all cycles) leave some members' assessments out.
    public func withholds(cycle: Int?) -> Bool { cycle.map(withheldCycles.contains) ?? !withheldCycles.isEmpty }

    /// Cycles with a released cell.
    public var cycles: [Int] { Array(Set(released.map(\.cycle))).sorted() }
}

extension ScoreAggregate {
    public static func + (a: ScoreAggregate, b: ScoreAggregate) -> ScoreAggregate {
        ScoreAggregate(count: a.count + b.count, sums: zip(a.sums, b.sums).map { $0 + $1 })
    }
}
