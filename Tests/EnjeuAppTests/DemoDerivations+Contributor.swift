import Foundation
import Testing
import Vapor
import SQLKit
import Fluent
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// `--contributor N`: what the load gave p5_bench, recounted from the base rows, equals what her contribution page reads
/// and what the credibility computation counted; her lists page through everything.
extension DemoDerivations {
    private struct N: Decodable { let n: Int }
    private static func count(_ app: Application, _ q: SQLQueryString) async throws -> Int { try await app.db.row(q, as: N.self)?.n ?? -1 }

    static func contributor(_ app: Application, actions n: Int) async throws {
        struct Ids: Decodable { let user: UUID; let community: UUID }
        let handle = DemoScale.handle(DemoCommand.contributor)
        let ids = try #require(try await app.db.row("""
            SELECT m.user_id AS user, m.community_id AS community FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE c.slug = 'tisserands-du-rhone' AND m.handle = \(bind: handle) AND m.status = 'active'
            """, as: Ids.self))
        let (me, weavers) = (ids.user, ids.community)
        let bench = "%(banc d'essai de contribution)"
        #expect(try await count(app, """
            SELECT COUNT(*) AS n FROM journey_participants p JOIN journey_actions a ON a.id = p.action_id
            WHERE p.user_id = \(bind: me) AND a.community_id = \(bind: weavers) AND a.status = 'done' AND a.title LIKE \(bind: bench)
            """) == n)
        let key = Actor.member(handle).key
        #expect(try await count(app, """
            SELECT COUNT(*) AS n FROM flows WHERE community_id = \(bind: weavers) AND recorded_by = \(bind: me) AND status = 'confirmed'
              AND (from_key = \(bind: key) OR to_key = \(bind: key))
            """) == 10 * n)
        #expect(try await count(app, """
            SELECT COUNT(*) AS n FROM figure_contributions f JOIN indicators i ON i.id = f.indicator_id
            WHERE f.user_id = \(bind: me) AND f.community_id = \(bind: weavers) AND f.credit_state = 'credited' AND f.outlier = \(bind: false)
              AND i.name LIKE \(bind: bench)
            """) == n, "each of her values was confirmed by the consensus")

        // Her verified results, from the assessments themselves: done actions she took part in, assessed by two at least,
        // the mean at or above the community's threshold.
        struct Assessed: Decodable { let action: UUID; let total: Int }
        let threshold = try await CredibilityService.threshold(app.db, weavers)
        var byAction: [UUID: (n: Int, total: Int)] = [:]
        for r in try await app.db.rows("""
            SELECT s.subject_id AS action, s.material + s.consciousness + s.mastery + s.maturity AS total FROM journey_assessments s
              JOIN journey_participants p ON p.action_id = s.subject_id JOIN journey_actions a ON a.id = s.subject_id
            WHERE p.user_id = \(bind: me) AND a.community_id = \(bind: weavers) AND a.status = 'done' AND s.subject_kind = 'action' AND s.current = \(bind: true)
            """, as: Assessed.self) {
            byAction[r.action, default: (0, 0)].n += 1
            byAction[r.action, default: (0, 0)].total += r.total
        }
        let verified = byAction.values.filter { WellAssessed.holds(sum: $0.total, assessments: $0.n, threshold: threshold) }.count
        let mine = (0..<n).filter { $0 % 3 != 2 }.count
        #expect(verified >= mine && verified < byAction.count, "some of her actions are verified results, not all")
        let stored = try await CredibilityService.storedResults(app.db, weavers, of: me)
        #expect(stored.actionsCompleted == verified)
        #expect(stored.figuresConfirmed == (try await count(app, """
            SELECT COUNT(*) AS n FROM figure_contributions WHERE user_id = \(bind: me) AND community_id = \(bind: weavers) AND credit_state = 'credited'
            """)))

        // The page's reads: her actions' collective scores are the sums of their assessments; each list pages to its end.
        let queries = ContributionQueries(app.context())
        let scores = try await queries.actionScores(weavers, me)
        #expect(scores.count == byAction.values.reduce(0) { $0 + $1.n })
        #expect(scores.sums.reduce(0, +) == byAction.values.reduce(0) { $0 + $1.total })
        var seen = 0, after: String?, verifiedOnPage = 0
        repeat {
            let page = try await queries.actions(weavers, me, after: after)
            seen += page.items.count
            verifiedOnPage += page.items.filter { $0.wellAssessed(threshold: threshold) }.count
            after = page.next
        } while after != nil
        #expect(seen == byAction.count && verifiedOnPage == verified)
        var flows = 0
        after = nil
        repeat {
            let page = try await queries.flows(weavers, handle, after: after)
            #expect(page.items.allSatisfy { $0.fromKey == key || $0.toKey == key })
            flows += page.items.count
            after = page.next
        } while after != nil
        #expect(flows == (try await count(app, """
            SELECT COUNT(*) AS n FROM flows WHERE community_id = \(bind: weavers) AND (from_key = \(bind: key) OR to_key = \(bind: key))
            """)))
        var figures = 0
        after = nil
        repeat {
            let page = try await queries.figures(weavers, me, after: after)
            figures += page.items.count
            after = page.next
        } while after != nil
        #expect(figures == (try await count(app, """
            SELECT COUNT(*) AS n FROM figure_contributions WHERE user_id = \(bind: me) AND community_id = \(bind: weavers)
              AND credit_state = 'credited' AND outlier = \(bind: false)
            """)))
    }
}
