import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A network's page and the stewards' sharing form. Not kept in the page cache: it shows other communities' state
/// (their names, offers, estimates, totals, what they share), which does not move this community's generation.
struct NetworkPages {
    /// Checkboxes: a box left unticked is not sent.
    struct SharingForm: Content { var catalogue: String?; var figures: String?; var evaluation: String?; var flows: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = NetworkEndpoints
        r.community(E.view, pageCache: false) { req, c in
            let network = try await NetworkQueries.load(req.context, c)
            let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
            // The parts read nothing of each other: on PostgreSQL each waits on its own pooled connection at once.
            async let overview = Self.overview(network, membersAfter: req.query[String.self, at: "members"],
                                               organisationsAfter: req.query[String.self, at: "organisations"])
            async let offers = network.offers(q: q, after: req.after)
            async let flows = network.busiestFlowMatrix()
            async let multipliers = network.multipliers()
            let page = NetworkViewPage(community: ViewedCommunity(c), overview: try await overview, q: q, offers: try await offers,
                                       flows: try await flows, multipliers: try await multipliers)
            return req.page(NetworkViews.networkPage(page, req.lang))
        }
        r.community(E.flows, pageCache: false) { req, c in
            let (from, to) = (req.query[String.self, at: "from"] ?? "", req.query[String.self, at: "to"] ?? "")
            let (names, flows) = try await NetworkQueries.load(req.context, c).flows(from: from, to: to, after: req.after)
            return req.page(NetworkViews.flowsPage(NetworkFlowsPage(community: ViewedCommunity(c), from: from, to: to, names: names, flows: flows),
                                                   req.lang))
        }
        r.community(E.share) { req, c in
            let f = (try? req.content.decode(SharingForm.self)) ?? SharingForm()
            let sharing = NetworkSharing(catalogue: f.catalogue != nil, figures: f.figures != nil, evaluation: f.evaluation != nil,
                                         flows: f.flows != nil)
            try await NetworkSharingService(req.context).update(c, sharing)
            return req.redirect(to: CommunityEndpoints.settings.path(c.community.slug), flash: .saved)
        }
    }

    /// What the page and the API show of a network (members and organisations from their cursors).
    /// Its reads go out together (see the page).
    static func overview(_ network: NetworkQueries, membersAfter: String?, organisationsAfter: String?) async throws -> NetworkOverview {
        async let organisations = network.organisations(after: organisationsAfter)
        async let evaluation = network.evaluation()
        async let figures = network.figures()
        async let remote = network.remoteMembers()
        return NetworkOverview(members: try network.namedMembers(after: membersAfter), organisations: try await organisations,
                               evaluation: try await evaluation, figures: try await figures, remoteMembers: try await remote)
    }
}
