import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// « Actions completed and well assessed » anchor trust: a done action assessed by at least two of its participants,
/// the mean of the four criteria at or above the community's threshold, is its team's verified result; until a
/// community has one, its founders and stewards are the pre-trusted seeds. Through the API, the credibility service
/// the background job runs, and the database.
@Suite struct VerifiedResultsTests {
    @Test(arguments: TestDatabase.all)
    func wellAssessedActionAnchorsTrust(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "vres")
            let slug = cast.slug
            let api = APIClient(app: app)
            var people: [String: APIClient] = [:]
            for name in ["ana", "ben", "cleo", "dan"] {
                let p = try await api.person("vres_" + name)
                let id = try await p.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
                #expect(try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(id)/approve").status == .ok)
                #expect(try await p.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)
                people[name] = p
            }
            let ana = people["ana"]!, ben = people["ben"]!, cleo = people["cleo"]!, dan = people["dan"]!
            // Trust reaches Ana and Cléo alike through Dan; the founder and Ben trust Dan.
            for (from, to) in [(dan, "vres_ana"), (dan, "vres_cleo"), (cast.steward, "vres_dan"), (ben, "vres_dan")] {
                #expect(try await from.post("/api/v1/communities/\(slug)/endorsements", ["to": to, "topic": "Tissage"]).status == .created)
            }
            // Ana and Ben carry an action to its end.
            let action = try await ana.post("/api/v1/communities/\(slug)/actions", ["title": "Atelier du samedi"]).json()["id"] as! String
            let base = "/api/v1/communities/\(slug)/actions/\(action)"
            #expect(try await ana.post(base + "/volunteer").status == .ok)
            #expect(try await ben.post(base + "/volunteer").status == .ok)
            #expect(try await ana.post(base + "/status", ["status": "in-progress", "note": "On commence"]).status == .ok)
            #expect(try await ana.post(base + "/status", ["status": "done", "note": "Douze personnes accueillies"]).status == .ok)
            let community = try await communityID(app, slug)
            func assess(_ who: APIClient, _ s: [Int]) async throws {
                let scores = ["material": s[0], "consciousness": s[1], "mastery": s[2], "maturity": s[3]]
                #expect(try await who.post("/api/v1/communities/\(slug)/assessments", ["subject": ["kind": "action", "id": action], "scores": scores]).status == .created)
            }
            func ranking() async throws -> (scores: [String: Double], ranks: [String: Int], onStewards: Bool, threshold: Double) {
                // What the scheduled job runs.
                #expect(try await CredibilityService(app.context()).recomputeDue() >= 1)
                let body = try await cast.member.get("/api/v1/communities/\(slug)/credibility").json()
                let items = (body["items"] as? [[String: Any]]) ?? []
                return (Dictionary(uniqueKeysWithValues: items.map { ($0["handle"] as! String, $0["score"] as! Double) }),
                        Dictionary(uniqueKeysWithValues: items.map { ($0["handle"] as! String, $0["rank"] as! Int) }),
                        body["anchoredOnStewards"] as? Bool ?? false, body["threshold"] as? Double ?? 0)
            }

            // One assessor, however high, is a self-assessment: no result, trust starts from the founder.
            try await assess(ana, [4, 4, 4, 4])
            var r = try await ranking()
            #expect(r.onStewards && r.threshold == 2.5)
            #expect(r.scores["vres_ana"]! == r.scores["vres_cleo"]!, "no result yet: Ana and Cléo weigh alike")
            #expect(r.scores["vres_ana"]! > 0)
            let page = try await browser(app, "vres_cleo")
            let html = try await page.get("/communities/\(slug)/credibility").body.string
            #expect(html.contains("pairs de confiance a priori") && html.contains("atteint 2,5 sur 4"))

            // Two assessors below the threshold: (16 + 2) / 8 = 2.25 < 2.5.
            try await assess(ben, [0, 0, 1, 1])
            r = try await ranking()
            #expect(r.onStewards)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM credibility_results WHERE community_id = \(bind: community)") == 0)

            // Ben assesses again (his first is replaced): (16 + 10) / 8 = 3.25 ≥ 2.5, the team's verified result.
            try await assess(ben, [3, 3, 2, 2])
            r = try await ranking()
            #expect(!r.onStewards)
            #expect(r.scores["vres_ana"]! > r.scores["vres_cleo"]!, "the endorsed member with a result ranks above the one without")
            #expect(r.ranks["vres_ana"]! < r.ranks["vres_cleo"]!)
            #expect(r.scores["vres_cleo"]! > 0, "trust still flows to Cléo through Dan")
            let why = try await cleo.get("/api/v1/communities/\(slug)/credibility/vres_ana").json()
            #expect((why["results"] as? [String: Any])?["actionsCompleted"] as? Int == 1)
            #expect(why["anchored"] as? Bool == true)
            let after = try await page.get("/communities/\(slug)/credibility").body.string
            #expect(after.contains("La confiance part des membres aux résultats vérifiés") && !after.contains("pairs de confiance a priori"))

            // The threshold is the community's, set by its stewards only, validated, and moves the result.
            let path = "/api/v1/communities/\(slug)/credibility/threshold"
            #expect(try await cast.member.send(.PUT, path, json: ["threshold": 3.5]).status == .forbidden)
            for bad: Any in [4.5, 0.5] {
                let res = try await cast.steward.send(.PUT, path, json: ["threshold": bad])
                #expect(res.status == .unprocessableEntity)
                #expect((try res.json()["reason"] as? String)?.contains("Seuil") == true, "names the field")
            }
            #expect(try await cast.steward.send(.PUT, path, json: [String: Any]()).status == .unprocessableEntity)
            #expect(try await cast.steward.send(.PUT, path, json: ["threshold": "beaucoup"]).status == .badRequest)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/credibility").json()["threshold"] as? Double == 2.5, "nothing written")
            let set = try await cast.steward.send(.PUT, path, json: ["threshold": 3.5])
            #expect(set.status == .ok)
            #expect(try set.json()["threshold"] as? Double == 3.5)
            r = try await ranking()
            #expect(r.onStewards && r.threshold == 3.5, "3.25 < 3.5: no result any more")
            // The stewards' form on the page, French decimals, errors named.
            let steward = try await browser(app, "vres_steward")
            let refused = try await steward.post("/communities/\(slug)/credibility/threshold", ["threshold": "5"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("f-threshold"))
            #expect(try await steward.post("/communities/\(slug)/credibility/threshold", ["threshold": "3,25"]).status == .seeOther)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/credibility").json()["threshold"] as? Double == 3.25)
            r = try await ranking()
            #expect(!r.onStewards && r.scores["vres_ana"]! > r.scores["vres_cleo"]!, "3.25 ≥ 3.25: at the threshold counts")
            #expect(try await page.post("/communities/\(slug)/credibility/threshold", ["threshold": "2"]).status == .forbidden)
        }
    }

    @Test func wellAssessedRule() {
        #expect(WellAssessed.holds(sum: 20, assessments: 2, threshold: 250))
        #expect(!WellAssessed.holds(sum: 19, assessments: 2, threshold: 250))
        #expect(!WellAssessed.holds(sum: 16, assessments: 1, threshold: 250), "one assessor never suffices")
        #expect((try? WellAssessed.threshold("2,5").get()) == 250)
        #expect((try? WellAssessed.threshold(" 3.333 ").get()) == 333)
        #expect((try? WellAssessed.threshold("4.01").get()) == nil && (try? WellAssessed.threshold("").get()) == nil)
        #expect((try? WellAssessed.threshold(Double.nan).get()) == nil)
        // Far out of range is refused, never converted: 1e20 hundredths would not fit an Int.
        #expect((try? WellAssessed.threshold("1e20").get()) == nil && (try? WellAssessed.threshold(1e300).get()) == nil)
        #expect((try? WellAssessed.threshold(-1e300).get()) == nil && (try? WellAssessed.threshold("1 000").get()) == nil)
        #expect(WellAssessed.text(250, decimalComma: true) == "2,5" && WellAssessed.text(300, decimalComma: false) == "3"
                && WellAssessed.text(325, decimalComma: false) == "3.25")
    }

    /// A browser signed in as a person `APIClient.person` created.
    func browser(_ app: Application, _ handle: String) async throws -> WebClient {
        let web = WebClient(app: app)
        #expect(try await web.post("/signin", ["email": "\(handle)@example.org", "password": "correct horse battery"]).status == .seeOther)
        return web
    }

    func count(_ app: Application, _ q: SQLQueryString) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await app.db.row(q, as: N.self)?.n ?? -1
    }

    func communityID(_ app: Application, _ slug: String) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        return try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
    }
}
