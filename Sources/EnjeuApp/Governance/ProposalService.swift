import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Opening governance proposals (issue 18). A proposal is an `amendments` row of another kind than `code`, so members
/// take positions on it and it is decided by `CodeService.position` / `decide` / `closeDueAmendments` — the one
/// decision engine; once adopted, `ProposalEffects.apply` runs its effect in the deciding transaction.
struct ProposalService {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    /// Opens a proposal of `kind` with its payload (JSON). `summary` names it in lists; `reason` says why. Every active
    /// member is asked for a position, as for an amendment. `check` re-validates inside the transaction (what it
    /// names still exists).
    func open(_ ctx: CommunityContext, kind: GovernanceKind, summary: String, reason: String, payload: String,
              check: (@Sendable (any Database) async throws -> Void)? = nil) async throws -> Amendment {
        let viewer = try ctx.requireViewer()
        return try await open(ctx.community, author: viewer.id, actor: viewer.handle, actorID: viewer.id, kind: kind, summary: summary,
                              reason: reason, payload: payload, check: check)
    }

    /// The same for a proposal no request makes (a stage change Enjeu proposes): `author` stands for it, `actor` names it
    /// in the notifications, which skip `actorID` (nil: everyone is told).
    func open(_ community: Community, author: UUID, actor: String, actorID: UUID?, kind: GovernanceKind, summary: String, reason: String, payload: String,
              check: (@Sendable (any Database) async throws -> Void)? = nil) async throws -> Amendment {
        precondition(kind != .code, "code amendments open through CodeService.propose")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > 5_000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 5_000))) }
        let now = context.now
        let closes = now.addingTimeInterval(Double(community.codeOpenDays) * 86_400)
        let id = context.newID()
        let cid = community.id!, slug = community.slug
        return try await context.writeAnnouncing { db in
            try await check?(db)
            let a = Amendment()
            a.id = id
            a.communityID = cid
            a.$author.id = author
            a.baseRevision = community.codeRevision
            a.summary = String(summary.prefix(200))
            a.reason = reason
            a.status = .open
            a.textVersion = 1
            a.closesAt = closes
            a.createdAt = now
            a.kind = kind
            a.payload = payload
            a.authority = ""
            try await a.create(on: db)
            try await Notify.everyone(db, app: context.app, community: cid, kind: .decision, actor: actor, actorID: actorID,
                                      subject: NotificationView.excerpt(a.summary), link: GovernanceEndpoints.proposal.path(slug, id),
                                      now: now)
            return a
        }
    }

    // MARK: Roles

    /// `POST …/roles`: proposes a new role.
    func proposeRole(_ ctx: CommunityContext, name: String, purpose: String, rights: [String], reason: String) async throws -> Amendment {
        let p = try RoleProposal.validated(action: .create, role: nil, name: name, purpose: purpose, rights: rights).mapError(AppError.invalid).get()
        let cid = ctx.id
        return try await open(ctx, kind: .role, summary: p.name, reason: reason.isEmpty ? p.purpose : reason,
                              payload: ProposalPayload.encode(p)) { db in
            if try await RoleQueries.live(db, community: cid, named: p.name) != nil { throw AppError.invalid(Violations(.name, .taken)) }
        }
    }

    /// Proposes changing (`change`) or removing (`remove`) a custom role.
    func proposeRoleChange(_ ctx: CommunityContext, role id: UUID, action: RoleProposal.Action, name: String, purpose: String,
                           rights: [String], reason: String) async throws -> Amendment {
        let role = try await RoleQueries(db: context.db).require(ctx.id, id)
        guard role.builtinRole == nil else { throw AppError.rejected(GovernanceText.errBuiltinRole.text) }
        let p = try RoleProposal.validated(action: action, role: id, name: action == .remove ? role.name : name,
                                           purpose: action == .remove ? role.purpose : purpose,
                                           rights: action == .remove ? [] : rights).mapError(AppError.invalid).get()
        let cid = ctx.id
        return try await open(ctx, kind: .role, summary: p.name, reason: reason, payload: ProposalPayload.encode(p)) { db in
            if action == .change, let other = try await RoleQueries.live(db, community: cid, named: p.name), other.id != id {
                throw AppError.invalid(Violations(.name, .taken))
            }
        }
    }

    /// `POST …/roles/{id}/assignments`: proposes giving the role to an active member (`unassign`: taking it back).
    func proposeAssignment(_ ctx: CommunityContext, role id: UUID, handle raw: String, action: AssignmentProposal.Action,
                           reason: String) async throws -> Amendment {
        let role = try await RoleQueries(db: context.db).require(ctx.id, id)
        let handle = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "@", with: "")
        guard let member = try await RoleQueries.activeMember(context.db, community: ctx.id, handle: handle) else {
            throw AppError.invalid(Violations(.handle, .notAChoice))
        }
        try await ProposalEffects.checkAssignment(context.db, role: role, member: member, action: action)
        let p = AssignmentProposal(action: action, role: id, user: member.user_id, handle: member.handle, roleName: role.name)
        return try await open(ctx, kind: .assignment, summary: "\(role.name) — @\(member.handle)", reason: reason,
                              payload: ProposalPayload.encode(p))
    }

    /// Proposes the community's credibility rule (`count` 0: none). A rule that would leave no one able to apply
    /// decisions is refused now (422 naming `rights`) and again at adoption.
    func proposeCredibilityRule(_ ctx: CommunityContext, topic: String, count: Int, rights: [String], weighPositions: Bool = false, cap: Double? = nil,
                                reason: String) async throws -> Amendment {
        // Rights are held community-wide (`memberships.earned_rights`): a rule on one topic would grant them everywhere.
        // Refused (422 naming `topic`) until rights per topic exist.
        if !topic.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw AppError.invalid(Violations(.topic, .notAChoice)) }
        let p = try CredibilityRuleProposal.validated(topic: topic, count: count, rights: rights, weighPositions: weighPositions, cap: cap)
            .mapError(AppError.invalid).get()
        try await ProposalEffects.checkSomeoneCanApply(context.db, community: ctx.id, rule: p)
        let summary = (p.topic.isEmpty ? "\(p.count)" : "\(p.count) — \(p.topic)") + (p.weighPositions ? " · ×\(p.cap)" : "")
        return try await open(ctx, kind: .credibilityRule, summary: summary,
                              reason: reason, payload: ProposalPayload.encode(p))
    }
}

extension DecisionAuthority {
    /// The authority this request's viewer applies a decision on.
    static func of(_ ctx: CommunityContext) -> DecisionAuthority {
        guard case let .member(role, _, _) = ctx.relation else { return .closing }
        return of(role: role, roleRights: ctx.roleRights, earnedRights: ctx.earnedRights)
    }
}
