import Foundation
import EnjeuCore
import EnjeuWeb

/// Offers, referrals, the ledger of flows and the pyramid under /api/v1, declared once (see `CommunityAPIEndpoints`).
enum EconomyAPIEndpoints {
    typealias API = EconomyAPI
    typealias Op = APIOperation
    static let offer = APISchema(API.OfferOut.self, "Offer")
    static let flow = APISchema(API.FlowOut.self, "Flow")
    static let created = APIResponse.created(API.Created.self)
    static let decision = APIResponse.ok(API.DecisionOut.self, "FlowDecision")

    static let ecosystemOffers = Op< >(.GET, "/api/v1/offers", gate: .anyone, name: "api.economy.ecosystem-offers",
                                       "Ecosystem catalogue: public catalogues and those of my communities (?q= full text, ?kind=)",
                                       .ok(.page(API.OfferOut.self, "Offer")))
    static let offers = Op<String>(.GET, "/api/v1/communities/:slug/offers", gate: .community(.seeInside), name: "api.economy.offers",
                                   "The community's catalogue (?q= ranked full text, accents ignored; ?kind=)", .ok(.page(API.OfferOut.self, "Offer")))
    static let publish = Op<String>(.POST, "/api/v1/communities/:slug/offers", gate: .community(.contribute), name: "api.economy.offer.publish",
                                    "Publish an offer", body: .json(EconomyService.OfferIn.self, "NewOffer"), APIResponse(status: 201, schema: offer))
    static let referrals = Op<String, UUID>(.GET, "/api/v1/communities/:slug/offers/:id/referrals", gate: .community(.seeInside),
                                            name: "api.economy.offer.referrals",
                                            "An offer's referrals the caller may see (owner, stewards: all; others: their own), newest first",
                                            .ok(.page(API.ReferralOut.self, "Referral")))
    /// Open to the card: a member of another community of the same network refers too (the service asks who may).
    static let refer = Op<String, UUID>(.POST, "/api/v1/communities/:slug/offers/:id/referrals", gate: .community(.seeCard),
                                        name: "api.economy.offer.refer",
                                        "Refer another member's offer to a beneficiary: a contributor of the community, or a member of another "
                                            + "community of a network this one gives its catalogue to",
                                        body: .json(EconomyService.ReferralIn.self, "NewReferral"), created)
    static let solicit = Op<UUID>(.POST, "/api/v1/offers/:id/solicitations", gate: .signedIn, name: "api.economy.offer.solicit",
                                  "« Je suis intéressé·e »: ask an offer's owner for it (for yourself, or an organisation you represent: "
                                      + "{\"organisation\":\"<slug>\"}); kept beside the referrals and answered the same way; one live per person and offer (409)",
                                  body: .json(Solicitations.SolicitationIn.self, "NewSolicitation"), created)
    static let referralStatus = Op<String, UUID>(.POST, "/api/v1/communities/:slug/referrals/:id/status", gate: .community(.contribute),
                                                 name: "api.economy.referral.status",
                                                 "The offer's owner moves a referral (taken-up, completed, declined); completion records a flow",
                                                 body: .json(EconomyService.StatusIn.self, "ReferralStatus"), .ok(API.ReferralOut.self, "Referral"))
    static let multipliers = Op<String>(.GET, "/api/v1/communities/:slug/multipliers", gate: .community(.seeInside), name: "api.economy.multipliers",
                                        "The three multiplier effects, for the community or a member (?member=handle)",
                                        .ok(EconomyQueries.Multipliers.self, "Multipliers"))
    static let flows = Op<String>(.GET, "/api/v1/communities/:slug/flows", gate: .community(.seeInside), name: "api.economy.flows",
                                  "The ledger of wealth flows, newest first (?from=&to=&nature=&measure=&since=&until=&status=pending|confirmed|declined); "
                                      + "only confirmed flows count", .ok(.page(API.FlowOut.self, "Flow")))
    static let record = Op<String>(.POST, "/api/v1/communities/:slug/flows", gate: .community(.contribute), name: "api.economy.flow.record",
                                   "Record a flow: status pending when it names anyone but the recorder (a member, or the community for a "
                                       + "non-steward), until that party or a steward confirms; confirmed at once between the recorder and an outside party. "
                                       + "`from`/`to` may name another community (community:<slug>) or a member organisation (org:<slug>): the recorder "
                                       + "speaks for one side, the other side confirms; the entry then shows in both communities' ledgers",
                                   body: .json(EconomyService.FlowIn.self, "NewFlow"), APIResponse(status: 201, schema: flow))
    static let pending = Op<String>(.GET, "/api/v1/communities/:slug/flows/pending", gate: .community(.contribute), name: "api.economy.flows.pending",
                                    "Pending flows the caller may confirm or decline (naming them; for stewards, all they did not record)",
                                    .ok(.page(API.FlowOut.self, "Flow")))
    /// Open to the card: a representative of an organisation decides what awaits it without being a member; the
    /// service asks a contributor's standing for flows inside the community.
    static let confirm = Op<String, UUID>(.POST, "/api/v1/communities/:slug/flows/:id/confirm", gate: .community(.seeCard),
                                          name: "api.economy.flow.confirm",
                                          "A party the flow names, or a steward (never its recorder), confirms a pending flow: {\"status\":\"confirmed\"}; "
                                              + "a flow naming another community or an organisation is confirmed by that side (a steward of the other "
                                              + "community, from either ledger; a representative of the organisation); 403 otherwise, 409 if not pending",
                                          decision)
    static let decline = Op<String, UUID>(.POST, "/api/v1/communities/:slug/flows/:id/decline", gate: .community(.seeCard),
                                          name: "api.economy.flow.decline",
                                          "A party the flow names, or a steward (never its recorder), declines a pending flow: {\"status\":\"declined\"}",
                                          decision)
    static let reverse = Op<String, UUID>(.POST, "/api/v1/communities/:slug/flows/:id/reverse", gate: .community(.contribute),
                                          name: "api.economy.flow.reverse",
                                          "Correct a confirmed flow by a new entry that cancels it (its recorder, a party it names or a steward; 403 otherwise)",
                                          body: .json(API.ReverseIn.self), created)
    static let importFlows = Op<String>(.POST, "/api/v1/communities/:slug/flows/import", gate: .community(.contribute), name: "api.economy.flows.import",
                                        "Import flows from CSV (text/csv body, read as it streams after authentication): a header naming from, to, nature, "
                                            + "measure, date and optionally quantity, unit, description, appreciation, note in any order (flows.csv's own "
                                            + "columns accepted); at most 200,000 rows, 32 MiB, 10,000 bytes a cell; all rows or none, every faulty row "
                                            + "counted and the first 200 named",
                                        body: csvImport, .created(API.Imported.self))
    static let matrix = Op<String>(.GET, "/api/v1/communities/:slug/flows/matrix", gate: .community(.seeInside), name: "api.economy.flows.matrix",
                                   "Matrix by=actor|nature for a period (?from=&to= dates), totals per unit", .ok(EconomyQueries.Matrix.self, "Matrix"))
    static let pyramid = Op<String>(.GET, "/api/v1/communities/:slug/pyramid", gate: .community(.seeInside), name: "api.economy.pyramid",
                                    "The inverted pyramid of responsibilities, and where responsibility and capital do not meet",
                                    .ok(API.PyramidOut.self, "Pyramid"))
    static let addResponsibility = Op<String>(.POST, "/api/v1/communities/:slug/pyramid", gate: .community(.contribute),
                                              name: "api.economy.pyramid.add", "Record a responsibility (one's own; stewards anyone's)",
                                              body: .json(EconomyService.ResponsibilityIn.self, "NewResponsibility"), created)
    static let flowsJSONLD = Op<String>(.GET, "/api/v1/communities/:slug/flows.jsonld", gate: .community(.seeInside), name: "api.economy.flows.jsonld",
                                        "Every flow as ValueFlows 1.0 JSON-LD EconomicEvents (streamed; sign-in required, public communities too)",
                                        token: true, .okUndescribed)
    static let flowsCSV = Op<String>(.GET, "/api/v1/communities/:slug/flows.csv", gate: .community(.seeInside), name: "api.economy.flows.csv",
                                     "Every flow as CSV: id,from,to,nature,measure,quantity,unit,description,appreciation,date,note,reverses,status,"
                                         + "recorded_by,recorded_at,confirmed_by,confirmed_at (streamed; sign-in required)", token: true, .okUndescribed)
    static let offersCSV = Op<String>(.GET, "/api/v1/communities/:slug/offers.csv", gate: .community(.seeInside), name: "api.economy.offers.csv",
                                      "The catalogue as CSV (streamed)", .okUndescribed)
    static let flowsJSON = Op<String>(.GET, "/api/v1/communities/:slug/flows.json", gate: .community(.seeInside), name: "api.economy.flows.json",
                                      "Every flow as a JSON array of Flow (streamed; sign-in required, public communities too)", token: true, .okUndescribed)
    static let offersJSON = Op<String>(.GET, "/api/v1/communities/:slug/offers.json", gate: .community(.seeInside), name: "api.economy.offers.json",
                                       "The whole catalogue as JSON (streamed)", .okUndescribed)

    /// The CSV import's body: read as it arrives, within `FlowImport.Limits`.
    static var csvImport: APIBody {
        let limits = FlowImport.Limits()
        let cells = 2 * (FlowImport.required.count + FlowImport.optional.count + FlowImport.exportOnly.count)
        return .raw(mediaType: "text/csv",
                    description: "CSV in UTF-8, read as it arrives: at most \(limits.maxBytes) bytes (413 beyond), \(limits.maxRows) rows of flows, "
                        + "\(limits.maxCellBytes) bytes in a cell and \(cells) cells in a row (422 beyond, nothing imported)",
                    maxBytes: limits.maxBytes,
                    extensions: ["x-max-rows": .int(limits.maxRows), "x-max-cell-bytes": .int(limits.maxCellBytes), "x-max-cells-per-row": .int(cells)])
    }

    static let all: [APIDoc] = [
        ecosystemOffers.doc, offers.doc, publish.doc, referrals.doc, refer.doc, solicit.doc, referralStatus.doc, multipliers.doc, flows.doc, record.doc,
        pending.doc, confirm.doc, decline.doc, reverse.doc, importFlows.doc, matrix.doc, pyramid.doc, addResponsibility.doc,
        flowsJSONLD.doc, flowsCSV.doc, offersCSV.doc, flowsJSON.doc, offersJSON.doc,
    ]
}
