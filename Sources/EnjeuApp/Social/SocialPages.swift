import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space's pages (`SocialEndpoints`): each loads its model (`SocialLoaders`) and renders it (`SocialViews`).
/// A refused form comes back with what was typed and why (422, or the error's status).
struct SocialPages {
    private typealias E = SocialEndpoints

    func register(_ r: any RoutesBuilder) {
        r.community(E.feed) { req, ctx in try await feed(req, ctx, FormState()) }
        r.community(E.publish) { req, ctx in
            let f = form(req)
            do {
                _ = try await SocialService(req.context).post(ctx, .init(body: f["body"] ?? ""))
                return req.redirect(to: E.feed.path(ctx.community.slug), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await feed(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(E.post) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            if (try? req.query.get(String.self, at: "fragment")) == "1" {
                // One rendered post for the live feed: fetched through the gate, so a reader who lost access gets a 404.
                let res = Response(status: .ok, body: .init(string: SocialViews.postFragment(SocialLoaders.entry(req.context, p), req.lang).html))
                res.headers.contentType = .html
                res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
                return res
            }
            return try await post(req, ctx, p, FormState())
        }
        r.community(E.comment) { req, ctx in
            let p = try await SocialQueries(req.context).requirePost(ctx, id: req.parameters.get("id"))
            let f = form(req)
            do {
                let id = try await SocialService(req.context).comment(ctx, post: p, .init(body: f["body"] ?? ""))
                return req.redirect(to: E.post.path(ctx.community.slug, p.id) + "#c-" + id.uuidString, flash: .saved)
            } catch let AppError.invalid(v) {
                return try await post(req, ctx, p, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(E.editPost) { req, ctx in try await change(req, ctx, comment: false, edit: true) }
        r.community(E.deletePost) { req, ctx in try await change(req, ctx, comment: false, edit: false) }
        r.community(E.editComment) { req, ctx in try await change(req, ctx, comment: true, edit: true) }
        r.community(E.deleteComment) { req, ctx in try await change(req, ctx, comment: true, edit: false) }
        r.community(E.follow) { req, ctx in
            try await SocialService(req.context).follow(try ctx.requireViewer(), .community, target: ctx.id, on: on(req))
            return req.redirect(to: E.feed.path(ctx.community.slug), flash: .saved)
        }
        r.signedIn(E.followPerson) { req, viewer in
            let handle = (req.parameters.get("handle") ?? "").lowercased()
            try await SocialService(req.context).follow(viewer, .member, target: try await SocialQueries(req.context).person(handle), on: on(req))
            return req.redirect(to: AccountEndpoints.person.path(handle), flash: .saved)
        }
        r.signedIn(E.myFeed) { req, viewer in
            req.page(SocialViews.myFeedPage(try await SocialLoaders.myFeed(req.context, viewer, after: after(req)), req.lang))
        }
        r.signedIn(E.notifications) { req, viewer in
            req.page(SocialViews.notificationsPage(try await SocialLoaders.notifications(req.context, viewer, after: after(req)), req.lang, csrf: req.csrf))
        }
        r.signedIn(E.markRead) { req, viewer in
            // One notification by its id, or all of them when no id is sent; a malformed id is refused, never "all".
            let raw = try? req.content.get(String.self, at: "id")
            let id = raw.flatMap(UUID.init(uuidString:))
            if raw != nil && id == nil { throw AppError.invalid(Violations(.ids, .notAChoice)) }
            _ = try await SocialService(req.context).markRead(viewer, ids: id.map { [$0] } ?? [], all: id == nil)
            return req.redirect(to: E.notifications.path(), flash: .saved)
        }
        r.signedIn(E.preferences) { req, viewer in
            let f = form(req)
            try await SocialService(req.context).setPreferences(viewer, NotificationKind.allCases.map {
                .init(kind: $0.rawValue, inApp: f["app-" + $0.rawValue] == "on", email: f["mail-" + $0.rawValue] == "on")
            })
            return req.redirect(to: E.notifications.path(), flash: .saved)
        }
        r.signedIn(E.events) { req, viewer in try await EventStream.open(req, viewer) }
        r.signedIn(E.matches) { req, viewer in
            req.page(SocialViews.matchesPage(try await SocialLoaders.matches(req.context, viewer), req.lang))
        }

        r.community(E.credibility) { req, ctx in try await credibility(req, ctx, FormState()) }
        r.community(E.why) { req, ctx in
            let m = try await SocialLoaders.why(req.context, ctx, handle: req.parameters.get("handle") ?? "", form: FormState())
            return req.page(SocialViews.whyPage(m, req.lang, csrf: req.csrf))
        }
        r.community(E.recompute) { req, ctx in
            try await CredibilityService(req.context).recompute(ctx.id)
            return req.redirect(to: E.credibility.path(ctx.community.slug), flash: .saved)
        }
        r.community(E.threshold) { req, ctx in
            let f = form(req)
            do {
                let raw = try WellAssessed.threshold(f["threshold"]).mapError(AppError.invalid).get()
                try await CredibilityService(req.context).setThreshold(ctx, Double(raw) / 100)
                return req.redirect(to: E.credibility.path(ctx.community.slug), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await credibility(req, ctx, FormState(), thresholdForm: FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(E.endorse) { req, ctx in
            let f = form(req)
            let to = (f["to"] ?? "").lowercased().replacingOccurrences(of: "@", with: "")
            do {
                _ = try await SocialService(req.context).endorse(ctx, .init(to: to, topic: f["topic"] ?? "", note: f["note"]))
                return req.redirect(to: E.why.path(ctx.community.slug, to), flash: .saved)
            } catch let error as AppError {
                let state: FormState
                switch error {
                case let .invalid(v): state = FormState(values: f, violations: v)
                case .forbidden(let t), .conflict(let t): state = FormState(values: f, message: t)
                default: throw error
                }
                return try await credibility(req, ctx, state, status: error.status)
            }
        }
        r.community(E.revoke) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await SocialService(req.context).revoke(ctx, id)
            return req.redirect(to: E.why.path(ctx.community.slug, try ctx.requireViewer().handle), flash: .saved)
        }
    }

    /// Edits (`body`) or deletes a post or a comment, then shows the post where the item is; a refused text comes back
    /// with the post's page and why (422).
    private func change(_ req: Request, _ ctx: CommunityContext, comment: Bool, edit: Bool) async throws -> Response {
        let q = SocialQueries(req.context)
        let p = try await q.requirePost(ctx, id: req.parameters.get("id"))
        var cid: UUID?
        if comment { cid = try await q.requireComment(p.id, id: req.parameters.get("cid"), moderator: ctx.can(.moderate)).id }
        let item = SocialService.ItemRef(post: p.id, comment: cid)
        let f = form(req)
        do {
            if edit { try await SocialService(req.context).edit(ctx, item, .init(body: f["body"] ?? "")) }
            else { try await SocialService(req.context).delete(ctx, item) }
        } catch let AppError.invalid(v) {
            return try await post(req, ctx, p, FormState(values: f, violations: v), status: .unprocessableEntity)
        }
        return req.redirect(to: E.post.path(ctx.community.slug, p.id) + (cid.map { "#c-" + $0.uuidString } ?? ""), flash: .saved)
    }

    // MARK: Pages shown again after a refused form

    private func feed(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await SocialLoaders.feed(req.context, ctx, after: after(req), form: s)
        return req.page(SocialViews.feedPage(m, req.lang, csrf: req.csrf), status: status)
    }

    private func post(_ req: Request, _ ctx: CommunityContext, _ p: SocialPost, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let m = try await SocialLoaders.post(req.context, ctx, p, after: after(req), form: s)
        return req.page(SocialViews.postPage(m, req.lang, csrf: req.csrf), status: status)
    }

    private func credibility(_ req: Request, _ ctx: CommunityContext, _ s: FormState, thresholdForm: FormState = FormState(),
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let topic = (try? req.query.get(String.self, at: "topic")) ?? ""
        let m = try await SocialLoaders.credibility(req.context, ctx, topic: topic, after: after(req), form: s, thresholdForm: thresholdForm)
        return req.page(SocialViews.credibilityPage(m, req.lang, csrf: req.csrf), status: status)
    }

    // MARK: Request input

    private func after(_ req: Request) -> String? { try? req.query.get(String.self, at: "after") }
    private func form(_ req: Request) -> [String: String] { (try? req.content.decode([String: String].self)) ?? [:] }
    /// `on=1` (or nothing) follows, `on=0` stops following.
    private func on(_ req: Request) -> Bool { ((try? req.content.get(String.self, at: "on")) ?? "1") == "1" }
}
