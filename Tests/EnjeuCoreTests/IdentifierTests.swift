import Testing
import Foundation
@testable import EnjeuCore

@Suite struct IdentifierTests {
    @Test func idsAreTimeOrderedBytewise() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let a = IDGenerator(now: { t0 }).next()
        let b = IDGenerator(now: { t0.addingTimeInterval(0.002) }).next()
        #expect(withUnsafeBytes(of: a.uuid) { Array($0) }.lexicographicallyPrecedes(withUnsafeBytes(of: b.uuid) { Array($0) }))
        #expect(a.uuidString.dropFirst(14).first == "7")
    }

    @Test func cursorsRoundTripAndRejectGarbage() {
        let c = Cursor(key: "coopérative|x", id: UUID())
        #expect(Cursor(encoded: c.encoded) == c)
        #expect(Cursor(encoded: "not a cursor!") == nil)
        #expect(Cursor(encoded: "") == nil)
    }
}
