import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct NetworkViewTests {
    /// `reseau` (public, steward rita) is a network of `atelier` (public, steward ana, member momo), `discret`
    /// (members-only, steward sam, shares nothing) and `partage` (members-only, steward pia, shares its catalogue only).
    /// Each has an offer with « pain », an estimate of « Tarif horaire » in €, and self-assessment totals.
    struct World {
        let api: APIClient, rita: APIClient, ana: APIClient, sam: APIClient, pia: APIClient, momo: APIClient, otto: APIClient
        /// Who neither belongs to `discret` nor may see `partage`'s estimates and totals: a member of another member
        /// community, an outsider, the signed-out.
        var strangers: [(String, APIClient)] { [("a member of another member", momo), ("an outsider", otto), ("signed out", api)] }

        static func make(_ app: Application) async throws -> World {
            let api = APIClient(app: app)
            let rita = try await api.person("rita"), ana = try await api.person("ana"), sam = try await api.person("sam")
            let pia = try await api.person("pia"), momo = try await api.person("momo"), otto = try await api.person("otto")
            let communities: [(APIClient, String, String, String)] = [
                (rita, "reseau", "public", "Reseau Sud"), (ana, "atelier", "public", "Atelier Nord"),
                (sam, "discret", "members", "Cercle Discret"), (pia, "partage", "members", "Jardin Partageur"),
            ]
            for (steward, slug, visibility, name) in communities {
                #expect(try await steward.post("/api/v1/communities", communityBody(slug, visibility: visibility, name: name)).status == .created)
            }
            let id = try await momo.post("/api/v1/communities/atelier/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await ana.post("/api/v1/communities/atelier/join-requests/\(id)/approve").status == .ok)
            #expect(try await momo.post("/api/v1/communities/atelier/charter/accept", ["version": 1]).status == .ok)
            for (steward, slug) in [(ana, "atelier"), (sam, "discret"), (pia, "partage")] {
                let link = try await steward.post("/api/v1/communities/\(slug)/links", ["target": "reseau", "kind": "member-of"])
                let linkID = try link.json()["id"] as! String
                #expect(try await rita.post("/api/v1/communities/reseau/links/\(linkID)/accept").status == .ok)
            }
            let offers: [(APIClient, String, String)] = [(rita, "reseau", "Pain du reseau"), (ana, "atelier", "Pain au levain"),
                                                        (sam, "discret", "Pain clandestin"), (pia, "partage", "Pain du jardin")]
            for (steward, slug, title) in offers {
                let res = try await steward.post("/api/v1/communities/\(slug)/offers",
                                                 ["kind": "product", "title": title, "description": "Une miche cuite chaque semaine au four"])
                #expect(res.status == .created, "\(res.body.string)")
            }
            // Estimates and totals as the features maintain them (their own tests check how).
            let estimates: [(APIClient, String, Double)] = [(ana, "atelier", 12.5), (sam, "discret", 98765.25), (pia, "partage", 43210.75)]
            for (steward, slug, value) in estimates {
                let res = try await steward.post("/api/v1/communities/\(slug)/indicators", ["name": "Tarif horaire",
                    "definition": "Le tarif horaire d'un tisserand", "unit": "€", "period": "2026"])
                #expect(res.status == .created, "\(res.body.string)")
                try await sql(app).raw("""
                    UPDATE indicators SET est_kind = 'estimate', est_value = \(bind: value), est_low = \(bind: value - 1), est_high = \(bind: value + 1),
                      est_contributors = 2 WHERE community_id = (SELECT id FROM communities WHERE slug = \(bind: slug))
                    """).run()
            }
            for (slug, score) in [("atelier", 1), ("discret", 4), ("partage", 2)] { try await Self.selfTotal(app, slug, score: score) }
            return World(api: api, rita: rita, ana: ana, sam: sam, pia: pia, momo: momo, otto: otto)
        }

        /// One self-assessed action of cycle 1 scoring `score` on every criterion.
        static func selfTotal(_ app: Application, _ slug: String, score: Int) async throws {
            try await sql(app).raw("""
                INSERT INTO journey_aggregates (id, community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity)
                SELECT \(bind: UUID()), id, 1, 'cycle', id, \(bind: true), 1, \(bind: score), \(bind: score), \(bind: score), \(bind: score)
                FROM communities WHERE slug = \(bind: slug)
                """).run()
        }
    }

    static func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

    static func share(_ w: World, _ client: APIClient, _ slug: String, catalogue: Bool = false, figures: Bool = false,
                      evaluation: Bool = false) async throws {
        let res = try await client.send(.PUT, "/api/v1/communities/\(slug)/sharing",
                                        json: ["catalogue": catalogue, "figures": figures, "evaluation": evaluation, "flows": false])
        #expect(res.status == .ok, "\(res.body.string)")
    }

    /// Everything a reader can get from the network's routes, API and page, as one text.
    static func everything(_ client: APIClient) async throws -> String {
        var out = ""
        for path in ["/api/v1/communities/reseau/network", "/api/v1/communities/reseau/network/offers",
                     "/api/v1/communities/reseau/network/offers?q=pain", "/api/v1/communities/reseau/network/offers?q=clandestin",
                     "/communities/reseau/network", "/communities/reseau/network?q=pain", "/communities/reseau/links"] {
            let res = try await client.get(path)
            #expect(res.status == .ok, "\(path): \(res.status)")
            out += res.body.string
        }
        return out
    }

    static func names(_ res: TestingHTTPResponse, _ key: String = "members") throws -> [String] {
        ((try res.json()[key] as? [[String: Any]]) ?? []).compactMap { $0["slug"] as? String }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyMemberLeaksNothingItDidNotShare(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            try await Self.share(w, w.pia, "partage", catalogue: true)
            for (who, client) in w.strangers {
                let all = try await Self.everything(client)
                for secret in ["Discret", "discret", "clandestin", "98765"] { #expect(!all.contains(secret), "\(who) reads \(secret)") }
                // `partage` is named and its offer found, but neither its estimate nor its totals are shown.
                #expect(all.contains("Jardin Partageur") && all.contains("Pain du jardin") && !all.contains("43210"), "\(who)")
                let network = try await client.get("/api/v1/communities/reseau/network")
                #expect(try Self.names(network) == ["atelier", "partage"], "\(who)")
                let members = try network.json()["members"] as! [[String: Any]]
                #expect(members.last?["shares"] as? [String] == ["catalogue"] && members.first?["shares"] as? [String] == ["catalogue", "evaluation", "flows"],
                        "a public member gives everything but its estimates, which its stewards give")
                let evaluation = try #require(try network.json()["evaluation"] as? [String: Any])
                #expect(evaluation["contributors"] as? Int == 1, "only atelier (public) contributes its evaluation")
                let offers = try await client.get("/api/v1/communities/reseau/network/offers?q=pain").items()
                #expect(Set(offers.map { $0["title"] as? String ?? "" }) == ["Pain du reseau", "Pain au levain", "Pain du jardin"])
                #expect(offers.allSatisfy { $0["owner"] == nil && $0["ownerHandle"] == nil && ($0["community"] as? [String: Any])?["slug"] != nil })
                #expect(!(try await client.get("/api/v1/communities/reseau/network/offers").body.string.contains("ana")), "no owner's handle")
            }
            // Its own members see it named (they may read it), still without what it did not share.
            let own = try await w.sam.get("/api/v1/communities/reseau/network")
            #expect(try Self.names(own) == ["atelier", "discret", "partage"])
            #expect(!own.body.string.contains("98765"))
            #expect(try await w.sam.get("/api/v1/communities/reseau/network/offers?q=clandestin").items().isEmpty)
            // A members-only network is not found by those outside it.
            #expect(try await w.otto.get("/api/v1/communities/discret/network").status == .notFound)
            #expect(try await w.api.get("/communities/discret/network").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func sharingChangesWhatTheViewShows(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            try await Self.share(w, w.sam, "discret", figures: true)
            let before = try await w.otto.get("/api/v1/communities/reseau/network").json()["figures"] as? [[String: Any]]
            let sides = (before?.first?["figures"] as? [[String: Any]] ?? []).map { ($0["community"] as? [String: Any])?["slug"] as? String ?? "" }
            #expect(sides == ["discret"], "a public member's estimates are paid for inside it: given only by its stewards")
            try await Self.share(w, w.ana, "atelier", catalogue: true, figures: true, evaluation: true)
            let network = try await w.otto.get("/api/v1/communities/reseau/network")
            #expect(try Self.names(network).contains("discret"))
            let groups = try #require(try network.json()["figures"] as? [[String: Any]])
            #expect(groups.count == 1 && groups.first?["name"] as? String == "Tarif horaire" && groups.first?["unit"] as? String == "€")
            let side = (groups.first?["figures"] as? [[String: Any]] ?? []).map { ($0["community"] as? [String: Any])?["slug"] as? String ?? "" }
            #expect(side == ["atelier", "discret"], "side by side, by community name; partage does not share its figures")
            #expect(try await w.otto.get("/api/v1/communities/reseau/network/offers?q=clandestin").items().isEmpty, "figures only, not the catalogue")
            let page = try await w.otto.get("/communities/reseau/network").body.string
            #expect(page.contains("98765") && !page.contains("43210"))

            try await Self.share(w, w.sam, "discret", catalogue: true)
            #expect(try await w.otto.get("/api/v1/communities/reseau/network/offers?q=clandestin").items().count == 1)
            #expect(!(try await w.otto.get("/api/v1/communities/reseau/network").body.string.contains("98765")), "figures turned off again")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNetworkTotalIsPublishedOnlyOnThreeMembers(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            try await Self.share(w, w.pia, "partage", evaluation: true)
            var evaluation = try #require(try await w.api.get("/api/v1/communities/reseau/network").json()["evaluation"] as? [String: Any])
            var own = try #require(evaluation["own"] as? [String: Any])
            #expect(evaluation["contributors"] as? Int == 2 && own["members"] as? Int == 2 && own["total"] == nil)
            let page = try await w.api.get("/communities/reseau/network").body.string
            let section = try #require(page.range(of: "network-evaluation-title")).upperBound
            #expect(!page[section...].contains("1.50") && page[section...].contains(Lang.fr[NetworkText.withheld]), "no mean of two members")

            try await Self.share(w, w.sam, "discret", evaluation: true)
            evaluation = try #require(try await w.api.get("/api/v1/communities/reseau/network").json()["evaluation"] as? [String: Any])
            own = try #require(evaluation["own"] as? [String: Any])
            let total = try #require(own["total"] as? [String: Any])
            #expect(evaluation["contributors"] as? Int == 3 && own["members"] as? Int == 3)
            #expect(total["count"] as? Int == 3 && total["sums"] as? [Int] == [7, 7, 7, 7])
            let peers = try #require(evaluation["peers"] as? [String: Any])
            #expect(peers["members"] as? Int == 0 && peers["total"] == nil)
            #expect(try await w.api.get("/communities/reseau/network").body.string.contains("2.33"), "the mean of 1, 4 and 2")
        }
    }

    @Test(arguments: TestDatabase.all)
    func onlyStewardsShareAndEveryFieldIsRequired(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await World.make(app)
            let all: [String: Any] = ["catalogue": true, "figures": true, "evaluation": true, "flows": true]
            let shared = "share_catalogue OR share_figures OR share_evaluation OR share_flows"
            #expect(try await w.momo.send(.PUT, "/api/v1/communities/atelier/sharing", json: all).status == .forbidden)
            #expect(try await w.otto.send(.PUT, "/api/v1/communities/discret/sharing", json: all).status == .notFound)
            #expect(try await w.api.send(.PUT, "/api/v1/communities/atelier/sharing", json: all).status == .unauthorized)
            for missing in ["catalogue", "figures", "evaluation", "flows"] {
                var body = all
                body[missing] = nil
                let res = try await w.sam.send(.PUT, "/api/v1/communities/discret/sharing", json: body)
                let reason = (try? res.json()["reason"] as? String) ?? nil
                #expect(res.status == .badRequest && (reason ?? "").contains(missing), "\(missing): \(res.body.string)")
            }
            var wrong = all
            wrong["flows"] = "oui"
            #expect(try await w.sam.send(.PUT, "/api/v1/communities/discret/sharing", json: wrong).status == .badRequest)
            #expect(try await rowCount(app, "communities", where: shared) == 0)

            let res = try await w.sam.send(.PUT, "/api/v1/communities/discret/sharing", json: all)
            #expect(try res.status == .ok && res.json()["flows"] as? Bool == true)
            #expect(try await rowCount(app, "communities", where: shared) == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theNetworkCatalogueIsPaged(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.searchRankedMatches = 2 }) { app in
            let w = try await World.make(app)
            try await Self.share(w, w.pia, "partage", catalogue: true)
            var titles: [String] = []
            var path = "/api/v1/communities/reseau/network/offers?q=pain"
            for _ in 0..<5 {
                let res = try await w.otto.get(path)
                #expect(res.status == .ok)
                titles += try res.items().map { $0["title"] as? String ?? "" }
                guard let next = try res.json()["next"] as? String else { break }
                path = "/api/v1/communities/reseau/network/offers?q=pain&after=\(next)"
            }
            #expect(titles == ["Pain du jardin", "Pain au levain", "Pain du reseau"], "newest first, two a page, never discret's")
            #expect(try await w.otto.get("/api/v1/communities/reseau/network/offers?after=nope").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.all)
    func stewardsShareFromTheirSettingsPage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("wen")
            let form = communityBody("ruche", visibility: "members") as! [String: String]
            #expect(try await web.post("/communities", form).status == .seeOther)
            let saved = try await web.post("/communities/ruche/sharing", ["evaluation": "on"])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/communities/ruche/settings")
            let settings = try await web.get("/communities/ruche/settings").body.string
            #expect(settings.contains("name=\"evaluation\" value=\"on\" checked=\"checked\"") && !settings.contains("name=\"figures\" value=\"on\" checked"))
            #expect(try await rowCount(app, "communities", where: "share_evaluation AND NOT share_catalogue AND NOT share_figures AND NOT share_flows") == 1)
            // Without the form's token, or from someone else, nothing changes.
            #expect(try await web.post("/communities/ruche/sharing", ["figures": "on"], csrf: false).status == .forbidden)
            let other = WebClient(app: app)
            try await other.signUp("olga")
            #expect(try await other.post("/communities/ruche/sharing", ["figures": "on"]).status == .notFound)
            #expect(try await rowCount(app, "communities", where: "share_figures") == 0)
        }
    }
}
