import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// A member's contribution (issue 18): through the API and the page, on the database; paged lists, the collective's
/// evaluation beside theirs, and nothing shown to whoever cannot read the community's members.
@Suite struct ContributionTests {
    @Test(arguments: TestDatabase.all)
    func aMemberSeesTheirPartInTheCollective(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "ctb")
            let slug = cast.slug
            let extra = try await APIClient(app: app).person("ctb_extra")
            let joined = try await extra.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(joined)/approve").status == .ok)
            #expect(try await extra.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)

            // An action carried by the member and extra, assessed by both (mean 3 ≥ 2.5); another by the steward alone.
            func action(_ who: [APIClient], _ title: String, done: Bool) async throws -> String {
                let id = try await who[0].post("/api/v1/communities/\(slug)/actions", ["title": title]).json()["id"] as! String
                let base = "/api/v1/communities/\(slug)/actions/\(id)"
                for w in who { #expect(try await w.post(base + "/volunteer").status == .ok) }
                #expect(try await who[0].post(base + "/status", ["status": "in-progress", "note": "On commence"]).status == .ok)
                if done { #expect(try await who[0].post(base + "/status", ["status": "done", "note": "Douze personnes accueillies"]).status == .ok) }
                return id
            }
            let workshop = try await action([cast.member, extra], "Atelier partagé", done: true)
            _ = try await action([cast.steward], "Stand du marché", done: true)
            for (who, s) in [(cast.member, 3), (extra, 3)] {
                let scores = ["material": s, "consciousness": s, "mastery": s, "maturity": s]
                #expect(try await who.post("/api/v1/communities/\(slug)/assessments", ["subject": ["kind": "action", "id": workshop], "scores": scores]).status == .created)
            }
            // Recognitions given (enough for two pages), one received; endorsements both ways; a flow to extra.
            let rec = "/api/v1/communities/\(slug)/recognitions"
            for i in 0..<23 { #expect(try await cast.member.post(rec, ["to": ["kind": "member", "id": "ctb_extra"], "message": "Merci n°\(i)"]).status == .created) }
            #expect(try await cast.steward.post(rec, ["to": ["kind": "member", "id": "ctb_member"], "message": "Bravo <b>toi</b>"]).status == .created)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "ctb_extra", "topic": "Tissage"]).status == .created)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/endorsements", ["to": "ctb_member", "topic": "Accueil", "note": "Toujours là"]).status == .created)
            let flow = try await cast.member.post("/api/v1/communities/\(slug)/flows", ["from": "ctb_member", "to": "@ctb_extra", "nature": "immaterial",
                                                                                        "measure": "quantitative", "quantity": 3, "unit": "h", "date": "2026-06-02"])
            #expect(flow.status == .created, "\(flow.body.string)")
            try await CredibilityService(app.context()).recomputeDue()

            let path = "/api/v1/communities/\(slug)/members/ctb_member/contribution"
            let c = try await extra.get(path).json()
            #expect(c["handle"] as? String == "ctb_member" && c["threshold"] as? Double == 2.5)
            let actions = (c["actions"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
            #expect(actions.count == 1, "only the actions they took part in")
            #expect(actions.first?["wellAssessed"] as? Bool == true && (actions.first?["scores"] as? [String: Any])?["material"] as? Double == 3)
            #expect((c["results"] as? [String: Any])?["actionsCompleted"] as? Int == 1)
            #expect((c["communityResults"] as? [String: Any])?["actionsCompleted"] as? Int == 2, "the member and extra")
            #expect((c["actionScores"] as? [String: Any])?["assessments"] as? Int == 2)
            #expect((c["communityScores"] as? [String: Any])?["assessments"] as? Int == 2)
            let given = c["recognitionsGiven"] as? [String: Any]
            #expect((given?["items"] as? [[String: Any]])?.count == ContributionQueries.pageSize)
            let next = try #require(given?["next"] as? String)
            #expect(((c["recognitionsReceived"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["other"] as? String == "ctb_steward")
            #expect(((c["endorsementsGiven"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["other"] as? String == "ctb_extra")
            #expect(((c["endorsementsReceived"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["note"] as? String == "Toujours là")
            #expect(((c["flows"] as? [String: Any])?["items"] as? [[String: Any]])?.first?["to"] as? String == "member:ctb_extra")
            for empty in ["amendments", "figures", "referrals"] {
                #expect(((c[empty] as? [String: Any])?["items"] as? [[String: Any]])?.isEmpty == true, "\(empty)")
            }
            // One list alone, its next page: the rest, nothing twice, the other lists absent.
            let second = try await extra.get(path + "?part=recognitions-given&after=\(next)").json()
            let rest = (second["recognitionsGiven"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
            #expect(rest.count == 3 && (second["recognitionsGiven"] as? [String: Any])?["next"] is NSNull)
            let firstIDs = Set((given?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            #expect(firstIDs.isDisjoint(with: rest.compactMap { $0["id"] as? String }))
            #expect(second["actions"] == nil || second["actions"] is NSNull)
            #expect(try await extra.get(path + "?part=everything").status == .badRequest)
            #expect(try await extra.get(path + "?part=flows&after=nonsense").status == .badRequest)
            // Extra's own page: the action's team is theirs too; the steward's action is not.
            let theirs = try await cast.member.get("/api/v1/communities/\(slug)/members/ctb_extra/contribution").json()
            #expect(((theirs["actions"] as? [String: Any])?["items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Atelier partagé"])
            #expect(((theirs["flows"] as? [String: Any])?["items"] as? [[String: Any]])?.count == 1, "the flow to them")

            // A members-only community shows nothing to outsiders, signed in or not; nobody's contribution who is not a member.
            #expect(try await cast.outsider.get(path).status == .notFound)
            #expect([.notFound, .unauthorized].contains(try await cast.anonymous.get(path).status))
            #expect(try await cast.pending.get(path).status == .notFound)
            #expect(try await extra.get("/api/v1/communities/\(slug)/members/ctb_outsider/contribution").status == .notFound)
            #expect(try await extra.get("/api/v1/communities/\(slug)/members/ctb_pending/contribution").status == .notFound)

            // The page, linked from the members page and the profile.
            let web = try await browser(app, "ctb_extra")
            let page = try await web.get("/communities/\(slug)/members/ctb_member/contribution")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Contribution de ") && html.contains("@ctb_member") && html.contains("Atelier partagé") && html.contains("résultat vérifié"))
            #expect(html.contains("Bravo &lt;b&gt;toi&lt;/b&gt;") && !html.contains("<b>toi</b>"))
            #expect(html.contains("part=recognitions-given&amp;after="))
            #expect(try await web.get("/communities/\(slug)/members").body.string.contains("/communities/\(slug)/members/ctb_member/contribution"))
            #expect(try await web.get("/people/ctb_member").body.string.contains("/communities/\(slug)/members/ctb_member/contribution"))
            let outsider = try await browser(app, "ctb_outsider")
            #expect(try await outsider.get("/communities/\(slug)/members/ctb_member/contribution").status == .notFound)
        }
    }

    /// A public community's members are readable by anyone signed in, and so is their contribution.
    @Test(arguments: TestDatabase.all)
    func aPublicCommunityShowsItsMembersContribution(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "ctbp")
            let path = "/api/v1/communities/\(cast.slug)/members/ctbp_member/contribution"
            let members = try await cast.outsider.get("/api/v1/communities/\(cast.slug)/members").status
            #expect(try await cast.outsider.get(path).status == members, "readable exactly as the members are")
            #expect(members == .ok)
            // Which indicators a member gave to is for those who contribute, as the indicators are.
            #expect(try await cast.outsider.get(path).json()["figures"] == nil)
            #expect(try await cast.member.get(path).json()["figures"] is [String: Any])
        }
    }

    /// Off by default; once a member opts in, their profile sums up their verified results in each community its
    /// reader may see, and never names a members-only community to an outsider.
    @Test(arguments: TestDatabase.all)
    func aMemberMayShowASummaryOnTheirProfile(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "ctbs")
            let slug = cast.slug
            let extra = try await APIClient(app: app).person("ctbs_extra")
            let joined = try await extra.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(joined)/approve").status == .ok)
            #expect(try await extra.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)
            let id = try await cast.member.post("/api/v1/communities/\(slug)/actions", ["title": "Atelier partagé"]).json()["id"] as! String
            let base = "/api/v1/communities/\(slug)/actions/\(id)"
            for w in [cast.member, extra] { #expect(try await w.post(base + "/volunteer").status == .ok) }
            #expect(try await cast.member.post(base + "/status", ["status": "in-progress", "note": "On commence"]).status == .ok)
            #expect(try await cast.member.post(base + "/status", ["status": "done", "note": "Douze personnes accueillies"]).status == .ok)
            for w in [cast.member, extra] {
                #expect(try await w.post("/api/v1/communities/\(slug)/assessments",
                                         ["subject": ["kind": "action", "id": id], "scores": ["material": 3, "consciousness": 3, "mastery": 3, "maturity": 3]]).status == .created)
            }
            try await CredibilityService(app.context()).recomputeDue()

            let reader = try await browser(app, "ctbs_extra")
            #expect(!(try await reader.get("/people/ctbs_member").body.string.contains("id=\"contribution-summary\"")), "off by default")
            #expect(try await cast.member.send(.PUT, "/api/v1/me/contribution-summary", json: ["show": "oui"]).status == .badRequest)
            #expect(try await cast.member.send(.PUT, "/api/v1/me/contribution-summary", json: [String: Any]()).status == .unprocessableEntity)
            let on = try await cast.member.send(.PUT, "/api/v1/me/contribution-summary", json: ["show": true])
            #expect(on.status == .ok)
            let shown = try await reader.get("/people/ctbs_member").body.string
            #expect(shown.contains("id=\"contribution-summary\"") && shown.contains("1 action(s) menée(s) à bien et bien évaluée(s)"))
            #expect(shown.contains("href=\"/communities/\(slug)/members/ctbs_member/contribution\""))
            // An outsider sees the summary, without the members-only community.
            let outsider = try await browser(app, "ctbs_outsider")
            let theirs = try await outsider.get("/people/ctbs_member").body.string
            #expect(theirs.contains("id=\"contribution-summary\"") && !theirs.contains(slug))
            // The member hides it again from their profile page.
            let me = try await browser(app, "ctbs_member")
            #expect(try await me.get("/people/ctbs_member").body.string.contains("action=\"/me/contribution-summary\""))
            #expect(try await me.post("/me/contribution-summary", ["show": "0"]).status == .seeOther)
            #expect(!(try await reader.get("/people/ctbs_member").body.string.contains("id=\"contribution-summary\"")))
        }
    }

    func browser(_ app: Application, _ handle: String) async throws -> WebClient {
        let web = WebClient(app: app)
        #expect(try await web.post("/signin", ["email": "\(handle)@example.org", "password": "correct horse battery"]).status == .seeOther)
        return web
    }
}
