import Foundation
import EnjeuCore

// MARK: Rows the economy's queries decode (the JSON API and the exports read them too)

/// An offer of the catalogue, of an active member, with its community.
package struct EconomyOffer: Decodable, Sendable {
    package let id: UUID, communityId: UUID, ownerId: UUID, ownerHandle: String, ownerName: String, kind: String, title: String, description: String
    package let terms: String, tags: String, place: String, createdAt: Date, slug: String, communityName: String

    enum CodingKeys: String, CodingKey {
        case id, kind, title, description, terms, tags, place, slug
        case communityId = "community_id", ownerId = "owner_id", ownerHandle = "owner_handle", ownerName = "owner_name", createdAt = "created_at"
        case communityName = "community_name"
    }

    package init(id: UUID, communityId: UUID, ownerId: UUID, ownerHandle: String, ownerName: String, kind: String, title: String, description: String,
                 terms: String, tags: String, place: String, createdAt: Date, slug: String, communityName: String) {
        self.id = id; self.communityId = communityId; self.ownerId = ownerId; self.ownerHandle = ownerHandle; self.ownerName = ownerName
        self.kind = kind; self.title = title; self.description = description; self.terms = terms; self.tags = tags; self.place = place
        self.createdAt = createdAt; self.slug = slug; self.communityName = communityName
    }

    /// Tags are stored one a line.
    package var tagList: [String] { tags.split(separator: "\n").map(String.init) }
}

/// A referral of an offer to a beneficiary, with the offer it names and who referred it.
package struct EconomyReferral: Decodable, Sendable {
    package let id: UUID, offerId: UUID, offerTitle: String, offerKind: String, ownerId: UUID, ownerHandle: String, referrerHandle: String
    package let beneficiary: String, beneficiaryKey: String, note: String, state: ReferralStatus, flowId: UUID?, createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, beneficiary, note
        case state = "status"
        case offerId = "offer_id", offerTitle = "offer_title", offerKind = "offer_kind", ownerId = "owner_id", ownerHandle = "owner_handle"
        case referrerHandle = "referrer_handle", beneficiaryKey = "beneficiary_key", flowId = "flow_id", createdAt = "created_at"
    }

    package init(id: UUID, offerId: UUID, offerTitle: String, offerKind: String, ownerId: UUID, ownerHandle: String, referrerHandle: String,
                 beneficiary: String, beneficiaryKey: String, note: String, state: ReferralStatus, flowId: UUID?, createdAt: Date) {
        self.id = id; self.offerId = offerId; self.offerTitle = offerTitle; self.offerKind = offerKind; self.ownerId = ownerId
        self.ownerHandle = ownerHandle; self.referrerHandle = referrerHandle; self.beneficiary = beneficiary; self.beneficiaryKey = beneficiaryKey
        self.note = note; self.state = state; self.flowId = flowId; self.createdAt = createdAt
    }
}

/// An entry of the ledger, with who recorded it and who confirmed (or declined) it, as handles; the confirmer is
/// unknown (nil) for entries older than confirmation.
package struct EconomyFlow: Decodable, Sendable {
    package let id: UUID, fromKey: String, toKey: String, nature: String, measure: String, quantity: Double?, unit: String, description: String
    package let appreciation: Int?, date: String, note: String, offerId: UUID?, actionId: UUID?, referralId: UUID?, reversesId: UUID?
    /// 1 when a correction cancelled this entry.
    package let reversed: Int
    package let createdAt: Date
    package let state: FlowStatus, recordedBy: UUID?, recorder: String?, confirmer: String?, confirmedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, nature, measure, quantity, unit, description, appreciation, date, note, reversed, recorder, confirmer
        case state = "status"
        case fromKey = "from_key", toKey = "to_key", offerId = "offer_id", actionId = "action_id", referralId = "referral_id", reversesId = "reverses_id"
        case createdAt = "created_at", recordedBy = "recorded_by", confirmedAt = "confirmed_at"
    }

    package init(id: UUID, fromKey: String, toKey: String, nature: String, measure: String, quantity: Double?, unit: String, description: String,
                 appreciation: Int?, date: String, note: String, offerId: UUID? = nil, actionId: UUID? = nil, referralId: UUID? = nil,
                 reversesId: UUID? = nil, reversed: Int = 0, createdAt: Date, state: FlowStatus, recordedBy: UUID? = nil, recorder: String?,
                 confirmer: String?, confirmedAt: Date?) {
        self.id = id; self.fromKey = fromKey; self.toKey = toKey; self.nature = nature; self.measure = measure; self.quantity = quantity
        self.unit = unit; self.description = description; self.appreciation = appreciation; self.date = date; self.note = note
        self.offerId = offerId; self.actionId = actionId; self.referralId = referralId; self.reversesId = reversesId; self.reversed = reversed
        self.createdAt = createdAt; self.state = state; self.recordedBy = recordedBy; self.recorder = recorder; self.confirmer = confirmer
        self.confirmedAt = confirmedAt
    }

    package var from: Actor? { Actor(key: fromKey) }
    package var to: Actor? { Actor(key: toKey) }}

/// A member's responsibility in one layer of the pyramid. Encoded as is by the API (`display_name`).
package struct EconomyResponsibility: Codable, Sendable {
    package let id: UUID, handle: String, displayName: String, layer: String, role: String, what: String, amount: Double?, unit: String, share: Double?

    enum CodingKeys: String, CodingKey { case id, handle, layer, role, what, amount, unit, share, displayName = "display_name" }

    package init(id: UUID, handle: String, displayName: String, layer: String, role: String, what: String, amount: Double?, unit: String, share: Double?) {
        self.id = id; self.handle = handle; self.displayName = displayName; self.layer = layer; self.role = role; self.what = what
        self.amount = amount; self.unit = unit; self.share = share
    }
}

/// The seed's three multiplier effects, for a member or the whole community. Encoded as is by the API.
package struct EconomyMultipliers: Codable, Sendable {
    /// Offers of other members a member can propose to their public.
    package let diversity: Int
    /// Distinct members who referred their offers: the sales force they reach.
    package let salesForce: Int
    /// Beneficiaries who came for one offer and took up another.
    package let crossSolicitation: Int
    package let referralsCompleted: Int

    package init(diversity: Int, salesForce: Int, crossSolicitation: Int, referralsCompleted: Int) {
        self.diversity = diversity; self.salesForce = salesForce; self.crossSolicitation = crossSolicitation; self.referralsCompleted = referralsCompleted
    }
}

/// Actor × actor (`by: actor`) or nature × measure (`by: nature`) totals of the confirmed flows. Encoded as is by the API.
package struct EconomyMatrix: Codable, Sendable {
    /// `events`: the API list of the flows behind the cell.
    package struct Cell: Codable, Sendable {
        package let row: String, column: String, totals: [String: Double], qualitative: Int, flows: Int, events: String
        package init(row: String, column: String, totals: [String: Double], qualitative: Int, flows: Int, events: String) {
            self.row = row; self.column = column; self.totals = totals; self.qualitative = qualitative; self.flows = flows; self.events = events
        }
    }
    package let by: String
    package let rows: [String]
    package let columns: [String]
    package let cells: [Cell]
    /// Per unit, never adding € to hours.
    package let totals: [String: Double]
    package let qualitative: Int

    package init(by: String, rows: [String], columns: [String], cells: [Cell], totals: [String: Double], qualitative: Int) {
        self.by = by; self.rows = rows; self.columns = columns; self.cells = cells; self.totals = totals; self.qualitative = qualitative
    }
}

/// The responsibilities by layer, and the members whose capital and creation do not meet. Encoded as is by the API.
package struct EconomyPyramid: Codable, Sendable {
    package let layers: [String: [EconomyResponsibility]]
    package let capitalWithoutCreation: [String]
    package let creationWithoutCapital: [String]

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

/// The offers of every catalogue the reader may see, searched or newest first.
package struct EconomyEcosystemPage: Sendable {
    package let q: String?
    package let offers: KeysetPage<EconomyOffer>
    package init(q: String?, offers: KeysetPage<EconomyOffer>) { self.q = q; self.offers = offers }
}

/// A community's catalogue, the signed-in viewer's multiplier effects, and the form to publish an offer.
package struct EconomyCataloguePage: Sendable {
    package let place: CommunityPlace
    package let q: String?
    package let offers: KeysetPage<EconomyOffer>
    /// nil for an anonymous reader.
    package let multipliers: EconomyMultipliers?
    package let form: FormState

    package init(place: CommunityPlace, q: String?, offers: KeysetPage<EconomyOffer>, multipliers: EconomyMultipliers?, form: FormState) {
        self.place = place; self.q = q; self.offers = offers; self.multipliers = multipliers; self.form = form
    }
}

/// One offer, the referrals its reader may see, and the form to refer it.
package struct EconomyOfferPage: Sendable {
    package let place: CommunityPlace
    package let offer: EconomyOffer
    package let referrals: KeysetPage<EconomyReferral>
    /// The owner moves referrals on, and does not refer her own offer.
    package let viewerIsOwner: Bool
    package let form: FormState

    package init(place: CommunityPlace, offer: EconomyOffer, referrals: KeysetPage<EconomyReferral>, viewerIsOwner: Bool, form: FormState) {
        self.place = place; self.offer = offer; self.referrals = referrals; self.viewerIsOwner = viewerIsOwner; self.form = form
    }
}

/// The ledger: the flows awaiting the viewer's word, both matrices, a page of entries and the form to record one.
package struct EconomyFlowsPage: Sendable {
    package let place: CommunityPlace
    /// nil for a reader who may not contribute.
    package let awaiting: KeysetPage<EconomyFlow>?
    package let actorMatrix: EconomyMatrix
    package let natureMatrix: EconomyMatrix
    package let ledger: KeysetPage<EconomyFlow>
    package let form: FormState

    package init(place: CommunityPlace, awaiting: KeysetPage<EconomyFlow>?, actorMatrix: EconomyMatrix, natureMatrix: EconomyMatrix,
                 ledger: KeysetPage<EconomyFlow>, form: FormState) {
        self.place = place; self.awaiting = awaiting; self.actorMatrix = actorMatrix; self.natureMatrix = natureMatrix
        self.ledger = ledger; self.form = form
    }
}

/// The inverted pyramid of responsibilities and the form to record one.
package struct EconomyPyramidPage: Sendable {
    package let place: CommunityPlace
    package let pyramid: EconomyPyramid
    package let form: FormState

    package init(place: CommunityPlace, pyramid: EconomyPyramid, form: FormState) { self.place = place; self.pyramid = pyramid; self.form = form }
}
