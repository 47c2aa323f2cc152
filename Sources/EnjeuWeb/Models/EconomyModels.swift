import Foundation
import EnjeuCore

// MARK: Rows the economy's queries decode (the JSON API and the exports read them too)

/// An offer of the catalogue, of an active member, with its community.
package struct EconomyOffer: Decodable, Sendable {
    package let id: UUID, communityId: UUID, ownerId: UUID, ownerHandle: String, ownerName: String, kind: String, title: String, description: String
    package let terms: String, tags: String, place: String, createdAt: Date, slug: String, communityName: String
    /// An organisation's offer: its representative (`ownerHandle`) answers for it.
    package var organisationSlug: String? = nil, organisationName: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, title, description, terms, tags, place, slug
        case communityId = "community_id", ownerId = "owner_id", ownerHandle = "owner_handle", ownerName = "owner_name", createdAt = "created_at"
        case communityName = "community_name", organisationSlug = "organisation_slug", organisationName = "organisation_name"
    }

    /// Tags are stored one a line.
    package var tagList: [String] { tags.split(separator: "\n").map(String.init) }
}

/// A referral of an offer to a beneficiary, with the offer it names and who referred it.
package struct EconomyReferral: Decodable, Sendable {
    package let id: UUID, offerId: UUID, offerTitle: String, offerKind: String, ownerId: UUID, ownerHandle: String, referrerHandle: String
    package let beneficiary: String, beneficiaryKey: String, note: String, state: ReferralStatus, flowId: UUID?, createdAt: Date
    /// A solicitation is the referrer's own interest (`referrerHandle` asks), perhaps for an organisation she represents.
    package var kind: ReferralKind = .referral, organisation: String? = nil
    /// The organisation whose offer it is, if any (slug).
    package var offerOrganisation: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, beneficiary, note, kind
        case organisation = "organisation_name", offerOrganisation = "offer_organisation"
        case state = "status"
        case offerId = "offer_id", offerTitle = "offer_title", offerKind = "offer_kind", ownerId = "owner_id", ownerHandle = "owner_handle"
        case referrerHandle = "referrer_handle", beneficiaryKey = "beneficiary_key", flowId = "flow_id", createdAt = "created_at"
    }
}

/// An entry of the ledger, with who recorded it and who confirmed (or declined) it, as handles; the confirmer is
/// unknown (nil) for entries older than confirmation.
package struct EconomyFlow: Decodable, Sendable {
    package let id: UUID, fromKey: String, toKey: String, nature: String, measure: String, quantity: Double?, unit: String, description: String
    package let appreciation: Int?, date: String, note: String, offerId: UUID?, actionId: UUID?, referralId: UUID?, reversesId: UUID?
    /// 1 when a correction cancelled this entry.
    package let reversed: Int, createdAt: Date
    package let state: FlowStatus, recordedBy: UUID?, recorder: String?, confirmer: String?, confirmedAt: Date?
    /// Between parties (`PartyFlows`): the community whose ledger holds the entry, the other community it names, each
    /// side's party, and while pending the side awaited (as the reader's ledger names it).
    package var homeId: UUID? = nil, counterpartId: UUID? = nil, fromParty: String? = nil, toParty: String? = nil, awaitingKey: String? = nil
    /// An event another instance recorded first and offered here (`FederatedFlows`): its IRI there, which names it in both ledgers.
    package var iri: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, nature, measure, quantity, unit, description, appreciation, date, note, reversed, recorder, confirmer
        case state = "status"
        case fromKey = "from_key", toKey = "to_key", offerId = "offer_id", actionId = "action_id", referralId = "referral_id", reversesId = "reverses_id"
        case createdAt = "created_at", recordedBy = "recorded_by", confirmedAt = "confirmed_at"
        case homeId = "community_id", counterpartId = "counterpart_id", fromParty = "from_party", toParty = "to_party", awaitingKey = "awaiting_key", iri
    }

    package var from: Actor? { Actor(key: fromKey) }
    package var to: Actor? { Actor(key: toKey) }
}

/// A member's responsibility in one layer of the pyramid. Encoded as is by the API (`display_name`).
package struct EconomyResponsibility: Codable, Sendable {
    package let id: UUID, handle: String, displayName: String, layer: String, role: String, what: String, amount: Double?, unit: String, share: Double?
    /// A line an organisation holds; `handle` is the representative who recorded it.
    package var organisation: String? = nil, organisationName: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, handle, layer, role, what, amount, unit, share, displayName = "display_name"
        case organisation = "organisation_slug", organisationName = "organisation_name"
    }
}

/// The seed's three multiplier effects, for a member or the whole community. Encoded as is by the API. `diversity`:
/// offers of other members a member can propose to their public; `salesForce`: distinct members who referred their
/// offers, the sales force they reach; `crossSolicitation`: beneficiaries who came for one offer and took up another.
package struct EconomyMultipliers: Codable, Sendable {
    package let diversity: Int, salesForce: Int, crossSolicitation: Int, referralsCompleted: Int

    package init(diversity: Int, salesForce: Int, crossSolicitation: Int, referralsCompleted: Int) {
        self.diversity = diversity; self.salesForce = salesForce; self.crossSolicitation = crossSolicitation; self.referralsCompleted = referralsCompleted
    }
}

/// Actor × actor (`by: actor`) or nature × measure (`by: nature`) totals of the confirmed flows, `totals` per unit
/// (never adding € to hours). Encoded as is by the API.
package struct EconomyMatrix: Codable, Sendable {
    /// `events`: the API list of the flows behind the cell.
    package struct Cell: Codable, Sendable {
        package let row: String, column: String, totals: [String: Double], qualitative: Int, flows: Int, events: String
        package init(row: String, column: String, totals: [String: Double], qualitative: Int, flows: Int, events: String) {
            self.row = row; self.column = column; self.totals = totals; self.qualitative = qualitative; self.flows = flows; self.events = events
        }
    }
    package let by: String, rows: [String], columns: [String], cells: [Cell], totals: [String: Double], qualitative: Int
    /// The flows of the largest cell of the whole matrix, when `cells` holds only part of it (a page's heatmap); not in the API.
    package var largest: Int? = nil

    private enum CodingKeys: String, CodingKey { case by, rows, columns, cells, totals, qualitative }

    package init(by: String, rows: [String], columns: [String], cells: [Cell], totals: [String: Double], qualitative: Int, largest: Int? = nil) {
        self.by = by; self.rows = rows; self.columns = columns; self.cells = cells; self.totals = totals; self.qualitative = qualitative
        self.largest = largest
    }
}

/// The responsibilities by layer, and the members whose capital and creation do not meet. Encoded as is by the API.
package struct EconomyPyramid: Codable, Sendable {
    package let layers: [String: [EconomyResponsibility]], capitalWithoutCreation: [String], creationWithoutCapital: [String]

    package init(_ rows: [EconomyResponsibility]) {
        let byLayer = Dictionary(grouping: rows, by: \.layer)
        let creators = Set((byLayer[PyramidLayer.creation.rawValue] ?? []).map(\.handle))
        let capital = Set((byLayer[PyramidLayer.capital.rawValue] ?? []).map(\.handle))
        layers = byLayer
        capitalWithoutCreation = capital.subtracting(creators).sorted()
        creationWithoutCapital = creators.subtracting(capital).sorted()
    }
}

// MARK: Pages

/// The offers of every catalogue the reader may see, newest first, searched or filtered (the filters carry on to the
/// next page).
package struct EconomyEcosystemPage: Sendable {
    package let q: String?, page: KeysetPage<EconomyOffer>, kind: String?, tag: String?, community: String?

    package init(q: String?, page: KeysetPage<EconomyOffer>, kind: String? = nil, tag: String? = nil, community: String? = nil) {
        self.q = q; self.page = page; self.kind = kind; self.tag = tag; self.community = community
    }
}

/// A community's catalogue, the signed-in viewer's multiplier effects (nil for an anonymous reader), and the form to
/// publish an offer.
package struct EconomyCataloguePage: Sendable {
    package let place: CommunityPlace, q: String?, offers: KeysetPage<EconomyOffer>, multipliers: EconomyMultipliers?, form: FormState
    /// The filters, carried on to the next page.
    package let kind: String?, tag: String?

    package init(place: CommunityPlace, q: String?, offers: KeysetPage<EconomyOffer>, multipliers: EconomyMultipliers?, form: FormState,
                 kind: String? = nil, tag: String? = nil) {
        self.place = place; self.q = q; self.offers = offers; self.multipliers = multipliers; self.form = form; self.kind = kind; self.tag = tag
    }
}

/// One offer, the referrals its reader may see, and the form to refer it; its owner (`viewerIsOwner`) moves referrals
/// on, and does not refer her own offer.
package struct EconomyOfferPage: Sendable {
    package let place: CommunityPlace, offer: EconomyOffer, referrals: KeysetPage<EconomyReferral>, viewerIsOwner: Bool, form: FormState
    /// The organisations the signed-in viewer represents, for whom she may also say « je suis intéressé·e ».
    package let organisations: [RepresentedOrganisation]
    /// A contributor, or a member of another community of a network this one gives its catalogue to.
    package let canRefer: Bool

    package init(place: CommunityPlace, offer: EconomyOffer, referrals: KeysetPage<EconomyReferral>, viewerIsOwner: Bool, form: FormState,
                 organisations: [RepresentedOrganisation] = [], canRefer: Bool? = nil) {
        self.place = place; self.offer = offer; self.referrals = referrals; self.viewerIsOwner = viewerIsOwner; self.form = form
        self.organisations = organisations; self.canRefer = canRefer ?? place.canContribute
    }
}

/// The ledger: the flows awaiting the viewer's word (nil for a reader who may not contribute), both matrices, a page of
/// entries and the form to record one.
package struct EconomyFlowsPage: Sendable {
    package let place: CommunityPlace, awaiting: KeysetPage<EconomyFlow>?, actorMatrix: EconomyMatrix, natureMatrix: EconomyMatrix
    package let ledger: KeysetPage<EconomyFlow>, form: FormState

    package init(place: CommunityPlace, awaiting: KeysetPage<EconomyFlow>?, actorMatrix: EconomyMatrix, natureMatrix: EconomyMatrix,
                 ledger: KeysetPage<EconomyFlow>, form: FormState) {
        self.place = place; self.awaiting = awaiting; self.actorMatrix = actorMatrix; self.natureMatrix = natureMatrix
        self.ledger = ledger; self.form = form
    }
}

/// The inverted pyramid of responsibilities and the form to record one.
package struct EconomyPyramidPage: Sendable {
    package let place: CommunityPlace, pyramid: EconomyPyramid, form: FormState
    /// The community's roles and who holds them (issue 18), beside the responsibilities.
    package var roles: [GovernanceRoleItem] = []
    package init(place: CommunityPlace, pyramid: EconomyPyramid, form: FormState, roles: [GovernanceRoleItem] = []) {
        self.place = place; self.pyramid = pyramid; self.form = form; self.roles = roles
    }
}
