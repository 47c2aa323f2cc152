import Vapor
import EnjeuCore
import EnjeuWeb

/// Paying to read, on pages: the locked view and its button. A GET never spends (a cookie rides along on another
/// site's link); only these POST forms, CSRF-checked like every form, do, and then go back to the page (303).
extension FiguresPages {
    static func readPath(_ slug: String, _ indicator: UUID) -> String { Paths.indicator(slug, indicator) + "/read" }
    static func unlockPath(_ slug: String, _ dataset: UUID) -> String { Paths.dataset(slug, dataset) + "/unlock" }

    struct ReadForm: Content { var back: String? }

    func registerReading(_ c: any RoutesBuilder) {
        // Pays for one indicator, then back to it, or to the flag page the button was on (`back`: a contribution of it).
        c.community(.POST, ":id", "read", need: .contribute) { req, ctx in
            let indicator = try await FiguresQueries(req).requireIndicator(ctx)
            let slug = ctx.community.slug
            do {
                _ = try await FiguresService(req: req).chargeRead(ctx, indicator)
            } catch AppError.paymentRequired {
                return try await indicatorPage(req, ctx, indicator, FormState(values: ["observedOn": FiguresService.isoDay(req.now)]),
                                               status: .paymentRequired)
            }
            let back = (try? req.content.decode(ReadForm.self))?.back.flatMap(UUID.init(uuidString:))
            if let back, let target = try await FiguresQueries(req).contributionTarget(ctx.id, back), target.indicatorId == indicator.id {
                return req.redirect(to: Paths.flagContribution(slug, back), redirectType: .normal)
            }
            return req.redirect(to: Paths.indicator(slug, indicator.id), redirectType: .normal)
        }
        // Pays for every indicator of a dataset not read this month, all or nothing (402 when the balance falls short).
        c.community(.POST, "datasets", ":id", "unlock", need: .contribute) { req, ctx in
            let viewer = try ctx.requireViewer()
            let queries = FiguresQueries(req)
            let dataset = try await queries.requireDataset(ctx)
            let rows = try await queries.datasetIndicators(dataset.id, sort: "name", limit: nil)
            do {
                _ = try await FiguresService(req: req).chargeRead(ctx, indicators: FiguresService.billable(rows, for: viewer.id))
            } catch AppError.paymentRequired {
                return try await datasetPage(req, ctx, status: .paymentRequired)
            }
            return req.redirect(to: Paths.dataset(ctx.community.slug, dataset.id), redirectType: .normal)
        }
    }

    /// What the reader does not see yet, what reading it costs, and the button that pays (or, short of credits, how to earn).
    /// `count` is the number of indicators a dataset's button unlocks; `back` the contribution whose flag page it is on.
    func lockedSection(_ req: Request, _ ctx: CommunityContext, _ lock: FiguresService.Lock, action: String,
                       count: Int? = nil, back: UUID? = nil) -> Node {
        let l = req.lang
        return el("section", .cls("callout locked"), .aria("labelledby", "locked-title")) {
            el("h2", .id("locked-title")) { l[FiguresText.lockedTitle] }
            if lock.affordable {
                el("p") { l[count.map { FiguresText.unlockOffer(count: $0, cost: lock.cost, balance: lock.balance) }
                            ?? FiguresText.readOffer(cost: lock.cost, balance: lock.balance)] }
                postForm(action, csrf: req.csrf) {
                    if let back { el("input", .type("hidden"), .name("back"), .value(back.uuidString)) }
                    el("button", .type("submit")) { l[FiguresText.readFor(lock.cost)] }
                }
            } else {
                el("p") { l[lock.shortfall] }
            }
            el("p") { el("a", .href(Paths.charter(ctx.community.slug) + "#give-to-get")) { l[FiguresText.rulesTitle] } }
        }
    }
}
