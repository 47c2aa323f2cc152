import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Deleting one's account, in one transaction. Erased: the profile (the row stays, emptied, so the handle stays
/// reserved and sign-in fails), posts and comments (their text, « message supprimé » keeps their place), endorsements
/// given, notifications, follows, sessions, tokens, memberships and exports. Kept, attributed to « membre parti·e #n »
/// (one account per person and community, `departed_members`; `n` counts the departed of that community): what belongs
/// to the community's collective record — charter versions and acceptances, the #CodeSocial's revisions, amendments,
/// positions and comments, the journey's proposals, positions, actions and assessments, figures and their
/// contributions, credits, offers, referrals and flows. Refused while the person is the only founder of a community.
struct AccountDeletion {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    struct In: Content, Sendable { let password: String? }

    /// Rows that stay in their community, moved to its « membre parti·e » account: table, column, and how a row names its
    /// community (`t` is the table), with an optional condition.
    struct Kept: Sendable { let table: String, column: String, community: String, only: String? }
    static func direct(_ table: String, _ column: String, only: String? = nil) -> Kept {
        Kept(table: table, column: column, community: "\(table).community_id", only: only)
    }
    static func through(_ table: String, _ column: String, _ key: String, _ parent: String) -> Kept {
        Kept(table: table, column: column, community: "(SELECT p.community_id FROM \(parent) p WHERE p.id = \(table).\(key))", only: nil)
    }
    static let kept: [Kept] = [
        direct("charters", "author_id"), direct("charter_acceptances", "user_id"), direct("join_requests", "decided_by"),
        direct("join_requests", "user_id", only: "organisation_id IS NOT NULL"),
        direct("code_revisions", "author_id"), direct("amendments", "author_id"), direct("amendment_positions", "user_id"),
        // Governance (issue 18): proposals of every kind are amendments (authors and positions above); whose authority
        // applied a decision. Roles held end with the memberships (`leaveCommunities`), as when a member leaves.
        direct("amendments", "decided_by"),
        direct("amendment_comments", "author_id"), direct("code_facts", "author_id"), direct("code_diagnoses", "user_id"),
        direct("figure_datasets", "created_by"), direct("indicators", "created_by"), direct("figure_contributions", "user_id"),
        direct("figure_flags", "user_id"), direct("figure_reliability", "user_id"), direct("credit_entries", "user_id"),
        direct("journey_proposals", "author_id"), direct("journey_actions", "created_by"), direct("journey_actions", "owner_id"),
        direct("journey_assessments", "assessor_id"), direct("journey_recognitions", "from_id"), direct("journey_retrospectives", "author_id"),
        direct("offers", "owner_id"), direct("referrals", "referrer_id"), direct("flows", "confirmed_by"), direct("flows", "recorded_by"),
        direct("responsibilities", "user_id"), direct("endorsements", "to_id"),
        // A feature's event in the feed names who did it; a member's own posts are erased instead.
        direct("posts", "author_id", only: "kind <> 'post'"),
        direct("journey_recognitions", "to_id", only: "to_kind = 'member'"),
        direct("organisation_memberships", "requested_by"), direct("organisation_memberships", "approved_by"),
        direct("organisation_memberships", "charter_accepted_by"),
        direct("programme_communities", "requested_by"), direct("programme_communities", "decided_by"),
        direct("figure_merges", "requested_by"), direct("figure_merges", "decided_by"),
        // Moderation's record: the author of a reported item, the moderator who decided, a reporter whose report was
        // answered (open reports go: a departed person no longer asks anything).
        direct("moderation_cases", "author_id"), direct("moderation_cases", "decided_by"), direct("reports", "reporter_id"),
        // The community's journal: who acted with authority (the instance's own entries stay with the emptied account).
        direct("audit_events", "actor_id", only: "community_id IS NOT NULL"),
        through("journey_positions", "user_id", "proposal_id", "journey_proposals"),
        through("journey_participants", "user_id", "action_id", "journey_actions"),
        through("journey_updates", "user_id", "action_id", "journey_actions"),
    ]

    /// Columns holding a person as an actor key (`member:<handle>`, `Actor.key`), each with its table's community: the
    /// economy's flows and referrals, and the flows' derived counts. Rewritten to the ghost's key, so a matrix or a ledger
    /// still reads one departed actor where the person was, under no handle of theirs.
    static let keyed: [(table: String, column: String)] = [
        ("flows", "from_key"), ("flows", "to_key"), ("flows", "awaiting_key"), ("referrals", "beneficiary_key"),
        ("flow_pairs", "from_key"), ("flow_pairs", "to_key"), ("flow_units", "from_key"), ("flow_units", "to_key"), ("flow_actors", "actor"),
    ]

    /// The name a departed person's records show in one community.
    static func pseudonym(_ n: Int) -> String { "membre parti·e #\(n)" }

    func delete(_ viewer: Viewer, password raw: String?) async throws {
        let password = raw ?? ""
        guard !password.isEmpty else { throw AppError.invalid(Violations(.password, .required)) }
        guard let user = try await User.find(viewer.id, on: ctx.db), user.deletedAt == nil else { throw AppError.notFound }
        var right = false
        if password.utf8.count <= Rules.passwordMaxBytes {
            right = try await ctx.app.password.async.verify(password, created: user.passwordHash).get()
        }
        guard right else { throw AppError.invalid(Violations(.password, .incorrect)) }
        let (me, now, decoy, ids, app) = (viewer.id, ctx.now, ctx.app.decoyHash, ctx.app.enjeu.ids, ctx.app)
        let exports = try await ctx.write { db -> [UUID] in
            let plain = sql(db)
            // Deletions one at a time on PostgreSQL: each numbers the departed of its communities (SQLite: one writer anyway).
            if db.isPostgres { try await plain.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey))").run() }
            struct One: Decodable { let id: UUID }
            guard try await db.row("SELECT id FROM users WHERE id = \(bind: me) AND deleted_at IS NULL\(db.forUpdate)", as: One.self) != nil
            else { throw AppError.notFound }
            try await Self.refuseOnlyFounder(db, me)

            // One « membre parti·e #n » account per community where a record stays.
            var communities = Set<UUID>()
            struct C: Decodable { let c: UUID }
            for k in Self.kept {
                let only = k.only.map { " AND \($0)" } ?? ""
                for row in try await db.rows("""
                    SELECT DISTINCT \(unsafeRaw: k.community) AS c FROM \(unsafeRaw: k.table) WHERE \(unsafeRaw: k.column) = \(bind: me)\(unsafeRaw: only)
                    """, as: C.self) { communities.insert(row.c) }
            }
            // Communities where the person is only an actor key (a flow recorded by someone else): the base tables are
            // enough, the derived counts follow them.
            let memberKey = Actor.member(viewer.handle).key
            for (table, column) in Self.keyed where ["flows", "referrals"].contains(table) {
                for row in try await db.rows("""
                    SELECT DISTINCT community_id AS c FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: memberKey)
                    """, as: C.self) { communities.insert(row.c) }
            }
            try await Self.closeOpenReports(db, me, app: app)
            try await Self.leaveRepresentation(db, me)
            for c in communities.sorted(by: { $0.uuidString < $1.uuidString }) {
                try await Self.departed(db, person: me, community: c, decoy: decoy, ids: ids, now: now)
                try await Self.renameInCommunity(db, handle: viewer.handle, person: me, community: c)
            }
            // Others' notifications name the person: the ghost where the community has one, a neutral name elsewhere.
            try await plain.raw("""
                UPDATE notifications SET actor = COALESCE((SELECT u.handle FROM departed_members d JOIN users u ON u.id = d.ghost_id
                  WHERE d.user_id = \(bind: me) AND d.community_id = notifications.community_id), \(bind: Self.neutralHandle))
                WHERE actor = \(bind: viewer.handle)
                """).run()
            // The values relearning reads pass to the departed member with the values themselves.
            struct Indicator: Decodable { let id: UUID }
            let valued = try await db.rows("""
                SELECT DISTINCT indicator_id AS id FROM figure_contributions WHERE user_id = \(bind: me) AND status = 'current'
                """, as: Indicator.self).map(\.id)
            for k in Self.kept {
                let only = k.only.map { " AND \($0)" } ?? ""
                try await plain.raw("""
                    UPDATE \(unsafeRaw: k.table) SET \(unsafeRaw: k.column) = (SELECT d.ghost_id FROM departed_members d
                      WHERE d.user_id = \(bind: me) AND d.community_id = \(unsafeRaw: k.community))
                    WHERE \(unsafeRaw: k.column) = \(bind: me)\(unsafeRaw: only)
                    """).run()
            }
            try await FigureClaims.rebuild(db, indicators: valued)
            try await Self.eraseWords(db, me, now: now, app: app)
            try await Self.eraseEndorsements(db, me)
            try await Self.leaveCommunities(db, me)
            // What is only the person's.
            for (table, column) in [("notifications", "user_id"), ("notification_prefs", "user_id"), ("follows", "follower_id"),
                                    ("sessions", "user_id"), ("api_tokens", "user_id"), ("account_tokens", "user_id"),
                                    ("credibility_scores", "user_id"), ("credibility_results", "user_id")] {
                try await plain.raw("DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: me)").run()
            }
            try await plain.raw("""
                DELETE FROM follows WHERE target_kind = \(bind: SocialTarget.member.rawValue) AND target_id = \(bind: me)
                """).run()
            try await SocialIndexes.profileChanged(db, user: me, values: "", skills: "")
            let exports = try await db.rows("DELETE FROM data_exports WHERE user_id = \(bind: me) RETURNING id", as: One.self).map(\.id)
            try await plain.raw("""
                UPDATE users SET display_name = \(bind: Self.pseudonym(0).replacingOccurrences(of: " #0", with: "")), bio = '', values_held = '',
                  skills = '', email = \(bind: "deleted-\(me.uuidString.lowercased())@enjeu.invalid"), password_hash = \(bind: decoy),
                  email_verified_at = NULL, show_contributions = \(bind: false), deleted_at = \(bind: now)
                WHERE id = \(bind: me)
                """).run()
            try await AuditEvent(id: ids.next(), communityID: nil, actorID: me, action: JournalAction.accountDelete.rawValue, detail: "",
                                 at: now).create(on: db)
            return exports
        }
        for id in exports { try? FileManager.default.removeItem(atPath: DataExport(ctx).file(id)) }
    }

    /// The actor a notification shows for a departed person outside their communities' records.
    static let neutralHandle = "parti_e"

    /// In one community: actor keys, a referral's beneficiary, a recognition's label and the journal's details name the
    /// ghost instead of the person (before `kept` moves the rows' ids to the ghost).
    static func renameInCommunity(_ db: any Database, handle: String, person: UUID, community: UUID) async throws {
        struct Ghost: Decodable { let handle: String; let n: Int }
        guard let ghost = try await db.row("""
            SELECT u.handle, d.n FROM departed_members d JOIN users u ON u.id = d.ghost_id
            WHERE d.user_id = \(bind: person) AND d.community_id = \(bind: community)
            """, as: Ghost.self) else { return }
        let plain = sql(db)
        let (from, to) = (Actor.member(handle).key, Actor.member(ghost.handle).key)
        for (table, column) in keyed {
            try await plain.raw("""
                UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(bind: to)
                WHERE community_id = \(bind: community) AND \(unsafeRaw: column) = \(bind: from)
                """).run()
        }
        try await plain.raw("""
            UPDATE referrals SET beneficiary = \(bind: "@" + ghost.handle) WHERE community_id = \(bind: community) AND beneficiary_key = \(bind: to)
            """).run()
        try await plain.raw("""
            UPDATE journey_recognitions SET to_label = \(bind: pseudonym(ghost.n))
            WHERE community_id = \(bind: community) AND to_kind = 'member' AND to_id = \(bind: person)
            """).run()
        struct Entry: Decodable { let id: UUID; let detail: String }
        for e in try await db.rows("""
            SELECT id, detail FROM audit_events WHERE community_id = \(bind: community) AND detail LIKE \(bind: "%" + handle + "%")
            """, as: Entry.self) {
            let renamed = Pseudonyms.replacing(handle: handle, with: ghost.handle, in: e.detail)
            if renamed != e.detail { try await plain.raw("UPDATE audit_events SET detail = \(bind: renamed) WHERE id = \(bind: e.id)").run() }
        }
    }

    /// The person's open reports are withdrawn: each case counts one reporter less; one left with none is closed, and
    /// its item, if only reports had hidden it, shows again (no moderator decided anything).
    static func closeOpenReports(_ db: any Database, _ me: UUID, app: Application) async throws {
        struct Case: Decodable { let caseId: UUID; enum CodingKeys: String, CodingKey { case caseId = "case_id" } }
        let cases = try await db.rows("""
            DELETE FROM reports WHERE reporter_id = \(bind: me) AND status = \(bind: ReportStatus.open.rawValue) RETURNING case_id
            """, as: Case.self)
        struct Closed: Decodable { let kind: String; let itemId: UUID; enum CodingKeys: String, CodingKey { case kind, itemId = "item_id" } }
        for c in cases {
            try await sql(db).raw("UPDATE moderation_cases SET reporters = reporters - 1 WHERE id = \(bind: c.caseId) AND status = 'open'").run()
            guard let closed = try await db.row("""
                UPDATE moderation_cases SET status = 'closed' WHERE id = \(bind: c.caseId) AND status = 'open' AND reporters <= 0
                RETURNING kind, item_id
                """, as: Closed.self), let kind = ReportKind(rawValue: closed.kind), kind.hideable else { continue }
            try await ReportedItems.setHidden(db, kind, closed.itemId, at: nil, reason: nil, onlyIfThreshold: true, app: app)
        }
    }

    /// The person stops representing organisations; 409 naming those they alone represent (hand over first, as founders do).
    static func leaveRepresentation(_ db: any Database, _ me: UUID) async throws {
        struct Name: Decodable { let name: String }
        let alone = try await db.rows("""
            SELECT o.name FROM organisation_representatives r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.user_id = \(bind: me) AND NOT EXISTS (SELECT 1 FROM organisation_representatives x
              WHERE x.organisation_id = r.organisation_id AND x.user_id <> r.user_id)
            ORDER BY o.name
            """, as: Name.self)
        guard alone.isEmpty else { throw AppError.conflict(MyDataText.onlyRepresentative(alone.map(\.name))) }
        try await sql(db).raw("DELETE FROM organisation_representatives WHERE user_id = \(bind: me)").run()
    }

    static let lockKey: Int64 = 0x656E_6A65_7564_656C  // "enjeudel"

    /// 409 naming the communities where the person is the only active founder: hand the role over first.
    static func refuseOnlyFounder(_ db: any Database, _ me: UUID) async throws {
        struct Name: Decodable { let name: String }
        let alone = try await db.rows("""
            SELECT c.name FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.user_id = \(bind: me) AND m.role = \(bind: Role.founder.rawValue) AND m.status = \(bind: MembershipStatus.active.rawValue)
              AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.community_id = m.community_id AND o.user_id <> m.user_id
                              AND o.role = \(bind: Role.founder.rawValue) AND o.status = \(bind: MembershipStatus.active.rawValue))
            ORDER BY c.name
            """, as: Name.self)
        guard alone.isEmpty else { throw AppError.conflict(MyDataText.onlyFounder(alone.map(\.name))) }
    }

    /// The person's « membre parti·e #n » account in one community, made once (`n`: the community's next).
    static func departed(_ db: any Database, person: UUID, community: UUID, decoy: String, ids: EnjeuCore.IDGenerator, now: Date) async throws {
        struct One: Decodable { let id: UUID }
        if try await db.row("""
            SELECT id FROM departed_members WHERE community_id = \(bind: community) AND user_id = \(bind: person)
            """, as: One.self) != nil { return }
        struct N: Decodable { let n: Int }
        let n = (try await db.row("SELECT COALESCE(MAX(n), 0) AS n FROM departed_members WHERE community_id = \(bind: community)", as: N.self)?.n ?? 0) + 1
        let ghost = ids.next()
        let suffix = String(ghost.uuidString.lowercased().replacingOccurrences(of: "-", with: "").suffix(8))
        try await sql(db).raw("""
            INSERT INTO users (id, handle, display_name, email, password_hash, bio, values_held, skills, lang, created_at, deleted_at)
            VALUES (\(bind: ghost), \(bind: "parti_e_\(n)_\(suffix)"), \(bind: pseudonym(n)), \(bind: "departed-\(ghost.uuidString.lowercased())@enjeu.invalid"),
                    \(bind: decoy), '', '', '', 'fr', \(bind: now), \(bind: now))
            """).run()
        try await sql(db).raw("""
            INSERT INTO departed_members (id, community_id, user_id, ghost_id, n, created_at)
            VALUES (\(bind: ids.next()), \(bind: community), \(bind: person), \(bind: ghost), \(bind: n), \(bind: now))
            """).run()
    }

    /// Posts and comments: text erased, rows kept (« message supprimé »), comments no longer counted, revisions gone.
    /// Erased posts that went to other servers are deleted there too (`Publishing`).
    static func eraseWords(_ db: any Database, _ me: UUID, now: Date, app: Application) async throws {
        let plain = sql(db)
        try await plain.raw("""
            UPDATE posts SET comments = comments - (SELECT COUNT(*) FROM post_comments k WHERE k.post_id = posts.id AND k.author_id = \(bind: me)
                                                    AND k.deleted_at IS NULL)
            WHERE id IN (SELECT post_id FROM post_comments WHERE author_id = \(bind: me) AND deleted_at IS NULL)
            """).run()
        try await plain.raw("""
            UPDATE post_comments SET body = '', deleted_at = \(bind: now), deleted_by = \(bind: me) WHERE author_id = \(bind: me) AND deleted_at IS NULL
            """).run()
        struct Erased: Decodable { let id: UUID; let community_id: UUID }
        let erased = try await db.rows("""
            UPDATE posts SET body = '', deleted_at = \(bind: now), deleted_by = \(bind: me)
            WHERE author_id = \(bind: me) AND kind = \(bind: FeedItemKind.post.rawValue) AND deleted_at IS NULL RETURNING id, community_id
            """, as: Erased.self)
        for post in erased {
            try await Publishing.enqueue(db, app: app, post: post.id, community: post.community_id, kind: FeedItemKind.post.rawValue, .delete, now: now)
        }
        try await plain.raw("DELETE FROM post_revisions WHERE editor_id = \(bind: me)").run()
    }

    /// Endorsements given go, the kept counts with them; every community concerned recomputes credibility.
    static func eraseEndorsements(_ db: any Database, _ me: UUID) async throws {
        struct E: Decodable { let communityId: UUID; let topicKey: String; let topic: String; let active: Bool
            enum CodingKeys: String, CodingKey { case topic, active, communityId = "community_id", topicKey = "topic_key" } }
        let given = try await db.rows("""
            SELECT community_id, topic_key, topic, CASE WHEN revoked_at IS NULL THEN \(bind: true) ELSE \(bind: false) END AS active
            FROM endorsements WHERE from_id = \(bind: me)
            """, as: E.self)
        try await sql(db).raw("DELETE FROM endorsements WHERE from_id = \(bind: me)").run()
        for e in given where e.active { try await SocialIndexes.revoked(db, community: e.communityId, topicKey: e.topicKey, topic: e.topic) }
        struct C: Decodable { let communityId: UUID; enum CodingKeys: String, CodingKey { case communityId = "community_id" } }
        let touched = Set(given.map(\.communityId)).union(try await db.rows("""
            SELECT DISTINCT community_id FROM credibility_scores WHERE user_id = \(bind: me)
            """, as: C.self).map(\.communityId))
        for c in touched { try await Notify.credibilityChanged(db, c) }
    }

    /// Memberships and the person's own join requests go; each community where they were active counts one member less.
    static func leaveCommunities(_ db: any Database, _ me: UUID) async throws {
        let plain = sql(db)
        try await plain.raw("""
            UPDATE communities SET member_count = member_count - 1
            WHERE id IN (SELECT community_id FROM memberships WHERE user_id = \(bind: me) AND status = \(bind: MembershipStatus.active.rawValue))
            """).run()
        // Roles end with the membership, as when a member leaves (CommunityService.leave).
        try await plain.raw("DELETE FROM role_assignments WHERE user_id = \(bind: me)").run()
        try await plain.raw("DELETE FROM memberships WHERE user_id = \(bind: me)").run()
        try await plain.raw("DELETE FROM join_requests WHERE user_id = \(bind: me) AND organisation_id IS NULL").run()
    }
}
