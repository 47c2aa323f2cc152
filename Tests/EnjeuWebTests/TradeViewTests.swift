import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// A trade's page rendered from plain models: hostile text escaped, both languages, empty states, the spread beside the
/// pooled estimate, what is missing, and the request form only to who is signed in.
@Suite struct TradeViewTests {
    typealias C = CommunityViewTests
    typealias T = ProgrammeText

    static func indicator(name: String = C.hostile, estimate: TradePage.Estimate? = nil, spread: [TradePage.Group] = [],
                          gaps: [TradeGap] = [], contributors: Int = 7) -> TradePage.Indicator {
        TradePage.Indicator(programme: "tisserands-ensemble", programmeName: C.hostile, name: name, unit: "€ (k)", period: "2026-Q3",
                            place: C.hostile, tags: ["tissage"], contributors: contributors, sources: 3, estimate: estimate,
                            spread: spread, gaps: gaps)
    }

    static func request(supported: Bool = false) -> TradePage.Request {
        TradePage.Request(id: UUID(uuidString: "0190c0de-0000-7000-8000-000000000001")!, name: C.hostile, unit: "€", period: "2026",
                          place: "Lyon", supporters: 3, supported: supported)
    }

    @Test(arguments: Lang.allCases)
    func indicatorsShowTheirEstimateBesidePerCommunityMedians(_ l: Lang) {
        let m = TradePage(tag: "tissage d'art", indicators: [
            Self.indicator(estimate: .init(kind: .estimate, value: 41.5, low: 39, high: 44),
                           spread: [.init(community: "Tisserands de Lyon", contributors: 4, median: 40),
                                    .init(community: C.hostile, contributors: 3, median: 44),
                                    .init(community: nil, contributors: 2, median: nil)]),
            Self.indicator(name: "Prix du fil", contributors: 1),
        ], next: "abc", requests: [], signedIn: true)
        let out = C.html(TradeViews.tradePage(m, l, csrf: "tok"))
        #expect(!out.contains("<script>") && out.contains(C.escaped))
        #expect(out.contains(escape(l[T.tradeTitle("tissage d'art")])))
        #expect(out.contains("41,5") || out.contains("41.5"))
        #expect(out.contains("Tisserands de Lyon") && out.contains(escape(l[T.tradeDirect])) && out.contains(escape(l[T.tradeSpread])))
        // The unpublished estimate is not shown: the programme's participants read it there.
        #expect(out.contains(escape(l[T.tradeUnpublished])))
        #expect(out.contains("href=\"/programmes/tisserands-ensemble\""))
        // The next page keeps the tag, encoded as one path segment.
        #expect(out.contains("href=\"/figures/trades/tissage%20d%27art?after=abc\""))
    }

    @Test(arguments: Lang.allCases)
    func whatIsMissingIsListedByKind(_ l: Lang) {
        let m = TradePage(tag: "tissage", indicators: [
            Self.indicator(name: "Tarif 2020", gaps: [.noFigure, .stale], contributors: 0),
            Self.indicator(name: "Tarif d'une fileuse", gaps: [.oneSource], contributors: 1),
        ], next: nil, requests: [], signedIn: false)
        let out = C.html(TradeViews.tradePage(m, l, csrf: "tok"))
        for kind in TradeGap.allCases { #expect(out.contains(escape(l[T.gap(kind)])), "\(kind)") }
        #expect(!out.contains(escape(l[T.tradeNoGap])))
        #expect(!out.contains("rel=\"next\""))
        let none = C.html(TradeViews.tradePage(TradePage(tag: "tissage", indicators: [Self.indicator()], next: nil, requests: [], signedIn: false), l,
                                               csrf: "tok"))
        #expect(none.contains(escape(l[T.tradeNoGap])))
    }

    @Test(arguments: Lang.allCases)
    func signedInMembersAskAndSupportSignedOutReadersAreAskedToSignIn(_ l: Lang) {
        let member = C.html(TradeViews.tradePage(TradePage(tag: "tissage", indicators: [], next: nil,
                                                           requests: [Self.request(), Self.request(supported: true)], signedIn: true), l, csrf: "tok"))
        #expect(member.contains("action=\"/figures/trades/tissage/requests\"") && member.contains("name=\"_csrf\" value=\"tok\""))
        #expect(member.contains("action=\"/figures/indicator-requests/0190C0DE-0000-7000-8000-000000000001/support\""))
        #expect(member.contains(escape(l[T.tradeSupported])) && member.contains(escape(l[T.supporters(3)])))
        #expect(member.contains(escape(l[T.tradeNoIndicator])) && !member.contains(C.hostile))
        for f in [InputField.name, .unit, .period, .place] { #expect(member.contains("name=\"\(f.key)\""), "\(f)") }

        let reader = C.html(TradeViews.tradePage(TradePage(tag: "tissage", indicators: [], next: nil, requests: [Self.request()], signedIn: false),
                                                 l, csrf: "tok"))
        #expect(!reader.contains("<form") && reader.contains("href=\"/signin?next="))
        #expect(reader.contains(escape(l[T.tradeSignIn])))

        let empty = C.html(TradeViews.tradePage(TradePage(tag: "tissage", indicators: [], next: nil, requests: [], signedIn: false), l, csrf: "tok"))
        #expect(empty.contains(escape(l[T.tradeNoRequest])))
        // Past the first page of indicators, requests are not repeated.
        let later = C.html(TradeViews.tradePage(TradePage(tag: "tissage", indicators: [], next: nil, requests: nil, signedIn: true), l, csrf: "tok"))
        #expect(!later.contains(escape(l[T.tradeRequests])))
    }

    @Test(arguments: Lang.allCases)
    func aRefusedRequestNamesItsFields(_ l: Lang) {
        var v = Violations()
        v.add(.unit, .wrongUnit(allowed: FigureUnit.examples))
        v.add(.period, .periodFormat)
        let m = TradePage(tag: "tissage", indicators: [], next: nil, requests: [], signedIn: true,
                          form: FormState(values: ["name": C.hostile, "unit": "€ (q)", "period": "bientôt", "place": "Lyon"], violations: v))
        let out = C.html(TradeViews.tradePage(m, l, csrf: "tok"))
        #expect(out.contains("error-summary") && out.contains(C.escaped) && !out.contains("<script>"))
        #expect(out.contains(escape(l[Text.label(.unit)])) && out.contains(escape(l[Text.label(.period)])))
    }

    @Test(arguments: Lang.allCases)
    func tagsLinkToTheirTradeFromAProgrammeAndAnIndicator(_ l: Lang) {
        let out = C.html(ProgrammeViews.homePage(ProgrammePage(name: "P", purpose: "p", through: nil, communities: [], indicators: [
            ProgrammePage.Indicator(name: "Tarif", unit: "€", period: "2026", place: "Lyon", contributors: nil, communities: [],
                                    tags: ["tissage", "art/textile"]),
        ], insideVisible: true), l))
        #expect(out.contains("href=\"/figures/trades/tissage\"") && out.contains("href=\"/figures/trades/art%2Ftextile\""))
        #expect(out.contains(escape(l[T.tags])))
    }
}
