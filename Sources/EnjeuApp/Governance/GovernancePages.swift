import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The governance pages (GovernanceEndpoints): the same services as the API; a refused form shows the page again with
/// what was typed and why (422).
struct GovernancePages {
    struct RoleForm: Content { var name: String?; var purpose: String?; var rights: [String]?; var reason: String? }
    struct AssignForm: Content { var handle: String?; var action: String? }
    struct ChangeForm: Content { var action: String?; var name: String?; var purpose: String?; var rights: [String]? }
    struct RuleForm: Content { var topic: String?; var count: String?; var rights: [String]?; var weighPositions: String?; var cap: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = GovernanceEndpoints
        r.community(E.roles) { req, ctx in
            req.page(GovernanceViews.rolesPage(try await Self.roles(req, ctx), req.lang, csrf: req.csrf))
        }
        r.community(E.proposeRole) { req, ctx in
            let f = (try? req.content.decode(RoleForm.self)) ?? RoleForm()
            do {
                let a = try await ProposalService(req.context).proposeRole(ctx, name: f.name ?? "", purpose: f.purpose ?? "", rights: f.rights ?? [],
                                                                           reason: f.reason ?? "")
                return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: .proposalOpened)
            } catch let AppError.invalid(v) {
                let form = FormState(values: ["name": f.name ?? "", "purpose": f.purpose ?? "", "rights": (f.rights ?? []).joined(separator: ",")],
                                     violations: v)
                return try await req.page(GovernanceViews.rolesPage(Self.roles(req, ctx, roleForm: form), req.lang, csrf: req.csrf),
                                          status: .unprocessableEntity)
            }
        }
        r.community(E.assign) { req, ctx in
            let f = (try? req.content.decode(AssignForm.self)) ?? AssignForm()
            let role = try req.parameters.require("id", as: UUID.self)
            let action = AssignmentProposal.Action(rawValue: f.action ?? "assign") ?? .assign
            do {
                let a = try await ProposalService(req.context).proposeAssignment(ctx, role: role, handle: f.handle ?? "", action: action, reason: "")
                return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: .proposalOpened)
            } catch let error as AppError {
                var form = FormState(values: ["handle": f.handle ?? "", "role": role.uuidString])
                switch error {
                case let .invalid(v): form.violations = v
                case let .conflict(t), let .rejected(t): form.message = t
                default: throw error
                }
                return try await req.page(GovernanceViews.rolesPage(Self.roles(req, ctx, assignmentForm: form), req.lang, csrf: req.csrf),
                                          status: .unprocessableEntity)
            }
        }
        r.community(E.changeRole) { req, ctx in
            let f = (try? req.content.decode(ChangeForm.self)) ?? ChangeForm()
            guard let action = RoleProposal.Action(rawValue: f.action ?? ""), action != .create else { throw AppError.invalid(Violations(.action, .notAChoice)) }
            let a = try await ProposalService(req.context).proposeRoleChange(ctx, role: try req.parameters.require("id", as: UUID.self), action: action,
                                                                             name: f.name ?? "", purpose: f.purpose ?? "", rights: f.rights ?? [], reason: "")
            return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: .proposalOpened)
        }
        r.community(E.proposeRule) { req, ctx in
            let f = (try? req.content.decode(RuleForm.self)) ?? RuleForm()
            do {
                guard let count = Int(f.count ?? "") else { throw AppError.invalid(Violations(.count, .notANumber)) }
                let capText = (f.cap ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
                guard capText.isEmpty || Double(capText) != nil else { throw AppError.invalid(Violations(.cap, .notANumber)) }
                let a = try await ProposalService(req.context).proposeCredibilityRule(ctx, topic: f.topic ?? "", count: count, rights: f.rights ?? [],
                                                                                      weighPositions: f.weighPositions == "on",
                                                                                      cap: Double(capText), reason: "")
                return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: .proposalOpened)
            } catch let AppError.invalid(v) {
                let form = FormState(values: ["topic": f.topic ?? "", "count": f.count ?? "", "rights": (f.rights ?? []).joined(separator: ","),
                                              "weighPositions": f.weighPositions ?? "", "cap": f.cap ?? ""], violations: v)
                return try await req.page(GovernanceViews.rolesPage(Self.roles(req, ctx, ruleForm: form), req.lang, csrf: req.csrf),
                                          status: .unprocessableEntity)
            }
        }
        r.community(E.proposals) { req, ctx in
            let list = try await ProposalQueries(req.context).proposals(ctx.id, kind: nil, after: req.after)
            return req.page(GovernanceViews.proposalsPage(CodePages.community(ctx), list, req.lang))
        }
        r.community(E.proposal) { req, ctx in
            let (a, item) = try await ProposalQueries(req.context).require(req.parameters.get("id", as: UUID.self), in: ctx)
            let code = CodeQueries(req.context)
            let model = ProposalPage(community: CodePages.community(ctx), proposal: item, positions: try await code.positions(a),
                                     tally: try await code.tally(a, ctx.community), rule: ctx.community.codeRule,
                                     canDecide: ctx.can(.applyDecisions))
            return req.page(GovernanceViews.proposalPage(model, req.lang, csrf: req.csrf))
        }
        r.community(E.position) { req, ctx in
            let (a, _) = try await ProposalQueries(req.context).require(req.parameters.get("id", as: UUID.self), in: ctx)
            let f = (try? req.content.decode(CodePages.PositionForm.self)) ?? CodePages.PositionForm()
            try await CodeService(req.context).position(ctx, a, stance: f.stance ?? "", reason: f.reason ?? "")
            return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: .positionTaken)
        }
        r.community(E.decide) { req, ctx in
            let (a, _) = try await ProposalQueries(req.context).require(req.parameters.get("id", as: UUID.self), in: ctx)
            let d = try await CodeService(req.context).decide(ctx, a.id!)
            // Said as on an amendment's page: applied, or the rule cannot conclude yet.
            return req.redirect(to: E.proposal.path(ctx.community.slug, a.id!), flash: d.status == .open ? .proposalStillOpen : .decided)
        }
    }

    static func roles(_ req: Request, _ ctx: CommunityContext, roleForm: FormState = FormState(), assignmentForm: FormState = FormState(),
                      ruleForm: FormState = FormState()) async throws -> RolesPage {
        let roles = try await RoleQueries(req.context).roles(ctx.id, after: req.after)
        let open = try await ProposalQueries(req.context).proposals(ctx.id, kind: nil, status: .open, after: nil, size: 50).items
        let rule = try await CredibilityGrants.rule(req.db, community: ctx.id)
            .map { CredibilityRuleItem(topic: $0.topic, count: $0.count, rights: Rights(mask: $0.rights).list, weighPositions: $0.weighPositions, cap: $0.weightCap) }
        return RolesPage(community: CodePages.community(ctx), roles: roles, proposals: open, rule: rule, roleForm: roleForm,
                         assignmentForm: assignmentForm, ruleForm: ruleForm)
    }
}

extension GovernanceRoleItem: Content {}
extension GovernanceProposalItem: Content {}
