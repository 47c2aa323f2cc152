import Foundation
import EnjeuCore

// What community pages show: the rows the community queries decode (snake_case columns named in CodingKeys)
// and the page models the views read. The API encodes cards, members and requests: their JSON keys are their property names.

/// The public card of a community, plus what the viewer may see beyond it; also the API's card. `memberCount` only
/// for those who may see inside (members-only communities hide their size).
package struct CommunityCard: Codable, Sendable {
    package let slug: String, name: String, purpose: String, perimeter: String, rhythm: String
    package let stage: LifeStage, visibility: Visibility, charterVersion: Int, memberCount: Int?

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

/// A member as lists show them; `charterCurrent`, whether they accepted the community's current charter version.
package struct CommunityMember: Codable, Sendable {
    package let handle: String, displayName: String, role: Role, status: MembershipStatus, charterCurrent: Bool, joinedAt: Date
    /// The roles they hold (issue 18): the predefined one ("founder", "steward") if any, then the community's own by name.
    package var roles: [String] = []

    package init(handle: String, displayName: String, role: Role, status: MembershipStatus, charterCurrent: Bool, joinedAt: Date) {
        self.handle = handle; self.displayName = displayName; self.role = role; self.status = status
        self.charterCurrent = charterCurrent; self.joinedAt = joinedAt
    }
}

/// A join request as stewards review it: a person's, or an organisation's (`organisation` is its slug, and `handle`
/// names the representative who asked in its name).
package struct JoinRequestItem: Codable, Sendable {
    package let id: UUID, handle: String, displayName: String, message: String, status: JoinRequestStatus, reason: String?, createdAt: Date
    package let organisation: String?, organisationName: String?

    package init(id: UUID, handle: String, displayName: String, message: String, status: JoinRequestStatus, reason: String?, createdAt: Date,
                 organisation: String? = nil, organisationName: String? = nil) {
        self.id = id; self.handle = handle; self.displayName = displayName; self.message = message; self.status = status
        self.reason = reason; self.createdAt = createdAt; self.organisation = organisation; self.organisationName = organisationName
    }
}

/// The viewer's latest request to a community: a declined one shows its reason.
package struct LatestJoinRequest: Sendable {
    package let status: JoinRequestStatus, reason: String?
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
    package let card: CommunityCard, role: Role, status: MembershipStatus
    package init(card: CommunityCard, role: Role, status: MembershipStatus) { self.card = card; self.role = role; self.status = status }
}

/// A community as the viewer sees it: its card (`c.name`, `c.purpose`…), its profile's `version` (for the settings
/// form's optimistic concurrency), and the viewer's relation to it, from which the views read what they may do;
/// `viewerHandle`, because stewards do not act on themselves.
@dynamicMemberLookup
package struct ViewedCommunity: Sendable {
    package let card: CommunityCard, version: Int, codePublished: Bool, relation: ViewerRelation, viewerHandle: String?

    package init(card: CommunityCard, version: Int, codePublished: Bool, relation: ViewerRelation, viewerHandle: String?) {
        self.card = card; self.version = version; self.codePublished = codePublished; self.relation = relation; self.viewerHandle = viewerHandle
    }

    package subscript<T>(dynamicMember path: KeyPath<CommunityCard, T>) -> T { card[keyPath: path] }

    /// The card of a community its viewer is on always carries the count.
    package var memberCount: Int { card.memberCount ?? 0 }

    /// The same policy the route gate applies, as a page offers it (a closed community's pages offer no write).
    package func can(_ c: Capability) -> Bool {
        AccessPolicy.offers(c, visibility: card.visibility, relation: relation, codePublished: codePublished, stage: card.stage)
    }
}

// MARK: Pages

/// `firstSteps`, for a signed-in person without a community: the public communities they may join, those sharing their
/// values first; nil for everyone else.
package struct SiteHomePage: Sendable {
    package let signedIn: Bool, mine: [MyCommunity], discover: [CommunityCard], firstSteps: [JoinSuggestion]?
    package init(signedIn: Bool, mine: [MyCommunity], discover: [CommunityCard], firstSteps: [JoinSuggestion]? = nil) {
        self.signedIn = signedIn; self.mine = mine; self.discover = discover; self.firstSteps = firstSteps
    }
}

/// A public community to join; `shared`, the values it shares with the person (empty when it is suggested for its size).
package struct JoinSuggestion: Sendable {
    package let card: CommunityCard, shared: [String]
    package init(card: CommunityCard, shared: [String]) { self.card = card; self.shared = shared }
}

/// Communities found by a search.
package typealias CommunityBrowsePage = SearchPage<CommunityCard>

package struct CommunityHomePage: Sendable {
    package let community: ViewedCommunity
    /// Founders and stewards, and the first members by handle (both empty for those who may not see inside).
    package let stewards: [CommunityMember], members: [CommunityMember], moreMembers: Bool
    /// Pending requests a steward should see (0 or 1 is enough to say so).
    package let pendingRequests: Int
    package let latestRequest: LatestJoinRequest?, charter: CharterText?
    /// What members did over the last 30 days (nil for those who may not see inside), and the stage it suggests.
    package let vitality: Vitality?

    package init(community: ViewedCommunity, stewards: [CommunityMember], members: [CommunityMember], moreMembers: Bool,
                 pendingRequests: Int, latestRequest: LatestJoinRequest?, charter: CharterText?, vitality: Vitality? = nil) {
        self.community = community; self.stewards = stewards; self.members = members; self.moreMembers = moreMembers
        self.pendingRequests = pendingRequests; self.latestRequest = latestRequest; self.charter = charter; self.vitality = vitality
    }
}

/// A page of one of a community's lists: its members, or the join requests awaiting its stewards.
package struct CommunityListPage<Item: Sendable>: Sendable {
    package let community: ViewedCommunity, page: KeysetPage<Item>
    package init(community: ViewedCommunity, page: KeysetPage<Item>) { self.community = community; self.page = page }
}

package typealias CommunityMembersPage = CommunityListPage<CommunityMember>
package typealias JoinRequestsPage = CommunityListPage<JoinRequestItem>

/// The charter (`versions` newest first), the give-to-get rule of #ChiffresEnsemble that every member accepts with it,
/// and the stewards' new-version form.
package struct CharterPage: Sendable {
    package let community: ViewedCommunity, current: CharterText?, versions: [CharterVersionRow], giveToGet: CreditRules, form: FormState
    /// Written in the charter: whether stewards read the figures free.
    package let stewardsReadFree: Bool
    /// The charter proposals, newest first (open ones and the last decided), each to see and decide on its page.
    package let proposals: [CharterProposalRow]

    package init(community: ViewedCommunity, current: CharterText?, versions: [CharterVersionRow], giveToGet: CreditRules, form: FormState,
                 stewardsReadFree: Bool = true, proposals: [CharterProposalRow] = []) {
        self.community = community; self.current = current; self.versions = versions; self.giveToGet = giveToGet; self.form = form
        self.stewardsReadFree = stewardsReadFree; self.proposals = proposals
    }
}

/// A charter proposal as the charter page lists it.
package struct CharterProposalRow: Decodable, Sendable {
    package let id: UUID, summary: String, status: AmendmentStatus, createdAt: Date, closesAt: Date
    package init(id: UUID, summary: String, status: AmendmentStatus, createdAt: Date, closesAt: Date) {
        self.id = id; self.summary = summary; self.status = status; self.createdAt = createdAt; self.closesAt = closesAt
    }
    enum CodingKeys: String, CodingKey { case id, summary, status, createdAt = "created_at", closesAt = "closes_at" }
}

/// The stewards' settings: the profile's form and what the community shares with its networks.
package struct CommunitySettingsPage: Sendable {
    package let community: ViewedCommunity, form: FormState, sharing: NetworkSharing
    package init(community: ViewedCommunity, form: FormState, sharing: NetworkSharing) {
        self.community = community; self.form = form; self.sharing = sharing
    }
}
