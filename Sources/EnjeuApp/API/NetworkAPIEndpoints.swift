import Foundation
import EnjeuCore
import EnjeuWeb

/// A network's view and what communities share with their networks, under /api/v1: declared once, registered by
/// `NetworkAPI`, documented by `OpenAPIDocument`.
enum NetworkAPIEndpoints {
    typealias Op = APIOperation

    static let organisationsAfter = APIQuery(name: "organisationsAfter", schema: ["type": "string"],
                                             description: "Cursor from `organisationsNext`, passed unchanged")

    static let network = Op<String>(.GET, "/api/v1/communities/:slug/network", gate: .community(.seeInside), name: "api.community.network",
                                    "A network's view: its member communities (a page, `after` follows `membersNext`; a members-only member that shares nothing is named only to its own members), the organisations that are active members of it, its four-criteria evaluation (totals of the contributing members' totals, each published only when it rests on at least 3 of them) and its members' consensus estimates grouped by indicator name and unit",
                                    query: [.after, organisationsAfter], .ok(NetworkAPI.NetworkOut.self, "Network"))
    static let offers = Op<String>(.GET, "/api/v1/communities/:slug/network/offers", gate: .community(.seeInside), name: "api.community.network.offers",
                                   "One catalogue across the network: its own offers and those of the members that share their catalogue (or are public), newest first; `q` searches words and #tags; each offer names its community, never its owner",
                                   query: [.q], .ok(.page(NetworkOffer.self, "NetworkOffer", pageName: "NetworkOfferPage")))
    static let sharing = Op<String>(.PUT, "/api/v1/communities/:slug/sharing", gate: .community(.manageLinks), name: "api.community.sharing",
                                    "What this community shows to the networks it belongs to (stewards): catalogue, figures estimates, evaluation totals, flow totals; all four required; never its members' identities",
                                    body: .json(NetworkSharing.self), .ok(NetworkSharing.self))

    static let from = APIQuery(name: "from", schema: ["type": "string"], description: "A party of the network: `community:<slug>` or `org:<slug>`")
    static let to = APIQuery(name: "to", schema: ["type": "string"], description: "A party of the network: `community:<slug>` or `org:<slug>`")
    static let matrix = Op<String>(.GET, "/api/v1/communities/:slug/network/matrix", gate: .community(.seeInside), name: "api.community.network.matrix",
                                   "The flows between the network's parties (itself, the members that share their flows or are public, its organisations): party × party, the confirmed entries only, 10 rows (parties giving) a page with all their cells (`after` follows `next`); `names` gives each party's name; each cell's `events` lists its entries",
                                   query: [.after], .ok(NetworkAPI.MatrixPage.self, "NetworkFlowMatrix"))
    static let flows = Op<String>(.GET, "/api/v1/communities/:slug/network/flows", gate: .community(.seeInside), name: "api.community.network.flows",
                                  "The confirmed entries from one party of the network to another (`from`, `to`), newest first; 404 for a party the network does not show; never who recorded or confirmed them",
                                  query: [from, to], .ok(.page(NetworkFlow.self, "NetworkFlow", pageName: "NetworkFlowPage")))

    static let all: [APIDoc] = [network.doc, offers.doc, sharing.doc, matrix.doc, flows.doc]
}
