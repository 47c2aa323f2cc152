import Testing
@testable import EnjeuCore

/// The proof of quality across communities (`CrossCommunityQuality`): pooling two communities' values, one
/// reporting 10 % high and both with vandals, into one CATD-H estimate beats each community's own estimate and the
/// pooled median, and each community's median shows its bias.
@Suite struct CrossCommunityQualityTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func thePooledEstimateBeatsEachCommunitysOwnAndThePooledMedian(_ seed: UInt64) {
        let r = CrossCommunityQuality.run(seed: seed)
        #expect(r.vandalClaims > 0 && r.claims > CrossCommunityQuality.indicators * 2)
        for (name, own) in zip(CrossCommunityQuality.communities.map(\.name), r.own) {
            #expect(r.pooled < own, "seed \(seed): pooled \(r.pooled) vs \(name) alone \(own)")
        }
        #expect(r.pooled < r.pooledMedian, "seed \(seed): pooled \(r.pooled) vs pooled median \(r.pooledMedian)")
        // The spread shows the bias: A's median is about right, B's about 10 % high.
        #expect(abs(r.communityMedianBias[0]) < 0.03, "seed \(seed): \(r.communityMedianBias)")
        #expect(abs(r.communityMedianBias[1] - 0.10) < 0.03, "seed \(seed): \(r.communityMedianBias)")
    }

    @Test func aSeedAlwaysGivesTheSameFigures() {
        let a = CrossCommunityQuality.run(seed: 7), b = CrossCommunityQuality.run(seed: 7)
        #expect(a.pooled == b.pooled && a.own == b.own && a.claims == b.claims)
        #expect(CrossCommunityQuality.run(seed: 8).claims != a.claims || CrossCommunityQuality.run(seed: 8).pooled != a.pooled)
    }
}
