import Foundation
import Testing
@testable import EnjeuCore

@Suite struct CredibilityTests {
    @Test func aSmallGraphMatchesTheClosedForm() {
        // 0 (seed) → 1 → 2, and 2 is a dead end whose mass returns to the seed.
        let r = Credibility.eigenTrust(nodes: 3, edges: [.init(from: 0, to: 1), .init(from: 1, to: 2)], seeds: [0])
        // Stationary: t0 = 0.15 + 0.85·t2, t1 = 0.85·t0, t2 = 0.85·t1 → t0 = 0.15 / (1 − 0.85³).
        let t0 = 0.15 / (1 - pow(0.85, 3))
        #expect(abs(r.scores[0] - t0) < 1e-9)
        #expect(abs(r.scores[1] - 0.85 * t0) < 1e-9)
        #expect(abs(r.scores.reduce(0, +) - 1) < 1e-9)
    }

    @Test func aRingEndorsingItselfGainsNothingWithoutHonestEndorsements() {
        // 100 honest members (10 seeds with verified results) endorse each other sparsely; member 50 has a few results
        // (endorsed by three seeds). A ring of 50 accounts endorses itself densely, with no inbound edge.
        var edges: [Credibility.Edge] = []
        for i in 0..<100 { edges.append(.init(from: i, to: (i + 1) % 100)); edges.append(.init(from: i, to: (i * 7 + 3) % 100)) }
        for s in 0..<3 { edges.append(.init(from: s, to: 50)) }
        for a in 100..<150 { for b in 100..<150 where a != b { edges.append(.init(from: a, to: b)) } }
        let r = Credibility.eigenTrust(nodes: 150, edges: edges, seeds: Array(0..<10))
        let ringBest = r.scores[100..<150].max() ?? 0
        #expect(ringBest < 1e-12)
        #expect(r.scores[50] > ringBest)
        // Revoking an endorsement lowers the score.
        let revoked = Credibility.eigenTrust(nodes: 150, edges: edges.filter { !($0.from == 0 && $0.to == 50) }, seeds: Array(0..<10))
        #expect(revoked.scores[50] < r.scores[50])
    }

    @Test func noSeedsNoCredibility() {
        let r = Credibility.eigenTrust(nodes: 3, edges: [.init(from: 0, to: 1)], seeds: [])
        #expect(r.scores == [0, 0, 0])
    }
}
