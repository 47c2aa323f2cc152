import Foundation
import EnjeuCore

/// A member community as a network's view names it: what it contributes to the view (`AccessPolicy.contributes`).
package struct NetworkMember: Codable, Sendable {
    package let slug: String, name: String, visibility: Visibility, shares: [SharedFeature]
    package init(slug: String, name: String, visibility: Visibility, shares: [SharedFeature]) {
        self.slug = slug; self.name = name; self.visibility = visibility; self.shares = shares
    }
}

/// An organisation that is an active member of the network community itself.
package struct NetworkOrganisation: Codable, Sendable {
    package let slug: String, name: String, kind: OrganisationKind
    package init(slug: String, name: String, kind: OrganisationKind) { self.slug = slug; self.name = name; self.kind = kind }
}

/// One network total (self- or peer-assessment): `members` is how many member communities it rests on; `total` is
/// published only when they are at least `EvaluationRelease.minimumSubjects`, so no member's totals can be read in it.
package struct NetworkTotal: Codable, Sendable, Equatable {
    package let members: Int, total: ScoreAggregate?
    package init(members: Int, total: ScoreAggregate?) { self.members = members; self.total = total }
}

/// The network's four-criteria evaluation: totals of its contributing members' published totals.
package struct NetworkEvaluation: Codable, Sendable, Equatable {
    /// Member communities that contribute their evaluation (public, or sharing it).
    package let contributors: Int
    package let minimumMembers: Int
    package let own: NetworkTotal, peers: NetworkTotal
    package init(contributors: Int, own: NetworkTotal, peers: NetworkTotal) {
        self.contributors = contributors; self.minimumMembers = EvaluationRelease.minimumSubjects; self.own = own; self.peers = peers
    }
}

/// A member's published estimate of one indicator.
package struct NetworkFigure: Codable, Sendable {
    package let community: NamedCommunity, period: String, value: Double, low: Double, high: Double, contributors: Int
    package init(community: NamedCommunity, period: String, value: Double, low: Double, high: Double, contributors: Int) {
        self.community = community; self.period = period; self.value = value; self.low = low; self.high = high; self.contributors = contributors
    }
}

/// The members' estimates of indicators of the same name and unit, side by side.
package struct NetworkFigureGroup: Codable, Sendable {
    package let name: String, unit: String, figures: [NetworkFigure]
    package init(name: String, unit: String, figures: [NetworkFigure]) { self.name = name; self.unit = unit; self.figures = figures }
}

/// An offer of the network's catalogue: its community, never its owner (a members-only community shares its
/// catalogue, not who its members are).
package struct NetworkOffer: Codable, Sendable {
    package let id: UUID, kind: String, title: String, description: String, terms: String, tags: [String], place: String
    package let createdAt: Date, community: NamedCommunity
    package init(id: UUID, kind: String, title: String, description: String, terms: String, tags: [String], place: String,
                 createdAt: Date, community: NamedCommunity) {
        self.id = id; self.kind = kind; self.title = title; self.description = description; self.terms = terms; self.tags = tags
        self.place = place; self.createdAt = createdAt; self.community = community
    }
}

/// A member community of another instance (federation): named by its handle and actor's address; what it shares is
/// what it published to the fediverse that reached the network (its latest few items).
package struct RemoteNetworkMember: Codable, Sendable {
    package struct Shared: Codable, Sendable {
        package let kind: String, title: String, url: String?
        package init(kind: String, title: String, url: String?) { self.kind = kind; self.title = title; self.url = url }
    }
    package let handle: String, name: String, url: String, shared: [Shared]
    package init(handle: String, name: String, url: String, shared: [Shared]) {
        self.handle = handle; self.name = name; self.url = url; self.shared = shared
    }
}

/// What a network's view shows its reader (`/communities/<slug>/network`); `offers` once a search was asked for.
package struct NetworkOverview: Sendable {
    package let members: KeysetPage<NetworkMember>, organisations: KeysetPage<NetworkOrganisation>
    package let evaluation: NetworkEvaluation, figures: [NetworkFigureGroup]
    package let remoteMembers: [RemoteNetworkMember]
    package init(members: KeysetPage<NetworkMember>, organisations: KeysetPage<NetworkOrganisation>, evaluation: NetworkEvaluation,
                 figures: [NetworkFigureGroup], remoteMembers: [RemoteNetworkMember] = []) {
        self.members = members; self.organisations = organisations; self.evaluation = evaluation; self.figures = figures
        self.remoteMembers = remoteMembers
    }
}

package struct NetworkViewPage: Sendable {
    package let community: ViewedCommunity, overview: NetworkOverview, q: String, offers: KeysetPage<NetworkOffer>?
    package let flows: NetworkFlowMatrix
    package let multipliers: NetworkMultipliers?
    package init(community: ViewedCommunity, overview: NetworkOverview, q: String, offers: KeysetPage<NetworkOffer>?, flows: NetworkFlowMatrix,
                 multipliers: NetworkMultipliers? = nil) {
        self.community = community; self.overview = overview; self.q = q; self.offers = offers; self.flows = flows; self.multipliers = multipliers
    }
}
