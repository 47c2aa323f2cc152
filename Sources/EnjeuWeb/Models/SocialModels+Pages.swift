import Foundation
import EnjeuCore

// MARK: What the social pages show

/// A post or a comment with its body rendered once.
package struct MarkdownEntry<Item: Sendable>: Sendable {
    package let item: Item, body: RenderedMarkdown
    package init(_ item: Item, body: RenderedMarkdown) { self.item = item; self.body = body }
}

package typealias FeedEntry = MarkdownEntry<SocialPost>
package typealias CommentEntry = MarkdownEntry<SocialComment>

/// A community's feed. `following` is nil when no follow button shows (not signed in, a members-only community, a member).
package struct CommunityFeedPage: Sendable {
    package let place: CommunityPlace, entries: [FeedEntry], next: String?, following: Bool?, form: FormState

    package init(place: CommunityPlace, entries: [FeedEntry], next: String?, following: Bool?, form: FormState) {
        self.place = place; self.entries = entries; self.next = next; self.following = following; self.form = form
    }
}

/// One post with a page of its comments, oldest first.
package struct PostPage: Sendable {
    package let place: CommunityPlace, entry: FeedEntry, comments: [CommentEntry], next: String?, form: FormState
    /// The viewer may delete others' words here; `revisions` (the earlier texts) are read only for them.
    package var canModerate = false, revisions: [PostRevision] = []

    package init(place: CommunityPlace, entry: FeedEntry, comments: [CommentEntry], next: String?, form: FormState) {
        self.place = place; self.entry = entry; self.comments = comments; self.next = next; self.form = form
    }
}

/// The signed-in person's feed across communities.
package struct MyFeedPage: Sendable {
    package let entries: [FeedEntry], next: String?
    package init(entries: [FeedEntry], next: String?) { self.entries = entries; self.next = next }
}

/// The signed-in person's notifications, every kind's preference (a kind never set is on both ways), and whether this
/// instance can send e-mail at all.
package struct NotificationsPage: Sendable {
    package let items: [SocialNotification], next: String?, preferences: [NotificationKind: NotificationPreference], emailConfigured: Bool

    package init(items: [SocialNotification], next: String?, preferences: [NotificationKind: NotificationPreference], emailConfigured: Bool) {
        self.items = items; self.next = next; self.preferences = preferences; self.emailConfigured = emailConfigured
    }
}

/// A topic's three most credible members.
package struct TopicLeaders: Sendable {
    package let topic: EndorsedTopic, top: [CredibilityScore]
    package init(topic: EndorsedTopic, top: [CredibilityScore]) { self.topic = topic; self.top = top }
}

/// The ranking (overall or of one topic) and the legitimate leaders beside the formal roles.
package struct CredibilityPage: Sendable {
    package let place: CommunityPlace
    /// The topic as asked in `?topic=` (kept as typed for the pager) and its key ("" overall, or an unknown topic).
    package let topic: String, topicKey: String
    package let computedAt: Date?, topics: [EndorsedTopic], ranking: [CredibilityScore], next: String?, leaders: [TopicLeaders]
    package let stewards: [SocialMember]
    /// Handles among the leaders without a formal role, and formal roles neither leading a topic nor in the overall top 5.
    package let earnedOnly: [String], formalOnly: [String]
    /// The community's adopted values, offered as topics.
    package let values: [String]
    package let form: FormState
    /// Whether the last computation started from the founders and stewards (nobody had a verified result yet).
    package let anchoredOnStewards: Bool
    /// The threshold of a well-assessed action, in hundredths (`WellAssessed`), and the stewards' form to change it.
    package let threshold: Int, thresholdForm: FormState

    package init(place: CommunityPlace, topic: String, topicKey: String, computedAt: Date?, topics: [EndorsedTopic], ranking: [CredibilityScore],
                 next: String?, leaders: [TopicLeaders], stewards: [SocialMember], earnedOnly: [String], formalOnly: [String], values: [String],
                 form: FormState, anchoredOnStewards: Bool = true, threshold: Int = WellAssessed.defaultThreshold, thresholdForm: FormState = FormState()) {
        self.place = place; self.topic = topic; self.topicKey = topicKey; self.computedAt = computedAt; self.topics = topics
        self.ranking = ranking; self.next = next; self.leaders = leaders; self.stewards = stewards; self.earnedOnly = earnedOnly
        self.formalOnly = formalOnly; self.values = values; self.form = form
        self.anchoredOnStewards = anchoredOnStewards; self.threshold = threshold; self.thresholdForm = thresholdForm
    }
}

/// Why a member has their credibility: scores, endorsements received and given, verified results, the anchor.
package struct CredibilityWhyPage: Sendable {
    package let place: CommunityPlace, member: SocialMember, scores: [CredibilityScore]
    /// Active members of the community (the rank is out of them).
    package let members: Int
    package let computedAt: Date?, received: [SocialEndorsement], given: [SocialEndorsement], results: Results, anchoredOnStewards: Bool
    package let values: [String]
    /// The page is the viewer's own: they may withdraw what they gave, and cannot endorse themselves.
    package let mine: Bool
    package let form: FormState

    package init(place: CommunityPlace, member: SocialMember, scores: [CredibilityScore], members: Int, computedAt: Date?,
                 received: [SocialEndorsement], given: [SocialEndorsement], results: Results, anchoredOnStewards: Bool, values: [String],
                 mine: Bool, form: FormState, positionWeight: Double? = nil) {
        self.place = place; self.member = member; self.scores = scores; self.members = members; self.computedAt = computedAt
        self.received = received; self.given = given; self.results = results; self.anchoredOnStewards = anchoredOnStewards
        self.values = values; self.mine = mine; self.form = form; self.positionWeight = positionWeight
    }

    /// What their position weighs in a majority decision, when the community's rule weighs positions by credibility.
    package let positionWeight: Double?

    package var overall: CredibilityScore? { scores.first { $0.topicKey == "" } }
    /// Per-topic scores, each named as endorsers spelled the topic.
    package var topicScores: [(label: String, score: Double, rank: Int)] {
        let labels = Dictionary(received.map { ($0.topicKey, $0.topic) }, uniquingKeysWith: { a, _ in a })
        return scores.filter { $0.topicKey != "" }.map { (labels[$0.topicKey] ?? $0.topicKey, $0.score, $0.rank) }
    }
}

/// Members and communities sharing the viewer's values; `basis`, the values matched on (empty: the profile says nothing yet).
package struct MatchesPage: Sendable {
    package let members: [MatchSuggestion], communities: [MatchSuggestion], basis: [String]
    package init(members: [MatchSuggestion], communities: [MatchSuggestion], basis: [String]) {
        self.members = members; self.communities = communities; self.basis = basis
    }
}

/// The e-mail digest of one person's unread notifications, newest first.
package struct DigestMail: Sendable {
    package struct Line: Sendable {
        package let kind: String, actor: String, subject: String, link: String
        package init(kind: String, actor: String, subject: String, link: String) {
            self.kind = kind; self.actor = actor; self.subject = subject; self.link = link
        }
    }
    package let name: String, lines: [Line]
    package init(name: String, lines: [Line]) { self.name = name; self.lines = lines }
}
