import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// A living life stage (issue 18): vitality measured from activity, a closed community kept as a readable archive, a
/// dormant one calling its members back, and the cycle's restitution with its figures, economy and code changes.
@Suite struct StageTests {
    /// A done action carried by `who`.
    static func doneAction(_ who: APIClient, _ slug: String, _ title: String) async throws {
        let id = try await who.post("/api/v1/communities/\(slug)/actions", ["title": title]).json()["id"] as! String
        let base = "/api/v1/communities/\(slug)/actions/\(id)"
        #expect(try await who.post(base + "/volunteer").status == .ok)
        #expect(try await who.post(base + "/status", ["status": "in-progress", "note": "On commence"]).status == .ok)
        #expect(try await who.post(base + "/status", ["status": "done", "note": "Douze personnes accueillies"]).status == .ok)
    }

    static func flow(_ who: APIClient, _ slug: String, from: String, quantity: Int, date: String = "2026-06-02") async throws -> String {
        let res = try await who.post("/api/v1/communities/\(slug)/flows", ["from": "@" + from, "to": "outside:Atelier", "nature": "material",
                                                                          "measure": "quantitative", "quantity": quantity, "unit": "€", "date": date])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as! String
    }

    @Test(arguments: TestDatabase.all)
    func vitalityMeasuresWhatMembersDid(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "vit")
            let slug = cast.slug
            _ = try await Self.flow(cast.member, slug, from: "vit_member", quantity: 2)
            let old = try await Self.flow(cast.member, slug, from: "vit_member", quantity: 3)
            // One entry recorded 40 days ago: it counts in the window before.
            let then = app.enjeu.now().addingTimeInterval(-40 * 86_400)
            try await sql(app.db).raw("UPDATE flows SET created_at = \(bind: then) WHERE id = \(bind: UUID(uuidString: old)!)").run()
            try await Self.doneAction(cast.steward, slug, "Atelier ouvert")

            let v = try await cast.member.get("/api/v1/communities/\(slug)/vitality").json()
            #expect(v["stage"] as? String == "emerging" && v["windowDays"] as? Int == 30 && v["members"] as? Int == 2)
            #expect(v["suggested"] as? String == "emerging", "a community younger than 30 days is emerging")
            let measures = Dictionary(uniqueKeysWithValues: (v["measures"] as? [[String: Any]] ?? []).map { ($0["metric"] as! String, $0) })
            #expect(Set(measures.keys) == Set(VitalityMetric.allCases.map(\.rawValue)))
            func check(_ metric: String, _ current: Int, _ previous: Int, _ trend: String) {
                let m = measures[metric]
                #expect(m?["current"] as? Int == current && m?["previous"] as? Int == previous && m?["trend"] as? String == trend, "\(metric): \(String(describing: m))")
            }
            check("flows", 1, 1, "steady")
            check("actions-completed", 1, 0, "up")
            // The member (entries, their arrival) and the steward (the action) now; the member alone 40 days ago.
            check("active-members", 2, 1, "up")
            check("figures", 0, 0, "steady")
            check("decisions", 0, 0, "steady")
            // Members-only: nothing to outsiders, not even that it exists.
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/vitality").status == .notFound)
            #expect(try await cast.anonymous.get("/api/v1/communities/\(slug)/vitality").status == .notFound)
            #expect(try await cast.anonymous.get("/api/v1/communities/no-such-club/vitality").status == .notFound)
        }
    }

    @Test func theCommunityPageShowsVitalityInBothLanguages() async throws {
        try await withEnjeu(.sqlite) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "vip")
            _ = try await Self.flow(cast.member, cast.slug, from: "vip_member", quantity: 2)
            let web = WebClient(app: app)
            let fr = try await web.get("/communities/\(cast.slug)").body.string
            #expect(fr.contains("aria-labelledby=\"vitality-title\"") && fr.contains("Vitalité") && fr.contains("Flux enregistrés"))
            #expect(fr.contains("Les mesures confirment ce stade."))
            web.cookies["enjeu_lang"] = "en"
            let en = try await web.get("/communities/\(cast.slug)").body.string
            #expect(en.contains("Vitality") && en.contains("Flows recorded") && en.contains("rising"), "\(en.prefix(200))")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aClosedCommunityRefusesWritesAndStaysReadable(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "arc")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            let post = try await cast.member.post(c + "/posts", ["body": "Un dernier message"]).json()["id"] as! String
            let pendingID = try await cast.steward.get(c + "/join-requests").items().first?["id"] as? String
            // An indicator the member has not paid for, with reading costing more than she holds.
            let indicator = try await cast.steward.post(c + "/indicators", ["name": "Tarif horaire", "definition": "Le tarif horaire d'un atelier",
                                                                             "unit": "€", "period": "2026"]).json()["id"] as! String
            #expect(try await cast.steward.post(c + "/indicators/\(indicator)/contributions",
                                                ["value": 18.5, "source": "observation", "observedOn": "2026-01-02"]).status == .created)
            try await setGiveToGet(app, slug, allowance: 0, readCost: 5)
            try await sql(app.db).raw("UPDATE communities SET stage = \(bind: LifeStage.closed.rawValue) WHERE slug = \(bind: slug)").run()
            let credits = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM credit_entries").first()!.decode(column: "n", as: Int.self)
            let before = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM posts").first()!.decode(column: "n", as: Int.self)

            // Everything stays readable, to whoever could read it.
            for (who, path) in [(cast.member, c + "/members"), (cast.anonymous, c), (cast.anonymous, c + "/charter"), (cast.outsider, c + "/posts/\(post)"),
                                (cast.member, c + "/vitality"), (cast.steward, c + "/join-requests"),
                // What members read (the indicator's values, their credits) too: nothing is earned or spent in an archive.
                (cast.member, c + "/indicators/\(indicator)"), (cast.member, c + "/credits")] {
                let res = try await who.get(path)
                #expect(res.status == .ok, "\(path): \(res.status) \(res.body.string.prefix(200))")
            }
            #expect(try await sql(app.db).raw("SELECT COUNT(*) AS n FROM credit_entries").first()!.decode(column: "n", as: Int.self) == credits)
            // Every write is refused, and says why.
            let writes: [(APIClient, HTTPMethod, String, [String: Any])] = [
                (cast.outsider, .POST, c + "/join-requests", ["message": "Bonjour"]),
                (cast.pending, .POST, c + "/withdraw", [:]),
                (cast.member, .POST, c + "/posts", ["body": "Encore un"]),
                (cast.member, .POST, c + "/flows", ["from": "@arc_member", "to": "outside:Atelier", "nature": "material", "measure": "quantitative",
                                                    "quantity": 1, "unit": "€", "date": "2026-06-02"]),
                (cast.member, .POST, c + "/leave", [:]),
                (cast.steward, .POST, c + "/join-requests/\(pendingID ?? "")/approve", [:]),
                (cast.steward, .PATCH, c, ["name": "Rouverte", "purpose": "Agir ensemble pour le bien commun", "stage": "closed", "visibility": "public", "version": 1]),
            ]
            for (who, method, path, body) in writes {
                let res = try await who.send(method, path, json: body)
                #expect(res.status == .forbidden, "\(method) \(path): \(res.status)")
                #expect((try? res.json()["reason"] as? String)?.contains("clos") == true, "\(path): \(res.body.string.prefix(200))")
            }
            #expect(try await sql(app.db).raw("SELECT COUNT(*) AS n FROM posts").first()!.decode(column: "n", as: Int.self) == before)
            // The page says it is an archive and offers no join form; a form post is refused too.
            let web = WebClient(app: app)
            try await web.signUp("arc_web")
            let home = try await web.get("/communities/\(slug)").body.string
            #expect(home.contains("Cette communauté est close") && !home.contains("action=\"/communities/\(slug)/join\""))
            #expect(try await web.post("/communities/\(slug)/join", ["message": "Bonjour"]).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aDormantCommunityCallsItsMembersBackOnceAMonth(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "dor")
            try await sql(app.db).raw("UPDATE communities SET stage = \(bind: LifeStage.dormant.rawValue) WHERE slug = \(bind: cast.slug)").run()
            func community() async throws -> Community {
                let row = try await app.db.row("SELECT \(Community.columns) FROM communities c WHERE c.slug = \(bind: cast.slug)", as: Community.Row.self)
                return Community(row: try #require(row))
            }
            func revivals(_ who: APIClient) async throws -> Int {
                try await who.get("/api/v1/notifications").items().filter { $0["kind"] as? String == "revival" }.count
            }
            #expect(try await StageService(app.context()).review(try await community()) >= 1)
            await app.fanOutPump.settle()
            let (forMember, forSteward) = (try await revivals(cast.member), try await revivals(cast.steward))
            #expect(forMember == 1 && forSteward == 1)
            #expect(try await revivals(cast.outsider) == 0)
            // Not again within 30 days.
            #expect(try await StageService(app.context()).revive(try await community()) == false)
            // A growing community gets none.
            try await sql(app.db).raw("UPDATE communities SET stage = \(bind: LifeStage.growing.rawValue), revival_sent_at = NULL WHERE slug = \(bind: cast.slug)").run()
            #expect(try await StageService(app.context()).revive(try await community()) == false)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theCycleReportGainsItsFiguresEconomyAndCode(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "rst")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            #expect(try await cast.steward.post(c + "/journey/start", ["template": "free"]).status == .created)
            let indicator = try await cast.steward.post(c + "/indicators", ["name": "Tarif horaire <b>tisserand</b>", "definition": "Le tarif horaire d'un tisserand",
                                                                             "unit": "€", "period": "2026"]).json()["id"] as! String
            #expect(try await cast.member.post(c + "/indicators/\(indicator)/contributions",
                                               ["value": 18.5, "source": "observation personnelle", "observedOn": "2026-01-02"]).status == .created)
            let today = String(ISO8601DateFormatter().string(from: app.enjeu.now()).prefix(10))
            _ = try await Self.flow(cast.member, slug, from: "rst_member", quantity: 7, date: today)
            _ = try await Self.flow(cast.member, slug, from: "rst_member", quantity: 5, date: "2020-01-01")
            let amendment = try await cast.member.post(c + "/code/amendments", ["baseRevision": 0, "summary": "Première raison d'être",
                                                                                "changes": [["section": "raison-d-etre", "body": "Relier les ateliers."]]])
            let id = try #require(try amendment.json()["id"] as? String, "\(amendment.status) \(amendment.body.string)")
            for p in [cast.member, cast.steward] {
                #expect(try await p.post(c + "/code/amendments/\(id)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post(c + "/code/amendments/\(id)/decide").json()["status"] as? String == "adopted")

            let web = WebClient(app: app)
            let page = try await web.get("/communities/\(slug)/journey/report").body.string
            #expect(page.contains("Chiffres du cycle") && page.contains("Tarif horaire &lt;b&gt;tisserand&lt;/b&gt;") && page.contains("1 valeurs apportées"))
            #expect(!page.contains("18,5") && !page.contains("18.5"), "a figure's value is never shown: give to get")
            #expect(page.contains("Économie du cycle") && page.contains("1 flux, total 7"), "the entry dated before the cycle is left out")
            #expect(page.contains("Évolutions du code social") && page.contains("Révision 1 — Première raison d"))
            let md = try await web.get("/communities/\(slug)/journey/report.md").body.string
            #expect(md.contains("## Chiffres du cycle") && md.contains("## Économie du cycle") && md.contains("Révision 1"))
            #expect(md.contains("Tarif horaire <b>tisserand</b>") == false, "member text is escaped in Markdown")
        }
    }

    /// Closing by decision withdraws what was still open (amendments, journey proposals) in the same transaction, and the
    /// closing jobs decide nothing in a closed community.
    @Test(arguments: TestDatabase.all)
    func closingWithdrawsWhatWasOpenAndTheJobsLeaveTheArchiveAlone(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "clo")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            #expect(try await cast.steward.post(c + "/journey/start", ["template": "free"]).status == .created)
            let journey = try await cast.member.post(c + "/journey/proposals", ["kind": "value", "title": "Coopération",
                                                                                "body": "Nous coopérons plutôt que de rivaliser."])
            #expect(journey.status == .created, "\(journey.body.string)")
            let amendment = try await cast.member.post(c + "/code/amendments", ["baseRevision": 0, "summary": "Nos valeurs",
                                                                                "changes": [["section": "social", "body": "Entraide"]]])
            #expect(amendment.status == .created, "\(amendment.body.string)")
            try await sql(app.db).raw("UPDATE communities SET stage = \(bind: LifeStage.dormant.rawValue) WHERE slug = \(bind: slug)").run()
            let row = try #require(try await app.db.row("SELECT \(Community.columns) FROM communities c WHERE c.slug = \(bind: slug)", as: Community.Row.self))
            #expect(try await StageService(app.context()).proposeStage(Community(row: row), to: .closed))
            let id = try #require(try await cast.member.get(c + "/proposals?kind=stage").items().first?["id"] as? String)
            for who in [cast.member, cast.steward] {
                #expect(try await who.post(c + "/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post(c + "/proposals/\(id)/decide").json()["status"] as? String == "adopted")
            struct S: Decodable { let status: String }
            let amendments = try await app.db.rows("SELECT status FROM amendments WHERE kind = 'code'", as: S.self).map(\.status)
            let proposals = try await app.db.rows("SELECT status FROM journey_proposals", as: S.self).map(\.status)
            #expect(amendments == ["withdrawn"] && proposals == ["withdrawn"], "\(amendments) \(proposals)")
            // One left open in the archive (as before this change) is not decided by the job, however late.
            try await sql(app.db).raw("UPDATE amendments SET status = 'open', closes_at = \(bind: Date(timeIntervalSince1970: 0)) WHERE kind = 'code'").run()
            try await sql(app.db).raw("UPDATE journey_proposals SET status = 'open', closes_at = \(bind: Date(timeIntervalSince1970: 0))").run()
            #expect(try await CodeService(app.context()).closeDueAmendments() == 0)
            #expect(try await JourneyService(app.context()).closeDueProposals() == 0)
            #expect(try await app.db.rows("SELECT status FROM amendments WHERE kind = 'code'", as: S.self).map(\.status) == ["open"])
        }
    }

    /// A stage proposal the community rejects is not proposed again for 30 days; deciding it is not counted as the
    /// community's decisions; it is stored without words of any language and said in the reader's.
    @Test(arguments: TestDatabase.all)
    func aRejectedStageProposalWaitsThirtyDaysAndIsNotADecisionOfTheCommunity(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "stc")
            let slug = cast.slug, c = "/api/v1/communities/\(slug)"
            let old = app.enjeu.now().addingTimeInterval(-40 * 86_400)
            try await sql(app.db).raw("UPDATE communities SET created_at = \(bind: old) WHERE slug = \(bind: slug)").run()
            try await sql(app.db).raw("UPDATE posts SET created_at = \(bind: old)").run()
            #expect(try await StageService(app.context()).review() == 1)
            let proposal = try #require(try await cast.member.get(c + "/proposals?kind=stage").items().first)
            let id = try #require(proposal["id"] as? String)
            #expect(proposal["summary"] as? String == "emerging → dormant" && proposal["reason"] as? String == "")
            for who in [cast.member, cast.steward] {
                #expect(try await who.post(c + "/proposals/\(id)/positions", ["position": "object", "reason": "Nous sommes là"]).status == .ok)
            }
            #expect(try await cast.steward.post(c + "/proposals/\(id)/decide").json()["status"] as? String == "rejected")
            #expect(try await StageService(app.context()).review() == 0, "not again within 30 days of the community's no")
            let v = try await cast.member.get(c + "/vitality").json()
            let decisions = (v["measures"] as? [[String: Any]] ?? []).first { $0["metric"] as? String == "decisions" }
            #expect(decisions?["current"] as? Int == 0, "\(String(describing: decisions))")
            // Thirty-one days later, it may be proposed again.
            let past = app.enjeu.now().addingTimeInterval(-31 * 86_400)
            try await sql(app.db).raw("UPDATE amendments SET decided_at = \(bind: past) WHERE kind = 'stage'").run()
            try await sql(app.db).raw("UPDATE amendment_positions SET created_at = \(bind: old)").run()
            #expect(try await StageService(app.context()).review() == 1)
        }
    }
}
