import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore

/// Roles with rights, assignments and credibility's rule, decided as governance proposals by the one engine (issue 18).
@Suite struct GovernanceTests {
    static var postgres: [TestDatabase] { TestDatabase.all.filter { if case .postgres = $0 { true } else { false } } }

    /// Both members consent, then `by` applies the rule: returns the decision's JSON.
    static func adopt(_ cast: Cast, _ id: String, by: APIClient? = nil) async throws -> [String: Any] {
        let base = "/api/v1/communities/\(cast.slug)/proposals/\(id)"
        #expect(try await cast.steward.post(base + "/positions", ["position": "consent"]).status == .ok)
        #expect(try await cast.member.post(base + "/positions", ["position": "consent"]).status == .ok)
        let decided = try await (by ?? cast.steward).post(base + "/decide")
        #expect(decided.status == .ok, "\(decided.body.string)")
        return try decided.json()
    }

    /// A role « Facilitateur » with apply-decisions, adopted, then assigned to the member: the member may then apply a
    /// decision, and its record says on what authority.
    static func facilitator(_ cast: Cast) async throws -> String {
        let slug = cast.slug
        let opened = try await cast.member.post("/api/v1/communities/\(slug)/roles",
                                                ["name": "Facilitateur", "purpose": "Tenir le rythme des décisions", "rights": ["apply-decisions"]])
        #expect(opened.status == .created, "\(opened.body.string)")
        #expect(try opened.json()["status"] as? String == "open")
        let proposal = try #require(try opened.json()["id"] as? String)
        #expect(try await adopt(cast, proposal)["status"] as? String == "adopted")
        let roles = try await cast.member.get("/api/v1/communities/\(slug)/roles").items()
        #expect(Set(roles.compactMap { $0["builtin"] as? String }) == ["founder", "steward"])
        let role = try #require(roles.first { $0["name"] as? String == "Facilitateur" })
        #expect(role["rights"] as? [String] == ["apply-decisions"])
        let roleID = try #require(role["id"] as? String)
        let assign = try await cast.steward.post("/api/v1/communities/\(slug)/roles/\(roleID)/assignments", ["handle": memberHandle(cast)])
        #expect(assign.status == .created, "\(assign.body.string)")
        #expect(try await adopt(cast, try #require(try assign.json()["id"] as? String))["status"] as? String == "adopted")
        return roleID
    }

    static func memberHandle(_ cast: Cast) -> String { cast.slug.replacingOccurrences(of: "-club", with: "").replacingOccurrences(of: "-", with: "_") + "_member" }

    @Test(arguments: TestDatabase.all)
    func rolesAreAdoptedAssignedAndCarryRights(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "gov_roles")
            let slug = cast.slug
            // Before any role, a member may not apply a decision.
            let early = try await cast.member.post("/api/v1/communities/\(slug)/roles", ["name": "Veilleur", "rights": ["moderate"]])
            let earlyID = try #require(try early.json()["id"] as? String)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/proposals/\(earlyID)/decide").status == .forbidden)
            _ = try await Self.facilitator(cast)
            // The members list names each member's roles.
            let members = try await cast.steward.get("/api/v1/communities/\(slug)/members").items()
            let member = try #require(members.first { $0["handle"] as? String == Self.memberHandle(cast) })
            #expect(member["roles"] as? [String] == ["Facilitateur"])
            let founder = try #require(members.first { $0["handle"] as? String == "gov_roles_steward" })
            #expect(founder["roles"] as? [String] == ["founder"])
            // Now the member applies a due decision, and the record says whose authority and why.
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/proposals/\(earlyID)/positions", ["position": "consent"]).status == .ok)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/proposals/\(earlyID)/positions", ["position": "consent"]).status == .ok)
            let decided = try await cast.member.post("/api/v1/communities/\(slug)/proposals/\(earlyID)/decide")
            #expect(decided.status == .ok, "\(decided.body.string)")
            let record = try await cast.member.get("/api/v1/communities/\(slug)/proposals/\(earlyID)").json()["proposal"] as? [String: Any]
            #expect(record?["decidedBy"] as? String == Self.memberHandle(cast))
            #expect(record?["authority"] as? String == "role")
            #expect(record?["status"] as? String == "adopted")
            // The same right applies code amendments (formerly stewards only).
            let amendment = try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments", [
                "baseRevision": 0, "summary": "Nos valeurs", "reason": "", "changes": [["section": "social", "body": "Entraide"]]])
            let aid = try #require(try amendment.json()["id"] as? String, "\(amendment.status) \(amendment.body.string)")
            for p in [cast.steward, cast.member] {
                #expect(try await p.post("/api/v1/communities/\(slug)/code/amendments/\(aid)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/code/amendments/\(aid)/decide").status == .ok)
            // The amendment routes do not see governance proposals, nor the proposal routes amendments.
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/amendments/\(earlyID)").status == .notFound)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/proposals/\(aid)").status == .notFound)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/amendments").items().count == 1)
            // The pages: roles with the forms, the proposal with its record.
            let w = WebClient(app: app)
            try await w.signUp("gov_page")
            #expect(try await w.get("/communities/\(slug)/roles").status == .notFound)
            // Outsiders learn nothing of a members-only community's governance.
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/roles").status == .notFound)
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/proposals").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func badInputIsRefusedNamingTheFieldAndWritesNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "gov_bad")
            let slug = cast.slug
            let bad = try await cast.member.post("/api/v1/communities/\(slug)/roles", ["name": "Chef", "rights": ["rule-the-world"]])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Droits"))  // the field by its label (label.rights)
            let roles = try await cast.member.get("/api/v1/communities/\(slug)/roles").items()
            let steward = try #require(roles.first { $0["builtin"] as? String == "steward" }?["id"] as? String)
            let founder = try #require(roles.first { $0["builtin"] as? String == "founder" }?["id"] as? String)
            // An assignment to someone who is not an active member names `handle`.
            let outsider = try await cast.member.post("/api/v1/communities/\(slug)/roles/\(steward)/assignments", ["handle": "gov_bad_outsider"])
            #expect(outsider.status == .unprocessableEntity)
            #expect(outsider.body.string.contains("Identifiant"))  // label.handle
            let pending = try await cast.member.post("/api/v1/communities/\(slug)/roles/\(steward)/assignments", ["handle": "gov_bad_pending"])
            #expect(pending.status == .unprocessableEntity)
            // The founder's role is given by creating a community, never by proposal; predefined roles are not changed.
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/roles/\(founder)/assignments", ["handle": "gov_bad_member"]).status == .unprocessableEntity)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/roles/\(steward)/changes", ["action": "remove"]).status == .unprocessableEntity)
            // The founder holds the steward's rights already: a conflict with the current state (409); taking them away is not
            // a proposal's to make (422).
            let already = try await cast.member.post("/api/v1/communities/\(slug)/roles/\(steward)/assignments", ["handle": "gov_bad_steward"])
            #expect(already.status == .conflict, "\(already.body.string)")
            let unfound = try await cast.member.post("/api/v1/communities/\(slug)/roles/\(steward)/assignments",
                                                     ["handle": "gov_bad_steward", "action": "unassign"])
            #expect(unfound.status == .unprocessableEntity, "\(unfound.body.string)")
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/proposals?kind=code").status == .unprocessableEntity)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/credibility/rule", ["count": 3, "rights": ["fly"]]).status == .unprocessableEntity)
            #expect(try await cast.outsider.post("/api/v1/communities/\(slug)/roles", ["name": "Chef", "rights": []]).status == .forbidden)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/proposals").items().isEmpty)
            // Two members: the steward role given to the member by decision makes them a steward.
            let give = try await cast.steward.post("/api/v1/communities/\(slug)/roles/\(steward)/assignments", ["handle": "gov_bad_member"])
            #expect(try await Self.adopt(cast, try #require(try give.json()["id"] as? String))["status"] as? String == "adopted")
            let member = try await cast.member.get("/api/v1/communities/\(slug)/members").items().first { $0["handle"] as? String == "gov_bad_member" }
            #expect(member?["role"] as? String == "steward")
        }
    }

    /// Credibility's rule: the N most credible hold its rights once credibility is computed; `grants` says so; a rule that
    /// would leave no one able to apply decisions is refused naming `rights`.
    struct Row: Decodable { let id: UUID }

    @Test(arguments: TestDatabase.all)
    func credibilityRuleGrantsRights(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "gov_cred")
            let slug = cast.slug
            let opened = try await cast.member.post("/api/v1/communities/\(slug)/credibility/rule", ["count": 1, "rights": ["moderate", "apply-decisions"]])
            #expect(opened.status == .created, "\(opened.body.string)")
            #expect(try await Self.adopt(cast, try #require(try opened.json()["id"] as? String))["status"] as? String == "adopted")
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/credibility/refresh").status == .ok)
            let founder = try await cast.member.get("/api/v1/communities/\(slug)/credibility/gov_cred_steward").json()
            let member = try await cast.member.get("/api/v1/communities/\(slug)/credibility/gov_cred_member").json()
            // Until a verified result exists the founder is the seed of trust, so the most credible.
            #expect(founder["grants"] as? [String] == ["moderate", "apply-decisions"])
            #expect(member["grants"] as? [String] == [])
            // Computing again with nothing changed writes nothing the pages show (one statement, only rows that change).
            struct Gen: Decodable { let generation: Int }
            func generation() async throws -> Int {
                try #require(try await app.db.row("SELECT generation FROM communities WHERE slug = \(bind: slug)", as: Gen.self)).generation
            }
            let before = try await generation()
            let cid = try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
            try await app.write(on: app.db) { db in try await CredibilityGrants.refresh(db, community: cid) }
            #expect(try await generation() == before)
            // A rule on one topic is refused until rights per topic exist: 422 naming the topic, nothing opened.
            let topical = try await cast.member.post("/api/v1/communities/\(slug)/credibility/rule", ["topic": "Cuisine", "count": 2, "rights": ["moderate"]])
            #expect(topical.status == .unprocessableEntity && topical.body.string.contains("Sujet"), "\(topical.body.string)")
            // With the founder away, withdrawing the rule would leave no one to apply decisions: 422 naming `rights`.
            try await sql(app.db).raw("UPDATE memberships SET status = 'suspended' WHERE handle = 'gov_cred_steward'").run()
            let refused = try await cast.member.post("/api/v1/communities/\(slug)/credibility/rule", ["count": 0])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Droits"))
        }
    }

    /// A rule that weighs positions by credibility decides a majority vote its way: the trusted founder's consent
    /// outweighs the objection of a member nobody vouches for; the proposal says so.
    @Test(arguments: TestDatabase.all)
    func credibilityWeighsPositionsUnderTheMajorityRule(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "gov_weigh")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            #expect(try await cast.steward.send(.PATCH, c + "/code/settings", json: ["rule": "majority", "quorum": 50, "openDays": 7, "published": true]).status == .ok)
            let badCap = try await cast.member.post(c + "/credibility/rule", ["count": 0, "weighPositions": true, "cap": 0.5])
            #expect(badCap.status == .unprocessableEntity && badCap.body.string.contains("Poids maximal"), "\(badCap.body.string)")
            let opened = try await cast.member.post(c + "/credibility/rule", ["count": 0, "weighPositions": true, "cap": 2])
            #expect(opened.status == .created, "\(opened.body.string)")
            #expect(try await Self.adopt(cast, try #require(try opened.json()["id"] as? String))["status"] as? String == "adopted")
            // The founder is trusted, the member not at all (as a computation would leave them with no endorsement).
            #expect(try await cast.steward.post(c + "/credibility/refresh").status == .ok)
            try await sql(app.db).raw("""
                UPDATE credibility_scores SET score = CASE WHEN user_id = (SELECT id FROM users WHERE handle = 'gov_weigh_steward') THEN 1.9 ELSE 0.1 END
                WHERE community_id = (SELECT id FROM communities WHERE slug = \(bind: slug)) AND topic_key = ''
                """).run()
            let proposal = try await cast.member.post(c + "/roles", ["name": "Trésorière", "purpose": "Tenir les comptes", "rights": ["record-flows"]])
            let id = try #require(try proposal.json()["id"] as? String)
            #expect(try await cast.steward.post(c + "/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
            #expect(try await cast.member.post(c + "/proposals/\(id)/positions", ["position": "object", "reason": "Personne ne tient les comptes aujourd'hui."]).status == .ok)
            let tally = try #require(try await cast.member.get(c + "/proposals/\(id)").json()["tally"] as? [String: Any])
            #expect(tally["weighted"] as? Bool == true && tally["consents"] as? Int == 1 && tally["objections"] as? Int == 1)
            #expect((tally["weightedConsents"] as? Double ?? 0) == 1.9 && (tally["weightedObjections"] as? Double ?? 0) == 0.5, "\(tally)")
            let decided = try await cast.steward.post(c + "/proposals/\(id)/decide")
            #expect(try decided.json()["status"] as? String == "adopted", "one against one, weighed 1.9 against 0.5: \(decided.body.string)")
            // What each one's score gives them, on the credibility JSON.
            let weight = try await cast.member.get(c + "/credibility/gov_weigh_steward").json()["positionWeight"] as? Double
            #expect(weight == 1.9)
            // The roles page says how the rule weighs.
            let page = WebClient(app: app)
            #expect(try await page.post("/signin", ["email": "gov_weigh_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            #expect(try await page.get("/communities/\(slug)/roles").body.string.contains("entre ×0,5 et ×2"))
        }
    }

    /// The same-transaction re-check: a member whose right is taken away while their request is under way (the gate read
    /// it before; the change commits before their write) gets a 403 and nothing is written.
    @Test(arguments: GovernanceTests.postgres)
    func aRightTakenAwayAMomentBeforeIsRefusedInTheWrite(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "gov_race")
            let slug = cast.slug
            _ = try await Self.facilitator(cast)
            let opened = try await cast.steward.post("/api/v1/communities/\(slug)/roles", ["name": "Veilleur", "rights": ["moderate"]])
            let id = try #require(try opened.json()["id"] as? String)
            for p in [cast.steward, cast.member] {
                #expect(try await p.post("/api/v1/communities/\(slug)/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
            }
            let handle = Self.memberHandle(cast)
            // The role's removal, held open while the member's decision passes the gate and waits in its write.
            let removal = Task {
                try await app.db.transaction { tx in
                    try await sql(tx).raw("UPDATE memberships SET rights = 0 WHERE handle = \(bind: handle)").run()
                    try await Task.sleep(for: .milliseconds(600))
                }
            }
            try await Task.sleep(for: .milliseconds(150))
            let decided = try await cast.member.post("/api/v1/communities/\(slug)/proposals/\(id)/decide")
            try await removal.value
            #expect(decided.status == .forbidden, "\(decided.body.string)")
            let still = try await cast.steward.get("/api/v1/communities/\(slug)/proposals/\(id)").json()["proposal"] as? [String: Any]
            #expect(still?["status"] as? String == "open")
        }
    }

    /// A power used beyond the route's gate (a steward moving another team's action) is re-checked in the write too: the
    /// gate's `contribute` still holds once the steward is made a member again, the stewarding does not.
    @Test(arguments: GovernanceTests.postgres)
    func aStewardshipTakenAwayAMomentBeforeIsRefusedInTheWrite(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "gov_steer")
            let c = "/api/v1/communities/\(cast.slug)"
            let action = try await cast.steward.post(c + "/actions", ["title": "Atelier du samedi"]).json()["id"] as! String
            #expect(try await cast.steward.post(c + "/actions/\(action)/volunteer").status == .ok)
            let handle = Self.memberHandle(cast)
            try await sql(app.db).raw("UPDATE memberships SET role = 'steward' WHERE handle = \(bind: handle)").run()
            let demotion = Task {
                try await app.db.transaction { tx in
                    try await sql(tx).raw("UPDATE memberships SET role = 'member' WHERE handle = \(bind: handle)").run()
                    try await Task.sleep(for: .milliseconds(600))
                }
            }
            try await Task.sleep(for: .milliseconds(150))
            let moved = try await cast.member.post(c + "/actions/\(action)/status", ["status": "in-progress", "note": "On commence"])
            try await demotion.value
            #expect(moved.status == .forbidden, "\(moved.body.string)")
            let status = (try await cast.steward.get(c + "/actions/\(action)").json()["action"] as? [String: Any])?["status"] as? String
            #expect(status == "planned")
        }
    }

    /// The publish-code right publishes the code, and nothing more: the decision rule (which decides who gets rights)
    /// stays the stewards'.
    @Test(arguments: TestDatabase.all)
    func publishingTheCodeNeverChangesTheDecisionRule(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "gov_pub")
            let c = "/api/v1/communities/\(cast.slug)"
            try await sql(app.db).raw("UPDATE memberships SET rights = \(bind: Right.publishCode.bit) WHERE handle = \(bind: Self.memberHandle(cast))").run()
            let weaker = try await cast.member.send(.PATCH, c + "/code/settings", json: ["rule": "consent", "quorum": 1, "openDays": 1, "published": true])
            #expect(weaker.status == .forbidden, "\(weaker.body.string)")
            #expect(try await cast.member.send(.PUT, c + "/code/publication", json: ["published": true]).status == .ok)
            struct Row: Decodable { let code_published: Bool; let code_quorum: Int }
            let row = try #require(try await app.db.row("SELECT code_published, code_quorum FROM communities WHERE slug = \(bind: cast.slug)", as: Row.self))
            #expect(row.code_published && row.code_quorum != 1)
            #expect(try await cast.anonymous.get(c + "/code").status == .ok, "published: readable by anyone")
            #expect(try await cast.outsider.send(.PUT, c + "/code/publication", json: ["published": false]).status == .notFound)

            // Its page: linked from the code for the holder, and the form that does the same (no JavaScript).
            let page = "/communities/\(cast.slug)/code"
            let holder = WebClient(app: app)
            #expect(try await holder.post("/signin", ["email": "\(Self.memberHandle(cast))@example.org", "password": "correct horse battery"]).status == .seeOther)
            #expect(try await holder.get(page).body.string.contains("href=\"\(page)/publication\""))
            let form = try await holder.get(page + "/publication")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"published\" type=\"checkbox\" checked"), "it says the code is published")
            #expect(try await holder.post(page + "/publication", [:]).status == .seeOther, "unchecked: kept inside")
            #expect(try await app.db.row("SELECT code_published, code_quorum FROM communities WHERE slug = \(bind: cast.slug)", as: Row.self)?.code_published == false)
            #expect(try await holder.post(page + "/publication", ["published": "on"], csrf: false).status == .forbidden, "a forged form")
            // Without the right, neither the link nor the page.
            try await sql(app.db).raw("UPDATE memberships SET rights = 0 WHERE handle = \(bind: Self.memberHandle(cast))").run()
            try await sql(app.db).raw("UPDATE communities SET generation = generation + 1 WHERE slug = \(bind: cast.slug)").run()
            #expect(try await holder.get(page).body.string.contains("/code/publication") == false)
            #expect(try await holder.get(page + "/publication").status == .forbidden)
            #expect(try await holder.post(page + "/publication", ["published": "on"]).status == .forbidden)
            #expect(try await app.db.row("SELECT code_published, code_quorum FROM communities WHERE slug = \(bind: cast.slug)", as: Row.self)?.code_published == false)
        }
    }

    /// Decisions at once: two roles of one name adopted together make one role (the other proposal is in conflict); two
    /// credibility rules adopted together leave one rule, never a 500; one proposal decided twice applies once.
    @Test(arguments: GovernanceTests.postgres)
    func concurrentDecisionsApplyOnceAndNeverCollide(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "gov_twice")
            let c = "/api/v1/communities/\(cast.slug)"
            func consented(_ path: String, _ body: [String: Any]) async throws -> String {
                let id = try #require(try await cast.member.post(c + path, body).json()["id"] as? String)
                for p in [cast.steward, cast.member] {
                    #expect(try await p.post(c + "/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
                }
                return id
            }
            let r1 = try await consented("/roles", ["name": "Veilleur", "rights": ["moderate"]])
            let r2 = try await consented("/roles", ["name": "veilleur", "rights": ["moderate"]])
            async let d1 = cast.steward.post(c + "/proposals/\(r1)/decide")
            async let d2 = cast.steward.post(c + "/proposals/\(r2)/decide")
            let roles = [try await d1, try await d2]
            #expect(roles.allSatisfy { $0.status == .ok }, "\(roles.map(\.status))")
            #expect(Set(try roles.map { try $0.json()["status"] as? String }) == ["adopted", "conflict"])
            let live = try await cast.member.get(c + "/roles").items().filter { ($0["name"] as? String)?.lowercased() == "veilleur" }
            #expect(live.count == 1)

            let k1 = try await consented("/credibility/rule", ["count": 1, "rights": ["moderate"]])
            let k2 = try await consented("/credibility/rule", ["count": 2, "rights": ["moderate"]])
            async let e1 = cast.steward.post(c + "/proposals/\(k1)/decide")
            async let e2 = cast.steward.post(c + "/proposals/\(k2)/decide")
            let rules = [try await e1, try await e2]
            #expect(rules.allSatisfy { $0.status == .ok }, "\(rules.map { $0.body.string.prefix(200) })")
            #expect(try await sql(app.db).raw("SELECT COUNT(*) AS n FROM credibility_rules").first()!.decode(column: "n", as: Int.self) == 1)

            let once = try await consented("/roles", ["name": "Passeur", "rights": ["manage-links"]])
            async let f1 = cast.steward.post(c + "/proposals/\(once)/decide")
            async let f2 = cast.steward.post(c + "/proposals/\(once)/decide")
            let statuses = [try await f1.status, try await f2.status].sorted { $0.code < $1.code }
            #expect(statuses == [.ok, .conflict], "\(statuses)")
            let created = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'role.create' AND detail LIKE 'Passeur%'")
                .first()!.decode(column: "n", as: Int.self)
            #expect(created == 1)
        }
    }
}
