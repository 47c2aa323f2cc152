import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// The page cache serves a community's page again only while nothing it shows has changed, only to the viewer it was
/// made for, and with each browser's own CSRF token; the triggers that say "something changed" cover every table.
@Suite struct PageCacheTests {
    private struct Name: Decodable { let table_name: String }
    private struct Gen: Decodable { let generation: Int }

    private func generation(_ app: Application, _ slug: String) async throws -> Int {
        try #require(try await sql(app.db).raw("SELECT generation FROM communities WHERE slug = \(bind: slug)").first(decoding: Gen.self)).generation
    }

    @Test(arguments: TestDatabase.all)
    func everyTableOfACommunityIsTrackedOrSaidNotToBe(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let query: SQLQueryString = sql(app.db).dialect.name == "postgresql"
                ? "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'community_id'"
                : "SELECT m.name AS table_name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'community_id'"
            let tables = Set(try await sql(app.db).raw(query).all(decoding: Name.self).map(\.table_name))
            #expect(tables.count > 30)
            let known = Set(CommunityGenerations.tracked.map(\.table)).union(CommunityGenerations.untracked)
            #expect(tables.subtracting(known).isEmpty, "choose for \(tables.subtracting(known).sorted()): tracked or untracked")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aWriteShowsOnTheNextViewAndReadingChangesNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "cache")
            let web = WebClient(app: app)
            try await web.signUp("visitor")
            let feed = "/communities/\(cast.slug)/feed"
            let first = try await web.get(feed)
            #expect(first.status == .ok)
            let before = try await generation(app, cast.slug)
            let again = try await web.get(feed)
            #expect(again.body.string == first.body.string, "the same state, the same page")
            #expect(try await generation(app, cast.slug) == before, "reading writes nothing the pages show")

            #expect(try await cast.member.post("/api/v1/communities/\(cast.slug)/posts", ["body": "Le métier à tisser est réparé"]).status == .created)
            #expect(try await generation(app, cast.slug) > before)
            #expect(try await web.get(feed).body.string.contains("Le métier à tisser est réparé"))

            // A change of name shows on the members page of every community of the person (a users trigger).
            let members = "/communities/\(cast.slug)/members"
            #expect(try await cast.steward.get("/api/v1/communities/\(cast.slug)").status == .ok)
            let stewardWeb = WebClient(app: app)
            #expect(try await stewardWeb.post("/signin", ["email": "cache_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            _ = try await stewardWeb.get(members)
            try await sql(app.db).raw("UPDATE users SET display_name = 'Tisserande Renommée' WHERE handle = 'cache_member'").run()
            #expect(try await stewardWeb.get(members).body.string.contains("Tisserande Renommée"))
            // Columns no page shows do not count.
            let named = try await generation(app, cast.slug)
            try await sql(app.db).raw("UPDATE users SET lang = 'en' WHERE handle = 'cache_member'").run()
            #expect(try await generation(app, cast.slug) == named)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aKeptPageIsOnlyItsViewersAndCarriesEachBrowsersToken(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "keep")
            let members = "/communities/\(cast.slug)/members"
            let member = WebClient(app: app)
            #expect(try await member.post("/signin", ["email": "keep_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            let seen = try await member.get(members)
            #expect(seen.status == .ok && seen.body.string.contains("@keep_steward"))
            #expect(try await member.get(members).status == .ok)

            // The same address for an outsider and a visitor: never the member's page.
            let outsider = WebClient(app: app)
            #expect(try await outsider.post("/signin", ["email": "keep_outsider@example.org", "password": "correct horse battery"]).status == .seeOther)
            let refused = try await outsider.get(members)
            #expect(refused.status == .notFound && !refused.body.string.contains("@keep_steward"))
            let visitor = try await WebClient(app: app).get(members)
            #expect(visitor.status != .ok && !visitor.body.string.contains("@keep_steward"))

            // Two browsers of one person: each page's forms carry that browser's own token.
            let home = "/communities/\(cast.slug)"
            let other = WebClient(app: app)
            #expect(try await other.post("/signin", ["email": "keep_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            for browser in [member, other, member, other] {
                let page = try await browser.get(home).body.string
                let token = try #require(browser.cookies["enjeu_csrf"])
                // The header's and footer's forms, and at least one in the page's own content.
                #expect(page.components(separatedBy: "value=\"\(token)\"").count - 1 >= 3)
                let foreign = [member, other].compactMap { $0.cookies["enjeu_csrf"] }.filter { $0 != token }
                #expect(foreign.allSatisfy { !page.contains($0) })
            }
        }
    }
}
