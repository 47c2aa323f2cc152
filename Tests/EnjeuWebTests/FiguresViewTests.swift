import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The #ChiffresEnsemble views drawn from models alone: hostile text stays text, links come from the endpoints,
/// locks hide values, and both languages render.
@Suite struct FiguresViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let slug = "tisserands"
    static let at = Date(timeIntervalSince1970: 1_790_000_000)
    static let id = UUID(uuidString: "0190A000-0000-7000-8000-000000000001")!
    static let other = UUID(uuidString: "0190A000-0000-7000-8000-000000000002")!

    static func place(contribute: Bool = true, steward: Bool = false, name: String = hostile) -> CommunityPlace {
        CommunityPlace(slug: slug, name: name, viewerHandle: "ada", canContribute: contribute, canSteward: steward)
    }

    static func indicator(kind: FigureEstimate.Kind = .estimate, name: String = hostile, unit: String = "€ (k)", scale: FigureScale = .positive) -> FigureIndicator {
        FigureIndicator(id: id, communityId: other, datasetId: nil, name: name, definition: hostile + "\n\nDeuxième paragraphe", unit: unit,
                        period: "2026", place: hostile, tags: "tissage\n" + hostile, scale: scale.rawValue, createdAt: at, createdBy: other,
                        creatorHandle: "bob", estKind: kind.rawValue, estValue: 41.5, estLow: 38, estHigh: 45, estContributors: 3,
                        estSources: 2, estOutliers: "[\"\(other.uuidString)\"]", estAt: at)
    }

    static func contribution(_ id: UUID, status: ContributionStatus = .current, handle: String = "bob", source: String = hostile,
                             kind: FigureSourceKind = .document, outlier: Bool = false) -> FigureContribution {
        FigureContribution(id: id, value: 410, source: source, sourceKind: kind.rawValue, observedOn: "2026-07-15", comment: hostile,
                           status: status.rawValue, creditState: CreditState.escrow.rawValue, outlier: outlier, createdAt: at, handle: handle,
                           displayName: hostile, openFlags: 2)
    }

    static func html(_ view: PageView) -> String { view.main.map(\.html).joined() }

    /// Nothing typed became markup: no script element, no attribute broken out of its quotes.
    func expectSafe(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("alert(1)</script>&\""), sourceLocation: sourceLocation)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;") || html.contains("&lt;script&gt;"), sourceLocation: sourceLocation)
    }

    static let empty = KeysetPage<FigureIndicator>(items: [], next: nil)

    // MARK: List and creation

    @Test(arguments: [Lang.fr, .en]) func anEmptyListSaysSoAndOffersTheSearch(_ l: Lang) {
        let view = FiguresViews.listPage(FiguresListPage(place: Self.place(contribute: false), q: nil, indicators: Self.empty, balance: nil,
                                                          refreshedAt: nil), l, csrf: "t")
        let html = Self.html(view)
        #expect(view.title == l[FiguresText.title] + " · " + Self.hostile)
        // Empty, it says what goes there; the first action only for those who may contribute.
        #expect(html.contains(escape(l[FirstStepsText.indicators])) && !html.contains(escape(l[FirstStepsText.indicatorsAction])))
        #expect(html.contains("action=\"/communities/tisserands/figures\""))
        #expect(!html.contains("/figures/new") && !html.contains("/figures/credits\"") && !html.contains("/figures/refresh"))
        expectSafe(html)
    }

    @Test func aListLinksIndicatorsAndKeepsTheSearchInItsNextPage() {
        let page = KeysetPage(items: [Self.indicator()], next: "abc_-")
        let html = Self.html(FiguresViews.listPage(FiguresListPage(place: Self.place(steward: true), q: "lin & <b>", indicators: page, balance: 3.5,
                                                                   refreshedAt: Self.at), .fr, csrf: "t"))
        #expect(html.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)\""))
        #expect(html.contains("href=\"" + escape(FiguresEndpoints.list.path(Self.slug, query: [("q", "lin & <b>"), ("after", "abc_-")])) + "\""))
        #expect(html.contains("href=\"/communities/tisserands/figures?q=lin") && html.contains("&amp;after=abc_-\""))
        #expect(html.contains("value=\"lin &amp; &lt;b&gt;\""))
        #expect(html.contains("<p class=\"balance\"><a href=\"/communities/tisserands/figures/credits\">") && html.contains("3.5</a>"))
        #expect(html.contains("action=\"/communities/tisserands/figures/refresh\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/new\""))
        #expect(html.contains("estimation · 3"))
        expectSafe(html)
    }

    @Test(arguments: [Lang.fr, .en]) func theNewIndicatorFormOffersSimilarOnesAndKeepsWhatWasTyped(_ l: Lang) {
        var v = Violations()
        v.add(.name, .tooShort(min: 3))
        let dataset = FigureDataset(id: Self.other, name: Self.hostile, description: "", createdAt: Self.at, indicators: 0)
        let m = NewIndicatorPage(place: Self.place(), datasets: [dataset], similar: [SimilarIndicator(id: Self.id, name: Self.hostile, period: "2026")],
                                 form: FormState(values: ["name": Self.hostile, "scale": "signed", "dataset": Self.other.uuidString], violations: v))
        let html = Self.html(FiguresViews.newIndicatorPage(m, l, csrf: "tok"))
        #expect(html.contains("section class=\"callout\""))
        #expect(html.contains("name=\"confirm\" value=\"1\""))
        #expect(html.contains(escape(l[FiguresText.createAnyway])))
        #expect(html.contains("action=\"/communities/tisserands/figures\""))
        #expect(html.contains("<option value=\"signed\" selected>"))
        #expect(html.contains("<option value=\"\(Self.other.uuidString)\" selected>"))
        #expect(html.contains("class=\"error-summary\""))
        expectSafe(html)
    }

    // MARK: One indicator

    @Test(arguments: [Lang.fr, .en]) func anOpenIndicatorShowsItsEstimateChartsAndContributions(_ l: Lang) {
        let r = Self.indicator()
        let spread = FiguresViews.spread([FigurePlotPoint(value: 40, outlier: false, status: .current),
                                          FigurePlotPoint(value: 410, outlier: true, status: .current),
                                          FigurePlotPoint(value: 39, outlier: false, status: .deprecated)], r, l)
        let history = [FigureHistoryPoint(at: Self.at, kind: .singleSource, value: 40, low: 40, high: 40, contributors: 1),
                       FigureHistoryPoint(at: Self.at.addingTimeInterval(86_400), kind: .estimate, value: 41.5, low: 38, high: 45, contributors: 3)]
        let contributions = KeysetPage(items: [Self.contribution(Self.other, outlier: true),
                                               Self.contribution(Self.id, handle: "ada", source: "https://example.org/a?b=<c>", kind: .url),
                                               Self.contribution(UUID(), source: "javascript:alert(1)", kind: .url)], next: "n1")
        let mine = MyFigureContribution(id: Self.id, value: 39, source: Self.hostile, observedOn: "2026-07-01", status: .deprecated, outlier: false)
        let m = IndicatorPage(place: Self.place(), indicator: r, lock: nil, mine: mine, spread: spread, history: history, contributions: contributions,
                              showReplaced: false, learned: true, form: FormState(values: ["observedOn": "2026-07-15"]))
        let view = FiguresViews.indicatorPage(m, l, csrf: "tok")
        let html = Self.html(view)
        #expect(view.title == Self.hostile + " · " + l[FiguresText.title])
        #expect(html.contains("<span class=\"badge tone-done kind-estimate\">"))
        #expect(html.contains("<svg class=\"chart strip\""))
        #expect(html.contains("<path class=\"outlier\"") && html.contains("<path class=\"deprecated\""))
        #expect(html.contains("<svg class=\"chart history\""))
        #expect(html.contains("<details>"))
        #expect(html.contains("<tr class=\"current outlier\" id=\"c-\(Self.other.uuidString)\">"))
        // Others' current values can be flagged, not one's own.
        #expect(html.contains("href=\"/communities/tisserands/figures/contributions/\(Self.other.uuidString)/flag\""))
        #expect(!html.contains("/figures/contributions/\(Self.id.uuidString)/flag"))
        // A URL source is a link only when it is a safe one.
        #expect(html.contains("rel=\"nofollow noopener\""))
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("action=\"/communities/tisserands/figures/\(Self.id.uuidString)/contribute\""))
        #expect(html.contains("<option value=\"k€\"") || html.contains("name=\"unit\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)?history=1#contributions-title\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)?after=n1\""))
        #expect(html.contains(escape(l[FiguresText.contributionStatus(.deprecated)])))
        #expect(!html.contains("callout locked"))
        expectSafe(html)
    }

    @Test func theReplacedValuesPageLinksBackAndPagesWithItsFilter() {
        let m = IndicatorPage(place: Self.place(), indicator: Self.indicator(kind: .none), lock: nil, mine: nil, spread: nil, history: [],
                              contributions: KeysetPage(items: [], next: "n2"), showReplaced: true, learned: false, form: FormState())
        let html = Self.html(FiguresViews.indicatorPage(m, .en, csrf: "t"))
        #expect(html.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)#contributions-title\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)?history=1&amp;after=n2\""))
        #expect(html.contains(escape(FiguresText.none.text.en)))
        #expect(!html.contains("class=\"facts\"") && !html.contains("<svg"))
    }

    @Test(arguments: [Lang.fr, .en]) func aLockedIndicatorHidesItsValuesAndOffersTheButtonThatPays(_ l: Lang) {
        let affordable = ReadLock(owed: [Self.id], cost: 1, balance: 4, earn: 2)
        let m = IndicatorPage(place: Self.place(), indicator: Self.indicator(), lock: affordable, mine: nil, spread: nil, history: [],
                              contributions: nil, showReplaced: false, learned: false, form: FormState())
        let html = Self.html(FiguresViews.indicatorPage(m, l, csrf: "tok"))
        #expect(html.contains("section class=\"callout locked\""))
        #expect(html.contains("action=\"/communities/tisserands/figures/\(Self.id.uuidString)/read\""))
        #expect(html.contains(escape(l[FiguresText.readFor(1)])))
        #expect(!html.contains("class=\"estimate\"") && !html.contains("41.50") && !html.contains("table class=\"contributions\""))
        #expect(html.contains("href=\"/communities/tisserands/charter#give-to-get\""))
        // Short of credits: how to earn, no button.
        let broke = IndicatorPage(place: Self.place(), indicator: Self.indicator(), lock: ReadLock(owed: [Self.id], cost: 3, balance: 0.5, earn: 2),
                                  mine: nil, spread: nil, history: [], contributions: nil, showReplaced: false, learned: false, form: FormState())
        let brokeHTML = Self.html(FiguresViews.indicatorPage(broke, l, csrf: "tok"))
        #expect(!brokeHTML.contains("/read\""))
        #expect(brokeHTML.contains(escape(l[ReadLock(owed: [], cost: 3, balance: 0.5, earn: 2).shortfall])))
    }

    // MARK: Flags, credits, rules

    @Test(arguments: [Lang.fr, .en]) func aFlagPageShowsTheValueOnlyWhenOpen(_ l: Lang) {
        let c = FlaggedContribution(indicatorId: Self.id, indicatorName: Self.hostile, unit: "€", value: 410, source: Self.hostile,
                                    observedOn: "2026-07-15", displayName: Self.hostile)
        let open = Self.html(FiguresViews.flagPage(FlagPage(place: Self.place(), contributionID: Self.other, contribution: c, lock: nil, form: FormState()),
                                                   l, csrf: "tok"))
        #expect(open.contains("<strong>410 €</strong>"))
        #expect(open.contains("action=\"/communities/tisserands/figures/contributions/\(Self.other.uuidString)/flag\""))
        #expect(open.contains("href=\"/communities/tisserands/figures/\(Self.id.uuidString)\""))
        expectSafe(open)
        let locked = Self.html(FiguresViews.flagPage(FlagPage(place: Self.place(), contributionID: Self.other, contribution: c,
                                                              lock: ReadLock(owed: [Self.id], cost: 1, balance: 2, earn: 2), form: FormState()),
                                                     l, csrf: "tok"))
        #expect(!locked.contains("410"))
        #expect(locked.contains("name=\"back\" value=\"\(Self.other.uuidString)\""))
        #expect(locked.contains("action=\"/communities/tisserands/figures/\(Self.id.uuidString)/read\""))
    }

    @Test(arguments: [Lang.fr, .en]) func theCreditsPageWritesDebitsAndTheAllowance(_ l: Lang) {
        let entries = KeysetPage(items: [FigureCredit(id: Self.id, kind: .spend, amount: 1, at: Self.at, indicatorId: Self.other, indicatorName: Self.hostile),
                                         FigureCredit(id: Self.other, kind: .earn, amount: 1.5, at: Self.at, indicatorId: nil, indicatorName: nil)],
                                 next: "c1")
        let html = Self.html(FiguresViews.creditsPage(CreditsPage(place: Self.place(), balance: 5.46, escrow: 2, rules: .standard, entries: entries), l))
        #expect(html.contains("<dd class=\"balance-value\">5.5</dd>"))
        #expect(html.contains("<tr class=\"credit-spend\">") && html.contains("−1.00") && html.contains("+1.50"))
        #expect(html.contains("<tr class=\"credit-allowance\">") && html.contains("+5"))
        #expect(html.contains("href=\"/communities/tisserands/figures/credits?after=c1\""))
        #expect(html.contains(escape(l[FiguresText.creditKind(.spend)])))
        expectSafe(html)
    }

    @Test func theRulesFormPostsToItsEndpoint() {
        let html = Self.html(FiguresViews.rulesPage(Self.place(steward: true), FormState(values: ["allowance": "5"]), .fr, csrf: "tok"))
        #expect(html.contains("action=\"/communities/tisserands/figures/rules\""))
        #expect(html.contains("name=\"allowance\"") && html.contains("value=\"5\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/rules\""))
    }

    // MARK: Datasets

    @Test(arguments: [Lang.fr, .en]) func datasetsListAndTheFormForContributors(_ l: Lang) {
        let none = Self.html(FiguresViews.datasetsPage(DatasetsPage(place: Self.place(contribute: false), datasets: KeysetPage(items: [], next: nil),
                                                                    form: FormState()), l, csrf: "t"))
        #expect(none.contains(escape(l[FirstStepsText.datasets])) && !none.contains(escape(l[FirstStepsText.datasetsAction])) && !none.contains("<textarea"))
        let d = FigureDataset(id: Self.id, name: Self.hostile, description: Self.hostile, createdAt: Self.at, indicators: 4)
        let some = Self.html(FiguresViews.datasetsPage(DatasetsPage(place: Self.place(), datasets: KeysetPage(items: [d], next: "d1"),
                                                                    form: FormState(values: ["definition": Self.hostile])), l, csrf: "t"))
        #expect(some.contains("href=\"/communities/tisserands/figures/datasets/\(Self.id.uuidString)\""))
        #expect(some.contains("href=\"/communities/tisserands/figures/datasets?after=d1\""))
        #expect(some.contains("action=\"/communities/tisserands/figures/datasets\""))
        #expect(some.contains(" · 4"))
        expectSafe(some)
    }

    @Test(arguments: [Lang.fr, .en]) func aDatasetShowsOpenEstimatesLocksTheRestAndLinksItsExports(_ l: Lang) {
        let d = FigureDataset(id: Self.other, name: Self.hostile, description: Self.hostile, createdAt: Self.at, indicators: 2)
        let open = Self.indicator(), closed = FigureIndicator(id: Self.other, communityId: Self.other, datasetId: Self.other, name: "Fermé", definition: "",
                                                            unit: "h", period: "2026", place: "", tags: "", scale: "positive", createdAt: Self.at,
                                                            createdBy: Self.other, creatorHandle: nil, estKind: "estimate", estValue: 7, estLow: 6,
                                                            estHigh: 8, estContributors: 2, estSources: 2, estOutliers: "[]", estAt: Self.at)
        let lock = ReadLock(owed: [Self.other], cost: 1, balance: 3, earn: 2)
        let view = FiguresViews.datasetPage(DatasetPage(place: Self.place(steward: true), dataset: d, sort: "contributors", indicators: [open, closed],
                                                        open: [Self.id], lock: lock), l, csrf: "tok")
        let html = Self.html(view)
        #expect(view.title == Self.hostile)
        #expect(html.contains("41.50 € · " + l[FiguresText.kind(.estimate)]))
        #expect(html.contains("🔒 " + l[FiguresText.locked]))
        #expect(!html.contains("7.00"))
        #expect(html.contains("aria-sort=\"descending\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/datasets/\(Self.other.uuidString)?sort=period\""))
        #expect(html.contains("action=\"/communities/tisserands/figures/datasets/\(Self.other.uuidString)/unlock\""))
        #expect(html.contains("href=\"/communities/tisserands/figures/new?dataset=\(Self.other.uuidString)\""))
        for file in ["export.csv", "datapackage.json", "contributions.csv"] {
            #expect(html.contains("href=\"/communities/tisserands/figures/datasets/\(Self.other.uuidString)/\(file)\""))
        }
        expectSafe(html)
        // A member who is not a steward gets no contributions export.
        let member = Self.html(FiguresViews.datasetPage(DatasetPage(place: Self.place(), dataset: d, sort: "name", indicators: [open], open: [Self.id],
                                                                    lock: nil), l, csrf: "tok"))
        #expect(!member.contains("contributions.csv") && member.contains("export.csv"))
    }

    // MARK: Endpoints

    @Test func everyFiguresEndpointKeepsItsPath() {
        #expect(FiguresEndpoints.indicator.path("s", Self.id) == "/communities/s/figures/\(Self.id.uuidString)")
        #expect(FiguresEndpoints.flag.path("s", Self.id) == "/communities/s/figures/contributions/\(Self.id.uuidString)/flag")
        #expect(FiguresEndpoints.unlock.path("s", Self.id) == "/communities/s/figures/datasets/\(Self.id.uuidString)/unlock")
        #expect(FiguresEndpoints.read.method == .POST && FiguresEndpoints.flagForm.method == .GET)
        #expect(FiguresEndpoints.contributionsCSV.gate == .community(.steward))
    }
}
