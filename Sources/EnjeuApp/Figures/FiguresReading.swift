import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Give to get: who may read an indicator's values, and the charge for reading them.
/// Looking never spends: pages, exports followed from a link and form errors show values only where the reader already
/// has access. Spending is an explicit request (a page's POST button, CSRF-checked, or an API call with a bearer token,
/// which no other site can make) and is atomic: the balance is checked and spent in one transaction that holds the
/// member's row, so concurrent reads can never spend more than the balance.
extension FiguresService {
    enum ReadAccess: Sendable, Equatable {
        /// Free: the reader contributed to it, defined it, stewards where the charter says so, or the community charges nothing.
        case free
        /// Already paid for this month.
        case paid
        /// Charged now.
        case charged(Int)
    }

    /// What reading the indicators the reader has not paid for yet would cost them now (`EnjeuWeb/Models`).
    typealias Lock = ReadLock

    /// The indicators reading costs credit for: not those the reader defined, nor those with nothing to read yet — never
    /// estimated (`estAt` nil). An indicator whose values were all set aside still has them and its past estimates to read.
    static func billable(_ rows: [FigureIndicator], for viewer: UUID) -> [UUID] {
        rows.filter { ($0.estimateKind != .none || $0.estAt != nil) && $0.createdBy != viewer }.map(\.id)
    }

    /// Spends nothing: nil when the reader may see the indicator's values now (free, or paid this month), otherwise
    /// what reading would cost. `contributes` (whether the member gives a current, non-outlying value, when the caller
    /// already knows) and `rules` save the queries a hot page already made.
    func lock(_ ctx: CommunityContext, _ indicator: FigureIndicator, contributes known: Bool? = nil,
              rules: CreditRules? = nil) async throws -> Lock? {
        let viewer = try ctx.requireViewer()
        if Self.billable([indicator], for: viewer.id).isEmpty { return nil }
        var contributes = known ?? false
        if known == nil { contributes = try await FiguresQueries(context).contributed(viewer.id, indicator.id) }
        if contributes { return nil }
        return try await lock(ctx, indicators: [indicator.id], rules: rules, contributionsChecked: true)
    }

    /// The same for several indicators (a dataset): nil when all are open to the reader. Spends nothing.
    func lock(_ ctx: CommunityContext, indicators: [UUID], rules known: CreditRules? = nil,
              contributionsChecked: Bool = false) async throws -> Lock? {
        let viewer = try ctx.requireViewer()
        // A closed community is an archive: nothing is earned or spent there any more, so its members read free.
        if !AccessPolicy.writable(ctx.community.stage) { return nil }
        var rules = CreditRules.standard
        if let known { rules = known } else { rules = try await FiguresQueries(context).rules(ctx.id) }
        if rules.readCost == 0 || indicators.isEmpty { return nil }
        if try await stewardReadsFree(ctx) { return nil }
        let owed = try await FiguresQueries.unpaid(context.db, ctx.id, viewer.id, indicators, month: FigureDate.month(context.now),
                                                   contributionsChecked: contributionsChecked)
        if owed.isEmpty { return nil }
        let balance = try await FiguresQueries(context).balance(ctx.id, viewer.id, rules: rules)
        return Lock(owed: owed, cost: rules.readCost * owed.count, balance: balance, earn: rules.earn)
    }

    /// Reading an indicator's estimate and contributions costs credits once per month; contributors, the indicator's
    /// author and (where the charter says so) stewards read free, and so does an indicator with nothing to read yet. At zero, a 402 says how to
    /// earn more, and the member can still contribute. Only for an explicit request: an API call or a page's POST.
    func chargeRead(_ ctx: CommunityContext, _ indicator: FigureIndicator, contributes known: Bool? = nil,
                    rules: CreditRules? = nil) async throws -> ReadAccess {
        let viewer = try ctx.requireViewer()
        if Self.billable([indicator], for: viewer.id).isEmpty { return .free }
        var contributes = known ?? false
        if known == nil { contributes = try await FiguresQueries(context).contributed(viewer.id, indicator.id) }
        if contributes { return .free }
        return try await chargeRead(ctx, indicators: [indicator.id], rules: rules, contributionsChecked: true)
    }

    /// Charges for every indicator among `indicators` not paid this month, all or nothing: a 402 when the balance does
    /// not cover them all, and then nothing is spent.
    func chargeRead(_ ctx: CommunityContext, indicators: [UUID], rules known: CreditRules? = nil,
                    contributionsChecked: Bool = false) async throws -> ReadAccess {
        let viewer = try ctx.requireViewer()
        if !AccessPolicy.writable(ctx.community.stage) { return .free }
        var loaded = CreditRules.standard
        if let known { loaded = known } else { loaded = try await FiguresQueries(context).rules(ctx.id) }
        let rules = loaded
        if rules.readCost == 0 || indicators.isEmpty { return .free }
        if try await stewardReadsFree(ctx) { return .free }
        let month = FigureDate.month(context.now)
        // Reading again is the common case: it needs no write transaction.
        let unpaid = try await FiguresQueries.unpaid(context.db, ctx.id, viewer.id, indicators, month: month, contributionsChecked: contributionsChecked)
        if unpaid.isEmpty { return .paid }
        let now = context.now
        let community = ctx.id
        return try await context.write { db in
            // Check and spend under the member's row: a concurrent charge waits here, then sees this one's entries.
            try await Self.holdMember(db, community, viewer.id)
            let owed = try await FiguresQueries.unpaid(db, community, viewer.id, unpaid, month: month, contributionsChecked: true)
            if owed.isEmpty { return .paid }
            let cost = rules.readCost * owed.count
            let balance = try await FiguresQueries.balance(db, community, viewer.id, rules: rules, now: now)
            guard CreditLedger.canRead(balance: balance, cost: cost) else {
                throw AppError.paymentRequired(.errNoCredits(balance: balance, cost: cost, earn: rules.earn))
            }
            // The month's key also makes a repeat a no-op rather than a double charge.
            for indicator in owed {
                _ = try await Self.insertCredit(db, context.newID(), community, viewer.id, .spend, Double(rules.readCost), now, indicator, nil,
                                                dedupe: "read:\(indicator.uuidString):\(month)")
            }
            return .charged(cost)
        }
    }

    /// Stewards read free only when the charter says so (`figure_settings.stewards_read_free`, M043c, changed only by a
    /// charter version): one more read, for stewards alone.
    func stewardReadsFree(_ ctx: CommunityContext) async throws -> Bool {
        guard ctx.can(.steward) else { return false }
        return try await FiguresQueries(context).settings(ctx.id).stewardsReadFree
    }

    /// Locks the member's membership row until the transaction ends, on PostgreSQL (read committed: each statement
    /// after it sees what the previous holder committed). SQLite writes already run one at a time on the write queue.
    /// Credits are a ledger whose earned entries decay, so there is no balance column to decrement conditionally.
    static func holdMember(_ db: any Database, _ community: UUID, _ user: UUID) async throws {
        guard db.isPostgres else { return }
        _ = try await sql(db).raw("""
            SELECT id FROM memberships WHERE community_id = \(bind: community) AND user_id = \(bind: user)\(db.forUpdate)
            """).all()
    }
}
