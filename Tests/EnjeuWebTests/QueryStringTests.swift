import Foundation
import Testing
@testable import EnjeuWeb

/// The hand-written query string reads back, through Foundation, as the very items it was given.
@Suite struct QueryStringTests {
    @Test(arguments: ["community:bench-0", "a b", "1+1=2", "x&y", "#frag", "100%", "réparation lyon", "Œuvre/𝄞?", "", "'(*)!$,;@~"])
    func valuesReadBackUnchanged(_ value: String) throws {
        let q = query([("q", value), ("skipped", nil), ("after", "abc")])
        let items = try #require(URLComponents(string: "/p" + q)?.queryItems)
        #expect(items.map(\.name) == ["q", "after"])
        #expect(items.map(\.value) == [value, "abc"])
        #expect(!q.contains("+") && !q.contains(" "))
    }

    @Test func nothingGivenIsNoQuery() {
        #expect(query([]) == "")
        #expect(query([("a", nil)]) == "")
        #expect(query([("from", "community:a"), ("to", "org:b")]) == "?from=community:a&to=org:b")
    }
}
