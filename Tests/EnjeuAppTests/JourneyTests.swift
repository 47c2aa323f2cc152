import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct JourneyTests {
    /// A members-only community whose three active members are the steward, a member and `extra`.
    func cast(_ app: Application, _ prefix: String) async throws -> (Cast, APIClient) {
        let cast = try await Cast.make(app, visibility: "members", prefix: prefix)
        let extra = try await APIClient(app: app).person(prefix + "_extra")
        let id = try await extra.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await extra.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
        return (cast, extra)
    }

    func adopt(_ people: [APIClient], steward: APIClient, _ slug: String, kind: String, title: String, body: String) async throws -> String {
        let res = try await people[0].post("/api/v1/communities/\(slug)/journey/proposals", ["kind": kind, "title": title, "body": body])
        #expect(res.status == .created, "\(res.body.string)")
        let id = try res.json()["id"] as! String
        for p in people {
            #expect(try await p.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
        }
        let decided = try await steward.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/decide")
        #expect(try decided.json()["status"] as? String == "adopted", "\(decided.body.string)")
        return id
    }

    func states(_ who: APIClient, _ slug: String) async throws -> [String: String] {
        let j = try await who.get("/api/v1/communities/\(slug)/journey").json()
        return Dictionary(uniqueKeysWithValues: (j["steps"] as? [[String: Any]] ?? []).map { ($0["key"] as! String, $0["state"] as! String) })
    }

    func scores(_ m: Int, _ c: Int, _ s: Int, _ t: Int) -> [String: Any] { ["material": m, "consciousness": c, "mastery": s, "maturity": t] }

    @Test(arguments: TestDatabase.all)
    func aCycleFromValuesToGovernance(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "jrn")
            let slug = cast.slug
            let everyone = [cast.member, cast.steward, extra]
            let first = try await cast.member.get("/api/v1/communities/\(slug)/journey").json()
            #expect(first["cycle"] as? Int == 1)
            #expect((first["steps"] as? [[String: Any]])?.map { $0["key"] as! String } == ["values", "common-good", "project", "action-plan", "action", "governance"])
            #expect((first["steps"] as? [[String: Any]])?.map { $0["number"] as! Int } == [1, 2, 3, 4, 5, 6])
            #expect(try await states(cast.member, slug)["values"] == "not-started")

            // Steps 1–3: proposals adopted by the same decision engine as the #CodeSocial.
            let open = try await cast.member.post("/api/v1/communities/\(slug)/journey/proposals", ["kind": "value", "title": "Réciprocité", "body": "Je donne autant que je reçois."])
            #expect(try await states(cast.member, slug)["values"] == "in-progress")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/journey/proposals/\(try open.json()["id"] as! String)/decide").status == .forbidden)
            _ = try await adopt(everyone, steward: cast.steward, slug, kind: "value", title: "Transmission", body: "Ce que j'apprends, je le transmets.")
            let stake = try await adopt(everyone, steward: cast.steward, slug, kind: "stake", title: "Le tissage vivant", body: "Faire vivre le métier dans la vallée.")
            _ = try await adopt(everyone, steward: cast.steward, slug, kind: "project", title: "Un atelier ouvert",
                                body: "Vision : un atelier ouvert chaque samedi. Objectif : former dix apprentis (enjeu : le tissage vivant).")
            var s = try await states(cast.member, slug)
            #expect(s["values"] == "done" && s["common-good"] == "done" && s["project"] == "done")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/journey/proposals", ["kind": "wish", "title": "X", "body": "Quelque chose"]).status == .unprocessableEntity)

            // Steps 4–5: an action starts once owned, closes with an outcome.
            let created = try await cast.member.post("/api/v1/communities/\(slug)/actions",
                                                     ["title": "Samedi d'atelier ouvert", "description": "Accueillir le public", "stake": stake,
                                                      "needs": "Deux métiers à tisser", "dueOn": "2026-12-12"])
            #expect(created.status == .created, "\(created.body.string)")
            let action = try created.json()["id"] as! String
            let base = "/api/v1/communities/\(slug)/actions/\(action)"
            #expect(try await cast.member.post(base + "/status", ["status": "in-progress"]).status == .forbidden, "only the team moves it")
            #expect(try await cast.steward.post(base + "/status", ["status": "in-progress"]).status == .conflict, "no owner yet")
            #expect(try await cast.member.post(base + "/volunteer").json()["owner"] as? String == "jrn_member")
            #expect(try await extra.post(base + "/volunteer").json()["owner"] as? String == "jrn_member", "the first volunteer owns it")
            #expect(try await states(cast.member, slug)["action-plan"] == "done")
            #expect(try await cast.member.post(base + "/status", ["status": "done", "note": "Fini"]).status == .conflict, "planned cannot jump to done")
            #expect(try await cast.member.post(base + "/status", ["status": "in-progress", "note": "On commence"]).status == .ok)
            #expect(try await cast.member.post(base + "/status", ["status": "in-progress", "note": "Deux métiers installés"]).status == .ok)
            #expect(try await cast.member.post(base + "/status", ["status": "done", "note": "court"]).status == .unprocessableEntity, "closing asks for an outcome")
            // Nobody assesses an action before it is done.
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/assessments",
                                               ["subject": ["kind": "action", "id": action], "scores": scores(2, 2, 2, 2)]).status == .conflict)
            #expect(try await extra.post(base + "/status", ["status": "done", "note": "Douze visiteurs, trois inscrits à la formation."]).status == .ok)
            s = try await states(cast.member, slug)
            #expect(s["action"] == "done")
            let detail = try await cast.member.get(base).json()
            #expect((detail["updates"] as? [Any])?.count == 3)
            #expect((detail["action"] as? [String: Any])?["outcome"] as? String == "Douze visiteurs, trois inscrits à la formation.")

            // Evaluation: participants assess once each (a second replaces the first); nobody else assesses the action.
            let assess = "/api/v1/communities/\(slug)/assessments"
            #expect(try await cast.member.post(assess, ["subject": ["kind": "action", "id": action], "scores": scores(1, 1, 1, 1)]).status == .created)
            #expect(try await cast.member.post(assess, ["subject": ["kind": "action", "id": action], "scores": scores(3, 4, 2, 3), "comment": "Mieux vu après coup"]).status == .created)
            #expect(try await extra.post(assess, ["subject": ["kind": "action", "id": action], "scores": scores(3, 2, 2, 1)]).status == .created)
            #expect(try await cast.steward.post(assess, ["subject": ["kind": "action", "id": action], "scores": scores(3, 2, 2, 1)]).status == .forbidden)
            #expect(try await extra.post(assess, ["subject": ["kind": "action", "id": action], "scores": scores(5, 2, 2, 1)]).status == .unprocessableEntity)
            #expect(try await extra.post(assess, ["subject": ["kind": "action", "id": action], "scores": ["material": 1, "mastery": 2, "maturity": 1]]).status == .badRequest)
            #expect(try await extra.post(assess, ["subject": ["kind": "planet", "id": action], "scores": scores(1, 1, 1, 1)]).status == .unprocessableEntity)
            // Members assess each other (peer) or themselves (self, shown apart).
            #expect(try await cast.steward.post(assess, ["subject": ["kind": "member", "id": "jrn_member"], "scores": scores(2, 3, 3, 4)]).status == .created)
            #expect(try await cast.member.post(assess, ["subject": ["kind": "member", "id": "jrn_member"], "scores": scores(1, 2, 2, 2)]).status == .created)
            let evaluation = try await cast.member.get("/api/v1/communities/\(slug)/evaluation").json()
            #expect(evaluation["assessments"] as? Int == 2, "the action's two (the replaced one is not counted); one assessed member stays out of the total")
            let material = (evaluation["criteria"] as? [[String: Any]])?.first { $0["key"] as? String == "material" }
            #expect((material?["own"] as? [String: Any])?["count"] as? Int == 2)
            #expect((material?["own"] as? [String: Any])?["mean"] as? Double == 3)
            let mine = try await cast.member.get("/api/v1/communities/\(slug)/evaluation/members/jrn_member").json()
            let myMaterial = (mine["criteria"] as? [[String: Any]])?.first { $0["key"] as? String == "material" }
            #expect((myMaterial?["peers"] as? [String: Any])?["mean"] as? Double == 2)
            #expect((myMaterial?["own"] as? [String: Any])?["mean"] as? Double == 1)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/evaluation/members/nobody_here").status == .notFound)
            let actionEval = try await cast.member.get("/api/v1/communities/\(slug)/evaluation/actions/\(action)").json()
            let mastery = (actionEval["criteria"] as? [[String: Any]])?.first { $0["key"] as? String == "mastery" }
            #expect((mastery?["own"] as? [String: Any])?["mean"] as? Double == 2)
            // A member's dashboard: that member and stewards only.
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/evaluation/members/jrn_member").status == .ok)
            #expect(try await cast.steward.get("/api/v1/communities/\(slug)/evaluation/members/jrn_member").status == .ok)
            #expect(try await extra.get("/api/v1/communities/\(slug)/evaluation/members/jrn_member").status == .forbidden)

            // A dropped action cannot be assessed.
            let dropped = try await cast.steward.post("/api/v1/communities/\(slug)/actions", ["title": "Stand au marché"]).json()["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/actions/\(dropped)/volunteer")
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/actions/\(dropped)/status", ["status": "dropped", "note": "Pas de place"]).status == .ok)
            #expect(try await cast.steward.post(assess, ["subject": ["kind": "action", "id": dropped], "scores": scores(1, 1, 1, 1)]).status == .conflict)

            // Recognition: a person, a team, the community; never oneself.
            let rec = "/api/v1/communities/\(slug)/recognitions"
            #expect(try await cast.steward.post(rec, ["to": ["kind": "action", "id": action], "message": "Bravo l'équipe !", "criteria": ["mastery"]]).status == .created)
            #expect(try await cast.steward.post(rec, ["to": ["kind": "member", "id": "jrn_extra"], "message": "Merci pour les métiers", "criteria": ["material"]]).status == .created)
            #expect(try await extra.post(rec, ["to": ["kind": "community", "id": slug], "message": "Quelle année !"]).status == .created)
            #expect(try await extra.post(rec, ["to": ["kind": "member", "id": "jrn_extra"], "message": "Moi-même"]).status == .forbidden)
            #expect(try await extra.post(rec, ["to": ["kind": "action", "id": action], "message": "Notre équipe"]).status == .forbidden)
            #expect(try await extra.post(rec, ["to": ["kind": "member", "id": "jrn_member"], "message": "Merci", "criteria": ["wisdom"]]).status == .unprocessableEntity)
            let wall = try await cast.member.get(rec).items()
            #expect(wall.count == 3)
            #expect(wall.contains { ($0["to"] as? [String: Any])?["id"] as? String == "jrn_extra" }, "to.id is the handle, as sent")
            #expect(wall.contains { ($0["to"] as? [String: Any])?["id"] as? String == slug })

            // Step 6: a retrospective's change becomes an amendment of the governance section; adopting it completes the cycle.
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/next-cycle").status == .conflict)
            let retro = try await cast.member.post("/api/v1/communities/\(slug)/journey/retrospectives",
                                                   ["worked": "L'atelier ouvert", "didNot": "Trop peu de bénévoles", "change": "Chaque action a un binôme."])
            #expect(retro.status == .created, "\(retro.body.string)")
            #expect(try await states(cast.member, slug)["governance"] == "in-progress")
            let amendment = try retro.json()["amendment"] as! String
            let shown = try await cast.member.get("/api/v1/communities/\(slug)/code/amendments/\(amendment)").json()
            #expect((shown["changes"] as? [[String: Any]])?.first?["key"] as? String == "governance")
            for p in everyone {
                #expect(try await p.post("/api/v1/communities/\(slug)/code/amendments/\(amendment)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(amendment)/decide").json()["status"] as? String == "adopted")
            #expect(try await states(cast.member, slug)["governance"] == "done")
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/next-cycle").json()["cycle"] as? Int == 2)
            let second = try await cast.member.get("/api/v1/communities/\(slug)/journey").json()
            #expect(second["cycle"] as? Int == 2)
            #expect(try await states(cast.member, slug)["values"] == "not-started")
            // Earlier cycles stay readable.
            let web = try await cast.member.get("/api/v1/communities/\(slug)/journey/proposals?cycle=1")
            #expect((try JSONSerialization.jsonObject(with: Data(web.body.readableBytesView)) as? [Any])?.count == 4)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/actions?cycle=1").items().count == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theJourneyStaysInsideAndPagesRender(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, _) = try await cast(app, "jrnpriv")
            let slug = cast.slug
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/start", ["template": "company-teams"]).status == .created)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/start", ["template": "company-teams"]).status == .conflict)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/start", ["template": "mars"]).status == .unprocessableEntity)
            let proposals = try await cast.member.get("/api/v1/communities/\(slug)/journey/proposals")
            #expect((try JSONSerialization.jsonObject(with: Data(proposals.body.readableBytesView)) as? [Any])?.count == 3, "the template's values and stake")
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/actions").items().count == 1, "and its first action")
            let action = try await cast.member.get("/api/v1/communities/\(slug)/actions").items()[0]["id"] as! String
            for who in [cast.outsider, cast.pending, cast.anonymous] {
                for path in ["/journey", "/actions", "/actions/\(action)", "/evaluation", "/recognitions", "/journey/proposals"] {
                    let res = try await who.get("/api/v1/communities/\(slug)" + path)
                    #expect(res.status == .notFound || res.status == .unauthorized, "\(path) → \(res.status)")
                }
                #expect([.notFound, .unauthorized].contains(try await who.post("/api/v1/communities/\(slug)/actions/\(action)/volunteer").status))
            }
            let web = WebClient(app: app)
            #expect(try await web.get("/communities/\(slug)/journey").status == .notFound)
            // Every page renders for a member without JavaScript.
            let member = WebClient(app: app)
            try await member.signUp("jrnpriv_web")
            _ = try await member.post("/communities/\(slug)/join", ["message": "Bonjour"])
            let req = try await cast.steward.get("/api/v1/communities/\(slug)/join-requests").items().first { $0["handle"] as? String == "jrnpriv_web" }!["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(req)/approve")
            _ = try await member.post("/communities/\(slug)/charter/accept", ["version": "1"])
            for path in ["", "/actions", "/actions/\(action)", "/evaluation", "/recognitions", "/report", "/report.md", "/evaluation/members/jrnpriv_web"] {
                let res = try await member.get("/communities/\(slug)/journey" + path)
                #expect(res.status == .ok, "\(path) → \(res.status)")
            }
            #expect(try await member.get("/communities/\(slug)/journey/evaluation/members/jrnpriv_member").status == .forbidden)
            let page = try await member.get("/communities/\(slug)/journey")
            #expect(page.body.string.contains("Confiance"))
            let bad = try await member.post("/communities/\(slug)/journey/proposals", ["kind": "value", "name": "", "definition": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("error-summary"))
        }
    }
}
