import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Referrals across a network (issue 16): a member of one community refers the offer of another community of the same
/// network, when that community gives its catalogue to the network (`AccessPolicy.contributes(.catalogue)`); and the
/// seed's three multipliers over the network's catalogue.
enum NetworkReferrals {
    /// Whether `person`, an active member of another community of a network that `community` belongs to (or heads),
    /// may refer `community`'s offers there: one query over the accepted `member-of` links.
    static func mayRefer(_ db: any Database, person: UUID, in community: UUID) async throws -> Bool {
        struct Row: Decodable { let n: Int }
        let accepted: SQLQueryString = "l.status = \(bind: LinkStatus.accepted.rawValue) AND l.kind = \(bind: LinkKind.memberOf.rawValue)"
        // The networks `community` is in: those it is a member of, and itself if it has members.
        let networks: SQLQueryString = """
            SELECT l.target_id AS id FROM community_links l WHERE l.source_id = \(bind: community) AND \(accepted)
            UNION SELECT l.target_id FROM community_links l WHERE l.target_id = \(bind: community) AND \(accepted)
            """
        let row = try await db.row("""
            SELECT COUNT(*) AS n FROM communities c
            WHERE c.id = \(bind: community) AND (c.visibility = \(bind: Visibility.public.rawValue) OR c.share_catalogue = \(bind: true))
              AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = \(bind: person) AND m.status = \(bind: MembershipStatus.active.rawValue)
                AND m.community_id <> \(bind: community) AND m.community_id IN (
                  SELECT n.id FROM (\(networks)) n
                  UNION SELECT l.source_id FROM community_links l WHERE l.target_id IN (SELECT n.id FROM (\(networks)) n) AND \(accepted)))
            """, as: Row.self)
        return (row?.n ?? 0) > 0
    }
}

extension NetworkQueries {
    /// The seed's multipliers over the network's catalogue (its own and its contributing members'), published only
    /// when at least `EvaluationRelease.minimumSubjects` communities make it, like its totals.
    func multipliers() async throws -> NetworkMultipliers {
        let giving = contributing(.catalogue), communities = giving.count + 1, idList = ids(giving, network: true)
        guard communities >= EvaluationRelease.minimumSubjects else { return NetworkMultipliers(communities: communities, values: nil) }
        struct Row: Decodable { let diversity: Int, sales: Int, completed: Int, crossed: Int }
        let takenUp: SQLQueryString = "\(literals: [ReferralStatus.takenUp, .completed].map(\.rawValue), joinedBy: ", ")"
        // The list written once (`m`), read by the four counts.
        let r = try await ctx.db.row("""
            WITH m AS (SELECT id FROM communities WHERE id IN (\(idList)))
            SELECT (SELECT CAST(COALESCE(SUM(offers), 0) AS BIGINT) FROM offer_counts WHERE community_id IN (SELECT id FROM m)) AS diversity,
              (SELECT COUNT(DISTINCT referrer_id) FROM referrals WHERE community_id IN (SELECT id FROM m)
                 AND kind = \(literal: ReferralKind.referral.rawValue)) AS sales,
              (SELECT COUNT(*) FROM referrals WHERE community_id IN (SELECT id FROM m) AND status = \(literal: ReferralStatus.completed.rawValue)) AS completed,
              (SELECT COUNT(*) FROM (SELECT beneficiary_key FROM referrals WHERE community_id IN (SELECT id FROM m) AND status IN (\(takenUp))
                 GROUP BY beneficiary_key HAVING COUNT(DISTINCT offer_id) > 1) t) AS crossed
            """, as: Row.self)
        let values = r.map { EconomyMultipliers(diversity: $0.diversity, salesForce: $0.sales, crossSolicitation: $0.crossed, referralsCompleted: $0.completed) }
        return NetworkMultipliers(communities: communities, values: values)
    }
}
