import Foundation
import Testing
@testable import EnjeuCore

@Suite struct JourneyRulesTests {
    @Test func stepsAreNumberedAndKeyedAsTheContractSays() {
        #expect(JourneyStep.allCases.map(\.rawValue) == ["values", "common-good", "project", "action-plan", "action", "governance"])
        #expect(JourneyStep.allCases.map(\.number) == [1, 2, 3, 4, 5, 6])
    }

    @Test func statesFollowWhatTheCommunityAdoptedAndDid() {
        var f = JourneyFacts()
        #expect(JourneyRules.states(f).values.allSatisfy { $0 == .notStarted })
        f.openValues = 1
        #expect(JourneyRules.states(f)[.values] == .inProgress)
        f.adoptedValues = 2
        f.plannedActions = 1
        #expect(JourneyRules.states(f)[.values] == .done)
        #expect(JourneyRules.states(f)[.actionPlan] == .inProgress, "an action without owner is only planned")
        f.ownedActions = 1
        f.actionsInProgress = 1
        #expect(JourneyRules.states(f)[.actionPlan] == .done)
        #expect(JourneyRules.states(f)[.action] == .inProgress)
        f.retrospectives = 1
        #expect(!JourneyRules.canStartNextCycle(f))
        f.governanceAmendmentsAdopted = 1
        #expect(JourneyRules.canStartNextCycle(f))
    }

    @Test func actionsMoveForwardOnly() {
        #expect(ActionStatus.planned.canMove(to: .inProgress))
        #expect(ActionStatus.planned.canMove(to: .dropped))
        #expect(!ActionStatus.planned.canMove(to: .done))
        #expect(ActionStatus.inProgress.canMove(to: .done))
        #expect(!ActionStatus.done.canMove(to: .inProgress))
        #expect(!ActionStatus.dropped.canMove(to: .planned))
    }

    @Test func scoresAreZeroToFourAndNamedWhenWrong() {
        #expect((try? Scores(material: 0, consciousness: 4, mastery: 2, maturity: 3).validated().get()) != nil)
        guard case let .failure(v) = Scores(material: 5, consciousness: -1, mastery: 2, maturity: 3).validated() else { Issue.record("accepted"); return }
        #expect(v.all.map(\.field) == [.material, .consciousness])
        let a = ScoreAggregate(count: 2, sums: [6, 8, 4, 2])
        #expect(a.mean(.material) == 3)
        #expect(a.mean(.maturity) == 1)
        #expect(ScoreAggregate().mean(.mastery) == nil)
    }

    @Test func proposalsAndActionsAreValidated() {
        #expect((try? ProposalDraft(kind: "value", title: "Réciprocité", body: "Je donne autant que je reçois.").validated().get()) != nil)
        #expect((try? ProposalDraft(kind: "wish", title: "X", body: "").validated().get()) == nil)
        #expect((try? ProposalDraft(kind: "project", title: "Projet", body: "Trop court").validated().get()) == nil, "a project needs a real text")
        #expect((try? ActionDraft(title: "Atelier", description: "", needs: "", dueOn: "2026-02-30").validated().get()) == nil)
        #expect((try? ActionDraft(title: "Atelier", description: "", needs: "", dueOn: "2026-12-12").validated().get())?.dueOn == "2026-12-12")
    }
}
