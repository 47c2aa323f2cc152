import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// A programme's forms (join, charter, stewards' requests and merges), a programme indicator's page (sources, lock, the
/// form to contribute) and a community steward's merge form: hostile text stays text, each form only to who may use it,
/// both languages.
@Suite struct ProgrammeFormViewTests {
    typealias F = FiguresViewTests
    static let rid = UUID(uuidString: "0190A000-0000-7000-8000-0000000000A1")!

    static func page(_ a: ProgrammeActions) -> ProgrammePage {
        var p = ProgrammePage(name: F.hostile, purpose: "Objet", through: nil, communities: [], indicators: [], insideVisible: true)
        p.actions = a
        return p
    }

    @Test(arguments: Lang.allCases)
    func aVisitorAsksForHerselfOrForACommunitySheStewards(_ l: Lang) {
        var a = ProgrammeActions()
        a.slug = "tissage"; a.mayAsk = true; a.charter = F.hostile; a.rules = .standard
        a.stewardOf = [ProgrammePage.Community(slug: "lyon", name: F.hostile)]
        a.form = FormState(values: ["target": "lyon"], violations: Violations(.target, .notAChoice))
        let html = F.html(ProgrammeViews.homePage(Self.page(a), l, csrf: "tok"))
        #expect(html.components(separatedBy: "action=\"/programmes/tissage/join\"").count == 3)
        #expect(html.contains("name=\"_csrf\" value=\"tok\""))
        #expect(html.contains(escape(l[ProgrammeText.askButton])) && html.contains(escape(l[ProgrammeText.communityJoinButton])))
        #expect(html.contains("value=\"lyon\"") && html.contains("id=\"give-to-get\""))
        #expect(html.contains("error-summary") && html.contains("#f-target"))
        // Nothing to accept yet, nothing of stewards.
        #expect(!html.contains("/charter/accept") && !html.contains("/requests/") && !html.contains("/merges/"))
        #expect(!html.contains("<script>alert"))
    }

    @Test(arguments: Lang.allCases)
    func stewardsAnswerRequestsAndMergesAndAParticipantAcceptsTheCharter(_ l: Lang) {
        var a = ProgrammeActions()
        a.slug = "tissage"; a.isSteward = true; a.charterToAccept = (2, F.hostile)
        a.communityRequests = [.init(id: Self.rid, slug: "lyon", name: F.hostile)]
        a.merges = [.init(id: F.other, community: F.hostile, indicatorName: F.hostile, into: "Tarif", requestedBy: "ada")]
        let html = F.html(ProgrammeViews.homePage(Self.page(a), l, csrf: "tok"))
        #expect(html.contains("action=\"/programmes/tissage/requests/\(Self.rid.uuidString)/approve\""))
        #expect(html.contains("action=\"/programmes/tissage/requests/\(Self.rid.uuidString)/decline\""))
        #expect(html.contains("action=\"/programmes/tissage/merges/\(F.other.uuidString)/accept\""))
        #expect(html.contains("action=\"/programmes/tissage/charter/accept\"") && html.contains("name=\"version\" value=\"2\""))
        #expect(!html.contains("<script>alert") && !html.contains("/join\""))
        var empty = ProgrammeActions()
        empty.slug = "tissage"; empty.isSteward = true
        let none = F.html(ProgrammeViews.homePage(Self.page(empty), l, csrf: "tok"))
        #expect(none.contains(escape(l[ProgrammeText.noRequest])) && none.contains(escape(l[ProgrammeText.noMerge])))
        // Signed out: no form at all.
        #expect(!F.html(ProgrammeViews.homePage(Self.page(ProgrammeActions()), l)).contains("<form"))
    }

    static func indicatorPage(lock: ReadLock?) -> ProgrammeIndicatorPage {
        let page = IndicatorPage(place: F.place(), indicator: F.indicator(), lock: lock, mine: nil, spread: nil, history: [], contributions: nil,
                                 showReplaced: false, learned: false, form: FormState(values: ["value": "abc"], violations: Violations(.value, .notANumber)))
        return ProgrammeIndicatorPage(programme: .init(slug: "tissage", name: F.hostile), page: page, contributors: lock == nil ? 4 : nil,
                                      sources: lock == nil ? [.init(community: F.hostile, contributors: 3, median: 41.5), .init(community: nil, contributors: 1, median: nil)] : [])
    }

    @Test(arguments: Lang.allCases)
    func aProgrammeIndicatorNamesItsSourcesOrSaysHowToEarnCredits(_ l: Lang) {
        let open = F.html(ProgrammeViews.indicatorPage(Self.indicatorPage(lock: nil), l, csrf: "tok"))
        #expect(open.contains("table class=\"sources\"") && open.contains("41.50") && open.contains(escape(l[ProgrammeText.direct])))
        #expect(open.contains("action=\"/programmes/tissage/figures/\(F.id.uuidString)/contribute\""))
        #expect(open.contains("error-summary") && open.contains("#f-value"))
        #expect(!open.contains("<script>alert"))
        let broke = ReadLock(owed: [F.id], cost: 1, balance: 0, earn: 2)
        let locked = F.html(ProgrammeViews.indicatorPage(Self.indicatorPage(lock: broke), l, csrf: "tok"))
        #expect(locked.contains(escape(l[broke.shortfall])) && locked.contains("href=\"/programmes/tissage#give-to-get\""))
        #expect(!locked.contains("table class=\"sources\"") && !locked.contains("41.50"))
        // Still free to give: the form to contribute stays.
        #expect(locked.contains("/programmes/tissage/figures/\(F.id.uuidString)/contribute"))
        let affordable = F.html(ProgrammeViews.indicatorPage(Self.indicatorPage(lock: ReadLock(owed: [F.id], cost: 1, balance: 3, earn: 2)), l, csrf: "t"))
        #expect(affordable.contains("action=\"/programmes/tissage/figures/\(F.id.uuidString)/read\""))
    }

    @Test(arguments: Lang.allCases)
    func theMergeFormListsCandidatesOrSaysThereIsNone(_ l: Lang) {
        let target = MergeFormPage.Target(id: F.other, name: F.hostile, programme: "Chiffres")
        let html = F.html(ProgrammeViews.mergePage(MergeFormPage(place: F.place(steward: true), indicator: F.indicator(), targets: [target],
                                                                 form: FormState()), l, csrf: "tok"))
        #expect(html.contains("action=\"/communities/tisserands/figures/\(F.id.uuidString)/merge\"") && html.contains("value=\"\(F.other.uuidString)\""))
        #expect(!html.contains("<script>alert"))
        let none = F.html(ProgrammeViews.mergePage(MergeFormPage(place: F.place(steward: true), indicator: F.indicator(), targets: [],
                                                                 form: FormState()), l, csrf: "tok"))
        #expect(none.contains(escape(l[ProgrammeText.noMergeTarget])) && !none.contains("<form"))
        // The community's indicator links its stewards to the form, and only them.
        func indicator(_ steward: Bool) -> String {
            F.html(FiguresViews.indicatorPage(IndicatorPage(place: F.place(steward: steward), indicator: F.indicator(), lock: nil, mine: nil, spread: nil,
                                                            history: [], contributions: nil, showReplaced: false, learned: false, form: FormState()), l, csrf: "t"))
        }
        #expect(indicator(true).contains("/figures/\(F.id.uuidString)/merge\"") && !indicator(false).contains("/merge\""))
    }
}
