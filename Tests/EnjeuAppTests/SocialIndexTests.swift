import Foundation
import Testing
import Vapor
import SQLKit
import Fluent
@testable import EnjeuApp
@testable import EnjeuCore

/// The social space's derived tables (`SocialIndexes`) stay equal to a recount from their base rows through the
/// writes that change them, and matching reads them: bounded, yet exact on what it ranks.
@Suite struct SocialIndexTests {
    /// Every derived row, as text, sorted: two states compare whole.
    struct Snapshot: Equatable, CustomStringConvertible {
        var topics: [String] = [], profiles: [String] = [], values: [String] = [], results: [String] = []
        var description: String { "topics \(topics)\nprofiles \(profiles)\nvalues \(values)\nresults \(results)" }
    }

    func snapshot(_ db: any Database) async throws -> Snapshot {
        struct Topic: Decodable { let community_id: UUID; let topic_key: String; let topic: String; let n: Int }
        struct Term: Decodable { let owner: UUID; let term_key: String; let label: String; let n_terms: Int }
        struct Result: Decodable { let community_id: UUID; let user_id: UUID; let a: Int; let f: Int; let j: Int; let r: Int }
        var s = Snapshot()
        s.topics = try await db.rows("SELECT community_id, topic_key, topic, n FROM endorsement_topics", as: Topic.self)
            .map { "\($0.community_id) \($0.topic_key) \($0.topic) \($0.n)" }.sorted()
        s.profiles = try await db.rows("SELECT user_id AS owner, term_key, label, n_terms FROM profile_terms", as: Term.self)
            .map { "\($0.owner) \($0.term_key) \($0.label) \($0.n_terms)" }.sorted()
        s.values = try await db.rows("SELECT community_id AS owner, term_key, label, n_terms FROM community_value_terms", as: Term.self)
            .map { "\($0.owner) \($0.term_key) \($0.label) \($0.n_terms)" }.sorted()
        s.results = try await db.rows("""
            SELECT community_id, user_id, amendments_adopted AS a, figures_confirmed AS f, actions_completed AS j, referrals_completed AS r
            FROM credibility_results
            """, as: Result.self).map { "\($0.community_id) \($0.user_id) \($0.a) \($0.f) \($0.j) \($0.r)" }.sorted()
        return s
    }

    func communityID(_ app: Application, _ slug: String) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        return try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
    }

    func join(_ app: Application, _ slug: String, steward: APIClient, _ handle: String) async throws -> APIClient {
        let person = try await APIClient(app: app).person(handle)
        let id = try await person.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await steward.post("/api/v1/communities/\(slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await person.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)
        return person
    }

    func adoptValue(_ slug: String, _ title: String, by people: [APIClient], steward: APIClient) async throws {
        let res = try await people[0].post("/api/v1/communities/\(slug)/journey/proposals", ["kind": "value", "title": title, "body": "Ce qui nous tient."])
        #expect(res.status == .created, "\(res.body.string)")
        let id = try res.json()["id"] as! String
        for p in people {
            #expect(try await p.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/positions", ["position": "consent"]).status == .ok)
        }
        let decided = try await steward.post("/api/v1/communities/\(slug)/journey/proposals/\(id)/decide")
        #expect(try decided.json()["status"] as? String == "adopted", "\(decided.body.string)")
    }

    @Test(arguments: TestDatabase.all)
    func derivedTablesEqualARecountAfterEveryKindOfWrite(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "sidx")
            let slug = cast.slug
            let extra = try await join(app, slug, steward: cast.steward, "sidx_extra")
            let community = try await communityID(app, slug)
            func profile(_ who: APIClient, _ values: String, _ skills: String) async throws {
                #expect(try await who.send(.PATCH, "/api/v1/me", json: ["values": values, "skills": skills]).status == .ok)
            }
            func endorse(_ who: APIClient, _ to: String, _ topic: String) async throws -> String {
                let res = try await who.post("/api/v1/communities/\(slug)/endorsements", ["to": to, "topic": topic])
                #expect(res.status == .created, "\(res.body.string)")
                return try res.json()["id"] as? String ?? ""
            }
            // Profiles set, changed, emptied.
            try await profile(cast.steward, "Coopération, écologie", "tissage")
            try await profile(cast.member, "cooperation; Tissage", "")
            try await profile(cast.member, "Sobriété", "Tissage, couture, menuiserie")
            try await profile(cast.outsider, "Écoute", "médiation")
            try await profile(cast.outsider, "", "")
            // One topic under three spellings; the smallest one revoked, another topic revoked away entirely.
            let first = try await endorse(cast.steward, "sidx_member", "Coopération")
            _ = try await endorse(extra, "sidx_member", "cooperation")
            _ = try await endorse(cast.member, "sidx_steward", "COOPÉRATION")
            let weaving = try await endorse(extra, "sidx_steward", "Tissage")
            _ = try await endorse(cast.steward, "sidx_extra", "Écoute")
            #expect(try await cast.steward.send(.DELETE, "/api/v1/communities/\(slug)/endorsements/\(first)").status == .noContent)
            #expect(try await extra.send(.DELETE, "/api/v1/communities/\(slug)/endorsements/\(weaving)").status == .noContent)
            _ = try await endorse(cast.steward, "sidx_member", "coopération")
            // Two values adopted, one spelled twice.
            try await adoptValue(slug, "Entraide", by: [cast.steward, cast.member, extra], steward: cast.steward)
            try await adoptValue(slug, "entraide, Sobriété", by: [cast.steward, cast.member, extra], steward: cast.steward)
            try await CredibilityService(app.context()).recompute(community)

            // The page's topics are what grouping every endorsement gives.
            struct Grouped: Decodable, Equatable { let topic_key: String; let topic: String; let n: Int }
            let grouped = try await app.db.rows("""
                SELECT topic_key, MIN(topic) AS topic, COUNT(*) AS n FROM endorsements WHERE community_id = \(bind: community) AND revoked_at IS NULL
                GROUP BY topic_key ORDER BY COUNT(*) DESC, topic_key
                """, as: Grouped.self)
            let kept = try await SocialQueries(app.context()).topics(community)
            #expect(kept.map { Grouped(topic_key: $0.topicKey, topic: $0.topic, n: $0.n) } == grouped)
            #expect(grouped.first?.topic_key == "cooperation" && grouped.first?.n == 3)

            let maintained = try await snapshot(app.db)
            #expect(!maintained.profiles.isEmpty && !maintained.values.isEmpty && !maintained.topics.isEmpty)
            #expect(maintained.values.filter { $0.hasPrefix(community.uuidString) }.count == 2, "entraide once, sobriete: \(maintained.values)")
            try await app.db.transaction { db in try await SocialIndexes.rebuild(db) }
            let recounted = try await snapshot(app.db)
            #expect(maintained == recounted, "maintained:\n\(maintained)\nrecounted:\n\(recounted)")
        }
    }

    @Test(arguments: TestDatabase.all)
    func matchesReadTheClosestHoldersAndScoreThemExactly(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let ana = try await api.person("mx_ana")
            let bob = try await api.person("mx_bob")
            let eve = try await api.person("mx_eve")
            #expect(try await ana.send(.PATCH, "/api/v1/me", json: ["values": "Coopération, Écologie", "skills": ""]).status == .ok)
            #expect(try await bob.send(.PATCH, "/api/v1/me", json: ["values": "ecologie", "skills": "cooperation"]).status == .ok)
            #expect(try await eve.send(.PATCH, "/api/v1/me", json: ["values": "Coopération, Écologie", "skills": ""]).status == .ok)
            #expect(try await bob.post("/api/v1/communities", communityBody("mx-public", visibility: "public")).status == .created)
            #expect(try await eve.post("/api/v1/communities", communityBody("mx-secret", visibility: "members")).status == .created)
            try await adoptValue("mx-public", "Écologie", by: [bob], steward: bob)
            // Many more people share one of Ana's values than the matcher reads per term.
            let pub = try await communityID(app, "mx-public")
            let now = Date()
            let fillers = (0..<(Matches.perSide * 3)).map { i in
                User(id: UUID(), handle: "mx_f\(i)", displayName: "F\(i)", email: "mx_f\(i)@example.org", passwordHash: "x", lang: "fr", createdAt: now)
            }
            for f in fillers { f.valuesHeld = "Coopération" }
            try await app.db.transaction { db in
                try await fillers.create(on: db)
                try await fillers.map { Membership(id: UUID(), communityID: pub, userID: $0.id!, handle: $0.handle, role: .member, status: .active, joinedAt: now) }
                    .create(on: db)
                for f in fillers { try await SocialIndexes.profileChanged(db, user: f.id!, values: f.valuesHeld, skills: f.skills) }
            }

            let out = try await ana.get("/api/v1/matches").json()
            let members = out["members"] as? [[String: Any]] ?? []
            #expect(members.first?["key"] as? String == "mx_bob", "the one whose values are exactly Ana's comes first")
            #expect(members.first?["score"] as? Double == 1)
            #expect(Set(members.first?["shared"] as? [String] ?? []) == ["cooperation", "ecologie"])
            #expect(members.count <= Matches.shown && members.count > 1)
            // Every other one shares one of two terms, out of a union of two: exactly one half.
            #expect(members.dropFirst().allSatisfy { $0["score"] as? Double == 0.5 && ($0["key"] as? String ?? "").hasPrefix("mx_f") })
            #expect(!members.contains { $0["key"] as? String == "mx_eve" }, "a members-only community's members are not revealed")
            let communities = out["communities"] as? [[String: Any]] ?? []
            #expect(communities.map { $0["key"] as? String } == ["mx-public"])
            #expect(communities.first?["shared"] as? [String] == ["Écologie"] && communities.first?["score"] as? Double == 0.5)
            #expect(Set(out["basis"] as? [String] ?? []) == ["Coopération", "Écologie"])

            // Bob's community is Ana's once she joins: it is no longer suggested, and its value joins her basis.
            let id = try await ana.post("/api/v1/communities/mx-public/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await bob.post("/api/v1/communities/mx-public/join-requests/\(id)/approve").status == .ok)
            #expect(try await ana.post("/api/v1/communities/mx-public/charter/accept", ["version": 1]).status == .ok)
            let after = try await ana.get("/api/v1/matches").json()
            #expect((after["communities"] as? [[String: Any]] ?? []).isEmpty)
        }
    }
}
