import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The weavers' journey in the demo: adopted values, a stake and a project, two actions (one done and assessed), recognitions;
/// at benchmark scale, 1,000 done actions and 20,000 assessments.
extension DemoCommand {
    static func seedJourney(community: UUID, users: [String: User], app: Application, now: Date, on db: any Database) async throws {
        let ids = app.enjeu.ids
        let id = { (h: String) in users[h]!.id! }
        try await sql(db).raw("""
            INSERT INTO journeys (community_id, cycle, template, started_at)
            VALUES (\(bind: community), 1, \(bind: JourneyTemplate.companyTeams.rawValue), \(bind: now))
            """).run()
        var stake: UUID?
        let proposals: [(ProposalKind, String, String)] = [
            (.value, "Réciprocité", "Je partage mes tarifs et mes sources autant que j'en reçois."),
            (.value, "Transmission", "Ce que j'apprends à l'atelier, je le transmets."),
            (.stake, "Le tissage vivant dans la vallée", "Que le métier vive et nourrisse ceux qui le pratiquent."),
            (.project, "L'atelier ouvert", "Vision : un atelier ouvert chaque samedi. Objectifs : dix apprentis formés (enjeu : le tissage vivant)."),
            (.value, "Sobriété", "Acheter les fibres ensemble, au plus près."),
        ]
        for (kind, title, body) in proposals {
            let p = ids.next()
            if kind == .stake { stake = p }
            let status: ProposalStatus = title == "Sobriété" ? .open : .adopted
            try await sql(db).raw("""
                INSERT INTO journey_proposals (id, community_id, cycle, kind, title, body, author_id, status, closes_at, created_at, decided_at)
                VALUES (\(bind: p), \(bind: community), 1, \(bind: kind.rawValue), \(bind: title), \(bind: body), \(bind: id("camille")),
                  \(bind: status.rawValue), \(bind: now.addingTimeInterval(7 * 86_400)), \(bind: now), \(bind: status == .adopted ? now : nil))
                """).run()
            for h in ["camille", "malik", "nadia"] {
                try await sql(db).raw("""
                    INSERT INTO journey_positions (id, proposal_id, user_id, stance, reason, created_at)
                    VALUES (\(bind: ids.next()), \(bind: p), \(bind: id(h)), \(bind: Stance.consent.rawValue), '', \(bind: now))
                    """).run()
            }
        }
        let done = ids.next(), planned = ids.next()
        let actions: [(UUID, String, ActionStatus, String?, String)] = [
            (done, "Samedi d'atelier ouvert", .done, "sophie", "Douze visiteurs, trois inscrits à la formation."),
            (planned, "Achat groupé de lin", .planned, nil, ""),
        ]
        for (a, title, status, owner, outcome) in actions {
            try await sql(db).raw("""
                INSERT INTO journey_actions (id, community_id, cycle, title, description, stake_id, needs, status, owner_id, outcome, created_by, created_at)
                VALUES (\(bind: a), \(bind: community), 1, \(bind: title), '', \(bind: stake), '', \(bind: status.rawValue), \(bind: owner.map(id)),
                  \(bind: outcome), \(bind: id("camille")), \(bind: now))
                """).run()
        }
        for h in ["sophie", "theo"] {
            try await sql(db).raw("INSERT INTO journey_participants (id, action_id, user_id, joined_at) VALUES (\(bind: ids.next()), \(bind: done), \(bind: id(h)), \(bind: now))").run()
        }
        for (h, s) in [("sophie", Scores(material: 3, consciousness: 3, mastery: 2, maturity: 3)), ("theo", Scores(material: 2, consciousness: 4, mastery: 3, maturity: 2))] {
            try await insertAssessment(db, ids.next(), community, 1, .action, done, id(h), true, s, now)
        }
        let recognitions: [(String, JourneySubjectKind, UUID, String, String)] = [
            ("malik", .action, done, "Samedi d'atelier ouvert", "Bravo pour ce premier samedi !"),
            ("camille", .member, id("nadia"), "Nadia Haddad", "Merci pour les comptes clairs."),
        ]
        for (from, kind, to, label, message) in recognitions {
            try await sql(db).raw("""
                INSERT INTO journey_recognitions (id, community_id, cycle, from_id, to_kind, to_id, to_label, message, criteria, created_at)
                VALUES (\(bind: ids.next()), \(bind: community), 1, \(bind: id(from)), \(bind: kind.rawValue), \(bind: to), \(bind: label), \(bind: message),
                  \(bind: Criterion.mastery.rawValue), \(bind: now))
                """).run()
        }
    }

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
        for chunk in stride(from: 0, to: 1_000, by: 50) {
            try await app.write(on: app.db) { db in
                for a in chunk..<(chunk + 50) {
                    let action = ids.next()
                    try await sql(db).raw("""
                        INSERT INTO journey_actions (id, community_id, cycle, title, description, needs, status, owner_id, outcome, created_by, created_at)
                        VALUES (\(bind: action), \(bind: community), 1, \(bind: "Action n°\(a) (banc d'essai)"), '', '', \(bind: ActionStatus.done.rawValue), \(bind: pool[a % pool.count].0),
                          'Résultat synthétique.', \(bind: camille), \(bind: now))
                        """).run()
                    for k in 0..<20 {
                        let who = pool[(a * 7 + k) % pool.count].0
                        try await sql(db).raw("""
                            INSERT INTO journey_participants (id, action_id, user_id, joined_at) VALUES (\(bind: ids.next()), \(bind: action), \(bind: who), \(bind: now))
                            ON CONFLICT (action_id, user_id) DO NOTHING
                            """).run()
                        let s = Scores(material: (a + k) % 5, consciousness: (a * 3 + k) % 5, mastery: (a + 2 * k) % 5, maturity: (k * 3) % 5)
                        try await insertAssessment(db, ids.next(), community, 1, .action, action, who, true, s, now)
                    }
                }
            }
        }
    }
}
