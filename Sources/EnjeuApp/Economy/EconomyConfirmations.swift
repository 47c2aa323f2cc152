import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Confirming flows: an entry naming someone other than its recorder counts only once that party (or a steward)
/// confirms it; the party can decline it instead. Who decided is kept in `confirmed_by` / `confirmed_at`.
enum EconomyConfirmations {
    struct DecisionOut: Content { let status: String }

    static func register(api c: any RoutesBuilder) {
        c.community(.GET, "flows", "pending", need: .contribute) { req, ctx in
            let page = try await EconomyQueries(req).awaiting(ctx, after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(EconomyAPI.FlowOut.init), next: page.next)
        }
        for (verb, confirm) in [("confirm", true), ("decline", false)] {
            c.community(.POST, "flows", ":id", .constant(verb), need: .contribute) { req, ctx in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                return DecisionOut(status: try await EconomyService(req: req).decide(ctx, flow: id, confirm: confirm).rawValue)
            }
        }
    }

    static func register(pages c: any RoutesBuilder) {
        for (verb, confirm) in [("confirm", true), ("decline", false)] {
            c.community(.POST, "flows", ":id", .constant(verb), need: .contribute) { req, ctx in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                _ = try await EconomyService(req: req).decide(ctx, flow: id, confirm: confirm)
                return req.redirect(to: Paths.economyFlows(ctx.community.slug), flash: .saved)
            }
        }
    }

    /// The flows awaiting the viewer's word, each with its confirm and decline buttons.
    static func section(_ req: Request, _ ctx: CommunityContext, _ page: KeysetPage<EconomyQueries.FlowRow>) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("section", .cls("awaiting"), .aria("labelledby", "awaiting-title")) {
            el("h2", .id("awaiting-title")) { l[EconomyText.awaiting] }
            el("p", .cls("muted")) { l[EconomyText.awaitingLead] }
            el("ul", .cls("pending-flows")) {
                for f in page.items {
                    el("li", .cls("pending-flow")) {
                        el("span", .cls("what")) { EconomyText.summary(f, l) }
                        " · " + l[EconomyText.recordedBy(f.recorder)]
                        postForm(Paths.economyFlows(slug) + "/\(f.id.uuidString)/confirm", csrf: req.csrf, cls: "inline") {
                            el("button", .type("submit")) { l[EconomyText.confirm] }
                        }
                        postForm(Paths.economyFlows(slug) + "/\(f.id.uuidString)/decline", csrf: req.csrf, cls: "inline") {
                            el("button", .type("submit"), .cls("secondary")) { l[EconomyText.decline] }
                        }
                    }
                }
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
        let now = req.now
        try await req.write { db in
            guard let f = try await EconomyQueries.flowRow(db, ctx.id, flow), let from = f.from, let to = f.to else { throw AppError.notFound }
            switch FlowConfirmation.canDecide(from: from, to: to, recordedBy: f.recorder, viewer: viewer.handle, steward: steward) {
            case .ownEntry?: throw AppError.forbidden(.errConfirmOwn)
            case .notAParty?: throw AppError.forbidden(.errConfirmWho)
            case nil: break
            }
            guard f.status == FlowStatus.pending.rawValue else { throw AppError.conflict(.errNotPending) }
            // Conditional, so two parties deciding at once cannot both win.
            let done = try await sql(db).raw("""
                UPDATE flows SET status = \(bind: next.rawValue), confirmed_by = \(bind: viewer.id), confirmed_at = \(bind: now)
                WHERE id = \(bind: flow) AND status = \(bind: FlowStatus.pending.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(.errNotPending) }
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
        if let after = try KeysetPage<Never>.afterID(after) { q = q + " AND f.id < \(bind: after)" }
        q = q + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await db.rows(q, as: FlowRow.self), size: limit) { $0.id }
    }
}

extension Text {
    static let errConfirmOwn = Text(fr: "Vous avez enregistré ce flux : c’est à l’autre partie (ou à un·e animateur·rice) de le confirmer.",
                                    en: "You recorded this flow: the other party (or a steward) confirms it.")
    static let errConfirmWho = Text(fr: "Seule une partie que ce flux nomme, ou un·e animateur·rice, peut le confirmer ou le refuser.",
                                    en: "Only a party this flow names, or a steward, can confirm or decline it.")
    static let errNotPending = Text(fr: "Ce flux n’attend plus de confirmation.", en: "This flow is no longer awaiting confirmation.")
}
