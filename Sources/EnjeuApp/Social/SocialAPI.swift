import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space's JSON API (contract of issue 7) and the event stream.
struct SocialAPI {
    struct PostOut: Content {
        let id: UUID, community: String, kind: String, author: String?, body: String, html: String, subject: String, link: String
        let comments: Int, createdAt: Date
        init(_ p: SocialQueries.PostRow) {
            id = p.id; community = p.slug; kind = p.kind; author = p.authorHandle; body = p.body; html = Markdown.html(p.body)
            subject = p.subject; link = p.link; comments = p.comments; createdAt = p.createdAt
        }
    }
    struct CommentOut: Content {
        let id: UUID, author: String, body: String, html: String, createdAt: Date
        init(_ c: SocialQueries.CommentRow) { id = c.id; author = c.authorHandle; body = c.body; html = Markdown.html(c.body); createdAt = c.createdAt }
    }
    struct PostWithComments: Content { let post: PostOut; let comments: [CommentOut]; let next: String? }
    struct NotificationOut: Content {
        let id: UUID, kind: String, actor: String, subject: String, text: String, link: String, read: Bool, createdAt: Date
    }
    struct NotificationsOut: Content { let items: [NotificationOut]; let next: String?; let unread: Int }
    struct Marked: Content { let marked: Int; let unread: Int }
    struct PrefOut: Content { let kind: String; let inApp: Bool; let email: Bool }
    struct ScoreOut: Content { let handle: String; let score: Double; let rank: Int }
    struct RankingOut: Content { let topic: String; let items: [ScoreOut]; let computedAt: Date?; let next: String? }
    struct Created: Content { let id: UUID }

    static func notification(_ n: SocialQueries.NotificationRow, _ l: Lang) -> NotificationOut {
        NotificationOut(id: n.id, kind: n.kind, actor: n.actor, subject: n.subject, text: NotificationView.text(kind: n.kind, actor: n.actor, subject: n.subject, lang: l),
                        link: n.link, read: n.readAt != nil, createdAt: n.createdAt)
    }

    func register(_ r: any RoutesBuilder) {
        let v1 = r.grouped("api", "v1")
        let c = v1.grouped("communities", ":slug")
        c.community(.GET, "posts", need: .seeInside) { req, ctx in
            let page = try await SocialQueries(req).feed(ctx.id, after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(PostOut.init), next: page.next)
        }
        c.community(.POST, "posts", need: .contribute) { req, ctx in
            let id = try await SocialService(req: req).post(ctx, try req.content.decode(SocialService.PostIn.self))
            guard let p = try await SocialQueries(req).post(ctx.id, id) else { throw AppError.notFound }
            return try await PostOut(p).created(for: req)
        }
        c.community(.GET, "posts", ":id", need: .seeInside) { req, ctx in
            let p = try await SocialQueries(req).requirePost(ctx)
            let comments = try await SocialQueries(req).comments(p.id, after: try? req.query.get(String.self, at: "after"))
            return PostWithComments(post: PostOut(p), comments: comments.items.map(CommentOut.init), next: comments.next)
        }
        c.community(.POST, "posts", ":id", "comments", need: .contribute) { req, ctx in
            let p = try await SocialQueries(req).requirePost(ctx)
            return try await Created(id: try await SocialService(req: req).comment(ctx, post: p, try req.content.decode(SocialService.PostIn.self))).created(for: req)
        }
        c.community(.POST, "follow", need: .seeInside) { req, ctx in
            try await SocialService(req: req).follow(try ctx.requireViewer(), kind: "community", target: ctx.id, on: true)
            return Response(status: .noContent)
        }
        c.community(.DELETE, "follow", need: .seeInside) { req, ctx in
            try await SocialService(req: req).follow(try ctx.requireViewer(), kind: "community", target: ctx.id, on: false)
            return Response(status: .noContent)
        }
        v1.signedIn(.GET, "feed") { req, viewer in
            let page = try await SocialQueries(req).personalFeed(viewer.id, after: try? req.query.get(String.self, at: "after"))
            return CommunityQueries.Page(items: page.items.map(PostOut.init), next: page.next)
        }
        v1.signedIn(.POST, "people", ":handle", "follow") { req, viewer in
            try await SocialService(req: req).follow(viewer, kind: "member", target: try await SocialAPI.person(req), on: true)
            return Response(status: .noContent)
        }
        v1.signedIn(.DELETE, "people", ":handle", "follow") { req, viewer in
            try await SocialService(req: req).follow(viewer, kind: "member", target: try await SocialAPI.person(req), on: false)
            return Response(status: .noContent)
        }

        // Notifications
        v1.signedIn(.GET, "notifications") { req, viewer in
            let unreadOnly = (try? req.query.get(String.self, at: "unread")) == "1"
            let page = try await SocialQueries(req).notifications(viewer.id, after: try? req.query.get(String.self, at: "after"), unreadOnly: unreadOnly)
            let lang = Lang(rawValue: viewer.lang) ?? req.lang
            return NotificationsOut(items: page.items.map { Self.notification($0, lang) }, next: page.next,
                                    unread: try await SocialQueries.unread(req.db, viewer.id))
        }
        v1.signedIn(.POST, "notifications", "read") { req, viewer in
            let input = try req.content.decode(SocialService.ReadIn.self)
            let marked = try await SocialService(req: req).markRead(viewer, ids: input.ids ?? [], all: input.all ?? false)
            return Marked(marked: marked, unread: try await SocialQueries.unread(req.db, viewer.id))
        }
        v1.signedIn(.GET, "notifications", "preferences") { req, viewer in
            let prefs = try await SocialQueries(req).preferences(viewer.id)
            return NotificationKind.allCases.map { PrefOut(kind: $0.rawValue, inApp: prefs[$0]!.inApp, email: prefs[$0]!.email) }
        }
        v1.signedIn(.PUT, "notifications", "preferences") { req, viewer in
            try await SocialService(req: req).setPreference(viewer, try req.content.decode(SocialService.PrefIn.self))
            let prefs = try await SocialQueries(req).preferences(viewer.id)
            return NotificationKind.allCases.map { PrefOut(kind: $0.rawValue, inApp: prefs[$0]!.inApp, email: prefs[$0]!.email) }
        }
        v1.signedIn(.GET, "events") { req, viewer in try await EventStream.open(req, viewer) }

        // Endorsements and credibility
        c.community(.POST, "endorsements", need: .contribute) { req, ctx in
            try await Created(id: try await SocialService(req: req).endorse(ctx, try req.content.decode(SocialService.EndorseIn.self))).created(for: req)
        }
        c.community(.DELETE, "endorsements", ":id", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await SocialService(req: req).revoke(ctx, id)
            return Response(status: .noContent)
        }
        c.community(.GET, "credibility", need: .seeInside) { req, ctx in
            let raw = (try? req.query.get(String.self, at: "topic")) ?? ""
            let topic = raw.isEmpty ? "" : (Topic(raw)?.key ?? Folding.fold(raw))
            let page = try await SocialQueries(req).rankingPage(ctx.id, topic: topic, after: try? req.query.get(String.self, at: "after"))
            return RankingOut(topic: topic, items: page.items.map { ScoreOut(handle: $0.handle, score: $0.score, rank: $0.rank) },
                              computedAt: try await SocialQueries(req).credibilityState(ctx.id)?.computedAt, next: page.next)
        }
        c.community(.GET, "credibility", ":handle", need: .seeInside) { req, ctx in
            try await CredibilityWhy.load(req, ctx).json(req.lang)
        }
        c.community(.POST, "credibility", "refresh", need: .steward) { req, ctx in
            let r = try await CredibilityService.recompute(app: req.application, community: ctx.id)
            return CredibilityWhy.Refreshed(members: r.members, endorsements: r.endorsements)
        }

        v1.signedIn(.GET, "matches") { req, viewer in try await Matches(req: req).compute(viewer) }
    }

    static func person(_ req: Request) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        let handle = (req.parameters.get("handle") ?? "").lowercased()
        guard Rules.isValidHandle(handle), let row = try await req.db.row("SELECT id FROM users WHERE handle = \(bind: handle)", as: Row.self)
        else { throw AppError.notFound }
        return row.id
    }
}

/// A member's credibility and the reasons behind it, for the "why" page and its JSON.
struct CredibilityWhy {
    struct Refreshed: Content { let members: Int; let endorsements: Int }
    let member: SocialQueries.MemberRef
    let scores: [SocialQueries.ScoreRow]
    let received: [SocialQueries.EndorsementRow]
    let given: [SocialQueries.EndorsementRow]
    let results: Results
    let anchored: Bool
    let anchoredOnStewards: Bool
    let computedAt: Date?
    let members: Int

    static func load(_ req: Request, _ ctx: CommunityContext) async throws -> CredibilityWhy {
        let q = SocialQueries(req)
        guard let m = try await q.member(ctx.id, (req.parameters.get("handle") ?? "").lowercased()) else { throw AppError.notFound }
        let results = try await CredibilityService.results(req.db, ctx.id, of: m.userId)[m.userId] ?? Results()
        let state = try await q.credibilityState(ctx.id)
        let onStewards = state?.anchoredOnStewards ?? false
        return CredibilityWhy(member: m, scores: try await q.scores(ctx.id, user: m.userId), received: try await q.endorsements(ctx.id, of: m.userId, received: true),
                              given: try await q.endorsements(ctx.id, of: m.userId, received: false), results: results,
                              anchored: onStewards ? m.role != Role.member.rawValue : results.total > 0, anchoredOnStewards: onStewards,
                              computedAt: state?.computedAt, members: ctx.community.memberCount)
    }

    var overall: SocialQueries.ScoreRow? { scores.first { $0.topicKey == "" } }

    struct ReasonOut: Content { let kind: String; let text: String; let topic: String?; let from: String?; let fromScore: Double?; let note: String? }
    struct TopicScore: Content { let topic: String; let score: Double; let rank: Int }
    struct Out: Content {
        let handle: String, score: Double?, rank: Int?, members: Int, computedAt: Date?, topics: [TopicScore], results: Results
        let anchored: Bool, reasons: [ReasonOut], formula: String
    }

    func json(_ l: Lang) -> Out {
        var reasons: [ReasonOut] = []
        for e in received {
            reasons.append(ReasonOut(kind: "endorsement", text: l[SocialText.endorsedBy(e.fromHandle, e.topic, e.fromScore)], topic: e.topic,
                                     from: e.fromHandle, fromScore: e.fromScore, note: e.note.isEmpty ? nil : e.note))
        }
        for line in SocialText.resultLines(results) { reasons.append(ReasonOut(kind: "result", text: l[line], topic: nil, from: nil, fromScore: nil, note: nil)) }
        let labels = Dictionary(received.map { ($0.topicKey, $0.topic) }, uniquingKeysWith: { a, _ in a })
        return Out(handle: member.handle, score: overall?.score, rank: overall?.rank, members: members, computedAt: computedAt,
                   topics: scores.filter { $0.topicKey != "" }.map { TopicScore(topic: labels[$0.topicKey] ?? $0.topicKey, score: $0.score, rank: $0.rank) },
                   results: results, anchored: anchored, reasons: reasons, formula: l[SocialText.formula])
    }
}
