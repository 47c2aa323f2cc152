import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Suspensions' lifting and the instance's own: a community's suspension is its membership's status (`suspended`, with
/// `suspended_until` and `suspended_reason`); an account's, for the instance's operator, is `users.suspended_at` (with
/// `suspended_until`, `suspended_reason`), read with the person on every request. Both are over at their end without a
/// job (the gate and the session lookup compare it with now); the job `suspensions.lift` only tidies the rows and the
/// member counts afterwards.
enum Suspensions {
    private struct Lifted: Decodable { let communityId: UUID; let handle: String
        enum CodingKeys: String, CodingKey { case handle, communityId = "community_id" } }

    /// Lifts one member's suspension in a community: false when there is none.
    static func lift(_ db: any Database, _ ctx: ServiceContext, community: UUID, handle: String, reason: String?, actor: UUID??) async throws -> Bool {
        let lifted = try await db.rows("""
            UPDATE memberships SET status = \(bind: MembershipStatus.active.rawValue), suspended_until = NULL, suspended_reason = NULL
            WHERE community_id = \(bind: community) AND handle = \(bind: handle) AND status = \(bind: MembershipStatus.suspended.rawValue)
            RETURNING community_id, handle
            """, as: Lifted.self)
        guard !lifted.isEmpty else { return false }
        try await sql(db).raw("UPDATE communities SET member_count = member_count + 1 WHERE id = \(bind: community)").run()
        try await AuditEvent.record(db, ctx, community: community, JournalAction.memberUnsuspend.rawValue, "@\(handle)", reason: reason,
                                    actor: actor)
        try await Notify.credibilityChanged(db, community)
        return true
    }

    /// The scheduled job: suspensions whose end has passed become active memberships again (the journal says so, with
    /// no actor), and accounts' suspensions are cleared.
    static func liftDue(_ ctx: ServiceContext) async throws -> Int {
        let now = ctx.now
        return try await ctx.write { db in
            let due = try await db.rows("""
                SELECT community_id, handle FROM memberships WHERE status = \(bind: MembershipStatus.suspended.rawValue)
                  AND suspended_until IS NOT NULL AND suspended_until <= \(bind: now) ORDER BY community_id, handle LIMIT 500
                """, as: Lifted.self)
            var n = 0
            for m in due {
                if try await lift(db, ctx, community: m.communityId, handle: m.handle, reason: nil, actor: .some(nil)) { n += 1 }
            }
            struct Account: Decodable { let handle: String }
            let accounts = try await db.rows("""
                UPDATE users SET suspended_at = NULL, suspended_until = NULL, suspended_reason = NULL
                WHERE suspended_at IS NOT NULL AND suspended_until IS NOT NULL AND suspended_until <= \(bind: now) RETURNING handle
                """, as: Account.self)
            for a in accounts {
                try await AuditEvent.record(db, ctx, community: nil, JournalAction.accountUnsuspend.rawValue, "@\(a.handle)", actor: .some(nil))
            }
            return n + accounts.count
        }
    }

    /// The instance's operator suspends an account everywhere (`enjeu admin suspend`): every write of it is refused.
    static func suspendAccount(_ ctx: ServiceContext, handle: String, until: Date?, reason raw: String?) async throws {
        let reason = try ModerationRules.suspension(reason: raw, until: until, now: ctx.now).mapError(AppError.invalid).get()
        let now = ctx.now
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE users SET suspended_at = \(bind: now), suspended_until = \(bind: until), suspended_reason = \(bind: reason)
                WHERE handle = \(bind: handle) RETURNING id
                """).first() != nil
            guard done else { throw AppError.notFound }
            try await AuditEvent.record(db, ctx, community: nil, JournalAction.accountSuspend.rawValue,
                                        until.map { "@\(handle) until \(ISO8601DateFormatter().string(from: $0))" } ?? "@\(handle)",
                                        reason: reason, actor: .some(nil))
        }
    }

    static func unsuspendAccount(_ ctx: ServiceContext, handle: String) async throws {
        try await ctx.write { db in
            let done = try await sql(db).raw("""
                UPDATE users SET suspended_at = NULL, suspended_until = NULL, suspended_reason = NULL
                WHERE handle = \(bind: handle) AND suspended_at IS NOT NULL RETURNING id
                """).first() != nil
            guard done else { throw AppError.conflict(ModerationText.errNotSuspended.text) }
            try await AuditEvent.record(db, ctx, community: nil, JournalAction.accountUnsuspend.rawValue, "@\(handle)", actor: .some(nil))
        }
    }

    /// `until` as the API and the command take it: an ISO 8601 instant, or a day (its start, UTC). Blank: none.
    static func parseUntil(_ raw: String?) throws -> Date? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let d = full.date(from: raw) ?? fractional.date(from: raw) ?? day.date(from: raw) else {
            throw AppError.invalid(Violations(.until, .dateFormat))
        }
        return d
    }
}

/// `enjeu admin …`: the instance operator's moderation — suspend or unsuspend an account everywhere, read the journal of
/// every community.
struct AdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "suspend, unsuspend or journal")
        var action: String
        @Option(name: "handle", short: "u", help: "The account (suspend, unsuspend)")
        var handle: String?
        @Option(name: "reason", help: "Why (suspend; the person reads it)")
        var reason: String?
        @Option(name: "until", help: "End of the suspension, ISO 8601 (default: indefinite)")
        var until: String?
        @Option(name: "limit", help: "How many journal entries, newest first (default 50)")
        var limit: Int?
        init() {}
    }

    var help: String { "The operator's moderation: admin suspend --handle H --reason R [--until DATE], admin unsuspend --handle H, admin journal [--limit N]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let ctx = context.application.context(lang: .en)
        switch signature.action {
        case "suspend", "unsuspend":
            guard let handle = signature.handle?.lowercased(), Rules.isValidHandle(handle) else {
                context.console.error("--handle: an account's handle is expected."); throw AppError.notFound
            }
            if signature.action == "suspend" {
                try await Suspensions.suspendAccount(ctx, handle: handle, until: try Suspensions.parseUntil(signature.until), reason: signature.reason)
                context.console.info("@\(handle) is suspended on this instance.")
            } else {
                try await Suspensions.unsuspendAccount(ctx, handle: handle)
                context.console.info("@\(handle) is no longer suspended.")
            }
        case "journal":
            let page = try await JournalQueries(ctx).instance(after: nil, limit: max(1, min(signature.limit ?? 50, 1_000)))
            for e in page.items {
                context.console.print([ISO8601DateFormatter().string(from: e.at), e.community ?? "-", e.actor.map { "@\($0)" } ?? "-",
                                       e.action, e.detail, e.reason ?? ""].joined(separator: "\t"))
            }
        default:
            context.console.error("Unknown action \(signature.action): suspend, unsuspend or journal.")
            throw AppError.notFound
        }
    }
}
