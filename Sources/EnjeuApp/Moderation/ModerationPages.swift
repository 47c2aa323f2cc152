import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The review queue and the journal as pages: the same queries and the same decision path as the API.
struct ModerationPages {
    private struct ResolveForm: Content { var action: String?; var note: String? }
    private struct ItemForm: Content { var kind: String?; var id: String?; var reason: String?; var text: String?; var back: String? }
    private struct SuspendForm: Content { var reason: String?; var until: String? }
    private struct ThresholdForm: Content { var threshold: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = ModerationEndpoints
        r.community(E.reports) { req, c in
            let queries = ModerationQueries(req.context)
            async let page = queries.queue(c, after: req.after)
            async let threshold = queries.threshold(c.id)
            let model = ReportQueuePage(community: ViewedCommunity(c), page: try await page, threshold: try await threshold)
            return req.page(ModerationViews.reportsPage(model, req.lang, csrf: req.csrf))
        }
        r.community(E.resolve) { req, c in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let f = (try? req.content.decode(ResolveForm.self)) ?? ResolveForm()
            guard let action = f.action.flatMap(ReportAction.init(rawValue:)) else { throw AppError.badRequest(ModerationText.badAction) }
            _ = try await ModerationAPI.resolve(req, reportID: id, action: action, note: f.note)
            return req.redirect(to: E.reports.path(c.community.slug), flash: .saved)
        }
        r.signedIn(E.report) { req, viewer in
            let f = try req.content.decode(ItemForm.self)
            let draft = try ReportDraft.validated(kind: f.kind, id: f.id, reason: f.reason, text: f.text).mapError(AppError.invalid).get()
            let (c, item) = try await ModerationAPI.locate(req, draft.kind, draft.id, viewer: viewer, community: nil)
            _ = try await ModerationService(req.context).report(draft, in: c, item: item)
            return req.redirect(to: AccountEndpoints.safeNext(f.back), flash: .reported)
        }
        r.signedIn(E.review) { req, viewer in
            let f = try req.content.decode(ItemForm.self)
            let (kind, id) = try ModerationAPI.reviewed(kind: f.kind, id: f.id)
            let (c, item) = try await ModerationAPI.locate(req, kind, id, viewer: viewer, community: nil)
            try await ModerationService(req.context).askReview(c, kind: kind, item: item, id: id, text: f.text)
            return req.redirect(to: AccountEndpoints.safeNext(f.back), flash: .reviewAsked)
        }
        r.community(E.threshold) { req, c in
            let f = try req.content.decode(ThresholdForm.self)
            let raw = f.threshold?.trimmingCharacters(in: .whitespaces) ?? ""
            guard raw.isEmpty || Int(raw) != nil else { throw AppError.invalid(Violations(.threshold, .notAChoice)) }
            _ = try await ModerationAPI.setThreshold(req, c, Int(raw))
            return req.redirect(to: E.reports.path(c.community.slug), flash: .saved)
        }
        r.community(E.suspend) { req, c in
            let f = try req.content.decode(SuspendForm.self)
            let handle = req.parameters.get("handle") ?? ""
            try await ModerationService(req.context).suspend(c, handle: handle, until: try Suspensions.parseUntil(f.until), reason: f.reason)
            return req.redirect(to: CommunityEndpoints.members.path(c.community.slug), flash: .memberChanged)
        }
        r.community(E.unsuspend) { req, c in
            let f = (try? req.content.decode(SuspendForm.self)) ?? SuspendForm()
            try await ModerationService(req.context).unsuspend(c, handle: req.parameters.get("handle") ?? "", reason: f.reason)
            return req.redirect(to: CommunityEndpoints.members.path(c.community.slug), flash: .memberChanged)
        }
        r.community(E.journal) { req, c in
            let page = try await JournalQueries(req.context).community(c, after: req.after)
            return req.page(ModerationViews.journalPage(JournalPage(community: ViewedCommunity(c), page: page), req.lang))
        }
        r.community(E.journalCSV) { req, c in JournalQueries(req.context).csv(c) }
    }
}
