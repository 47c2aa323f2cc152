import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Writing notifications and feed events from any feature, inside that feature's write transaction (a whole
/// community's notifications are written after it, see `everyone`). Preferences are read in the same statement,
/// so a kind switched off is never stored; the live events wait in the transaction's outbox until it commits.
/// `db` is the caller's transaction and `app` its context's (`context.app`, for the ids): these run inside another write.
enum Notify {
    /// Notifies `users` (the actor excluded) of one thing; returns who was notified.
    @discardableResult
    static func users(_ db: any Database, app: Application, _ users: [UUID], community: UUID?, kind: NotificationKind, actor: String,
                      actorID: UUID?, subject: String, link: String, now: Date) async throws -> [UUID] {
        let candidates = Array(Set(users).subtracting(actorID.map { [$0] } ?? []))
        guard !candidates.isEmpty else { return [] }
        struct Row: Decodable { let id: UUID; let inApp: Bool; enum CodingKeys: String, CodingKey { case id, inApp = "in_app" } }
        var rows: [Row] = []
        for chunk in candidates.chunks(of: 500) {
            // Kept unless the kind is off both in the app and by e-mail; `in_app` says whether the app shows it.
            rows += try await db.rows("""
                SELECT u.id, COALESCE((SELECT p.in_app FROM notification_prefs p WHERE p.user_id = u.id AND p.kind = \(bind: kind.rawValue)), \(bind: true)) AS in_app
                FROM users u WHERE u.id IN (\(binds: chunk)) AND NOT EXISTS (
                  SELECT 1 FROM notification_prefs p WHERE p.user_id = u.id AND p.kind = \(bind: kind.rawValue) AND p.in_app = \(bind: false) AND p.email = \(bind: false))
                """, as: Row.self)
        }
        guard !rows.isEmpty else { return [] }
        let ids = app.enjeu.ids
        try await sql(db).insert(into: "notifications", columns: ["id", "user_id", "community_id", "kind", "actor", "subject", "link", "in_app", "created_at"],
                                 rows: rows) { [ids.next(), $0.id, community, kind.rawValue, actor, subject, link, $0.inApp, now] }
        let shown = rows.filter(\.inApp).map(\.id)
        if !shown.isEmpty {
            Outbox.add(LiveEvent(kind: .notification, users: shown, community: community, notification: kind,
                                 actor: actor, subject: subject, link: link))
        }
        return shown
    }

    /// Notifies every active member of a community (the actor excluded) after the transaction commits, in batches
    /// (`FanOut`): the transaction itself writes one row, whatever the community's size.
    static func everyone(_ db: any Database, app: Application, community: UUID, kind: NotificationKind, actor: String,
                         actorID: UUID?, subject: String, link: String, now: Date) async throws {
        try await FanOut.record(db, app: app, community: community, kind: kind, actor: actor, actorID: actorID,
                                subject: subject, link: link, now: now)
    }

    /// The active members of a community, or its stewards (join requests: a handful, notified in the transaction).
    static func members(_ db: any Database, _ community: UUID, stewardsOnly: Bool = false) async throws -> [UUID] {
        struct Row: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        let roles: SQLQueryString = stewardsOnly ? " AND role IN (\(binds: Role.stewardRoles))" : ""
        return try await db.rows("""
            SELECT user_id FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: MembershipStatus.active.rawValue)\(roles)
            """, as: Row.self).map(\.userId)
    }

    /// An event of another feature in the community's feed. A proposal adopted may be a value: matching's terms follow.
    static func feed(_ db: any Database, app: Application, community: UUID, slug: String, _ event: FeedEvent, actor: UUID?,
                     subject: String, link: String, now: Date) async throws {
        if event == .adopted { try await SocialIndexes.communityValuesChanged(db, community: community) }
        try await post(db, app: app, id: app.enjeu.ids.next(), community: community, slug: slug, kind: .event(event), author: actor, body: "",
                       subject: subject, link: link, now: now)
    }

    /// One item of a feed (a member's post, kind 'post', or an event), announced live once the transaction commits.
    /// Published kinds also go to the community's followers on other servers (Federation/Publishing.swift).
    static func post(_ db: any Database, app: Application, id: UUID, community: UUID, slug: String, kind: FeedItemKind, author: UUID?, body: String,
                     subject: String, link: String, now: Date) async throws {
        try await sql(db).raw("""
            INSERT INTO posts (id, community_id, author_id, kind, body, subject, link, comments, created_at)
            VALUES (\(bind: id), \(bind: community), \(bind: author), \(bind: kind.rawValue), \(bind: body), \(bind: subject), \(bind: link), 0, \(bind: now))
            """).run()
        try await Publishing.enqueue(db, app: app, post: id, community: community, kind: kind.rawValue, .create, now: now)
        Outbox.add(LiveEvent(kind: .post, community: community, slug: slug, post: id))
    }

    /// Credibility is recomputed in the background for communities whose endorsements or results changed.
    static func credibilityChanged(_ db: any Database, _ community: UUID) async throws {
        try await sql(db).raw("""
            INSERT INTO credibility_state (id, dirty, anchored_on_stewards) VALUES (\(bind: community), \(bind: true), \(bind: false))
            ON CONFLICT (id) DO UPDATE SET dirty = \(bind: true)
            """).run()
    }
}
