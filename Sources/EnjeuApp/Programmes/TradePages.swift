import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A trade's or sector's page (`/figures/trades/<tag>`): the API's reads (`TradeQueries`) drawn by `TradeViews`, the
/// form that asks for an indicator and the button that supports a request (`TradeService`). It lists other
/// communities' programmes, so it is an open route, never page-cached.
struct TradePages {
    struct RequestForm: Content { var name: String?; var unit: String?; var period: String?; var place: String? }

    func register(_ r: any RoutesBuilder) {
        r.open(TradeEndpoints.trade) { req in
            guard let tag = TradeQueries.tag(req) else { throw AppError.notFound }
            return req.page(TradeViews.tradePage(try await Self.load(req, tag: tag, after: req.after), req.lang, csrf: req.csrf))
        }
        r.signedIn(TradeEndpoints.ask) { req, viewer in
            guard let tag = TradeQueries.tag(req) else { throw AppError.notFound }
            let f = (try? req.content.decode(RequestForm.self)) ?? RequestForm()
            let values = ["name": f.name ?? "", "unit": f.unit ?? "", "period": f.period ?? "", "place": f.place ?? ""]
            do {
                _ = try await TradeService(context: req.context).request(
                    IndicatorRequestDraft(trade: tag, name: f.name, unit: f.unit, period: f.period, place: f.place), by: viewer)
                return req.redirect(to: TradeEndpoints.page(tag) + "#requests", flash: .indicatorRequested)
            } catch let AppError.invalid(v) {
                let m = try await Self.load(req, tag: tag, after: nil, form: FormState(values: values, violations: v))
                return req.page(TradeViews.tradePage(m, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            }
        }
        r.signedIn(TradeEndpoints.support) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self),
                  let asked = try await TradeQueries(context: req.context).request(id, on: req.db) else { throw AppError.notFound }
            do {
                try await TradeService(context: req.context).support(id, by: viewer)
            } catch AppError.conflict(let t) {
                let m = try await Self.load(req, tag: asked.tag, after: nil, notice: t)
                return req.page(TradeViews.tradePage(m, req.lang, csrf: req.csrf), status: .conflict)
            }
            return req.redirect(to: TradeEndpoints.page(asked.tag) + "#requests", flash: .requestSupported)
        }
    }

    /// The page's model: a page of indicators with their gaps and spread, and on the first page the requests.
    static func load(_ req: Request, tag: String, after: String?, form: FormState = FormState(), notice: Text? = nil) async throws -> TradePage {
        let queries = TradeQueries(context: req.context)
        let page = try await queries.indicators(tag: tag, after: after, limit: TradeQueries.pageSize, groups: true)
        let requests = after == nil ? try await queries.requests(tag: tag) : nil
        return TradePage(
            tag: tag,
            indicators: page.items.map { item in
                let r = item.row
                // The spread matters once values came through more than one community.
                let spread = item.groups.filter { $0.community != nil }.count > 1 ? item.groups : []
                return TradePage.Indicator(
                    programme: r.slug, programmeName: r.programmeName, name: r.name, unit: r.unit, period: r.period, place: r.place,
                    tags: r.tagList, contributors: r.estContributors, sources: r.estSources,
                    estimate: item.estimate.map { TradePage.Estimate(kind: $0.kind, value: $0.value, low: $0.low, high: $0.high) },
                    spread: spread.map { TradePage.Group(community: $0.name ?? $0.community, contributors: $0.contributors, median: $0.median) },
                    gaps: item.gaps)
            },
            next: page.next,
            requests: requests?.map {
                TradePage.Request(id: $0.id, name: $0.name, unit: $0.unit, period: $0.period, place: $0.place, supporters: $0.supporters,
                                  supported: $0.mine > 0)
            },
            signedIn: req.viewer != nil, form: form, notice: notice)
    }
}
