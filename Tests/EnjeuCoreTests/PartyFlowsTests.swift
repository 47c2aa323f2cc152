import Testing
@testable import EnjeuCore

/// Who records, who decides a flow between parties, and how each side reads it (issue 16).
@Suite struct PartyFlowsTests {
    let ana = PartyFlows.Standing(handle: "ana", steward: true, represents: ["coop"])
    let momo = PartyFlows.Standing(handle: "momo", steward: false)

    @Test func theRecorderSpeaksForOneSideTheOtherDecides() {
        #expect(PartyFlows.settle(from: .community, to: .peer("reseau"), by: ana) == .success(.awaiting(.peer("reseau"))))
        #expect(PartyFlows.settle(from: .member("momo"), to: .organisation("coop"), by: momo) == .success(.awaiting(.organisation("coop"))))
        #expect(PartyFlows.settle(from: .organisation("coop"), to: .community, by: ana) == .success(.confirmed), "both her sides")
        #expect(PartyFlows.settle(from: .organisation("coop"), to: .outside("Marché"), by: ana) == .success(.confirmed))
        #expect(PartyFlows.settle(from: .community, to: .peer("reseau"), by: momo) == .failure(.notAParty))
        #expect(PartyFlows.settle(from: .peer("a"), to: .peer("b"), by: ana) == .failure(.notThisCommunity))
        #expect(PartyFlows.settle(from: .peer("a"), to: .outside("X"), by: ana) == .failure(.notThisCommunity))
        #expect(PartyFlows.concernsHome(.outside("A"), .outside("B")), "inside a community, as before")
    }

    @Test func onlyTheAwaitedSideDecidesWhileItStillSpeaksForIt() {
        let rita = PartyFlows.Standing(handle: "rita", steward: false, stewardOf: ["reseau"])
        #expect(PartyFlows.canDecide(awaiting: .peer("reseau"), recordedBy: "ana", by: rita) == nil)
        #expect(PartyFlows.canDecide(awaiting: .peer("reseau"), recordedBy: "rita", by: rita) == .ownEntry)
        #expect(PartyFlows.canDecide(awaiting: .peer("reseau"), recordedBy: "momo", by: ana) == .notTheOtherSide, "the home's steward is not the other side")
        #expect(PartyFlows.canDecide(awaiting: .member("momo"), recordedBy: "ana", by: momo) == nil)
        let gone = PartyFlows.Standing(handle: "momo", member: false, steward: false)
        #expect(PartyFlows.canDecide(awaiting: .member("momo"), recordedBy: "ana", by: gone) == .notTheOtherSide, "a member who left")
        #expect(PartyFlows.canDecide(awaiting: .organisation("coop"), recordedBy: "momo", by: ana) == nil)
    }

    @Test func eachSideReadsTheOtherAsItsParty() {
        #expect(PartyFlows.party(.member("momo"), home: "atelier") == "community:atelier", "a member is her community, seen from outside")
        #expect(PartyFlows.party(.organisation("coop"), home: "atelier") == "org:coop")
        #expect(PartyFlows.party(.outside("Marché"), home: "atelier") == nil)
        #expect(PartyFlows.seen(party: "community:reseau", by: "reseau") == "community")
        #expect(PartyFlows.seen(party: "community:atelier", by: "reseau") == "community:atelier")
        #expect(Actor.parse("community:Reseau") == .peer("reseau") && Actor.parse("org:coop") == .organisation("coop"))
        #expect(Actor.parse("community:x") == nil, "a slug has at least three characters")
        #expect(Actor(key: Actor.peer("reseau").key) == .peer("reseau") && Actor(key: "community") == .community)
    }
}
