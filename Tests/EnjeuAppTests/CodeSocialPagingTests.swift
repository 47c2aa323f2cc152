import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// Issue 12: the history pages like every list, the exports stream revision by revision, malformed cursors are refused,
/// validation messages name their own field.
@Suite struct CodeSocialPagingTests {
    let base = CodeSocialTests()

    /// Adopts `count` revisions through the API; revision i rewrites one section, every fourth also a second one.
    /// Returns the sections each revision changed.
    func adoptRevisions(_ count: Int, _ cast: Cast, _ extra: APIClient) async throws -> [Int: [String]] {
        let keys = SectionKey.allCases.map(\.rawValue)
        var changed: [Int: [String]] = [:]
        for i in 1...count {
            var sections = [keys[i % keys.count]]
            if i % 4 == 0 { sections.append(keys[(i + 3) % keys.count]) }
            let res = try await cast.member.post("/api/v1/communities/\(cast.slug)/code/amendments", [
                "baseRevision": i - 1, "summary": "Révision \(i)", "reason": "Parce que",
                "changes": sections.map { ["section": $0, "body": "Texte \(i) de \($0).\nDeuxième ligne."] },
            ])
            #expect(res.status == .created, "\(res.body.string)")
            let id = try res.json()["id"] as! String
            try await base.everyoneConsents([cast.member, cast.steward, extra], cast.slug, id)
            let decided = try await cast.steward.post("/api/v1/communities/\(cast.slug)/code/amendments/\(id)/decide")
            #expect(try decided.json()["revision"] as? Int == i)
            changed[i] = sections
        }
        return changed
    }

    @Test(arguments: TestDatabase.all)
    func historyPagesWithAfterAndExportsStreamOnlyWhatChanged(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await base.cast(app, "hist")
            let slug = cast.slug
            let count = 2 * CodeQueries.pageSize + 3
            #expect(count > 2 * CodeExports.pageSize, "the exports cross page boundaries")
            let changed = try await adoptRevisions(count, cast, extra)

            // The API: `?after=<next>` walks every page, newest first, each revision once; `next` is opaque.
            var numbers: [Int] = [], after: String?, pages = 0
            repeat {
                let res = try await cast.member.get("/api/v1/communities/\(slug)/code/revisions" + (after.map { "?after=\($0)" } ?? ""))
                #expect(res.status == .ok, "\(res.body.string)")
                numbers += try res.items().compactMap { $0["number"] as? Int }
                after = try res.json()["next"] as? String
                if let after { #expect(Int(after) == nil, "a cursor, not a revision number") }
                pages += 1
            } while after != nil && pages < 10
            #expect(numbers == Array((1...count).reversed()))
            #expect(pages == 3)
            let old = try await cast.member.get("/api/v1/communities/\(slug)/code/revisions?before=5")
            #expect(old.status == .badRequest && old.body.string.contains("after"), "no silent first page for the old parameter")

            // The page: its « next » link is `?after=` too, and leads to the older revisions.
            #expect(try await cast.steward.send(.PATCH, "/api/v1/communities/\(slug)/code/settings",
                                                json: ["rule": "majority", "quorum": 50, "openDays": 3, "published": true]).status == .ok)
            let web = WebClient(app: app)
            let first = try await web.get("/communities/\(slug)/code/history")
            #expect(first.status == .ok)
            let link = try #require(first.body.string.firstMatch(of: /href="(\/communities\/[^"]*\/code\/history\?after=[^"]+)" rel="next"/)?.1)
            let second = try await web.get(String(link).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            #expect(second.body.string.contains("/code/revisions/\(count - CodeQueries.pageSize)\""))
            #expect(!second.body.string.contains("/code/revisions/\(count)\""))

            // The git export: the first commit writes every section, each later one only what its revision changed.
            let stream = try await cast.member.get("/api/v1/communities/\(slug)/code/export.git-fast-import")
            #expect(stream.status == .ok)
            let text = stream.body.string
            let written = text.split(separator: "\n").filter { $0.hasPrefix("M 100644 inline ") }.count
            #expect(written == SectionKey.allCases.count + (2...count).map { changed[$0]!.count }.reduce(0, +))
            #expect(!text.contains("deleteall"))
            try await checkEveryCommit(Data(stream.body.readableBytesView), count: count, cast.member, slug)

            // The JSON export: every revision, oldest first, and the code at head.
            let json = try await cast.member.get("/api/v1/communities/\(slug)/code/export.json")
            #expect(json.status == .ok && json.headers.contentType == .json)
            let object = try json.json()
            #expect(object["community"] as? String == slug && object["revision"] as? Int == count)
            #expect((object["revisions"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == Array(1...count))
            let head = try await cast.member.get("/api/v1/communities/\(slug)/code").json()
            #expect((object["sections"] as? [[String: String]]) == (head["sections"] as? [[String: String]]))
        }
    }

    /// Imports the stream with real git; each commit's tree is exactly the code of its revision, as the API shows it.
    func checkEveryCommit(_ stream: Data, count: Int, _ reader: APIClient, _ slug: String) async throws {
        guard let repo = try GitRepository() else { return }
        defer { repo.remove() }
        func text(_ args: [String]) throws -> String { try repo.run(args) }
        try repo.run(["fast-import", "--quiet"], input: stream)
        let commits = try text(["rev-list", "--reverse", "main"]).split(separator: "\n").map(String.init)
        #expect(commits.count == count)
        for (i, sha) in commits.enumerated() {
            let n = i + 1
            #expect(try text(["log", "-1", "--format=%s", sha]) == "Révision \(n)\n")
            let sections = try await reader.get("/api/v1/communities/\(slug)/code/revisions/\(n)").json()["sections"] as? [[String: Any]] ?? []
            #expect(sections.count == SectionKey.allCases.count)
            let files = try text(["ls-tree", "--name-only", sha]).split(separator: "\n").map(String.init)
            #expect(files == SectionKey.allCases.map(CodeExport.fileName))
            for s in sections {
                let key = try #require(SectionKey(rawValue: s["key"] as? String ?? ""))
                let content = try text(["show", "\(sha):\(CodeExport.fileName(key))"])
                #expect(content == "# \(s["title"] as? String ?? "")\n\n\(s["body"] as? String ?? "")\n", "revision \(n), \(key)")
            }
        }
    }

    static func encoded(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: TestDatabase.all)
    func malformedCursorsAreRefusedOnEveryList(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "curs")
            let slug = cast.slug
            let valid = Cursor(key: "7", id: UUID()).encoded  // numeric: revisions read their key as a revision number
            let notUTF8 = Self.encoded([0xFF, 0xFE, 0x41, 0x1F] + Array(UUID().uuidString.utf8))
            let malformed = [
                "after=",                                         // the first page is asked without `after`
                "after",
                "after=%FF%FE",                                   // percent-encoded bytes that are not UTF-8
                "after=" + notUTF8,                               // base64 of bytes that are not UTF-8
                "after=!!not-base64!!",
                "after=" + Self.encoded(Array("no separator".utf8)),  // base64 of the wrong shape
                "after%5B%5D=" + valid,
                "after=\(valid)&after=\(valid)",
                "x%FF=1&after=" + valid,                          // a query Vapor cannot read would drop the cursor
            ]
            let lists = ["/api/v1/communities/\(slug)/code/revisions", "/api/v1/communities/\(slug)/code/amendments",
                         "/api/v1/communities/\(slug)/posts", "/api/v1/communities/\(slug)/flows", "/api/v1/notifications",
                         "/api/v1/communities"]
            for list in lists {
                #expect(try await cast.member.get(list).status == .ok, "\(list)")
                #expect(try await cast.member.get(list + "?after=" + valid).status == .ok, "\(list)")
                for query in malformed {
                    let res = try await cast.member.get(list + "?" + query)
                    #expect(res.status == .badRequest, "\(list)?\(query) → \(res.status)")
                    let body = try res.json()
                    #expect(body["error"] as? Bool == true && (body["reason"] as? String ?? "").contains("after"), "\(list)?\(query)")
                }
            }
            // A revision cursor needs a revision number: another list's cursor is refused, not read as the first page.
            let otherList = Cursor(key: "", id: UUID()).encoded
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/code/revisions?after=" + otherList).status == .badRequest)
            // Pages answer the same 400, as a page.
            let page = try await WebClient(app: app).get("/communities?after=%FF")
            #expect(page.status == .badRequest && page.body.string.contains("after"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func postAndCommentLengthErrorsNameTheirOwnField(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "lbl")
            let posts = "/api/v1/communities/\(cast.slug)/posts"
            let long = try await cast.member.post(posts, ["body": String(repeating: "a", count: Social.postMax + 1)])
            #expect(long.status == .unprocessableEntity)
            let reason = try long.json()["reason"] as? String ?? ""
            #expect(reason.contains("Texte du message") && reason.contains("\(Social.postMax)"), "\(reason)")
            #expect(!reason.contains("section"), "not a #CodeSocial label: \(reason)")
            let post = try await cast.member.post(posts, ["body": "Bonjour"])
            let id = try post.json()["id"] as! String
            let comment = try await cast.member.post("\(posts)/\(id)/comments", ["body": String(repeating: "a", count: Social.commentMax + 1)])
            #expect(comment.status == .unprocessableEntity)
            let why = try comment.json()["reason"] as? String ?? ""
            #expect(why.contains("Texte du commentaire") && !why.contains("section"), "\(why)")
            let empty = try await cast.member.post(posts, ["body": "   "])
            #expect(try empty.json()["reason"] as? String == "Texte du message : obligatoire.")
        }
    }

    /// A retrospective's three answers are named as the form names them, not as #CodeSocial fields.
    @Test func retrospectiveAndJourneyFieldsHaveTheirOwnLabels() {
        let describe = { (f: InputField) in Text.describe(Violation(field: f, problem: .required)).fr }
        #expect(describe(.worked).hasPrefix(JourneyText.worked.text.fr))
        #expect(describe(.didNot).hasPrefix(JourneyText.didNot.text.fr))
        #expect(describe(.change).hasPrefix(JourneyText.change.text.fr))
        #expect(describe(.needs).hasPrefix(JourneyText.needs.text.fr))
        // Each label belongs to one field: no two fields read alike.
        let labels = InputField.allCases.map { Text.label($0).fr }
        #expect(Set(labels).count == labels.count, "\(Dictionary(grouping: InputField.allCases, by: { Text.label($0).fr }).filter { $0.value.count > 1 })")
        // Fields that share a submitted name keep the form's anchor.
        #expect(InputField.postBody.key == "body" && InputField.worked.key == "body" && InputField.needs.key == "skills")
    }
}
