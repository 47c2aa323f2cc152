import Testing
import EnjeuCore
@testable import EnjeuWeb

/// One palette across features: what is done is never shown like what is refused, and words always come with it.
@Suite struct StatusPaletteTests {
    @Test func donesOpensAndTroublesOfEveryFeatureShareTheirTone() {
        #expect([AmendmentStatus.adopted.tone, ProposalStatus.adopted.tone, StepState.done.tone, ActionStatus.done.tone,
                  FlowStatus.confirmed.tone, ReferralStatus.completed.tone, FigureEstimate.Kind.estimate.tone].allSatisfy { $0 == .done })
        #expect([AmendmentStatus.open.tone, ProposalStatus.open.tone, StepState.inProgress.tone, ActionStatus.inProgress.tone,
                  FlowStatus.pending.tone, ReferralStatus.proposed.tone, FlagState.open.tone].allSatisfy { $0 == .open })
        #expect([AmendmentStatus.rejected.tone, AmendmentStatus.conflict.tone, ProposalStatus.rejected.tone, FlowStatus.declined.tone,
                  ReferralStatus.declined.tone, FigureEstimate.Kind.disputed.tone, FlagState.upheld.tone].allSatisfy { $0 == .trouble })
        #expect([StepState.notStarted.tone, AmendmentStatus.withdrawn.tone, FigureEstimate.Kind.none.tone].allSatisfy { $0 == .info })
    }

    @Test func aBadgeCarriesItsWordsEscapedAndItsToneClass() {
        for tone in Tone.allCases {
            let html = statusBadge(tone, "<b>adoptée</b>", classes: "status-x").html
            #expect(html == "<span class=\"badge tone-\(tone.rawValue) status-x\">&lt;b&gt;adoptée&lt;/b&gt;</span>")
        }
        #expect(statusBadge(.info, "n").html == "<span class=\"badge tone-info\">n</span>")
    }
}
