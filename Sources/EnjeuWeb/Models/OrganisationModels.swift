import Foundation
import EnjeuCore

// What organisations' pages and the links between communities show; the API encodes the profile and the links as
// they are (JSON keys = property names).

/// A community an organisation is an active member of, named only to readers who may see inside it.
package struct NamedCommunity: Codable, Sendable {
    package let slug: String, name: String
    /// A community of another instance: its actor's address (`slug` is then its `@handle@server`).
    package var url: String? = nil
    package init(slug: String, name: String, url: String? = nil) { self.slug = slug; self.name = name; self.url = url }
}

/// An organisation's public profile: its fields, its representatives' handles, the communities it is an active member
/// of that the reader may see.
package struct OrganisationProfile: Codable, Sendable {
    package let slug: String, name: String, kind: OrganisationKind, purpose: String, place: String, website: String
    package let registrationNumber: String?, createdAt: Date
    package let representatives: [String], communities: [NamedCommunity]

    package init(slug: String, name: String, kind: OrganisationKind, purpose: String, place: String, website: String,
                 registrationNumber: String?, createdAt: Date, representatives: [String], communities: [NamedCommunity]) {
        self.slug = slug; self.name = name; self.kind = kind; self.purpose = purpose; self.place = place; self.website = website
        self.registrationNumber = registrationNumber; self.createdAt = createdAt
        self.representatives = representatives; self.communities = communities
    }
}

/// `/organisations/<slug>`: the profile; a representative also gets the form to add one (`form`, as typed).
package struct OrganisationPage: Sendable {
    package let profile: OrganisationProfile, isRepresentative: Bool, form: FormState
    /// For its representatives: the entries between parties that await the organisation's word.
    package let awaiting: KeysetPage<AwaitingPartyFlow>
    /// The profile's form as typed, when refused.
    package let edit: FormState?
    package init(profile: OrganisationProfile, isRepresentative: Bool, form: FormState = FormState(), awaiting: KeysetPage<AwaitingPartyFlow> = KeysetPage(items: [], next: nil),
                 edit: FormState? = nil) {
        self.profile = profile; self.isRepresentative = isRepresentative; self.form = form; self.awaiting = awaiting; self.edit = edit
    }
}

/// An entry awaiting an organisation, as its representatives read it: the ledger that holds it and each side as a
/// party (never the member who recorded it).
package struct AwaitingPartyFlow: Codable, Sendable {
    package let id: UUID, home: NamedCommunity, from: String, to: String, quantity: Double?, unit: String, description: String, date: String
    package init(id: UUID, home: NamedCommunity, from: String, to: String, quantity: Double?, unit: String, description: String, date: String) {
        self.id = id; self.home = home; self.from = from; self.to = to; self.quantity = quantity; self.unit = unit
        self.description = description; self.date = date
    }
}

/// An organisation the viewer represents, and where it stands in the community at hand.
package struct RepresentedOrganisation: Sendable {
    package let slug: String, name: String, standing: OrganisationStanding
    package init(slug: String, name: String, standing: OrganisationStanding) { self.slug = slug; self.name = name; self.standing = standing }
}

/// `/communities/<slug>/organisations`: the organisations the viewer represents, each with what it may do here.
package struct OrganisationJoinPage: Sendable {
    package let community: ViewedCommunity, organisations: [RepresentedOrganisation]
    package init(community: ViewedCommunity, organisations: [RepresentedOrganisation]) {
        self.community = community; self.organisations = organisations
    }
}

/// One link between two communities, as the API and the network page show it.
package struct CommunityLinkItem: Codable, Sendable {
    package let id: UUID, kind: LinkKind, status: LinkStatus
    package let source: NamedCommunity, target: NamedCommunity
    package let proposedAt: Date, decidedAt: Date?, endedAt: Date?

    package init(id: UUID, kind: LinkKind, status: LinkStatus, source: NamedCommunity, target: NamedCommunity,
                 proposedAt: Date, decidedAt: Date?, endedAt: Date?) {
        self.id = id; self.kind = kind; self.status = status; self.source = source; self.target = target
        self.proposedAt = proposedAt; self.decidedAt = decidedAt; self.endedAt = endedAt
    }
}

/// `/communities/<slug>/links`: the community's links the viewer may see (stewards: every status, the history too),
/// and the stewards' proposal form.
package struct NetworkPage: Sendable {
    package let community: ViewedCommunity, links: [CommunityLinkItem], form: FormState
    package init(community: ViewedCommunity, links: [CommunityLinkItem], form: FormState = FormState()) {
        self.community = community; self.links = links; self.form = form
    }

    /// Accepted links in which this community is the network (others are members of it).
    package var members: [CommunityLinkItem] { links.filter { $0.status == .accepted && $0.kind == .memberOf && $0.target.slug == community.slug } }
    /// Accepted links to the networks this community is a member of.
    package var networks: [CommunityLinkItem] { links.filter { $0.status == .accepted && $0.kind == .memberOf && $0.source.slug == community.slug } }
    package var partners: [CommunityLinkItem] { links.filter { $0.status == .accepted && $0.kind == .partner } }
    package var incoming: [CommunityLinkItem] { links.filter { $0.status == .proposed && $0.target.slug == community.slug } }
    package var outgoing: [CommunityLinkItem] { links.filter { $0.status == .proposed && $0.source.slug == community.slug } }
    package var past: [CommunityLinkItem] { links.filter { !$0.status.isLive } }
}

extension CommunityLinkItem {
    /// The community at the other end, seen from `slug`.
    package func other(than slug: String) -> NamedCommunity { source.slug == slug ? target : source }
}
