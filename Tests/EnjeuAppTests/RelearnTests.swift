import Foundation
import Testing
import Vapor
import SQLKit
import Fluent
@testable import EnjeuApp
import EnjeuCore

/// Relearning re-estimates most indicators from the values it already holds, and sends the rest through the full
/// recompute: what it leaves must be what the full recompute of every indicator would leave.
@Suite struct RelearnTests {
    private struct Estimate: Decodable, Equatable {
        let id: UUID, estKind: String, estValue: Double, estLow: Double, estHigh: Double, estContributors: Int, estOutliers: String
        enum CodingKeys: String, CodingKey {
            case id, estKind = "est_kind", estValue = "est_value", estLow = "est_low", estHigh = "est_high"
            case estContributors = "est_contributors", estOutliers = "est_outliers"
        }
        func close(to o: Estimate) -> Bool {
            func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a)) }
            return id == o.id && estKind == o.estKind && estContributors == o.estContributors && estOutliers == o.estOutliers
                && near(estValue, o.estValue) && near(estLow, o.estLow) && near(estHigh, o.estHigh)
        }
    }
    private struct Marks: Decodable, Equatable {
        let id: UUID, outlier: Bool, creditState: String
        enum CodingKeys: String, CodingKey { case id, outlier, creditState = "credit_state" }
    }
    private struct N: Decodable { let n: Int }

    private func state(_ db: any Database, _ programme: UUID) async throws -> (estimates: [Estimate], marks: [Marks], credits: Int) {
        let estimates = try await db.rows("""
            SELECT id, est_kind, est_value, est_low, est_high, est_contributors, est_outliers FROM indicators
            WHERE community_id = \(bind: programme) ORDER BY id
            """, as: Estimate.self)
        let marks = try await db.rows("""
            SELECT id, outlier, credit_state FROM figure_contributions WHERE community_id = \(bind: programme) ORDER BY id
            """, as: Marks.self)
        let credits = try await db.row("SELECT COUNT(*) AS n FROM credit_entries WHERE community_id = \(bind: programme)", as: N.self)?.n ?? -1
        return (estimates, marks, credits)
    }

    /// The demo's programme of 50 indicators of 200 values each (`enjeu demo --programme 1`), not relearned yet.
    private func load(_ app: Application) async throws -> UUID {
        let hash = try Bcrypt.hash(DemoCommand.password, cost: app.enjeu.bcryptCost)
        try await DemoStory(try DemoWorld.load(.fr), lang: .fr, app: app).tell(passwordHash: hash)
        try await DemoCommand.synthetic(communities: 2, people: 500, programme: 1, hash: hash, app: app)
        return try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: DemoCommand.programmeSlug)", as: ID.self)).id
    }
    private struct ID: Decodable { let id: UUID }

    @Test(arguments: TestDatabase.all)
    func relearningLeavesWhatTheFullRecomputeWould(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let programme = try await load(app)
            let indicators = try await app.db.rows("SELECT id FROM indicators WHERE community_id = \(bind: programme) ORDER BY id", as: ID.self).map(\.id)
            #expect(indicators.count == DemoCommand.programmeIndicatorsPerCommunity)

            let viewer = Viewer(id: UUID(), handle: "relearn", displayName: "Relearn", lang: "fr", sessionID: nil)
            let context = ServiceContext(app: app, db: app.db, viewer: viewer, lang: .fr, logger: app.logger)
            let relearned = try await FiguresService(context).refresh(community: programme)
            #expect(relearned.claims == DemoCommand.programmeIndicatorsPerCommunity * DemoCommand.programmeValuesPerIndicator)
            #expect(relearned.quick > 0, "most indicators re-estimated from the values already read")
            #expect(relearned.quick + relearned.full == indicators.count)
            let quick = try await state(app.db, programme)

            for id in indicators {
                try await app.write(on: app.db) { db in try await FiguresService(context).recompute(db, indicatorID: id, now: context.now, markDirty: false) }
            }
            let full = try await state(app.db, programme)
            #expect(quick.estimates.count == full.estimates.count)
            for (a, b) in zip(quick.estimates, full.estimates) { #expect(a.close(to: b), "\(a) ≠ \(b)") }
            #expect(quick.marks == full.marks, "outlier marks and escrow")
            #expect(quick.credits == full.credits, "credits")
        }
    }

    /// An indicator whose estimate changed after relearning read it (a contribution recomputed it meanwhile) keeps that
    /// newer estimate: only the full recompute, which reads the values again, may replace it.
    @Test(arguments: TestDatabase.all)
    func anIndicatorRecomputedMeanwhileKeepsItsEstimate(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let programme = try await load(app)
            let viewer = Viewer(id: UUID(), handle: "relearn", displayName: "Relearn", lang: "fr", sessionID: nil)
            let context = ServiceContext(app: app, db: app.db, viewer: viewer, lang: .fr, logger: app.logger)
            let service = FiguresService(context)
            let learned = try await service.learn(community: programme, now: context.now)
            // Every estimate moves after the values were read, as a recompute would move it.
            try await sql(app.db).raw("UPDATE indicators SET est_value = est_value * 2 WHERE community_id = \(bind: programme)").run()
            let before = try await state(app.db, programme).estimates
            let (quick, full) = try await service.reestimate(community: programme, learned, now: context.now)
            #expect(quick > 0)
            let after = try await state(app.db, programme).estimates
            let kept = zip(before, after).filter { $0.estValue == $1.estValue }.count
            #expect(kept == quick, "the \(quick) quick ones left alone, the \(full) recomputed")
        }
    }
}
