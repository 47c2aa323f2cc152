import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// #ChiffresEnsemble at benchmark scale: one indicator of the weavers with 1,000 values.
extension DemoCommand {
    /// Benchmark scale: 1,000 synthetic people join the weavers and each gives a value on one indicator (1 in 40 is ten times off).
    static func seedFigureScale(people: [(UUID, String)], app: Application, now: Date) async throws {
        struct Row: Decodable { let id: UUID }
        guard let community = try await app.db.row("SELECT id FROM communities WHERE slug = 'tisserands-du-rhone'", as: Row.self)?.id,
              let camille = try await app.db.row("SELECT id FROM users WHERE handle = 'camille'", as: Row.self)?.id else { return }
        let ids = app.enjeu.ids
        let contributors = Array(people.prefix(1_000))
        let service = FiguresService(app.context())
        try await service.context.write { db in
            for chunk in stride(from: 0, to: contributors.count, by: 500) {
                let batch = contributors[chunk..<min(contributors.count, chunk + 500)].map {
                    let m = Membership(id: ids.next(), communityID: community, userID: $0.0, handle: $0.1, role: .member, status: .active, joinedAt: now)
                    m.acceptedCharterVersion = 1
                    return m
                }
                try await batch.create(on: db)
            }
            try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: contributors.count) WHERE id = \(bind: community)").run()
            let indicator = try await insertIndicator(community: community, dataset: nil, name: "Prix du mètre de lin (banc d'essai)",
                                                      definition: "Mille valeurs synthétiques pour mesurer la page d'un indicateur.", unit: "€ (k)",
                                                      period: "2026", by: camille, ids: ids, now: now, on: db)
            for (k, (user, _)) in contributors.enumerated() {
                let value = 15 * (k % 40 == 0 ? 10 : 1 + Double((k * 7919) % 100 - 50) / 1_000)
                try await insertContribution(community: community, indicator: indicator, user: user, value: value,
                                             source: k % 3 == 0 ? "observation personnelle" : "https://filature.example/releve/\(k % 50)",
                                             ids: ids, now: now, on: db)
            }
            try await service.recompute(db, indicatorID: indicator, now: now)
        }
    }

    static func insertIndicator(community: UUID, dataset: UUID?, name: String, definition: String, unit: String, period: String, by: UUID,
                                ids: IDGenerator, now: Date, on db: any Database) async throws -> UUID {
        let id = ids.next()
        try await sql(db).raw("""
            INSERT INTO indicators (id, community_id, dataset_id, name, definition, unit, period, place, tags, folded, scale, created_by, created_at,
              est_kind, est_value, est_low, est_high, est_contributors, est_sources, est_outliers)
            VALUES (\(bind: id), \(bind: community), \(bind: dataset), \(bind: name), \(bind: definition), \(bind: unit), \(bind: period), 'Lyon',
              \(bind: "textile\nartisanat"), \(bind: Folding.fold(name + " Lyon textile artisanat")), 'positive', \(bind: by), \(bind: now),
              'none', 0, 0, 0, 0, 0, '[]')
            """).run()
        return id
    }

    static func insertContribution(community: UUID, indicator: UUID, user: UUID, value: Double, source: String, ids: IDGenerator, now: Date,
                                   on db: any Database) async throws {
        let kind = FigureSource.parse(source)?.kind ?? "document"
        try await sql(db).raw("""
            INSERT INTO figure_contributions (id, community_id, indicator_id, user_id, value, source, source_kind, observed_on, comment, status,
              credit_state, credited, outlier, created_at)
            VALUES (\(bind: ids.next()), \(bind: community), \(bind: indicator), \(bind: user), \(bind: value), \(bind: source), \(bind: kind),
              '2026-09-01', '', 'current', 'escrow', 0, \(bind: false), \(bind: now))
            """).run()
    }
}
