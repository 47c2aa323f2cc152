import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct CodeSocialTests {
    /// A members-only community whose three active members are the steward, a member and `extra`.
    func cast(_ app: Application, _ prefix: String) async throws -> (Cast, APIClient) {
        let cast = try await Cast.make(app, visibility: "members", prefix: prefix)
        let extra = try await APIClient(app: app).person(prefix + "_extra")
        let id = try await extra.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await extra.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
        return (cast, extra)
    }

    func propose(_ who: APIClient, _ slug: String, base: Int, _ section: String, _ body: String, summary: String = "Changement") async throws -> String {
        let res = try await who.post("/api/v1/communities/\(slug)/code/amendments", [
            "baseRevision": base, "summary": summary, "reason": "Parce que", "changes": [["section": section, "body": body]],
        ])
        #expect(res.status == .created, "\(res.body.string)")
        #expect(try res.json()["status"] as? String == "open")
        return try res.json()["id"] as! String
    }

    func everyoneConsents(_ people: [APIClient], _ slug: String, _ id: String) async throws {
        for p in people {
            #expect(try await p.post("/api/v1/communities/\(slug)/code/amendments/\(id)/positions", ["position": "consent"]).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func amendThenReadHistoryDiffBlameAndExports(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "code")
            let slug = cast.slug
            let empty = try await cast.member.get("/api/v1/communities/\(slug)/code")
            #expect(empty.status == .ok)
            let revision = try empty.json()["revision"] as? [String: Any]
            #expect(revision?["number"] as? Int == 0)
            let keys = (try empty.json()["sections"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(keys == ["raison-d-etre", "history", "social", "economic", "ecological", "scientific", "legal", "financial", "cultural", "governance"])

            let id = try await propose(cast.member, slug, base: 0, "raison-d-etre", "Relier les ateliers.\nPartager les tarifs.", summary: "Première raison d'être")
            // Two positions from one person: the second replaces the first, both stay in the history.
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/code/amendments/\(id)/positions", ["position": "abstain"]).status == .ok)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/code/amendments/\(id)/positions", ["position": "object"]).status == .unprocessableEntity,
                    "an objection must say what harm it foresees")
            try await everyoneConsents([cast.member, cast.steward], slug, id)
            // Not everyone has spoken and the amendment is not closed: the rule cannot conclude yet.
            let early = try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(id)/decide")
            #expect(try early.json()["status"] as? String == "open")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/code/amendments/\(id)/decide").status == .forbidden)
            try await everyoneConsents([extra], slug, id)
            let decided = try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(id)/decide")
            #expect(decided.status == .ok)
            #expect(try decided.json()["status"] as? String == "adopted")
            #expect(try decided.json()["revision"] as? Int == 1)
            #expect(try await extra.post("/api/v1/communities/\(slug)/code/amendments/\(id)/positions", ["position": "consent"]).status == .conflict,
                    "no position on a decided amendment")
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/code/amendments/\(id)").json()
            let positions = detail["positions"] as? [[String: Any]] ?? []
            #expect(positions.count == 4 && positions.filter { $0["current"] as? Bool == true }.count == 3)

            let code = try await cast.member.get("/api/v1/communities/\(slug)/code").json()
            #expect((code["revision"] as? [String: Any])?["number"] as? Int == 1)
            #expect((code["sections"] as? [[String: Any]])?.first?["body"] as? String == "Relier les ateliers.\nPartager les tarifs.")

            // A second revision changes one word.
            let second = try await propose(extra, slug, base: 1, "raison-d-etre", "Relier les ateliers.\nPartager les prix.")
            try await everyoneConsents([cast.member, cast.steward, extra], slug, second)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(second)/decide").json()["revision"] as? Int == 2)

            let revisions = try await cast.member.get("/api/v1/communities/\(slug)/code/revisions")
            #expect(try revisions.items().map { $0["number"] as? Int } == [2, 1])
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/revisions/2").status == .ok)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/revisions/9").status == .notFound)
            let diff = try await cast.member.get("/api/v1/communities/\(slug)/code/diff?from=1&to=2").json()
            let lines = ((diff["sections"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]]) ?? []
            #expect(lines.compactMap { $0["kind"] as? String } == ["context", "removed", "added"])
            #expect(lines.last?["changed"] as? [String] == ["prix"])
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/diff?from=0&to=7").status == .badRequest)
            let blame = try await cast.member.get("/api/v1/communities/\(slug)/code/blame/raison-d-etre").json()
            #expect((blame["lines"] as? [[String: Any]])?.compactMap { $0["revision"] as? Int } == [1, 2])
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/blame/nope").status == .notFound)

            let md = try await cast.member.get("/api/v1/communities/\(slug)/code/export.md")
            #expect(md.status == .ok && md.body.string.contains("Partager les prix."))
            let json = try await cast.member.get("/api/v1/communities/\(slug)/code/export.json").json()
            #expect(json["revision"] as? Int == 2)
            let stream = try await cast.member.get("/api/v1/communities/\(slug)/code/export.git-fast-import")
            #expect(stream.status == .ok)
            try checkWithRealGit(Data(stream.body.readableBytesView))
        }
    }

    /// The export must build a real repository: `git fast-import` then `git log`.
    func checkWithRealGit(_ stream: Data) throws {
        guard let repo = try GitRepository() else { return }
        defer { repo.remove() }
        func git(_ args: [String]) throws -> String { try repo.run(args) }
        try repo.run(["fast-import", "--quiet"], input: stream)
        let log = try git(["log", "--format=%an|%s", "main"])
        #expect(log.split(separator: "\n").count == 2)
        #expect(log.contains("Changement") && log.contains("Première raison d'être"))
        let file = try git(["show", "main:01-raison-d-etre.md"])
        #expect(file.contains("Partager les prix."))
    }

    @Test(arguments: TestDatabase.all)
    func twoConflictingAmendmentsDecidedAtOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "race")
            let slug = cast.slug
            let people = [cast.steward, cast.member, extra]
            let first = try await propose(cast.member, slug, base: 0, "governance", "Nous décidons par consentement.")
            let second = try await propose(extra, slug, base: 0, "governance", "Nous décidons à la majorité.")
            try await everyoneConsents(people, slug, first)
            try await everyoneConsents(people, slug, second)
            async let a = cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(first)/decide")
            async let b = cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(second)/decide")
            let (ra, rb) = try await (a.json()["status"] as? String, b.json()["status"] as? String)
            #expect([ra, rb].compactMap { $0 }.sorted() == ["adopted", "conflict"])
            // Whichever lost the race is the one its author must rebase.
            let (loser, loserAuthor, loserText) = ra == "conflict" ? (first, cast.member, "Nous décidons par consentement.")
                : (second, extra, "Nous décidons à la majorité.")
            let other = loserAuthor.token == extra.token ? cast.member : extra
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code").json()["revision"].flatMap { ($0 as? [String: Any])?["number"] as? Int } == 1)
            #expect(try await CodeRevision.query(on: app.db).count() == 1, "applied once")

            // Changes that do not overlap merge three-way, both kept.
            let top = try await propose(cast.member, slug, base: 1, "social", "Un parrain par nouveau membre.\n\nDes repas partagés.\n\nUne fête par an.")
            try await everyoneConsents(people, slug, top)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(top)/decide").json()["revision"] as? Int == 2)
            let x = try await propose(cast.member, slug, base: 2, "social", "Deux parrains par nouveau membre.\n\nDes repas partagés.\n\nUne fête par an.")
            let y = try await propose(extra, slug, base: 2, "social", "Un parrain par nouveau membre.\n\nDes repas partagés.\n\nDeux fêtes par an.")
            try await everyoneConsents(people, slug, x)
            try await everyoneConsents(people, slug, y)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(x)/decide").json()["status"] as? String == "adopted")
            let merged = try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(y)/decide").json()
            #expect(merged["status"] as? String == "adopted")
            let code = try await cast.member.get("/api/v1/communities/\(slug)/code").json()
            let social = (code["sections"] as? [[String: Any]])?.first { $0["key"] as? String == "social" }?["body"] as? String
            #expect(social == "Deux parrains par nouveau membre.\n\nDes repas partagés.\n\nDeux fêtes par an.")

            // The author of the conflicting amendment rebases it; positions on the old text are kept but no longer count.
            #expect(try await loserAuthor.post("/api/v1/communities/\(slug)/code/amendments/\(loser)/revise", [
                "baseRevision": 4, "summary": "Rebasé", "changes": [["section": "governance", "body": loserText]],
            ]).status == .ok)
            let rebased = try await loserAuthor.get("/api/v1/communities/\(slug)/code/amendments/\(loser)").json()
            #expect((rebased["amendment"] as? [String: Any])?["status"] as? String == "open")
            #expect((rebased["tally"] as? [String: Any])?["consents"] as? Int == 0)
            #expect(try await other.post("/api/v1/communities/\(slug)/code/amendments/\(loser)/revise", [
                "baseRevision": 4, "summary": "Pas le mien", "changes": [["section": "governance", "body": "x"]],
            ]).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func membersOnlyCodeIsHiddenUntilPublished(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, _) = try await cast(app, "pub")
            let slug = cast.slug
            let reads = ["/code", "/code/revisions", "/code/amendments", "/code/diff?from=0&to=0", "/code/blame/history", "/code/facts",
                         "/code/export.md", "/code/export.json", "/code/export.git-fast-import"]
            for path in reads {
                for who in [cast.anonymous, cast.outsider, cast.pending] {
                    #expect(try await who.get("/api/v1/communities/\(slug)\(path)").status == .notFound, "\(path)")
                }
                #expect(try await cast.member.get("/api/v1/communities/\(slug)\(path)").status == .ok, "\(path)")
            }
            let web = WebClient(app: app)
            #expect(try await web.get("/communities/\(slug)/code").status == .notFound)
            #expect(try await cast.member.send(.PATCH, "/api/v1/communities/\(slug)/code/settings",
                                               json: ["rule": "majority", "quorum": 50, "openDays": 3, "published": true]).status == .forbidden)
            #expect(try await cast.steward.send(.PATCH, "/api/v1/communities/\(slug)/code/settings",
                                                json: ["rule": "majority", "quorum": 150, "openDays": 3, "published": true]).status == .unprocessableEntity)
            #expect(try await cast.steward.send(.PATCH, "/api/v1/communities/\(slug)/code/settings",
                                                json: ["rule": "majority", "quorum": 50, "openDays": 3, "published": true]).status == .ok)
            for path in reads {
                #expect(try await cast.anonymous.get("/api/v1/communities/\(slug)\(path)").status == .ok, "published \(path)")
            }
            #expect(try await web.get("/communities/\(slug)/code").status == .ok)
            // Writes stay hidden: a non-member still gets 404.
            let write = try await cast.outsider.post("/api/v1/communities/\(slug)/code/amendments",
                                                     ["baseRevision": 0, "summary": "Intrus", "changes": [["section": "history", "body": "x"]]])
            #expect(write.status == .notFound)
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/members").status == .notFound, "publishing the code publishes nothing else")
        }
    }

    @Test(arguments: TestDatabase.all)
    func badAmendmentsAreRefusedAndMarkdownIsSafe(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "bad")
            let slug = cast.slug
            let path = "/api/v1/communities/\(slug)/code/amendments"
            let cases: [([String: Any], HTTPStatus)] = [
                (["baseRevision": 0, "summary": "x", "changes": [["section": "nope", "body": "x"]]], .unprocessableEntity),
                (["baseRevision": 0, "summary": "  ", "changes": [["section": "history", "body": "x"]]], .unprocessableEntity),
                (["baseRevision": 5, "summary": "x", "changes": [["section": "history", "body": "x"]]], .unprocessableEntity),
                (["baseRevision": -1, "summary": "x", "changes": [["section": "history", "body": "x"]]], .unprocessableEntity),
                (["baseRevision": 0, "summary": "x", "changes": [[String: Any]]()], .unprocessableEntity),
                (["baseRevision": 0, "summary": "x", "changes": [["section": "history", "body": ""]]], .unprocessableEntity),
                (["baseRevision": 0, "summary": "x", "changes": [["section": "history", "body": String(repeating: "a", count: 200_000)]]], .unprocessableEntity),
                (["baseRevision": "0", "summary": "x", "changes": [[String: Any]]()], .badRequest),
                (["summary": "x"], .badRequest),
            ]
            for (body, status) in cases {
                let res = try await cast.member.post(path, body)
                #expect(res.status == status, "\(body.keys.sorted()): \(res.body.string.prefix(200))")
                #expect(try res.json()["error"] as? Bool == true)
            }
            #expect(try await Amendment.query(on: app.db).count() == 0)
            let big = try await cast.member.send(.POST, path, raw: "{\"summary\":\"" + String(repeating: "a", count: 1_100_000) + "\"}", overNetwork: true)
            #expect(big.status == .payloadTooLarge)

            let evil = "Texte <script>alert(1)</script> et [clic](javascript:alert(1)) et <img src=x onerror=alert(1)>"
            let id = try await propose(cast.member, slug, base: 0, "cultural", evil)
            try await everyoneConsents([cast.member, cast.steward, extra], slug, id)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/amendments/\(id)/decide").json()["status"] as? String == "adopted")
            let web = WebClient(app: app)
            let res = try await web.post("/signin", ["email": "bad_member@example.org", "password": "correct horse battery"])
            #expect(res.status == .seeOther)
            for page in ["/communities/\(slug)/code", "/communities/\(slug)/code/revisions/1", "/communities/\(slug)/code/amendments/\(id)",
                         "/communities/\(slug)/code/blame/cultural"] {
                let html = try await web.get(page).body.string
                #expect(!html.contains("<script>alert"), "\(page)")
                #expect(!html.contains("href=\"javascript"), "\(page)")
                #expect(!html.contains("<img src=x"), "\(page)")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func factsFlagContestedPrinciplesAndDiagnosisShowsTheGap(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await cast(app, "fact")
            let slug = cast.slug
            let facts = "/api/v1/communities/\(slug)/code/facts"
            #expect(try await cast.member.post(facts, ["section": "ecological", "kind": "link", "url": "javascript:alert(1)", "stance": "contests"]).status == .unprocessableEntity)
            #expect(try await cast.member.post(facts, ["section": "nope", "kind": "note", "note": "x", "stance": "contests"]).status == .unprocessableEntity)
            #expect(try await cast.member.post(facts, ["section": "ecological", "kind": "note", "note": "x", "date": "2026-13-40", "stance": "contests"]).status == .unprocessableEntity)
            #expect(try await cast.member.post(facts, ["section": "ecological", "kind": "note", "note": "Nous avons acheté des teintures chimiques en mars.",
                                                       "date": "2026-03-12", "stance": "contests"]).status == .created)
            #expect(try await cast.outsider.post(facts, ["section": "ecological", "kind": "note", "note": "x", "stance": "contests"]).status == .notFound)
            for who in [cast.member, extra] {
                #expect(try await who.post("/api/v1/communities/\(slug)/code/diagnosis", ["section": "ecological", "rating": "not-yet"]).status == .ok)
            }
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/code/diagnosis", ["section": "ecological", "rating": "sometimes"]).status == .unprocessableEntity)
            let web = WebClient(app: app)
            _ = try await web.post("/signin", ["email": "fact_member@example.org", "password": "correct horse battery"])
            let html = try await web.get("/communities/\(slug)/code").body.string
            #expect(html.contains("Contestée par des faits"))
            #expect(html.contains("Écart entre l&#39;écrit et la pratique"))
            let factID = try await cast.member.get(facts).items().first?["id"] as! String
            let prefilled = try await web.get("/communities/\(slug)/code/amendments/new?fact=\(factID)").body.string
            #expect(prefilled.contains("teintures chimiques"))
        }
    }
}
