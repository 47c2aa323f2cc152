import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Economy reads in plain SQL: keyset lists, the multipliers; the catalogue's search and the matrices are in
/// `EconomySearch.swift` and `EconomyMatrices.swift`.
struct EconomyQueries {
    typealias OfferRow = EconomyOffer
    typealias ReferralRow = EconomyReferral
    typealias FlowRow = EconomyFlow
    typealias ResponsibilityRow = EconomyResponsibility
    typealias Multipliers = EconomyMultipliers
    typealias Matrix = EconomyMatrix

    let context: ServiceContext
    /// The context's handle, fixed when it was built: streamed exports read after the handler returned, maybe while
    /// the app shuts down, and a fixed handle then fails with an error where the request's would trap.
    var db: any Database { context.db }

    init(_ context: ServiceContext) { self.context = context }

    static let pageSize = 50

    // MARK: Members

    private struct HandleRow: Decodable { let handle: String }
    private struct IDRow: Decodable { let id: UUID }

    func members(_ community: UUID, _ handles: [String]) async throws -> Set<String> {
        guard !handles.isEmpty else { return [] }
        var found = Set<String>()
        for chunk in handles.chunks(of: 500) {
            found.formUnion(try await db.rows("""
                SELECT handle FROM memberships WHERE community_id = \(bind: community) AND handle IN (\(binds: chunk))
                  AND status IN ('active', 'approved', 'suspended', 'left')
                """, as: HandleRow.self).map(\.handle))
        }
        return found
    }

    func memberExists(_ community: UUID, _ handle: String) async throws -> Bool {
        Rules.isValidHandle(handle) ? try await members(community, [handle]).contains(handle) : false
    }

    func memberID(_ community: UUID, _ handle: String) async throws -> UUID? {
        try await SocialQueries.member(db, community, handle)?.userId
    }

    // MARK: Offers

    static let offerColumns: SQLQueryString = """
        o.id, o.community_id, o.owner_id, u.handle AS owner_handle, u.display_name AS owner_name, o.kind, o.title, o.description, o.terms, o.tags,
        o.place, o.created_at, c.slug, c.name AS community_name,
        (SELECT og.slug FROM organisations og WHERE og.id = o.organisation_id) AS organisation_slug,
        (SELECT og.name FROM organisations og WHERE og.id = o.organisation_id) AS organisation_name
        """
    /// Only offers of active members: a member who left or is suspended cannot answer referrals. An organisation's
    /// offer is its representative's to answer (its organisation is read per offer shown, so no search plan changes).
    /// A hidden offer (M041a) is out of every list, search and export.
    static let offerJoins: SQLQueryString = allOfferJoins + " AND o.hidden_at IS NULL"
    private static let allOfferJoins: SQLQueryString = """
         FROM offers o JOIN users u ON u.id = o.owner_id JOIN communities c ON c.id = o.community_id
         JOIN memberships mo ON mo.community_id = o.community_id AND mo.user_id = o.owner_id AND mo.status = 'active'
        """

    /// One offer; a hidden one only for its owner and the community's moderators.
    func offer(_ community: UUID, _ id: UUID, moderator: Bool = false) async throws -> OfferRow? {
        try await db.row("""
            SELECT \(Self.offerColumns)\(Self.allOfferJoins) WHERE o.id = \(bind: id) AND o.community_id = \(bind: community)
              AND \(ReportedItems.visible("o", author: "owner_id", viewer: context.viewer?.id, moderator: moderator))
            """, as: OfferRow.self)
    }

    /// The offer a route names (`:id`), in this community; 404 otherwise.
    func requireOffer(_ community: CommunityContext, id: String?) async throws -> OfferRow {
        guard let id = id.flatMap(UUID.init(uuidString:)), let o = try await offer(community.id, id, moderator: community.can(.moderate)) else { throw AppError.notFound }
        return o
    }

    // MARK: Referrals

    static let referralSelect: SQLQueryString = """
        SELECT r.id, r.offer_id, o.title AS offer_title, o.kind AS offer_kind, o.owner_id, ou.handle AS owner_handle, ru.handle AS referrer_handle,
          r.beneficiary, r.beneficiary_key, r.note, r.status, r.flow_id, r.created_at, r.kind, org.name AS organisation_name,
          oo.slug AS offer_organisation
        FROM referrals r JOIN offers o ON o.id = r.offer_id JOIN users ou ON ou.id = o.owner_id JOIN users ru ON ru.id = r.referrer_id
        LEFT JOIN organisations org ON org.id = r.organisation_id LEFT JOIN organisations oo ON oo.id = o.organisation_id
        """

    static func referralRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> ReferralRow? {
        try await db.row("\(referralSelect) WHERE r.id = \(bind: id) AND r.community_id = \(bind: community)", as: ReferralRow.self)
    }

    /// An offer's referrals, newest first, that the reader may see: beneficiaries and notes are for the offer's owner,
    /// the referrer and stewards (`everything`), so the filter is in the query and every page is full.
    func referrals(offer: OfferRow, _ ctx: CommunityContext, after: String?) async throws -> KeysetPage<ReferralRow> {
        guard let viewer = ctx.viewer?.id else { return KeysetPage(rows: [], size: Self.pageSize) { $0.id } }
        var q: SQLQueryString = "\(Self.referralSelect) WHERE r.offer_id = \(bind: offer.id)"
        if !(ctx.can(.steward) || offer.ownerId == viewer) { q = q + " AND r.referrer_id = \(bind: viewer)" }
        if let after = try Cursor.after(after)?.id { q = q + " AND r.id < \(bind: after)" }
        q = q + " ORDER BY r.id DESC LIMIT \(literal: Self.pageSize + 1)"
        return KeysetPage(rows: try await db.rows(q, as: ReferralRow.self), size: Self.pageSize) { $0.id }
    }

    /// Referrals a beneficiary took up (and perhaps completed).
    private static let takenUp = [ReferralStatus.takenUp, .completed].map(\.rawValue)

    /// The seed's three multiplier effects, for a member (`owner`) or, without one, for the whole community, in one
    /// round trip. The sales force is who referred (not who asked for themselves: anyone signed in may solicit). A member's are read from her own offers and their referrals; the community's offers are counted as
    /// they are published (`offer_counts`).
    func multipliers(_ community: UUID, owner: UUID?) async throws -> Multipliers {
        struct Row: Decodable { let diversity: Int, sales: Int, completed: Int, crossed: Int }
        let takenUp: SQLQueryString = "\(literals: Self.takenUp, joinedBy: ", ")"
        let offers: SQLQueryString = "COALESCE((SELECT offers FROM offer_counts WHERE community_id = \(bind: community)), 0)"
        let q: SQLQueryString
        if let owner {
            // From her offers (an index on the owner) to their referrals, never through all the community's referrals.
            let hers: SQLQueryString = """
                FROM offers o CROSS JOIN referrals r WHERE o.owner_id = \(bind: owner) AND o.community_id = \(bind: community)
                  AND r.offer_id = o.id AND r.community_id = \(bind: community)
                """
            q = """
                SELECT \(offers) - (SELECT COUNT(*) FROM offers WHERE owner_id = \(bind: owner) AND community_id = \(bind: community)) AS diversity,
                  (SELECT COUNT(DISTINCT r.referrer_id) \(hers) AND r.kind = \(literal: ReferralKind.referral.rawValue)) AS sales,
                  (SELECT COUNT(*) \(hers) AND r.status = \(literal: ReferralStatus.completed.rawValue)) AS completed,
                  (SELECT COUNT(DISTINCT r.beneficiary_key) \(hers) AND r.status IN (\(takenUp))
                     AND EXISTS (SELECT 1 FROM referrals x WHERE x.community_id = r.community_id AND x.beneficiary_key = r.beneficiary_key
                                 AND x.offer_id <> r.offer_id AND x.status IN (\(takenUp)))) AS crossed
                """
        } else {
            q = """
                SELECT \(offers) AS diversity,
                  (SELECT COUNT(DISTINCT referrer_id) FROM referrals WHERE community_id = \(bind: community)
                     AND kind = \(literal: ReferralKind.referral.rawValue)) AS sales,
                  (SELECT COUNT(*) FROM referrals WHERE community_id = \(bind: community) AND status = \(literal: ReferralStatus.completed.rawValue)) AS completed,
                  (SELECT COUNT(*) FROM (SELECT beneficiary_key FROM referrals WHERE community_id = \(bind: community)
                     AND status IN (\(takenUp)) GROUP BY beneficiary_key HAVING COUNT(DISTINCT offer_id) > 1) t) AS crossed
                """
        }
        let r = try await db.row(q, as: Row.self)
        return Multipliers(diversity: r?.diversity ?? 0, salesForce: r?.sales ?? 0, crossSolicitation: r?.crossed ?? 0, referralsCompleted: r?.completed ?? 0)
    }

    // MARK: Flows

    /// Every flow selected with who recorded and who confirmed it, as its home's ledger reads it:
    /// `SELECT \(flowColumns)\(flowFrom) WHERE …`. Between two communities, a person is named only on her own
    /// community's side: the recorder of an entry (never of a correction, which either side may make), the confirmer
    /// when the home's side decided (`awaiting_key` names the home's side, or nothing: confirmed at once).
    static let flowColumns: SQLQueryString = """
        f.id, f.from_key, f.to_key, \(flowCommonColumns), f.note, f.offer_id, f.action_id, f.referral_id,
        CASE WHEN f.counterpart_id IS NULL OR f.reverses_id IS NULL THEN ru.handle END AS recorder,
        CASE WHEN f.counterpart_id IS NULL OR (f.reverses_id IS NULL AND (f.awaiting_key IS NULL OR f.awaiting_key NOT LIKE 'community:%'))
          THEN cu.handle END AS confirmer, f.awaiting_key
        """
    private static let flowCommonColumns: SQLQueryString = """
        f.nature, f.measure, f.quantity, f.unit, f.description, f.appreciation, f.date,
        f.reverses_id, CASE WHEN f.cancelled THEN 1 ELSE 0 END AS reversed, f.created_at, f.status, f.recorded_by,
        f.confirmed_at, f.community_id, f.counterpart_id, f.from_party, f.to_party, f.iri
        """
    static let flowFrom: SQLQueryString = " FROM flows f LEFT JOIN users ru ON ru.id = f.recorded_by LEFT JOIN users cu ON cu.id = f.confirmed_by"

    /// An entry between parties as the other community's ledger reads it (`PartyFlows.seen`): each side is its
    /// party, itself is "community"; of the home's words only what the entry is (not its note nor what it links to
    /// there), and of people only who confirmed for this side.
    private static func seenSide(_ column: String, by me: String) -> SQLQueryString {
        "CASE WHEN f.\(unsafeRaw: column) = \(bind: me) THEN \(literal: Actor.community.key) ELSE f.\(unsafeRaw: column) END"
    }
    static func counterpartColumns(_ slug: String) -> SQLQueryString {
        let me = Actor.peer(slug).key
        return """
            f.id, \(seenSide("from_party", by: me)) AS from_key, \(seenSide("to_party", by: me)) AS to_key, \(flowCommonColumns),
            '' AS note, CASE WHEN 1 = 0 THEN f.offer_id END AS offer_id, CASE WHEN 1 = 0 THEN f.action_id END AS action_id,
            CASE WHEN 1 = 0 THEN f.referral_id END AS referral_id, NULL AS recorder,
            CASE WHEN f.reverses_id IS NULL AND f.awaiting_key = \(bind: me) THEN cu.handle END AS confirmer,
            CASE WHEN f.awaiting_key = \(bind: me) THEN \(literal: Actor.community.key)
              WHEN f.awaiting_key IS NULL OR f.awaiting_key LIKE 'org:%' OR f.awaiting_key LIKE 'community:%' THEN f.awaiting_key
              WHEN f.from_party = \(bind: me) THEN f.to_party ELSE f.from_party END AS awaiting_key
            """
    }

    /// An entry of this community's ledger, as stored (its home's words), also when it is the counterpart.
    static func flowRow(_ db: any Database, _ community: UUID, _ id: UUID) async throws -> FlowRow? {
        try await db.row("""
            SELECT \(flowColumns)\(flowFrom) WHERE f.id = \(bind: id) AND (f.community_id = \(bind: community) OR f.counterpart_id = \(bind: community))
            """, as: FlowRow.self)
    }

    struct FlowFilter: Sendable {
        var from: String?; var to: String?; var nature: String?; var measure: String?; var since: String?; var until: String?
        /// Only flows that count in the matrices: confirmed, neither reversed nor a reversal.
        var current = false
        var status: FlowStatus? = nil
    }

    /// Newest first, keyset-paged; a matrix cell's drill-down is a filter on both actors (or nature and measure).
    /// The ledger holds the community's own entries and those between parties that name it (`counterpart_id`), each
    /// side read from its own index and limited before the two are merged.
    func flows(_ community: UUID, slug: String, _ f: FlowFilter, after: String?, limit: Int = 50) async throws -> KeysetPage<FlowRow> {
        let cursor = try Cursor.after(after)?.id
        func side(_ columns: SQLQueryString, _ owner: String, from: SQLQueryString, to: SQLQueryString) -> SQLQueryString {
            var q: SQLQueryString = "SELECT * FROM (SELECT "
            q.appendInterpolation(columns)
            q.appendInterpolation(Self.flowFrom)
            q.appendLiteral(" WHERE f.\(owner) = ")
            q.appendInterpolation(bind: community)
            for (column, value) in [(from, f.from), (to, f.to)] {
                if let value { q.appendLiteral(" AND "); q.appendInterpolation(column); q.appendLiteral(" = "); q.appendInterpolation(bind: value) }
            }
            for (column, value) in [("f.nature", f.nature), ("f.measure", f.measure)] {
                if let value { q.appendLiteral(" AND \(column) = "); q.appendInterpolation(bind: value) }
            }
            if let since = f.since { q.appendLiteral(" AND f.date >= "); q.appendInterpolation(bind: since) }
            if let until = f.until { q.appendLiteral(" AND f.date <= "); q.appendInterpolation(bind: until) }
            if f.current {
                q.appendLiteral(" AND f.status = "); q.appendInterpolation(literal: FlowStatus.confirmed.rawValue)
                q.appendLiteral(" AND f.reverses_id IS NULL AND f.cancelled = "); q.appendInterpolation(bind: false)
            }
            if let status = f.status { q.appendLiteral(" AND f.status = "); q.appendInterpolation(bind: status.rawValue) }
            if let cursor { q.appendLiteral(" AND f.id < "); q.appendInterpolation(bind: cursor) }
            q.appendLiteral(" ORDER BY f.id DESC LIMIT \(limit + 1)) AS \(owner == "community_id" ? "home" : "counterpart")")
            return q
        }
        let me = Actor.peer(slug).key
        let home = side(Self.flowColumns, "community_id", from: "f.from_key", to: "f.to_key")
        let other = side(Self.counterpartColumns(slug), "counterpart_id", from: Self.seenSide("from_party", by: me), to: Self.seenSide("to_party", by: me))
        return KeysetPage(rows: try await db.rows(home + " UNION ALL " + other + " ORDER BY id DESC LIMIT \(literal: limit + 1)", as: FlowRow.self),
                          size: limit) { $0.id }
    }

    // MARK: Pyramid

    func responsibilities(_ community: UUID) async throws -> [ResponsibilityRow] {
        try await db.rows("""
            SELECT r.id, u.handle, u.display_name, r.layer, r.role, r.what, r.amount, r.unit, r.share, og.slug AS organisation_slug,
              og.name AS organisation_name
            FROM responsibilities r JOIN users u ON u.id = r.user_id LEFT JOIN organisations og ON og.id = r.organisation_id
            WHERE r.community_id = \(bind: community) ORDER BY r.layer, u.handle LIMIT 2000
            """, as: ResponsibilityRow.self)
    }
}

extension EconomyQueries.FlowFilter {
    /// The ledger's filter from a query string (`value` reads one parameter): actors, nature, measure, a period,
    /// `current=1` for what the matrices count, a status. Empty values and malformed dates are no filter.
    init(query value: (String) -> String?) {
        func q(_ k: String) -> String? { value(k).flatMap { $0.isEmpty ? nil : $0 } }
        self.init(from: q("from"), to: q("to"), nature: q("nature"), measure: q("measure"), since: q("since").flatMap(FigureDate.parse),
                  until: q("until").flatMap(FigureDate.parse), current: q("current") == "1", status: q("status").flatMap(FlowStatus.init(rawValue:)))
    }
}

// The API answers with these as they are.
extension EconomyMultipliers: Content {}
extension EconomyMatrix: Content {}
extension EconomyResponsibility: Content {}
