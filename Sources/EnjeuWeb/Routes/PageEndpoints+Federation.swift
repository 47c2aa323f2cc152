import Foundation

/// Federation's documents (issue 19): WebFinger, NodeInfo, and the ActivityPub actors with their inboxes and
/// collections. Open to anyone: what each serves is decided by its handler (a members-only community is a 404, the
/// inboxes take signed requests only), and all of them are a 404 while the instance has no public address.
package enum FederationEndpoints {
    package static let webFinger = Endpoint< >(.GET, "/.well-known/webfinger", gate: .anyone, name: "federation.webfinger")
    package static let nodeInfoLinks = Endpoint< >(.GET, "/.well-known/nodeinfo", gate: .anyone, name: "federation.nodeinfo.links")
    package static let nodeInfo = Endpoint< >(.GET, "/nodeinfo/2.1", gate: .anyone, name: "federation.nodeinfo")
    package static let instance = Endpoint< >(.GET, "/ap/actor", gate: .anyone, name: "federation.instance")
    package static let instanceInbox = Endpoint< >(.POST, "/ap/actor/inbox", gate: .anyone, name: "federation.instance.inbox")
    package static let instanceOutbox = Endpoint< >(.GET, "/ap/actor/outbox", gate: .anyone, name: "federation.instance.outbox")
    package static let sharedInbox = Endpoint< >(.POST, "/ap/inbox", gate: .anyone, name: "federation.inbox")
    package static let community = Endpoint<String>(.GET, "/ap/communities/:slug", gate: .anyone, name: "federation.community")
    package static let communityInbox = Endpoint<String>(.POST, "/ap/communities/:slug/inbox", gate: .anyone, name: "federation.community.inbox")
    package static let communityOutbox = Endpoint<String>(.GET, "/ap/communities/:slug/outbox", gate: .anyone, name: "federation.community.outbox")
    package static let communityFollowers = Endpoint<String>(.GET, "/ap/communities/:slug/followers", gate: .anyone,
                                                             name: "federation.community.followers")
    package static let communityFollowing = Endpoint<String>(.GET, "/ap/communities/:slug/following", gate: .anyone,
                                                             name: "federation.community.following")
    package static let communityFeatured = Endpoint<String>(.GET, "/ap/communities/:slug/featured", gate: .anyone,
                                                            name: "federation.community.featured")
    /// Its stewards, as its public page names them (the group's `attributedTo`, as Lemmy reads moderators).
    package static let communityModerators = Endpoint<String>(.GET, "/ap/communities/:slug/moderators", gate: .anyone,
                                                              name: "federation.community.moderators")
    /// A person the ledgers and the moderators name, as the public pages of the communities that federate name them.
    package static let person = Endpoint<String>(.GET, "/ap/people/:handle", gate: .anyone, name: "federation.person")
    /// An outside party its ledger names (a ValueFlows agent known by its name only), while a flow that counts names it.
    package static let outsideParty = Endpoint<String, String>(.GET, "/ap/communities/:slug/outside/:name", gate: .anyone,
                                                               name: "federation.community.outside")
    /// What a community published: a member's post or an adopted value as a `Note` (a deleted one as a `Tombstone`)…
    package static let post = Endpoint<String, UUID>(.GET, "/ap/communities/:slug/posts/:id", gate: .anyone, name: "federation.post")
    /// …and each adopted revision of its #CodeSocial as an `Article`.
    package static let revision = Endpoint<String, Int>(.GET, "/ap/communities/:slug/code/:n", gate: .anyone, name: "federation.revision")
    /// A flow of a ledger as a ValueFlows `EconomicEvent`, by its id alone: the same address in both ledgers of a flow
    /// between communities.
    package static let flow = Endpoint<UUID>(.GET, "/ap/flows/:id", gate: .anyone, name: "federation.flow")
    /// …and each offer of its catalogue as an FEP-0837 `Proposal`.
    package static let offer = Endpoint<String, UUID>(.GET, "/ap/communities/:slug/offers/:id", gate: .anyone, name: "federation.offer")
    /// Organisations are `Organization` actors: their profile, and collections that say how many follow them.
    package static let organisation = Endpoint<String>(.GET, "/ap/organisations/:slug", gate: .anyone, name: "federation.organisation")
    package static let organisationInbox = Endpoint<String>(.POST, "/ap/organisations/:slug/inbox", gate: .anyone,
                                                            name: "federation.organisation.inbox")
    package static let organisationOutbox = Endpoint<String>(.GET, "/ap/organisations/:slug/outbox", gate: .anyone,
                                                             name: "federation.organisation.outbox")
    package static let organisationFollowers = Endpoint<String>(.GET, "/ap/organisations/:slug/followers", gate: .anyone,
                                                                name: "federation.organisation.followers")
}

/// A community's « Fédivers » page (issue 19), reachable without JavaScript: its handle, what the actors it follows
/// publish, and its stewards' forms (publish or not, follow someone) with where their deliveries stand.
package enum FederationPageEndpoints {
    package static let page = Endpoint<String>(.GET, "/communities/:slug/federation", gate: .community(.seeInside), name: "federation.page")
    package static let publish = Endpoint<String>(.POST, "/communities/:slug/federation/publish", gate: .community(.steward),
                                                  name: "federation.page.publish")
    package static let solicit = Endpoint<String>(.POST, "/communities/:slug/federation/solicitations", gate: .community(.manageLinks),
                                                  name: "federation.page.solicit")
    package static let follow = Endpoint<String>(.POST, "/communities/:slug/federation/following", gate: .community(.manageLinks),
                                                 name: "federation.page.follow")
}
