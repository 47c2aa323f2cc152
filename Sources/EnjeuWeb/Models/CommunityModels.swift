import Foundation
import EnjeuCore

// What community pages show: the rows the community queries decode (snake_case columns named in CodingKeys)
// and the page models the views read. The API encodes cards, members and requests: their JSON keys are their property names.

/// The public card of a community, plus what the viewer may see beyond it; also the API's card.
package struct CommunityCard: Codable, Sendable {
    package let slug: String
    package let name: String
    package let purpose: String
    package let perimeter: String
    package let rhythm: String
    package let stage: LifeStage
    package let visibility: Visibility
    package let charterVersion: Int
    /// Only for those who may see inside (members-only communities hide their size).
    package let memberCount: Int?

    package init(slug: String, name: String, purpose: String, perimeter: String, rhythm: String, stage: LifeStage,
                 visibility: Visibility, charterVersion: Int, memberCount: Int?) {
        self.slug = slug; self.name = name; self.purpose = purpose; self.perimeter = perimeter; self.rhythm = rhythm
        self.stage = stage; self.visibility = visibility; self.charterVersion = charterVersion; self.memberCount = memberCount
    }

    package init(_ r: CommunityCardRow, inside: Bool) {
        self.init(slug: r.slug, name: r.name, purpose: r.purpose, perimeter: r.perimeter, rhythm: r.rhythm, stage: r.stage,
                  visibility: r.visibility, charterVersion: r.charterVersion, memberCount: inside ? r.memberCount : nil)
    }
}

/// Just the columns a card shows, its sort key, and whether the viewer is an active member (`mine` is 0 or 1).
package struct CommunityCardRow: Decodable, Sendable {
    package let id: UUID, slug: String, name: String, nameFolded: String, purpose: String, perimeter: String, rhythm: String
    package let stage: LifeStage, visibility: Visibility, charterVersion: Int, memberCount: Int, mine: Int
    enum CodingKeys: String, CodingKey {
        case id, slug, name, purpose, perimeter, rhythm, stage, visibility, mine
        case nameFolded = "name_folded", charterVersion = "charter_version", memberCount = "member_count"
    }
}

/// A member as lists show them.
package struct CommunityMember: Codable, Sendable {
    package let handle: String
    package let displayName: String
    package let role: Role
    package let status: MembershipStatus
    /// Whether they accepted the community's current charter version.
    package let charterCurrent: Bool
    package let joinedAt: Date

    package init(handle: String, displayName: String, role: Role, status: MembershipStatus, charterCurrent: Bool, joinedAt: Date) {
        self.handle = handle; self.displayName = displayName; self.role = role; self.status = status
        self.charterCurrent = charterCurrent; self.joinedAt = joinedAt
    }
}

/// A join request as stewards review it.
package struct JoinRequestItem: Codable, Sendable {
    package let id: UUID
    package let handle: String
    package let displayName: String
    package let message: String
    package let status: JoinRequestStatus
    package let reason: String?
    package let createdAt: Date

    package init(id: UUID, handle: String, displayName: String, message: String, status: JoinRequestStatus, reason: String?, createdAt: Date) {
        self.id = id; self.handle = handle; self.displayName = displayName; self.message = message; self.status = status
        self.reason = reason; self.createdAt = createdAt
    }
}

/// The viewer's latest request to a community: a declined one shows its reason.
package struct LatestJoinRequest: Sendable {
    package let status: JoinRequestStatus
    package let reason: String?
    package init(status: JoinRequestStatus, reason: String?) { self.status = status; self.reason = reason }
}

/// One version of a charter, without its text.
package struct CharterVersionRow: Decodable, Sendable {
    package let version: Int, createdAt: Date
    package init(version: Int, createdAt: Date) { self.version = version; self.createdAt = createdAt }
    enum CodingKeys: String, CodingKey { case version, createdAt = "created_at" }
}

/// One version of a charter with its text (versions never change, so they are cached).
package struct CharterText: Decodable, Sendable {
    package let version: Int, text: String, createdAt: Date
    package init(version: Int, text: String, createdAt: Date) { self.version = version; self.text = text; self.createdAt = createdAt }
    enum CodingKeys: String, CodingKey { case version, text, createdAt = "created_at" }
}

/// One of the viewer's communities, including those awaiting their charter acceptance.
package struct MyCommunity: Sendable {
    package let card: CommunityCard
    package let role: Role
    package let status: MembershipStatus
    package init(card: CommunityCard, role: Role, status: MembershipStatus) { self.card = card; self.role = role; self.status = status }
}

/// A community as the viewer sees it: its profile and their relation to it, from which the views read what they may do.
package struct ViewedCommunity: Sendable {
    package let slug: String
    package let name: String
    package let purpose: String
    package let perimeter: String
    package let rhythm: String
    package let stage: LifeStage
    package let visibility: Visibility
    package let charterVersion: Int
    package let memberCount: Int
    /// The profile's version, for the settings form's optimistic concurrency.
    package let version: Int
    package let codePublished: Bool
    package let relation: ViewerRelation
    /// The viewer's handle: stewards do not act on themselves.
    package let viewerHandle: String?

    package init(slug: String, name: String, purpose: String, perimeter: String, rhythm: String, stage: LifeStage, visibility: Visibility,
                 charterVersion: Int, memberCount: Int, version: Int, codePublished: Bool, relation: ViewerRelation, viewerHandle: String?) {
        self.slug = slug; self.name = name; self.purpose = purpose; self.perimeter = perimeter; self.rhythm = rhythm; self.stage = stage
        self.visibility = visibility; self.charterVersion = charterVersion; self.memberCount = memberCount; self.version = version
        self.codePublished = codePublished; self.relation = relation; self.viewerHandle = viewerHandle
    }

    /// The same policy the route gate applies.
    package func can(_ c: Capability) -> Bool {
        AccessPolicy.allows(c, visibility: visibility, relation: relation, codePublished: codePublished)
    }
}

// MARK: Pages

package struct SiteHomePage: Sendable {
    package let signedIn: Bool
    package let mine: [MyCommunity]
    package let discover: [CommunityCard]
    package init(signedIn: Bool, mine: [MyCommunity], discover: [CommunityCard]) {
        self.signedIn = signedIn; self.mine = mine; self.discover = discover
    }
}

package struct CommunityBrowsePage: Sendable {
    /// The search as typed.
    package let q: String?
    package let page: KeysetPage<CommunityCard>
    package init(q: String?, page: KeysetPage<CommunityCard>) { self.q = q; self.page = page }
}

package struct CommunityHomePage: Sendable {
    package let community: ViewedCommunity
    /// Founders and stewards (empty for those who may not see inside).
    package let stewards: [CommunityMember]
    /// The first members by handle, and whether there are more.
    package let members: [CommunityMember]
    package let moreMembers: Bool
    /// Pending requests a steward should see (0 or 1 is enough to say so).
    package let pendingRequests: Int
    package let latestRequest: LatestJoinRequest?
    package let charter: CharterText?

    package init(community: ViewedCommunity, stewards: [CommunityMember], members: [CommunityMember], moreMembers: Bool,
                 pendingRequests: Int, latestRequest: LatestJoinRequest?, charter: CharterText?) {
        self.community = community; self.stewards = stewards; self.members = members; self.moreMembers = moreMembers
        self.pendingRequests = pendingRequests; self.latestRequest = latestRequest; self.charter = charter
    }
}

package struct CommunityMembersPage: Sendable {
    package let community: ViewedCommunity
    package let page: KeysetPage<CommunityMember>
    package init(community: ViewedCommunity, page: KeysetPage<CommunityMember>) { self.community = community; self.page = page }
}

package struct JoinRequestsPage: Sendable {
    package let community: ViewedCommunity
    package let page: KeysetPage<JoinRequestItem>
    package init(community: ViewedCommunity, page: KeysetPage<JoinRequestItem>) { self.community = community; self.page = page }
}

package struct CharterPage: Sendable {
    package let community: ViewedCommunity
    package let current: CharterText?
    /// Newest first.
    package let versions: [CharterVersionRow]
    /// The give-to-get rule of #ChiffresEnsemble, part of the charter every member accepts.
    package let giveToGet: CreditRules
    /// The stewards' new-version form.
    package let form: FormState

    package init(community: ViewedCommunity, current: CharterText?, versions: [CharterVersionRow], giveToGet: CreditRules, form: FormState) {
        self.community = community; self.current = current; self.versions = versions; self.giveToGet = giveToGet; self.form = form
    }
}

package struct CommunitySettingsPage: Sendable {
    package let community: ViewedCommunity
    package let form: FormState
    package init(community: ViewedCommunity, form: FormState) { self.community = community; self.form = form }
}

/// The community a feature's page (figures, journey…) belongs to, and what its viewer may do there.
package struct CommunityPlace: Sendable {
    package let slug: String
    package let name: String
    package let viewerHandle: String?
    package let canContribute: Bool
    package let canSteward: Bool

    package init(slug: String, name: String, viewerHandle: String?, canContribute: Bool, canSteward: Bool) {
        self.slug = slug; self.name = name; self.viewerHandle = viewerHandle; self.canContribute = canContribute; self.canSteward = canSteward
    }
}
