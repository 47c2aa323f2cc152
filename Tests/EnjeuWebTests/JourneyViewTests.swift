import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The journey's pages rendered from plain models, without a database: member text is escaped everywhere (the
/// evaluation chart's SVG included), both languages, empty cycles, released and withheld evaluation figures.
@Suite struct JourneyViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    let slug = "tisserands"
    let id = UUID(uuidString: "0190a6a2-0000-7000-8000-000000000001")!
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func place(contribute: Bool = true, steward: Bool = false, viewer: String? = "ada", name: String = hostile) -> CommunityPlace {
        CommunityPlace(slug: slug, name: name, viewerHandle: viewer, canContribute: contribute, canSteward: steward)
    }

    func proposal(_ kind: ProposalKind, _ status: ProposalStatus, title: String = hostile) -> JourneyProposal {
        JourneyProposal(id: id, cycle: 1, kind: kind, title: title, body: Self.hostile, status: status, closesAt: now, createdAt: now,
                        authorHandle: "ada", consents: 2, objections: 1, abstentions: 0)
    }

    func action(_ status: ActionStatus, title: String = hostile) -> JourneyAction {
        JourneyAction(id: id, cycle: 1, title: title, description: Self.hostile, stakeId: nil, stakeTitle: Self.hostile, needs: Self.hostile,
                      dueOn: "2025-07-01", status: status, ownerId: nil, ownerHandle: "bo", outcome: Self.hostile, createdAt: now, participants: 2)
    }

    func recognition(_ kind: JourneySubjectKind) -> JourneyRecognition {
        JourneyRecognition(id: id, cycle: 1, fromHandle: "ada", fromName: Self.hostile, toKind: kind, toId: id, toHandle: nil, toLabel: Self.hostile,
                           message: Self.hostile, criteria: "mastery,maturity", createdAt: now)
    }

    static let some = ScoreAggregate(count: 3, sums: [6, 9, 3, 12])

    /// The page's title and content as the layout would place them.
    func render(_ v: PageView) -> String { escape(v.title) + v.main.map(\.html).joined() }

    func expectSafe(_ html: String, _ where_: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script>"), "\(where_): raw script", sourceLocation: sourceLocation)
        #expect(!html.contains("\"'"), "\(where_): raw quotes", sourceLocation: sourceLocation)
        #expect(html.contains(Self.escaped), "\(where_): escaped text", sourceLocation: sourceLocation)
    }

    // MARK: The six steps

    @Test(arguments: [Lang.fr, .en])
    func theStepsEscapeEveryMembersText(_ l: Lang) {
        let retro = JourneyRetrospective(id: id, worked: Self.hostile, didNot: Self.hostile, change: Self.hostile, amendmentId: id,
                                         amendmentStatus: .adopted, handle: "ada", createdAt: now)
        let m = JourneyOverview(place: place(steward: true), cycle: 2, started: true,
                                states: [.values: .done, .commonGood: .inProgress], canStartNextCycle: true,
                                proposals: [proposal(.value, .open), proposal(.stake, .adopted), proposal(.project, .rejected)],
                                actions: [action(.planned), action(.inProgress)], retrospectives: [retro],
                                form: FormState(values: ["name": Self.hostile]))
        let html = render(JourneyViews.overviewPage(m, l, csrf: "tok"))
        expectSafe(html, "overview")
        #expect(html.contains(l[JourneyText.title]) && html.contains(l[JourneyText.cycle(2)]))
        #expect(html.contains("class=\"step state-done\" id=\"values\"") && html.contains("id=\"governance\""))
        #expect(html.contains("class=\"proposal status-open\""))
        #expect(html.contains("action=\"/communities/tisserands/journey/proposals/\(id.uuidString)/positions\""), "an open proposal takes positions")
        #expect(html.contains("action=\"/communities/tisserands/journey/proposals/\(id.uuidString)/decide\""), "a steward applies the rule")
        #expect(html.contains("href=\"/communities/tisserands/journey/actions/\(id.uuidString)\""))
        #expect(html.contains("href=\"/communities/tisserands/code/amendments/\(id.uuidString)\""), "the retrospective's amendment")
        #expect(html.contains("action=\"/communities/tisserands/journey/next-cycle\""))
        #expect(html.contains("action=\"/communities/tisserands/journey/retrospectives\""))
        #expect(html.contains("value=\"tok\""))
        #expect(!html.contains("journey/start"), "a started journey offers no template")
    }

    @Test(arguments: [Lang.fr, .en])
    func anEmptyCycleShowsSixStepsAndTheTemplatesToStewards(_ l: Lang) {
        let empty = JourneyOverview(place: place(steward: true, name: "Tisserands"), cycle: 1, started: false, states: [:], canStartNextCycle: false,
                                    proposals: [], actions: [], retrospectives: [], form: FormState())
        let html = render(JourneyViews.overviewPage(empty, l, csrf: "tok"))
        for step in JourneyStep.allCases { #expect(html.contains("id=\"\(step.rawValue)\""), "\(step)") }
        #expect(html.components(separatedBy: "state-not-started").count == 7)
        #expect(html.contains("action=\"/communities/tisserands/journey/start\"") && html.contains(l[JourneyTemplate.free.title]))
        #expect(!html.contains("next-cycle") && !html.contains("class=\"proposal "))
        #expect(!html.contains("error-summary"))

        let reader = JourneyOverview(place: place(contribute: false, viewer: nil, name: "Tisserands"), cycle: 1, started: false, states: [:],
                                     canStartNextCycle: false, proposals: [proposal(.value, .open)], actions: [], retrospectives: [], form: FormState())
        let read = render(JourneyViews.overviewPage(reader, l, csrf: "tok"))
        #expect(!read.contains("<form"), "someone who cannot contribute gets no form")
    }

    @Test func aRefusedProposalShowsItsErrorsAndWhatWasTyped() {
        let s = FormState(values: ["name": Self.hostile, "definition": "x"], violations: Violations(.name, .notAChoice))
        let m = JourneyOverview(place: place(), cycle: 1, started: true, states: [:], canStartNextCycle: false,
                                proposals: [], actions: [], retrospectives: [], form: s)
        let html = render(JourneyViews.overviewPage(m, .fr, csrf: "tok"))
        #expect(html.contains("error-summary"))
        #expect(html.contains("value=\"\(Self.escaped)\""))
    }

    // MARK: Actions

    @Test(arguments: [Lang.fr, .en])
    func theActionListEscapesTitlesAndStakes(_ l: Lang) {
        let m = JourneyActionList(place: place(), actions: KeysetPage(items: [action(.done)], next: "abc_-"),
                                  stakes: [proposal(.stake, .adopted)], form: FormState())
        let html = render(JourneyViews.actionsPage(m, l, csrf: "tok"))
        expectSafe(html, "actions")
        #expect(html.contains("<option value=\"\(id.uuidString)\">\(Self.escaped)</option>"), "a stake's title as an option")
        #expect(html.contains("href=\"/communities/tisserands/journey/actions?after=abc_-\""))
        #expect(html.contains(l[JourneyText.actionStatus(.done)]))
        let empty = render(JourneyViews.actionsPage(JourneyActionList(place: place(contribute: false), actions: KeysetPage(items: [], next: nil),
                                                                      stakes: [], form: FormState()), l, csrf: "tok"))
        #expect(!empty.contains("rel=\"next\"") && !empty.contains("<form"))
    }

    @Test(arguments: [Lang.fr, .en])
    func anActionEscapesItsTeamAndItsChart(_ l: Lang) {
        let team = [JourneyPerson(handle: "ada", displayName: Self.hostile), JourneyPerson(handle: "bo", displayName: Self.hostile)]
        let updates = [JourneyActionUpdate(status: .inProgress, note: Self.hostile, createdAt: now, handle: "bo")]
        let m = JourneyActionDetail(place: place(), action: action(.done), team: team, updates: updates,
                                    figures: JourneyFigures(own: Self.some, peers: ScoreAggregate()), form: FormState())
        let html = render(JourneyViews.actionPage(m, l, csrf: "tok"))
        expectSafe(html, "action")
        #expect(html.contains("href=\"/communities/tisserands/journey/members/bo/assess\""), "a teammate is assessed, not oneself")
        #expect(!html.contains("members/ada/assess"))
        // The chart's label carries the action's title: escaped in its accessible name and its <title>.
        let title = escape(l[JourneyText.evaluation] + " — ") + Self.escaped
        #expect(html.contains("<svg class=\"chart radar\""))
        #expect(html.contains("aria-label=\"\(title)\"") && html.contains("<title>\(title)</title>"))
        #expect(html.contains("<polygon class=\"series own\""), "self-assessments drawn")
        #expect(!html.contains("series peers"), "no peer assessment, no polygon")
        for c in Criterion.allCases { #expect(html.contains(">" + escape(l[JourneyText.criterion(c)]) + "</text>")) }
        #expect(html.contains("2.0 / 4"), "material: 6 / 3")
        #expect(html.contains("action=\"/communities/tisserands/journey/assessments\""), "a done action is assessed by its team")
        #expect(!html.contains("/volunteer"), "a done action takes no volunteer")
    }

    @Test func anOpenActionOffersToVolunteerAndToRecogniseItsTeam() {
        let m = JourneyActionDetail(place: place(viewer: "cy"), action: action(.planned), team: [], updates: [],
                                    figures: JourneyFigures(own: ScoreAggregate(), peers: ScoreAggregate()), form: FormState())
        let html = render(JourneyViews.actionPage(m, .en, csrf: "tok"))
        #expect(html.contains("action=\"/communities/tisserands/journey/actions/\(id.uuidString)/volunteer\""))
        #expect(!html.contains("/status\""), "only the team or a steward moves it")
        #expect(html.contains("value=\"action:\(id.uuidString)\""))
        #expect(!html.contains("<svg"), "no assessment, no chart")
    }

    // MARK: Evaluation

    @Test(arguments: [Lang.fr, .en])
    func withheldAndReleasedFiguresSaySo(_ l: Lang) {
        let none = JourneyFigures(own: ScoreAggregate(), peers: ScoreAggregate())
        let withheld = JourneyEvaluation(place: place(), withholds: true, overall: none, cycles: [])
        let w = render(JourneyViews.evaluationPage(withheld, l))
        #expect(w.contains(escape(l[JourneyText.membersApart])) && !w.contains(escape(l[JourneyText.membersIncluded])))
        #expect(!w.contains("/ 4") && !w.contains("<polygon class=\"series"), "no figure at all")
        #expect(w.contains(escape(l[JourneyText.peerAssessment] + " (" + l[JourneyText.assessments(0)] + ")")))
        #expect(w.contains("href=\"/communities/tisserands/journey/evaluation/members/ada\""))

        let cells = JourneyFigures(own: ScoreAggregate(), peers: Self.some)
        let released = JourneyEvaluation(place: place(contribute: false, viewer: nil), withholds: false, overall: cells,
                                         cycles: [JourneyCycleFigures(cycle: 1, figures: cells)])
        let r = render(JourneyViews.evaluationPage(released, l))
        expectSafe(r, "evaluation")
        #expect(r.contains(escape(l[JourneyText.membersIncluded])) && !r.contains(escape(l[JourneyText.membersApart])))
        #expect(r.contains(escape(l[JourneyText.peerAssessment] + " (" + l[JourneyText.assessments(3)] + ")")))
        #expect(r.components(separatedBy: "<polygon class=\"series peers\"").count == 3, "overall and cycle 1")
        #expect(r.contains("<h2>" + escape(l[JourneyText.cycle(1)]) + "</h2>"))
        #expect(!r.contains("/members/"), "no dashboard link without a contributing viewer")
    }

    @Test(arguments: [Lang.fr, .en])
    func aDashboardAndTheAssessmentFormEscapeTheMembersName(_ l: Lang) {
        let figures = JourneyFigures(own: ScoreAggregate(), peers: Self.some)
        let other = render(JourneyViews.dashboardPage(JourneyDashboard(place: place(), label: Self.hostile, isOwn: false, figures: figures), l))
        expectSafe(other, "dashboard")
        let own = JourneyViews.dashboardPage(JourneyDashboard(place: place(), label: Self.hostile, isOwn: true, figures: figures), l)
        #expect(own.title == l[JourneyText.myDashboard])
        let assess = render(JourneyViews.memberAssessmentPage(JourneyMemberAssessment(place: place(), handle: "bo", label: Self.hostile), l, csrf: "tok"))
        expectSafe(assess, "assess")
        #expect(assess.contains("name=\"subjectKind\" value=\"member\"") && assess.contains("name=\"subjectId\" value=\"bo\""))
        #expect(assess.components(separatedBy: "type=\"radio\"").count == 21, "four criteria, five levels each")
    }

    // MARK: Recognition and the report

    @Test(arguments: [Lang.fr, .en])
    func theWallEscapesMessagesAndNames(_ l: Lang) {
        let m = JourneyWall(place: place(), recognitions: KeysetPage(items: [recognition(.member), recognition(.action)], next: "n1"),
                            balance: [RecognitionBalance(cycle: 1, individual: 1, collective: 1)], form: FormState())
        let html = render(JourneyViews.wallPage(m, l, csrf: "tok"))
        expectSafe(html, "wall")
        #expect(html.contains("recognition to-member") && html.contains("recognition to-action"))
        #expect(html.contains(escape(l[JourneyText.individual])) && html.contains(escape(l[JourneyText.collective])))
        #expect(html.contains(escape(l[JourneyText.criterion(.mastery)] + " · " + l[JourneyText.criterion(.maturity)])))
        #expect(html.contains("href=\"/communities/tisserands/journey/recognitions?after=n1\""))
        #expect(html.contains("action=\"/communities/tisserands/journey/recognitions\"") && html.contains("value=\"community:tisserands\""))
        let empty = render(JourneyViews.wallPage(JourneyWall(place: place(contribute: false), recognitions: KeysetPage(items: [], next: nil),
                                                             balance: [], form: FormState()), l, csrf: "tok"))
        #expect(!empty.contains("balance-title") && !empty.contains("<form"))
    }

    func report(partial: Bool, figures: JourneyFigures) -> JourneyCycleReport {
        JourneyCycleReport(place: place(name: "Tisserands"), cycle: 1, states: [.values: .done], proposals: [proposal(.value, .adopted), proposal(.stake, .open)],
                           actions: [.init(action: action(.done), team: [JourneyPerson(handle: "bo", displayName: Self.hostile)])],
                           figures: figures, partial: partial, recognitions: [recognition(.community)])
    }

    @Test(arguments: [Lang.fr, .en])
    func theReportEscapesItsPageAndItsMarkdown(_ l: Lang) {
        let m = report(partial: true, figures: JourneyFigures(own: ScoreAggregate(), peers: ScoreAggregate()))
        let html = render(JourneyViews.reportPage(m, l))
        expectSafe(html, "report")
        #expect(html.contains("href=\"/communities/tisserands/journey/report.md\""))
        #expect(html.contains(escape(l[JourneyText.membersApart])) && !html.contains("/ 4"))
        #expect(html.contains("<h3>" + escape(l[JourneyText.kind(.value)]) + "</h3>"))
        #expect(!html.contains("<h3>" + escape(l[JourneyText.kind(.stake)]) + "</h3>"), "an open stake is not in the restitution")

        let md = JourneyViews.reportMarkdown(m, l)
        #expect(!md.contains("<script>") && md.contains("\\<script\\>alert\\(1\\)\\</script\\>&\"'"))
        #expect(md.contains("(n=0)") && md.contains(l[JourneyText.membersApart]))
        #expect(md.hasPrefix("# " + l[JourneyText.report] + " — Tisserands — " + l[JourneyText.cycle(1)]))

        let released = JourneyViews.reportMarkdown(report(partial: false, figures: JourneyFigures(own: Self.some, peers: ScoreAggregate())), l)
        #expect(released.contains("(n=3)") && released.contains("| 2.0 |") && !released.contains(l[JourneyText.membersApart]))
    }

    @Test func markdownInlineKeepsMemberTextOnOneLine() {
        #expect(JourneyViews.markdownInline("a\nb\r\nc *d* |e|") == "a b c \\*d\\* \\|e\\|")
    }
}
