import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Catalogue search ranks only the newest matches (`searchRankedMatches`, lowered to 3 here): matches the reader may
/// not see — a members-only catalogue, an owner who left, another kind, tag or community than asked — must not take
/// those places, or a visible offer disappears and the hidden ones can be counted.
@Suite struct SearchVisibilityTests {
    static func offer(_ who: APIClient, _ slug: String, _ title: String, kind: String, tag: String) async throws {
        let res = try await who.post("/api/v1/communities/\(slug)/offers", ["kind": kind, "title": title, "description": "Feutrage de laine, le samedi matin.",
                                                                           "tags": [tag], "place": "Lyon"])
        #expect(res.status == .created, "\(res.body.string)")
    }

    static func titles(_ who: APIClient, _ query: String) async throws -> [String] {
        try await who.get("/api/v1/offers?q=feutrage" + query).items().compactMap { $0["title"] as? String }
    }

    @Test(arguments: TestDatabase.all)
    func invisibleMatchesDoNotDisplaceVisibleOnes(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.searchRankedMatches = 3 }) { app in
            let open = try await Cast.make(app, visibility: "public", prefix: "svp")
            let closed = try await Cast.make(app, visibility: "members", prefix: "svm")
            // The one visible match is the oldest.
            try await Self.offer(open.steward, open.slug, "Atelier public de feutrage", kind: "product", tag: "laine")
            for i in 1...5 { try await Self.offer(closed.member, closed.slug, "Feutrage réservé \(i)", kind: "service", tag: "tissage") }
            for i in 1...4 { try await Self.offer(open.member, open.slug, "Feutrage d'un ancien membre \(i)", kind: "product", tag: "laine") }
            #expect(try await open.member.post("/api/v1/communities/\(open.slug)/leave").status == .ok)

            for reader in [open.anonymous, closed.outsider] {
                #expect(try await Self.titles(reader, "") == ["Atelier public de feutrage"])
            }
            // A member of the closed community sees its offers; filters apply before the cap too.
            #expect(try await Self.titles(closed.member, "").count == 3, "the cap still holds")
            #expect(try await Self.titles(closed.member, "&kind=product") == ["Atelier public de feutrage"])
            #expect(try await Self.titles(closed.member, "&tag=laine") == ["Atelier public de feutrage"])
            #expect(try await Self.titles(closed.member, "&community=\(open.slug)") == ["Atelier public de feutrage"])
            #expect(Set(try await Self.titles(closed.member, "&community=\(closed.slug)")).count == 3)
            // Inside the community, an owner who left takes no place either.
            let inside = try await open.steward.get("/api/v1/communities/\(open.slug)/offers?q=feutrage").items().compactMap { $0["title"] as? String }
            #expect(inside == ["Atelier public de feutrage"])
        }
    }
}
