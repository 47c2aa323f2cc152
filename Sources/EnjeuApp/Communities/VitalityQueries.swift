import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A community's vitality: what its members did over the last 30 days beside the 30 days before (`Vitality` and
/// `StageRule` in EnjeuCore decide what it means). Two queries, each subquery reading one index over a range of dates
/// (M043a); pages that show it are cached by the community's generation like any other.
struct VitalityQueries {
    let db: any Database
    init(_ db: any Database) { self.db = db }
    init(_ ctx: ServiceContext) { db = ctx.db }

    private struct Counts: Decodable {
        let figuresCur: Int, figuresPrev: Int, flowsCur: Int, flowsPrev: Int, actionsCur: Int, actionsPrev: Int
        let amendmentsCur: Int, amendmentsPrev: Int, proposalsCur: Int, proposalsPrev: Int
        enum CodingKeys: String, CodingKey {
            case figuresCur = "figures_cur", figuresPrev = "figures_prev", flowsCur = "flows_cur", flowsPrev = "flows_prev"
            case actionsCur = "actions_cur", actionsPrev = "actions_prev", amendmentsCur = "amendments_cur", amendmentsPrev = "amendments_prev"
            case proposalsCur = "proposals_cur", proposalsPrev = "proposals_prev"
        }
    }

    private struct Active: Decodable { let cur: Int, prev: Int }

    func vitality(of c: Community, now: Date) async throws -> Vitality {
        let id = c.id!
        let window = Double(StageRule.windowDays) * 86_400
        let s1 = now.addingTimeInterval(-window), s0 = now.addingTimeInterval(-2 * window)
        func count(_ table: String, _ column: String, _ extra: SQLQueryString = "", from: Date, to: Date?) -> SQLQueryString {
            let upper: SQLQueryString = to.map { " AND \(unsafeRaw: column) < \(bind: $0)" } ?? ""
            return "(SELECT COUNT(*) FROM \(unsafeRaw: table) WHERE community_id = \(bind: id) AND \(unsafeRaw: column) >= \(bind: from)" + upper + extra + ")"
        }
        let decided: SQLQueryString = " AND status IN (\(bind: AmendmentStatus.adopted.rawValue), \(bind: AmendmentStatus.rejected.rawValue))"
        // Deciding on a stage is Enjeu's suggestion answered, not the community's own activity: it would keep a sleeping
        // community from ever looking asleep.
        let decidedByMembers: SQLQueryString = decided + " AND kind <> \(bind: GovernanceKind.stage.rawValue)"
        let done: SQLQueryString = " AND kind = \(bind: FeedItemKind.event(.actionDone).rawValue)"
        let q: SQLQueryString = "SELECT " + count("figure_contributions", "created_at", from: s1, to: nil) + " AS figures_cur, "
            + count("figure_contributions", "created_at", from: s0, to: s1) + " AS figures_prev, "
            + count("flows", "created_at", from: s1, to: nil) + " AS flows_cur, "
            + count("flows", "created_at", from: s0, to: s1) + " AS flows_prev, "
            + count("posts", "created_at", done, from: s1, to: nil) + " AS actions_cur, "
            + count("posts", "created_at", done, from: s0, to: s1) + " AS actions_prev, "
            + count("amendments", "decided_at", decidedByMembers, from: s1, to: nil) + " AS amendments_cur, "
            + count("amendments", "decided_at", decidedByMembers, from: s0, to: s1) + " AS amendments_prev, "
            + count("journey_proposals", "decided_at", decided, from: s1, to: nil) + " AS proposals_cur, "
            + count("journey_proposals", "decided_at", decided, from: s0, to: s1) + " AS proposals_prev"
        guard let n = try await db.row(q, as: Counts.self) else { throw AppError.notFound }
        // Who did something the community keeps, among its active members: a post or comment, a value, a ledger entry, a position.
        func acts(_ table: String, _ who: String) -> SQLQueryString {
            "SELECT \(unsafeRaw: who) AS who, created_at AS at FROM \(unsafeRaw: table) WHERE community_id = \(bind: id) AND created_at >= \(bind: s0)"
        }
        let active = try await db.row("""
            SELECT COUNT(DISTINCT CASE WHEN a.at >= \(bind: s1) THEN a.who END) AS cur, COUNT(DISTINCT CASE WHEN a.at < \(bind: s1) THEN a.who END) AS prev
            FROM (\(acts("posts", "author_id")) UNION ALL \(acts("post_comments", "author_id")) UNION ALL \(acts("figure_contributions", "user_id"))
              UNION ALL \(acts("flows", "recorded_by")) UNION ALL \(acts("amendment_positions", "user_id"))) a
            WHERE a.who IN (SELECT m.user_id FROM memberships m WHERE m.community_id = \(bind: id) AND m.status = \(bind: MembershipStatus.active.rawValue))
            """, as: Active.self) ?? Active(cur: 0, prev: 0)
        let measures: [VitalityMetric: VitalityMeasure] = [
            .activeMembers: .init(current: active.cur, previous: active.prev),
            .decisions: .init(current: n.amendmentsCur + n.proposalsCur, previous: n.amendmentsPrev + n.proposalsPrev),
            .actionsCompleted: .init(current: n.actionsCur, previous: n.actionsPrev),
            .figures: .init(current: n.figuresCur, previous: n.figuresPrev),
            .flows: .init(current: n.flowsCur, previous: n.flowsPrev),
        ]
        let age = max(0, Int(now.timeIntervalSince(c.createdAt) / 86_400))
        return Vitality(members: c.memberCount, ageDays: age, measures: measures)
    }
}
