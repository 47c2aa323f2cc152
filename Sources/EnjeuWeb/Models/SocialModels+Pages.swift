import Foundation
import EnjeuCore

// MARK: What the social pages show

/// The community a social page belongs to, as its navigation names it.
package struct SocialCommunity: Sendable {
    package let slug: String
    package let name: String
    package init(slug: String, name: String) { self.slug = slug; self.name = name }
}

/// A post's or a comment's body as the core's safe Markdown renderer made it (`Markdown.html`: the author's HTML escaped,
/// links checked): the only markup from member text a view emits.
package struct RenderedMarkdown: Sendable {
    package let html: String
    package init(markdown source: String) { html = Markdown.html(source) }
    /// `html` must come from `Markdown.html` (the app keeps it cached by post id: posts are never edited).
    package init(rendered html: String) { self.html = html }
}

/// A feed item and its rendered body.
package struct FeedEntry: Sendable {
    package let post: SocialPost
    package let body: RenderedMarkdown
    package init(_ post: SocialPost, body: RenderedMarkdown) { self.post = post; self.body = body }
}

package struct CommentEntry: Sendable {
    package let comment: SocialComment
    package let body: RenderedMarkdown
    package init(_ comment: SocialComment, body: RenderedMarkdown) { self.comment = comment; self.body = body }
}

/// A community's feed. `following` is nil when no follow button shows (not signed in, a members-only community, a member).
package struct CommunityFeedPage: Sendable {
    package let community: SocialCommunity
    package let entries: [FeedEntry]
    package let next: String?
    package let following: Bool?
    package let canContribute: Bool
    package let form: FormState

    package init(community: SocialCommunity, entries: [FeedEntry], next: String?, following: Bool?, canContribute: Bool, form: FormState) {
        self.community = community; self.entries = entries; self.next = next; self.following = following
        self.canContribute = canContribute; self.form = form
    }
}

/// One post with a page of its comments, oldest first.
package struct PostPage: Sendable {
    package let community: SocialCommunity
    package let entry: FeedEntry
    package let comments: [CommentEntry]
    package let next: String?
    package let canContribute: Bool
    package let form: FormState

    package init(community: SocialCommunity, entry: FeedEntry, comments: [CommentEntry], next: String?, canContribute: Bool, form: FormState) {
        self.community = community; self.entry = entry; self.comments = comments; self.next = next
        self.canContribute = canContribute; self.form = form
    }
}

/// The signed-in person's feed across communities.
package struct MyFeedPage: Sendable {
    package let entries: [FeedEntry]
    package let next: String?
    package init(entries: [FeedEntry], next: String?) { self.entries = entries; self.next = next }
}

package struct NotificationsPage: Sendable {
    package let items: [SocialNotification]
    package let next: String?
    /// Every kind's preference (a kind never set is on both ways).
    package let preferences: [NotificationKind: NotificationPreference]
    /// Whether this instance can send e-mail at all.
    package let emailConfigured: Bool

    package init(items: [SocialNotification], next: String?, preferences: [NotificationKind: NotificationPreference], emailConfigured: Bool) {
        self.items = items; self.next = next; self.preferences = preferences; self.emailConfigured = emailConfigured
    }
}

/// A topic's three most credible members.
package struct TopicLeaders: Sendable {
    package let topic: EndorsedTopic
    package let top: [CredibilityScore]
    package init(topic: EndorsedTopic, top: [CredibilityScore]) { self.topic = topic; self.top = top }
}

/// The ranking (overall or of one topic) and the legitimate leaders beside the formal roles.
package struct CredibilityPage: Sendable {
    package let community: SocialCommunity
    /// The topic as asked in `?topic=` (kept as typed for the pager) and its key ("" overall, or an unknown topic).
    package let topic: String
    package let topicKey: String
    package let computedAt: Date?
    package let topics: [EndorsedTopic]
    package let ranking: [CredibilityScore]
    package let next: String?
    package let leaders: [TopicLeaders]
    package let stewards: [SocialMember]
    /// Handles among the leaders without a formal role, and formal roles neither leading a topic nor in the overall top 5.
    package let earnedOnly: [String]
    package let formalOnly: [String]
    /// The community's adopted values, offered as topics.
    package let values: [String]
    package let canContribute: Bool
    package let canSteward: Bool
    package let form: FormState

    package init(community: SocialCommunity, topic: String, topicKey: String, computedAt: Date?, topics: [EndorsedTopic], ranking: [CredibilityScore],
                 next: String?, leaders: [TopicLeaders], stewards: [SocialMember], earnedOnly: [String], formalOnly: [String], values: [String],
                 canContribute: Bool, canSteward: Bool, form: FormState) {
        self.community = community; self.topic = topic; self.topicKey = topicKey; self.computedAt = computedAt; self.topics = topics
        self.ranking = ranking; self.next = next; self.leaders = leaders; self.stewards = stewards; self.earnedOnly = earnedOnly
        self.formalOnly = formalOnly; self.values = values; self.canContribute = canContribute; self.canSteward = canSteward; self.form = form
    }
}

/// Why a member has their credibility: scores, endorsements received and given, verified results, the anchor.
package struct CredibilityWhyPage: Sendable {
    package let community: SocialCommunity
    package let member: SocialMember
    package let scores: [CredibilityScore]
    /// Active members of the community (the rank is out of them).
    package let members: Int
    package let computedAt: Date?
    package let received: [SocialEndorsement]
    package let given: [SocialEndorsement]
    package let results: Results
    package let anchoredOnStewards: Bool
    package let values: [String]
    /// The page is the viewer's own: they may withdraw what they gave, and cannot endorse themselves.
    package let mine: Bool
    package let canContribute: Bool
    package let form: FormState

    package init(community: SocialCommunity, member: SocialMember, scores: [CredibilityScore], members: Int, computedAt: Date?,
                 received: [SocialEndorsement], given: [SocialEndorsement], results: Results, anchoredOnStewards: Bool, values: [String],
                 mine: Bool, canContribute: Bool, form: FormState) {
        self.community = community; self.member = member; self.scores = scores; self.members = members; self.computedAt = computedAt
        self.received = received; self.given = given; self.results = results; self.anchoredOnStewards = anchoredOnStewards
        self.values = values; self.mine = mine; self.canContribute = canContribute; self.form = form
    }

    package var overall: CredibilityScore? { scores.first { $0.topicKey == "" } }
    /// Per-topic scores, each named as endorsers spelled the topic.
    package var topicScores: [(label: String, score: Double, rank: Int)] {
        let labels = Dictionary(received.map { ($0.topicKey, $0.topic) }, uniquingKeysWith: { a, _ in a })
        return scores.filter { $0.topicKey != "" }.map { (labels[$0.topicKey] ?? $0.topicKey, $0.score, $0.rank) }
    }
}

package struct MatchesPage: Sendable {
    package let members: [MatchSuggestion]
    package let communities: [MatchSuggestion]
    /// The values matched on; empty: the profile says nothing yet.
    package let basis: [String]
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
    package let name: String
    package let lines: [Line]
    package init(name: String, lines: [Line]) { self.name = name; self.lines = lines }
}
