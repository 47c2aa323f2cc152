import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Confirming flows: an entry naming someone other than its recorder counts only once that party (or a steward)
/// confirms it; the party can decline it instead. Who decided is kept in `confirmed_by` / `confirmed_at`.
enum EconomyConfirmations {
    /// The ledger page's buttons: back to the ledger once decided.
    static func register(pages r: any RoutesBuilder) {
        for (endpoint, confirm) in [(EconomyEndpoints.confirm, true), (EconomyEndpoints.decline, false)] {
            r.community(endpoint) { req, ctx in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                _ = try await EconomyService(req.context).decide(ctx, flow: id, confirm: confirm)
                return req.redirect(to: EconomyEndpoints.flows.path(ctx.community.slug), flash: .saved)
            }
        }
    }
}

extension EconomyService {
    /// A party the flow names, or a steward, confirms or declines it — never the one who recorded it.
    func decide(_ ctx: CommunityContext, flow: UUID, confirm: Bool) async throws -> FlowStatus {
        let viewer = try ctx.requireViewer()
        let steward = ctx.can(.steward)
        let next: FlowStatus = confirm ? .confirmed : .declined
        let now = context.now
        try await context.write { db in
            guard let f = try await EconomyQueries.flowRow(db, ctx.id, flow), let from = f.from, let to = f.to else { throw AppError.notFound }
            switch FlowConfirmation.canDecide(from: from, to: to, recordedBy: f.recorder, viewer: viewer.handle, steward: steward) {
            case .ownEntry?: throw AppError.forbidden(.errConfirmOwn)
            case .notAParty?: throw AppError.forbidden(.errConfirmWho)
            case nil: break
            }
            guard f.state == .pending else { throw AppError.conflict(.errNotPending) }
            // Conditional, so two parties deciding at once cannot both win.
            let done = try await sql(db).raw("""
                UPDATE flows SET status = \(bind: next.rawValue), confirmed_by = \(bind: viewer.id), confirmed_at = \(bind: now)
                WHERE id = \(bind: flow) AND status = \(bind: FlowStatus.pending.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errNotPending) }
            if next == .confirmed && f.reversesId == nil && f.reversed == 0 { try await EconomyIndex.tally(db, community: ctx.id, [f.counted], sign: 1) }
        }
        return next
    }
}

extension EconomyQueries {
    /// Pending flows the viewer may decide: those naming her, and for a steward every one she did not record; newest first.
    func awaiting(_ ctx: CommunityContext, after: String?, limit: Int = 50) async throws -> KeysetPage<FlowRow> {
        guard let viewer = ctx.viewer else { return KeysetPage(rows: [], size: limit) { $0.id } }
        var q: SQLQueryString = """
            SELECT \(Self.flowColumns)\(Self.flowFrom) WHERE f.community_id = \(bind: ctx.id) AND f.status = \(bind: FlowStatus.pending.rawValue)
              AND f.recorded_by <> \(bind: viewer.id)
            """
        if !ctx.can(.steward) {
            let me = Actor.member(viewer.handle).key
            q = q + " AND (f.from_key = \(bind: me) OR f.to_key = \(bind: me))"
        }
        if let after = try Cursor.after(after)?.id { q = q + " AND f.id < \(bind: after)" }
        q = q + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await db.rows(q, as: FlowRow.self), size: limit) { $0.id }
    }
}

extension EconomyFlow {
    /// What this entry adds to the ledger's sums once it counts.
    var counted: EconomyIndex.CountedFlow {
        EconomyIndex.CountedFlow(from: fromKey, to: toKey, nature: nature, measure: measure, quantity: quantity, unit: unit)
    }
}

extension Text {
    static let errConfirmOwn = Text(fr: "Vous avez enregistré ce flux : c’est à l’autre partie (ou à un·e animateur·rice) de le confirmer.",
                                    en: "You recorded this flow: the other party (or a steward) confirms it.")
    static let errConfirmWho = Text(fr: "Seule une partie que ce flux nomme, ou un·e animateur·rice, peut le confirmer ou le refuser.",
                                    en: "Only a party this flow names, or a steward, can confirm or decline it.")
    static let errNotPending = Text(fr: "Ce flux n’attend plus de confirmation.", en: "This flow is no longer awaiting confirmation.")
}
