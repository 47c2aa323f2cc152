import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Issue 12: members' dashboards cannot be read off the community's figures; a proposal is announced adopted once.
@Suite struct JourneyHardeningTests {
    /// A community of `visibility` whose three active members are the steward, the member and `<prefix>_extra`.
    func three(_ app: Application, _ prefix: String, visibility: String) async throws -> (Cast, APIClient) {
        try await EconomyTests().cast(app, prefix, visibility: visibility)
    }

    func assess(_ who: APIClient, _ slug: String, _ handle: String, _ s: [Int]) async throws {
        let res = try await who.post("/api/v1/communities/\(slug)/assessments", [
            "subject": ["kind": "member", "id": handle],
            "scores": ["material": s[0], "consciousness": s[1], "mastery": s[2], "maturity": s[3]],
        ])
        #expect(res.status == .created, "\(res.body.string)")
    }

    /// `own` and `peers` of one criterion of the community's evaluation, as (mean, count).
    func figures(_ who: APIClient, _ path: String, _ key: String = "material") async throws -> (own: (Double?, Int), peers: (Double?, Int)) {
        let json = try await who.get(path).json()
        let c = (json["criteria"] as? [[String: Any]])?.first { $0["key"] as? String == key }
        func score(_ k: String) -> (Double?, Int) {
            let s = c?[k] as? [String: Any]
            return (s?["mean"] as? Double, s?["count"] as? Int ?? -1)
        }
        return (score("own"), score("peers"))
    }

    func legend(_ n: Int) -> [String] {
        [JourneyText.peerAssessment.text.fr + " (" + JourneyText.assessments(n).fr + ")", JourneyText.peerAssessment.text.en + " (" + JourneyText.assessments(n).en + ")"]
    }

    @Test(arguments: TestDatabase.all)
    func aMembersDashboardCannotBeReadOffTheCommunityFigures(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await three(app, "jpv", visibility: "public")
            let slug = cast.slug
            let api = "/api/v1/communities/\(slug)/evaluation"
            let web = WebClient(app: app)

            // The issue's case: the member is peer-assessed, the two others only self-assessed — three assessed members.
            try await assess(cast.steward, slug, "jpv_member", [1, 4, 0, 3])
            try await assess(cast.steward, slug, "jpv_steward", [2, 2, 2, 2])
            try await assess(extra, slug, "jpv_extra", [3, 3, 3, 3])
            #expect(try await cast.anonymous.get(api + "/members/jpv_member").status == .forbidden, "the member's dashboard is private")
            for path in [api, api + "?cycle=1"] {
                let f = try await figures(cast.anonymous, path)
                #expect(f.peers.1 == 0 && f.peers.0 == nil, "\(path): one member's peer mean, published: \(f.peers)")
                #expect(f.own.1 == 0 && f.own.0 == nil, "\(path): two members' self-assessments: \(f.own)")
            }
            let page = try await web.get("/communities/\(slug)/journey/evaluation").body.string
            #expect(!legend(1).contains { page.contains($0) } && !page.contains("/ 4"), "the page shows no member figure")
            #expect(page.contains(JourneyText.membersApart.text.fr) || page.contains(JourneyText.membersApart.text.en))
            let md = try await web.get("/communities/\(slug)/journey/report.md").body.string
            #expect(!md.contains("(n=1)") && !md.contains("(n=2)"), "\(md)")
            #expect(!(try await web.get("/communities/\(slug)/journey/report").body.string).contains("/ 4"))

            // Two more peer-assessed members: the peer cell covers three, but cycle 1 is open, so it is not shown yet —
            // each assessment would move it by exactly that member's scores, readable by comparing before and after.
            let before = try await cast.anonymous.get(api).body.string
            try await assess(extra, slug, "jpv_steward", [3, 1, 2, 2])
            try await assess(cast.member, slug, "jpv_extra", [4, 4, 4, 4])
            #expect(try await cast.anonymous.get(api).body.string == before, "an assessment of the open cycle moves no figure")
            try await assess(cast.member, slug, "jpv_extra", [2, 1, 1, 1])
            #expect(try await cast.anonymous.get(api).body.string == before, "nor does a re-assessment")
            var f = try await figures(cast.anonymous, api)
            #expect(f.peers.1 == 0 && f.own.1 == 0, "the open cycle's three peer-assessed members: \(f.peers)")
            #expect(try await cast.anonymous.get(api + "?cycle=1").json()["partial"] as? Bool == true)
            let openPage = try await web.get("/communities/\(slug)/journey/evaluation").body.string
            #expect(!legend(3).contains { openPage.contains($0) } && !openPage.contains("/ 4"), "the page shows no member figure")
            #expect(openPage.contains(JourneyText.membersApart.text.fr) || openPage.contains(JourneyText.membersApart.text.en))

            // Cycle 1 closes: its peer cell of three members is published; its self cell (two) still is not.
            let retro = try await cast.member.post("/api/v1/communities/\(slug)/journey/retrospectives",
                                                   ["worked": "L'entraide", "didNot": "Trop de réunions", "change": "Une réunion par mois."])
            let amendment = try retro.json()["amendment"] as! String
            for p in [cast.steward, cast.member, extra] {
                #expect(try await p.post("/api/v1/communities/\(slug)/code/amendments/\(amendment)/positions", ["position": "consent"]).status == .ok)
            }
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(amendment)/decide").json()["status"] as? String == "adopted")
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/journey/next-cycle").json()["cycle"] as? Int == 2)
            f = try await figures(cast.anonymous, api)
            #expect(f.peers.1 == 3 && f.peers.0 == 2, "(1 + 3 + 2) / 3: \(f.peers)")
            #expect(f.own.1 == 0)
            #expect(try await figures(cast.anonymous, api + "?cycle=1").peers.1 == 3)
            #expect(try await cast.anonymous.get(api + "?cycle=1").json()["partial"] as? Bool == true, "the self cell of two is left out")

            // Cycle 2: one member peer-assessed, then three — the open cycle's cell is never published, so no figure moves
            // and « all cycles − cycle 1 » reads nothing.
            try await assess(cast.steward, slug, "jpv_member", [4, 4, 4, 4])
            let closed = try await cast.anonymous.get(api).body.string
            try await assess(cast.member, slug, "jpv_steward", [0, 1, 0, 1])
            try await assess(cast.steward, slug, "jpv_extra", [4, 3, 4, 3])
            #expect(try await cast.anonymous.get(api).body.string == closed, "three peer-assessed members of the open cycle move no figure")
            f = try await figures(cast.anonymous, api)
            #expect(f.peers.1 == 3 && f.peers.0 == 2, "the total over cycles leaves cycle 2 out: \(f.peers)")
            for key in ["material", "consciousness", "mastery", "maturity"] {
                let all = try await figures(cast.anonymous, api, key).peers, first = try await figures(cast.anonymous, api + "?cycle=1", key).peers
                #expect(all.0 == first.0 && all.1 == first.1, "\(key): all cycles \(all) = cycle 1 \(first)")
            }
            #expect(try await figures(cast.anonymous, api + "?cycle=2").peers.1 == 0)
            #expect(try await cast.anonymous.get(api + "?cycle=2").json()["partial"] as? Bool == true)
            #expect(try await figures(cast.member, api + "/members/jpv_member?cycle=2").peers.1 == 1, "the member still sees their own")
            let page2 = try await web.get("/communities/\(slug)/journey/evaluation").body.string
            #expect(legend(3).contains { page2.contains($0) })
            #expect(![1, 4, 6].contains { n in legend(n).contains { page2.contains($0) } }, "no figure counts cycle 2's members")
            let md2 = try await web.get("/communities/\(slug)/journey/report.md?cycle=2").body.string
            #expect(!md2.contains("(n=1)") && !md2.contains("(n=3)"), "\(md2)")
            #expect(md2.contains(JourneyText.membersApart.text.fr) || md2.contains(JourneyText.membersApart.text.en))
        }
    }

    /// Starting the next cycle while a member is being assessed: the assessment lands in the new cycle, never in the
    /// closed one whose figures are published (on PostgreSQL it could read the old cycle and commit after the change).
    @Test(arguments: TestDatabase.all)
    func anAssessmentNeverLandsInAClosedCycle(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await three(app, "jlock", visibility: "members")
            let slug = cast.slug
            struct Row: Decodable { let id: UUID }
            let community = try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
            // A cycle change held open while the assessment is sent, locked as `nextCycle` locks it.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await app.write(on: app.db) { db in
                        try await JourneyService.lockCycle(db, community, exclusive: true)
                        try await sql(db).raw("""
                            INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: community), 1, 'free', \(bind: Date()))
                            """).run()
                        try await Task.sleep(for: .seconds(1))
                        try await sql(db).raw("UPDATE journeys SET cycle = 2 WHERE community_id = \(bind: community)").run()
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(200))
                    try await assess(extra, slug, "jlock_member", [1, 2, 3, 4])
                }
                try await group.waitForAll()
            }
            struct Cycle: Decodable { let cycle: Int }
            let cycles = try await app.db.rows("""
                SELECT cycle FROM journey_assessments WHERE community_id = \(bind: community) AND subject_kind = 'member'
                UNION ALL SELECT cycle FROM journey_aggregates WHERE community_id = \(bind: community) AND subject_kind = 'member'
                """, as: Cycle.self).map(\.cycle)
            #expect(cycles == [2, 2], "the assessment and its sums, by cycle: \(cycles)")
        }
    }

    /// Many deciders at once (stewards and the background closer) on a proposal that is due: one adoption, one event.
    @Test(arguments: TestDatabase.all)
    func concurrentDecisionsAnnounceTheAdoptionOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await three(app, "jrace", visibility: "members")
            let slug = cast.slug
            for round in 0..<3 {
                let created = try await cast.member.post("/api/v1/communities/\(slug)/journey/proposals",
                                                         ["kind": "value", "title": "Valeur \(round)", "body": "Ce que nous partageons, tour \(round)."])
                let id = try created.json()["id"] as! String
                for p in [cast.steward, cast.member, extra] {
                    #expect(try await p.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
                }
                let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                    for i in 0..<12 {
                        group.addTask {
                            if i % 4 == 3 {
                                _ = try await JourneyService(app.context()).closeDueProposals(asOf: Date().addingTimeInterval(90 * 86_400))
                                return "adopted"
                            }
                            let res = try await cast.steward.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/decide")
                            return (try? res.json()["status"] as? String) ?? "\(res.status)"
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == "adopted" }, "\(statuses)")
                struct N: Decodable { let n: Int }
                let events = try await app.db.row("""
                    SELECT COUNT(*) AS n FROM posts p JOIN communities c ON c.id = p.community_id
                    WHERE c.slug = \(bind: slug) AND p.kind = 'adopted' AND p.subject = \(bind: "Valeur \(round)")
                    """, as: N.self)?.n
                #expect(events == 1, "round \(round): \(events ?? -1) « adopted » events")
                let proposals = try await cast.member.get("/api/v1/communities/\(slug)/journey/proposals")
                let list = try JSONSerialization.jsonObject(with: Data(proposals.body.readableBytesView)) as? [[String: Any]] ?? []
                #expect(list.first { $0["id"] as? String == id }?["status"] as? String == "adopted")
            }
        }
    }
}
