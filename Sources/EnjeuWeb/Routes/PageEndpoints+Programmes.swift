import Foundation
import EnjeuCore

/// Programmes of shared figures (Programmes/ in EnjeuApp): the list, the new-programme form, the home, its figures pages.
package enum ProgrammeEndpoints {
    /// The programmes the reader can see (public ones and those they take part in); `?after=` pages.
    package static let list = Endpoint< >(.GET, "/programmes", gate: .anyone, name: "programme.list")
    /// The form to create a programme (the same service as `POST /api/v1/programmes`).
    package static let newProgramme = Endpoint< >(.GET, "/programmes/new", gate: .signedIn, name: "programme.new")
    package static let create = Endpoint< >(.POST, "/programmes", gate: .signedIn, name: "programme.create")
    /// Its card for everyone, its communities and indicators inside; `?part=indicators|requests|merges` with `?after=`
    /// pages that one list.
    package static let home = Endpoint<String>(.GET, "/programmes/:slug", gate: .community(.seeCard), name: "programme.home")
    /// The DCAT catalogue (JSON-LD) of the instance's published datasets, for open-data portals.
    package static let catalog = Endpoint< >(.GET, "/catalog.jsonld", gate: .anyone, name: "programme.catalog")
    /// Ask to join: for oneself (`message`), or for a community one stewards (`target`, its slug).
    package static let join = Endpoint<String>(.POST, "/programmes/:slug/join", gate: .community(.seeCard), name: "programme.join")
    /// Accept the programme's charter (a person approved, or an active member of a joined community).
    package static let acceptCharter = Endpoint<String>(.POST, "/programmes/:slug/charter/accept", gate: .community(.seeCard),
                                                        name: "programme.charter.accept")
    /// A steward answers a person's, an organisation's or a community's request (the list is on the home).
    package static let approve = Endpoint<String, UUID>(.POST, "/programmes/:slug/requests/:id/approve", gate: .community(.approveMembers),
                                                        name: "programme.request.approve")
    package static let decline = Endpoint<String, UUID>(.POST, "/programmes/:slug/requests/:id/decline", gate: .community(.approveMembers),
                                                        name: "programme.request.decline")
    /// A steward accepts a community's merge (the list is on the home).
    package static let acceptMerge = Endpoint<String, UUID>(.POST, "/programmes/:slug/merges/:id/accept", gate: .community(.steward),
                                                            name: "programme.merge.accept")
    /// A programme indicator: one estimate from everyone and where it comes from; locked (402 when short) until paid.
    package static let indicator = Endpoint<String, UUID>(.GET, "/programmes/:slug/figures/:id", gate: .community(.contribute),
                                                           name: "programme.indicator")
    package static let contribute = Endpoint<String, UUID>(.POST, "/programmes/:slug/figures/:id/contribute", gate: .community(.contribute),
                                                            name: "programme.indicator.contribute")
    /// Pays for one indicator (a GET never spends).
    package static let read = Endpoint<String, UUID>(.POST, "/programmes/:slug/figures/:id/read", gate: .community(.contribute),
                                                     name: "programme.indicator.read")
    /// A new indicator in the programme: the community's form and service (`POST /api/v1/programmes/{slug}/indicators`).
    package static let newIndicator = Endpoint<String>(.GET, "/programmes/:slug/figures/new", gate: .community(.contribute),
                                                       name: "programme.indicator.new")
    package static let createIndicator = Endpoint<String>(.POST, "/programmes/:slug/figures", gate: .community(.contribute),
                                                          name: "programme.indicator.create")
    /// The participant's credits in the programme and where each came from; `?after=` pages.
    package static let credits = Endpoint<String>(.GET, "/programmes/:slug/figures/credits", gate: .community(.contribute),
                                                  name: "programme.credits")
    /// Its give-to-get rules, for its stewards (the community's form; `PUT /api/v1/programmes/{slug}/figures/rules`).
    package static let rules = Endpoint<String>(.GET, "/programmes/:slug/figures/rules", gate: .community(.steward), name: "programme.rules")
    package static let saveRules = Endpoint<String>(.POST, "/programmes/:slug/figures/rules", gate: .community(.steward),
                                                    name: "programme.rules.save")
}

/// A trade's or sector's page across programmes (Programmes/TradePages.swift): the tag is free text, so links
/// percent-encode it (`PathText`) and the app decodes it.
package enum TradeEndpoints {
    package static let trade = Endpoint<PathText>(.GET, "/figures/trades/:tag", gate: .anyone, name: "trade.page")
    /// Ask for an indicator of this trade (the form on its page).
    package static let ask = Endpoint<PathText>(.POST, "/figures/trades/:tag/requests", gate: .signedIn, name: "trade.request")
    /// Support a request (once per person); back to its trade's page.
    package static let support = Endpoint<UUID>(.POST, "/figures/indicator-requests/:id/support", gate: .signedIn, name: "trade.request.support")

    /// The page of one trade tag.
    package static func page(_ tag: String) -> String { trade.path(PathText(tag)) }
}
