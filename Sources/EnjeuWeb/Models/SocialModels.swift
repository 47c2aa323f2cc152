import Foundation
import EnjeuCore

// MARK: Rows the social queries decode (the JSON API reads them too)

/// An item of a feed: a member's post or another feature's event, with its community.
package struct SocialPost: Decodable, Sendable {
    package let id: UUID, communityId: UUID, slug: String, communityName: String, authorHandle: String?, authorName: String?
    /// As stored (`FeedItemKind`): the API sends it as is.
    package let kind: String
    package let body: String, subject: String, link: String, comments: Int, createdAt: Date
    /// Hidden by the moderators (with the reason its author reads; nil: hidden by the number of reports, awaiting
    /// review): only its author and the moderators are shown such a post.
    package var hiddenAt: Date? = nil, hiddenReason: String? = nil
    /// Set once its author changed it (« modifié ») / deleted it (« message supprimé »: the body is erased, the row stays).
    package var editedAt: Date? = nil, deletedAt: Date? = nil

    enum CodingKeys: String, CodingKey {
        case id, slug, kind, body, subject, link, comments
        case communityId = "community_id", communityName = "community_name", authorHandle = "author_handle", authorName = "author_name"
        case createdAt = "created_at", hiddenAt = "hidden_at", hiddenReason = "hidden_reason"
        case editedAt = "edited_at", deletedAt = "deleted_at"
    }

    package var itemKind: FeedItemKind? { FeedItemKind(rawValue: kind) }
    /// The other feature's event this item tells, if it is one.
    package var event: FeedEvent? {
        if case let .event(e)? = itemKind { return e }
        return nil
    }
}

/// A comment under a post.
package struct SocialComment: Decodable, Sendable {
    package let id: UUID, authorHandle: String, authorName: String, body: String, createdAt: Date
    /// As a post's (`SocialPost.hiddenAt`, `.editedAt`).
    package var hiddenAt: Date? = nil, hiddenReason: String? = nil
    package var editedAt: Date? = nil, deletedAt: Date? = nil
    /// A reply from another server: its author's profile there (`authorHandle` is then `name@server`).
    package var remoteURL: String? = nil
    enum CodingKeys: String, CodingKey {
        case id, body, authorHandle = "author_handle", authorName = "author_name", createdAt = "created_at", remoteURL = "remote_url"
        case hiddenAt = "hidden_at", hiddenReason = "hidden_reason"
        case editedAt = "edited_at", deletedAt = "deleted_at"
    }
}

/// An earlier body of an edited post (`commentId` nil) or comment, shown to moderators.
package struct PostRevision: Decodable, Sendable {
    package let id: UUID, commentId: UUID?, editorHandle: String, body: String, createdAt: Date
    enum CodingKeys: String, CodingKey {
        case id, body, commentId = "comment_id", editorHandle = "editor_handle", createdAt = "created_at"
    }
}

/// A notification of the signed-in person.
package struct SocialNotification: Decodable, Sendable {
    package let id: UUID
    /// As stored (`NotificationKind`): the API sends it as is.
    package let kind: String
    package let actor: String, subject: String, link: String, readAt: Date?, createdAt: Date
    enum CodingKeys: String, CodingKey { case id, kind, actor, subject, link, readAt = "read_at", createdAt = "created_at" }
}

/// Where a person wants one kind of notification.
package struct NotificationPreference: Sendable, Equatable {
    package let inApp: Bool
    package let email: Bool
    package init(inApp: Bool, email: Bool) { self.inApp = inApp; self.email = email }
}

/// An endorsement between two members, with the endorser's overall credibility.
/// Only what the "why" page and its JSON show: a member's page lists up to 200 of each side.
package struct SocialEndorsement: Decodable, Sendable {
    package let id: UUID, fromHandle: String, toHandle: String, topic: String, topicKey: String, note: String
    package let fromScore: Double?
    enum CodingKeys: String, CodingKey {
        case id, topic, note
        case fromHandle = "from_handle", toHandle = "to_handle", topicKey = "topic_key", fromScore = "from_score"
    }
}

/// A member's stored credibility on one topic (`topicKey` empty: overall), and their rank there.
package struct CredibilityScore: Decodable, Sendable {
    package let userId: UUID, handle: String, displayName: String, role: Role, score: Double, rank: Int, topicKey: String
    enum CodingKeys: String, CodingKey {
        case handle, role, score, rank
        case userId = "user_id", displayName = "display_name", topicKey = "topic_key"
    }
}

/// A topic members are endorsed on, spelled as first typed, with its count of endorsements.
package struct EndorsedTopic: Decodable, Sendable {
    package let topicKey: String, topic: String, n: Int
    enum CodingKeys: String, CodingKey { case topic, n, topicKey = "topic_key" }
}

/// When a community's credibility was last computed, and whether it is due again.
package struct CredibilityState: Decodable, Sendable {
    package let computedAt: Date?, anchoredOnStewards: Bool, dirty: Bool
    /// The cap of the community's credibility rule when it weighs positions (nil when it does not), read with the state.
    package let weightCap: Double?
    enum CodingKeys: String, CodingKey {
        case dirty, computedAt = "computed_at", anchoredOnStewards = "anchored_on_stewards", weightCap = "weight_cap"
    }

    /// What a member's overall score makes their position weigh in a majority decision, when the rule weighs positions.
    package func positionWeight(score: Double?) -> Double? {
        weightCap.map { PositionWeight.weight(credibility: score, cap: $0) }
    }
}

/// An active member of a community, as every feature looks one up by handle.
package struct SocialMember: Decodable, Sendable {
    package let userId: UUID, handle: String, displayName: String, role: Role
    /// What their credibility gives them today under the community's rule (`memberships.earned_rights`), when read.
    package var earnedRights: Int? = nil
    enum CodingKeys: String, CodingKey { case handle, role, userId = "user_id", displayName = "display_name", earnedRights = "earned_rights" }

    package var grants: [Right] { Rights(mask: earnedRights ?? 0).list }
}

/// A member or a community sharing the viewer's values, with the reason in words. Encoded as is by the API.
package struct MatchSuggestion: Codable, Sendable {
    package let kind: SocialTarget
    /// A member's handle or a community's slug.
    package let key: String
    package let name: String
    package let shared: [String]
    package let score: Double
    package let reason: String
    package let link: String

    package init(kind: SocialTarget, key: String, name: String, shared: [String], score: Double, reason: String, link: String) {
        self.kind = kind; self.key = key; self.name = name; self.shared = shared; self.score = score; self.reason = reason; self.link = link
    }
}
