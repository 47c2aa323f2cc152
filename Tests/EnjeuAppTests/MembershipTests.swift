import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct MembershipTests {
    @Test(arguments: TestDatabase.all)
    func theWholeJourneyByAPI(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let camille = try await api.person("camille")
            let malik = try await api.person("malik")
            let created = try await camille.post("/api/v1/communities", communityBody("tisserands"))
            #expect(created.status == .created)
            let members = try await camille.get("/api/v1/communities/tisserands/members")
            #expect(try members.items().map { $0["handle"] as? String } == ["camille"])
            #expect(try members.items().first?["role"] as? String == "founder")
            #expect(try members.json().keys.contains("next"))

            // Malik asks; he sees the card but not the members.
            let join = try await malik.post("/api/v1/communities/tisserands/join-requests", ["message": "Je tisse aussi"])
            #expect(join.status == .created)
            #expect(try join.json()["status"] as? String == "pending")
            #expect(try await malik.post("/api/v1/communities/tisserands/join-requests", ["message": "encore"]).status == .conflict)
            #expect(try await malik.get("/api/v1/communities/tisserands").status == .ok)
            #expect(try await malik.get("/api/v1/communities/tisserands/members").status == .notFound)
            #expect(try await malik.get("/api/v1/communities/tisserands/join-requests").status == .notFound)

            let list = try await camille.get("/api/v1/communities/tisserands/join-requests")
            #expect(try list.items().map { $0["handle"] as? String } == ["malik"])
            let id = try join.json()["id"] as! String
            #expect(try await camille.post("/api/v1/communities/tisserands/join-requests/\(id)/approve").status == .ok)
            #expect(try await camille.post("/api/v1/communities/tisserands/join-requests/\(id)/approve").status == .conflict, "decided once")

            // Approved is not yet active: the charter comes first.
            #expect(try await malik.get("/api/v1/communities/tisserands/members").status == .notFound)
            #expect(try await malik.post("/api/v1/communities/tisserands/charter/accept", ["version": 7]).status == .conflict)
            #expect(try await malik.post("/api/v1/communities/tisserands/charter/accept", ["version": 1]).status == .ok)
            let after = try await malik.get("/api/v1/communities/tisserands/members")
            #expect(after.status == .ok)
            #expect(Set(try after.items().compactMap { $0["handle"] as? String }) == ["camille", "malik"])
            let card = try await malik.get("/api/v1/communities/tisserands")
            #expect(try card.json()["memberCount"] as? Int == 2)
            #expect(try card.json()["relation"] as? String == "active")
            let acceptance = try await CharterAcceptance.query(on: app.db).filter(\.$version == 1).count()
            #expect(acceptance == 2)

            // A new charter version, proposed by a member and adopted by the community: every member must accept it again.
            let v2 = try await malik.post("/api/v1/communities/tisserands/charter", ["text": "Nouvelle charte, plus exigeante.", "version": 1])
            #expect(try v2.status == .created && (v2.json()["status"] as? String) == "open")
            let decided = try await adoptCharterProposal(try v2.json()["id"] as! String, slug: "tisserands", voters: [malik, camille], decider: camille)
            #expect(try decided.json()["status"] as? String == "adopted")
            #expect(try await malik.get("/api/v1/communities/tisserands/charter").json()["version"] as? Int == 2)
            // Proposing needs the current charter accepted (403), then a proposal on an older version is stale (409).
            #expect(try await camille.post("/api/v1/communities/tisserands/charter", ["text": "Une version concurrente ici.", "version": 1]).status == .forbidden)
            #expect(try await camille.post("/api/v1/communities/tisserands/charter/accept", ["version": 2]).status == .ok)
            #expect(try await camille.post("/api/v1/communities/tisserands/charter", ["text": "Une version concurrente ici.", "version": 1]).status == .conflict)
            let stale = try await malik.get("/api/v1/communities/tisserands")
            #expect(try stale.json()["charterCurrent"] as? Bool == false)
            #expect(try await malik.post("/api/v1/communities/tisserands/charter/accept", ["version": 2]).status == .ok)
            #expect(try await malik.get("/api/v1/communities/tisserands").json()["charterCurrent"] as? Bool == true)

            // Suspension and leaving keep the count right; the founder cannot leave.
            // A suspension needs its reason (the member reads it: issue 20); a suspended member reads, and writes nothing.
            #expect(try await camille.post("/api/v1/communities/tisserands/members/malik/suspend").status == .unprocessableEntity)
            #expect(try await camille.post("/api/v1/communities/tisserands/members/malik/suspend", ["reason": "Absences répétées"]).status == .ok)
            #expect(try await malik.get("/api/v1/communities/tisserands/members").status == .ok)
            #expect(try await malik.post("/api/v1/communities/tisserands/posts", ["body": "Bonjour"]).status == .forbidden)
            #expect(try await camille.get("/api/v1/communities/tisserands").json()["memberCount"] as? Int == 1)
            #expect(try await camille.post("/api/v1/communities/tisserands/members/malik/reinstate").status == .ok)
            #expect(try await camille.post("/api/v1/communities/tisserands/members/camille/suspend").status == .forbidden)
            #expect(try await camille.post("/api/v1/communities/tisserands/leave").status == .forbidden)
            #expect(try await malik.post("/api/v1/communities/tisserands/leave").status == .ok)
            #expect(try await camille.get("/api/v1/communities/tisserands").json()["memberCount"] as? Int == 1)
            let back = try await malik.post("/api/v1/communities/tisserands/join-requests", ["message": "Je reviens"])
            #expect(back.status == .created)
            // Coming back: approved again, the charter already accepted once is accepted again without a clash.
            let backID = try back.json()["id"] as! String
            #expect(try await camille.post("/api/v1/communities/tisserands/join-requests/\(backID)/approve").status == .ok)
            #expect(try await malik.post("/api/v1/communities/tisserands/charter/accept", ["version": 2]).status == .ok)
            #expect(try await malik.get("/api/v1/communities/tisserands").json()["relation"] as? String == "active")
            #expect(try await camille.get("/api/v1/communities/tisserands").json()["memberCount"] as? Int == 2)
            // An overflowing version is a plain conflict, not a crash.
            #expect(try await camille.post("/api/v1/communities/tisserands/charter", ["text": "Une charte encore plus claire.", "version": Int.max]).status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aDeclinedPersonSeesTheReason(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let camille = try await api.person("camille")
            _ = try await camille.post("/api/v1/communities", communityBody("tisserands", visibility: "public"))
            let web = WebClient(app: app)
            try await web.signUp("julie")
            #expect(try await web.post("/communities/tisserands/join", ["message": "Bonjour <b>!</b>"]).status == .seeOther)
            let id = try await camille.get("/api/v1/communities/tisserands/join-requests").items().first?["id"] as! String
            #expect(try await camille.post("/api/v1/communities/tisserands/join-requests/\(id)/decline", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await camille.post("/api/v1/communities/tisserands/join-requests/\(id)/decline", ["reason": "Revenez en septembre"]).status == .ok)
            let page = try await web.get("/communities/tisserands")
            #expect(page.body.string.contains("Revenez en septembre"))
            #expect(page.body.string.contains("Demander à rejoindre"), "a declined person may ask again")
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoStewardsApprovingAtOnceApplyItOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "race")
            // One steward alone cannot name another (422); the community's decision does.
            let promote = try await cast.steward.post("/api/v1/communities/\(cast.slug)/members/race_member/promote")
            #expect(promote.status == .unprocessableEntity && promote.body.string.contains("décision"), "\(promote.body.string)")
            let roles = try await cast.steward.get("/api/v1/communities/\(cast.slug)/roles").items()
            let stewardRole = try #require(roles.first { $0["builtin"] as? String == "steward" }?["id"] as? String)
            let opened = try await cast.steward.post("/api/v1/communities/\(cast.slug)/roles/\(stewardRole)/assignments", ["handle": "race_member"])
            let proposal = try #require(try opened.json()["id"] as? String)
            for p in [cast.steward, cast.member] {
                #expect(try await p.post("/api/v1/communities/\(cast.slug)/proposals/\(proposal)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/proposals/\(proposal)/decide").json()["status"] as? String == "adopted")
            let id = try await cast.steward.get("/api/v1/communities/\(cast.slug)/join-requests").items().first?["id"] as! String
            async let a = cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve")
            async let b = cast.member.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve")
            let statuses = try await [a.status, b.status].sorted { $0.code < $1.code }
            #expect(statuses == [.ok, .conflict])
            #expect(try await Membership.query(on: app.db).filter(\.$handle == "race_pending").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func communityListIsKeysetPagedAndSearchIgnoresAccents(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            for i in 0..<25 {
                let name = i == 7 ? "Coopérative Élan" : "Communauté \(String(format: "%02d", i))"
                #expect(try await camille.post("/api/v1/communities", communityBody("c-\(i)", visibility: i % 2 == 0 ? "public" : "members", name: name)).status == .created)
            }
            let first = try await APIClient(app: app).get("/api/v1/communities")
            let firstItems = try first.items()
            #expect(firstItems.count == 20)
            let next = try #require(try first.json()["next"] as? String)
            let second = try await APIClient(app: app).get("/api/v1/communities?after=\(next)")
            #expect(try second.items().count == 5)
            #expect(try second.json()["next"] is NSNull)
            let all = (firstItems + (try second.items())).compactMap { $0["slug"] as? String }
            #expect(Set(all).count == 25)
            // Members-only cards hide their size from outsiders.
            #expect(firstItems.filter { $0["visibility"] as? String == "members" }.allSatisfy { $0["memberCount"] == nil })
            let found = try await APIClient(app: app).get("/api/v1/communities?q=cooperative%20elan")
            #expect(try found.items().map { $0["slug"] as? String } == ["c-7"])
            #expect(try await APIClient(app: app).get("/api/v1/communities?after=garbage").status == .badRequest)
        }
    }
}
