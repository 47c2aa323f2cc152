import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A cycle's restitution beyond the journey itself: the figures, the economy and the code changes of the cycle's dates
/// (`journey_cycles`, M043b), so observation, sharing and restitution form one loop.
extension JourneyQueries {
    static let periodLimit = 50

    /// The cycle's dates: from its recorded start (an earlier cycle without one reads from the last recorded start before
    /// it, or the community's creation) to the next cycle's start (nil while it is the current one).
    func cycleDates(_ community: Community, cycle: Int, current: Int) async throws -> (since: Date, until: Date?) {
        struct Row: Decodable { let cycle: Int, startedAt: Date; enum CodingKeys: String, CodingKey { case cycle, startedAt = "started_at" } }
        let rows = try await db.rows("""
            SELECT cycle, started_at FROM journey_cycles WHERE community_id = \(bind: community.id!) ORDER BY cycle
            """, as: Row.self)
        let since = rows.last(where: { $0.cycle <= cycle })?.startedAt ?? community.createdAt
        let until = cycle >= current ? nil : rows.first(where: { $0.cycle > cycle })?.startedAt
        return (since, until)
    }

    func period(_ community: Community, cycle: Int, current: Int) async throws -> CyclePeriod {
        let id = community.id!
        let (since, until) = try await cycleDates(community, cycle: cycle, current: current)
        func within(_ column: String) -> SQLQueryString {
            let upper: SQLQueryString = until.map { " AND \(unsafeRaw: column) < \(bind: $0)" } ?? ""
            return "\(unsafeRaw: column) >= \(bind: since)" + upper
        }
        let figures = try await db.rows("""
            SELECT i.id, i.name, i.unit, COUNT(*) AS "values", COUNT(DISTINCT fc.user_id) AS contributors
            FROM figure_contributions fc JOIN indicators i ON i.id = fc.indicator_id
            WHERE fc.community_id = \(bind: id) AND \(within("fc.created_at"))
            GROUP BY i.id, i.name, i.unit ORDER BY COUNT(*) DESC, i.name LIMIT \(literal: Self.periodLimit)
            """, as: CyclePeriod.Figure.self)
        // A flow's `date` is the day of the exchange (YYYY-MM-DD): the cycle's days, in the community's ledger and those it is
        // the counterpart of (`EconomyIndex.ledgers`).
        let day = DateFormatter()
        day.calendar = Calendar(identifier: .iso8601)
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        var dates: SQLQueryString = " AND f.date >= \(bind: day.string(from: since))"
        if let until { dates = dates + " AND f.date < \(bind: day.string(from: until))" }
        let counted: SQLQueryString = "f.status = \(bind: FlowStatus.confirmed.rawValue) AND f.reverses_id IS NULL AND f.cancelled = \(bind: false)"
        let flows = try await db.rows("""
            SELECT l.nature, l.measure, l.unit, COUNT(*) AS entries, SUM(l.quantity) AS total
            FROM (\(EconomyIndex.ledgers([id], where: counted + dates))) l
            GROUP BY l.nature, l.measure, l.unit ORDER BY COUNT(*) DESC, l.unit LIMIT \(literal: Self.periodLimit)
            """, as: CyclePeriod.Flows.self)
        let revisions = try await db.rows("""
            SELECT number, summary, created_at FROM code_revisions WHERE community_id = \(bind: id) AND \(within("created_at"))
            ORDER BY number LIMIT \(literal: Self.periodLimit)
            """, as: CyclePeriod.Revision.self)
        return CyclePeriod(since: since, until: until, figures: figures, flows: flows, revisions: revisions)
    }
}
