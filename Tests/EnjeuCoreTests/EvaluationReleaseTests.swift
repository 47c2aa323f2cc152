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
        ])
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
        ])
        #expect(r.members(cycle: nil).peers == one)
        #expect(r.members(cycle: 1).peers == one)
        #expect(r.members(cycle: 2).peers == ScoreAggregate())
        #expect(r.members(cycle: 2).own == agg(5, 10, 10, 10, 10), "a cell of five members is shown")
        #expect(r.members(cycle: nil).own == agg(5, 10, 10, 10, 10))
        #expect(r.withholds(cycle: 2) && !r.withholds(cycle: 1))
        #expect(r.cycles == [1, 2])
        let three = EvaluationRelease([MemberCell(cycle: 3, selfAssessed: true, subjects: 3, aggregate: one)])
        #expect(three.members(cycle: 3).own == one && !three.withholds(cycle: nil), "three members is enough")
    }

    /// Random communities: every released cell covers at least three members, each published figure (per cycle and
    /// over all cycles, self, peer and both) is a sum of whole released cells, and no published figure moves when the
    /// assessments of a withheld cell change — so no sum or difference of figures says anything about them.
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
            let release = EvaluationRelease(all)
            #expect(release.released.allSatisfy { $0.subjects >= EvaluationRelease.minimumSubjects })
            for c in [nil] + Array(1...4) as [Int?] {
                let shown = release.released.filter { cell in c.map { cell.cycle == $0 } ?? true }
                let m = release.members(cycle: c)
                #expect(m.own == shown.filter(\.selfAssessed).map(\.aggregate).reduce(ScoreAggregate(), +))
                #expect(m.peers == shown.filter { !$0.selfAssessed }.map(\.aggregate).reduce(ScoreAggregate(), +))
            }
            // Change every withheld cell's assessments (and who is in it, staying under three members).
            let withheld = Set(all.filter { $0.subjects < EvaluationRelease.minimumSubjects }.map { [$0.cycle, $0.selfAssessed ? 1 : 0] })
            var changed = data.filter { !withheld.contains([$0.key.cycle, $0.key.selfAssessed ? 1 : 0]) }
            for key in withheld {
                for member in (0..<members).shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng)) {
                    changed[Key(member: member, cycle: key[0], selfAssessed: key[1] == 1)] = random(&rng)
                }
            }
            #expect(published(EvaluationRelease(cells(changed))) == published(release))
        }
    }
}
