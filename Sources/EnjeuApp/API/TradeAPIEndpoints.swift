import Foundation
import EnjeuCore
import EnjeuWeb

/// Trades and sectors across programmes (issue 17) under /api/v1/trades/{tag}: the indicators of the programmes the
/// reader can see, what is missing, and the indicators members ask for.
enum TradeAPIEndpoints {
    typealias Op = APIOperation
    typealias API = TradeAPI

    static let trade = Op<String>(.GET, "/api/v1/trades/:tag", gate: .anyone, name: "api.trade",
                                  "A trade's or sector's indicators across the programmes I can see (\(TradeQueries.indicatorCap) a page by name, `next` for the following ones with `?after=`; estimates only where the programme publishes them as open data), its gaps (`noFigure`, `oneSource`, `stale`) and requested indicators, most supported first (the first \(TradeQueries.requestCap))",
                                  .ok(APISchema(API.TradeOut.self, "Trade", components: [
                                      APISchema(API.IndicatorOut.self, "TradeIndicator"), APISchema(API.GapOut.self, "TradeGap"),
                                      APISchema(API.RequestOut.self, "IndicatorRequest"),
                                  ])))
    static let request = Op<String>(.POST, "/api/v1/trades/:tag/requests", gate: .signedIn, name: "api.trade.request",
                                    "Ask for an indicator of this trade: `name`, `unit`, `period`, `place` (422 naming the field); the asker is its first supporter",
                                    body: .json(API.RequestIn.self, "NewIndicatorRequest"), .created(API.RequestOut.self, "IndicatorRequest"))
    static let support = Op<UUID>(.POST, "/api/v1/indicator-requests/:id/support", gate: .signedIn, name: "api.indicator-request.support",
                                  "Support a requested indicator, once per person: a second support is a 409",
                                  .ok(API.RequestOut.self, "IndicatorRequest"))

    static let all: [APIDoc] = [trade.doc, request.doc, support.doc]
}
