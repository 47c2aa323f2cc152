import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// First steps and empty states, drawn from models alone: the home of a person without a community, the template
/// choice of the creation form, and what each empty page of a new community says and offers to do first.
@Suite struct FirstStepsViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"

    static func html(_ view: PageView) -> String { view.main.map(\.html).joined() }

    static func card(_ slug: String, members: Int = 3) -> CommunityCard {
        CommunityCard(slug: slug, name: hostile + slug, purpose: hostile, perimeter: "", rhythm: "", stage: .emerging, visibility: .public,
                      charterVersion: 1, memberCount: members)
    }

    static func place(contribute: Bool, steward: Bool = false) -> CommunityPlace {
        CommunityPlace(slug: "atelier", name: hostile, viewerHandle: contribute ? "ada" : nil, canContribute: contribute, canSteward: steward)
    }

    // MARK: The home

    @Test(arguments: Lang.allCases)
    func someoneWithoutACommunitySeesWhatToJoinAndWhatToCreate(_ l: Lang) {
        let join = [JoinSuggestion(card: Self.card("zz-match"), shared: ["Entraide"]), JoinSuggestion(card: Self.card("aa-big", members: 40), shared: [])]
        let out = Self.html(HomeViews.homePage(SiteHomePage(signedIn: true, mine: [], discover: [], firstSteps: join), l, csrf: "tok"))
        #expect(out.contains("id=\"first-steps\"") && out.contains(escape(l[FirstStepsText.title])))
        // In the order given (matches first), each with a join form carrying the CSRF token and naming the community.
        let match = out.range(of: "action=\"/communities/zz-match/join\"")?.lowerBound
        let big = out.range(of: "action=\"/communities/aa-big/join\"")?.lowerBound
        #expect(match != nil && big != nil && match! < big!)
        #expect(out.contains("name=\"_csrf\" value=\"tok\"") && out.contains(escape(l[FirstStepsText.askToJoin(Self.hostile + "zz-match")])))
        #expect(out.contains(escape(l[FirstStepsText.shared])) && out.contains("Entraide") && !out.contains("<script>"))
        for t in CommunityTemplate.allCases {
            #expect(out.contains("href=\"/communities/new?template=\(t.rawValue)\"") && out.contains(escape(l[t.purpose])))
        }
        #expect(!out.contains(escape(l[.noCommunityYet])))
    }

    @Test(arguments: Lang.allCases)
    func noPublicCommunityToJoinSaysToCreateTheFirst(_ l: Lang) {
        let out = Self.html(HomeViews.homePage(SiteHomePage(signedIn: true, mine: [], discover: [], firstSteps: []), l, csrf: "tok"))
        #expect(out.contains(escape(l[FirstStepsText.noPublicCommunity])) && !out.contains("/join\""))
        #expect(out.contains("href=\"/communities/new?template=cooperative\""))
        let member = Self.html(HomeViews.homePage(SiteHomePage(signedIn: true, mine: [MyCommunity(card: Self.card("x"), role: .member, status: .active)],
                                                               discover: []), l, csrf: "tok"))
        #expect(!member.contains("first-steps") && !member.contains("?template="))
    }

    // MARK: The creation form

    @Test(arguments: Lang.allCases)
    func theTemplateChoiceIsAGroupOfLabelledRadios(_ l: Lang) {
        let out = Self.html(CommunityViews.newCommunityForm(FormState(values: ["template": "cooperative"]), l, csrf: "t"))
        #expect(out.contains("<fieldset id=\"f-template\"") && out.contains("<legend>" + escape(l[Text.label(.template)]) + "</legend>"))
        #expect(out.components(separatedBy: "type=\"radio\" name=\"template\"").count == 1 + 1 + CommunityTemplate.allCases.count)
        for value in [CommunityTemplate.blank] + CommunityTemplate.allCases.map(\.rawValue) {
            #expect(out.contains("id=\"template-\(value)\"") && out.contains("<label for=\"template-\(value)\">"))
        }
        #expect(out.contains("value=\"cooperative\" id=\"template-cooperative\" checked"))
        #expect(!out.contains("value=\"blank\" id=\"template-blank\" checked"))
    }

    @Test(arguments: Lang.allCases)
    func anUnknownTemplateIsShownAgainstItsField(_ l: Lang) {
        let s = FormState(values: ["template": "castle"], violations: Violations(.template, .notAChoice))
        let out = Self.html(CommunityViews.newCommunityForm(s, l, csrf: "t"))
        #expect(out.contains("href=\"#f-template\"") && out.contains("id=\"f-template-error\""))
        #expect(out.contains("aria-describedby=\"f-template-hint f-template-error\""))
        #expect(out.contains(escape(l[Text.label(.template)])))
    }

    @Test func everyTemplateHasAllItsWordsInBothLanguages() {
        for t in CommunityTemplate.allCases {
            for l in Lang.allCases {
                let s = t.starter(l)
                let words = [s.charter, s.revisionSummary, l[t.name], l[t.purpose]] + s.sections.values + s.values.flatMap { [$0.title, $0.meaning] }
                #expect(s.sections.count == t.sections.count && s.values.count == CommunityTemplate.valueCount, "\(t) \(l)")
                #expect(!words.contains { $0.isEmpty || $0.contains("⟦") }, "\(t) \(l)")
                // What the rules ask of a charter and of a proposal (title 2+, meaning 5+).
                #expect(s.charter.count >= Rules.charterMin && s.values.allSatisfy { $0.title.count >= 2 && $0.meaning.count >= 5 })
            }
        }
    }

    @Test func aPrefilledCharterFollowsTheTemplateButATypedOneIsKept() throws {
        let coop = CommunityTemplate.cooperative
        #expect(CommunityTemplate.charter(typed: Lang.fr[Text.defaultCharter], template: coop, .en) == Lang.en[coop.charter])
        #expect(CommunityTemplate.charter(typed: Lang.fr[CommunityTemplate.association.charter] + "\r\n", template: coop, .fr) == Lang.fr[coop.charter])
        #expect(CommunityTemplate.charter(typed: "  ", template: coop, .fr) == Lang.fr[coop.charter])
        #expect(CommunityTemplate.charter(typed: "Notre charte à nous.", template: coop, .fr) == "Notre charte à nous.")
        #expect(CommunityTemplate.charter(typed: "", template: nil, .fr) == "")
        #expect(try CommunityTemplate.choice("blank").get() == nil && CommunityTemplate.choice(nil) == .success(nil))
        #expect(CommunityTemplate.choice("castle") == .failure(Violations(.template, .notAChoice)))
    }

    // MARK: Empty states

    @Test(arguments: Lang.allCases)
    func emptyJourneyPagesSayWhatGoesThereAndOfferTheFirstActionToContributorsOnly(_ l: Lang) {
        for contribute in [true, false] {
            let p = Self.place(contribute: contribute)
            let overview = Self.html(JourneyViews.overviewPage(JourneyOverview(place: p, cycle: 1, started: false, states: [:], canStartNextCycle: false,
                                                                               proposals: [], actions: [], retrospectives: [], form: FormState()), l, csrf: "t"))
            #expect(overview.contains(escape(l[FirstStepsText.journey])) && overview.contains("href=\"#proposals\"") == contribute)
            let actions = Self.html(JourneyViews.actionsPage(JourneyActionList(place: p, actions: KeysetPage(items: [], next: nil), stakes: [],
                                                                               form: FormState()), l, csrf: "t"))
            #expect(actions.contains(escape(l[FirstStepsText.actions])) && actions.contains("href=\"#new-action\"") == contribute)
            let empty = JourneyFigures(own: ScoreAggregate(), peers: ScoreAggregate())
            let evaluation = Self.html(JourneyViews.evaluationPage(JourneyEvaluation(place: p, withholds: false, overall: empty, cycles: []), l))
            #expect(evaluation.contains(escape(l[FirstStepsText.evaluation])) && evaluation.contains(escape(l[FirstStepsText.evaluationAction])) == contribute)
            let wall = Self.html(JourneyViews.wallPage(JourneyWall(place: p, recognitions: KeysetPage(items: [], next: nil), balance: [], form: FormState()),
                                                       l, csrf: "t"))
            #expect(wall.contains(escape(l[FirstStepsText.wall])) && wall.contains("href=\"#recognize-title\"") == contribute)
        }
    }

    @Test(arguments: Lang.allCases)
    func emptyCodeAndCommunityPagesSayWhatGoesThere(_ l: Lang) {
        for contribute in [true, false] {
            let c = CodeCommunity(place: Self.place(contribute: contribute), head: 0, canSeeInside: true)
            let history = Self.html(CodeViews.historyPage(CodeHistoryPage(community: c, revisions: KeysetPage(items: [], next: nil)), l))
            #expect(history.contains(escape(l[FirstStepsText.history])) && history.contains(escape(l[FirstStepsText.codeAction])) == contribute)
            let amendments = Self.html(CodeViews.amendmentsPage(AmendmentListPage(community: c, amendments: KeysetPage(items: [], next: nil), status: nil), l))
            #expect(amendments.contains(escape(l[FirstStepsText.amendments])) && amendments.contains(escape(l[CodeText.noAmendment])))
            let pyramid = Self.html(EconomyViews.pyramidPage(EconomyPyramidPage(place: Self.place(contribute: contribute), pyramid: EconomyPyramid([]),
                                                                                form: FormState()), l, csrf: "t"))
            #expect(pyramid.contains(escape(l[FirstStepsText.pyramid])) && pyramid.contains("href=\"#resp-title\"") == contribute)
        }
        let founderAlone = ViewedCommunity(card: Self.card("atelier", members: 1), version: 1, codePublished: false,
                                           relation: .member(role: .founder, status: .active, charterCurrent: true), viewerHandle: "ada")
        let home = Self.html(CommunityViews.homePage(CommunityHomePage(community: founderAlone, stewards: [], members: [], moreMembers: false,
                                                                       pendingRequests: 0, latestRequest: nil, charter: nil), l, csrf: "t"))
        #expect(home.contains(escape(l[FirstStepsText.homeAlone])) && home.contains("href=\"/communities/atelier/requests\""))
        let requests = Self.html(CommunityViews.requestsPage(JoinRequestsPage(community: founderAlone, page: KeysetPage(items: [], next: nil)), l, csrf: "t"))
        #expect(requests.contains(escape(l[FirstStepsText.requests])) && requests.contains("class=\"empty-state\""))
    }
}
