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

    @Test func uuidTextReadsWhatFoundationReadsAndNothingElse() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUIDText.parse(id.uuidString) == id)
            #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
        }
        let text = "0190F3A2-7B1C-7DEF-8A12-3456789ABCDE"
        #expect(UUIDText.parse(text) == UUID(uuidString: text))
        // A slice of a longer text, as relearning reads `user value,user value…`.
        let pairs = "\(text) 42.5,\(text.lowercased()) 7"
        #expect(pairs.utf8.split(separator: UInt8(ascii: ",")).map { UUIDText.parse(utf8: $0.prefix(36)) } == [UUID(uuidString: text), UUID(uuidString: text)])
        for bad in ["", "0190F3A2-7B1C-7DEF-8A12-3456789ABCD", "0190F3A2-7B1C-7DEF-8A12-3456789ABCDEF", "0190F3A2x7B1C-7DEF-8A12-3456789ABCDE",
                    "0190F3A2-7B1C-7DEF-8A12-3456789ABCDG", "0190F3A27B1C7DEF8A123456789ABCDE1234"] {
            #expect(UUIDText.parse(bad) == nil, "\(bad)")
            #expect(UUID(uuidString: bad) == nil, "\(bad)")
        }
    }

    @Test func cursorsRoundTripAndRejectGarbage() {
        let c = Cursor(key: "coopérative|x", id: UUID())
        #expect(Cursor(encoded: c.encoded) == c)
        #expect(Cursor(encoded: "not a cursor!") == nil)
        #expect(Cursor(encoded: "") == nil)
    }
}
