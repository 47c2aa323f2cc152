import Vapor
import EnjeuCore
import EnjeuWeb

/// Paying to read, on pages. A GET never spends (a cookie rides along on another site's link); only these POST
/// forms, CSRF-checked like every form, do, and then go back to the page (303). The locked view with the button that
/// posts here is `FiguresViews.lockedSection`.
extension FiguresPages {
    struct ReadForm: Content { var back: String? }

    func registerReading(_ r: any RoutesBuilder) {
        // Pays for one indicator, then back to it, or to the flag page the button was on (`back`: a contribution of it).
        r.community(FiguresEndpoints.read) { req, ctx in
            let queries = FiguresQueries(req.context)
            let indicator = try await queries.requireIndicator(ctx, Self.id(req))
            let slug = ctx.community.slug
            do {
                _ = try await FiguresService(req.context).chargeRead(ctx, indicator)
            } catch AppError.paymentRequired {
                return try await indicatorPage(req, ctx, indicator, Self.freshContribution(req), status: .paymentRequired)
            }
            let back = (try? req.content.decode(ReadForm.self))?.back.flatMap(UUID.init(uuidString:))
            if let back, let target = try await queries.contributionTarget(ctx.id, back), target.indicatorId == indicator.id {
                return req.redirect(to: FiguresEndpoints.flagForm.path(slug, back), redirectType: .normal)
            }
            return req.redirect(to: FiguresEndpoints.indicator.path(slug, indicator.id), redirectType: .normal)
        }
        // Pays for every indicator of a dataset not read this month, all or nothing (402 when the balance falls short).
        r.community(FiguresEndpoints.unlock) { req, ctx in
            let viewer = try ctx.requireViewer()
            let queries = FiguresQueries(req.context)
            let dataset = try await queries.requireDataset(ctx, Self.id(req))
            let rows = try await queries.datasetIndicators(dataset.id, sort: "name", limit: nil)
            do {
                _ = try await FiguresService(req.context).chargeRead(ctx, indicators: FiguresService.billable(rows, for: viewer.id))
            } catch AppError.paymentRequired {
                return try await datasetPage(req, ctx, status: .paymentRequired)
            }
            return req.redirect(to: FiguresEndpoints.dataset.path(ctx.community.slug, dataset.id), redirectType: .normal)
        }
    }
}
