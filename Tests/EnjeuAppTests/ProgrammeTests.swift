import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Programmes of shared figures (issue 17): communities join, their members contribute under the programme's charter,
/// a community's indicator merges into the programme's, one estimate from everyone, credits kept per programme.
@Suite struct ProgrammeTests {
    let figures = FiguresTests()

    /// Two communities (one public, one members-only, each with a steward and three members) and a programme founded by
    /// someone else. Nothing joined yet.
    struct World {
        let slug: String
        let founder: APIClient
        let a: Cast, aOthers: [APIClient]
        let b: Cast, bOthers: [APIClient]
        var base: String { "/api/v1/programmes/\(slug)" }
    }

    func world(_ app: Application, _ prefix: String) async throws -> World {
        let (a, aOthers) = try await figures.cast(app, prefix + "a", visibility: "public")
        let (b, bOthers) = try await figures.cast(app, prefix + "b", visibility: "members")
        let founder = try await APIClient(app: app).person(prefix + "_founder")
        let slug = prefix + "-programme"
        let created = try await founder.post("/api/v1/programmes", [
            "slug": slug, "name": "Chiffres ensemble \(prefix)", "purpose": "Les mêmes chiffres pour tous les métiers",
            "charter": "Je donne mes chiffres autant que j'en reçois.",
        ])
        #expect(created.status == .created, "\(created.body.string)")
        return World(slug: slug, founder: founder, a: a, aOthers: aOthers, b: b, bOthers: bOthers)
    }

    /// A world whose two communities have both joined, and where `entering` (of that world) accept the charter.
    func joined(_ app: Application, _ prefix: String, entering: (World) -> [APIClient] = { _ in [] }) async throws -> World {
        let w = try await world(app, prefix)
        try await join(w, w.a)
        try await join(w, w.b)
        for who in entering(w) { try await enter(w, who) }
        return w
    }

    /// `community` joins the programme: its steward asks, the programme's founder approves.
    func join(_ w: World, _ community: Cast) async throws {
        let asked = try await community.steward.post("\(w.base)/join-requests", ["community": community.slug])
        #expect(asked.status == .created, "\(asked.body.string)")
        let id = try asked.json()["id"] as? String ?? ""
        #expect(try await w.founder.post("\(w.base)/join-requests/\(id)/approve").status == .ok)
    }

    /// A member of a joined community accepts the programme's charter (once).
    func enter(_ w: World, _ who: APIClient) async throws {
        let res = try await who.post("\(w.base)/charter/accept", ["version": 1])
        #expect(res.status == .ok, "\(res.body.string)")
    }

    func indicator(_ w: World, _ who: APIClient, name: String = "Tarif horaire d'un tisserand", unit: String = "€ (k)",
                   period: String = "2026-q3") async throws -> String {
        let res = try await who.post("\(w.base)/indicators", [
            "name": name, "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": unit, "period": period,
            "place": "Lyon", "tags": ["tissage"],
        ])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as? String ?? ""
    }

    @discardableResult
    func contribute(_ w: World, _ who: APIClient, _ id: String, _ value: Double, source: String = "https://exemple.org/tarifs",
                    status: HTTPResponseStatus = .created) async throws -> [String: Any] {
        let res = try await who.post("\(w.base)/indicators/\(id)/contributions", [
            "value": value, "source": source, "observedOn": "2026-07-15", "comment": "Relevé",
        ])
        #expect(res.status == status, "\(res.body.string)")
        return (try? res.json()) ?? [:]
    }

    private struct Count: Decodable { let n: Int }
    func count(_ app: Application, _ table: String) async throws -> Int {
        try await app.db.row("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)", as: Count.self)?.n ?? -1
    }

    @Test(arguments: TestDatabase.all)
    func communitiesJoinAndTheirMembersContributeUnderTheProgrammesCharter(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await world(app, "pgjoin")
            let card = try await w.founder.get(w.base).json()
            #expect(card["relation"] as? String == "active")
            #expect(card["role"] as? String == "founder")
            #expect(card["visibility"] as? String == "public")
            // A programme is no community: not under /communities, in no list of them.
            #expect(try await w.founder.get("/api/v1/communities/\(w.slug)").status == .notFound)
            let listed = try await APIClient(app: app).get("/api/v1/communities").items().compactMap { $0["slug"] as? String }
            #expect(listed.contains(w.a.slug) && !listed.contains(w.slug))

            // Only its steward asks for a community; twice is a 409 and writes nothing.
            #expect(try await w.a.member.post("\(w.base)/join-requests", ["community": w.a.slug]).status == .forbidden)
            #expect(try await w.a.steward.post("\(w.base)/join-requests", ["community": "no-such-club"]).status == .notFound)
            let asked = try await w.a.steward.post("\(w.base)/join-requests", ["community": w.a.slug])
            #expect(asked.status == .created)
            #expect(try asked.json()["status"] as? String == "pending")
            let rows = try await count(app, "programme_communities")
            let again = try await w.a.steward.post("\(w.base)/join-requests", ["community": w.a.slug])
            #expect(again.status == .conflict)
            #expect(try again.json()["error"] as? Bool == true)
            #expect(try await count(app, "programme_communities") == rows)
            // Before approval a member of the community takes no part.
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "outsider")
            let id = try asked.json()["id"] as? String ?? ""
            #expect(try await w.a.member.post("\(w.base)/join-requests/\(id)/approve").status == .forbidden)
            let approved = try await w.founder.post("\(w.base)/join-requests/\(id)/approve")
            #expect(approved.status == .ok)
            #expect(try await w.founder.post("\(w.base)/join-requests/\(id)/approve").status == .conflict)
            #expect(try await count(app, "programme_communities") == rows)
            let communities = try await w.founder.get("\(w.base)/communities").json()["items"] as? [[String: Any]] ?? []
            #expect(communities.map { $0["slug"] as? String } == [w.a.slug])
            // Once joined: its members accept the programme's charter once, then contribute.
            let seen = try await w.a.member.get(w.base).json()
            #expect(seen["relation"] as? String == "approved")
            #expect(seen["through"] as? String == w.a.slug)
            let ind = try await indicator(w, w.founder)
            let before = try await count(app, "figure_contributions")
            try await contribute(w, w.a.member, ind, 40, status: .forbidden)
            #expect(try await count(app, "figure_contributions") == before)
            try await enter(w, w.a.member)
            #expect(try await w.a.member.post("\(w.base)/charter/accept", ["version": 1]).status == .conflict, "once")
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "active")
            try await contribute(w, w.a.member, ind, 40)
            // A person asks for themselves as in a community.
            let person = try await APIClient(app: app).person("pgjoin_person")
            let own = try await person.post("\(w.base)/join-requests", ["message": "Je tisse à Lyon"])
            #expect(own.status == .created)
            let pending = try await w.founder.get("\(w.base)/join-requests").items()
            #expect(pending.map { $0["handle"] as? String } == ["pgjoin_person"])
            #expect(try await w.founder.post("\(w.base)/join-requests/\(try own.json()["id"] as? String ?? "")/approve").status == .ok)
            try await enter(w, person)
            try await contribute(w, person, ind, 42, source: "https://autre.example.org/releve")
            // The list and the detail, the community routes' own bodies, plus where the values come from.
            let list = try await person.get("\(w.base)/indicators")
            #expect(try list.items().map { $0["id"] as? String } == [ind])
            let detail = try await person.get("\(w.base)/indicators/\(ind)")
            #expect(detail.status == .ok, "\(detail.body.string)")
            let json = try detail.json()
            #expect((json["estimate"] as? [String: Any])?["contributors"] as? Int == 2)
            let contributions = json["contributions"] as? [[String: Any]] ?? []
            #expect(Set(contributions.map { $0["community"] as? String ?? "direct" }) == [w.a.slug, "direct"])
            let sources = json["sources"] as? [String: Any] ?? [:]
            #expect(sources["contributors"] as? Int == 2)
            let groups = sources["communities"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["community"] as? String ?? "direct" } == [w.a.slug, "direct"])
            #expect(groups.allSatisfy { $0["median"] == nil }, "one contributor each: no median")
            // Flags and relearning, as in a community.
            let aValue = contributions.first { $0["community"] as? String == w.a.slug }?["id"] as? String ?? ""
            let flagged = try await person.post("\(w.base)/contributions/\(aValue)/flags", ["reason": "Ce tarif date de l'an dernier"])
            #expect(flagged.status == .created, "\(flagged.body.string)")
            #expect(try await person.post("\(w.base)/figures/refresh").status == .forbidden)
            #expect(try await w.founder.post("\(w.base)/figures/refresh").status == .ok)
            // The charter, as for a community.
            #expect(try await APIClient(app: app).get("\(w.base)/charter").json()["version"] as? Int == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func refusalsWriteNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await world(app, "pgbad")
            try await join(w, w.a)
            try await enter(w, w.a.steward)
            let target = try await indicator(w, w.founder)
            let tables = ["figure_contributions", "figure_merges", "programme_communities", "memberships", "indicators"]
            var before: [Int] = []
            for t in tables { before.append(try await count(app, t)) }
            // A contribution to a programme one has not joined: a member of a community that has not joined, an outsider.
            try await contribute(w, w.b.member, target, 40, status: .forbidden)
            try await contribute(w, w.a.outsider, target, 40, status: .forbidden)
            try await contribute(w, w.a.member, target, 40, status: .forbidden)  // joined community, charter not accepted
            // Merges: different unit, different period, an unknown target, another community's steward, a community not in.
            let hours = try await figures.indicator(w.a.steward, w.a.slug, name: "Durée d'un tissage", unit: "h")
            let merge = "/api/v1/communities/\(w.a.slug)/indicators/\(hours)/merge"
            let unit = try await w.a.steward.post(merge, ["into": target])
            #expect(unit.status == .unprocessableEntity)
            #expect(try unit.json()["reason"] as? String != nil)
            let yearlyRes = try await w.a.steward.post("/api/v1/communities/\(w.a.slug)/indicators", [
                "name": "Tarif d'un tisserand en 2025", "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€ (k)",
                "period": "2025", "place": "Lyon",
            ])
            let yearly = try yearlyRes.json()["id"] as? String ?? ""
            #expect(try await w.a.steward.post("/api/v1/communities/\(w.a.slug)/indicators/\(yearly)/merge", ["into": target]).status
                    == .unprocessableEntity)
            let same = try await figures.indicator(w.a.steward, w.a.slug)
            let sameMerge = "/api/v1/communities/\(w.a.slug)/indicators/\(same)/merge"
            #expect(try await w.a.steward.post(sameMerge, ["into": UUID().uuidString]).status == .unprocessableEntity)
            #expect(try await w.a.steward.post(sameMerge, ["into": "pas-un-id"]).status == .unprocessableEntity)
            #expect(try await w.b.steward.post(sameMerge, ["into": target]).status == .forbidden, "a steward of another community")
            #expect(try await w.a.member.post(sameMerge, ["into": target]).status == .forbidden, "a plain member")
            let bIndicator = try await figures.indicator(w.b.steward, w.b.slug)
            #expect(try await w.b.steward.post("/api/v1/communities/\(w.b.slug)/indicators/\(bIndicator)/merge", ["into": target]).status
                    == .forbidden, "a community that has not joined")
            var after: [Int] = []
            for t in tables { after.append(try await count(app, t)) }
            #expect(after == zip(before, [0, 0, 0, 0, 4]).map { $0 + $1 }, "only the four indicators defined in the communities")
            // Accepting a merge that does not exist, or twice.
            #expect(try await w.founder.post("\(w.base)/merges/\(UUID().uuidString)/accept").status == .notFound)
            let asked = try await w.a.steward.post(sameMerge, ["into": target])
            #expect(asked.status == .created)
            #expect(try await w.a.steward.post(sameMerge, ["into": target]).status == .conflict, "one pending merge per indicator")
            let mergeID = try asked.json()["id"] as? String ?? ""
            #expect(try await w.a.steward.post("/api/v1/programmes/\(w.slug)/merges/\(mergeID)/accept").status == .forbidden,
                    "the programme's steward confirms, not the community's")
            #expect(try await w.founder.post("\(w.base)/merges/\(mergeID)/accept").status == .ok)
            #expect(try await w.founder.post("\(w.base)/merges/\(mergeID)/accept").status == .conflict)
            // A community's request declined (with a reason) leaves no place; it may ask again.
            let bAsked = try await w.b.steward.post("\(w.base)/join-requests", ["community": w.b.slug])
            let bID = try bAsked.json()["id"] as? String ?? ""
            #expect(try await w.founder.post("\(w.base)/join-requests/\(bID)/decline", ["reason": ""]).status == .unprocessableEntity)
            let declined = try await w.founder.post("\(w.base)/join-requests/\(bID)/decline", ["reason": "Pas de tisserands ici"])
            #expect(try declined.json()["status"] as? String == "declined")
            #expect(try await w.b.member.get(w.base).json()["relation"] as? String == "outsider")
            #expect(try await w.b.steward.post("\(w.base)/join-requests", ["community": w.b.slug]).status == .created)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyProgrammeShowsOutsidersOnlyItsCard(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("pgclosed_founder")
            let created = try await founder.post("/api/v1/programmes", [
                "slug": "pgclosed", "name": "Chiffres entre nous", "purpose": "Les chiffres des teinturiers de la vallée",
                "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": "members",
            ])
            #expect(created.status == .created)
            #expect(try await founder.post("/api/v1/programmes", [
                "slug": "pgclosed", "name": "Un autre", "purpose": "Les chiffres des teinturiers de la vallée",
                "charter": "Je donne mes chiffres autant que j'en reçois.",
            ]).status == .conflict, "slugs are shared with communities")
            #expect(try await founder.post("/api/v1/programmes", ["slug": "pgclosed-2", "name": "X", "purpose": "court", "charter": "?"]).status
                    == .unprocessableEntity)
            let id = try await ProgrammeTests.indicatorIn(founder, "pgclosed")
            let outsider = try await APIClient(app: app).person("pgclosed_outsider")
            let card = try await outsider.get("/api/v1/programmes/pgclosed").json()
            #expect(card["name"] as? String == "Chiffres entre nous" && card["communities"] == nil && card["members"] == nil)
            for path in ["/indicators", "/indicators/\(id)", "/communities"] {
                #expect(try await outsider.get("/api/v1/programmes/pgclosed\(path)").status == .notFound, "\(path)")
            }
            let page = try await WebClient(app: app).get("/programmes/pgclosed")
            #expect(page.status == .ok && page.body.string.contains("Chiffres entre nous"))
            #expect(!page.body.string.contains("Tarif horaire"))
            #expect(try await WebClient(app: app).get("/programmes/no-such-programme").status == .notFound)
        }
    }

    static func indicatorIn(_ who: APIClient, _ slug: String) async throws -> String {
        let res = try await who.post("/api/v1/programmes/\(slug)/indicators", [
            "name": "Tarif horaire d'un teinturier", "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€",
            "period": "2026", "place": "Lyon",
        ])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as? String ?? ""
    }
}
