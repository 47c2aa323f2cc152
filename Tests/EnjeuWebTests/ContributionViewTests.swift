import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// A member's contribution page on plain models: escaping, both languages, empty lists, one list alone, links.
@Suite struct ContributionViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let escapedHostile = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    static let at = Date(timeIntervalSince1970: 1_750_000_000)

    func model(part: ContributionPart? = nil, empty: Bool = false) -> ContributionPage {
        let place = CommunityPlace(slug: "tisserands", name: Self.hostile, viewerHandle: "ben", canContribute: true, canSteward: false)
        let member = SocialMember(userId: UUID(), handle: "ana", displayName: Self.hostile, role: .member)
        func page<T>(_ items: [T], next: String? = nil) -> KeysetPage<T> { KeysetPage(items: empty ? [] : items, next: empty ? nil : next) }
        let done = ContributionAction(id: UUID(), title: Self.hostile, status: .done, cycle: 1, assessments: 2, sums: [6, 6, 5, 5])
        let weak = ContributionAction(id: UUID(), title: "Stand", status: .done, cycle: 1, assessments: 2, sums: [4, 4, 5, 5])
        let all = part == nil
        return ContributionPage(
            place: place, member: member, part: part, results: Results(actionsCompleted: 1), communityResults: Results(amendmentsAdopted: 3, actionsCompleted: 4),
            mine: ScoreAggregate(count: 4, sums: [10, 10, 10, 10]), community: ScoreAggregate(count: 8, sums: [16, 24, 24, 24]), threshold: 250,
            actions: all || part == .actions ? page([done, weak], next: "CURSOR") : nil,
            amendments: all ? page([ContributionAmendment(id: UUID(), summary: Self.hostile, decidedAt: Self.at)]) : nil,
            figures: all ? page([ContributionFigure(id: UUID(), indicatorId: UUID(), name: Self.hostile, unit: "kg", observedOn: "2026-05", createdAt: Self.at)]) : nil,
            flows: all ? page([]) : nil,
            referrals: all ? page([ContributionReferral(id: UUID(), offerId: UUID(), offer: Self.hostile, status: .completed, createdAt: Self.at)]) : nil,
            recognitionsGiven: all ? page([ContributionRecognition(id: UUID(), other: "ben", message: Self.hostile, createdAt: Self.at)]) : nil,
            recognitionsReceived: all ? page([ContributionRecognition(id: UUID(), other: "cleo", message: "Merci", createdAt: Self.at)]) : nil,
            endorsementsGiven: all ? page([ContributionEndorsement(id: UUID(), other: "ben", topic: Self.hostile, note: Self.hostile, createdAt: Self.at)]) : nil,
            endorsementsReceived: all ? page([]) : nil)
    }

    func html(_ p: PageView) -> String { p.main.map(\.html).joined() }
}

extension ProfilePage {
    func main(_ l: Lang) -> String { AccountViews.profilePage(self, l, csrf: "t").main.map(\.html).joined() }
}

extension ContributionViewTests {

    @Test(arguments: [Lang.fr, .en])
    func theWholePageEscapesAndComparesWithTheCollective(_ l: Lang) {
        let p = ContributionViews.page(model(), l)
        #expect(p.title == l[ContributionText.title(Self.hostile)] + " · " + Self.hostile)
        let out = html(p)
        #expect(!out.contains("<script") && !out.contains("\"'"))
        #expect(out.contains(Self.escapedHostile))
        for part in ContributionPart.allCases { #expect(out.contains("id=\"\(part.rawValue)\""), "\(part)") }
        // Their means beside the community's: 10 / 4 = 2.50 against 16 / 8 = 2.00.
        #expect(out.contains("<td>2.50</td><td>2.00</td>"))
        #expect(out.contains(l[ContributionText.resultActions]) && out.contains("<td>1</td><td>4</td>"))
        // (6+6+5+5)/8 = 2.75 is a result at 2.5; (4+4+5+5)/8 = 2.25 is not.
        #expect(out.contains(l[ContributionText.wellAssessed]) && out.contains(l[ContributionText.notWellAssessed]))
        #expect(out.contains("href=\"/communities/tisserands/members/ana/contribution?part=actions&amp;after=CURSOR\""))
        #expect(out.contains("href=\"/communities/tisserands/journey/actions/"))
        #expect(!out.contains(l[ContributionText.whole]))
    }

    @Test(arguments: [Lang.fr, .en])
    func oneListAloneLeadsBackToTheWhole(_ l: Lang) {
        let out = html(ContributionViews.page(model(part: .actions), l))
        #expect(out.contains("id=\"actions\"") && !out.contains("id=\"flows\"") && !out.contains("id=\"results\""))
        #expect(out.contains("href=\"/communities/tisserands/members/ana/contribution\"") && out.contains(l[ContributionText.whole]))
    }

    @Test(arguments: [Lang.fr, .en])
    func theProfileSummaryIsShownOnlyWhenChosen(_ l: Lang) {
        let card = CommunityCard(slug: "tisserands", name: Self.hostile, purpose: "", perimeter: "", rhythm: "", stage: .emerging, visibility: .public,
                                 charterVersion: 1, memberCount: 3)
        var p = ProfilePage(handle: "ana", displayName: "Ana", bio: "", values: [], skills: [], communities: [card], isMe: true, following: false)
        let off = p.main(l)
        #expect(!off.contains("id=\"contribution-summary\"") && off.contains(escape(l[ContributionText.showSummary])) && off.contains("value=\"1\""))
        p.showsContributions = true
        p.contributions = [ContributionSummary(slug: "tisserands", name: Self.hostile, results: Results(actionsCompleted: 2))]
        let on = p.main(l)
        #expect(on.contains("id=\"contribution-summary\"") && on.contains(Self.escapedHostile) && !on.contains("<script"))
        #expect(on.contains("href=\"/communities/tisserands/members/ana/contribution\"") && on.contains(escape(l[SocialText.resultLines(Results(actionsCompleted: 2))[0]])))
        #expect(on.contains(escape(l[ContributionText.hideSummary])) && on.contains("value=\"0\""))
        p.contributions = []
        #expect(p.main(l).contains(escape(l[ContributionText.summaryNone])))
    }

    @Test(arguments: [Lang.fr, .en])
    func emptyListsSaySo(_ l: Lang) {
        let out = html(ContributionViews.page(model(empty: true), l))
        #expect(out.components(separatedBy: l[ContributionText.noneYet]).count - 1 == ContributionPart.allCases.count)
        #expect(!out.contains("after="))
    }
}
