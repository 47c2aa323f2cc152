import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Community pages rendered from plain models, without a database.
@Suite struct CommunityViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    static let date = Date(timeIntervalSince1970: 1_780_000_000)

    static func html(_ view: PageView) -> String { view.main.map(\.html).joined() }

    static func card(_ slug: String = "atelier", name: String = hostile, visibility: Visibility = .public, members: Int? = 3) -> CommunityCard {
        CommunityCard(slug: slug, name: name, purpose: hostile, perimeter: hostile, rhythm: "", stage: .growing, visibility: visibility,
                      charterVersion: 1, memberCount: members)
    }

    static func community(_ relation: ViewerRelation, visibility: Visibility = .public, viewer: String? = "ada") -> ViewedCommunity {
        let card = CommunityCard(slug: "atelier", name: hostile, purpose: hostile, perimeter: hostile, rhythm: hostile, stage: .emerging,
                                 visibility: visibility, charterVersion: 2, memberCount: 3)
        return ViewedCommunity(card: card, version: 7, codePublished: false, relation: relation, viewerHandle: viewer)
    }

    static func member(_ handle: String, _ role: Role, _ status: MembershipStatus = .active, current: Bool = true) -> CommunityMember {
        CommunityMember(handle: handle, displayName: hostile, role: role, status: status, charterCurrent: current, joinedAt: date)
    }

    static let steward = ViewerRelation.member(role: .steward, status: .active, charterCurrent: true)
    static let charter = CharterText(version: 2, text: hostile + "\n\nDeuxième paragraphe", createdAt: date)

    static func home(_ relation: ViewerRelation, visibility: Visibility = .public, latest: LatestJoinRequest? = nil,
                     more: Bool = false) -> CommunityHomePage {
        let inside = AccessPolicy.allows(.seeInside, visibility: visibility, relation: relation)
        return CommunityHomePage(community: community(relation, visibility: visibility),
                                 stewards: inside ? [member("ada", .founder)] : [], members: inside ? [member("bob", .member)] : [],
                                 moreMembers: more, pendingRequests: 1, latestRequest: latest, charter: charter)
    }

    // MARK: Browse and cards

    @Test(arguments: Lang.allCases)
    func browseEscapesCardsAndLinksTheNextPage(_ l: Lang) {
        let page = KeysetPage(items: [Self.card(), Self.card("club", visibility: .members, members: nil)], next: "abc_-")
        let out = Self.html(CommunityViews.browsePage(CommunityBrowsePage(q: "tissage & co", page: page), l))
        #expect(!out.contains("<script>"))
        #expect(out.contains(Self.escaped))
        #expect(out.contains(escape(l[.communitiesTitle])) && out.contains(escape(l[.membersOnlyBadge])) && out.contains(escape(l[.memberCount(3)])))
        #expect(out.contains("href=\"/communities/atelier\"") && out.contains("href=\"/communities/club\""))
        #expect(out.contains("value=\"tissage &amp; co\""), "the search as typed")
        #expect(out.contains("<a href=\"/communities?q=tissage%20%26%20co&amp;after=abc_-\" rel=\"next\">\(escape(l[.nextPage]))</a>"))
        #expect(!out.contains(escape(l[.noCommunityFound])))
    }

    @Test(arguments: Lang.allCases)
    func anEmptySearchSaysSoAndHasNoPager(_ l: Lang) {
        let out = Self.html(CommunityViews.browsePage(CommunityBrowsePage(q: nil, page: KeysetPage(items: [], next: nil)), l))
        #expect(out.contains(escape(l[.noCommunityFound])))
        #expect(!out.contains("rel=\"next\""))
        #expect(out.contains("action=\"/communities\""))
    }

    @Test func anEmptyQueryIsLeftOutOfTheNextPage() {
        let out = Self.html(CommunityViews.browsePage(CommunityBrowsePage(q: "", page: KeysetPage(items: [Self.card()], next: "n")), .fr))
        #expect(out.contains("href=\"/communities?after=n\""))
    }

    @Test func excerptsCutOnlyWhatIsLong() {
        #expect(CommunityViews.excerpt("court", 280) == "court")
        #expect(CommunityViews.excerpt(String(repeating: "é", count: 300), 280) == String(repeating: "é", count: 280) + "…")
    }

    // MARK: Home

    @Test(arguments: Lang.allCases)
    func anonymousVisitorsAreAskedToSignUpAndComeBack(_ l: Lang) {
        let out = Self.html(CommunityViews.homePage(Self.home(.anonymous), l, csrf: "tok"))
        #expect(!out.contains("<script>"))
        #expect(out.contains("<h1>\(Self.escaped)</h1>"))
        #expect(out.contains(escape(l[.joinNeedsAccount])))
        #expect(out.contains("href=\"/signin?next=/communities/atelier\""))
        #expect(out.contains("href=\"/communities/atelier/code\""), "a public community's code is readable")
        #expect(out.contains("href=\"/communities/atelier/figures\"") && out.contains("href=\"/communities/atelier/credibility\""))
        #expect(out.contains("@ada") && out.contains("href=\"/people/bob\""))
        #expect(out.contains("<p>\(Self.escaped)</p><p>Deuxième paragraphe</p>"), "the charter, paragraph by paragraph")
        #expect(!out.contains("action=\"/communities/atelier/leave\""))
    }

    @Test(arguments: Lang.allCases)
    func outsidersOfAMembersOnlyCommunitySeeOnlyItsCard(_ l: Lang) {
        let declined = LatestJoinRequest(status: .declined, reason: Self.hostile)
        let out = Self.html(CommunityViews.homePage(Self.home(.outsider, visibility: .members, latest: declined), l, csrf: "tok"))
        #expect(out.contains(escape(l[.membersOnlyBadge])))
        #expect(!out.contains("id=\"members\"") && !out.contains("stewards-title") && !out.contains("/code\""))
        #expect(out.contains(escape(l[.requestDeclined])) && out.contains("<blockquote>\(Self.escaped)</blockquote>"))
        #expect(out.contains("action=\"/communities/atelier/join\"") && out.contains("name=\"_csrf\" value=\"tok\""))
        #expect(out.contains("aria-describedby=\"f-message-hint\""))
    }

    @Test(arguments: Lang.allCases)
    func aPendingRequestCanBeWithdrawn(_ l: Lang) {
        let out = Self.html(CommunityViews.homePage(Self.home(.pending), l, csrf: "tok"))
        #expect(out.contains(escape(l[.requestPending])) && out.contains("action=\"/communities/atelier/withdraw\""))
        #expect(!out.contains("action=\"/communities/atelier/join\""))
    }

    @Test(arguments: Lang.allCases)
    func stewardsSeeTheirToolsAndWaitingRequests(_ l: Lang) {
        let out = Self.html(CommunityViews.homePage(Self.home(Self.steward, more: true), l, csrf: "tok"))
        #expect(out.contains(escape(l[.youAreMember(Text.role(.steward))])))
        #expect(out.contains("href=\"/communities/atelier/requests\">\(escape(l[.requestsWaiting]))</a>"))
        #expect(out.contains("href=\"/communities/atelier/settings\"") && out.contains("href=\"/communities/atelier/members\""))
        #expect(out.contains("action=\"/communities/atelier/leave\""))
        #expect(out.contains(escape(l[.allMembers])), "more members than the preview")
    }

    @Test(arguments: Lang.allCases)
    func approvedAndOutdatedMembersAreSentToTheCharter(_ l: Lang) {
        let approved = Self.html(CommunityViews.homePage(Self.home(.member(role: .member, status: .approved, charterCurrent: false)), l, csrf: "t"))
        #expect(approved.contains(escape(l[.approvedAcceptCharter])) && approved.contains("href=\"/communities/atelier/charter\""))
        let outdated = Self.html(CommunityViews.homePage(Self.home(.member(role: .member, status: .active, charterCurrent: false)), l, csrf: "t"))
        #expect(outdated.contains(escape(l[.charterChangedAcceptAgain])))
        let suspended = Self.html(CommunityViews.homePage(Self.home(.member(role: .member, status: .suspended, charterCurrent: true)), l, csrf: "t"))
        #expect(suspended.contains(escape(l[.youAreSuspended])))
    }

    // MARK: Members and requests

    @Test(arguments: Lang.allCases)
    func stewardsActOnOthersButNotOnTheFounderOrThemselves(_ l: Lang) {
        let people = [Self.member("ada", .steward), Self.member("bob", .member), Self.member("eve", .founder),
                      Self.member("zoe", .member, .suspended, current: false)]
        let model = CommunityMembersPage(community: Self.community(Self.steward), page: KeysetPage(items: people, next: "c1"))
        let out = Self.html(CommunityViews.membersPage(model, l, csrf: "tok"))
        #expect(!out.contains("<script>"))
        #expect(!out.contains("action=\"/communities/atelier/members/ada/") && !out.contains("action=\"/communities/atelier/members/eve/"))
        // Everyone's contribution, steward or founder alike, is one link away.
        for h in ["ada", "bob", "eve", "zoe"] { #expect(out.contains("href=\"/communities/atelier/members/\(h)/contribution\"")) }
        #expect(out.contains("action=\"/communities/atelier/members/bob/suspend\""))
        // Who stewards is decided by the community (the steward role's assignments), never by one steward's button.
        #expect(!out.contains("/promote\"") && !out.contains("/demote\""))
        // A suspension is moderation's: a reason the member reads and an optional end, not a bare button.
        #expect(out.contains("id=\"s-bob-reason\"") && out.contains("type=\"date\""))
        #expect(out.contains("action=\"/communities/atelier/members/zoe/unsuspend\""))
        #expect(!out.contains("action=\"/communities/atelier/members/zoe/suspend\""))
        #expect(out.contains(escape(l[Text.status(.suspended)])) && out.contains(escape(l[.charterToAccept])))
        #expect(out.contains("href=\"/communities/atelier/members?after=c1\""))
    }

    @Test func membersSeeTheListWithoutActions() {
        let model = CommunityMembersPage(community: Self.community(.member(role: .member, status: .active, charterCurrent: true)),
                                         page: KeysetPage(items: [Self.member("bob", .member)], next: nil))
        let out = Self.html(CommunityViews.membersPage(model, .en, csrf: "tok"))
        #expect(!out.contains("row-actions") && !out.contains("<form") && !out.contains("rel=\"next\""))
    }

    @Test(arguments: Lang.allCases)
    func requestsShowMessagesEscapedWithTheirDecisions(_ l: Lang) {
        let id = UUID()
        let items = [JoinRequestItem(id: id, handle: "bob", displayName: Self.hostile, message: Self.hostile, status: .pending, reason: nil, createdAt: Self.date),
                     JoinRequestItem(id: UUID(), handle: "cy", displayName: "Cy", message: "", status: .pending, reason: nil, createdAt: Self.date)]
        let out = Self.html(CommunityViews.requestsPage(JoinRequestsPage(community: Self.community(Self.steward), page: KeysetPage(items: items, next: "r2")),
                                                        l, csrf: "tok"))
        #expect(!out.contains("<script>"))
        #expect(out.contains("<blockquote><p>\(Self.escaped)</p></blockquote>") && out.contains(escape(l[.noMessage])))
        #expect(out.contains("action=\"/communities/atelier/requests/\(id.uuidString)/approve\""))
        #expect(out.contains("aria-label=\"\(escape(l[.approve] + " " + Self.hostile))\""))
        #expect(out.contains("<label for=\"reason-\(id.uuidString)\">") && out.contains("id=\"reason-\(id.uuidString)\""))
        #expect(out.contains("href=\"/communities/atelier/requests?after=r2\""))
        #expect(out.contains(dateText(Self.date, l)))
    }

    @Test(arguments: Lang.allCases)
    func noRequestSaysSo(_ l: Lang) {
        let out = Self.html(CommunityViews.requestsPage(JoinRequestsPage(community: Self.community(Self.steward), page: KeysetPage(items: [], next: nil)),
                                                        l, csrf: "tok"))
        #expect(out.contains(escape(l[.noPendingRequests])) && !out.contains("rel=\"next\""))
    }

    // MARK: Charter, forms

    @Test(arguments: Lang.allCases)
    func theCharterOffersAcceptanceOrANewVersionWithItsErrors(_ l: Lang) {
        let versions = [CharterVersionRow(version: 2, createdAt: Self.date), CharterVersionRow(version: 1, createdAt: Self.date)]
        let approved = CharterPage(community: Self.community(.member(role: .member, status: .approved, charterCurrent: false)), current: Self.charter,
                                   versions: versions, giveToGet: .standard, form: FormState())
        let accept = Self.html(CommunityViews.charterPage(approved, l, csrf: "tok"))
        #expect(accept.contains("action=\"/communities/atelier/charter/accept\"") && accept.contains("name=\"version\" value=\"2\""))
        #expect(!accept.contains(escape(l[.newCharterVersion])))
        #expect(accept.contains("<li>v2 · ") && accept.contains("<li>v1 · ") && accept.contains("id=\"give-to-get\""))

        var problems = Violations()
        problems.checkLength(.charter, "court", min: Rules.charterMin, max: Rules.longTextMax)
        let stewardPage = CharterPage(community: Self.community(Self.steward), current: Self.charter, versions: versions, giveToGet: .standard,
                                      form: FormState(values: ["charter": Self.hostile], violations: problems))
        let edit = Self.html(CommunityViews.charterPage(stewardPage, l, csrf: "tok"))
        #expect(edit.contains("error-summary") && edit.contains("href=\"#f-charter\""))
        #expect(edit.contains("aria-describedby=\"f-charter-error\"") && edit.contains("id=\"f-charter-error\"") && edit.contains("aria-invalid=\"true\""))
        #expect(edit.contains("\(Self.escaped)</textarea>"))
        #expect(!edit.contains("<script>"))
    }

    @Test(arguments: Lang.allCases)
    func theNewCommunityFormTiesEachProblemToItsField(_ l: Lang) {
        var v = Violations()
        v.add(.slug, .slugFormat)
        v.add(.name, .required)
        let out = Self.html(CommunityViews.newCommunityForm(FormState(values: ["name": Self.hostile, "slug": "X"], violations: v), l, csrf: "tok"))
        #expect(out.contains("id=\"f-slug\" name=\"slug\" aria-invalid=\"true\" aria-describedby=\"f-slug-hint f-slug-error\""))
        #expect(out.contains("id=\"f-name\" name=\"name\" aria-invalid=\"true\" aria-describedby=\"f-name-error\""))
        #expect(out.contains("value=\"\(Self.escaped)\""))
        #expect(out.contains("action=\"/communities\"") && out.contains(escape(l[.createCommunity])))
    }

    @Test(arguments: Lang.allCases)
    func settingsKeepTheVersionAndTheMessage(_ l: Lang) {
        let stale = CommunitySettingsPage(community: Self.community(Self.steward), form: FormState(values: ["name": Self.hostile], message: CommonText.errStale.text), sharing: NetworkSharing(figures: true))
        let out = Self.html(CommunityViews.settingsPage(stale, l, csrf: "tok"))
        #expect(out.contains("name=\"version\" value=\"7\""), "the community's version when the form has none")
        #expect(out.contains(escape(l[.errStale])) && out.contains("action=\"/communities/atelier/settings\""))
        #expect(out.contains("href=\"/communities/atelier\"") && !out.contains("<script>"))
    }

    // MARK: The site's home

    @Test(arguments: Lang.allCases)
    func theHomeShowsMyCommunitiesOnlyWhenSignedIn(_ l: Lang) {
        let mine = [MyCommunity(card: Self.card(), role: .founder, status: .active),
                    MyCommunity(card: Self.card("club"), role: .member, status: .approved)]
        let signedIn = Self.html(HomeViews.homePage(SiteHomePage(signedIn: true, mine: mine, discover: [Self.card("autre")]), l, csrf: "tok"))
        #expect(signedIn.contains(escape(l[.myCommunities])) && signedIn.contains(escape(l[.charterToAccept])) && signedIn.contains("href=\"/communities/new\""))
        #expect(signedIn.contains("href=\"/communities/autre\"") && !signedIn.contains("<script>"))
        let anonymous = Self.html(HomeViews.homePage(SiteHomePage(signedIn: false, mine: [], discover: []), l, csrf: "tok"))
        #expect(!anonymous.contains(escape(l[.myCommunities])) && anonymous.contains("href=\"/signup\""))
        let empty = Self.html(HomeViews.homePage(SiteHomePage(signedIn: true, mine: [], discover: []), l, csrf: "tok"))
        #expect(empty.contains(escape(l[.noCommunityYet])))
    }

    @Test func everyEndpointHasAUniqueName() {
        let names = [CommunityEndpoints.home.name, CommunityEndpoints.browse.name, CommunityEndpoints.newCommunity.name, CommunityEndpoints.create.name,
                     CommunityEndpoints.community.name, CommunityEndpoints.members.name, CommunityEndpoints.changeMember.name,
                     CommunityEndpoints.join.name, CommunityEndpoints.withdraw.name, CommunityEndpoints.leave.name, CommunityEndpoints.charter.name,
                     CommunityEndpoints.acceptCharter.name, CommunityEndpoints.publishCharter.name, CommunityEndpoints.requests.name,
                     CommunityEndpoints.approve.name, CommunityEndpoints.decline.name, CommunityEndpoints.settings.name,
                     CommunityEndpoints.saveSettings.name]
        #expect(Set(names).count == names.count)
        #expect(CommunityEndpoints.changeMember.path("a-b", "bob", .demote) == "/communities/a-b/members/bob/demote")
        #expect(CommunityEndpoints.home.path() == "/")
    }
}
