import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import EnjeuApp

/// Issue 20, item 4: editing and deleting one's own words; moderators delete; threads keep their place.
@Suite struct PostEditTests {
    struct N: Decodable { let n: Int }

    @Test(arguments: TestDatabase.all)
    func editDeleteContract(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "pe")
            let base = "/api/v1/communities/\(cast.slug)/posts"
            let posted = try await cast.member.post(base, ["body": "Bonjour le zèbre"])
            #expect(posted.status == .created)
            let post = try #require(try posted.json()["id"] as? String)
            let c1 = try #require(try await cast.steward.post("\(base)/\(post)/comments", ["body": "Réponse un"]).json()["id"] as? String)
            let c2 = try #require(try await cast.member.post("\(base)/\(post)/comments", ["body": "Réponse deux"]).json()["id"] as? String)
            let c3 = try #require(try await cast.steward.post("\(base)/\(post)/comments", ["body": "Réponse trois"]).json()["id"] as? String)

            // Only the author edits; outsiders of a members-only community learn nothing; bad text is refused.
            #expect(try await cast.steward.send(.PATCH, "\(base)/\(post)", json: ["body": "Pas à moi"]).status == .forbidden)
            #expect(try await cast.outsider.send(.PATCH, "\(base)/\(post)", json: ["body": "Non"]).status == .notFound)
            #expect(try await cast.member.send(.PATCH, "\(base)/\(post)", json: ["body": "  "]).status == .unprocessableEntity)
            let edited = try await cast.member.send(.PATCH, "\(base)/\(post)", json: ["body": "Bonjour la girafe"])
            #expect(edited.status == .ok)
            #expect(try edited.json()["edited"] as? Bool == true)
            #expect(try edited.json()["body"] as? String == "Bonjour la girafe")
            let editedComment = try await cast.member.send(.PATCH, "\(base)/\(post)/comments/\(c2)", json: ["body": "Réponse deux, revue"])
            #expect(editedComment.status == .ok)
            #expect(try editedComment.json()["edited"] as? Bool == true)
            #expect(try await cast.member.send(.PATCH, "\(base)/\(post)/comments/\(c1)", json: ["body": "Non"]).status == .forbidden)

            // Moderators read the history; members do not.
            let history = try await cast.steward.get("\(base)/\(post)/revisions")
            #expect(history.status == .ok)
            let bodies = try history.items().compactMap { $0["body"] as? String }
            #expect(Set(bodies) == ["Bonjour le zèbre", "Réponse deux"])
            #expect(try await cast.member.get("\(base)/\(post)/revisions").status == .notFound)

            // A moderator deletes someone else's comment, recorded; a member cannot delete someone else's.
            #expect(try await cast.member.send(.DELETE, "\(base)/\(post)/comments/\(c3)").status == .forbidden)
            let removed = try await cast.steward.send(.DELETE, "\(base)/\(post)/comments/\(c2)")
            #expect(removed.status == .ok)
            #expect(try removed.json()["deleted"] as? Bool == true)
            let audits = try await (app.db as! any SQLDatabase).raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE action = 'comment.delete' AND detail = \(bind: c2.lowercased())
                """).first(decoding: N.self)
            let auditsUpper = try await (app.db as! any SQLDatabase).raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE action = 'comment.delete' AND detail = \(bind: c2.uppercased())
                """).first(decoding: N.self)
            #expect((audits?.n ?? 0) + (auditsUpper?.n ?? 0) == 1)

            // Erased words leave the notifications they caused too (the reply's excerpt in the post author's inbox).
            let c4 = try #require(try await cast.steward.post("\(base)/\(post)/comments", ["body": "Réponse quatre, regrettée"]).json()["id"] as? String)
            #expect(try await cast.member.get("/api/v1/notifications").body.string.contains("regrettée"))
            #expect(try await cast.steward.send(.DELETE, "\(base)/\(post)/comments/\(c4)").status == .ok)
            let inbox = try await cast.member.get("/api/v1/notifications")
            #expect(inbox.status == .ok && !inbox.body.string.contains("regrettée"), "\(inbox.body.string)")

            // The author deletes the post: « message supprimé », replies keep their place.
            #expect(try await cast.member.send(.DELETE, "\(base)/\(post)").status == .ok)
            #expect(try await cast.member.send(.DELETE, "\(base)/\(post)").status == .notFound)
            let detail = try await cast.steward.get("\(base)/\(post)").json()
            let p = try #require(detail["post"] as? [String: Any])
            #expect(p["deleted"] as? Bool == true)
            #expect(p["body"] as? String == "")
            #expect(p["author"] == nil || p["author"] is NSNull)
            #expect(p["comments"] as? Int == 2)
            let comments = try #require(detail["comments"] as? [[String: Any]])
            #expect(comments.map { ($0["id"] as? String)?.lowercased() } == [c1, c2, c3, c4].map { Optional($0.lowercased()) })
            #expect(comments.map { $0["body"] as? String } == ["Réponse un", "", "Réponse trois", ""])
            #expect(comments[1]["deleted"] as? Bool == true)

            // Gone from the feed, and the deleted words are nowhere to be found, history included.
            let feed = try await cast.steward.get(base)
            #expect(!feed.body.string.contains(post.lowercased()) && !feed.body.string.contains(post.uppercased()))
            #expect(!feed.body.string.contains("girafe"))
            let sql = app.db as! any SQLDatabase
            for word in ["zèbre", "girafe", "deux"] {
                let left = try await sql.raw("""
                    SELECT (SELECT COUNT(*) FROM posts WHERE body LIKE \(bind: "%" + word + "%"))
                      + (SELECT COUNT(*) FROM post_comments WHERE body LIKE \(bind: "%" + word + "%"))
                      + (SELECT COUNT(*) FROM post_revisions WHERE body LIKE \(bind: "%" + word + "%")) AS n
                    """).first(decoding: N.self)
                #expect(left?.n == 0, "\(word) still stored")
            }
            #expect(try await cast.steward.get("\(base)/\(post)/revisions").items().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func editAndDeleteFromThePage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "pw")
            let post = try #require(try await cast.member.post("/api/v1/communities/\(cast.slug)/posts", ["body": "Texte d’origine"]).json()["id"] as? String)
            let web = WebClient(app: app)
            let signedIn = try await web.post("/signin", ["email": "pw_member@example.org", "password": "correct horse battery"])
            #expect(signedIn.status == .seeOther)
            let page = try await web.get("/communities/\(cast.slug)/posts/\(post)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("/posts/\(post)/edit"))
            #expect(page.body.string.contains("/posts/\(post)/delete"))
            let saved = try await web.post("/communities/\(cast.slug)/posts/\(post)/edit", ["body": "Texte revu"])
            #expect(saved.status == .seeOther)
            let after = try await web.get("/communities/\(cast.slug)/posts/\(post)")
            #expect(after.body.string.contains("Texte revu"))
            #expect(after.body.string.contains("modifié"))
            #expect(try await web.post("/communities/\(cast.slug)/posts/\(post)/edit", ["body": ""]).status == .unprocessableEntity)
            #expect(try await web.post("/communities/\(cast.slug)/posts/\(post)/delete", [:]).status == .seeOther)
            let gone = try await web.get("/communities/\(cast.slug)/posts/\(post)")
            #expect(gone.body.string.contains("message supprimé"))
            #expect(!gone.body.string.contains("Texte revu"))
        }
    }
}
