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
///
/// Every write also re-reads the viewer's suspensions (issue 20), whatever its capability: the member's in this
/// community (`memberships.status`/`suspended_until`, when the gate saw them as a member: a programme's suspension binds
/// its members only) and the account's (`users.suspended_at`/`suspended_until`), each holding by
/// `ModerationRules.suspended(until:now:)` — a suspension decided while the request ran refuses it, as the gate would have.
struct GateCheck: Sendable {
    let need: Capability
    let communityID: UUID
    let userID: UUID
    let visibility: Visibility
    let codePublished: Bool
    let dataPublished: Bool
    /// The request writes (not a read that happens to write): a community closed since the gate refuses it.
    let writing: Bool
    /// The gate's capability is one a membership row grants: re-evaluated here. Otherwise only the suspensions are.
    let grants: Bool
    /// The gate saw a member (whatever their status): their suspension here binds them.
    let member: Bool
    /// The request's clock, which decides whether a suspension with an end still holds.
    let now: Date

    /// nil when nobody is signed in, and for a read that needs no membership row's capability. The capability itself is
    /// re-evaluated only when a membership row grants it (not reading, joining, accepting the charter, leaving: those
    /// writes change the row themselves; not contributing to a programme: taking part through a joined community is not
    /// one row); every other write re-checks the suspensions only.
    init?(need: Capability, context ctx: CommunityContext, writing: Bool = true) {
        guard let viewer = ctx.viewer else { return nil }
        let grants = (need == .contribute || need == .steward || need.right != nil) && !(ctx.kind == .programme && need == .contribute)
        guard grants || writing else { return nil }
        self.need = need
        self.grants = grants
        communityID = ctx.id
        userID = viewer.id
        visibility = ctx.community.visibility
        codePublished = ctx.community.codePublished
        dataPublished = ctx.publishesOpenData
        self.writing = writing
        if case .member = ctx.relation { member = true } else { member = false }
        now = ctx.now
    }

    /// The membership row and what of the community decides with it now: the charter version (a charter adopted since
    /// the gate read it asks everyone to accept it again) and the life stage (a community closed since then refuses).
    private struct Current: Decodable {
        let role: Role?, status: MembershipStatus?, acceptedCharterVersion: Int?, rights: Int?, earnedRights: Int?
        let suspendedUntil: Date?, suspendedReason: String?
        let charterVersion: Int, stage: LifeStage
        enum CodingKeys: String, CodingKey {
            case role, status, rights, stage, acceptedCharterVersion = "accepted_charter_version", earnedRights = "earned_rights",
                 charterVersion = "charter_version", suspendedUntil = "suspended_until", suspendedReason = "suspended_reason"
        }
    }

    private struct Account: Decodable {
        let suspendedAt: Date?, suspendedUntil: Date?, suspendedReason: String?
        enum CodingKeys: String, CodingKey {
            case suspendedAt = "suspended_at", suspendedUntil = "suspended_until", suspendedReason = "suspended_reason"
        }
    }

    func verify(_ db: any Database) async throws {
        // The account first: an operator's suspension binds everywhere (App/Gate.swift lets a suspended account make no
        // unsafe request; a read that pays for what it shows is a read there, and here).
        if writing, let a = try await db.row("""
            SELECT suspended_at, suspended_until, suspended_reason FROM users WHERE id = \(bind: userID)
            """, as: Account.self), a.suspendedAt != nil, ModerationRules.suspended(until: a.suspendedUntil, now: now) {
            throw AppError.forbidden(ModerationText.accountSuspended(until: a.suspendedUntil, reason: a.suspendedReason ?? ""))
        }
        // Only the membership is locked (`OF m`): communities rows are updated at every commit (page generations).
        let m = try await db.row("""
            SELECT m.role, m.status, m.accepted_charter_version, m.rights, m.earned_rights, m.suspended_until, m.suspended_reason,
              c.charter_version, c.stage
            FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.community_id = \(bind: communityID) AND m.user_id = \(bind: userID)\(grants ? db.forNoKeyUpdate(of: "m") : "")
            """, as: Current.self)
        var relation = ViewerRelation.outsider
        if let m, let role = m.role, var status = m.status {
            // A suspension whose end has passed is over (the gate reads it so too); one that holds refuses every write
            // but leaving.
            if status == .suspended {
                if !ModerationRules.suspended(until: m.suspendedUntil, now: now) {
                    status = .active
                } else if member && need != .leave && writing {
                    throw AppError.forbidden(ModerationText.suspendedHere(until: m.suspendedUntil, reason: m.suspendedReason ?? ""))
                }
            }
            relation = .member(role: role, status: status, charterCurrent: (m.acceptedCharterVersion ?? 0) >= m.charterVersion)
        }
        if writing, let stage = m?.stage, !AccessPolicy.writable(stage) { throw AppError.forbidden(CommonText.errCommunityClosed.text) }
        guard grants else { return }
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

    /// Inside a write transaction of a route not gated by this community (a signed-in route that found it, like a
    /// report): the viewer is suspended neither here nor on the instance now.
    func recheckStanding(in db: any Database) async throws {
        try await GateCheck(need: .seeInside, context: self)?.verify(db)
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
