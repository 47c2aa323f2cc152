import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space's pages: feeds, posts and comments, notifications, credibility and its "why", matches.
/// Without JavaScript everything works on reload; with it, new posts and notifications arrive live (enjeu.js).
struct SocialPages {
    func register(_ r: any RoutesBuilder) {
        let c = r.grouped("communities", ":slug")
        c.community(.GET, "feed", need: .seeInside) { req, ctx in try await feedPage(req, ctx, FormState()) }
        c.community(.POST, "feed", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                _ = try await SocialService(req: req).post(ctx, .init(body: f["body"] ?? ""))
                return req.redirect(to: Paths.communityFeed(ctx.community.slug), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await feedPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.GET, "posts", ":id", need: .seeInside) { req, ctx in
            let p = try await SocialQueries(req).requirePost(ctx)
            if (try? req.query.get(String.self, at: "fragment")) == "1" {
                // One rendered post for the live feed: fetched through the gate, so a reader who lost access gets a 404.
                let res = Response(status: .ok, body: .init(string: postItem(req, p, ctx.community.slug).html))
                res.headers.contentType = .html
                res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
                return res
            }
            return try await postPage(req, ctx, p, FormState())
        }
        c.community(.POST, "posts", ":id", "comments", need: .contribute) { req, ctx in
            let p = try await SocialQueries(req).requirePost(ctx)
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let id = try await SocialService(req: req).comment(ctx, post: p, .init(body: f["body"] ?? ""))
                return req.redirect(to: Paths.post(ctx.community.slug, p.id) + "#c-" + id.uuidString, flash: .saved)
            } catch let AppError.invalid(v) {
                return try await postPage(req, ctx, p, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.POST, "follow", need: .seeInside) { req, ctx in
            let on = ((try? req.content.get(String.self, at: "on")) ?? "1") == "1"
            try await SocialService(req: req).follow(try ctx.requireViewer(), kind: "community", target: ctx.id, on: on)
            return req.redirect(to: Paths.communityFeed(ctx.community.slug), flash: .saved)
        }
        r.signedIn(.POST, "people", ":handle", "follow") { req, viewer in
            let on = ((try? req.content.get(String.self, at: "on")) ?? "1") == "1"
            try await SocialService(req: req).follow(viewer, kind: "member", target: try await SocialAPI.person(req), on: on)
            return req.redirect(to: Paths.person((req.parameters.get("handle") ?? "").lowercased()), flash: .saved)
        }
        r.signedIn(.GET, "feed") { req, viewer in try await personalFeedPage(req, viewer) }
        r.signedIn(.GET, "notifications") { req, viewer in try await notificationsPage(req, viewer) }
        r.signedIn(.POST, "notifications", "read") { req, viewer in
            // One notification by its id, or all of them when no id is sent; a malformed id is refused, never "all".
            let raw = try? req.content.get(String.self, at: "id")
            let id = raw.flatMap(UUID.init(uuidString:))
            if raw != nil && id == nil { throw AppError.invalid(Violations(.ids, .notAChoice)) }
            _ = try await SocialService(req: req).markRead(viewer, ids: id.map { [$0] } ?? [], all: id == nil)
            return req.redirect(to: Paths.notifications, flash: .saved)
        }
        r.signedIn(.POST, "notifications", "preferences") { req, viewer in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            try await SocialService(req: req).setPreferences(viewer, NotificationKind.allCases.map {
                .init(kind: $0.rawValue, inApp: f["app-" + $0.rawValue] == "on", email: f["mail-" + $0.rawValue] == "on")
            })
            return req.redirect(to: Paths.notifications, flash: .saved)
        }
        r.signedIn(.GET, "events") { req, viewer in try await EventStream.open(req, viewer) }
        r.signedIn(.GET, "me", "matches") { req, viewer in try await matchesPage(req, viewer) }

        c.community(.GET, "credibility", need: .seeInside) { req, ctx in try await credibilityPage(req, ctx, FormState()) }
        c.community(.GET, "credibility", ":handle", need: .seeInside) { req, ctx in try await whyPage(req, ctx, FormState()) }
        c.community(.POST, "credibility", "refresh", need: .steward) { req, ctx in
            try await CredibilityService.recompute(app: req.application, community: ctx.id)
            return req.redirect(to: Paths.credibility(ctx.community.slug), flash: .saved)
        }
        c.community(.POST, "endorsements", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            let to = (f["to"] ?? "").lowercased().replacingOccurrences(of: "@", with: "")
            do {
                _ = try await SocialService(req: req).endorse(ctx, .init(to: to, topic: f["topic"] ?? "", note: f["note"]))
                return req.redirect(to: Paths.credibility(ctx.community.slug, to), flash: .saved)
            } catch let error as AppError {
                let state: FormState
                switch error {
                case let .invalid(v): state = FormState(values: f, violations: v)
                case .forbidden(let t), .conflict(let t): state = FormState(values: f, message: t)
                default: throw error
                }
                return try await credibilityPage(req, ctx, state, status: error.status)
            }
        }
        c.community(.POST, "endorsements", ":id", "revoke", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await SocialService(req: req).revoke(ctx, id)
            return req.redirect(to: Paths.credibility(ctx.community.slug, try ctx.requireViewer().handle), flash: .saved)
        }
    }

    // MARK: Feeds

    func nav(_ req: Request, _ ctx: CommunityContext) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("nav", .cls("subnav"), .aria("label", l[SocialText.feed])) {
            el("a", .href(Paths.community(slug))) { ctx.community.name }
            el("a", .href(Paths.communityFeed(slug))) { l[SocialText.feed] }
            el("a", .href(Paths.credibility(slug))) { l[SocialText.credibility] }
        }
    }

    // Formatting with a configured formatter is thread-safe (as in Components.swift); building one per post is not cheap.
    nonisolated(unsafe) static let iso = ISO8601DateFormatter()

    func postItem(_ req: Request, _ p: SocialQueries.PostRow, _ slug: String, showCommunity: Bool = false) -> Node {
        let l = req.lang
        return el("article", .cls(p.event == nil ? "post" : "post event"), .id("p-" + p.id.uuidString)) {
            el("p", .cls("meta")) {
                if let h = p.authorHandle, p.event == nil { el("a", .href(Paths.person(h))) { (p.authorName ?? h) + " · @" + h } }
                if showCommunity { " · "; el("a", .href(Paths.communityFeed(p.slug))) { p.communityName } }
                " · "
                el("time", Attr("datetime", Self.iso.string(from: p.createdAt))) { dateText(p.createdAt, l) }
            }
            if let e = p.event {
                el("p") {
                    if p.link.isEmpty { l[SocialText.event(e, actor: p.authorHandle, subject: p.subject)] }
                    else { el("a", .href(p.link)) { l[SocialText.event(e, actor: p.authorHandle, subject: p.subject)] } }
                }
            } else {
                el("div", .cls("markdown")) { Node(raw: req.application.markdownCache.cached(p.id) { Markdown.html(p.body) }) }
                el("p", .cls("post-actions")) { el("a", .href(Paths.post(p.slug, p.id))) { l[SocialText.commentCount(p.comments)] } }
            }
        }
    }

    func feedPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let page = try await SocialQueries(req).feed(ctx.id, after: try? req.query.get(String.self, at: "after"))
        let following = try await ctx.viewer.asyncMap { try await SocialQueries(req).follows($0.id, kind: "community", target: ctx.id) } ?? false
        return req.page(l[SocialText.feed] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[SocialText.feed] }
            el("p", .cls("lead")) { l[SocialText.feedLead] }
            if ctx.viewer != nil && ctx.community.visibility == .public && !ctx.can(.contribute) {
                postForm(Paths.follow(slug), csrf: req.csrf, cls: "inline") {
                    el("input", .type("hidden"), .name("on"), .value(following ? "0" : "1"))
                    el("button", .cls("secondary")) { l[following ? SocialText.unfollow : SocialText.follow] }
                }
            }
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "write-title")) {
                    el("h2", .id("write-title"), .cls("visually-hidden")) { l[SocialText.write] }
                    errorSummary(s, l)
                    postForm(Paths.communityFeed(slug), csrf: req.csrf) {
                        field(.body, s, l, input: .area(rows: 3), required: true, hint: SocialText.bodyHint, label: SocialText.message, maxLength: Social.postMax)
                        el("button", .type("submit")) { l[SocialText.write] }
                    }
                }
            }
            el("div", .id("feed"), Attr("data-live-feed", slug)) {
                for p in page.items { postItem(req, p, slug) }
            }
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            pager(next: page.next.map { Paths.communityFeed(slug, after: $0) }, l)
        }
    }

    func postPage(_ req: Request, _ ctx: CommunityContext, _ p: SocialQueries.PostRow, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let comments = try await SocialQueries(req).comments(p.id, after: try? req.query.get(String.self, at: "after"))
        return req.page(l[SocialText.feed] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            postItem(req, p, slug)
            el("section", .aria("labelledby", "comments-title")) {
                el("h2", .id("comments-title")) { l[SocialText.comments] }
                el("ol", .cls("comments")) {
                    for k in comments.items {
                        el("li", .id("c-" + k.id.uuidString)) {
                            el("p", .cls("meta")) { el("a", .href(Paths.person(k.authorHandle))) { k.authorName + " · @" + k.authorHandle }; " · "; dateText(k.createdAt, l) }
                            el("div", .cls("markdown")) { Node(raw: req.application.markdownCache.cached(k.id) { Markdown.html(k.body) }) }
                        }
                    }
                }
                pager(next: comments.next.map { Paths.post(slug, p.id) + "?after=" + $0 }, l)
                if ctx.can(.contribute) {
                    errorSummary(s, l)
                    postForm(Paths.post(slug, p.id) + "/comments", csrf: req.csrf) {
                        field(.body, s, l, input: .area(rows: 3), required: true, hint: SocialText.bodyHint, label: SocialText.reply, maxLength: Social.commentMax)
                        el("button", .type("submit")) { l[SocialText.reply] }
                    }
                }
            }
        }
    }

    func personalFeedPage(_ req: Request, _ viewer: Viewer) async throws -> Response {
        let l = req.lang
        let page = try await SocialQueries(req).personalFeed(viewer.id, after: try? req.query.get(String.self, at: "after"))
        return req.page(l[SocialText.myFeed]) {
            el("h1") { l[SocialText.myFeed] }
            el("p", .cls("lead")) { l[SocialText.myFeedLead] }
            el("p") { el("a", .href(Paths.matches)) { l[SocialText.matches] } }
            el("div", .id("feed")) { for p in page.items { postItem(req, p, p.slug, showCommunity: true) } }
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            pager(next: page.next.map { Paths.feed + "?after=" + $0 }, l)
        }
    }

    // MARK: Notifications

    func notificationsPage(_ req: Request, _ viewer: Viewer) async throws -> Response {
        let l = req.lang
        let q = SocialQueries(req)
        let page = try await q.notifications(viewer.id, after: try? req.query.get(String.self, at: "after"))
        let prefs = try await q.preferences(viewer.id)
        let mail = req.application.enjeu.smtpURL != nil
        return req.page(l[SocialText.notifications]) {
            el("h1") { l[SocialText.notifications] }
            postForm(Paths.notifications + "/read", csrf: req.csrf, cls: "inline") { el("button", .cls("secondary")) { l[SocialText.markAllRead] } }
            el("ul", .cls("notifications"), .id("notification-list")) {
                for n in page.items {
                    el("li", .cls(n.readAt == nil ? "unread" : "read")) {
                        el("a", .href(n.link)) { NotificationView.text(kind: n.kind, actor: n.actor, subject: n.subject, lang: l) }
                        " · "; dateText(n.createdAt, l)
                        if n.readAt == nil {
                            postForm(Paths.notifications + "/read", csrf: req.csrf, cls: "inline") {
                                el("input", .type("hidden"), .name("id"), .value(n.id.uuidString))
                                el("button", .cls("link")) { l[SocialText.markRead] }
                            }
                        }
                    }
                }
            }
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            pager(next: page.next.map { Paths.notifications + "?after=" + $0 }, l)
            el("section", .aria("labelledby", "prefs-title")) {
                el("h2", .id("prefs-title")) { l[SocialText.preferences] }
                if !mail { el("p", .cls("hint")) { l[SocialText.emailOff] } }
                postForm(Paths.notifications + "/preferences", csrf: req.csrf) {
                    el("table") {
                        el("thead") { el("tr") { el("th") { "" }; el("th", Attr("scope", "col")) { l[SocialText.inApp] }; el("th", Attr("scope", "col")) { l[SocialText.byEmail] } } }
                        el("tbody") {
                            for k in NotificationKind.allCases {
                                el("tr") {
                                    el("th", Attr("scope", "row")) { l[NotificationView.kindLabel(k)] }
                                    el("td") { el("input", [.type("checkbox"), .name("app-" + k.rawValue), .aria("label", l[SocialText.inApp])] + (prefs[k]!.inApp ? [.flag("checked")] : [])) }
                                    el("td") { el("input", [.type("checkbox"), .name("mail-" + k.rawValue), .aria("label", l[SocialText.byEmail])] + (prefs[k]!.email ? [.flag("checked")] : [])) }
                                }
                            }
                        }
                    }
                    el("button") { l[.save] }
                }
            }
        }
    }

    // MARK: Credibility

    func credibilityPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = SocialQueries(req)
        let rawTopic = (try? req.query.get(String.self, at: "topic")) ?? ""
        let topicKey = rawTopic.isEmpty ? "" : (Topic(rawTopic)?.key ?? "")
        let ranking = try await q.rankingPage(ctx.id, topic: topicKey, after: try? req.query.get(String.self, at: "after"))
        let topics = try await q.topics(ctx.id)
        let values = try await q.adoptedValues(ctx.id)
        let state = try await q.credibilityState(ctx.id)
        let stewards = try await q.stewards(ctx.id)
        // Leaders: the three most credible members of each of the eight main topics.
        let main = Array(topics.prefix(8))
        let top = try await q.leaders(ctx.id, topics: main.map(\.topicKey))
        let leaders = main.map { ($0, top[$0.topicKey] ?? []) }
        let top5 = Set(try await q.ranking(ctx.id, topic: "", limit: 5).map(\.handle))
        let leaderHandles = Set(leaders.flatMap { $0.1.map(\.handle) })
        let earnedOnly = leaders.flatMap(\.1).filter { $0.role == Role.member.rawValue }.map(\.handle)
        let formalOnly = stewards.filter { !leaderHandles.contains($0.handle) && !top5.contains($0.handle) }.map(\.handle)
        return req.page(l[SocialText.credibility] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[SocialText.credibility] }
            el("p", .cls("lead")) { l[SocialText.credibilityLead] }
            el("p", .cls("hint")) { state?.computedAt.map { l[SocialText.computedAt(dateText($0, l))] } ?? l[SocialText.notComputed] }
            el("nav", .cls("topics"), .aria("label", l[SocialText.topic])) {
                el("a", [.href(Paths.credibility(slug))] + (topicKey.isEmpty ? [Attr("aria-current", "page")] : [])) { l[SocialText.overall] }
                for t in topics { el("a", [.href(Paths.credibility(slug, topic: t.topic))] + (t.topicKey == topicKey ? [Attr("aria-current", "page")] : [])) { t.topic + " (\(t.n))" } }
            }
            el("table", .id("ranking")) {
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { l[SocialText.rank] }; el("th", Attr("scope", "col")) { l[SocialText.member] }
                    el("th", Attr("scope", "col")) { l[SocialText.score] }; el("th", Attr("scope", "col")) { l[SocialText.why] }
                } }
                el("tbody") {
                    for r in ranking.items {
                        el("tr") {
                            el("td") { String(r.rank) }
                            el("td") { r.displayName + " · @" + r.handle + (r.role == Role.member.rawValue ? "" : " (" + l[Text.role(Role(rawValue: r.role) ?? .member)] + ")") }
                            el("td") { String(format: "%.2f", r.score) }
                            el("td") { el("a", .href(Paths.credibility(slug, r.handle))) { l[SocialText.why] } }
                        }
                    }
                }
            }
            pager(next: ranking.next.map { Paths.credibility(slug, topic: rawTopic.isEmpty ? nil : rawTopic) + (rawTopic.isEmpty ? "?" : "&") + "after=" + $0 }, l)
            el("section", .id("leaders"), .aria("labelledby", "leaders-title")) {
                el("h2", .id("leaders-title")) { l[SocialText.leaders] }
                el("p") { l[SocialText.leadersLead] }
                el("dl", .cls("facts")) {
                    for (t, top) in leaders {
                        el("dt") { t.topic }
                        el("dd") { top.map { "@" + $0.handle + " (" + String(format: "%.2f", $0.score) + ")" }.joined(separator: ", ") }
                    }
                    el("dt") { l[SocialText.formal] }
                    el("dd") { stewards.map { "@" + $0.handle }.joined(separator: ", ") }
                    el("dt") { l[SocialText.earnedOnly] }
                    el("dd") { Array(Set(earnedOnly)).sorted().map { "@" + $0 }.joined(separator: ", ") }
                    el("dt") { l[SocialText.formalOnly] }
                    el("dd") { formalOnly.map { "@" + $0 }.joined(separator: ", ") }
                }
            }
            if ctx.can(.contribute) { endorseForm(req, ctx, s, values: values, to: nil) }
            if ctx.can(.steward) {
                postForm(Paths.credibilityRefresh(slug), csrf: req.csrf, cls: "inline") { el("button", .cls("secondary")) { l[SocialText.recompute] } }
            }
            el("details") { el("summary") { l[SocialText.formulaTitle] }; el("p") { l[SocialText.formula] } }
        }
    }

    func endorseForm(_ req: Request, _ ctx: CommunityContext, _ s: FormState, values: [String], to: String?) -> Node {
        let l = req.lang
        var state = s
        if let to, state.values["to"] == nil { state.values["to"] = to }
        return el("section", .id("endorse"), .aria("labelledby", "endorse-title")) {
            el("h2", .id("endorse-title")) { l[SocialText.endorse] }
            el("p") { l[SocialText.endorseLead] }
            errorSummary(state, l)
            postForm(Paths.endorsements(ctx.community.slug), csrf: req.csrf) {
                if let to { el("input", .type("hidden"), .name("to"), .value(to)) } else { field(.to, state, l, required: true, label: SocialText.member) }
                el("div", .cls("field")) {
                    el("label", Attr("for", "f-topic")) { l[Text.label(.topic)] }
                    if let p = state.violations.all.first(where: { $0.field == .topic }) { el("p", .cls("error"), .id("f-topic-error")) { l[Text.describe(p)] } }
                    el("input", .id("f-topic"), .name("topic"), .value(state[.topic]), Attr("list", "topic-values"), .flag("required"), Attr("maxlength", "60"))
                    el("datalist", .id("topic-values")) { for v in values { el("option", .value(v)) } }
                }
                field(.note, state, l, maxLength: Social.noteMax)
                el("button", .type("submit")) { l[SocialText.endorse] }
            }
        }
    }

    func whyPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let why = try await CredibilityWhy.load(req, ctx)
        let m = why.member
        let values = try await SocialQueries(req).adoptedValues(ctx.id)
        let labels = Dictionary(why.received.map { ($0.topicKey, $0.topic) }, uniquingKeysWith: { a, _ in a })
        let mine = ctx.viewer?.id == m.userId
        return req.page(l[SocialText.why] + " · @" + m.handle) {
            nav(req, ctx)
            el("h1") { m.displayName + " · @" + m.handle }
            el("p", .cls("lead"), .id("score")) {
                if let o = why.overall {
                    l[SocialText.score] + " : " + String(format: "%.2f", o.score) + " — " + l[SocialText.rank] + " \(o.rank) / \(why.members)"
                } else { l[SocialText.notComputed] }
            }
            if let at = why.computedAt { el("p", .cls("hint")) { l[SocialText.computedAt(dateText(at, l))] } }
            let topicScores = why.scores.filter { $0.topicKey != "" }
            if !topicScores.isEmpty {
                el("ul", .cls("topic-scores")) {
                    for t in topicScores { el("li") { (labels[t.topicKey] ?? t.topicKey) + " : " + String(format: "%.2f", t.score) + " (" + l[SocialText.rank] + " \(t.rank))" } }
                }
            }
            el("section", .id("received"), .aria("labelledby", "received-title")) {
                el("h2", .id("received-title")) { l[SocialText.received] }
                if why.received.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") {
                    for e in why.received {
                        el("li") {
                            l[SocialText.endorsedBy(e.fromHandle, e.topic, e.fromScore)]
                            if !e.note.isEmpty { el("q") { e.note } }
                        }
                    }
                }
            }
            el("section", .id("results"), .aria("labelledby", "results-title")) {
                el("h2", .id("results-title")) { l[SocialText.results] }
                let lines = SocialText.resultLines(why.results)
                if lines.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") { for line in lines { el("li") { l[line] } } }
                el("p") { l[SocialText.anchor(why.results, onStewards: why.anchoredOnStewards, steward: m.role != Role.member.rawValue)] }
            }
            el("section", .id("given"), .aria("labelledby", "given-title")) {
                el("h2", .id("given-title")) { l[SocialText.given] }
                if why.given.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") {
                    for e in why.given {
                        el("li") {
                            "@" + e.toHandle + " — " + e.topic
                            if mine {
                                postForm(Paths.revokeEndorsement(slug, e.id), csrf: req.csrf, cls: "inline") { el("button", .cls("link danger")) { l[SocialText.revoke] } }
                            }
                        }
                    }
                }
            }
            if ctx.can(.contribute) && !mine { endorseForm(req, ctx, s, values: values, to: m.handle) }
            el("details", .flag("open")) { el("summary") { l[SocialText.formulaTitle] }; el("p") { l[SocialText.formula] } }
        }
    }

    // MARK: Matches

    func matchesPage(_ req: Request, _ viewer: Viewer) async throws -> Response {
        let l = req.lang
        let out = try await Matches(req: req).compute(viewer)
        func list(_ items: [Matches.Suggestion]) -> Node {
            el("ul", .cls("matches")) {
                for s in items { el("li") { el("a", .href(s.link)) { s.name + (s.kind == "member" ? " · @" + s.key : "") }; " — "; s.reason } }
            }
        }
        return req.page(l[SocialText.matches]) {
            el("h1") { l[SocialText.matches] }
            el("p", .cls("lead")) { l[SocialText.matchesLead] }
            if out.basis.isEmpty { el("p") { el("a", .href(Paths.me)) { l[SocialText.noBasis] } } }
            el("h2") { l[SocialText.matchCommunities] }
            if out.communities.isEmpty { el("p") { l[.nothingYet] } }
            list(out.communities)
            el("h2") { l[SocialText.matchMembers] }
            if out.members.isEmpty { el("p") { l[.nothingYet] } }
            list(out.members)
        }
    }
}

extension Optional {
    func asyncMap<U>(_ f: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let w = self else { return nil }
        return try await f(w)
    }
}
