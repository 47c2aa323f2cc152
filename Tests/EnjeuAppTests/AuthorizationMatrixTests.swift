import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Routes × anonymous/outsider/pending/member/steward × public/members, through the real HTTP stack.
@Suite struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable { case anonymous, outsider, pending, member, steward }

    /// What each kind of route answers, per visibility and relation.
    static func expected(_ kind: String, _ visibility: String, _ who: Who, page: Bool) -> HTTPStatus {
        let hidden = visibility == "members" && [.anonymous, .outsider, .pending].contains(who)
        switch kind {
        case "card": return .ok
        case "inside": return hidden ? .notFound : .ok
        case "steward":
            if hidden { return .notFound }
            if who == .anonymous { return page ? .seeOther : .unauthorized }
            return who == .steward ? .ok : .forbidden
        default: fatalError(kind)
        }
    }

    static let apiRoutes: [(String, HTTPMethod, String)] = [
        ("card", .GET, ""), ("card", .GET, "/charter"), ("inside", .GET, "/members"), ("steward", .GET, "/join-requests"),
    ]
    static let pageRoutes: [(String, String)] = [
        ("card", ""), ("card", "/charter"), ("inside", "/members"), ("steward", "/requests"), ("steward", "/settings"),
    ]

    @Test(arguments: TestDatabase.all)
    func everyRelationSeesOnlyWhatItMay(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            for visibility in ["public", "members"] {
                let cast = try await Cast.make(app, visibility: visibility, prefix: "m_\(visibility.prefix(3))")
                let clients: [Who: APIClient] = [.anonymous: cast.anonymous, .outsider: cast.outsider, .pending: cast.pending,
                                                 .member: cast.member, .steward: cast.steward]
                var webs: [Who: WebClient] = [.anonymous: WebClient(app: app)]
                for who in Who.allCases where who != .anonymous {
                    let web = WebClient(app: app)
                    let res = try await web.post("/signin", ["email": "m_\(visibility.prefix(3))_\(who.rawValue)@example.org", "password": "correct horse battery"])
                    #expect(res.status == .seeOther)
                    webs[who] = web
                }
                for who in Who.allCases {
                    for (kind, method, suffix) in Self.apiRoutes {
                        let res = try await clients[who]!.send(method, "/api/v1/communities/\(cast.slug)\(suffix)")
                        #expect(res.status == Self.expected(kind, visibility, who, page: false), "API \(suffix) \(visibility) \(who): \(res.status)")
                        if res.status.code >= 400 { #expect(try res.json()["error"] as? Bool == true) }
                    }
                    for (kind, suffix) in Self.pageRoutes {
                        let res = try await webs[who]!.get("/communities/\(cast.slug)\(suffix)")
                        #expect(res.status == Self.expected(kind, visibility, who, page: true), "page \(suffix) \(visibility) \(who): \(res.status)")
                    }
                    // The home page shows members' names only to those who may see inside.
                    let home = try await webs[who]!.get("/communities/\(cast.slug)").body.string
                    let insider = visibility == "public" || [.member, .steward].contains(who)
                    #expect(home.contains("@\(cast.slug.prefix(5).replacingOccurrences(of: "-", with: "_"))_member") == insider, "home \(visibility) \(who)")
                    // Unknown communities look exactly like hidden ones.
                    #expect(try await clients[who]!.get("/api/v1/communities/no-such-club/members").status == .notFound)
                }
                // Writes that only stewards may make; a charter version, members propose (the community decides).
                for who in [Who.outsider, .pending, .member] {
                    let res = try await clients[who]!.post("/api/v1/communities/\(cast.slug)/charter", ["text": "Une charte détournée.", "version": 1])
                    #expect(res.status == (who == .member ? .created : visibility == "members" ? .notFound : .forbidden), "charter proposal \(visibility) \(who)")
                    let patch = try await clients[who]!.send(.PATCH, "/api/v1/communities/\(cast.slug)", json: [
                        "name": "Pris", "purpose": "Détourner la communauté", "stage": "closed", "visibility": "public", "version": 1])
                    #expect(patch.status == (visibility == "members" && who != .member ? .notFound : .forbidden))
                }
                let card = try await cast.steward.get("/api/v1/communities/\(cast.slug)")
                #expect(try card.json()["name"] as? String != "Pris")
            }
        }
    }

    @Test func everyRouteDeclaresItsGate() async throws {
        try await withEnjeu(.sqlite) { app in
            let ungated = app.routes.all.filter { $0.userInfo[Gate.userInfoKey] == nil }
            #expect(ungated.isEmpty, "routes outside the authorisation layer: \(ungated.map(\.description))")
            #expect(app.routes.all.count > 40)
        }
    }
}
