import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The review queue and the journal as pages: the same queries and the same decision path as the API.
struct ModerationPages {
    private struct ResolveForm: Content { var action: String?; var note: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = ModerationEndpoints
        r.community(E.reports) { req, c in
            let page = try await ModerationQueries(req.context).queue(c, after: req.after)
            return req.page(ModerationViews.reportsPage(ReportQueuePage(community: ViewedCommunity(c), page: page), req.lang, csrf: req.csrf))
        }
        r.community(E.resolve) { req, c in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let f = (try? req.content.decode(ResolveForm.self)) ?? ResolveForm()
            guard let action = f.action.flatMap(ReportAction.init(rawValue:)) else { throw AppError.badRequest(ModerationText.badAction) }
            _ = try await ModerationAPI.resolve(req, reportID: id, action: action, note: f.note)
            return req.redirect(to: E.reports.path(c.community.slug), flash: .saved)
        }
        r.community(E.journal) { req, c in
            let page = try await JournalQueries(req.context).community(c, after: req.after)
            return req.page(ModerationViews.journalPage(JournalPage(community: ViewedCommunity(c), page: page), req.lang))
        }
        r.community(E.journalCSV) { req, c in JournalQueries(req.context).csv(c) }
    }
}
