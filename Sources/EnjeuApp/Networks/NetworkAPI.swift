import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A network's view and communities' sharing under /api/v1 (declared in `NetworkAPIEndpoints`).
struct NetworkAPI {
    struct NetworkOut: Content {
        let community: NamedCommunity
        let members: [NetworkMember], membersNext: String?
        let organisations: [NetworkOrganisation], organisationsNext: String?
        let evaluation: NetworkEvaluation
        let figures: [NetworkFigureGroup]
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = NetworkAPIEndpoints
        r.community(E.network) { req, c in
            let o = try await NetworkPages.overview(try await NetworkQueries.load(req.context, c), membersAfter: req.after,
                                                    organisationsAfter: req.query[String.self, at: "organisationsAfter"])
            return NetworkOut(community: NamedCommunity(slug: c.community.slug, name: c.community.name),
                              members: o.members.items, membersNext: o.members.next,
                              organisations: o.organisations.items, organisationsNext: o.organisations.next,
                              evaluation: o.evaluation, figures: o.figures)
        }
        r.community(E.offers) { req, c in
            try await NetworkQueries.load(req.context, c).offers(q: try? req.query.get(String.self, at: "q"), after: req.after)
        }
        r.community(E.matrix) { req, c in try await NetworkQueries.load(req.context, c).flowMatrix() }
        r.community(E.flows) { req, c in
            let (from, to) = (req.query[String.self, at: "from"] ?? "", req.query[String.self, at: "to"] ?? "")
            return try await NetworkQueries.load(req.context, c).flows(from: from, to: to, after: req.after).page
        }
        r.community(E.sharing) { req, c in
            let sharing = try req.content.decode(NetworkSharing.self)
            try await NetworkSharingService(req.context).update(c, sharing)
            return sharing
        }
    }
}

/// The API encodes these as they are.
extension NetworkSharing: Content {}
extension NetworkOffer: Content {}
extension NetworkFlowMatrix: Content {}
extension NetworkFlow: Content {}
