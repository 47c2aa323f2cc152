import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Learning who is reliable: CATD-H over a community's values, run by the `figures.relearn` job for communities whose
/// figures changed, and by stewards on demand.
extension FiguresService {
    private struct Due: Decodable { let communityId: UUID; enum CodingKeys: String, CodingKey { case communityId = "community_id" } }

    /// One tick of the background relearning: every community whose figures changed since its last refresh is
    /// relearned; a failure is logged for its community and the others go on. Returns how many were relearned.
    func refreshDirtyCommunities() async throws -> Int {
        let due = try await context.db.rows("SELECT community_id FROM figure_settings WHERE dirty = \(bind: true)", as: Due.self)
        var relearned = 0
        for d in due {
            do {
                _ = try await refresh(community: d.communityId)
                relearned += 1
            } catch {
                context.logger.error("figures refresh failed", metadata: ["community": "\(d.communityId)", "error": "\(error)"])
            }
        }
        return relearned
    }

    /// Every current value of the community's positive indicators as CATD-H takes them, indicators and contributors
    /// numbered as they first appear. A programme holds a million, and a row costs the drivers some microseconds
    /// whatever it holds (11 µs decoded into a struct, 12.7 s for 1,000,000 on SQLite streamed column by column): each
    /// indicator's values are kept beside it as one text (`FigureClaims`), parsed here without Foundation (`UUIDText`,
    /// `Double(Substring)`).
    static func claims(_ db: any Database, _ community: UUID) async throws -> ClaimTable {
        let table = ClaimTable()
        try await sql(db).raw("""
            SELECT f.indicator_id, f.claims FROM figure_claims f JOIN indicators i ON i.id = f.indicator_id
            WHERE f.community_id = \(bind: community) AND i.scale = 'positive'
            """).run { row in table.add(row) }
        if let failure = table.failure { throw failure }
        return table
    }

    /// Filled by one query's rows, one at a time (the driver calls `add` in order, then the query's future completes).
    final class ClaimTable: @unchecked Sendable {
        var input: [FigureClaim] = [], sources: [UUID] = [], indicators: [UUID: Int] = [:]
        private var sourceIndex: [UUID: Int] = [:]
        var failure: (any Error)?

        func add(_ row: any SQLRow) {
            guard failure == nil else { return }
            do {
                let indicator = try row.decode(column: "indicator_id", as: UUID.self)
                let i = indicators[indicator] ?? { let n = indicators.count; indicators[indicator] = n; return n }()
                let text = try row.decode(column: "claims", as: String.self)
                for pair in text.utf8.split(separator: UInt8(ascii: ",")) {
                    guard let space = pair.firstIndex(of: UInt8(ascii: " ")), let user = UUIDText.parse(utf8: pair[..<space]),
                          let value = Double(Substring(pair[pair.index(after: space)...]))
                    else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a claim is not `user value`: \(String(Substring(pair)))")) }
                    let k = sourceIndex[user] ?? { let n = sources.count; sourceIndex[user] = n; sources.append(user); return n }()
                    input.append(FigureClaim(indicator: i, source: k, value: value))
                }
            } catch { failure = error }
        }
    }

    /// What a relearning did: the values it learned from, CATD-H's iterations, and how its indicators were re-estimated.
    struct Relearned: Sendable { let claims: Int, iterations: Int, quick: Int, full: Int }

    /// CATD-H over every current value of the community's positive indicators: learns each contributor's weight and
    /// the pooled scale, then re-estimates every indicator with them. One at a time per community (409 otherwise).
    func refresh(community: UUID) async throws -> Relearned {
        guard await RefreshGate.shared.enter(community) else { throw AppError.conflict(FiguresText.errRefreshRunning.text) }
        do {
            let clock = ContinuousClock(), started = clock.now
            let learned = try await learn(community: community, now: context.now)
            let stored = clock.now
            let (quick, full) = try await reestimate(community: community, learned, now: context.now)
            await RefreshGate.shared.leave(community)
            let ms = { (a: ContinuousClock.Instant, b: ContinuousClock.Instant) in "\(Int((b - a) / .milliseconds(1)))" }
            context.logger.notice("figures relearned", metadata: [
                "community": "\(community)", "claims": "\(learned.claims.input.count)", "indicators": "\(learned.claims.indicators.count)",
                "read_ms": "\(ms(started, learned.read))", "learn_ms": "\(ms(learned.read, learned.learnt))", "store_ms": "\(ms(learned.learnt, stored))",
                "recompute_ms": "\(ms(stored, clock.now))", "quick": "\(quick)", "full": "\(full)"])
            return Relearned(claims: learned.claims.input.count, iterations: learned.result.iterations, quick: quick, full: full)
        } catch {
            await RefreshGate.shared.leave(community)
            throw error
        }
    }

    /// The weights learned, with what they were learned from.
    struct Learned: Sendable {
        let standing: [UUID: Standing], claims: ClaimTable, result: FiguresEstimator.Result
        let read: ContinuousClock.Instant, learnt: ContinuousClock.Instant
    }

    /// Reads every value, runs CATD-H and stores each contributor's weight and the pooled scale.
    func learn(community: UUID, now: Date) async throws -> Learned {
        let clock = ContinuousClock()
        // Cleared first: a contribution arriving during the refresh marks the community for the next one.
        try await context.write { db in
            try await Self.ensureSettings(db, community)
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: false) WHERE community_id = \(bind: community)").run()
        }
        let standing = try await Self.standing(context.db, community)
        let claims = try await Self.claims(context.db, community)
        let read = clock.now
        let (input, sources, indicatorIndex) = (claims.input, claims.sources, claims.indicators)
        // Credibility (wirearchy) is the prior of each contributor's reliability, π = clip(c, 0.05, 1) with c = 1 on average
        // (docs/ALGORITHMS.md §2.2): a ring of accounts nobody credible trusts starts at 0.05. No prior before a first computation.
        struct Credible: Decodable { let userId: UUID; let score: Double; enum CodingKeys: String, CodingKey { case score, userId = "user_id" } }
        let credibility = Dictionary(try await context.db.rows("""
            SELECT user_id, score FROM credibility_scores WHERE community_id = \(bind: community) AND topic_key = ''
            """, as: Credible.self).map { ($0.userId, $0.score) }, uniquingKeysWith: { a, _ in a })
        let prior: [Double]? = credibility.isEmpty ? nil : sources.map { credibility[$0] ?? 0 }
        let result = FiguresEstimator.catdH(input, indicators: indicatorIndex.count, sources: sources.count, prior: prior)
        let learnt = clock.now
        let learned = Array(sources.indices)
        let weights = learned.map { result.weights[$0] }.sorted()
        let median = weights.isEmpty ? nil : weights[weights.count / 2]
        let counts = Dictionary(grouping: input, by: \.source).mapValues(\.count)
        try await context.write { db in
            try await Self.ensureSettings(db, community)
            try await sql(db).raw("DELETE FROM figure_reliability WHERE community_id = \(bind: community)").run()
            // A few statements of many rows: a programme has thousands of contributors.
            for chunk in learned.chunks(of: 500) {
                var insert = sql(db).insert(into: "figure_reliability").columns("id", "community_id", "user_id", "weight", "sigma2", "claims")
                for k in chunk {
                    insert = insert.values([context.newID(), community, sources[k], result.weights[k], result.sigma2[k], counts[k] ?? 0])
                }
                try await insert.run()
            }
            try await sql(db).raw("""
                UPDATE figure_settings SET scale = \(bind: input.isEmpty ? nil : result.scale), median_weight = \(bind: median),
                  refreshed_at = \(bind: now)
                WHERE community_id = \(bind: community)
                """).run()
        }
        return Learned(standing: standing, claims: claims, result: result, read: read, learnt: learnt)
    }

    struct Standing: Decodable, Sendable {
        let id: UUID, estKind: FigureEstimate.Kind, estValue: Double, estContributors: Int
        enum CodingKeys: String, CodingKey { case id, estKind = "est_kind", estValue = "est_value", estContributors = "est_contributors" }
    }

    /// Each positive indicator's estimate as it stands, read before the values: a recompute that lands in between
    /// changes it, and `reestimate` then leaves that indicator alone.
    private static func standing(_ db: any Database, _ community: UUID) async throws -> [UUID: Standing] {
        let rows = try await db.rows("""
            SELECT id, est_kind, est_value, est_contributors FROM indicators WHERE community_id = \(bind: community) AND scale = 'positive'
            """, as: Standing.self)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every indicator again with the new weights. Most only see their estimate move: it is computed from the values
    /// relearning already holds and written 500 indicators per transaction, where a full `recompute` reads its values
    /// again row by row (about 5 ms an indicator of 200 values, 27 s for a programme of 5,000). The others go through
    /// `recompute`, one short transaction each: those with an open flag (the estimate settles it), with credit in escrow
    /// (released once corroborated), or whose outlying values change (their marks, and the credit they free or hold).
    /// A quick write applies only if the estimate is still the one read before the values (`standing`): an indicator
    /// recomputed meanwhile keeps its newer estimate, and the contribution that recomputed it marked the community for
    /// the next relearning. Neither waits for the disk (`durable: false`): a power cut would only leave some estimates on
    /// the previous weights until the next relearning. Returns how many indicators took each way.
    func reestimate(community: UUID, _ learned: Learned, now: Date) async throws -> (quick: Int, full: Int) {
        struct IndicatorID: Decodable { let indicatorId: UUID; enum CodingKeys: String, CodingKey { case indicatorId = "indicator_id" } }
        struct Outlying: Decodable {
            let indicatorId: UUID, userId: UUID
            enum CodingKeys: String, CodingKey { case indicatorId = "indicator_id", userId = "user_id" }
        }
        let (db, claims, result) = (context.db, learned.claims, learned.result)
        // M056's partial indexes serve the last two (their conditions are written as the indexes' are).
        let flagged = try await db.rows("""
            SELECT DISTINCT indicator_id FROM figure_flags WHERE community_id = \(bind: community) AND state = 'open'
            """, as: IndicatorID.self)
        let escrowed = try await db.rows("""
            SELECT DISTINCT indicator_id FROM figure_contributions
            WHERE community_id = \(bind: community) AND credit_state = 'escrow' AND status = 'current'
            """, as: IndicatorID.self)
        let settling = Set((flagged + escrowed).map(\.indicatorId))
        let outlying = Dictionary(grouping: try await db.rows("""
            SELECT indicator_id, user_id FROM figure_contributions WHERE community_id = \(bind: community) AND outlier AND status = 'current'
            """, as: Outlying.self), by: \.indicatorId).mapValues { Set($0.map(\.userId)) }

        let count = claims.indicators.count
        var values = [[Double]](repeating: [], count: count), sources = [[Int]](repeating: [], count: count)
        for c in claims.input { values[c.indicator].append(c.value); sources[c.indicator].append(c.source) }
        struct Quick: Sendable { let id: UUID, before: Standing, estimate: FigureEstimate }
        var quick: [Quick] = [], full: [UUID] = []
        for (id, i) in claims.indicators {
            guard let before = learned.standing[id], !settling.contains(id) else { full.append(id); continue }
            let reliability = sources[i].map { SourceReliability(weight: result.weights[$0], sigma2: result.sigma2[$0]) }
            let estimate = FiguresEstimator.estimateOne(values[i], reliability: reliability, scale: result.scale, kind: .positive)
            guard Set(estimate.outliers.map { claims.sources[sources[i][$0]] }) == outlying[id] ?? [] else { full.append(id); continue }
            quick.append(Quick(id: id, before: before, estimate: estimate))
        }
        for chunk in quick.chunks(of: 500) {
            try await context.app.write(on: db, durable: false) { db in
                var moved: [Quick] = []
                for q in chunk {
                    let (e, b) = (q.estimate, q.before)
                    let applied = try await sql(db).raw("""
                        UPDATE indicators SET est_kind = \(bind: e.kind.rawValue), est_value = \(bind: e.value), est_low = \(bind: e.low),
                          est_high = \(bind: e.high), est_at = \(bind: now)
                        WHERE id = \(bind: q.id) AND est_kind = \(bind: b.estKind.rawValue) AND est_value = \(bind: b.estValue)
                          AND est_contributors = \(bind: b.estContributors)
                        RETURNING id
                        """).first() != nil
                    if applied && e.isNewPoint(after: b.estKind, value: b.estValue, contributors: b.estContributors) { moved.append(q) }
                }
                guard !moved.isEmpty else { return }
                var history = sql(db).insert(into: "figure_estimate_history").columns("id", "indicator_id", "at", "kind", "value", "low", "high", "contributors")
                for q in moved {
                    let e = q.estimate
                    history = history.values([context.newID(), q.id, now, e.kind.rawValue, e.value, e.low, e.high, e.contributors])
                }
                try await history.run()
            }
        }
        for id in full {
            try await context.app.write(on: db, durable: false) { db in
                try await recompute(db, indicatorID: id, now: now, markDirty: false)
            }
        }
        return (quick.count, full.count)
    }
}

/// One reliability refresh per community at a time, whether a steward or the background job starts it.
actor RefreshGate {
    static let shared = RefreshGate()
    private var running: Set<UUID> = []
    func enter(_ community: UUID) -> Bool { running.insert(community).inserted }
    func leave(_ community: UUID) { running.remove(community) }
}

/// What relearning's re-estimate looks up per community without reading every value: indicators with credit in escrow,
/// and the values marked outlying (a few per indicator). Partial, so each holds only those rows.
struct M056RelearningIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await sql(db).raw("""
            CREATE INDEX contributions_in_escrow ON figure_contributions (community_id, indicator_id)
            WHERE credit_state = 'escrow' AND status = 'current'
            """).run()
        try await sql(db).raw("""
            CREATE INDEX contributions_outlying ON figure_contributions (community_id, indicator_id, user_id) WHERE outlier AND status = 'current'
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX contributions_outlying").run()
        try await sql(db).raw("DROP INDEX contributions_in_escrow").run()
    }
}
