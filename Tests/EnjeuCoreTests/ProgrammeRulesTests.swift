import Foundation
import Testing
@testable import EnjeuCore

@Suite struct ProgrammeRulesTests {
    @Test func membersOfAJoinedCommunityTakePartThroughIt() {
        let approved = ViewerRelation.member(role: .member, status: .approved, charterCurrent: false)
        let active = ViewerRelation.member(role: .member, status: .active, charterCurrent: true)
        // No row of their own: a member of a joined community is approved, and may accept the charter, not yet contribute.
        #expect(ProgrammeParticipation.relation(direct: .outsider, hasRow: false, rowVia: false, via: true) == approved)
        #expect(AccessPolicy.allows(.acceptCharter, visibility: .public, relation: approved))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: approved))
        // Nor a joined community: as they are.
        #expect(ProgrammeParticipation.relation(direct: .outsider, hasRow: false, rowVia: false, via: false) == .outsider)
        #expect(ProgrammeParticipation.relation(direct: .pending, hasRow: false, rowVia: false, via: false) == .pending)
        // A membership that came through a community holds while one still counts them, and not after.
        #expect(ProgrammeParticipation.relation(direct: active, hasRow: true, rowVia: true, via: true) == active)
        #expect(ProgrammeParticipation.relation(direct: active, hasRow: true, rowVia: true, via: false) == .outsider)
        #expect(ProgrammeParticipation.relation(direct: active, hasRow: true, rowVia: true, via: false, pending: true) == .pending)
        // One's own membership stands whatever the communities do.
        #expect(ProgrammeParticipation.relation(direct: active, hasRow: true, rowVia: false, via: false) == active)
    }

    @Test func perCommunityMediansOnlyFromThreeContributors() {
        let s = ProgrammeSources.summarise([("a", 10), ("a", 30), ("a", 20), ("a", 40), ("b", 11), ("b", 12), (nil, 5), (nil, 6), (nil, 7)])
        #expect(s.contributors == 9)
        #expect(s.communities.map(\.community) == ["a", "b", nil], "largest first, direct participants last")
        #expect(s.communities[0].median == 25)
        #expect(s.communities[0].contributors == 4)
        #expect(s.communities[1].median == nil, "two contributors: no median (the three-subject rule)")
        #expect(s.communities[2].median == 6)
        #expect(ProgrammeSources.summarise([]).communities.isEmpty)
    }

    @Test func mergesNeedTheSameUnitAndPeriod() {
        #expect(MergeRules.mismatches(unit: "€ (k)", period: "2026-q3", intoUnit: "€ (k)", intoPeriod: "2026-Q3").isEmpty)
        let unit = MergeRules.mismatches(unit: "€", period: "2026", intoUnit: "h", intoPeriod: "2026")
        #expect(unit.all.map(\.field) == [.unit])
        let period = MergeRules.mismatches(unit: "€", period: "2026", intoUnit: "€", intoPeriod: "2025")
        #expect(period.all.map(\.field) == [.period])
    }
}
