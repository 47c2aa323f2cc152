import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// A role of a community: a name, a purpose and rights (`Rights` mask). `builtin` is "founder" or "steward" for the two
/// predefined roles every community has (their holders are `memberships.role`, their rights all rights); custom roles'
/// holders are `role_assignments`. A removed role keeps its row (`removed_at`), for the record of past decisions.
final class CommunityRole: Model, @unchecked Sendable {
    static let schema = "community_roles"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "name") var name: String
    /// The name folded (`Folding.fold`): one live custom role per name and community (M040cRoleNameKeys).
    @Field(key: "name_key") var nameKey: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "rights") var rightsMask: Int
    @Field(key: "builtin") var builtin: String
    @OptionalField(key: "proposal_id") var proposalID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "removed_at") var removedAt: Date?

    init() {}

    var rights: Rights { builtinRole != nil ? .all : Rights(mask: rightsMask) }
    /// The predefined role this row stands for, if it is one.
    var builtinRole: Role? { builtin.isEmpty ? nil : Role(rawValue: builtin) }

    /// The founder and steward rows of a new community (its creation, M040b for the existing ones).
    static func builtins(_ db: any Database, community: UUID, now: Date, ids: (() -> UUID)? = nil) async throws {
        for role in [Role.founder, .steward] {
            try await sql(db).raw("""
                INSERT INTO community_roles (id, community_id, name, purpose, rights, builtin, created_at)
                VALUES (\(bind: ids?() ?? UUID()), \(bind: community), \(bind: role.rawValue), \(bind: ""), \(bind: Rights.all.mask),
                  \(bind: role.rawValue), \(bind: now))
                """).run()
        }
    }
}

/// A member holds a custom role.
final class RoleAssignment: Model, @unchecked Sendable {
    static let schema = "role_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "role_id") var roleID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(id: UUID, communityID: UUID, roleID: UUID, userID: UUID, createdAt: Date) {
        self.id = id
        self.communityID = communityID
        self.roleID = roleID
        self.userID = userID
        self.createdAt = createdAt
    }
}

/// Keeps `memberships.rights` equal to the union of the member's live custom roles' rights, inside the transaction
/// that changed them (the gate reads the column; a test compares it with the assignments).
enum MemberRights {
    struct Holder: Decodable { let user_id: UUID; let rights: Int }

    static func refresh(_ db: any Database, community: UUID, users: [UUID]) async throws {
        for user in Set(users) {
            let masks = try await db.rows("""
                SELECT a.user_id, r.rights FROM role_assignments a JOIN community_roles r ON r.id = a.role_id
                WHERE a.community_id = \(bind: community) AND a.user_id = \(bind: user) AND r.removed_at IS NULL
                """, as: Holder.self)
            let mask = masks.reduce(0) { $0 | $1.rights }
            try await sql(db).raw("""
                UPDATE memberships SET rights = \(bind: mask) WHERE community_id = \(bind: community) AND user_id = \(bind: user)
                """).run()
        }
    }
}
