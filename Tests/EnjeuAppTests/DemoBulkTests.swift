import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// `enjeu demo --people N --communities M` writes its rows directly (DemoBulk): everything the services maintain beside
/// those rows must be what the services would have written, and the same command must make the same rows.
@Suite struct DemoBulkTests {
    static let people = 300, communities = 20, reports = 50, contributor = 30

    /// The story, then the synthetic load, which leaves the schema's triggers as it found them.
    private func load(_ app: Application) async throws {
        let hash = try Bcrypt.hash(DemoCommand.password, cost: app.enjeu.bcryptCost)
        try await DemoStory(try DemoWorld.load(.fr), lang: .fr, app: app).tell(passwordHash: hash)
        let triggers = try await DemoDerivations.triggers(app)
        try await DemoCommand.synthetic(communities: Self.communities, people: Self.people, network: Self.communities, reports: Self.reports,
                                       contributor: Self.contributor, hash: hash, app: app)
        let after = try await DemoDerivations.triggers(app)
        let same = after == triggers
        #expect(same, "\(Set(after).symmetricDifference(triggers).prefix(3))")
        if !triggers.isEmpty {
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM communities WHERE generation = 0") == 0, "every community's generation moved")
        }
    }

    private struct N: Decodable { let n: Int }
    private func count(_ app: Application, _ q: SQLQueryString) async throws -> Int { try await app.db.row(q, as: N.self)?.n ?? -1 }

    @Test(arguments: TestDatabase.all)
    func theBulkLoadDerivesWhatTheServicesWould(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            try await load(app)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@bench.enjeu.local'") == Self.people)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM communities WHERE slug LIKE 'bench-%'") == Self.communities)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM posts") >= 2 * Self.people + min(1_000_000, 100 * Self.people))
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM flows") >= 2 * Self.people)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM figure_contributions") >= 2 * Self.people)

            // The open reports are of real posts, by their authors, filed by another member of the weavers.
            #expect(try await count(app, """
                SELECT COUNT(*) AS n FROM moderation_cases mc JOIN posts p ON p.id = mc.item_id AND p.author_id = mc.author_id
                  AND p.community_id = mc.community_id JOIN reports r ON r.case_id = mc.id AND r.reporter_id <> mc.author_id
                  JOIN memberships m ON m.community_id = mc.community_id AND m.user_id = r.reporter_id AND m.status = 'active'
                WHERE mc.status = 'open' AND mc.reporters = 1 AND r.status = 'open'
                """) == Self.reports)

            // Counts kept beside their rows.
            #expect(try await count(app, """
                SELECT COUNT(*) AS n FROM communities c WHERE c.member_count <> (SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id AND m.status = 'active')
                """) == 0, "member counts")
            #expect(try await count(app, """
                SELECT COUNT(*) AS n FROM posts p WHERE p.comments <> (SELECT COUNT(*) FROM post_comments c WHERE c.post_id = p.id)
                """) == 0, "comment counts")
            if case .sqlite = db { try await DemoDerivations.fullText(app) }
            try await DemoDerivations.journeySums(app)
            try await DemoDerivations.mentions(app)
            try await DemoDerivations.endorsementNotes(app)
            // Tables rebuilt from the base rows by their own code come out the same.
            try await DemoDerivations.sameAfterRebuild(app, DemoDerivations.economyTables + [("party_flows", DemoTests.partyFlowColumns)]) { db in
                try await EconomyIndex.rebuild(db)
            }
            // The synthetic communities joined the story's network, with flows between them.
            #expect(try await count(app, """
                SELECT COUNT(*) AS n FROM community_links l JOIN communities c ON c.id = l.target_id WHERE c.slug = 'tiers-lieux-auvergne' AND l.status = 'accepted'
                """) == Self.communities + 3)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM flows WHERE counterpart_id IS NOT NULL") >= DemoCommand.networkFlows(Self.communities))
            try await DemoDerivations.sameAfterRebuild(app, DemoDerivations.socialTables) { db in try await SocialIndexes.rebuild(db) }
            try await DemoDerivations.sameAfterRebuild(app, DemoDerivations.claimTables) { db in try await FigureClaims.rebuild(db) }
            // Credibility computed wherever results or endorsements changed.
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM credibility_state WHERE dirty = \(bind: true)") == 0)
            #expect(try await count(app, """
                SELECT COUNT(DISTINCT community_id) AS n FROM figure_contributions WHERE credit_state = 'credited' AND community_id NOT IN
                  (SELECT id FROM credibility_state WHERE computed_at IS NOT NULL)
                """) == 0)
            // Every synthetic indicator, and the weavers' bench, replayed value by value through the service.
            try await DemoDerivations.figuresReplayed(app)
            // One weaver's contribution: what the load gave her is what her page reads and her credibility counted.
            try await DemoDerivations.contributor(app, actions: Self.contributor)
        }
    }

    /// Two loads with one clock make the same synthetic rows (the story's own ids are random; these do not name them).
    @Test func theSameCommandMakesTheSameRows() async throws {
        let clock = Date(timeIntervalSince1970: 1_790_000_000)
        var digests: [String] = []
        for _ in 0..<2 {
            try await withEnjeu(.sqlite, tweak: { $0.now = { clock } }) { app in
                try await load(app)
                digests.append(try await DemoDerivations.digest(app))
            }
        }
        let same = digests.count == 2 && digests[0] == digests[1]
        #expect(same)
        #expect(digests.first.map { $0.count > 10_000 } == true)
    }
}
