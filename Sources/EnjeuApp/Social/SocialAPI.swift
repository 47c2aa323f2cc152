import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space's JSON API (contract of issue 7) and the event stream.
struct SocialAPI {
    /// `hidden`: present only on a hidden item, which only its author and the moderators are shown.
    struct HiddenOut: Content { let at: Date; let reason: String? }
    /// `edited`: its author changed it since (« modifié »); `deleted`: « message supprimé », body and author no longer shown.
    struct PostOut: Content {
        let id: UUID, community: String, kind: String, author: String?, body: String, html: String, subject: String, link: String
        let comments: Int, createdAt: Date, edited: Bool, editedAt: Date?, deleted: Bool
        let hidden: HiddenOut?
        init(_ p: SocialQueries.PostRow) {
            let deleted = p.deletedAt != nil
            id = p.id; community = p.slug; kind = p.kind; author = deleted ? nil : p.authorHandle; body = p.body; html = Markdown.html(p.body)
            subject = p.subject; link = p.link; comments = p.comments; createdAt = p.createdAt
            edited = p.editedAt != nil; editedAt = p.editedAt; self.deleted = deleted
            hidden = p.hiddenAt.map { HiddenOut(at: $0, reason: p.hiddenReason) }
        }
    }
    struct CommentOut: Content {
        let id: UUID, author: String?, body: String, html: String, createdAt: Date, edited: Bool, editedAt: Date?, deleted: Bool
        let hidden: HiddenOut?
        /// A reply from another server: `author` is `name@server`, this its profile there.
        let authorURL: String?
        init(_ c: SocialQueries.CommentRow) {
            let deleted = c.deletedAt != nil
            id = c.id; author = deleted ? nil : c.authorHandle; authorURL = deleted ? nil : c.remoteURL; body = c.body; html = Markdown.html(c.body); createdAt = c.createdAt
            edited = c.editedAt != nil; editedAt = c.editedAt; self.deleted = deleted
            hidden = c.hiddenAt.map { HiddenOut(at: $0, reason: c.hiddenReason) }
        }
    }
    struct RevisionOut: Content {
        let id: UUID, comment: UUID?, editor: String, body: String, createdAt: Date
        init(_ r: PostRevision) { id = r.id; comment = r.commentId; editor = r.editorHandle; body = r.body; createdAt = r.createdAt }
    }
    struct PostWithComments: Content { let post: PostOut; let comments: [CommentOut]; let next: String? }
    struct NotificationOut: Content {
        let id: UUID, kind: String, actor: String, subject: String, text: String, link: String, read: Bool, createdAt: Date
    }
    struct NotificationsOut: Content { let items: [NotificationOut]; let next: String?; let unread: Int }
    struct Marked: Content { let marked: Int; let unread: Int }
    struct PrefOut: Content { let kind: String; let inApp: Bool; let email: Bool }
    struct ScoreOut: Content { let handle: String; let score: Double; let rank: Int }
    /// `anchoredOnStewards`: no member has a verified result yet, so trust starts from the founders and stewards
    /// (classic EigenTrust's pre-trusted peers); `threshold`: the mean of the four criteria a done action needs.
    struct RankingOut: Content {
        let topic: String; let items: [ScoreOut]; let computedAt: Date?; let next: String?; let anchoredOnStewards: Bool; let threshold: Double
    }
    struct ThresholdIO: Content { let threshold: Double? }
    struct Created: Content { let id: UUID }

    static func notification(_ n: SocialQueries.NotificationRow, _ l: Lang) -> NotificationOut {
        NotificationOut(id: n.id, kind: n.kind, actor: n.actor, subject: n.subject, text: NotificationView.text(kind: n.kind, actor: n.actor, subject: n.subject, lang: l),
                        link: n.link, read: n.readAt != nil, createdAt: n.createdAt)
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = SocialAPIEndpoints
        r.community(E.posts) { req, ctx in
            let page = try await SocialQueries(req.context).feed(ctx.id, after: req.after, moderator: ctx.can(.moderate))
            return page.map(PostOut.init)
        }
        r.community(E.publish) { req, ctx in
            let id = try await SocialService(req.context).post(ctx, try req.content.decode(SocialService.PostIn.self))
            guard let p = try await SocialQueries(req.context).post(ctx.id, id) else { throw AppError.notFound }
            return try await PostOut(p).created(for: req)
        }
        r.community(E.postDetail) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            let comments = try await SocialQueries(req.context).comments(p.id, after: req.after, moderator: ctx.can(.moderate))
            return PostWithComments(post: PostOut(p), comments: comments.items.map(CommentOut.init), next: comments.next)
        }
        r.community(E.comment) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            return try await Created(id: try await SocialService(req.context).comment(ctx, post: p, try req.content.decode(SocialService.PostIn.self))).created(for: req)
        }
        r.community(E.editPost) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            try await SocialService(req.context).edit(ctx, .init(post: p.id, comment: nil), try req.content.decode(SocialService.PostIn.self))
            return PostOut(try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id")))
        }
        r.community(E.deletePost) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            try await SocialService(req.context).delete(ctx, .init(post: p.id, comment: nil))
            return PostOut(try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id")))
        }
        r.community(E.editComment) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            let k = try await SocialQueries(req.context).requireComment(p.id, id: req.parameters.get("cid"), moderator: ctx.can(.moderate))
            try await SocialService(req.context).edit(ctx, .init(post: p.id, comment: k.id), try req.content.decode(SocialService.PostIn.self))
            return CommentOut(try await SocialQueries(req.context).requireComment(p.id, id: req.parameters.get("cid"), moderator: ctx.can(.moderate)))
        }
        r.community(E.deleteComment) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            let k = try await SocialQueries(req.context).requireComment(p.id, id: req.parameters.get("cid"), moderator: ctx.can(.moderate))
            try await SocialService(req.context).delete(ctx, .init(post: p.id, comment: k.id))
            return CommentOut(try await SocialQueries(req.context).requireComment(p.id, id: req.parameters.get("cid"), moderator: ctx.can(.moderate)))
        }
        r.community(E.revisions) { req, ctx in
            guard ctx.can(.moderate) else { throw AppError.notFound }
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            return try await SocialQueries(req.context).revisions(p.id, after: req.after).map(RevisionOut.init)
        }
        r.community(E.follow) { req, ctx in
            try await SocialService(req.context).follow(try ctx.requireViewer(), .community, target: ctx.id, on: true)
            return Response(status: .noContent)
        }
        r.community(E.unfollow) { req, ctx in
            try await SocialService(req.context).follow(try ctx.requireViewer(), .community, target: ctx.id, on: false)
            return Response(status: .noContent)
        }
        r.signedIn(E.myFeed) { req, viewer in
            let page = try await SocialQueries(req.context).personalFeed(viewer.id, after: req.after)
            return page.map(PostOut.init)
        }
        r.signedIn(E.followPerson) { req, viewer in
            try await SocialService(req.context).follow(viewer, .member, target: try await SocialAPI.person(req), on: true)
            return Response(status: .noContent)
        }
        r.signedIn(E.unfollowPerson) { req, viewer in
            try await SocialService(req.context).follow(viewer, .member, target: try await SocialAPI.person(req), on: false)
            return Response(status: .noContent)
        }

        // Notifications
        r.signedIn(E.notifications) { req, viewer in
            let unreadOnly = (req.optionalQuery("unread")) == "1"
            let page = try await SocialQueries(req.context).notifications(viewer.id, after: req.after, unreadOnly: unreadOnly)
            let lang = Lang(rawValue: viewer.lang) ?? req.lang
            return NotificationsOut(items: page.items.map { Self.notification($0, lang) }, next: page.next,
                                    unread: try await SocialQueries(req.context).unread(viewer.id))
        }
        r.signedIn(E.markRead) { req, viewer in
            let input = try req.content.decode(SocialService.ReadIn.self)
            let marked = try await SocialService(req.context).markRead(viewer, ids: input.ids ?? [], all: input.all ?? false)
            return Marked(marked: marked, unread: try await SocialQueries(req.context).unread(viewer.id))
        }
        r.signedIn(E.readPreferences) { req, viewer in
            let prefs = try await SocialQueries(req.context).preferences(viewer.id)
            return NotificationKind.allCases.map { PrefOut(kind: $0.rawValue, inApp: prefs[$0]!.inApp, email: prefs[$0]!.email) }
        }
        r.signedIn(E.setPreference) { req, viewer in
            try await SocialService(req.context).setPreference(viewer, try req.content.decode(SocialService.PrefIn.self))
            let prefs = try await SocialQueries(req.context).preferences(viewer.id)
            return NotificationKind.allCases.map { PrefOut(kind: $0.rawValue, inApp: prefs[$0]!.inApp, email: prefs[$0]!.email) }
        }
        r.signedIn(E.events) { req, viewer in try await EventStream.open(req, viewer) }

        // Endorsements and credibility
        r.community(E.endorse) { req, ctx in
            try await Created(id: try await SocialService(req.context).endorse(ctx, try req.content.decode(SocialService.EndorseIn.self))).created(for: req)
        }
        r.community(E.revokeEndorsement) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await SocialService(req.context).revoke(ctx, id)
            return Response(status: .noContent)
        }
        r.community(E.credibility) { req, ctx in
            let raw = (req.optionalQuery("topic")) ?? ""
            let topic = raw.isEmpty ? "" : (Topic(raw)?.key ?? Folding.fold(raw))
            let page = try await SocialQueries(req.context).rankingPage(ctx.id, topic: topic, after: req.after)
            let state = try await SocialQueries(req.context).credibilityState(ctx.id)
            return RankingOut(topic: topic, items: page.items.map { ScoreOut(handle: $0.handle, score: $0.score, rank: $0.rank) },
                              computedAt: state?.computedAt, next: page.next, anchoredOnStewards: state?.anchoredOnStewards ?? true,
                              threshold: Double(try await CredibilityService.threshold(req.context.db, ctx.id)) / 100)
        }
        r.community(E.why) { req, ctx in
            try await CredibilityWhy.load(req, ctx).json(req.lang)
        }
        r.community(E.threshold) { req, ctx in
            let t = try await CredibilityService(req.context).setThreshold(ctx, try req.content.decode(ThresholdIO.self).threshold)
            return ThresholdIO(threshold: Double(t) / 100)
        }
        r.community(E.refreshCredibility) { req, ctx in
            let r = try await CredibilityService(req.context).recompute(ctx.id)
            return CredibilityWhy.Refreshed(members: r.members, endorsements: r.endorsements)
        }

        r.signedIn(E.matches) { req, viewer in try await Matches(req.context).compute(viewer) }
    }

    static func person(_ req: Request) async throws -> UUID {
        try await SocialQueries(req.context).person(req.parameters.get("handle") ?? "")
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
    let positionWeight: Double?

    /// The same reading as the "why" page's, as the API shows it.
    static func load(_ req: Request, _ ctx: CommunityContext) async throws -> CredibilityWhy {
        let p = try await SocialLoaders.why(req.context, ctx, handle: req.parameters.get("handle") ?? "", form: FormState())
        return CredibilityWhy(member: p.member, scores: p.scores, received: p.received, given: p.given, results: p.results,
                              anchored: p.anchoredOnStewards ? p.member.role != .member : p.results.total > 0,
                              anchoredOnStewards: p.anchoredOnStewards, computedAt: p.computedAt, members: p.members,
                              positionWeight: p.positionWeight)
    }

    var overall: SocialQueries.ScoreRow? { scores.first { $0.topicKey == "" } }

    struct ReasonOut: Content { let kind: String; let text: String; let topic: String?; let from: String?; let fromScore: Double?; let note: String? }
    struct TopicScore: Content { let topic: String; let score: Double; let rank: Int }
    struct Out: Content {
        let handle: String, score: Double?, rank: Int?, members: Int, computedAt: Date?, topics: [TopicScore], results: Results
        let anchored: Bool, reasons: [ReasonOut], formula: String
        /// The rights their score gives them today, under the community's credibility rule (issue 18), and what their
        /// position weighs in a majority decision when the rule weighs positions (null when it does not).
        let grants: [Right]
        let positionWeight: Double?
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
                   results: results, anchored: anchored, reasons: reasons, formula: l[SocialText.formula], grants: member.grants,
                   positionWeight: positionWeight)
    }
}
