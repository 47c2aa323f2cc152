import Foundation
import Testing
@testable import EnjeuCore

@Suite struct OrganisationRulesTests {
    let standings: [OrganisationStanding] = [.none, .pending]
        + MembershipStatus.allCases.flatMap { s in [true, false].map { OrganisationStanding.member(status: s, charterCurrent: $0) } }

    @Test func onlyRepresentativesActForAnOrganisation() {
        for c in OrganisationCapability.allCases { for s in standings {
            #expect(!AccessPolicy.allows(c, representative: false, standing: s), "\(c) \(s)")
        } }
        #expect(AccessPolicy.allows(.represent, representative: true))
    }

    @Test func anOrganisationAsksOnceAndAcceptsWhatIsNotYetAccepted() {
        for s in standings {
            let ask: Bool, accept: Bool
            switch s {
            case .none: (ask, accept) = (true, false)
            case .pending: (ask, accept) = (false, false)
            case let .member(status, current):
                ask = status == .left
                accept = (status == .approved || status == .active) && !current
            }
            #expect(AccessPolicy.allows(.requestToJoin, representative: true, standing: s) == ask, "\(s)")
            #expect(AccessPolicy.allows(.acceptCharter, representative: true, standing: s) == accept, "\(s)")
        }
    }

    @Test func aProfileIsCheckedFieldByField() {
        let good = OrganisationDraft(slug: "coop-lea", name: "Coop", kind: "public-body", purpose: "Cultiver ensemble les jardins",
                                     place: "", website: "https://coop.example.org/a", registrationNumber: " ")
        let valid = try? good.validated().get()
        #expect(valid?.kind == .publicBody && valid?.registrationNumber == nil)
        var bad = good
        bad.kind = "club"; bad.website = "javascript:alert(1)"; bad.slug = "Coop Léa"
        guard case let .failure(v) = bad.validated() else { Issue.record("accepted"); return }
        #expect(v.all.map(\.field) == [.slug, .kind, .website])
        for address in ["http://a.b", "https://x.org/p?q=1"] { #expect(OrganisationDraft.isWebAddress(address), "\(address)") }
        for address in ["ftp://a.b", "https://nodot", "https://a.b/<x>", "https://a b.c"] { #expect(!OrganisationDraft.isWebAddress(address), "\(address)") }
    }

    @Test func aPairHasOneKeyWhicheverSideProposes() {
        let (a, b) = (UUID(), UUID())
        #expect(LinkRules.pairKey(a, b) == LinkRules.pairKey(b, a))
        #expect(LinkRules.pairKey(a, b) != LinkRules.pairKey(a, UUID()))
        #expect(LinkStatus.allCases.filter(\.isLive) == [.proposed, .accepted])
    }

    /// A member community contributes a feature to its networks when public, or when its stewards share that one;
    /// a members-only one that shares nothing is named only to those who may read it.
    @Test func aMemberCommunityContributesWhatItSharesOrEverythingWhenPublic() {
        let some = NetworkSharing(figures: true)
        for f in SharedFeature.allCases {
            #expect(AccessPolicy.contributes(f, visibility: .public, sharing: NetworkSharing()) == (f != .figures), "\(f): estimates are given, never taken")
            #expect(AccessPolicy.contributes(f, visibility: .members, sharing: some) == (f == .figures), "\(f)")
            #expect(!AccessPolicy.contributes(f, visibility: .members, sharing: NetworkSharing()), "\(f)")
        }
        #expect(!AccessPolicy.namesInNetwork(visibility: .members, sharing: NetworkSharing(), readerMayRead: false))
        #expect(AccessPolicy.namesInNetwork(visibility: .members, sharing: NetworkSharing(), readerMayRead: true))
        #expect(AccessPolicy.namesInNetwork(visibility: .members, sharing: some, readerMayRead: false))
        #expect(AccessPolicy.namesInNetwork(visibility: .public, sharing: NetworkSharing(), readerMayRead: true))
    }
}
