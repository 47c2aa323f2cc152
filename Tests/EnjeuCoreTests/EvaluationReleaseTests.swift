import Foundation
import Testing
@testable import EnjeuCore

@Suite struct EvaluationReleaseTests {
    func agg(_ count: Int, _ m: Int, _ c: Int, _ s: Int, _ t: Int) -> ScoreAggregate { ScoreAggregate(count: count, sums: [m, c, s, t]) }

    /// The case: one member peer-assessed, two only self-assessed — three assessed members in all, yet the peer
    /// total is one member's and the self total two members'. Neither may be published.
    @Test func eachKindNeedsItsOwnThreeMembers() {
        let r = EvaluationRelease([
            MemberCell(cycle: 1, selfAssessed: false, subjects: 1, aggregate: agg(1, 2, 3, 3, 4)),
            MemberCell(cycle: 1, selfAssessed: true, subjects: 2, aggregate: agg(2, 4, 4, 5, 6)),
        ], openCycle: 2)
        #expect(r.members(cycle: 1).peers == ScoreAggregate())
        #expect(r.members(cycle: 1).own == ScoreAggregate())
        #expect(r.members(cycle: nil).peers == ScoreAggregate())
        #expect(r.withholds(cycle: 1) && r.withholds(cycle: nil) && !r.withholds(cycle: 2))
        #expect(r.cycles.isEmpty)
    }

    /// Cycle 1 has three peer-assessed members, cycle 2 one: the total over cycles is cycle 1's, so « total − cycle 1 »
    /// reads nothing of cycle 2.
    @Test func aSmallCycleStaysOutOfTheTotals() {
        let one = agg(4, 8, 9, 10, 11)
        let r = EvaluationRelease([
            MemberCell(cycle: 1, selfAssessed: false, subjects: 3, aggregate: one),
            MemberCell(cycle: 2, selfAssessed: false, subjects: 1, aggregate: agg(1, 4, 4, 4, 4)),
            MemberCell(cycle: 2, selfAssessed: true, subjects: 5, aggregate: agg(5, 10, 10, 10, 10)),
        ], openCycle: 3)
        #expect(r.members(cycle: nil).peers == one)
        #expect(r.members(cycle: 1).peers == one)
        #expect(r.members(cycle: 2).peers == ScoreAggregate())
        #expect(r.members(cycle: 2).own == agg(5, 10, 10, 10, 10), "a cell of five members is shown")
        #expect(r.members(cycle: nil).own == agg(5, 10, 10, 10, 10))
        #expect(r.withholds(cycle: 2) && !r.withholds(cycle: 1))
        #expect(r.cycles == [1, 2])
        let three = EvaluationRelease([MemberCell(cycle: 3, selfAssessed: true, subjects: 3, aggregate: one)], openCycle: 4)
        #expect(three.members(cycle: 3).own == one && !three.withholds(cycle: nil), "three members is enough")
    }

    /// The open cycle's cells stay out however many members they cover: each assessment moves one of them by exactly
    /// that member's scores, so figures read before and after it would give them away. They join once the cycle closes.
    @Test func theOpenCycleIsWithheldUntilItCloses() {
        let closed = MemberCell(cycle: 1, selfAssessed: false, subjects: 3, aggregate: agg(3, 6, 6, 6, 6))
        let open = MemberCell(cycle: 2, selfAssessed: false, subjects: 3, aggregate: agg(3, 9, 9, 9, 9))
        let openSelf = MemberCell(cycle: 2, selfAssessed: true, subjects: 4, aggregate: agg(4, 8, 8, 8, 8))
        let before = EvaluationRelease([closed, open, openSelf], openCycle: 2)
        #expect(before.released == [closed])
        #expect(before.members(cycle: 2).peers == ScoreAggregate() && before.members(cycle: 2).own == ScoreAggregate())
        #expect(before.members(cycle: nil).peers == closed.aggregate && before.members(cycle: nil).own == ScoreAggregate())
        #expect(before.withholds(cycle: 2) && before.withholds(cycle: nil) && !before.withholds(cycle: 1))
        #expect(before.cycles == [1])
        // A fourth member peer-assessed; one of the three re-assessed; a self-assessment replaced: no figure moves.
        for next in [[open, MemberCell(cycle: 2, selfAssessed: true, subjects: 4, aggregate: agg(4, 9, 7, 8, 8))],
                     [MemberCell(cycle: 2, selfAssessed: false, subjects: 4, aggregate: agg(4, 13, 10, 12, 9)), openSelf],
                     [MemberCell(cycle: 2, selfAssessed: false, subjects: 3, aggregate: agg(3, 7, 9, 8, 9)), openSelf]] {
            let after = EvaluationRelease([closed] + next, openCycle: 2)
            for c in [nil, 1, 2, 3] as [Int?] {
                #expect(after.members(cycle: c).own == before.members(cycle: c).own && after.members(cycle: c).peers == before.members(cycle: c).peers)
                #expect(after.withholds(cycle: c) == before.withholds(cycle: c))
            }
        }
        let closedNow = EvaluationRelease([closed, open, openSelf], openCycle: 3)
        #expect(closedNow.members(cycle: 2).peers == open.aggregate && closedNow.members(cycle: 2).own == openSelf.aggregate)
        #expect(closedNow.members(cycle: nil).peers == closed.aggregate + open.aggregate && !closedNow.withholds(cycle: nil))
    }

    /// Random communities: every released cell covers at least three members of a closed cycle, each published figure
    /// (per cycle and over all cycles, self, peer and both) is a sum of whole released cells, and no published figure
    /// moves when the assessments of a withheld cell change — the open cycle's included — so no sum or difference of
    /// figures says anything about them.
    @Test func noFigureDependsOnAWithheldCell() {
        var rng = SplitMix(state: 12)
        struct Key: Hashable { let member: Int, cycle: Int, selfAssessed: Bool }
        func random(_ rng: inout SplitMix) -> ScoreAggregate {
            let n = Int.random(in: 1...3, using: &rng)
            return ScoreAggregate(count: n, sums: (0..<4).map { _ in Int.random(in: 0...(4 * n), using: &rng) })
        }
        func cells(_ data: [Key: ScoreAggregate]) -> [MemberCell] {
            Dictionary(grouping: data, by: { [$0.key.cycle, $0.key.selfAssessed ? 1 : 0] }).map { key, rows in
                MemberCell(cycle: key[0], selfAssessed: key[1] == 1, subjects: rows.count, aggregate: rows.map(\.value).reduce(ScoreAggregate(), +))
            }
        }
        func published(_ r: EvaluationRelease) -> [ScoreAggregate] {
            ([nil] + Array(1...4)).flatMap { (c: Int?) -> [ScoreAggregate] in
                let m = r.members(cycle: c)
                return [m.own, m.peers, m.own + m.peers]
            }
        }
        for _ in 0..<500 {
            var data: [Key: ScoreAggregate] = [:]
            let members = Int.random(in: 0...7, using: &rng)
            for member in 0..<members {
                for cycle in 1...4 {
                    for selfAssessed in [true, false] where Int.random(in: 0..<3, using: &rng) == 0 {
                        data[Key(member: member, cycle: cycle, selfAssessed: selfAssessed)] = random(&rng)
                    }
                }
            }
            let all = cells(data)
            let openCycle = Int.random(in: 1...5, using: &rng)
            let release = EvaluationRelease(all, openCycle: openCycle)
            #expect(release.released.allSatisfy { $0.subjects >= EvaluationRelease.minimumSubjects && $0.cycle < openCycle })
            for c in [nil] + Array(1...4) as [Int?] {
                let shown = release.released.filter { cell in c.map { cell.cycle == $0 } ?? true }
                let m = release.members(cycle: c)
                #expect(m.own == shown.filter(\.selfAssessed).map(\.aggregate).reduce(ScoreAggregate(), +))
                #expect(m.peers == shown.filter { !$0.selfAssessed }.map(\.aggregate).reduce(ScoreAggregate(), +))
            }
            // Change every withheld cell's assessments (and who is in it).
            let withheld = Set(all.filter { !EvaluationRelease.publishes($0, openCycle: openCycle) }.map { [$0.cycle, $0.selfAssessed ? 1 : 0] })
            var changed = data.filter { !withheld.contains([$0.key.cycle, $0.key.selfAssessed ? 1 : 0]) }
            for key in withheld {
                for member in (0..<members).shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng)) {
                    changed[Key(member: member, cycle: key[0], selfAssessed: key[1] == 1)] = random(&rng)
                }
            }
            #expect(published(EvaluationRelease(cells(changed), openCycle: openCycle)) == published(release))
        }
    }
}
