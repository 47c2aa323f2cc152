import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A programme indicator's page, and a community steward's form to merge its indicator into one. The same loader,
/// services and give-to-get as a community's figures (`FiguresPages`): a GET never spends, the read button pays, and
/// a balance short of the cost answers 402 with how to earn credits.
extension ProgrammePages {
    func registerFigures(_ r: any RoutesBuilder) {
        // The community's figures pages on the programme's routes: the same handlers, forms and services as the API's.
        r.programme(ProgrammeEndpoints.newIndicator, use: FiguresPages.newIndicator)
        r.programme(ProgrammeEndpoints.createIndicator, use: FiguresPages.createIndicator)
        r.programme(ProgrammeEndpoints.credits, use: FiguresPages.credits)
        r.programme(ProgrammeEndpoints.rules, use: FiguresPages.rules)
        r.programme(ProgrammeEndpoints.saveRules, use: FiguresPages.saveRules)
        r.programme(ProgrammeEndpoints.indicator) { req, ctx in
            let indicator = try await FiguresQueries(req.context).requireIndicator(ctx, FiguresPages.id(req))
            return try await Self.indicatorPage(req, ctx, indicator, FiguresPages.freshContribution(req))
        }
        r.programme(ProgrammeEndpoints.contribute) { req, ctx in
            let indicator = try await FiguresQueries(req.context).requireIndicator(ctx, FiguresPages.id(req))
            return try await FiguresPages.contribute(req, ctx, indicator, done: ProgrammeEndpoints.indicator.path(ctx.community.slug, indicator.id)) {
                try await Self.indicatorPage(req, ctx, indicator, $0, status: .unprocessableEntity)
            }
        }
        r.programme(ProgrammeEndpoints.read) { req, ctx in
            let indicator = try await FiguresQueries(req.context).requireIndicator(ctx, FiguresPages.id(req))
            do {
                _ = try await FiguresService(req.context).chargeRead(ctx, indicator)
            } catch AppError.paymentRequired {
                return try await Self.indicatorPage(req, ctx, indicator, FiguresPages.freshContribution(req), status: .paymentRequired)
            }
            return req.redirect(to: ProgrammeEndpoints.indicator.path(ctx.community.slug, indicator.id), redirectType: .normal)
        }
        // The merge form names other communities' indicators: not kept in the community's page cache.
        r.community(FiguresEndpoints.mergeForm, pageCache: false) { req, ctx in
            try await Self.mergePage(req, ctx, FormState())
        }
        r.community(FiguresEndpoints.merge) { req, ctx in
            let target = (try? req.content.decode([String: String].self))?["target"] ?? ""
            guard let into = UUID(uuidString: target) else {
                return try await Self.mergePage(req, ctx, FormState(values: ["target": target], violations: Violations(.target, .required)),
                                                status: .unprocessableEntity)
            }
            do {
                _ = try await ProgrammeService(req.context).requestMerge(ctx, indicatorID: FiguresPages.id(req), into: into)
            } catch let AppError.invalid(v) {
                return try await Self.mergePage(req, ctx, FormState(values: ["target": target], violations: v), status: .unprocessableEntity)
            } catch let error as AppError {
                switch error {
                case .rejected(let t), .forbidden(let t), .conflict(let t):
                    return try await Self.mergePage(req, ctx, FormState(values: ["target": target], message: t), status: error.status)
                default: throw error
                }
            }
            return req.redirect(to: FiguresEndpoints.list.path(ctx.community.slug), flash: .saved)
        }
    }

    /// Spends nothing: a reader who has not paid sees it locked, with the button that pays (402 when short).
    static func indicatorPage(_ req: Request, _ ctx: CommunityContext, _ r: FigureIndicator, _ s: FormState,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await FiguresPages.loadIndicator(req.context, ctx, r, form: s, showReplaced: false, after: nil)
        // Where the estimate comes from, read as the API reads it (`sources`), only once the reader may read it.
        let sources = page.lock == nil ? try await ProgrammeQueries(req.context).sources(r.id) : nil
        let m = ProgrammeIndicatorPage(programme: .init(slug: ctx.community.slug, name: ctx.community.name), page: page,
                                       contributors: sources?.contributors,
                                       sources: (sources?.communities ?? []).map {
                                           .init(community: $0.name ?? $0.community, contributors: $0.contributors, median: $0.median)
                                       })
        return req.page(ProgrammeViews.indicatorPage(m, req.lang, csrf: req.csrf),
                        status: status == .ok && page.lock?.affordable == false ? .paymentRequired : status)
    }

    private struct Candidate: Decodable {
        let id: UUID, name: String, unit: String, period: String, programme: String
    }

    static func mergePage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let source = try await FiguresQueries(req.context).requireIndicator(ctx, FiguresPages.id(req))
        // The indicators of the programmes this community joined that measure the same thing (`MergeRules`).
        let candidates = try await req.db.rows("""
            SELECT i.id, i.name, i.unit, i.period, p.name AS programme FROM programme_communities pc
              JOIN communities p ON p.id = pc.programme_id JOIN indicators i ON i.community_id = p.id
            WHERE pc.community_id = \(bind: ctx.id) AND pc.status = \(bind: ProgrammeJoinStatus.active.rawValue) AND i.merged_into IS NULL
              AND i.period = \(bind: source.period)
            ORDER BY p.name_folded, i.name, i.id LIMIT 500
            """, as: Candidate.self)
        let targets = candidates.filter {
            MergeRules.mismatches(unit: source.unit, period: source.period, intoUnit: $0.unit, intoPeriod: $0.period).isEmpty
        }.map { MergeFormPage.Target(id: $0.id, name: $0.name, programme: $0.programme) }
        let m = MergeFormPage(place: CommunityPlace(ctx), indicator: source, targets: targets, form: s)
        return req.page(ProgrammeViews.mergePage(m, req.lang, csrf: req.csrf), status: status)
    }
}
