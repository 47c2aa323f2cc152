import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// What an adopted governance proposal does, in the transaction that decides it (`CodeService.decide`). Each kind's
/// effect re-checks what it names under the transaction (a role removed meanwhile, a member who left, no one left to
/// apply decisions) and throws `NoLongerApplies`: that transaction is rolled back and the proposal alone is marked
/// `conflict` in another, like an amendment that no longer merges. The extension point: a new `GovernanceKind` gets a case here.
enum ProposalEffects {
    struct NoLongerApplies: Error {}

    static func apply(_ db: any Database, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        switch a.kind {
        case .code:
            preconditionFailure("code amendments are applied by CodeService.decide")
        case .role:
            guard let p = ProposalPayload.decode(RoleProposal.self, a.payload) else { throw NoLongerApplies() }
            try await role(db, p, a, ctx: ctx, now: now)
        case .assignment:
            guard let p = ProposalPayload.decode(AssignmentProposal.self, a.payload) else { throw NoLongerApplies() }
            try await assignment(db, p, a, ctx: ctx, now: now)
        case .credibilityRule:
            guard let p = ProposalPayload.decode(CredibilityRuleProposal.self, a.payload) else { throw NoLongerApplies() }
            try await credibilityRule(db, p, a, ctx: ctx, now: now)
        case .charter:
            guard let p = ProposalPayload.decode(CharterProposal.self, a.payload) else { throw NoLongerApplies() }
            try await charter(db, p, a, ctx: ctx, now: now)
        case .stage:
            guard let p = ProposalPayload.decode(StageProposal.self, a.payload) else { throw NoLongerApplies() }
            try await stage(db, p, a, ctx: ctx, now: now)
        }
    }

    private static func audit(_ db: any Database, _ a: Amendment, _ ctx: ServiceContext, _ action: String, _ detail: String, _ now: Date) async throws {
        try await AuditEvent.record(db, ctx, community: a.communityID, action, "\(detail) proposal=\(a.id!.uuidString)",
                                    actor: .some(a.decidedBy ?? a.$author.id))
    }

    private static func role(_ db: any Database, _ p: RoleProposal, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        let cid = a.communityID
        switch p.action {
        case .create:
            if try await RoleQueries.live(db, community: cid, named: p.name) != nil { throw NoLongerApplies() }
            let r = CommunityRole()
            r.id = ctx.newID()
            r.communityID = cid
            r.name = p.name
            r.nameKey = Folding.fold(p.name)
            r.purpose = p.purpose
            r.rightsMask = Rights(p.rights).mask
            r.builtin = ""
            r.proposalID = a.id
            r.createdAt = now
            // Another decision that created the same name meanwhile: the unique live name decides (PostgreSQL).
            do { try await r.create(on: db) } catch let e as any DatabaseError where e.isConstraintFailure { throw NoLongerApplies() }
            try await audit(db, a, ctx, JournalAction.roleCreate.rawValue, p.name, now)
        case .change, .remove:
            guard let id = p.role, let r = try await RoleQueries.lockLive(db, community: cid, id), r.builtinRole == nil else { throw NoLongerApplies() }
            let holders = try await RoleQueries.holders(db, role: id)
            if p.action == .change {
                if let other = try await RoleQueries.live(db, community: cid, named: p.name), other.id != id { throw NoLongerApplies() }
                do {
                    try await sql(db).raw("""
                        UPDATE community_roles SET name = \(bind: p.name), name_key = \(bind: Folding.fold(p.name)), purpose = \(bind: p.purpose),
                          rights = \(bind: Rights(p.rights).mask)
                        WHERE id = \(bind: id)
                        """).run()
                } catch let e as any DatabaseError where e.isConstraintFailure { throw NoLongerApplies() }
            } else {
                try await sql(db).raw("UPDATE community_roles SET removed_at = \(bind: now) WHERE id = \(bind: id)").run()
                try await sql(db).raw("DELETE FROM role_assignments WHERE role_id = \(bind: id)").run()
            }
            try await MemberRights.refresh(db, community: cid, users: holders)
            do { try await checkSomeoneCanApply(db, community: cid, rule: nil) } catch is AppError { throw NoLongerApplies() }
            try await audit(db, a, ctx, (p.action == .change ? JournalAction.roleChange : .roleRemove).rawValue, p.name, now)
        }
    }

    private static func assignment(_ db: any Database, _ p: AssignmentProposal, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        let cid = a.communityID
        guard let role = try await RoleQueries.lockLive(db, community: cid, p.role),
              let member = try await RoleQueries.activeMember(db, community: cid, user: p.user) else { throw NoLongerApplies() }
        do { try await checkAssignment(db, role: role, member: member, action: p.action) } catch is AppError { throw NoLongerApplies() }
        switch (role.builtinRole, p.action) {
        case (.steward?, .assign):
            try await sql(db).raw("""
                UPDATE memberships SET role = \(bind: Role.steward.rawValue) WHERE community_id = \(bind: cid) AND user_id = \(bind: p.user)
                """).run()
        case (.steward?, .unassign):
            try await sql(db).raw("""
                UPDATE memberships SET role = \(bind: Role.member.rawValue) WHERE community_id = \(bind: cid) AND user_id = \(bind: p.user)
                """).run()
        case (_?, _):
            throw NoLongerApplies()
        case (nil, .assign):
            try await RoleAssignment(id: ctx.newID(), communityID: cid, roleID: p.role, userID: p.user, createdAt: now).create(on: db)
        case (nil, .unassign):
            try await sql(db).raw("DELETE FROM role_assignments WHERE role_id = \(bind: p.role) AND user_id = \(bind: p.user)").run()
        }
        try await MemberRights.refresh(db, community: cid, users: [p.user])
        if p.action == .unassign {
            do { try await checkSomeoneCanApply(db, community: cid, rule: nil) } catch is AppError { throw NoLongerApplies() }
        }
        try await audit(db, a, ctx, (p.action == .assign ? JournalAction.roleAssign : .roleUnassign).rawValue, "\(role.name) @\(member.handle)", now)
    }

    private static func credibilityRule(_ db: any Database, _ p: CredibilityRuleProposal, _ a: Amendment, ctx: ServiceContext, now: Date) async throws {
        do { try await checkSomeoneCanApply(db, community: a.communityID, rule: p) } catch is AppError { throw NoLongerApplies() }
        if !p.isNone {
            // One statement, so two rules adopted at once replace each other instead of colliding on the key.
            try await sql(db).raw("""
                INSERT INTO credibility_rules (community_id, topic, topic_key, count, rights, weigh_positions, weight_cap, proposal_id, adopted_at)
                VALUES (\(bind: a.communityID), \(bind: p.topic), \(bind: Folding.fold(p.topic)), \(bind: p.count), \(bind: Rights(p.rights).mask),
                  \(bind: p.weighPositions), \(bind: p.cap), \(bind: a.id!), \(bind: now))
                ON CONFLICT (community_id) DO UPDATE SET topic = excluded.topic, topic_key = excluded.topic_key, count = excluded.count,
                  rights = excluded.rights, weigh_positions = excluded.weigh_positions, weight_cap = excluded.weight_cap,
                  proposal_id = excluded.proposal_id, adopted_at = excluded.adopted_at
                """).run()
        } else {
            try await sql(db).raw("DELETE FROM credibility_rules WHERE community_id = \(bind: a.communityID)").run()
        }
        try await CredibilityGrants.refresh(db, community: a.communityID)
        let weighs = p.weighPositions ? " weighted ×\(p.cap)" : ""
        try await audit(db, a, ctx, JournalAction.credibilityRule.rawValue,
                        p.isNone ? "none" : "\(p.count) \(p.topic) \(p.rights.map(\.rawValue).joined(separator: ","))" + weighs, now)
    }

    /// Whether the assignment still makes sense: `assign` a role the member does not hold (never the founder's), `unassign`
    /// one they do. A state that makes it moot (already held, not held) is a 409, like every conflict with the current state.
    static func checkAssignment(_ db: any Database, role: CommunityRole, member: RoleQueries.Member, action: AssignmentProposal.Action) async throws {
        let holds: Bool
        switch role.builtinRole {
        case .founder?, .member?: throw AppError.rejected(GovernanceText.errBuiltinRole.text)
        case .steward?:
            // The founder holds every steward right already (409, as for any holder); the founder's role is never taken
            // away by proposal (422).
            if member.role == .founder && action == .unassign { throw AppError.rejected(GovernanceText.errBuiltinRole.text) }
            holds = member.role == .steward || member.role == .founder
        case nil: holds = try await RoleQueries.holders(db, role: role.id!).contains(member.user_id)
        }
        if action == .assign && holds { throw AppError.conflict(GovernanceText.errAlreadyAssigned.text) }
        if action == .unassign && !holds { throw AppError.conflict(GovernanceText.errNotAssigned.text) }
    }

    /// The community keeps someone able to apply decisions (with `rule`, as the credibility rule would be once adopted;
    /// nil: as it is). 422 naming `rights` otherwise.
    static func checkSomeoneCanApply(_ db: any Database, community: UUID, rule: CredibilityRuleProposal?) async throws {
        struct N: Decodable { let stewards: Int; let holders: Int }
        let bit = Right.applyDecisions.bit
        let active = MembershipStatus.active.rawValue
        let n = try await db.row("""
            SELECT (SELECT COUNT(*) FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: active)
                      AND role IN (\(bind: Role.founder.rawValue), \(bind: Role.steward.rawValue))) AS stewards,
                   (SELECT COUNT(*) FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: active)
                      AND (rights / \(literal: bit)) % 2 = 1) AS holders
            """, as: N.self) ?? N(stewards: 0, holders: 0)
        var credible = 0
        if let rule {
            if rule.count > 0 && Rights(rule.rights).contains(.applyDecisions) {
                credible = try await CredibilityGrants.named(db, community: community, topicKey: Folding.fold(rule.topic), count: rule.count).count
            }
        } else {
            struct E: Decodable { let n: Int }
            credible = try await db.row("""
                SELECT COUNT(*) AS n FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: active)
                  AND (earned_rights / \(literal: bit)) % 2 = 1
                """, as: E.self)?.n ?? 0
        }
        guard Governance.someoneCanApply(stewards: n.stewards, roleHolders: n.holders, credible: credible) else {
            throw AppError.invalid(Violations(.rights, .notAChoice))
        }
    }
}

/// Rights earned by credibility under the community's rule (`credibility_rules`), materialised into
/// `memberships.earned_rights` each time credibility is computed (and when a rule is adopted), so no page queries it.
enum CredibilityGrants {
    struct Rule: Decodable, Sendable {
        let topic: String, topicKey: String, count: Int, rights: Int, weighPositions: Bool, weightCap: Double
        enum CodingKeys: String, CodingKey {
            case topic, count, rights, topicKey = "topic_key", weighPositions = "weigh_positions", weightCap = "weight_cap"
        }
    }

    static func rule(_ db: any Database, community: UUID) async throws -> Rule? {
        try await db.row("""
            SELECT topic, topic_key, count, rights, weigh_positions, weight_cap FROM credibility_rules WHERE community_id = \(bind: community)
            """, as: Rule.self)
    }

    /// The active members the rule names now: the `count` best ranked on the topic (`credibility_by_rank`).
    static func named(_ db: any Database, community: UUID, topicKey: String, count: Int) async throws -> [UUID] {
        struct U: Decodable { let user_id: UUID }
        return try await db.rows("""
            SELECT s.user_id FROM credibility_scores s JOIN memberships m ON m.community_id = s.community_id AND m.user_id = s.user_id
            WHERE s.community_id = \(bind: community) AND s.topic_key = \(bind: topicKey) AND s.rank <= \(bind: count)
              AND m.status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY s.rank
            """, as: U.self).map(\.user_id)
    }

    /// Sets `earned_rights` for the whole community from its rule and its current scores: one statement that touches only
    /// the rows whose rights change, so a computation that changes nothing leaves the pages' cache as it is.
    static func refresh(_ db: any Database, community: UUID) async throws {
        let current = try await rule(db, community: community)
        var users: [UUID] = []
        if let current, current.count > 0 { users = try await named(db, community: community, topicKey: current.topicKey, count: current.count) }
        guard let rule = current, !users.isEmpty else {
            try await sql(db).raw("""
                UPDATE memberships SET earned_rights = 0 WHERE community_id = \(bind: community) AND earned_rights <> 0
                """).run()
            return
        }
        let named: SQLQueryString = "CASE WHEN user_id IN (\(SQLList(users.map { SQLBind($0) }))) THEN \(bind: rule.rights) ELSE 0 END"
        try await sql(db).raw("UPDATE memberships SET earned_rights = " + named + " WHERE community_id = \(bind: community) AND earned_rights <> " + named).run()
    }
}
