import Foundation
import EnjeuCore
import EnjeuWeb

/// Organisations and links between communities under /api/v1: each route declared once, registered by
/// `OrganisationAPI` and `LinkAPI`, documented by `OpenAPIDocument`.
enum OrganisationAPIEndpoints {
    typealias API = OrganisationAPI
    typealias Op = APIOperation

    static let create = Op< >(.POST, "/api/v1/organisations", gate: .signedIn, name: "api.organisation.create",
                              "Create an organisation (kind: association, cooperative, company, public-body, collective); the creator is its first representative",
                              body: .json(API.NewOrganisation.self), .created(OrganisationProfile.self))
    static let organisation = Op<String>(.GET, "/api/v1/organisations/:slug", gate: .anyone, name: "api.organisation",
                                         "An organisation's public profile: its representatives, and the communities it is an active member of that the reader may see",
                                         .ok(OrganisationProfile.self))
    static let update = Op<String>(.PATCH, "/api/v1/organisations/:slug", gate: .signedIn, name: "api.organisation.update",
                                   "Edit the profile (representatives); fields left out keep their value; the slug never changes",
                                   body: .json(API.OrganisationUpdate.self), .ok(OrganisationProfile.self))
    static let addRepresentative = Op<String>(.POST, "/api/v1/organisations/:slug/representatives", gate: .signedIn,
                                              name: "api.organisation.representative.add", "Add a representative by handle (representatives)",
                                              body: .json(API.RepresentativeBody.self), .created(API.Representative.self))
    static let removeRepresentative = Op<String, String>(.DELETE, "/api/v1/organisations/:slug/representatives/:handle", gate: .signedIn,
                                                         name: "api.organisation.representative.remove",
                                                         "Remove a representative (representatives); 409 for the last one",
                                                         .ok(CommunityAPI.StatusBody.self, "Status"))
    static let awaiting = Op<String>(.GET, "/api/v1/organisations/:slug/flows/awaiting", gate: .signedIn, name: "api.organisation.flows.awaiting",
                                     "The flows awaiting the organisation's word, in the communities it is a member of, newest first (representatives; 403 otherwise); "
                                         + "each is confirmed or declined through its community's `…/flows/{id}/confirm` or `…/decline`",
                                     .ok(.page(AwaitingPartyFlow.self, "AwaitingPartyFlow", pageName: "AwaitingPartyFlowPage")))

    static let links = Op<String>(.GET, "/api/v1/communities/:slug/links", gate: .community(.seeInside), name: "api.community.links",
                                  "The community's links to other communities, as the reader may see them: accepted ones whose both sides they may read; stewards also see proposals and the history",
                                  .ok(.page(CommunityLinkItem.self, "CommunityLink", pageName: "LinkPage")))
    static let proposeLink = Op<String>(.POST, "/api/v1/communities/:slug/links", gate: .community(.manageLinks), name: "api.community.link.propose",
                                        "Propose a link (stewards): member-of (this community joins the target network) or partner",
                                        body: .json(LinkAPI.NewLink.self), .created(LinkAPI.LinkState.self))
    static let acceptLink = Op<String, UUID>(.POST, "/api/v1/communities/:slug/links/:id/accept", gate: .community(.manageLinks),
                                             name: "api.community.link.accept", "Accept a link proposed to this community (its stewards)",
                                             .ok(LinkAPI.LinkState.self))
    static let declineLink = Op<String, UUID>(.POST, "/api/v1/communities/:slug/links/:id/decline", gate: .community(.manageLinks),
                                              name: "api.community.link.decline", "Decline a link proposed to this community (its stewards)",
                                              .ok(LinkAPI.LinkState.self))
    static let endLink = Op<String, UUID>(.DELETE, "/api/v1/communities/:slug/links/:id", gate: .community(.manageLinks),
                                          name: "api.community.link.end", "End a link (either side's stewards); it stays in the history",
                                          .ok(LinkAPI.LinkState.self))

    static let all: [APIDoc] = [
        create.doc, organisation.doc, update.doc, addRepresentative.doc, removeRepresentative.doc, awaiting.doc,
        links.doc, proposeLink.doc, acceptLink.doc, declineLink.doc, endLink.doc,
    ]
}
