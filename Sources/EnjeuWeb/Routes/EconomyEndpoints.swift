import Foundation
import EnjeuCore

/// The economy's pages: the catalogues and referrals, the ledger of flows with its matrices and confirmations, the
/// pyramid, and the exports a signed-in member downloads with her session (the same files are under `/api/v1`).
package enum EconomyEndpoints {
    // The catalogues.
    package static let ecosystem = Endpoint< >(.GET, "/catalogue", gate: .anyone, name: "economy.ecosystem")
    package static let catalogue = Endpoint<String>(.GET, "/communities/:slug/economy", gate: .community(.seeInside), name: "economy.catalogue")
    package static let publish = Endpoint<String>(.POST, "/communities/:slug/economy/offers", gate: .community(.contribute), name: "economy.offers.create")
    package static let offer = Endpoint<String, UUID>(.GET, "/communities/:slug/economy/offers/:id", gate: .community(.seeInside), name: "economy.offer")
    package static let refer = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/offers/:id/referrals", gate: .community(.contribute),
                                                      name: "economy.offer.refer")
    package static let referralStatus = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/referrals/:id/status", gate: .community(.contribute),
                                                               name: "economy.referral.status")

    // The ledger.
    package static let flows = Endpoint<String>(.GET, "/communities/:slug/economy/flows", gate: .community(.seeInside), name: "economy.flows")
    package static let record = Endpoint<String>(.POST, "/communities/:slug/economy/flows", gate: .community(.contribute), name: "economy.flows.create")
    package static let confirm = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/flows/:id/confirm", gate: .community(.contribute),
                                                        name: "economy.flow.confirm")
    package static let decline = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/flows/:id/decline", gate: .community(.contribute),
                                                        name: "economy.flow.decline")

    // The inverted pyramid.
    package static let pyramid = Endpoint<String>(.GET, "/communities/:slug/economy/pyramid", gate: .community(.seeInside), name: "economy.pyramid")
    package static let addResponsibility = Endpoint<String>(.POST, "/communities/:slug/economy/pyramid", gate: .community(.contribute),
                                                            name: "economy.pyramid.create")

    // Exports under the pages (flows need a signed-in reader, which the handler checks).
    package static let flowsCSV = Endpoint<String>(.GET, "/communities/:slug/economy/flows.csv", gate: .community(.seeInside), name: "economy.flows.csv")
    package static let flowsJSONLD = Endpoint<String>(.GET, "/communities/:slug/economy/flows.jsonld", gate: .community(.seeInside),
                                                      name: "economy.flows.jsonld")
    package static let offersCSV = Endpoint<String>(.GET, "/communities/:slug/economy/offers.csv", gate: .community(.seeInside), name: "economy.offers.csv")
}
