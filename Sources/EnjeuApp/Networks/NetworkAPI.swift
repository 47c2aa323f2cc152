import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A network's view and communities' sharing under /api/v1 (declared in `NetworkAPIEndpoints`).
struct NetworkAPI {
    struct NetworkOut: Content {
        let community: NamedCommunity
        let members: [NetworkMember], membersNext: String?
        /// Member communities of other instances, with the latest of what they published that reached the network.
        let remoteMembers: [RemoteNetworkMember]
        let organisations: [NetworkOrganisation], organisationsNext: String?
        let evaluation: NetworkEvaluation
        let figures: [NetworkFigureGroup]
        let multipliers: NetworkMultipliers
    }

    /// A page of the network's matrix: some of its rows, all their cells; `next` for the following rows.
    struct MatrixPage: Content {
        let matrix: EconomyMatrix, names: [String: String], next: String?
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = NetworkAPIEndpoints
        r.community(E.network) { req, c in
            let network = try await NetworkQueries.load(req.context, c)
            async let overview = NetworkPages.overview(network, membersAfter: req.after, organisationsAfter: req.query[String.self, at: "organisationsAfter"])
            async let multipliers = network.multipliers()
            let o = try await overview
            return NetworkOut(community: NamedCommunity(slug: c.community.slug, name: c.community.name),
                              members: o.members.items, membersNext: o.members.next, remoteMembers: o.remoteMembers,
                              organisations: o.organisations.items, organisationsNext: o.organisations.next,
                              evaluation: o.evaluation, figures: o.figures, multipliers: try await multipliers)
        }
        r.community(E.offers) { req, c in
            try await NetworkQueries.load(req.context, c).offers(q: try? req.query.get(String.self, at: "q"), after: req.after)
        }
        r.community(E.matrix) { req, c in
            let (matrix, next) = try await NetworkQueries.load(req.context, c).flowMatrix(after: req.after)
            return MatrixPage(matrix: matrix.matrix, names: matrix.names, next: next)
        }
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
