import Foundation
import Testing
@testable import EnjeuCore

/// The life-stage rule (`StageRule`) at each of its documented thresholds, and a closed community's access.
@Suite struct VitalityTests {
    private func vitality(members: Int, age: Int, active: (Int, Int) = (0, 0), decisions: (Int, Int) = (0, 0), actions: (Int, Int) = (0, 0),
                          figures: (Int, Int) = (0, 0), flows: (Int, Int) = (0, 0)) -> Vitality {
        func m(_ p: (Int, Int)) -> VitalityMeasure { VitalityMeasure(current: p.0, previous: p.1) }
        return Vitality(members: members, ageDays: age, measures: [.activeMembers: m(active), .decisions: m(decisions),
                                                                  .actionsCompleted: m(actions), .figures: m(figures), .flows: m(flows)])
    }

    @Test func trendsCompareTheTwoWindows() {
        #expect(VitalityMeasure(current: 3, previous: 1).trend == .up)
        #expect(VitalityMeasure(current: 1, previous: 3).trend == .down)
        #expect(VitalityMeasure(current: 2, previous: 2).trend == .steady)
        let v = vitality(members: 10, age: 90, active: (4, 0), decisions: (1, 0), actions: (2, 1), figures: (3, 0), flows: (4, 9))
        #expect(v.activity == 10 && v.previousActivity == 10 && v.activeShare == 0.4)
    }

    @Test func aYoungCommunityIsNeverDormant() {
        #expect(StageRule.suggested(vitality(members: 1, age: 29), current: .emerging) == .emerging)
        #expect(StageRule.suggested(vitality(members: 1, age: 30), current: .emerging) == .dormant)
    }

    @Test func fewActiveAndLittleDoneIsDormant() {
        // 1 active out of 20 (5 %) and 2 things done: dormant; 3 things done: not.
        #expect(StageRule.suggested(vitality(members: 20, age: 100, active: (1, 5), flows: (2, 0)), current: .growing) == .dormant)
        #expect(StageRule.suggested(vitality(members: 20, age: 100, active: (1, 5), flows: (3, 0)), current: .growing) == .growing)
        // 2 active out of 20 is 10 %: not dormant, whatever was done.
        #expect(StageRule.suggested(vitality(members: 20, age: 100, active: (2, 0)), current: .growing) == .growing)
    }

    @Test func growingNeedsThreeActiveAndFiveThingsDone() {
        #expect(StageRule.suggested(vitality(members: 5, age: 10, active: (3, 0), figures: (5, 0)), current: .emerging) == .growing)
        #expect(StageRule.suggested(vitality(members: 5, age: 10, active: (2, 0), figures: (9, 0)), current: .emerging) == .emerging)
        #expect(StageRule.suggested(vitality(members: 5, age: 10, active: (3, 0), figures: (4, 0)), current: .emerging) == .emerging)
    }

    @Test func maturityHasFiveConditions() {
        let ripe = vitality(members: 12, age: 180, active: (6, 6), decisions: (2, 1), actions: (3, 3))
        #expect(StageRule.suggested(ripe, current: .growing) == .mature)
        #expect(StageRule.suggested(vitality(members: 12, age: 179, active: (6, 6), decisions: (2, 1), actions: (3, 3)), current: .growing) == .growing)
        #expect(StageRule.suggested(vitality(members: 11, age: 180, active: (6, 6), decisions: (2, 1), actions: (3, 3)), current: .growing) == .growing)
        #expect(StageRule.suggested(vitality(members: 12, age: 180, active: (5, 6), decisions: (2, 1), actions: (3, 3)), current: .growing) == .growing)
        #expect(StageRule.suggested(vitality(members: 12, age: 180, active: (6, 6), decisions: (1, 1), actions: (4, 3)), current: .growing) == .growing)
        // A quarter at least: 6 active out of 30 is 20 %.
        #expect(StageRule.suggested(vitality(members: 30, age: 400, active: (6, 6), decisions: (2, 1), actions: (3, 3)), current: .growing) == .growing)
        // Mature stays mature until it falls dormant.
        #expect(StageRule.suggested(vitality(members: 12, age: 400, active: (3, 6), flows: (1, 0)), current: .mature) == .mature)
        #expect(StageRule.suggested(vitality(members: 12, age: 400), current: .mature) == .dormant)
    }

    @Test func aDormantCommunityWakesOrCloses() {
        // Life came back: growing.
        #expect(StageRule.suggested(vitality(members: 10, age: 200, active: (2, 0), actions: (1, 0)), current: .dormant) == .growing)
        // Nothing for 60 days: closed is suggested; something in the 30 days before: it stays dormant.
        #expect(StageRule.suggested(vitality(members: 10, age: 200), current: .dormant) == .closed)
        #expect(StageRule.suggested(vitality(members: 10, age: 200, flows: (0, 1)), current: .dormant) == .dormant)
        #expect(StageRule.suggested(vitality(members: 10, age: 200, active: (0, 1)), current: .dormant) == .dormant)
        // Only a dormant community is suggested closed.
        #expect(StageRule.suggested(vitality(members: 10, age: 200), current: .growing) == .dormant)
        // Closed stays closed.
        #expect(StageRule.suggested(vitality(members: 10, age: 200, active: (9, 9), figures: (50, 50)), current: .closed) == .closed)
    }

    @Test func aClosedCommunityIsAReadableArchive() {
        let member = ViewerRelation.member(role: .member, status: .active, charterCurrent: true)
        let steward = ViewerRelation.member(role: .founder, status: .active, charterCurrent: true)
        let approved = ViewerRelation.member(role: .member, status: .approved, charterCurrent: false)
        #expect(!AccessPolicy.writable(.closed))
        for stage in LifeStage.allCases where stage != .closed { #expect(AccessPolicy.writable(stage)) }
        for v in Visibility.allCases {
            #expect(AccessPolicy.allows(.seeInside, visibility: v, relation: member, stage: .closed))
            #expect(AccessPolicy.allows(.readCode, visibility: v, relation: member, stage: .closed))
            // Members still read what contributing reads (the gate refuses its writes); pages offer no write.
            #expect(AccessPolicy.allows(.contribute, visibility: v, relation: member, stage: .closed))
            #expect(!AccessPolicy.offers(.contribute, visibility: v, relation: member, stage: .closed))
            #expect(!AccessPolicy.offers(.steward, visibility: v, relation: steward, stage: .closed))
            #expect(AccessPolicy.offers(.seeInside, visibility: v, relation: member, stage: .closed))
            #expect(AccessPolicy.offers(.contribute, visibility: v, relation: member, stage: .dormant))
            #expect(AccessPolicy.allows(.contribute, visibility: v, relation: member, stage: .dormant))
            #expect(!AccessPolicy.allows(.requestToJoin, visibility: v, relation: .outsider, stage: .closed))
            #expect(AccessPolicy.allows(.requestToJoin, visibility: v, relation: .outsider, stage: .dormant))
            #expect(!AccessPolicy.allows(.acceptCharter, visibility: v, relation: approved, stage: .closed))
            #expect(!AccessPolicy.allows(.leave, visibility: v, relation: member, stage: .closed))
            // Stewards still read their pages; the gate refuses their writes (`writable`).
            #expect(AccessPolicy.allows(.steward, visibility: v, relation: steward, stage: .closed))
        }
        #expect(AccessPolicy.allows(.seeInside, visibility: .public, relation: .anonymous, stage: .closed))
    }
}
