import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// A programme's figures: merges keep each value's community, per-community medians from three contributors, a
/// members-only community's values reach only the programme's participants, credits stay where they were earned, and
/// two concurrent joins of one community give one place.
@Suite struct ProgrammeFiguresTests {
    let p = ProgrammeTests()

    @Test(arguments: TestDatabase.all)
    func aMergedIndicatorsValuesAndHistoryBecomeTheProgrammesAttributedToTheirCommunity(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.joined(app, "pgmerge") { w in [w.a.steward, w.b.member] }
            let target = try await p.indicator(w, w.b.member)
            try await p.contribute(w, w.b.member, target, 44)
            // The community's own duplicate, with its values and its estimate's history.
            let own = try await p.figures.indicator(w.a.member, w.a.slug)
            try await p.figures.contribute(w.a.member, w.a.slug, own, 40)
            try await p.figures.contribute(w.aOthers[0], w.a.slug, own, 41, source: "https://autre.example.org/releve")
            let asked = try await w.a.steward.post("/api/v1/communities/\(w.a.slug)/indicators/\(own)/merge", ["into": target])
            #expect(asked.status == .created, "\(asked.body.string)")
            #expect(try asked.json()["status"] as? String == "pending")
            // Pending: nothing moved yet.
            #expect(try await w.a.member.get("/api/v1/communities/\(w.a.slug)/indicators").items().map { $0["id"] as? String } == [own])
            let accepted = try await w.founder.post("\(w.base)/merges/\(try asked.json()["id"] as? String ?? "")/accept")
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            // The community's indicator is the programme's now.
            #expect(try await w.a.member.get("/api/v1/communities/\(w.a.slug)/indicators").items().isEmpty)
            #expect(try await w.a.member.get("/api/v1/communities/\(w.a.slug)/indicators/\(own)").status == .notFound)
            let detail = try await w.b.member.get("\(w.base)/indicators/\(target)").json()
            #expect((detail["estimate"] as? [String: Any])?["contributors"] as? Int == 3)
            // Community a's two authors never accepted the programme's charter: their values count, but neither who they
            // are nor their sources and comments are shown (null) to the programme's participants.
            let rows = detail["contributions"] as? [[String: Any]] ?? []
            let by = rows.map { "\($0["by"] as? String ?? "–")@\($0["community"] ?? "direct")" }
            #expect(by.sorted() == ["pgmergeb_member@\(w.b.slug)", "–@\(w.a.slug)", "–@\(w.a.slug)"].sorted(), "\(by)")
            let withheld = rows.filter { $0["community"] as? String == w.a.slug }
            #expect(withheld.allSatisfy { $0["by"] is NSNull && $0["source"] is NSNull && $0["comment"] is NSNull }, "\(withheld)")
            #expect(!detail.description.contains("autre.example.org"))
            let sources = detail["sources"] as? [String: Any] ?? [:]
            let groups = (sources["communities"] as? [[String: Any]] ?? []).map { "\($0["community"] ?? "")=\($0["contributors"] ?? "")" }
            #expect(groups == ["\(w.a.slug)=2", "\(w.b.slug)=1"])
            let merged = sources["mergedHistory"] as? [[String: Any]] ?? []
            #expect(!merged.isEmpty && merged.allSatisfy { $0["community"] as? String == w.a.slug })
            // A member of the community who took no part yet reads the merged values after accepting the charter.
            try await p.enter(w, w.a.member)
            let entered = try await w.a.member.get("\(w.base)/indicators/\(target)")
            #expect(entered.status == .ok)
            #expect((try entered.json()["contributions"] as? [[String: Any]] ?? []).contains { $0["by"] as? String == "pgmergea_member" },
                    "a participant now: shown as the author")
            // Leaving the community ends taking part through it; asked for and approved, the membership is their own.
            #expect(try await w.a.member.post("/api/v1/communities/\(w.a.slug)/leave").status == .ok)
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "outsider")
            #expect(try await w.a.member.get("\(w.base)/indicators/\(target)").status == .forbidden)
            let personal = try await w.a.member.post("\(w.base)/join-requests", ["message": "Je continue seule"])
            #expect(personal.status == .created)
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "pending")
            #expect(try await w.founder.post("\(w.base)/join-requests/\(try personal.json()["id"] as? String ?? "")/approve").status == .ok)
            try await p.enter(w, w.a.member)
            let mine = try await w.a.member.get(w.base).json()
            #expect(mine["relation"] as? String == "active" && mine["through"] == nil)
            let given = try await p.contribute(w, w.a.member, target, 42)
            let listed = try await w.a.member.get("\(w.base)/indicators/\(target)").json()["contributions"] as? [[String: Any]] ?? []
            #expect(listed.first { $0["id"] as? String == given["id"] as? String }?["community"] == nil, "given directly now")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMembersOnlyCommunitysValuesReachOnlyTheProgrammesParticipants(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.joined(app, "pgpriv")
            let ind = try await p.indicator(w, w.founder)
            // Three members of the members-only community, two of the public one.
            // JSON writes "/" as "\/": the marker is the part of the source without one.
            let secret = "releve-interne"
            for (i, who) in [w.b.steward, w.b.member, w.bOthers[0]].enumerated() {
                try await p.enter(w, who)
                try await p.contribute(w, who, ind, 50 + Double(i), source: "https://prive.example.org/\(secret)-\(i)")
            }
            for (i, who) in [w.a.steward, w.a.member].enumerated() {
                try await p.enter(w, who)
                try await p.contribute(w, who, ind, 40 + Double(i), source: "https://exemple.org/\(i)")
            }
            // A participant sees where the estimate comes from: a median only where three contributed.
            let detail = try await w.a.member.get("\(w.base)/indicators/\(ind)")
            #expect(detail.status == .ok)
            let groups = (try detail.json()["sources"] as? [String: Any])?["communities"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["community"] as? String } == [w.b.slug, w.a.slug])
            #expect(groups.first?["median"] as? Double == 51)
            #expect(groups.last?["median"] == nil)
            #expect(detail.body.string.contains(secret))
            // Outsiders, signed in or not, never read the values, nor learn that the members-only community is in.
            for outsider in [w.a.outsider, w.b.outsider, APIClient(app: app)] {
                let res = try await outsider.get("\(w.base)/indicators/\(ind)")
                #expect([.forbidden, .unauthorized].contains(res.status), "\(res.status)")
                #expect(!res.body.string.contains(secret))
                let card = try await outsider.get(w.base).body.string
                #expect(!card.contains(w.b.slug), "a members-only community is not named to outsiders")
                #expect(card.contains(w.a.slug))
            }
            // The programme's page: its participants see which communities each estimate comes from; a visitor sees neither the
            // members-only community nor any value.
            let bName = "Communauté \(w.b.slug)"
            let visitor = try await WebClient(app: app).get("/programmes/\(w.slug)")
            #expect(visitor.status == .ok)
            #expect(visitor.body.string.contains("Communauté \(w.a.slug)") && !visitor.body.string.contains(bName))
            #expect(!visitor.body.string.contains(secret) && !visitor.body.string.contains("contributeur"))
            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "pgprivb_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            let inside = try await web.get("/programmes/\(w.slug)").body.string
            #expect(inside.contains(bName) && inside.contains("contributeur·rices · Communauté \(w.a.slug), \(bName)"),
                    "\(inside.suffix(1500))")
            #expect(try await WebClient(app: app).get("/communities/\(w.slug)").status == .notFound)
            // A member of the members-only community who has not accepted the programme's charter reads nothing yet.
            let waiting = try await w.bOthers[1].get("\(w.base)/indicators/\(ind)")
            #expect(waiting.status == .forbidden)
            #expect(!waiting.body.string.contains(secret))
        }
    }

    @Test(arguments: TestDatabase.all)
    func creditsEarnedInAProgrammeBuyReadsThereAndNowhereElse(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.joined(app, "pgcred") { w in [w.a.member, w.aOthers[0], w.b.member, w.bOthers[0]] }
            #expect(try await w.founder.send(.PUT, "\(w.base)/figures/rules",
                                             json: ["allowance": 0, "readCost": 1, "earn": 2, "halfLifeDays": 180]).status == .ok)
            // New rules are a new version of the charter: each participant accepts it before contributing again.
            try await p.contribute(w, w.a.member, try await p.indicator(w, w.founder, name: "Prix d'une bobine"), 3, status: .forbidden)
            for who in [w.a.member, w.aOthers[0], w.b.member, w.bOthers[0]] {
                #expect(try await who.post("\(w.base)/charter/accept", ["version": 2]).status == .ok)
            }
            let wanted = try await p.indicator(w, w.founder, name: "Tarif horaire d'une fileuse")
            try await p.contribute(w, w.a.member, wanted, 30)
            try await p.contribute(w, w.aOthers[0], wanted, 31, source: "https://autre.example.org/fileuse")
            // A reader from the other community has no credit in the programme: 402, whatever their community holds.
            let reader = w.b.member
            #expect(try await reader.get("/api/v1/communities/\(w.b.slug)/credits").json()["balance"] as? Double == 5)
            let refused = try await reader.get("\(w.base)/indicators/\(wanted)")
            #expect(refused.status == .paymentRequired, "\(refused.body.string)")
            // They earn in the programme by giving a value others corroborate…
            let given = try await p.indicator(w, w.founder, name: "Tarif horaire d'un teinturier")
            try await p.contribute(w, reader, given, 25)
            try await p.contribute(w, w.bOthers[0], given, 26, source: "https://autre.example.org/teinturier")
            let credits = try await reader.get("\(w.base)/credits").json()
            #expect((credits["balance"] as? Double ?? 0) >= 1, "\(credits)")
            // …which buys the read there, and spends nothing of their community's credits.
            #expect(try await reader.get("\(w.base)/indicators/\(wanted)").status == .ok)
            let home = try await reader.get("/api/v1/communities/\(w.b.slug)/credits").json()
            #expect(home["balance"] as? Double == 5)
            #expect((home["entries"] as? [[String: Any]] ?? []).isEmpty, "the programme's ledger is its own")
            let spent = (try await reader.get("\(w.base)/credits").json()["entries"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "spend" }
            #expect(spent.count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func organisationsJoinAndReliabilityIsLearnedAcrossTheProgramme(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pglearn")
            // An organisation asks through its representative, as in a community.
            #expect(try await w.a.steward.post("/api/v1/organisations", organisationBody("pglearn-atelier")).status == .created)
            let asked = try await w.a.steward.post("\(w.base)/join-requests", ["organisation": "pglearn-atelier", "message": "Nos relevés"])
            #expect(asked.status == .created, "\(asked.body.string)")
            #expect(try await w.a.member.post("\(w.base)/join-requests", ["organisation": "pglearn-atelier"]).status == .forbidden)
            #expect(try await w.founder.post("\(w.base)/join-requests/\(try asked.json()["id"] as? String ?? "")/approve").status == .ok)
            let accepted = try await w.a.steward.post("\(w.base)/charter/accept", ["version": 1, "organisation": "pglearn-atelier"])
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            // Members of both communities give values on two indicators; one relearning covers them all.
            try await p.join(w, w.a)
            try await p.join(w, w.b)
            let people = [w.a.member, w.aOthers[0], w.b.member, w.bOthers[0]]
            for who in people { try await p.enter(w, who) }
            for name in ["Tarif horaire d'un tisserand", "Tarif horaire d'une fileuse"] {
                let id = try await p.indicator(w, w.founder, name: name)
                for (i, who) in people.enumerated() {
                    try await p.contribute(w, who, id, 40 + Double(i), source: "https://exemple.org/\(name.count)/\(i)")
                }
            }
            #expect(try await FiguresService(app.context()).refreshDirtyCommunities() >= 1)
            struct Learned: Decodable { let n: Int }
            let learned = try await app.db.row("""
                SELECT COUNT(*) AS n FROM figure_reliability r JOIN communities c ON c.id = r.community_id
                WHERE c.slug = \(bind: w.slug) AND r.claims = 2
                """, as: Learned.self)?.n
            #expect(learned == people.count, "one reliability per contributor, learned over the programme's values")
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoConcurrentJoinsOfOneCommunityGiveOnePlace(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pgrace")
            let base = w.base, steward = w.a.steward, slug = w.a.slug
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<2 { group.addTask { try await steward.post("\(base)/join-requests", ["community": slug]).status } }
                var all: [HTTPResponseStatus] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.created, .conflict], "\(statuses.map(\.code))")
            #expect(try await p.count(app, "programme_communities") == 1)
        }
    }
}
