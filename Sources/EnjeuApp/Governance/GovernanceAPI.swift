import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The governance JSON API (Governance/…Endpoints).
struct GovernanceAPI {
    struct Opened: Content { let id: UUID; let status: AmendmentStatus }
    struct RoleIn: Content { let name: String; let purpose: String?; let rights: [String]?; let reason: String? }
    struct RoleChangeIn: Content { let action: String; let name: String?; let purpose: String?; let rights: [String]?; let reason: String? }
    struct AssignmentIn: Content { let handle: String; let action: String?; let reason: String? }
    struct RuleIn: Content {
        let topic: String?; let count: Int; let rights: [String]?; let reason: String?
        /// Whether positions weigh by credibility, and the most one may weigh (`PositionWeight`, 3 when absent).
        let weighPositions: Bool?; let cap: Double?
    }
    struct ProposalOut: Content {
        let proposal: ProposalQueries.ProposalItem
        let positions: [CodeQueries.PositionItem]
        let tally: Tally
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = GovernanceAPIEndpoints
        r.community(E.roles) { req, ctx in
            try await RoleQueries(req.context).roles(ctx.id, after: req.after)
        }
        r.community(E.proposeRole) { req, ctx in
            let b = try req.content.decode(RoleIn.self)
            let a = try await ProposalService(req.context).proposeRole(ctx, name: b.name, purpose: b.purpose ?? "", rights: b.rights ?? [],
                                                                       reason: b.reason ?? "")
            return try await Opened(id: a.id!, status: a.status).created(for: req)
        }
        r.community(E.changeRole) { req, ctx in
            let b = try req.content.decode(RoleChangeIn.self)
            guard let action = RoleProposal.Action(rawValue: b.action), action != .create else { throw AppError.invalid(Violations(.action, .notAChoice)) }
            let a = try await ProposalService(req.context).proposeRoleChange(ctx, role: try req.parameters.require("id", as: UUID.self), action: action,
                                                                             name: b.name ?? "", purpose: b.purpose ?? "", rights: b.rights ?? [],
                                                                             reason: b.reason ?? "")
            return try await Opened(id: a.id!, status: a.status).created(for: req)
        }
        r.community(E.assign) { req, ctx in
            let b = try req.content.decode(AssignmentIn.self)
            guard let action = AssignmentProposal.Action(rawValue: b.action ?? "assign") else { throw AppError.invalid(Violations(.action, .notAChoice)) }
            let a = try await ProposalService(req.context).proposeAssignment(ctx, role: try req.parameters.require("id", as: UUID.self), handle: b.handle,
                                                                             action: action, reason: b.reason ?? "")
            return try await Opened(id: a.id!, status: a.status).created(for: req)
        }
        r.community(E.proposals) { req, ctx in
            let kind = req.optionalQuery("kind")
            let parsed = kind.flatMap(GovernanceKind.init(rawValue:))
            if kind != nil && (parsed == nil || parsed == .code) { throw AppError.invalid(Violations(.kind, .notAChoice)) }
            return try await ProposalQueries(req.context).proposals(ctx.id, kind: parsed, after: req.after)
        }
        r.community(E.proposal) { req, ctx in
            let q = ProposalQueries(req.context)
            let (a, item) = try await q.require(req.parameters.get("id", as: UUID.self), in: ctx)
            let code = CodeQueries(req.context)
            return ProposalOut(proposal: item, positions: try await code.positions(a), tally: try await code.tally(a, ctx.community))
        }
        r.community(E.position) { req, ctx in
            let (a, _) = try await ProposalQueries(req.context).require(req.parameters.get("id", as: UUID.self), in: ctx)
            let b = try req.content.decode(CodeAPI.PositionIn.self)
            try await CodeService(req.context).position(ctx, a, stance: b.position, reason: b.reason ?? "")
            return CodeAPI.StatusOut(status: "ok")
        }
        r.community(E.decide) { req, ctx in
            let (a, _) = try await ProposalQueries(req.context).require(req.parameters.get("id", as: UUID.self), in: ctx)
            return try await CodeService(req.context).decide(ctx, a.id!)
        }
        r.community(E.proposeRule) { req, ctx in
            let b = try req.content.decode(RuleIn.self)
            let a = try await ProposalService(req.context).proposeCredibilityRule(ctx, topic: b.topic ?? "", count: b.count, rights: b.rights ?? [],
                                                                                  weighPositions: b.weighPositions ?? false, cap: b.cap,
                                                                                  reason: b.reason ?? "")
            return try await Opened(id: a.id!, status: a.status).created(for: req)
        }
    }
}
