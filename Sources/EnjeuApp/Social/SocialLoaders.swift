import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// What each social page shows, read from the database into the plain models the views take.
enum SocialLoaders {
    /// A feed item with its body rendered once.
    static func entry(_ context: ServiceContext, _ p: SocialPost) -> FeedEntry {
        // Events have no body of their own.
        guard p.event == nil else { return FeedEntry(p, body: RenderedMarkdown(rendered: "")) }
        return FeedEntry(p, body: rendered(context, p.id, p.body, changed: p.editedAt != nil || p.deletedAt != nil))
    }

    /// A body rendered once and kept by id while it never changed; an edited or deleted one is rendered each time.
    static func rendered(_ context: ServiceContext, _ id: UUID, _ body: String, changed: Bool) -> RenderedMarkdown {
        RenderedMarkdown(rendered: changed ? Markdown.html(body) : context.app.markdownCache.cached(id) { Markdown.html(body) })
    }

    static func feed(_ context: ServiceContext, _ ctx: CommunityContext, after: String?, form: FormState) async throws -> CommunityFeedPage {
        let q = SocialQueries(context)
        let page = try await q.feed(ctx.id, after: after, moderator: ctx.can(.moderate))
        // Outsiders signed in may follow a public community; its members already see it all.
        var following: Bool?
        if let viewer = ctx.viewer, ctx.community.visibility == .public, !ctx.can(.contribute) {
            following = try await q.follows(viewer.id, .community, target: ctx.id)
        }
        return CommunityFeedPage(place: CommunityPlace(ctx), entries: page.items.map { entry(context, $0) }, next: page.next,
                                 following: following, form: form)
    }

    static func post(_ context: ServiceContext, _ ctx: CommunityContext, _ p: SocialPost, after: String?, form: FormState) async throws -> PostPage {
        let comments = try await SocialQueries(context).comments(p.id, after: after, moderator: ctx.can(.moderate))
        var page = PostPage(place: CommunityPlace(ctx), entry: entry(context, p),
                            comments: comments.items.map { k in
                                CommentEntry(k, body: rendered(context, k.id, k.body, changed: k.editedAt != nil || k.deletedAt != nil))
                            },
                            next: comments.next, form: form)
        if ctx.can(.moderate) {
            page.canModerate = true
            page.revisions = try await SocialQueries(context).revisions(p.id, after: nil).items
        }
        return page
    }

    static func myFeed(_ context: ServiceContext, _ viewer: Viewer, after: String?) async throws -> MyFeedPage {
        let page = try await SocialQueries(context).personalFeed(viewer.id, after: after)
        return MyFeedPage(entries: page.items.map { entry(context, $0) }, next: page.next)
    }

    static func notifications(_ context: ServiceContext, _ viewer: Viewer, after: String?) async throws -> NotificationsPage {
        let q = SocialQueries(context)
        let page = try await q.notifications(viewer.id, after: after)
        return NotificationsPage(items: page.items, next: page.next, preferences: try await q.preferences(viewer.id),
                                 emailConfigured: context.config.smtpURL != nil)
    }

    static func matches(_ context: ServiceContext, _ viewer: Viewer) async throws -> MatchesPage {
        let out = try await Matches(context).compute(viewer)
        return MatchesPage(members: out.members, communities: out.communities, basis: out.basis)
    }

    /// The ranking of `topic` (as typed in `?topic=`; empty: overall) and the leaders of the eight most endorsed topics.
    static func credibility(_ context: ServiceContext, _ ctx: CommunityContext, topic rawTopic: String, after: String?,
                            form: FormState, thresholdForm: FormState = FormState()) async throws -> CredibilityPage {
        let q = SocialQueries(context)
        let topicKey = rawTopic.isEmpty ? "" : (Topic(rawTopic)?.key ?? "")
        let ranking = try await q.rankingPage(ctx.id, topic: topicKey, after: after)
        let topics = try await q.topics(ctx.id)
        let values = try await q.adoptedValues(ctx.id)
        let state = try await q.credibilityState(ctx.id)
        let stewards = try await q.stewards(ctx.id)
        // Leaders: the three most credible members of each of the eight main topics.
        let main = Array(topics.prefix(8))
        let top = try await q.leaders(ctx.id, topics: main.map(\.topicKey))
        let leaders = main.map { TopicLeaders(topic: $0, top: top[$0.topicKey] ?? []) }
        // The overall ranking's first page already holds its top five.
        let firstOverall = topicKey.isEmpty && (after ?? "").isEmpty
        let overallTop: [CredibilityScore] = firstOverall ? Array(ranking.items.prefix(5)) : try await q.ranking(ctx.id, topic: "", limit: 5)
        let top5 = Set(overallTop.map(\.handle))
        let leaderHandles = Set(leaders.flatMap { $0.top.map(\.handle) })
        let earnedOnly = Set(leaders.flatMap(\.top).filter { $0.role == .member }.map(\.handle)).sorted()
        let formalOnly = stewards.filter { !leaderHandles.contains($0.handle) && !top5.contains($0.handle) }.map(\.handle)
        return CredibilityPage(place: CommunityPlace(ctx), topic: rawTopic, topicKey: topicKey, computedAt: state?.computedAt, topics: topics,
                               ranking: ranking.items, next: ranking.next, leaders: leaders, stewards: stewards, earnedOnly: earnedOnly,
                               formalOnly: formalOnly, values: values, form: form, anchoredOnStewards: state?.anchoredOnStewards ?? true,
                               threshold: try await CredibilityService.threshold(context.db, ctx.id), thresholdForm: thresholdForm)
    }

    /// One member's credibility and its reasons; 404 for anyone but an active member.
    static func why(_ context: ServiceContext, _ ctx: CommunityContext, handle: String, form: FormState) async throws -> CredibilityWhyPage {
        let q = SocialQueries(context)
        guard let m = try await q.member(ctx.id, handle.lowercased()) else { throw AppError.notFound }
        let results = try await CredibilityService.storedResults(context.db, ctx.id, of: m.userId)
        let state = try await q.credibilityState(ctx.id)
        let scores = try await q.scores(ctx.id, user: m.userId)
        return CredibilityWhyPage(place: CommunityPlace(ctx), member: m, scores: scores,
                                  members: ctx.community.memberCount, computedAt: state?.computedAt,
                                  received: try await q.endorsements(ctx.id, of: m.userId, received: true),
                                  given: try await q.endorsements(ctx.id, of: m.userId, received: false), results: results,
                                  anchoredOnStewards: state?.anchoredOnStewards ?? false, values: try await q.adoptedValues(ctx.id),
                                  mine: ctx.viewer?.id == m.userId, form: form,
                                  positionWeight: state?.positionWeight(score: scores.first { $0.topicKey == "" }?.score))
    }
}
