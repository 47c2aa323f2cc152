import Foundation
import EnjeuCore

// What account pages show.

/// A person's public profile, as another signed-in person (or they themselves) sees it.
package struct ProfilePage: Sendable {
    package let handle: String
    package let displayName: String
    package let bio: String
    /// Normalised tags (`Tags.normalise`).
    package let values: [String]
    package let skills: [String]
    /// Their communities that the viewer may see inside.
    package let communities: [CommunityCard]
    package let isMe: Bool
    /// Whether the viewer follows them.
    package let following: Bool

    /// Whether they chose to show a summary of their contributions (off by default), and it: their verified results in
    /// each of `communities` where they have any.
    package var showsContributions = false
    package var contributions: [ContributionSummary] = []

    package init(handle: String, displayName: String, bio: String, values: [String], skills: [String], communities: [CommunityCard],
                 isMe: Bool, following: Bool) {
        self.handle = handle; self.displayName = displayName; self.bio = bio; self.values = values; self.skills = skills
        self.communities = communities; self.isMe = isMe; self.following = following
    }
}

/// An active API token, as its owner's list shows it (never its secret).
package struct ApiTokenItem: Sendable {
    package let id: UUID
    package let name: String
    package let createdAt: Date
    package init(id: UUID, name: String, createdAt: Date) { self.id = id; self.name = name; self.createdAt = createdAt }
}

package struct TokensPage: Sendable {
    /// Newest first.
    package let tokens: [ApiTokenItem]
    /// The secret of a token just created: shown once, never stored.
    package let created: String?
    package init(tokens: [ApiTokenItem], created: String?) { self.tokens = tokens; self.created = created }
}
