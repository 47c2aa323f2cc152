import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// Catalogue search on the term index: prefixes, plurals, accents, tags whole, pages newest first; and a page whose
/// term is mostly in offers the reader may not see still ends, with a cursor to read on.
@Suite struct OfferSearchTests {
    static func publish(_ who: APIClient, _ slug: String, _ title: String, _ description: String, kind: String = "service", tags: [String] = []) async throws {
        let res = try await who.post("/api/v1/communities/\(slug)/offers", ["kind": kind, "title": title, "description": description, "tags": tags, "place": "Lyon"])
        #expect(res.status == .created, "\(res.body.string)")
    }

    @Test(arguments: TestDatabase.all)
    func wordsArePrefixesAndTagsAreWhole(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "find")
            let slug = cast.slug
            try await Self.publish(cast.member, slug, "Cours de tissage", "Initiation au métier à tisser, deux heures.", tags: ["Économie sociale", "laine"])
            try await Self.publish(cast.member, slug, "Réparation de métiers anciens", "Remise en état des métiers à bras.", kind: "skill")
            try await Self.publish(cast.steward, slug, "Teinture végétale", "Écheveaux teints à la garance.", kind: "product", tags: ["laine"])
            func titles(_ query: String) async throws -> [String] {
                try await cast.anonymous.get("/api/v1/offers?" + query).items().compactMap { $0["title"] as? String }
            }
            #expect(try await titles("q=tiss") == ["Cours de tissage"])
            #expect(try await titles("q=METIERS") == ["Réparation de métiers anciens", "Cours de tissage"], "plural and singular, newest first")
            #expect(try await titles("q=reparations") == ["Réparation de métiers anciens"], "a long word checked in full")
            #expect(try await titles("q=reparatrice").isEmpty, "its gram alone is not enough")
            #expect(try await titles("q=teinture%20VEGETALE") == ["Teinture végétale"])
            #expect(try await titles("q=teinture%20tissage").isEmpty, "every word must match")
            #expect(try await titles("tag=laine") == ["Teinture végétale", "Cours de tissage"])
            #expect(try await titles("tag=economie%20sociale") == ["Cours de tissage"], "a tag, accents and case ignored")
            #expect(try await titles("tag=lai").isEmpty, "a tag matches whole")
            #expect(try await titles("q=laine&kind=product") == ["Teinture végétale"])
            #expect(try await titles("q=metier&community=\(slug)&kind=skill") == ["Réparation de métiers anciens"])
            #expect(try await titles("q=metier&community=nowhere").isEmpty)
            let inside = try await cast.member.get("/api/v1/communities/\(slug)/offers?q=garance").items().compactMap { $0["title"] as? String }
            #expect(inside == ["Teinture végétale"])
            // The page keeps the search and the filters in its next link.
            let page = try await WebClient(app: app).get("/catalogue?q=laine&tag=laine").body.string
            #expect(page.contains("Teinture végétale") && page.contains("Cours de tissage"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func searchPagesFollowEachOtherNewestFirst(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.searchRankedMatches = 2 }) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "pages")
            for i in 1...5 { try await Self.publish(cast.member, cast.slug, "Feutrage \(i)", "Feutrage de laine, séance \(i).") }
            var seen: [String] = [], next: String? = "", pages = 0
            while let after = next {
                let res = try await cast.anonymous.get("/api/v1/offers?q=feutrage" + (after.isEmpty ? "" : "&after=" + after)).json()
                seen += (res["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
                next = res["next"] as? String
                pages += 1
            }
            #expect(seen == (1...5).reversed().map { "Feutrage \($0)" } && pages == 3)
            let html = try await WebClient(app: app).get("/catalogue?q=feutrage&kind=service").body.string
            #expect(html.contains("href=\"/catalogue?q=feutrage&amp;kind=service&amp;after="), "the next page keeps the search")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aPageOfHiddenMatchesEndsAndReadsOn(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let open = try await Cast.make(app, visibility: "public", prefix: "seen")
            let closed = try await Cast.make(app, visibility: "members", prefix: "hidden")
            try await Self.publish(open.member, open.slug, "Atelier public de feutrage", "Ouvert à tous, le samedi.")
            // More hidden matches, all newer, than one page reads of its term.
            struct Row: Decodable { let id: UUID }
            let community = try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: closed.slug)", as: Row.self)!.id
            let owner = try await app.db.row("SELECT id FROM users WHERE handle = 'hidden_member'", as: Row.self)!.id
            let count = EconomyQueries.searchWindow + 20
            try await app.context().write { db in
                var offers: [EconomyIndex.IndexedOffer] = []
                for i in 0..<count {
                    let id = app.enjeu.ids.next(), text = EconomyService.searchText(title: "Feutrage réservé \(i)", description: "Réservé aux membres.",
                                                                                      tags: [], place: "", kind: "service")
                    try await sql(db).raw("""
                        INSERT INTO offers (id, community_id, owner_id, kind, title, description, terms, tags, place, folded, created_at)
                        VALUES (\(bind: id), \(bind: community), \(bind: owner), 'service', \(bind: "Feutrage réservé \(i)"), 'Réservé aux membres.', '', '', '',
                          \(bind: text), \(bind: Date()))
                        """).run()
                    offers.append(.init(id: id, community: community, searchText: text, tags: []))
                }
                try await EconomyIndex.addOffers(db, offers)
            }
            let first = try await open.anonymous.get("/api/v1/offers?q=feutrage").json()
            #expect((first["items"] as? [Any])?.isEmpty == true, "the window held only hidden matches")
            let cursor = try #require(first["next"] as? String)
            let second = try await open.anonymous.get("/api/v1/offers?q=feutrage&after=" + cursor)
            #expect(try second.items().compactMap { $0["title"] as? String } == ["Atelier public de feutrage"])
            #expect(try second.json()["next"] is NSNull, "the list ends there")
            let member = try await closed.member.get("/api/v1/offers?q=feutrage").items()
            #expect(member.count == EconomyQueries.pageSize, "a member of the closed community sees its offers")
        }
    }
}
