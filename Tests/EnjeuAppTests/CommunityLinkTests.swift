import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct CommunityLinkTests {
    /// Three stewards and their communities: two public (`atelier`, `reseau`), one members-only (`secret`).
    struct World {
        let api: APIClient, ana: APIClient, rita: APIClient, sam: APIClient, member: APIClient
        static func make(_ app: Application) async throws -> World {
            let api = APIClient(app: app)
            let ana = try await api.person("ana"), rita = try await api.person("rita"), sam = try await api.person("sam")
            let member = try await api.person("momo")
            #expect(try await ana.post("/api/v1/communities", communityBody("atelier", visibility: "public", name: "Atelier Nord")).status == .created)
            #expect(try await rita.post("/api/v1/communities", communityBody("reseau", visibility: "public", name: "Réseau Sud")).status == .created)
            #expect(try await sam.post("/api/v1/communities", communityBody("secret", visibility: "members", name: "Cercle Caché")).status == .created)
            // `momo` is an active member of atelier, not a steward.
            let id = try await member.post("/api/v1/communities/atelier/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await ana.post("/api/v1/communities/atelier/join-requests/\(id)/approve").status == .ok)
            #expect(try await member.post("/api/v1/communities/atelier/charter/accept", ["version": 1]).status == .ok)
            return World(api: api, ana: ana, rita: rita, sam: sam, member: member)
        }
    }

    static func slugs(_ res: TestingHTTPResponse) throws -> [String] {
        try res.items().flatMap { [($0["source"] as? [String: Any])?["slug"] as? String ?? "", ($0["target"] as? [String: Any])?["slug"] as? String ?? ""] }
    }

    @Test(arguments: TestDatabase.all)
    func stewardsProposeTheOtherSideDecides(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let proposed = try await w.ana.post("/api/v1/communities/atelier/links", ["target": "reseau", "kind": "member-of"])
            #expect(proposed.status == .created)
            #expect(try proposed.json()["status"] as? String == "proposed")
            let id = try #require(try proposed.json()["id"] as? String)

            // Bad input: a clear 4xx, nothing written.
            let bad: [(String, APIClient, String, [String: Any], HTTPStatus)] = [
                ("oneself", w.ana, "atelier", ["target": "atelier", "kind": "partner"], .unprocessableEntity),
                ("unknown target", w.ana, "atelier", ["target": "nulle-part", "kind": "partner"], .unprocessableEntity),
                ("no target", w.ana, "atelier", ["target": "", "kind": "partner"], .unprocessableEntity),
                ("unknown kind", w.ana, "atelier", ["target": "reseau", "kind": "cousin"], .unprocessableEntity),
                ("missing kind", w.ana, "atelier", ["target": "reseau"], .badRequest),
                ("the same again", w.ana, "atelier", ["target": "reseau", "kind": "member-of"], .conflict),
                ("the same the other way", w.rita, "reseau", ["target": "atelier", "kind": "member-of"], .conflict),
                ("a member, not a steward", w.member, "atelier", ["target": "reseau", "kind": "partner"], .forbidden),
                ("an outsider of a members-only community", w.ana, "secret", ["target": "reseau", "kind": "partner"], .notFound),
            ]
            for (name, client, slug, body, status) in bad {
                let res = try await client.post("/api/v1/communities/\(slug)/links", body)
                #expect(res.status == status, "\(name): \(res.status) \(res.body.string)")
                #expect((try? res.json()["reason"] as? String)?.isEmpty == false, "\(name)")
            }
            #expect(try await rowCount(app, "community_links") == 1)

            // Only the target's stewards decide; never the side that proposed.
            #expect(try await w.ana.post("/api/v1/communities/atelier/links/\(id)/accept").status == .forbidden)
            #expect(try await w.ana.post("/api/v1/communities/reseau/links/\(id)/accept").status == .forbidden)
            #expect(try await w.sam.post("/api/v1/communities/secret/links/\(id)/accept").status == .notFound)
            let accepted = try await w.rita.post("/api/v1/communities/reseau/links/\(id)/accept")
            #expect(try accepted.status == .ok && (accepted.json()["status"] as? String) == "accepted")
            #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(id)/decline").status == .conflict)

            // Everyone who may read sees it, from both sides.
            #expect(try Self.slugs(try await w.api.get("/api/v1/communities/reseau/links")) == ["atelier", "reseau"])
            #expect(try Self.slugs(try await w.api.get("/api/v1/communities/atelier/links")) == ["atelier", "reseau"])

            // Another kind between the same two is another link; declined, it shows only to stewards.
            let partner = try await w.ana.post("/api/v1/communities/atelier/links", ["target": "reseau", "kind": "partner"])
            #expect(partner.status == .created)
            let partnerID = try partner.json()["id"] as! String
            #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(partnerID)/decline").json()["status"] as? String == "declined")
            #expect(try await w.api.get("/api/v1/communities/reseau/links").items().count == 1)
            #expect(try await w.rita.get("/api/v1/communities/reseau/links").items().count == 2)

            // Either side ends it; the history stays, and a new link may follow.
            #expect(try await w.ana.send(.DELETE, "/api/v1/communities/atelier/links/\(id)").status == .ok)
            #expect(try await w.ana.send(.DELETE, "/api/v1/communities/atelier/links/\(id)").status == .conflict)
            #expect(try await w.api.get("/api/v1/communities/reseau/links").items().isEmpty)
            let history = try await w.ana.get("/api/v1/communities/atelier/links").items()
            #expect(Set(history.compactMap { $0["status"] as? String }) == ["ended", "declined"])
            #expect(try await w.ana.post("/api/v1/communities/atelier/links", ["target": "reseau", "kind": "member-of"]).status == .created)
            let again = try await w.ana.get("/api/v1/communities/atelier/links").items().first { $0["status"] as? String == "proposed" }
            let againID = try #require(again?["id"] as? String)
            #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(againID)/accept").status == .ok)
            #expect(try await w.rita.send(.DELETE, "/api/v1/communities/reseau/links/\(againID)").status == .ok, "the target's side ends it too")
            #expect(try await w.sam.send(.DELETE, "/api/v1/communities/secret/links/\(againID)").status == .notFound)
            #expect(try await rowCount(app, "community_links") == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyCommunitysLinksStayInside(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let proposed = try await w.sam.post("/api/v1/communities/secret/links", ["target": "reseau", "kind": "member-of"])
            let id = try proposed.json()["id"] as! String
            // The target's stewards see the proposal to decide it.
            #expect(try Self.slugs(try await w.rita.get("/api/v1/communities/reseau/links")).contains("secret"))
            #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(id)/accept").status == .ok)
            #expect(try await w.ana.post("/api/v1/communities/atelier/links", ["target": "reseau", "kind": "member-of"]).status == .created)
            let open = try await w.rita.get("/api/v1/communities/reseau/links").items().first { $0["status"] as? String == "proposed" }
            #expect(try await w.rita.post("/api/v1/communities/reseau/links/\(open?["id"] as! String)/accept").status == .ok)

            for (who, client) in [("anonymous", w.api), ("outsider", w.member), ("other steward", w.ana)] {
                let seen = try Self.slugs(try await client.get("/api/v1/communities/reseau/links"))
                #expect(seen.contains("atelier") && !seen.contains("secret"), "\(who): \(seen)")
                #expect(try await client.get("/api/v1/communities/secret/links").status == .notFound, "\(who)")
                let page = try await WebClient(app: app).get("/communities/reseau/links").body.string
                #expect(page.contains("Atelier Nord") && !page.contains("Cercle Caché") && !page.contains("/communities/secret"), "\(who)")
            }
            #expect(try Self.slugs(try await w.sam.get("/api/v1/communities/secret/links")) == ["secret", "reseau"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoIdenticalProposalsAtOnceMakeOneLink(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            async let one = w.ana.post("/api/v1/communities/atelier/links", ["target": "reseau", "kind": "partner"])
            async let two = w.rita.post("/api/v1/communities/reseau/links", ["target": "atelier", "kind": "partner"])
            let statuses = try await [one.status, two.status].sorted { $0.code < $1.code }
            #expect(statuses == [.created, .conflict])
            #expect(try await rowCount(app, "community_links") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theNetworkPage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let ana = WebClient(app: app)
            #expect(try await ana.post("/signin", ["email": "ana@example.org", "password": "correct horse battery"]).status == .seeOther)
            #expect(try await ana.get("/communities/atelier").body.string.contains("/communities/atelier/links"))
            let empty = try await ana.get("/communities/atelier/links")
            #expect(empty.status == .ok && empty.body.string.contains("action=\"/communities/atelier/links\""))
            let bad = try await ana.post("/communities/atelier/links", ["target": "atelier", "kind": "partner"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("error-summary"))
            #expect(try await ana.post("/communities/atelier/links", ["target": "reseau", "kind": "member-of"]).status == .seeOther)

            let rita = WebClient(app: app)
            #expect(try await rita.post("/signin", ["email": "rita@example.org", "password": "correct horse battery"]).status == .seeOther)
            let incoming = try await rita.get("/communities/reseau/links").body.string
            let id = try #require(try await w.rita.get("/api/v1/communities/reseau/links").items().first?["id"] as? String)
            #expect(incoming.contains("/communities/reseau/links/\(id)/accept"))
            #expect(try await rita.post("/communities/reseau/links/\(id)/accept", [:]).status == .seeOther)
            let network = try await WebClient(app: app).get("/communities/reseau/links").body.string
            #expect(network.contains("Atelier Nord") && !network.contains("action=\"/communities/reseau/links\""), "no forms for a visitor")
            #expect(try await rita.post("/communities/reseau/links/\(id)/end", [:]).status == .seeOther)
            #expect(try await rowCount(app, "community_links", where: "status = 'ended'") == 1)
        }
    }
}
