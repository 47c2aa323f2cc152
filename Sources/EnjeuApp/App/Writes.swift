import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// SQLite allows one writer at a time, and two deferred transactions that both read before writing
/// deadlock with SQLITE_BUSY (the busy handler cannot help). So on SQLite every write transaction
/// waits its turn on this in-process queue; on PostgreSQL it is a plain transaction and row-level
/// conditions (`… WHERE status = 'pending' RETURNING id`) settle races.
actor WriteQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

extension Application {
    private struct WriteQueueKey: StorageKey { typealias Value = WriteQueue }
    var writeQueue: WriteQueue? {
        get { storage[WriteQueueKey.self] }
        set { storage[WriteQueueKey.self] = newValue }
    }
}

extension Request {
    /// One write transaction: all or nothing. A request that passed a community gate re-checks it first, inside.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.write(on: db, context.rechecked(body))
    }

    private struct GateCheckKey: StorageKey { typealias Value = GateCheck }
    /// What the community gate let this request do, for the write transaction's re-check.
    var gateCheck: GateCheck? {
        get { storage[GateCheckKey.self] }
        set { storage[GateCheckKey.self] = newValue }
    }
}

/// The same-transaction re-check of a community gate (issue 18). The gate decided on the viewer's membership as read
/// before the request's work; a write re-reads that row inside its transaction (locked on PostgreSQL, so a
/// change in flight commits first and none starts until the write ends) and asks `AccessPolicy` again. A member whose
/// role (or right, or standing) was taken away a moment before gets a 403 and nothing is written. One indexed read,
/// only for the capabilities a membership row grants.
struct GateCheck: Sendable {
    let need: Capability
    let communityID: UUID
    let userID: UUID
    let visibility: Visibility
    let codePublished: Bool
    let dataPublished: Bool
    /// The request writes (not a read that happens to write): a community closed since the gate refuses it.
    let writing: Bool

    /// nil when the gate's capability is not one a membership row grants (reading, joining, accepting the charter,
    /// leaving: those writes change the row themselves), when nobody is signed in, and for contributing to a programme
    /// (taking part through a joined community is not one row).
    init?(need: Capability, context ctx: CommunityContext, writing: Bool = true) {
        guard let viewer = ctx.viewer, need == .contribute || need == .steward || need.right != nil,
              !(ctx.kind == .programme && need == .contribute) else { return nil }
        self.need = need
        communityID = ctx.id
        userID = viewer.id
        visibility = ctx.community.visibility
        codePublished = ctx.community.codePublished
        dataPublished = ctx.publishesOpenData
        self.writing = writing
    }

    /// The membership row and what of the community decides with it now: the charter version (a charter adopted since
    /// the gate read it asks everyone to accept it again) and the life stage (a community closed since then refuses).
    private struct Current: Decodable {
        let role: Role?, status: MembershipStatus?, acceptedCharterVersion: Int?, rights: Int?, earnedRights: Int?
        let charterVersion: Int, stage: LifeStage
        enum CodingKeys: String, CodingKey {
            case role, status, rights, stage, acceptedCharterVersion = "accepted_charter_version", earnedRights = "earned_rights",
                 charterVersion = "charter_version"
        }
    }

    func verify(_ db: any Database) async throws {
        // Only the membership is locked (`OF m`): communities rows are updated at every commit (page generations).
        let m = try await db.row("""
            SELECT m.role, m.status, m.accepted_charter_version, m.rights, m.earned_rights, c.charter_version, c.stage
            FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.community_id = \(bind: communityID) AND m.user_id = \(bind: userID)\(db.forNoKeyUpdate(of: "m"))
            """, as: Current.self)
        var relation = ViewerRelation.outsider
        if let m, let role = m.role, let status = m.status {
            relation = .member(role: role, status: status, charterCurrent: (m.acceptedCharterVersion ?? 0) >= m.charterVersion)
        }
        if writing, let stage = m?.stage, !AccessPolicy.writable(stage) { throw AppError.forbidden(CommonText.errCommunityClosed.text) }
        let rights = m.map { Rights(mask: ($0.rights ?? 0) | ($0.earnedRights ?? 0)) } ?? .none
        guard AccessPolicy.allows(need, visibility: visibility, relation: relation, codePublished: codePublished,
                                  dataPublished: dataPublished, rights: rights, stage: m?.stage ?? .growing)
        else { throw AppError.forbidden(GovernanceText.errNoLongerAllowed.text) }
    }
}

extension CommunityContext {
    /// Inside a write transaction: the viewer still holds `need` now, a capability the handler used beyond its route's gate
    /// (a steward's or a right's power over others' things); 403 and nothing written otherwise. Call it only where that
    /// power is what allows the write.
    func recheck(_ need: Capability, in db: any Database) async throws {
        try await GateCheck(need: need, context: self)?.verify(db)
    }
}

extension Application {
    /// `durable: false` for a write whose loss in a power cut costs nothing (a rate limit's count, an estimate recomputed):
    /// on SQLite its commit does not wait for the disk (`NORMAL` keeps the file sound), unless the operator asked for less
    /// everywhere; on PostgreSQL neither (`synchronous_commit = off` for that transaction: it is lost, never half-applied).
    func write<T: Sendable>(on db: any Database, durable: Bool = true,
                            _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let queue = writeQueue else {
            if durable { return try await db.transaction(body) }
            return try await db.transaction { tx in
                try await sql(tx).raw("SET LOCAL synchronous_commit = off").run()
                return try await body(tx)
            }
        }
        let configured = enjeu.sqliteSynchronous
        let synchronous = (durable || configured == .off ? configured : .normal).rawValue
        await queue.acquire()
        do {
            // `synchronous` is a per-connection setting, so it is set on the connection that commits.
            let result = try await db.withConnection { conn in
                try await sql(conn).raw("PRAGMA synchronous=\(unsafeRaw: synchronous)").run()
                return try await conn.transaction(body)
            }
            await queue.release()
            return result
        } catch {
            await queue.release()
            throw error
        }
    }
}
