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
        let first = s.now.addingTimeInterval(-50 * 86_400)
        let plan = DoneActions(count: min(1_000, s.people), seeds: .bench, created: { first.addingTimeInterval(Double($0) * 60) },
                               title: { "Action n°\($0) (banc d'essai)" }, team: { a in (0..<team).map { (a * 7 + $0) % pool } },
                               scores: { a, k in [(a + k) % 5, (a * 3 + k) % 5, (a + 2 * k) % 5, (k * 3) % 5] })
        try await seedDoneActions(s, bulk, plan)
    }

    /// Done actions of the weavers, in the cycle they are in, each by its team (`team(a)`: synthetic people by number, the
    /// first its owner), each member of which assessed it (`scores(a, k)`: the k-th member's four scores): what
    /// `JourneyService` leaves — the action, its progress and outcome updates, the participants, their assessments (kept
    /// as the team's own, `self` = true), the "action done" event in the feed, each action's sums, and the cycle's.
    struct DoneActions: Sendable {
        /// Each table's seed: ids of the actions and their updates and feed events, participants, assessments, sums.
        struct Seeds: Sendable {
            let actions: UInt64, participants: UInt64, assessments: UInt64, aggregates: UInt64
            static let bench = Seeds(actions: DemoScale.Seed.actions, participants: DemoScale.Seed.participants,
                                     assessments: DemoScale.Seed.assessments, aggregates: DemoScale.Seed.aggregates)
        }
        let count: Int
        let seeds: Seeds
        let created: @Sendable (Int) -> Date
        let title: @Sendable (Int) -> String
        let team: @Sendable (Int) -> [Int]
        let scores: @Sendable (Int, Int) -> [Int]
        /// How long an action took from its creation to done.
        var lasted: TimeInterval = 20 * 86_400
    }

    static let journeyTables: [(table: String, columns: [String])] = [
        ("journey_actions", ["id", "community_id", "cycle", "title", "description", "needs", "status", "owner_id", "outcome", "created_by", "created_at"]),
        ("journey_participants", ["id", "action_id", "user_id", "joined_at"]),
        ("journey_updates", ["id", "action_id", "user_id", "status", "note", "created_at"]),
        ("journey_assessments", ["id", "community_id", "cycle", "subject_kind", "subject_id", "assessor_id", "self", "material", "consciousness",
                                 "mastery", "maturity", "comment", "current", "created_at"]),
        ("posts", postColumns),
        ("journey_aggregates", ["id", "community_id", "cycle", "subject_kind", "subject_id", "self", "n", "material", "consciousness", "mastery", "maturity"]),
    ]

    static func seedDoneActions(_ s: DemoScale, _ bulk: DemoBulk, _ plan: DoneActions) async throws {
        guard plan.count > 0 else { return }
        // The cycle the demo's journey is in, so the journey page lists these actions as it always did.
        let cycle = try await JourneyService.cycle(bulk.app.db, s.weavers)
        let slug = "tisserands-du-rhone", seeds = plan.seeds
        try await bulk.load(plan.count, per: max(1, bulk.perTransaction / 64), into: journeyTables) { range in
            var rows: [[DemoBulk.Values]] = Array(repeating: [], count: journeyTables.count)
            var cycleSums = [0, 0, 0, 0], assessed = 0
            for a in range {
                let created = plan.created(a)
                let started = created.addingTimeInterval(86_400), done = created.addingTimeInterval(plan.lasted)
                let action = DemoIDs.id(seeds.actions, a, at: created)
                let members = plan.team(a)
                let owner = s.userIDs[members[0]]
                let title = plan.title(a)
                rows[0].append([action, s.weavers, cycle, title, "", "", ActionStatus.done.rawValue, owner, "Résultat synthétique.", s.camille, created])
                rows[2].append([DemoIDs.id(seeds.actions &+ 1, 2 * a, at: started), action, owner, ActionStatus.inProgress.rawValue, "", started])
                rows[2].append([DemoIDs.id(seeds.actions &+ 1, 2 * a + 1, at: done), action, owner, ActionStatus.done.rawValue,
                                "Résultat synthétique.", done])
                rows[4].append([DemoIDs.id(seeds.actions &+ 2, a, at: done), s.weavers, owner, FeedItemKind.event(.actionDone).rawValue, "", title,
                                JourneyEndpoints.action.path(slug, action), 0, done])
                var sums = [0, 0, 0, 0]
                for (k, who) in members.enumerated() {
                    let n = a * members.count + k
                    rows[1].append([DemoIDs.id(seeds.participants, n, at: created), action, s.userIDs[who], created.addingTimeInterval(Double(k))])
                    let scores = plan.scores(a, k)
                    let at = done.addingTimeInterval(3_600 + Double(k) * 60)
                    rows[3].append([DemoIDs.id(seeds.assessments, n, at: at), s.weavers, cycle, AggregateKind.action.rawValue, action, s.userIDs[who],
                                    true] + scores.map { $0 as any Encodable & Sendable } + ["", true, at])
                    for c in 0..<4 { sums[c] += scores[c] }
                }
                // Each action's own sums, as `JourneyService.aggregate` keeps them; the cycle's are added to what it holds.
                rows[5].append([DemoIDs.id(seeds.aggregates, a, at: done), s.weavers, cycle, AggregateKind.action.rawValue, action, true, members.count]
                               + sums.map { $0 as any Encodable & Sendable })
                for c in 0..<4 { cycleSums[c] += sums[c] }
                assessed += members.count
            }
            // Each batch its own id for the cycle's row, should it be the first: the others add to it.
            let sums = cycleSums, n = assessed, cycleRow = DemoIDs.id(seeds.aggregates, (1 << 31) + range.lowerBound, at: s.now)
            return DemoBulk.Batch(rows) { db in
                try await sql(db).raw("""
                    INSERT INTO journey_aggregates (id, community_id, cycle, subject_kind, subject_id, self, n, material, consciousness, mastery, maturity)
                    VALUES (\(bind: cycleRow), \(bind: s.weavers), \(bind: cycle), \(bind: AggregateKind.cycle.rawValue),
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
}
