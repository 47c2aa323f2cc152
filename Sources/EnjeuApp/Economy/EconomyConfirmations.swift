import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Confirming flows: an entry naming someone other than its recorder counts only once that party (or a steward)
/// confirms it; the party can decline it instead. Who decided is kept in `confirmed_by` / `confirmed_at`.
enum EconomyConfirmations {
    struct DecisionForm: Content { var back: String? }

    /// The ledger page's buttons, and an organisation's page's (`back` to it): back where they were once decided.
    static func register(pages r: any RoutesBuilder) {
        for (endpoint, confirm) in [(EconomyEndpoints.confirm, true), (EconomyEndpoints.decline, false)] {
            r.community(endpoint) { req, ctx in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                _ = try await EconomyService(req.context).decide(ctx, flow: id, confirm: confirm)
                // Only to an organisation's page, so the form cannot send anyone elsewhere.
                let prefix = "/organisations/"
                let back = (try? req.content.decode(DecisionForm.self))?.back.flatMap {
                    $0.hasPrefix(prefix) && Rules.isValidSlug(String($0.dropFirst(prefix.count))) ? $0 : nil
                }
                return req.redirect(to: back ?? EconomyEndpoints.flows.path(ctx.community.slug), flash: .saved)
            }
        }
    }
}

extension EconomyService {
    /// A party the flow names, or a steward, confirms or declines it — never the one who recorded it. An entry between
    /// parties is decided by the side it awaits, from either community's ledger (`PartyFlows.canDecide`): a
    /// representative of an organisation need not be a member of the community whose ledger holds it.
    func decide(_ ctx: CommunityContext, flow: UUID, confirm: Bool) async throws -> FlowStatus {
        let viewer = try ctx.requireViewer()
        let next: FlowStatus = confirm ? .confirmed : .declined
        let (now, service) = (context.now, context)
        try await context.write { db in
            guard let f = try await EconomyQueries.flowRow(db, ctx.id, flow), let from = f.from, let to = f.to, let home = f.homeId else {
                throw AppError.notFound
            }
            if let awaited = f.awaitingKey.flatMap(Actor.init(key:)) {
                guard let person = try await PartyDirectory.standing(db, user: viewer.id, home: home, naming: [awaited]) else { throw AppError.notFound }
                switch PartyFlows.canDecide(awaiting: awaited, recordedBy: f.recorder, by: person) {
                case .ownEntry?: throw AppError.forbidden(.errConfirmOwn)
                case .notTheOtherSide?:
                    if !ctx.can(.seeInside) { throw AppError.notFound }
                    throw AppError.forbidden(.errNotTheOtherSide)
                case nil: break
                }
            } else {
                // Inside a community: decided there, by its contributors.
                guard home == ctx.id else { throw AppError.notFound }
                try CommunityAccess.require(.contribute, ctx)
                switch FlowConfirmation.canDecide(from: from, to: to, recordedBy: f.recorder, viewer: viewer.handle, steward: ctx.can(.steward)) {
                case .ownEntry?: throw AppError.forbidden(.errConfirmOwn)
                case .notAParty?: throw AppError.forbidden(.errConfirmWho)
                case nil: break
                }
                // Not a party to it: a steward decides it, if still one now.
                if FlowConfirmation.canDecide(from: from, to: to, recordedBy: f.recorder, viewer: viewer.handle, steward: false) == .notAParty {
                    try await ctx.recheck(.steward, in: db)
                }
            }
            guard f.state == .pending else { throw AppError.conflict(.errNotPending) }
            // Conditional, so two parties deciding at once cannot both win.
            let done = try await sql(db).raw("""
                UPDATE flows SET status = \(bind: next.rawValue), confirmed_by = \(bind: viewer.id), confirmed_at = \(bind: now)
                WHERE id = \(bind: flow) AND status = \(bind: FlowStatus.pending.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errNotPending) }
            try await FederatedFlows.decided(db, service, flow: flow, confirmed: next == .confirmed)
            if next == .confirmed && f.reversesId == nil && f.reversed == 0 { try await EconomyIndex.tally(db, community: home, [f.counted], sign: 1) }
        }
        return next
    }
}

extension EconomyQueries {
    /// Pending flows the viewer may decide, newest first: those naming her; for a steward every one she did not record
    /// inside the community, and the entries between parties awaiting this community; those awaiting an organisation
    /// she represents.
    func awaiting(_ ctx: CommunityContext, after: String?, limit: Int = 50) async throws -> KeysetPage<FlowRow> {
        guard let viewer = ctx.viewer else { return KeysetPage(rows: [], size: limit) { $0.id } }
        let cursor = try Cursor.after(after)?.id
        let pending: SQLQueryString = "f.status = \(bind: FlowStatus.pending.rawValue) AND f.recorded_by <> \(bind: viewer.id)"
        let me = Actor.member(viewer.handle).key
        var home: SQLQueryString = "SELECT * FROM (SELECT \(Self.flowColumns)\(Self.flowFrom) WHERE f.community_id = \(bind: ctx.id) AND \(pending)"
        let inside: SQLQueryString = ctx.can(.steward)
            ? "(f.awaiting_key IS NULL OR f.awaiting_key = \(literal: Actor.community.key) OR f.awaiting_key LIKE 'member:%')"
            : "((f.awaiting_key IS NULL AND (f.from_key = \(bind: me) OR f.to_key = \(bind: me))) OR f.awaiting_key = \(bind: me))"
        home = home + " AND (" + inside + """
             OR f.awaiting_key IN (SELECT 'org:' || o.slug FROM organisation_representatives r JOIN organisations o ON o.id = r.organisation_id
              WHERE r.user_id = \(bind: viewer.id)))
            """
        if let cursor { home = home + " AND f.id < \(bind: cursor)" }
        home = home + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)) AS home"
        guard ctx.can(.steward) else {
            return KeysetPage(rows: try await db.rows(home, as: FlowRow.self), size: limit) { $0.id }
        }
        var other: SQLQueryString = """
            SELECT * FROM (SELECT \(Self.counterpartColumns(ctx.community.slug))\(Self.flowFrom) WHERE f.counterpart_id = \(bind: ctx.id) AND \(pending)
              AND f.awaiting_key = \(bind: Actor.peer(ctx.community.slug).key)
            """
        if let cursor { other = other + " AND f.id < \(bind: cursor)" }
        other = other + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)) AS counterpart"
        return KeysetPage(rows: try await db.rows(home + " UNION ALL " + other + " ORDER BY id DESC LIMIT \(literal: limit + 1)", as: FlowRow.self),
                          size: limit) { $0.id }
    }
}

extension EconomyFlow {
    /// What this entry adds to the ledgers' sums once it counts (read as its home stores it: `flowRow`).
    var counted: EconomyIndex.CountedFlow {
        EconomyIndex.CountedFlow(from: fromKey, to: toKey, nature: nature, measure: measure, quantity: quantity, unit: unit,
                                 counterpart: counterpartId, fromParty: fromParty, toParty: toParty)
    }
}

extension Text {
    static let errConfirmOwn = Text(fr: "Vous avez enregistré ce flux : c’est à l’autre partie (ou à un·e animateur·rice) de le confirmer.",
                                    en: "You recorded this flow: the other party (or a steward) confirms it.")
    static let errConfirmWho = Text(fr: "Seule une partie que ce flux nomme, ou un·e animateur·rice, peut le confirmer ou le refuser.",
                                    en: "Only a party this flow names, or a steward, can confirm or decline it.")
    static let errNotPending = Text(fr: "Ce flux n’attend plus de confirmation.", en: "This flow is no longer awaiting confirmation.")
}
