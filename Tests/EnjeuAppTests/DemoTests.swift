import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// `enjeu demo` loads the world it promises (issue 14): every community with a #CodeSocial of several revisions, one
/// amendment open and one in conflict, a journey in its second cycle, figures with a disputed estimate and a flagged
/// outlier, a catalogue with referrals and confirmed flows, conversations and endorsements, credibility and
/// reliability computed; the same world in English with `--lang en`.
@Suite struct DemoTests {
    private struct N: Decodable { let n: Int }

    private func count(_ app: Application, _ q: SQLQueryString) async throws -> Int {
        try await app.db.row(q, as: N.self)?.n ?? 0
    }

    private func tell(_ lang: Lang, on app: Application) async throws -> DemoWorld {
        let world = try DemoWorld.load(lang)
        let story = DemoStory(world, lang: lang, app: app)
        try await story.tell(passwordHash: try Bcrypt.hash(DemoCommand.password, cost: app.enjeu.bcryptCost))
        #expect(!story.clock.ranIntoThePresent, "every phase of the story fits before today")
        return world
    }

    /// Signed in as a demo account, the page answers 200 without `missing` in it.
    private func page(_ app: Application, as handle: String, _ path: String, without missing: String) async throws {
        let web = WebClient(app: app)
        let signIn = try await web.post("/signin", ["email": "\(handle)@demo.enjeu.local", "password": DemoCommand.password])
        #expect(signIn.status == .seeOther, "\(handle) signs in")
        let res = try await web.get(path)
        #expect(res.status == .ok, "\(path): \(res.status)")
        #expect(!res.body.string.contains(missing), "\(path) says « \(missing) »")
    }

    @Test(arguments: TestDatabase.all)
    func theFrenchWorldHasTheShapeItPromises(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let world = try await tell(.fr, on: app)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@demo.enjeu.local'") == world.people.count)
            #expect(world.people.count >= 25)

            for place in world.communities {
                let c = try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: place.slug)", as: IDRow.self)).id
                func n(_ q: SQLQueryString) async throws -> Int { try await count(app, q) }
                // #CodeSocial: several adopted revisions, one amendment open, one in conflict.
                #expect(try await n("SELECT COUNT(*) AS n FROM amendments WHERE community_id = \(bind: c) AND status = 'adopted'") >= 3, "\(place.slug) revisions")
                #expect(try await n("SELECT COUNT(*) AS n FROM code_revisions WHERE community_id = \(bind: c)") >= 4, "\(place.slug) revisions")
                #expect(try await n("SELECT COUNT(*) AS n FROM amendments WHERE community_id = \(bind: c) AND status = 'open'") == 1, "\(place.slug) open")
                #expect(try await n("SELECT COUNT(*) AS n FROM amendments WHERE community_id = \(bind: c) AND status = 'conflict'") == 1, "\(place.slug) conflict")
                // The journey: its second cycle, the first one completed.
                #expect(try await n("SELECT cycle AS n FROM journeys WHERE community_id = \(bind: c)") == 2, "\(place.slug) cycle")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM journey_proposals WHERE community_id = \(bind: c) AND cycle = 1 AND status = 'adopted' AND kind IN ('value', 'stake')
                    """) >= 2, "\(place.slug) values and stakes")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM journey_assessments s JOIN journey_actions a ON a.id = s.subject_id
                      JOIN journey_participants p ON p.action_id = a.id AND p.user_id = s.assessor_id
                    WHERE a.community_id = \(bind: c) AND a.cycle = 1 AND a.status = 'done'
                    """) >= 2, "\(place.slug) actions assessed by their participants")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM journey_assessments WHERE community_id = \(bind: c) AND subject_kind = 'member' AND self = \(bind: false)
                    """) >= 2, "\(place.slug) peer assessments")
                #expect(try await n("SELECT COUNT(*) AS n FROM journey_recognitions WHERE community_id = \(bind: c) AND cycle = 1") >= 1, "\(place.slug) recognitions")
                #expect(try await n("SELECT COUNT(*) AS n FROM journey_retrospectives WHERE community_id = \(bind: c) AND cycle = 1") == 1, "\(place.slug) retrospective")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM journey_proposals WHERE community_id = \(bind: c) AND cycle = 2 AND status = 'open'
                    """) >= 1, "\(place.slug) second cycle open")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM journey_actions WHERE community_id = \(bind: c) AND cycle = 2 AND status = 'in-progress'
                    """) >= 1, "\(place.slug) second cycle under way")
                // Economy and feed.
                #expect(try await n("SELECT COUNT(*) AS n FROM offers WHERE community_id = \(bind: c)") >= 4, "\(place.slug) offers")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM flows WHERE community_id = \(bind: c) AND status = 'confirmed' AND confirmed_by IS NOT NULL AND confirmed_by <> recorded_by
                    """) >= 1, "\(place.slug) flows confirmed by a party")
                #expect(try await n("SELECT COUNT(*) AS n FROM referrals WHERE community_id = \(bind: c) AND status = 'completed'") >= 1, "\(place.slug) referrals")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM posts WHERE community_id = \(bind: c) AND kind = 'post' AND comments > 0
                    """) >= 3, "\(place.slug) conversations")
                #expect(try await n("SELECT COUNT(*) AS n FROM endorsements WHERE community_id = \(bind: c)") >= 5, "\(place.slug) endorsements")
                // Computed, not waiting for the background.
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM credibility_state WHERE id = \(bind: c) AND computed_at IS NOT NULL AND dirty = \(bind: false)
                    """) == 1, "\(place.slug) credibility computed")
                #expect(try await n("SELECT COUNT(*) AS n FROM credibility_scores WHERE community_id = \(bind: c) AND topic_key = ''") == place.active.count)
                // Its done actions, assessed by their teams, are verified results: trust starts from them, not from the stewards.
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM credibility_results WHERE community_id = \(bind: c) AND actions_completed > 0
                    """) >= 2, "\(place.slug) actions completed and well assessed count")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM credibility_state WHERE id = \(bind: c) AND anchored_on_stewards = \(bind: false)
                    """) == 1, "\(place.slug) anchored on results")
                #expect(try await n("""
                    SELECT COUNT(*) AS n FROM figure_settings WHERE community_id = \(bind: c) AND refreshed_at IS NOT NULL AND dirty = \(bind: false)
                    """) == 1, "\(place.slug) reliability learned")
                #expect(try await n("SELECT COUNT(*) AS n FROM figure_reliability WHERE community_id = \(bind: c)") >= 3, "\(place.slug) reliability")
            }

            // #ChiffresEnsemble: a few dozen indicators, all estimated; one disputed, one outlier flagged (and so deprecated).
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM indicators") >= 25)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM indicators WHERE est_kind = 'none'") == 0)
            #expect(try await count(app, "SELECT COUNT(DISTINCT user_id) AS n FROM figure_contributions") >= 20)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM indicators WHERE est_kind = 'disputed'") >= 1)
            #expect(try await count(app, """
                SELECT COUNT(*) AS n FROM figure_contributions c JOIN figure_flags f ON f.contribution_id = c.id
                WHERE c.outlier = \(bind: true) AND c.status = 'deprecated' AND f.state = 'upheld'
                """) >= 1)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'mention'") >= 5)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notification_fanouts") == 0, "every notification delivered")

            // The README's accounts.
            func membership(_ handle: String, _ slug: String) async throws -> MembershipRow? {
                try await app.db.row("""
                    SELECT m.role, m.status, m.accepted_charter_version, 0 AS pending FROM memberships m JOIN communities c ON c.id = m.community_id
                    WHERE m.handle = \(bind: handle) AND c.slug = \(bind: slug)
                    """, as: MembershipRow.self)
            }
            #expect(try await membership("camille", "tisserands-du-rhone")?.role == .founder)
            #expect(try await membership("malik", "quartiers-solidaires")?.role == .founder)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM communities WHERE slug = 'quartiers-solidaires' AND visibility = 'members'") == 1)
            #expect(try await membership("ines", "atelier-numerique")?.status == .active)
            let lea = try await membership("lea", "atelier-numerique")
            #expect(lea?.status == .approved && lea?.acceptedCharterVersion == nil)

            try await page(app, as: "camille", "/communities/tisserands-du-rhone/credibility", without: "Pas encore calculée")
            try await page(app, as: "camille", "/communities/tisserands-du-rhone/credibility", without: "pairs de confiance a priori")
            try await Self.checkNetwork(app, world)
        }
    }

    /// Only the words change from the French run (which covers both databases), so SQLite is enough.
    @Test func theEnglishWorldIsTheSameWorldInEnglish() async throws {
        try await withEnjeu(.sqlite) { app in
            let world = try await tell(.en, on: app)
            let french = try DemoWorld.load(.fr)
            struct Texts: Decodable { let name: String; let purpose: String; let charter: String }
            for (place, fr) in zip(world.communities, french.communities) {
                let stored = try #require(try await app.db.row("""
                    SELECT c.name, c.purpose, h.text AS charter FROM communities c JOIN charters h ON h.community_id = c.id WHERE c.slug = \(bind: place.slug)
                    """, as: Texts.self))
                #expect(stored.name == place.name && stored.purpose == place.purpose && stored.charter == place.charter)
                #expect(stored.purpose != fr.purpose)
            }
            struct Body: Decodable { let body: String }
            let posts = Set(try await app.db.rows("SELECT body FROM posts WHERE kind = 'post'", as: Body.self).map(\.body))
            #expect(posts == Set(world.communities.flatMap { $0.feed.posts.map(\.body) }))
            let sections = try await app.db.rows("SELECT body FROM code_section_versions", as: Body.self).map(\.body)
            #expect(sections.contains { $0.contains("Keeping **handweaving** alive") })
            #expect(!sections.contains { $0.contains("tissage") })
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE lang <> 'en'") == 0)
            try await page(app, as: "camille", "/communities/tisserands-du-rhone/credibility", without: "Not computed yet")
            try await page(app, as: "camille", "/communities/tisserands-du-rhone/credibility", without: "pre-trusted peers")
        }
    }

    /// Both files hold one world: the same people, communities, decisions, numbers and names; only the words differ.
    @Test func bothLanguagesShareOneShape() throws {
        func json(_ lang: Lang) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(contentsOf: try #require(DemoWorld.url(lang))))
        }
        // Keys whose strings are names, kinds or references, never words to translate.
        let shared: Set<String> = ["handle", "slug", "stage", "visibility", "founder", "stewards", "members", "awaitingCharter", "who", "by", "author",
                                   "owner", "stance", "section", "rating", "kind", "status", "on", "period", "url", "criteria", "team", "confirmedBy",
                                   "nature", "measure", "member", "open", "home", "community", "proposedBy",
                                   "acceptedBy", "representatives", "website"]
        var differences: [String] = []
        func walk(_ a: Any, _ b: Any, _ path: String, key: String) {
            switch (a, b) {
            case let (x as [String: Any], y as [String: Any]):
                guard Set(x.keys) == Set(y.keys) else { return differences.append("\(path): keys \(x.keys.sorted()) ≠ \(y.keys.sorted())") }
                for k in x.keys { walk(x[k]!, y[k]!, "\(path).\(k)", key: k) }
            case let (x as [Any], y as [Any]):
                guard x.count == y.count else { return differences.append("\(path): \(x.count) ≠ \(y.count) items") }
                for i in x.indices { walk(x[i], y[i], "\(path)[\(i)]", key: key) }
            case let (x as String, y as String):
                let reference = shared.contains(key) || ((key == "to" || key == "from") && (x.hasPrefix("@") || x.hasPrefix("community") || x.hasPrefix("org:")
                                                                                  || x.hasPrefix("outside:")))
                if reference && x != y { differences.append("\(path): \(x) ≠ \(y)") }
            case let (x as NSNumber, y as NSNumber):
                if x != y { differences.append("\(path): \(x) ≠ \(y)") }
            default:
                differences.append("\(path): \(type(of: a)) ≠ \(type(of: b))")
            }
        }
        walk(try json(.fr), try json(.en), "world", key: "")
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    private struct IDRow: Decodable { let id: UUID }
}
