import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
import Fluent
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// A charter the members write (issue 18): a version is proposed and adopted like an amendment, its give-to-get rules and
/// the stewards' free reading with it; everyone accepts it again before contributing. And life stages Enjeu proposes.
@Suite struct CharterTests {
    static func count(_ app: Application, _ table: String) async throws -> Int {
        try await sql(app.db).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test(arguments: TestDatabase.all)
    func membersWriteTheCharterAndEveryoneAcceptsItAgain(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "chp")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            let text = "Nous donnons autant que nous recevons, et nous le disons."
            // Bad input: a 422 naming the field, nothing written.
            let short = try await cast.member.post(c + "/charter", ["text": "court"])
            #expect(try short.status == .unprocessableEntity && (short.json()["reason"] as? String ?? "").contains("Charte"))
            let rules = try await cast.member.post(c + "/charter", ["text": text, "rules": ["allowance": 5, "readCost": 500, "earn": 2, "halfLifeDays": 180]])
            #expect(try rules.status == .unprocessableEntity && (rules.json()["reason"] as? String ?? "").contains("Coût d’une consultation"), "\(rules.body.string)")
            #expect(try await cast.member.post(c + "/charter", ["version": 1]).status == .badRequest, "text is required")
            #expect(try await cast.member.post(c + "/charter", ["text": text, "version": 9]).status == .conflict)
            #expect(try await Self.count(app, "amendments") == 0)
            // Outsiders and people waiting cannot propose; in a members-only community they learn nothing.
            #expect(try await cast.outsider.post(c + "/charter", ["text": text]).status == .notFound)

            let opened = try await cast.member.post(c + "/charter", ["text": text, "version": 1, "reason": "Plus de clarté",
                                                                     "rules": ["allowance": 2, "readCost": 1, "earn": 3, "halfLifeDays": 90],
                                                                     "stewardsReadFree": false])
            #expect(opened.status == .created)
            let body = try opened.json()
            #expect(Set(body.keys) == ["id", "status"] && body["status"] as? String == "open")
            let id = try #require(body["id"] as? String)
            #expect(try await cast.member.get(c + "/charter/proposals").items().compactMap { $0["id"] as? String } == [id])
            #expect(try await cast.member.get(c + "/charter").json()["version"] as? Int == 1, "nothing changes until the community decides")
            #expect(try await cast.outsider.post(c + "/charter/proposals/\(id)/positions", ["position": "consent"]).status == .notFound)
            #expect(try await cast.member.post(c + "/charter/proposals/\(id)/positions", ["position": "maybe"]).status == .unprocessableEntity)
            #expect(try await cast.member.post(c + "/charter/proposals/\(UUID())/positions", ["position": "consent"]).status == .notFound)
            #expect(try await cast.member.post(c + "/charter/proposals/\(id)/decide").status == .forbidden, "applying needs the right")

            let decided = try await adoptCharterProposal(id, slug: slug, voters: [cast.member, cast.steward], decider: cast.steward)
            #expect(try decided.status == .ok && (decided.json()["status"] as? String) == "adopted", "\(decided.body.string)")
            #expect(try await cast.steward.post(c + "/charter/proposals/\(id)/decide").status == .conflict)
            let charter = try await cast.steward.get(c + "/charter").json()
            #expect(charter["version"] as? Int == 2 && charter["text"] as? String == text)
            let r = try await cast.steward.get(c + "/figures/rules").json()
            #expect(r["allowance"] as? Int == 2 && r["readCost"] as? Int == 1 && r["earn"] as? Int == 3 && r["halfLifeDays"] as? Int == 90)
            #expect(try await FiguresQueries(app.context()).settings(try #require(try await Community.query(on: app.db).filter(\.$slug == slug).first()?.id))
                .stewardsReadFree == false)
            // Each version records the rules and the stewards' free reading it carries; a new community's stewards pay.
            struct V: Decodable { let version: Int; let rules: String?; let stewards_read_free: Bool? }
            let versions = try await app.db.rows("""
                SELECT h.version, h.rules, h.stewards_read_free FROM charters h JOIN communities m ON m.id = h.community_id
                WHERE m.slug = \(bind: slug) ORDER BY h.version
                """, as: V.self)
            #expect(versions.map(\.version) == [1, 2] && versions.map(\.stewards_read_free) == [false, false])
            #expect(versions.first?.rules?.contains("\"allowance\":\(CreditRules.standard.allowance)") == true, "\(versions.first?.rules ?? "")")
            #expect(versions.last?.rules?.contains("\"allowance\":2") == true, "\(versions.last?.rules ?? "")")

            // Every member, the author and the stewards too, accepts it again before contributing again.
            for who in [cast.member, cast.steward] {
                #expect(try await who.get(c).json()["charterCurrent"] as? Bool == false)
                #expect(try await who.post(c + "/posts", ["body": "Avant d'accepter"]).status == .forbidden)
                #expect(try await who.post(c + "/charter/accept", ["version": 2]).status == .ok)
                #expect(try await who.post(c + "/posts", ["body": "Après avoir accepté"]).status == .created)
            }

            // Changing the rules directly opens a charter proposal; they stay as they are until it is adopted.
            let put = try await cast.steward.send(.PUT, c + "/figures/rules", json: ["allowance": 9, "readCost": 2, "earn": 2, "halfLifeDays": 180])
            #expect(try put.status == .created && (put.json()["status"] as? String) == "open", "\(put.body.string)")
            #expect(try await cast.steward.get(c + "/figures/rules").json()["allowance"] as? Int == 2)
            #expect(try await cast.steward.send(.PUT, c + "/figures/rules", json: ["allowance": -1, "readCost": 2, "earn": 2, "halfLifeDays": 180])
                .status == .unprocessableEntity)

            // The charter page is the card's: it says what the charter says of stewards' reads; its proposals are inside.
            let html = try await WebClient(app: app).get("/communities/\(slug)/charter").body.string
            #expect(html.contains("Les intendants paient leurs lectures comme chaque membre."))
            #expect(!html.contains("Propositions de charte"), "a members-only community's proposals are inside")
        }
    }

    @Test(arguments: TestDatabase.all)
    func theCharterPagesProposeAndListInBothLanguages(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "chw")
            let slug = cast.slug
            let web = WebClient(app: app)
            try await web.signUp("chw_web")
            let join = try await web.post("/communities/\(slug)/join", ["message": "Bonjour"])
            #expect(join.status == .seeOther)
            let req = try await cast.steward.get("/api/v1/communities/\(slug)/join-requests").items().first { $0["handle"] as? String == "chw_web" }!["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(req)/approve")
            _ = try await web.post("/communities/\(slug)/charter/accept", ["version": "1"])
            let page = try await web.get("/communities/\(slug)/charter").body.string
            #expect(page.contains("Proposer une nouvelle version") && page.contains("name=\"stewardsReadFree\""))
            // A new community's charter does not let stewards read free, so the page says they pay.
            #expect(page.contains("Les intendants paient leurs lectures comme chaque membre."))
            // Bad input comes back on the form, named.
            let bad = try await web.post("/communities/\(slug)/charter", ["charter": "court", "version": "1", "allowance": "5", "readCost": "1", "earn": "2",
                                                                          "halfLifeDays": "180"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Charte de réciprocité"))
            let sent = try await web.post("/communities/\(slug)/charter", ["charter": "Nous rendons ce que nous recevons, ensemble.", "version": "1",
                                                                           "allowance": "5", "readCost": "1", "earn": "2", "halfLifeDays": "180", "reason": "Plus juste"])
            #expect(sent.status == .seeOther)
            let proposal = try #require(sent.headers.first(name: .location))
            #expect(proposal.hasPrefix("/communities/\(slug)/proposals/"))
            let shown = try await web.get(proposal).body.string
            #expect(shown.contains("Nous rendons ce que nous recevons, ensemble."), "\(shown.prefix(300))")
            #expect(try await web.get("/communities/\(slug)/charter").body.string.contains(proposal))
            // A signed-in person's own preference chooses the language (the cookie alone does not).
            #expect(try await web.post("/lang", ["lang": "en", "next": "/communities/\(slug)/charter"]).status == .seeOther)
            #expect(try await web.get("/communities/\(slug)/charter").body.string.contains("Propose a new version"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoDecisionsAtOnceAdoptTheCharterOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "chr")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            let id = try await cast.member.post(c + "/charter", ["text": "Une version que deux intendants appliquent à la fois.", "version": 1]).json()["id"] as! String
            for who in [cast.member, cast.steward] {
                #expect(try await who.post(c + "/charter/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
            }
            async let a = cast.steward.post(c + "/charter/proposals/\(id)/decide")
            async let b = cast.steward.post(c + "/charter/proposals/\(id)/decide")
            let statuses = [try await a.status, try await b.status]
            #expect(statuses.filter { $0 == .ok }.count >= 1 && statuses.allSatisfy { $0 == .ok || $0 == .conflict }, "\(statuses)")
            #expect(try await cast.member.get(c + "/charter").json()["version"] as? Int == 2)
            #expect(try await Self.count(app, "charters") == 2, "one new version, not two")
            let adopted = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'charter.adopt'").first()!.decode(column: "n", as: Int.self)
            #expect(adopted == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func enjeuProposesAStageChangeThatTheCommunityDecides(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "stp")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            // Forty days old and silent: the measures say dormant.
            let old = app.enjeu.now().addingTimeInterval(-40 * 86_400)
            try await sql(app.db).raw("UPDATE communities SET created_at = \(bind: old) WHERE slug = \(bind: slug)").run()
            try await sql(app.db).raw("UPDATE posts SET created_at = \(bind: old)").run()
            #expect(try await cast.member.get(c + "/vitality").json()["suggested"] as? String == "dormant")
            #expect(try await StageService(app.context()).review() == 1)
            #expect(try await StageService(app.context()).review() == 0, "one open stage proposal at a time")
            let proposals = try await cast.member.get(c + "/proposals?kind=stage").items()
            #expect(proposals.count == 1)
            let id = try #require(proposals.first?["id"] as? String)
            for who in [cast.member, cast.steward] {
                #expect(try await who.post(c + "/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post(c + "/proposals/\(id)/decide").json()["status"] as? String == "adopted")
            #expect(try await cast.member.get(c).json()["stage"] as? String == "dormant")
            await app.fanOutPump.settle()
            #expect(try await cast.member.get("/api/v1/notifications").items().contains { $0["kind"] as? String == "revival" })
            // Stewards do not pick it: a profile edit that changes it is a 422 naming the stage.
            let version = try await cast.steward.get(c).json()["version"] as? Int ?? 1
            let edit = try await cast.steward.send(.PATCH, c, json: ["name": "Communauté stp-club", "purpose": "Agir ensemble pour le bien commun du quartier",
                                                                     "stage": "growing", "visibility": "members", "version": version])
            #expect(try edit.status == .unprocessableEntity && (edit.json()["reason"] as? String ?? "").contains("décision"), "\(edit.body.string)")
        }
    }
}
