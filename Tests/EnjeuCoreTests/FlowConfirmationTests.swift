import Testing
@testable import EnjeuCore

@Suite struct FlowConfirmationTests {
    let ana = FlowConfirmation.Recorder(handle: "ana", steward: false)
    let sam = FlowConfirmation.Recorder(handle: "sam", steward: true)

    @Test func aFlowNamingSomeoneElseWaitsForThem() {
        func needs(_ from: Actor, _ to: Actor, _ r: FlowConfirmation.Recorder) -> Bool { FlowConfirmation.needsConfirmation(from: from, to: to, by: r) }
        // The forged flow: another member gives to the recorder.
        #expect(needs(.member("bea"), .member("ana"), ana))
        #expect(needs(.member("ana"), .member("bea"), ana))
        #expect(needs(.member("bea"), .member("cyd"), ana), "a flow between two others")
        // Outside parties cannot confirm: between the recorder and them it stands on her word, recorded as hers.
        #expect(!needs(.member("ana"), .outside("Boutique"), ana))
        #expect(!needs(.outside("Boutique"), .member("ana"), ana))
        #expect(needs(.member("bea"), .outside("Boutique"), ana), "another member's flow waits for her")
        #expect(needs(.outside("A"), .outside("B"), ana), "a flow the recorder is no party to waits for a steward")
        // The community speaks through its stewards, but a steward never vouches for a flow between herself and it.
        #expect(needs(.member("ana"), .community, ana))
        #expect(needs(.community, .member("ana"), ana))
        #expect(!needs(.community, .outside("Imprimerie"), sam))
        #expect(needs(.community, .outside("Imprimerie"), ana))
        #expect(needs(.community, .member("sam"), sam))
        #expect(needs(.member("sam"), .community, sam))
        #expect(needs(.community, .member("bea"), sam))
    }

    @Test func whoDecidesAndWhoCorrects() {
        let flow = (from: Actor.member("bea"), to: Actor.member("ana"))
        #expect(FlowConfirmation.canDecide(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "ana", steward: false) == .ownEntry)
        #expect(FlowConfirmation.canDecide(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "ana", steward: true) == .ownEntry,
                "a steward does not confirm her own entry either")
        #expect(FlowConfirmation.canDecide(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "cyd", steward: false) == .notAParty)
        #expect(FlowConfirmation.canDecide(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "bea", steward: false) == nil)
        #expect(FlowConfirmation.canDecide(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "sam", steward: true) == nil)
        #expect(!FlowConfirmation.canReverse(from: flow.from, to: flow.to, recordedBy: "ana", viewer: "cyd", steward: false))
        for who in ["ana", "bea"] { #expect(FlowConfirmation.canReverse(from: flow.from, to: flow.to, recordedBy: "ana", viewer: who, steward: false)) }
        #expect(FlowConfirmation.canReverse(from: flow.from, to: flow.to, recordedBy: nil, viewer: "sam", steward: true))
    }
}
