import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The weavers' journey at benchmark scale: 1,000 done actions and 20,000 assessments, in the cycle the demo left them in.
extension DemoCommand {
    static func insertAssessment(_ db: any Database, _ id: UUID, _ community: UUID, _ cycle: Int, _ kind: AggregateKind, _ subject: UUID, _ assessor: UUID,
                                 _ isSelf: Bool, _ s: Scores, _ now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO journey_assessments (id, community_id, cycle, subject_kind, subject_id, assessor_id, self, material, consciousness, mastery,
              maturity, comment, current, created_at)
            VALUES (\(bind: id), \(bind: community), \(bind: cycle), \(bind: kind.rawValue), \(bind: subject), \(bind: assessor), \(bind: isSelf), \(bind: s.material),
              \(bind: s.consciousness), \(bind: s.mastery), \(bind: s.maturity), '', \(bind: true), \(bind: now))
            """).run()
        try await JourneyService.aggregate(db, community, cycle, kind, subject, isSelf, s, sign: 1)
    }

    /// Benchmark scale: 1,000 done actions, each with a team of 20 of the synthetic weavers who assess it (20,000 assessments).
    static func seedJourneyScale(people: [(UUID, String)], app: Application, now: Date) async throws {
        struct Row: Decodable { let id: UUID }
        guard let community = try await app.db.row("SELECT id FROM communities WHERE slug = 'tisserands-du-rhone'", as: Row.self)?.id,
              let camille = try await app.db.row("SELECT id FROM users WHERE handle = 'camille'", as: Row.self)?.id, people.count >= 20 else { return }
        let ids = app.enjeu.ids
        let pool = Array(people.prefix(1_000))
        // The cycle the demo's journey is in, so the journey page lists these actions as it always did.
        let cycle = try await JourneyService.cycle(app.db, community)
        for chunk in stride(from: 0, to: 1_000, by: 50) {
            try await app.write(on: app.db) { db in
                for a in chunk..<(chunk + 50) {
                    let action = ids.next()
                    try await sql(db).raw("""
                        INSERT INTO journey_actions (id, community_id, cycle, title, description, needs, status, owner_id, outcome, created_by, created_at)
                        VALUES (\(bind: action), \(bind: community), \(bind: cycle), \(bind: "Action n°\(a) (banc d'essai)"), '', '', \(bind: ActionStatus.done.rawValue), \(bind: pool[a % pool.count].0),
                          'Résultat synthétique.', \(bind: camille), \(bind: now))
                        """).run()
                    for k in 0..<20 {
                        let who = pool[(a * 7 + k) % pool.count].0
                        try await sql(db).raw("""
                            INSERT INTO journey_participants (id, action_id, user_id, joined_at) VALUES (\(bind: ids.next()), \(bind: action), \(bind: who), \(bind: now))
                            ON CONFLICT (action_id, user_id) DO NOTHING
                            """).run()
                        let s = Scores(material: (a + k) % 5, consciousness: (a * 3 + k) % 5, mastery: (a + 2 * k) % 5, maturity: (k * 3) % 5)
                        try await insertAssessment(db, ids.next(), community, cycle, .action, action, who, true, s, now)
                    }
                }
            }
        }
    }
}
