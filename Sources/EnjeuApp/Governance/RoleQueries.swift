import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reads of roles and governance proposals (plain SQL for lists, see App/Reads.swift).
struct RoleQueries {
    let db: any Database

    init(_ ctx: ServiceContext) { db = ctx.db }
    init(db: any Database) { self.db = db }

    struct Member: Decodable, Sendable { let user_id: UUID; let handle: String; let role: Role }

    static func activeMember(_ db: any Database, community: UUID, handle: String) async throws -> Member? {
        guard Rules.isValidHandle(handle) else { return nil }
        return try await db.row("""
            SELECT user_id, handle, role FROM memberships WHERE community_id = \(bind: community) AND handle = \(bind: handle)
              AND status = \(bind: MembershipStatus.active.rawValue)
            """, as: Member.self)
    }

    static func activeMember(_ db: any Database, community: UUID, user: UUID) async throws -> Member? {
        try await db.row("""
            SELECT user_id, handle, role FROM memberships WHERE community_id = \(bind: community) AND user_id = \(bind: user)
              AND status = \(bind: MembershipStatus.active.rawValue)\(db.forUpdate)
            """, as: Member.self)
    }

    /// The live role of that name (compared folded), if any.
    static func live(_ db: any Database, community: UUID, named name: String) async throws -> CommunityRole? {
        let key = Folding.fold(name)
        return try await CommunityRole.query(on: db).filter(\.$communityID == community).filter(\.$removedAt == nil).all()
            .first { Folding.fold($0.name) == key || $0.builtin == key }
    }

    /// A live role of this community, or 404.
    func require(_ community: UUID, _ id: UUID) async throws -> CommunityRole {
        guard let r = try await CommunityRole.query(on: db).filter(\.$id == id).filter(\.$communityID == community)
            .filter(\.$removedAt == nil).first() else { throw AppError.notFound }
        return r
    }

    /// The live role, locked for the deciding transaction on PostgreSQL.
    static func lockLive(_ db: any Database, community: UUID, _ id: UUID) async throws -> CommunityRole? {
        struct I: Decodable { let id: UUID }
        guard try await db.row("""
            SELECT id FROM community_roles WHERE id = \(bind: id) AND community_id = \(bind: community) AND removed_at IS NULL\(db.forUpdate)
            """, as: I.self) != nil else { return nil }
        return try await CommunityRole.find(id, on: db)
    }

    static func holders(_ db: any Database, role: UUID) async throws -> [UUID] {
        struct U: Decodable { let user_id: UUID }
        return try await db.rows("SELECT user_id FROM role_assignments WHERE role_id = \(bind: role)", as: U.self).map(\.user_id)
    }

    typealias RoleItem = GovernanceRoleItem

    private struct RoleRow: Decodable {
        let id: UUID, name: String, purpose: String, rights: Int, builtin: String, created_at: Date
    }

    private struct HolderRow: Decodable { let role_id: UUID?; let role: String; let handle: String }

    /// The community's live roles, predefined ones first, then by creation; keyset-paged by id within each.
    func roles(_ community: UUID, after: String?, size: Int = 100) async throws -> KeysetPage<RoleItem> {
        var q: SQLQueryString = """
            SELECT id, name, purpose, rights, builtin, created_at FROM community_roles
            WHERE community_id = \(bind: community) AND removed_at IS NULL
            """
        if let id = try Cursor.after(after)?.id { q = q + " AND id > \(bind: id)" }
        q = q + " ORDER BY id LIMIT \(literal: size + 1)"
        let rows = try await db.rows(q, as: RoleRow.self)
        let page = KeysetPage(rows: rows, size: size) { $0.id }
        let active = MembershipStatus.active.rawValue
        let holders = try await db.rows("""
            SELECT a.role_id, m.role, m.handle FROM role_assignments a
            JOIN memberships m ON m.community_id = a.community_id AND m.user_id = a.user_id AND m.status = \(bind: active)
            WHERE a.community_id = \(bind: community)
            UNION ALL
            SELECT NULL AS role_id, m.role, m.handle FROM memberships m
            WHERE m.community_id = \(bind: community) AND m.status = \(bind: active)
              AND m.role IN (\(bind: Role.founder.rawValue), \(bind: Role.steward.rawValue))
            ORDER BY handle LIMIT 2000
            """, as: HolderRow.self)
        // The predefined pair first within the page.
        let items = page.items.sorted { ($0.builtin.isEmpty ? 1 : 0) < ($1.builtin.isEmpty ? 1 : 0) }
        return KeysetPage(items: items, next: page.next).map { r in
            let names = r.builtin.isEmpty ? holders.filter { $0.role_id == r.id }.map(\.handle)
                                          : holders.filter { $0.role_id == nil && $0.role == r.builtin }.map(\.handle)
            return RoleItem(id: r.id, name: r.name, purpose: r.purpose, rights: r.builtin.isEmpty ? Rights(mask: r.rights).list : Rights.all.list,
                            builtin: r.builtin.isEmpty ? nil : r.builtin, holders: Array(names.prefix(200)), createdAt: r.created_at)
        }
    }

    /// The custom roles' names of these members (the members list adds the predefined one from `memberships.role`).
    func customRoles(_ community: UUID, users: [UUID]) async throws -> [UUID: [String]] {
        guard !users.isEmpty else { return [:] }
        struct R: Decodable { let user_id: UUID; let name: String }
        let list = SQLList(users.map { SQLBind($0) })
        let rows = try await db.rows("""
            SELECT a.user_id, r.name FROM role_assignments a JOIN community_roles r ON r.id = a.role_id
            WHERE a.community_id = \(bind: community) AND r.removed_at IS NULL AND a.user_id IN (\(list))
            ORDER BY r.name
            """, as: R.self)
        return Dictionary(grouping: rows, by: \.user_id).mapValues { $0.map(\.name) }
    }
}
