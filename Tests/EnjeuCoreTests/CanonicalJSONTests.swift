import Foundation
import Testing
@testable import EnjeuCore

/// RFC 8785's own examples, and the keys of FEP-521a's vector (issue 19's integrity proofs rest on both).
@Suite struct CanonicalJSONTests {
    @Test func theRFCsExampleCanonicalises() throws {
        // Built in Swift: Foundation's parser on Linux reads 0.000000000000000000000000001 a bit off (1.0000000000000002e-27).
        let value: [String: Any] = [
            "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
            "string": "\u{20ac}$\u{0F}\u{0a}A'\u{42}\u{22}\u{5c}\\\"/",
            "literals": [NSNull(), true, false] as [Any],
        ]
        #expect(try CanonicalJSON.string(value) == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test func parsedNumbersStayNumbersAndBooleansStayBooleans() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"a":1,"b":true,"c":0,"d":false,"e":1.5,"f":[1,true]}"#.utf8))
        #expect(try CanonicalJSON.string(parsed) == #"{"a":1,"b":true,"c":0,"d":false,"e":1.5,"f":[1,true]}"#)
    }

    @Test func keysSortByUTF16CodeUnits() throws {
        let object: [String: Any] = ["\u{20ac}": 1, "\r": 2, "\u{fb33}": 3, "1": 4, "\u{1F600}": 5, "\u{80}": 6, "\u{f6}": 7]
        #expect(try CanonicalJSON.string(object) == "{\"\\r\":2,\"1\":4,\"\u{80}\":6,\"\u{f6}\":7,\"\u{20ac}\":1,\"\u{1F600}\":5,\"\u{fb33}\":3}")
    }

    @Test func numbersAreWrittenAsECMAScriptDoes() throws {
        let cases: [(Double, String)] = [(4.0, "4"), (100.0, "100"), (1e-7, "1e-7"), (1e16, "10000000000000000"), (1e21, "1e+21"),
                                         (0.00001, "0.00001"), (-71.184902, "-71.184902"), (5e-324, "5e-324"), (-0.0, "0"),
                                         (1.7976931348623157e308, "1.7976931348623157e+308"), (9.999999999999997e-7, "9.999999999999997e-7")]
        for (d, text) in cases { #expect(try CanonicalJSON.number(d) == text, "\(d)") }
        #expect(throws: CanonicalJSON.Unsupported.self) { try CanonicalJSON.string(Double.nan) }
        #expect(throws: CanonicalJSON.Unsupported.self) { try CanonicalJSON.string(Int(1) << 60) }
    }

    @Test func anEd25519KeyIsAMultikey() {
        let hex = "2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"
        let key = stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
        #expect(Base58.ed25519Multikey(key) == "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
        #expect(Base58.decode("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".dropFirst().description) == [0xed, 0x01] + key)
        #expect(Base58.encode([0, 0, 1]) == "112" && Base58.decode("112") == [0, 0, 1] && Base58.decode("0OIl") == nil)
    }
}
