import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A charter the members write, and a life stage the community decides (issue 18): governance proposals of kinds
/// `charter` and `stage`, opened here, decided by the one engine (`CodeService.decide`), applied by `ProposalEffects`.
extension ProposalService {
    /// A new charter version following `version` (nil: the current one; another is a 409), with the give-to-get rules
    /// and the stewards' free reading it writes when it changes them.
    func proposeCharter(_ ctx: CommunityContext, text: String, version: Int?, rules: CreditRules?, stewardsReadFree: Bool?,
                        reason: String) async throws -> Amendment {
        let base = version ?? ctx.community.charterVersion
        guard base == ctx.community.charterVersion else { throw AppError.conflict(CommonText.errStale.text) }
        let p = try CharterProposal.validated(text: text, baseVersion: base, rules: rules, stewardsReadFree: stewardsReadFree)
            .mapError(AppError.invalid).get()
        let summary = context.lang[rules == nil && stewardsReadFree == nil ? CharterProposalText.summaryCharter : CharterProposalText.summaryRules] + " · v\(base + 1)"
        return try await open(ctx, kind: .charter, summary: summary, reason: reason, payload: ProposalPayload.encode(p))
    }

    /// The give-to-get rules (and the stewards' free reading) changed from the figures' settings: a charter version with
    /// the current text, since the rules are written in the charter.
    func proposeRules(_ ctx: CommunityContext, rules: CreditRules, stewardsReadFree: Bool? = nil) async throws -> Amendment {
        _ = try rules.validated().mapError(AppError.invalid).get()
        let current = try await CommunityQueries(context).charter(ctx)?.text ?? ""
        return try await proposeCharter(ctx, text: current, version: ctx.community.charterVersion, rules: rules,
                                        stewardsReadFree: stewardsReadFree, reason: "")
    }
}

extension ProposalEffects {
    /// Adopting a charter proposal: the next version, if no other was adopted since it was proposed; the rules it writes.
    /// Nobody has accepted it yet, its author included: every member accepts it again before contributing again.
    static func charter(_ db: any Database, _ p: CharterProposal, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        let cid = a.communityID
        let next = p.baseVersion + 1
        guard try await Charter.claimNext(db, community: cid, after: p.baseVersion) else { throw NoLongerApplies() }
        if p.rules != nil || p.stewardsReadFree != nil {
            try await FiguresService.ensureSettings(db, cid)
            if let r = p.rules {
                try await sql(db).raw("""
                    UPDATE figure_settings SET allowance = \(bind: r.allowance), read_cost = \(bind: r.readCost), earn = \(bind: r.earn),
                      half_life_days = \(bind: r.halfLifeDays) WHERE community_id = \(bind: cid)
                    """).run()
            }
            if let free = p.stewardsReadFree {
                try await sql(db).raw("UPDATE figure_settings SET stewards_read_free = \(bind: free) WHERE community_id = \(bind: cid)").run()
            }
        }
        // The version records the rules it carries, as they now apply.
        try await Charter.write(db, id: ctx.newID(), community: cid, version: next, text: p.text, author: a.$author.id, at: now)
        try await AuditEvent.record(db, ctx, community: cid, JournalAction.charterAdopt.rawValue, "v\(next) proposal=\(a.id!.uuidString)",
                                    actor: .some(a.decidedBy ?? a.$author.id))
    }

    /// Adopting a stage proposal: the community takes the stage if it is still in the one the proposal left; falling
    /// dormant calls its members back at once.
    static func stage(_ db: any Database, _ p: StageProposal, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        let cid = a.communityID
        let moved = try await sql(db).raw("""
            UPDATE communities SET stage = \(bind: p.to.rawValue), version = version + 1,
              revival_sent_at = \(bind: p.to == .dormant ? now : nil as Date?)
            WHERE id = \(bind: cid) AND stage = \(bind: p.from.rawValue) RETURNING id
            """).first()
        guard moved != nil else { throw NoLongerApplies() }
        if p.to == .closed {
            // An archive decides nothing more: what was still open is withdrawn with the closing, so no job decides it later.
            try await sql(db).raw("""
                UPDATE amendments SET status = \(bind: AmendmentStatus.withdrawn.rawValue), decided_at = \(bind: now)
                WHERE community_id = \(bind: cid) AND status IN (\(bind: AmendmentStatus.open.rawValue), \(bind: AmendmentStatus.conflict.rawValue))
                """).run()
            try await sql(db).raw("""
                UPDATE journey_proposals SET status = \(bind: ProposalStatus.withdrawn.rawValue), decided_at = \(bind: now)
                WHERE community_id = \(bind: cid) AND status = \(bind: ProposalStatus.open.rawValue)
                """).run()
        }
        if p.to == .dormant {
            struct Row: Decodable { let name: String, slug: String }
            if let c = try await db.row("SELECT name, slug FROM communities WHERE id = \(bind: cid)", as: Row.self) {
                try await Notify.everyone(db, app: ctx.app, community: cid, kind: .revival, actor: "", actorID: nil, subject: c.name,
                                          link: CommunityEndpoints.community.path(c.slug) + "#vitality", now: now)
            }
        }
        try await AuditEvent.record(db, ctx, community: cid, JournalAction.stageChange.rawValue,
                                    "\(p.from.rawValue) → \(p.to.rawValue) proposal=\(a.id!.uuidString)", actor: .some(a.decidedBy ?? a.$author.id))
    }
}

extension ProposalQueries {
    /// A community's charter proposals as its charter page lists them: the newest 20 (`amendments_community_kind`).
    func charterProposals(_ community: UUID) async throws -> [CharterProposalRow] {
        try await db.rows("""
            SELECT id, summary, status, created_at, closes_at FROM amendments
            WHERE community_id = \(bind: community) AND kind = \(bind: GovernanceKind.charter.rawValue) ORDER BY id DESC LIMIT 20
            """, as: CharterProposalRow.self)
    }

    /// The charter proposal with this id, within this community, or 404 (another kind has its own routes).
    func requireCharter(_ id: UUID?, in ctx: CommunityContext) async throws -> Amendment {
        let (a, item) = try await require(id, in: ctx)
        guard item.kind == .charter else { throw AppError.notFound }
        return a
    }
}

/// `POST /api/v1/communities/{slug}/charter` and its proposals' positions and decision (CharterAPIEndpoints).
struct CharterAPI {
    func register(_ r: any RoutesBuilder) {
        typealias E = CharterAPIEndpoints
        r.community(E.propose) { req, ctx in
            let b = try req.content.decode(CharterProposalIn.self)
            let a = try await ProposalService(req.context).proposeCharter(ctx, text: b.text, version: b.version, rules: b.rules,
                                                                          stewardsReadFree: b.stewardsReadFree, reason: b.reason ?? "")
            return try await GovernanceAPI.Opened(id: a.id!, status: a.status).created(for: req)
        }
        r.community(E.proposals) { req, ctx in
            try await ProposalQueries(req.context).proposals(ctx.id, kind: .charter, after: req.after)
        }
        r.community(E.position) { req, ctx in
            let a = try await ProposalQueries(req.context).requireCharter(req.parameters.get("id", as: UUID.self), in: ctx)
            let b = try req.content.decode(CodeAPI.PositionIn.self)
            try await CodeService(req.context).position(ctx, a, stance: b.position, reason: b.reason ?? "")
            return CodeAPI.StatusOut(status: "ok")
        }
        r.community(E.decide) { req, ctx in
            let a = try await ProposalQueries(req.context).requireCharter(req.parameters.get("id", as: UUID.self), in: ctx)
            return try await CodeService(req.context).decide(ctx, a.id!)
        }
    }
}
