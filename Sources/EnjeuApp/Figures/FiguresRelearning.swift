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
    private static func claims(_ db: any Database, _ community: UUID) async throws -> ClaimTable {
        let table = ClaimTable()
        try await sql(db).raw("""
            SELECT f.indicator_id, f.claims FROM figure_claims f JOIN indicators i ON i.id = f.indicator_id
            WHERE f.community_id = \(bind: community) AND i.scale = 'positive'
            """).run { row in table.add(row) }
        if let failure = table.failure { throw failure }
        return table
    }

    /// Filled by one query's rows, one at a time (the driver calls `add` in order, then the query's future completes).
    private final class ClaimTable: @unchecked Sendable {
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

    /// CATD-H over every current value of the community's positive indicators: learns each contributor's weight and
    /// the pooled scale, then recomputes every indicator with them. One at a time per community (409 otherwise).
    func refresh(community: UUID) async throws -> (claims: Int, iterations: Int) {
        guard await RefreshGate.shared.enter(community) else { throw AppError.conflict(FiguresText.errRefreshRunning.text) }
        do {
            let result = try await refreshNow(community: community, now: context.now)
            await RefreshGate.shared.leave(community)
            return result
        } catch {
            await RefreshGate.shared.leave(community)
            throw error
        }
    }

    private func refreshNow(community: UUID, now: Date) async throws -> (claims: Int, iterations: Int) {
        let clock = ContinuousClock(), started = clock.now
        // Cleared first: a contribution arriving during the refresh marks the community for the next one.
        try await context.write { db in
            try await Self.ensureSettings(db, community)
            try await sql(db).raw("UPDATE figure_settings SET dirty = \(bind: false) WHERE community_id = \(bind: community)").run()
        }
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
        let contributors = sources
        try await context.write { db in
            try await Self.ensureSettings(db, community)
            try await sql(db).raw("DELETE FROM figure_reliability WHERE community_id = \(bind: community)").run()
            // A few statements of many rows: a programme has thousands of contributors.
            for chunk in learned.chunks(of: 500) {
                var insert = sql(db).insert(into: "figure_reliability").columns("id", "community_id", "user_id", "weight", "sigma2", "claims")
                for k in chunk {
                    insert = insert.values([context.newID(), community, contributors[k], result.weights[k], result.sigma2[k], counts[k] ?? 0])
                }
                try await insert.run()
            }
            try await sql(db).raw("""
                UPDATE figure_settings SET scale = \(bind: input.isEmpty ? nil : result.scale), median_weight = \(bind: median),
                  refreshed_at = \(bind: now)
                WHERE community_id = \(bind: community)
                """).run()
        }
        let stored = clock.now
        // Then every indicator with the new weights, one short transaction each so readers and writers are not held up;
        // not waiting for the disk (`durable: false`): a power cut would only leave some estimates on the previous weights,
        // until the next relearning.
        for indicator in indicatorIndex.keys {
            try await context.app.write(on: context.db, durable: false) { db in
                try await recompute(db, indicatorID: indicator, now: now, markDirty: false)
            }
        }
        let ms = { (a: ContinuousClock.Instant, b: ContinuousClock.Instant) in "\(Int((b - a) / .milliseconds(1)))" }
        context.logger.notice("figures relearned", metadata: ["community": "\(community)", "claims": "\(input.count)", "indicators": "\(indicatorIndex.count)",
                                                            "read_ms": "\(ms(started, read))", "learn_ms": "\(ms(read, learnt))",
                                                            "store_ms": "\(ms(learnt, stored))", "recompute_ms": "\(ms(stored, clock.now))"])
        return (input.count, result.iterations)
    }
}

/// One reliability refresh per community at a time, whether a steward or the background job starts it.
actor RefreshGate {
    static let shared = RefreshGate()
    private var running: Set<UUID> = []
    func enter(_ community: UUID) -> Bool { running.insert(community).inserted }
    func leave(_ community: UUID) { running.remove(community) }
}
