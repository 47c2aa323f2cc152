import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The social space's views on plain models, without a database: escaping, both languages, empty lists, links.
@Suite struct SocialViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let escapedHostile = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    static let at = Date(timeIntervalSince1970: 1_750_000_000)
    func place(contribute: Bool, steward: Bool = false) -> CommunityPlace {
        CommunityPlace(slug: "tisserands", name: Self.hostile, viewerHandle: "ana", canContribute: contribute, canSteward: steward)
    }

    func post(_ body: String = hostile, kind: String = "post", author: String? = "ana", name: String? = hostile, link: String = "",
              subject: String = "", comments: Int = 0, id: UUID = UUID()) -> FeedEntry {
        let p = SocialPost(id: id, communityId: UUID(), slug: "tisserands", communityName: Self.hostile, authorHandle: author, authorName: name,
                           kind: kind, body: body, subject: subject, link: link, comments: comments, createdAt: Self.at)
        return FeedEntry(p, body: RenderedMarkdown(markdown: body))
    }

    func html(_ page: PageView) -> String { page.main.map(\.html).joined() }

    /// Nothing a member typed reaches the page as markup.
    func expectInert(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("\"'"), sourceLocation: sourceLocation)
    }

    @Test(arguments: [Lang.fr, .en])
    func feedEscapesBodiesNamesAndTheCommunity(_ l: Lang) {
        let m = CommunityFeedPage(place: place(contribute: true), entries: [post()], next: nil, following: nil, form: FormState())
        let page = SocialViews.feedPage(m, l, csrf: "tok")
        #expect(page.title == l[SocialText.feed] + " · " + Self.hostile)
        let out = html(page)
        expectInert(out)
        #expect(out.contains(Self.escapedHostile + " · @ana"))
        #expect(out.contains("<div class=\"markdown\"><p>" + Self.escapedHostile + "</p>"))
        #expect(out.contains("action=\"/communities/tisserands/feed\""))
        #expect(out.contains("data-live-feed=\"tisserands\""))
        #expect(out.contains(escape(l[SocialText.write])))
        // The layout escapes the title too.
        let document = Layout.render(Chrome(lang: l, viewer: nil, csrf: "tok", url: "/", flash: nil), title: page.title, main: page.main)
        #expect(!document.contains("<script>alert"))
    }

    @Test func mentionsStayTextAndMarkdownIsSafe() {
        let entry = post("Bonjour **@camille**, [lien](javascript:alert(1)) @sophie <b>gras</b>")
        let out = SocialViews.postFragment(entry, .fr).html
        #expect(out.contains("<strong>@camille</strong>"))
        #expect(out.contains("@sophie &lt;b&gt;gras&lt;/b&gt;"))
        #expect(!out.contains("javascript:"))
    }

    @Test(arguments: [Lang.fr, .en])
    func emptyFeedsSayNothingYetAndOfferNoPager(_ l: Lang) {
        let feed = html(SocialViews.feedPage(CommunityFeedPage(place: place(contribute: false), entries: [], next: nil, following: nil,
                                                              form: FormState()), l, csrf: "tok"))
        #expect(feed.contains(escape(l[FirstStepsText.feed])) && !feed.contains(escape(l[FirstStepsText.feedAction])))
        #expect(!feed.contains("rel=\"next\""))
        #expect(!feed.contains("<form"), "a reader who cannot post sees no form")
        let mine = html(SocialViews.myFeedPage(MyFeedPage(entries: [], next: nil), l))
        #expect(mine.contains(escape(l[.nothingYet])) && mine.contains("href=\"/me/matches\""))
        let notes = html(SocialViews.notificationsPage(NotificationsPage(items: [], next: nil, preferences: [:], emailConfigured: false), l, csrf: "tok"))
        #expect(notes.contains(escape(l[.nothingYet])) && notes.contains(escape(l[SocialText.emailOff])))
    }

    @Test func pagerLinksComeFromTheEndpoints() {
        let entry = post()
        let feed = html(SocialViews.feedPage(CommunityFeedPage(place: place(contribute: false), entries: [entry], next: "abc", following: nil,
                                                              form: FormState()), .fr, csrf: "t"))
        #expect(feed.contains("href=\"/communities/tisserands/feed?after=abc\" rel=\"next\""))
        let mine = html(SocialViews.myFeedPage(MyFeedPage(entries: [entry], next: "a+b"), .en))
        #expect(mine.contains("href=\"/feed?after=a%2Bb\""))
        let postPage = html(SocialViews.postPage(PostPage(place: place(contribute: true), entry: entry, comments: [], next: "abc",
                                                          form: FormState()), .fr, csrf: "t"))
        #expect(postPage.contains("href=\"/communities/tisserands/posts/\(entry.item.id.uuidString)?after=abc\""))
        #expect(postPage.contains("action=\"/communities/tisserands/posts/\(entry.item.id.uuidString)/comments\""))
        let notes = html(SocialViews.notificationsPage(NotificationsPage(items: [], next: "abc", preferences: [:], emailConfigured: true), .fr, csrf: "t"))
        #expect(notes.contains("href=\"/notifications?after=abc\""))
        let ranking = html(SocialViews.credibilityPage(credibility(topic: "Coopération", next: "abc"), .fr, csrf: "t"))
        #expect(ranking.contains("href=\"/communities/tisserands/credibility?topic=Coop%C3%A9ration&amp;after=abc\""))
        let overall = html(SocialViews.credibilityPage(credibility(topic: "", next: "abc"), .fr, csrf: "t"))
        #expect(overall.contains("href=\"/communities/tisserands/credibility?after=abc\""))
    }

    @Test func commentsEscapeAndKeepWhatWasTypedOnARefusal() {
        let comment = SocialComment(id: UUID(), authorHandle: "bob", authorName: Self.hostile, body: Self.hostile, createdAt: Self.at)
        var violations = Violations()
        violations.add(.commentBody, .tooLong(max: Social.commentMax))
        let m = PostPage(place: place(contribute: true), entry: post(comments: 1), comments: [CommentEntry(comment, body: RenderedMarkdown(markdown: comment.body))],
                         next: nil, form: FormState(values: ["body": Self.hostile], violations: violations))
        let out = html(SocialViews.postPage(m, .en, csrf: "t"))
        expectInert(out)
        #expect(out.contains("id=\"c-\(comment.id.uuidString)\""))
        #expect(out.contains("<textarea") && out.contains(">" + Self.escapedHostile + "</textarea>"))
        #expect(out.contains("error-summary"))
        #expect(out.contains("1 comment(s)"))
    }

    @Test(arguments: [Lang.fr, .en])
    func feedEventsAndFollowing(_ l: Lang) {
        let joined = post("", kind: FeedItemKind.event(.member).rawValue, author: "nadia", link: "/communities/tisserands")
        let revision = post("", kind: FeedItemKind.event(.revision).rawValue, author: nil, subject: Self.hostile)
        let m = CommunityFeedPage(place: place(contribute: false), entries: [joined, revision], next: nil, following: true, form: FormState())
        let out = html(SocialViews.feedPage(m, l, csrf: "t"))
        expectInert(out)
        #expect(out.contains("class=\"post event\""))
        #expect(out.contains("<a href=\"/communities/tisserands\">" + escape(l[SocialText.event(.member, actor: "nadia", subject: "")]) + "</a>"))
        #expect(!out.contains("class=\"markdown\""), "events have no body")
        #expect(out.contains("action=\"/communities/tisserands/follow\"") && out.contains("value=\"0\"") && out.contains(escape(l[SocialText.unfollow])))
    }

    @Test(arguments: [Lang.fr, .en])
    func notificationsInWordsWithTheirForms(_ l: Lang) {
        let unread = SocialNotification(id: UUID(), kind: NotificationKind.mention.rawValue, actor: "ana", subject: Self.hostile, link: "/feed",
                                        readAt: nil, createdAt: Self.at)
        let unknown = SocialNotification(id: UUID(), kind: "gossip", actor: "", subject: Self.hostile, link: "/x", readAt: Self.at, createdAt: Self.at)
        let prefs: [NotificationKind: NotificationPreference] = [.mention: .init(inApp: false, email: true)]
        let out = html(SocialViews.notificationsPage(NotificationsPage(items: [unread, unknown], next: nil, preferences: prefs, emailConfigured: true),
                                                     l, csrf: "t"))
        expectInert(out)
        #expect(out.contains(escape(NotificationView.text(kind: "mention", actor: "ana", subject: Self.hostile, lang: l))))
        #expect(out.contains(l == .fr ? "@ana vous a mentionné·e" : "@ana mentioned you"))
        #expect(out.contains("<li class=\"read\"><a href=\"/x\">" + Self.escapedHostile + "</a>"), "an unknown kind reads as its subject")
        #expect(out.contains("name=\"id\" value=\"\(unread.id.uuidString)\""))
        #expect(out.contains("action=\"/notifications/read\"") && out.contains("action=\"/notifications/preferences\""))
        #expect(out.contains("name=\"app-mention\" aria-label=\"\(escape(l[SocialText.inApp]))\">"), "switched off in the app")
        #expect(out.contains("name=\"mail-mention\" aria-label=\"\(escape(l[SocialText.byEmail]))\" checked>"))
        #expect(!out.contains(escape(l[SocialText.emailOff])))
    }

    func credibility(topic: String = "", next: String? = nil, ranking: [CredibilityScore] = []) -> CredibilityPage {
        CredibilityPage(place: place(contribute: false), topic: topic, topicKey: Topic(topic)?.key ?? "", computedAt: nil, topics: [], ranking: ranking, next: next,
                        leaders: [], stewards: [], earnedOnly: [], formalOnly: [], values: [], form: FormState())
    }

    /// Which seeds the last computation used, what makes an action a result, and the stewards' threshold form.
    @Test(arguments: [Lang.fr, .en])
    func credibilitySaysWhereTrustStarts(_ l: Lang) {
        func page(steward: Bool, onStewards: Bool, computed: Bool = true, form: FormState = FormState()) -> String {
            html(SocialViews.credibilityPage(CredibilityPage(place: place(contribute: true, steward: steward), topic: "", topicKey: "",
                                                             computedAt: computed ? Self.at : nil, topics: [], ranking: [], next: nil, leaders: [],
                                                             stewards: [], earnedOnly: [], formalOnly: [], values: [], form: FormState(),
                                                             anchoredOnStewards: onStewards, threshold: 275, thresholdForm: form), l, csrf: "t"))
        }
        let seeds = page(steward: false, onStewards: true)
        #expect(seeds.contains(escape(l[SocialText.seeds(onStewards: true)])) && !seeds.contains(escape(l[SocialText.seeds(onStewards: false)])))
        let decimal = l == .fr ? "2,75" : "2.75"
        #expect(seeds.contains(escape(l[SocialText.wellAssessed(decimal, assessors: 2)])))
        #expect(!seeds.contains("/credibility/threshold"), "the form is the stewards'")
        let results = page(steward: true, onStewards: false)
        #expect(results.contains(escape(l[SocialText.seeds(onStewards: false)])))
        #expect(results.contains("action=\"/communities/tisserands/credibility/threshold\"") && results.contains("value=\"\(decimal)\""))
        #expect(!page(steward: false, onStewards: true, computed: false).contains("id=\"anchor\""), "nothing computed, nothing claimed")
        let refused = page(steward: true, onStewards: true, form: FormState(values: ["threshold": "9"], violations: Violations(.threshold, .outOfRange(min: 1, max: 4))))
        #expect(refused.contains("value=\"9\"") && refused.contains("href=\"#f-threshold\""))
    }

    @Test(arguments: [Lang.fr, .en])
    func credibilityRankingAndLeaders(_ l: Lang) {
        let ana = CredibilityScore(userId: UUID(), handle: "ana", displayName: Self.hostile, role: .steward, score: 1.5, rank: 1, topicKey: "")
        let bob = CredibilityScore(userId: UUID(), handle: "bob", displayName: "Bob", role: .member, score: 0.25, rank: 2, topicKey: "cooperation")
        let topic = EndorsedTopic(topicKey: "cooperation", topic: Self.hostile, n: 3)
        let steward = SocialMember(userId: ana.userId, handle: "ana", displayName: Self.hostile, role: .steward)
        let m = CredibilityPage(place: place(contribute: true, steward: true), topic: "", topicKey: "", computedAt: Self.at, topics: [topic], ranking: [ana, bob], next: nil,
                                leaders: [TopicLeaders(topic: topic, top: [bob])], stewards: [steward], earnedOnly: ["bob"], formalOnly: ["ana"],
                                values: [Self.hostile], form: FormState())
        let out = html(SocialViews.credibilityPage(m, l, csrf: "t"))
        expectInert(out)
        #expect(out.contains(Self.escapedHostile + " · @ana (" + escape(l[Text.role(.steward)]) + ")"))
        #expect(out.contains("<td>Bob · @bob</td>") && out.contains("<td>1.50</td>"))
        #expect(out.contains("href=\"/communities/tisserands/credibility/bob\""))
        #expect(out.contains("href=\"/communities/tisserands/credibility\" aria-current=\"page\""))
        #expect(out.contains("href=\"/communities/tisserands/credibility?topic=%3Cscript%3Ealert(1)%3C/script%3E%26%22"))
        #expect(out.contains("<dd>@bob (0.25)</dd>") && out.contains("<dd>@ana</dd>") && out.contains("<dd>@bob</dd>"))
        #expect(out.contains("action=\"/communities/tisserands/endorsements\"") && out.contains("action=\"/communities/tisserands/credibility/refresh\""))
        #expect(out.contains("<option value=\"" + Self.escapedHostile + "\">"))
        #expect(out.contains(escape(l[SocialText.computedAt(dateText(Self.at, l))])))
    }

    func why(mine: Bool, role: Role = .steward, onStewards: Bool = true) -> CredibilityWhyPage {
        let member = SocialMember(userId: UUID(), handle: "camille", displayName: Self.hostile, role: role)
        let received = SocialEndorsement(id: UUID(), fromHandle: "malik", toHandle: "camille", topic: Self.hostile,
                                         topicKey: "x", note: Self.hostile, fromScore: 1.25)
        let given = SocialEndorsement(id: UUID(), fromHandle: "camille", toHandle: "sophie", topic: "Tissage",
                                      topicKey: "tissage", note: "", fromScore: nil)
        let scores = [CredibilityScore(userId: member.userId, handle: "camille", displayName: Self.hostile, role: role, score: 2, rank: 1, topicKey: ""),
                      CredibilityScore(userId: member.userId, handle: "camille", displayName: Self.hostile, role: role, score: 0.5, rank: 3, topicKey: "x")]
        return CredibilityWhyPage(place: place(contribute: true), member: member, scores: scores, members: 7, computedAt: Self.at, received: [received],
                                  given: [given], results: Results(amendmentsAdopted: 2), anchoredOnStewards: onStewards, values: [],
                                  mine: mine, form: FormState())
    }

    @Test(arguments: [Lang.fr, .en])
    func whyExplainsTheScoreInWords(_ l: Lang) {
        let page = SocialViews.whyPage(why(mine: false), l, csrf: "t")
        #expect(page.title == l[SocialText.why] + " · @camille")
        let out = html(page)
        expectInert(out)
        #expect(out.contains("<h1>" + Self.escapedHostile + " · @camille</h1>"))
        #expect(out.contains(escape(l[SocialText.score] + " : 2.00 — " + l[SocialText.rank] + " 1 / 7")))
        #expect(out.contains("<li>" + Self.escapedHostile + " : 0.50 (" + escape(l[SocialText.rank]) + " 3)</li>"), "a topic is named as endorsers spelled it")
        #expect(out.contains(escape(l[SocialText.endorsedBy("malik", Self.hostile, 1.25)])))
        #expect(out.contains("<q>" + Self.escapedHostile + "</q>"))
        #expect(out.contains(escape(l[SocialText.resultLines(Results(amendmentsAdopted: 2))[0]])))
        #expect(out.contains(escape(l[SocialText.anchor(Results(amendmentsAdopted: 2), onStewards: true, steward: true)])))
        #expect(out.contains("@sophie — Tissage") && !out.contains("/revoke"), "only the endorser may withdraw")
        #expect(out.contains("name=\"to\" value=\"camille\""), "others may endorse this member")
        #expect(out.contains("<details open>"))
    }

    @Test func onesOwnWhyPageOffersWithdrawalNotEndorsement() {
        let m = why(mine: true, role: .member, onStewards: false)
        let out = html(SocialViews.whyPage(m, .fr, csrf: "t"))
        #expect(out.contains("action=\"/communities/tisserands/endorsements/\(m.given[0].id.uuidString)/revoke\""))
        #expect(!out.contains("id=\"endorse\""))
        #expect(out.contains(escape(Lang.fr[SocialText.anchor(m.results, onStewards: false, steward: false)])))
    }

    @Test(arguments: [Lang.fr, .en])
    func matchesWithReasonsAndWithoutBasis(_ l: Lang) {
        let bob = MatchSuggestion(kind: .member, key: "bob", name: Self.hostile, shared: ["Tissage"], score: 0.5, reason: Self.hostile, link: "/people/bob")
        let club = MatchSuggestion(kind: .community, key: "club", name: "Club", shared: ["Tissage"], score: 0.4, reason: "r", link: "/communities/club")
        let out = html(SocialViews.matchesPage(MatchesPage(members: [bob], communities: [club], basis: ["Tissage"]), l))
        expectInert(out)
        #expect(out.contains("<a href=\"/people/bob\">" + Self.escapedHostile + " · @bob</a> — " + Self.escapedHostile))
        #expect(out.contains("<a href=\"/communities/club\">Club</a>"))
        let empty = html(SocialViews.matchesPage(MatchesPage(members: [], communities: [], basis: []), l))
        #expect(empty.contains("<a href=\"/me\">" + escape(l[SocialText.noBasis]) + "</a>"))
    }

    @Test func aFragmentIsThePostAloneWithoutLayout() {
        let entry = post("Salut", comments: 2)
        let out = SocialViews.postFragment(entry, .en).html
        #expect(out.hasPrefix("<article class=\"post\" id=\"p-\(entry.item.id.uuidString)\">"))
        #expect(!out.contains("<html") && !out.contains("<nav"))
        #expect(out.contains("<a href=\"/communities/tisserands/posts/\(entry.item.id.uuidString)\">2 comment(s)</a>"))
    }

    @Test(arguments: [Lang.fr, .en])
    func theDigestIsPlainTextInTheReadersLanguage(_ l: Lang) {
        let lines = (0..<52).map { DigestMail.Line(kind: "mention", actor: "ana", subject: "n\($0)", link: "/communities/x/posts/\($0)") }
        let (subject, body) = SocialViews.digestMail(DigestMail(name: Self.hostile, lines: lines), l, maxLines: 50)
        #expect(subject == l[SocialText.digestSubject(52)])
        #expect(body.hasPrefix(l[SocialText.digestGreeting(Self.hostile)] + "\n\n- "), "plain text: nothing is escaped")
        #expect(body.contains("\n  /communities/x/posts/49\n") && !body.contains("posts/50"))
        #expect(body.contains(l[SocialText.digestMore(2)]))
        #expect(body.hasSuffix("-- \n" + l[SocialText.digestFooter] + "\n"))
    }
}
