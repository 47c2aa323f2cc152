import Foundation
import Vapor
import EnjeuCore
import EnjeuWeb

/// A community's follows of remote actors (issue 19), declared once. The fediverse's own routes (WebFinger, actors,
/// inboxes) are `FederationEndpoints`, outside the API.
enum FederationAPIEndpoints {
    typealias Op = APIOperation
    static let follow = Op<String>(.POST, "/api/v1/communities/:slug/federation/following", gate: .community(.manageLinks),
                                   name: "api.community.federation.follow",
                                   "Follow a remote actor (`actor`: @name@server or its address) in the community's name: 202, pending until the other server accepts or rejects",
                                   body: .json(FederatedFollows.FollowIn.self, "RemoteFollow"),
                                   APIResponse(status: 202, schema: APISchema(FederatedFollows.FollowOut.self, "RemoteFollowing")))
    static let following = Op<String>(.GET, "/api/v1/communities/:slug/federation/following", gate: .community(.seeInside),
                                      name: "api.community.federation.following", "The remote actors the community follows, newest first, with each one's state",
                                      .ok(.page(FederatedFollows.FollowOut.self, "RemoteFollowing")))
    static let received = Op<String>(.GET, "/api/v1/communities/:slug/federation/received", gate: .community(.seeInside),
                                     name: "api.community.federation.received",
                                     "What the actors the community follows published (notes, articles, pages as plain text), newest first",
                                     .ok(.page(FederatedItems.Item.self, "RemoteItem")))
    static let settings = Op<String>(.GET, "/api/v1/communities/:slug/federation", gate: .community(.seeInside),
                                     name: "api.community.federation",
                                     "Whether the community publishes to the fediverse, its actor's address and handle, its followers and follows",
                                     .ok(APISchema(FederationSettings.Out.self, "CommunityFederation")))
    static let setPublish = Op<String>(.PUT, "/api/v1/communities/:slug/federation", gate: .community(.steward),
                                       name: "api.community.federation.publish",
                                       "Switch publishing to the fediverse on or off (`publish`); a members-only community never publishes, whatever it says",
                                       body: .json(FederationSettings.In.self, "CommunityFederationChange"),
                                       .ok(APISchema(FederationSettings.Out.self, "CommunityFederation")))
    static let solicit = Op<String>(.POST, "/api/v1/communities/:slug/federation/solicitations", gate: .community(.manageLinks),
                                    name: "api.community.federation.solicit",
                                    "Solicit another instance's offer (`proposal`: the address of the FEP-0837 Proposal received) with a `message`, in the community's name: 202; its owner takes it up or declines it, and completed, the flow comes to be confirmed",
                                    body: .json(FederatedSolicitations.In.self, "RemoteSolicitation"),
                                    APIResponse(status: 202, schema: APISchema(FederatedSolicitations.Out.self, "RemoteSolicitationSent")))
    static let all: [APIDoc] = [follow.doc, following.doc, received.doc, settings.doc, setPublish.doc, solicit.doc]

    static func register(_ r: any RoutesBuilder) {
        r.community(follow) { req, ctx in
            let out = try await FederatedFollows(req.context).follow(ctx, try req.content.decode(FederatedFollows.FollowIn.self))
            return try await out.encodeResponse(status: .accepted, for: req)
        }
        r.community(solicit) { req, ctx in
            let out = try await FederatedSolicitations.solicit(ctx, try req.content.decode(FederatedSolicitations.In.self), req.context)
            return try await out.encodeResponse(status: .accepted, for: req)
        }
        r.community(following) { req, ctx in try await FederatedFollows(req.context).following(ctx, after: req.after) }
        r.community(received) { req, ctx in try await FederatedItems.page(ctx.id, after: req.after, req.context.db) }
        r.community(settings) { req, ctx in try await FederationSettings(req.context).read(ctx) }
        r.community(setPublish) { req, ctx in
            try await FederationSettings(req.context).setPublish(ctx, try req.content.decode(FederationSettings.In.self).publish)
        }
    }
}
