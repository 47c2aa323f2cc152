import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The weavers' journey at benchmark scale: 1,000 actions done in the cycle the demo left them in, each by a team of 20
/// synthetic weavers who assess it (20,000 assessments), as the services leave them: owner, progress and outcome
/// updates, the "action done" event in the feed, and the sums the evaluation pages read (`journey_aggregates`).
extension DemoCommand {
    static func seedJourney(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let pool = s.weaverCount, team = 20
        guard pool >= team else { return }
        let actions = min(1_000, s.people)
        let db = bulk.app.db
        // The cycle the demo's journey is in, so the journey page lists these actions as it always did.
        let cycle = try await JourneyService.cycle(db, s.weavers)
        let slug = "tisserands-du-rhone"
        let first = s.now.addingTimeInterval(-50 * 86_400)
        var rows: [[DemoBulk.Values]] = Array(repeating: [], count: 6)
        var cycleSums = [0, 0, 0, 0]
        for a in 0..<actions {
            let created = first.addingTimeInterval(Double(a) * 60)
            let started = created.addingTimeInterval(86_400), done = created.addingTimeInterval(20 * 86_400)
            let action = DemoIDs.id(DemoScale.Seed.actions, a, at: created)
            let members = (0..<team).map { (a * 7 + $0) % pool }
            let owner = s.userIDs[members[0]]
            let title = "Action n°\(a) (banc d'essai)"
            rows[0].append([action, s.weavers, cycle, title, "", "", ActionStatus.done.rawValue, owner, "Résultat synthétique.", s.camille, created])
            rows[2].append([DemoIDs.id(DemoScale.Seed.actions &+ 1, 2 * a, at: started), action, owner, ActionStatus.inProgress.rawValue, "", started])
            rows[2].append([DemoIDs.id(DemoScale.Seed.actions &+ 1, 2 * a + 1, at: done), action, owner, ActionStatus.done.rawValue,
                            "Résultat synthétique.", done])
            rows[4].append([DemoIDs.id(DemoScale.Seed.actions &+ 2, a, at: done), s.weavers, owner, FeedItemKind.event(.actionDone).rawValue, "", title,
                            JourneyEndpoints.action.path(slug, action), 0, done])
            var sums = [0, 0, 0, 0]
            for (k, who) in members.enumerated() {
                let n = a * team + k
                rows[1].append([DemoIDs.id(DemoScale.Seed.participants, n, at: created), action, s.userIDs[who], created.addingTimeInterval(Double(k))])
                let scores = [(a + k) % 5, (a * 3 + k) % 5, (a + 2 * k) % 5, (k * 3) % 5]
                let at = done.addingTimeInterval(3_600 + Double(k) * 60)
                rows[3].append([DemoIDs.id(DemoScale.Seed.assessments, n, at: at), s.weavers, cycle, AggregateKind.action.rawValue, action, s.userIDs[who],
                                true] + scores.map { $0 as any Encodable & Sendable } + ["", true, at])
                for c in 0..<4 { sums[c] += scores[c] }
            }
            // Each action's own sums, as `JourneyService.aggregate` keeps them; the cycle's are added to the story's below.
            rows[5].append([DemoIDs.id(DemoScale.Seed.aggregates, a, at: done), s.weavers, cycle, AggregateKind.action.rawValue, action, true, team]
                           + sums.map { $0 as any Encodable & Sendable })
            for c in 0..<4 { cycleSums[c] += sums[c] }
        }
        let tables: [(String, [String])] = [
            ("journey_actions", ["id", "community_id", "cycle", "title", "description", "needs", "status", "owner_id", "outcome", "created_by", "created_at"]),
            ("journey_participants", ["id", "action_id", "user_id", "joined_at"]),
            ("journey_updates", ["id", "action_id", "user_id", "status", "note", "created_at"]),
            ("journey_assessments", ["id", "community_id", "cycle", "subject_kind", "subject_id", "assessor_id", "self", "material", "consciousness",
                                     "mastery", "maturity", "comment", "current", "created_at"]),
            ("posts", postColumns),
            ("journey_aggregates", ["id", "community_id", "cycle", "subject_kind", "subject_id", "self", "n", "material", "consciousness", "mastery", "maturity"]),
        ]
        let batch = rows, sums = cycleSums, n = actions * team
        try await bulk.write { db in
            for ((table, columns), rows) in zip(tables, batch) { try await bulk.insert(db, table, columns, rows[...]) }
            try await sql(db).raw("""
                INSERT INTO journey_aggregates (id, community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity)
                VALUES (\(bind: DemoIDs.id(DemoScale.Seed.aggregates, 1 << 31, at: s.now)), \(bind: s.weavers), \(bind: cycle), \(bind: AggregateKind.cycle.rawValue),
                  \(bind: s.weavers), \(bind: true), \(bind: n), \(bind: sums[0]), \(bind: sums[1]), \(bind: sums[2]), \(bind: sums[3]))
                ON CONFLICT (community_id, cycle, subject_kind, subject_id, self) DO UPDATE SET
                  n = journey_aggregates.n + excluded.n, material = journey_aggregates.material + excluded.material,
                  consciousness = journey_aggregates.consciousness + excluded.consciousness,
                  mastery = journey_aggregates.mastery + excluded.mastery, maturity = journey_aggregates.maturity + excluded.maturity
                """).run()
            try await Notify.credibilityChanged(db, s.weavers)
        }
    }
}
