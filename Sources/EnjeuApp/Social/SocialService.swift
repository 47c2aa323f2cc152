import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every write of the social space, each in one transaction whose live events leave after the commit.
struct SocialService {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    struct PostIn: Content, Sendable { let body: String }
    struct EndorseIn: Content, Sendable { let to: String; let topic: String; let note: String? }
    struct ReadIn: Content, Sendable { let ids: [UUID]?; let all: Bool? }
    struct PrefIn: Content, Sendable { let kind: String; let inApp: Bool; let email: Bool }

    /// Mentioned handles that are active members of the community; anyone else is ignored without a word (it reveals nothing).
    private func mentioned(_ ctx: CommunityContext, _ body: String, excluding author: UUID) async throws -> [UUID] {
        let handles = Social.mentions(in: body)
        guard !handles.isEmpty else { return [] }
        struct Row: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        return try await context.db.rows("""
            SELECT user_id FROM memberships WHERE community_id = \(bind: ctx.id) AND status = \(bind: MembershipStatus.active.rawValue)
              AND handle IN (\(binds: handles))
            """, as: Row.self).map(\.userId).filter { $0 != author }
    }

    /// What a post and a comment start from: who writes, the checked body, whom it mentions, the new row's id and time.
    private struct Writing { let viewer: Viewer, body: String, mentions: [UUID], id: UUID, now: Date }

    private func writing(_ ctx: CommunityContext, _ raw: String, _ rule: (String) -> Result<String, Violations>) async throws -> Writing {
        let viewer = try ctx.requireViewer()
        let body = try rule(raw).mapError(AppError.invalid).get()
        return Writing(viewer: viewer, body: body, mentions: try await mentioned(ctx, body, excluding: viewer.id), id: context.newID(), now: context.now)
    }

    func post(_ ctx: CommunityContext, _ input: PostIn) async throws -> UUID {
        let w = try await writing(ctx, input.body, Social.validatePost)
        let (app, slug) = (context.app, ctx.community.slug)
        try await context.writeAnnouncing { db in
            try await Notify.post(db, app: app, id: w.id, community: ctx.id, slug: slug, kind: .post, author: w.viewer.id, body: w.body, subject: "", link: "", now: w.now)
            try await Notify.users(db, app: app, w.mentions, community: ctx.id, kind: .mention, actor: w.viewer.handle, actorID: w.viewer.id,
                                   subject: NotificationView.excerpt(w.body), link: SocialEndpoints.post.path(slug, w.id), now: w.now)
        }
        return w.id
    }

    func comment(_ ctx: CommunityContext, post: SocialQueries.PostRow, _ input: PostIn) async throws -> UUID {
        let w = try await writing(ctx, input.body, Social.validateComment)
        let app = context.app
        let link = SocialEndpoints.post.path(ctx.community.slug, post.id) + "#c-" + w.id.uuidString
        // The post's author hears of the reply once, as a reply rather than as a mention.
        let author = post.event != nil || post.authorHandle == nil ? nil : try await SocialQueries(context).member(ctx.id, post.authorHandle!)?.userId
        let mentions = w.mentions.filter { $0 != author }
        try await context.writeAnnouncing { db in
            try await sql(db).raw("""
                INSERT INTO post_comments (id, community_id, post_id, author_id, body, created_at)
                VALUES (\(bind: w.id), \(bind: ctx.id), \(bind: post.id), \(bind: w.viewer.id), \(bind: w.body), \(bind: w.now))
                """).run()
            try await sql(db).raw("UPDATE posts SET comments = comments + 1 WHERE id = \(bind: post.id)").run()
            for (kind, users) in [(NotificationKind.reply, author.map { [$0] } ?? []), (.mention, mentions)] {
                try await Notify.users(db, app: app, users, community: ctx.id, kind: kind, actor: w.viewer.handle, actorID: w.viewer.id,
                                       subject: NotificationView.excerpt(w.body), link: link, now: w.now)
            }
        }
        return w.id
    }

    func follow(_ viewer: Viewer, _ kind: SocialTarget, target: UUID, on: Bool) async throws {
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            if on {
                try await sql(db).raw("""
                    INSERT INTO follows (id, follower_id, target_kind, target_id, created_at) VALUES (\(bind: id), \(bind: viewer.id), \(bind: kind.rawValue),
                      \(bind: target), \(bind: now)) ON CONFLICT (follower_id, target_kind, target_id) DO NOTHING
                    """).run()
            } else {
                try await sql(db).raw("""
                    DELETE FROM follows WHERE follower_id = \(bind: viewer.id) AND target_kind = \(bind: kind.rawValue) AND target_id = \(bind: target)
                    """).run()
            }
        }
    }

    /// A member endorses another member of the same community on a topic. Never oneself, never twice on one topic.
    func endorse(_ ctx: CommunityContext, _ input: EndorseIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let v = try EndorsementDraft(to: input.to, topic: input.topic, note: input.note ?? "").validated(endorser: viewer.handle)
            .mapError(AppError.invalid).get()
        guard let target = try await SocialQueries(context).member(ctx.id, v.handle) else { throw AppError.invalid(Violations(.to, .notAChoice)) }
        let id = context.newID()
        let now = context.now
        let app = context.app
        let slug = ctx.community.slug
        try await context.writeAnnouncing { db in
            // The partial unique index `endorsements_active` refuses a second active endorsement, concurrent ones included.
            do {
                try await sql(db).raw("""
                    INSERT INTO endorsements (id, community_id, from_id, to_id, topic_key, topic, note, created_at)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: viewer.id), \(bind: target.userId), \(bind: v.topic.key), \(bind: v.topic.label),
                      \(bind: v.note), \(bind: now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(.errEndorsedTwice)
            }
            try await SocialIndexes.endorsed(db, community: ctx.id, topicKey: v.topic.key, topic: v.topic.label)
            try await Notify.credibilityChanged(db, ctx.id)
            try await Notify.users(db, app: app, [target.userId], community: ctx.id, kind: .endorsement, actor: viewer.handle, actorID: viewer.id,
                                   subject: v.topic.label, link: SocialEndpoints.why.path(slug, target.handle), now: now)
        }
        return id
    }

    /// The endorser withdraws their endorsement; it stays in history (revoked_at), out of every computation.
    func revoke(_ ctx: CommunityContext, _ id: UUID) async throws {
        let viewer = try ctx.requireViewer()
        let now = context.now
        try await context.write { db in
            struct One: Decodable { let fromId: UUID; let revokedAt: Date?; let topicKey: String; let topic: String
                enum CodingKeys: String, CodingKey { case topic, fromId = "from_id", revokedAt = "revoked_at", topicKey = "topic_key" } }
            guard let e = try await db.row("""
                SELECT from_id, revoked_at, topic_key, topic FROM endorsements WHERE id = \(bind: id) AND community_id = \(bind: ctx.id)
                """, as: One.self), e.revokedAt == nil else { throw AppError.notFound }
            guard e.fromId == viewer.id else { throw AppError.forbidden(.errEndorserOnly) }
            // Only the request that revokes it counts it out (PostgreSQL: a concurrent one waits, then changes nothing).
            struct Revoked: Decodable { let id: UUID }
            guard try await db.row("""
                UPDATE endorsements SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
                """, as: Revoked.self) != nil else { throw AppError.notFound }
            try await SocialIndexes.revoked(db, community: ctx.id, topicKey: e.topicKey, topic: e.topic)
            try await Notify.credibilityChanged(db, ctx.id)
        }
    }

    func markRead(_ viewer: Viewer, ids: [UUID], all: Bool) async throws -> Int {
        if !all && ids.isEmpty { throw AppError.invalid(Violations(.ids, .required)) }
        if ids.count > 500 { throw AppError.invalid(Violations(.ids, .tooLong(max: 500))) }
        let now = context.now
        return try await context.write { db in
            // Only the caller's own notifications: someone else's id simply matches nothing.
            var q: SQLQueryString = "UPDATE notifications SET read_at = \(bind: now) WHERE user_id = \(bind: viewer.id) AND read_at IS NULL"
            if !all { q = q + " AND id IN (\(binds: ids))" }
            q.appendLiteral(" RETURNING id")
            return try await sql(db).raw(q).all().count
        }
    }

    func setPreference(_ viewer: Viewer, _ input: PrefIn) async throws { try await setPreferences(viewer, [input]) }

    /// Every kind's preferences in one transaction.
    func setPreferences(_ viewer: Viewer, _ inputs: [PrefIn]) async throws {
        for input in inputs where NotificationKind(rawValue: input.kind) == nil { throw AppError.invalid(Violations(.kind, .notAChoice)) }
        let ids = context.app.enjeu.ids
        try await context.write { db in
            for input in inputs {
                try await sql(db).raw("""
                    INSERT INTO notification_prefs (id, user_id, kind, in_app, email) VALUES (\(bind: ids.next()), \(bind: viewer.id), \(bind: input.kind),
                      \(bind: input.inApp), \(bind: input.email))
                    ON CONFLICT (user_id, kind) DO UPDATE SET in_app = \(bind: input.inApp), email = \(bind: input.email)
                    """).run()
            }
        }
    }
}

extension Text {
    static let errEndorsedTwice = Text(fr: "Vous faites déjà confiance à ce membre sur ce sujet.", en: "You already endorse this member on this topic.")
    static let errEndorserOnly = Text(fr: "Seule la personne qui a donné sa confiance peut la retirer.", en: "Only the endorser can withdraw an endorsement.")
}
