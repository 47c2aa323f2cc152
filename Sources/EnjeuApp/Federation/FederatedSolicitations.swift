import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// « Nous sommes intéressé·es » across instances (issue 19): a community answers another instance's offer (an FEP-0837
/// `Proposal` it received) with an `Offer` of an `Agreement` whose `Commitment` `satisfies` the proposal's primary
/// `Intent`. The offer's instance keeps it as a solicitation beside the offer's others (`referrals`, its beneficiary the
/// soliciting community, `remote:<actor>`; `remote_offer` the activity's id), and its owner answers it as any: taken
/// up is an `Accept`, declined a `Reject`; completed, the flow it produced goes to that community to be confirmed
/// (`FederatedFlows`), so the entry stands in both ledgers once it is.
enum FederatedSolicitations {
    struct In: Content { let proposal: String?; let message: String? }
    struct Out: Content { let id: String; let proposal: String }

    /// The stewards (or who holds the links right) of a community that publishes solicit `proposal` (its address).
    static func solicit(_ c: CommunityContext, _ input: In, _ ctx: ServiceContext) async throws -> Out {
        let me = try c.requireViewer()
        let f = try ctx.federation()
        guard let community = try await FederatedCommunity.find(c.community.slug, ctx.db), community.federates else {
            throw AppError.rejected(FederationText.notFederating)
        }
        let message = (input.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.message, message, min: 3, max: 2_000)
        let address = (input.proposal ?? "").trimmingCharacters(in: .whitespaces)
        guard let url = URLParts(address) else { v.add(.proposal, address.isEmpty ? .required : .notAChoice); throw AppError.invalid(v) }
        guard v.isEmpty else { throw AppError.invalid(v) }
        // The proposal as its server says it now: its intent, and the actor it speaks for (of the same server).
        let doc: [String: Any], owner: RemoteActor
        do {
            doc = try await RemoteActors.getJSON(address, ctx)
            guard doc["type"] as? String == "Proposal", doc["id"] as? String == address,
                  let actor = Activity.iri(doc["attributedTo"]), URLParts(actor)?.origin == url.origin
            else { throw RemoteActors.Unreachable(description: "\(address) is not a proposal of its server") }
            owner = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        } catch { throw AppError.invalid(Violations(.proposal, .notAChoice)) }
        let intent = Activity.iri(doc["publishes"]) ?? address + "#primary"
        let actorIRI = f.communityIRI(community.slug)
        let offerID = actorIRI + "/solicitations/" + ctx.newID().uuidString.lowercased()
        try await ctx.write { db in
            try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: actorIRI, inbox: owner.inbox, activity: [
                "@context": [Federation.context, FederatedFlows.agreementContext], "id": offerID, "type": "Offer", "actor": actorIRI,
                "to": [owner.iri], "target": owner.iri, "inReplyTo": address, "content": message,
                "object": ["id": offerID + "#agreement", "type": "Agreement",
                           "stipulates": ["type": "Commitment", "satisfies": intent, "receiver": actorIRI] as [String: Any]] as [String: Any],
            ])
            try await AuditEvent.record(db, ctx, community: community.id, "federation.solicit", address, actor: me.id)
        }
        return Out(id: offerID, proposal: address)
    }

    // MARK: In

    /// An `Offer` of an `Agreement` that satisfies one of this instance's published offers: a solicitation of it, kept
    /// once; one for an offer not published (members-only, hidden, gone, unknown) is refused by the instance.
    static func received(_ a: [String: Any], agreement: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        let commitment = (agreement["stipulates"] as? [String: Any]) ?? (agreement["stipulates"] as? [[String: Any]])?.first
        guard let offerID = Activity.iri(a["id"]), URLParts(offerID)?.origin == URLParts(actor)?.origin,
              let satisfies = Activity.iri(commitment?["satisfies"]) else { return }
        // `/ap/communities/<slug>/offers/<ID>#primary`: the offer of one of this instance's communities.
        let prefix = f.iri("/ap/communities/")
        let parts = satisfies.hasPrefix(prefix) ? satisfies.dropFirst(prefix.count).split(separator: "#")[0].split(separator: "/") : []
        let offerUUID = parts.count == 3 && parts[1] == "offers" ? UUID(uuidString: String(parts[2])) : nil
        let offer = offerUUID == nil ? nil : try await PublishedOffer.find(offerUUID!, ctx.db)
        let community = parts.isEmpty ? nil : try await FederatedCommunity.find(String(parts[0]), ctx.db)
        let remote = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        let handle = remote.handle
        let name = remote.name.flatMap { $0.isEmpty ? nil : $0 }.map { "\($0) (@\(handle))" } ?? "@" + handle
        let message = String(PlainText.of(html: a["content"] as? String ?? "", limit: 2_000))
        let (id, now, app) = (ctx.newID(), ctx.now, ctx.app)
        try await ctx.write { db in
            guard let community, community.federates, let offer, offer.communityID == community.id, !offer.gone else {
                try await Delivery.enqueue(db, ctx, owner: "instance", actorIRI: f.instanceIRI, inbox: remote.inbox, activity: [
                    "@context": Federation.context, "id": f.instanceIRI + "/rejects/" + ctx.newID().uuidString.lowercased(),
                    "type": "Reject", "actor": f.instanceIRI, "to": [actor], "object": offerID,
                ])
                return
            }
            try await RemoteReplies.ensureAccount(db, now: now)
            struct Kept: Decodable { let id: UUID }
            let kept = try await db.rows("""
                INSERT INTO referrals (id, community_id, offer_id, referrer_id, beneficiary, beneficiary_key, note, status, created_at, updated_at,
                  kind, remote_offer)
                VALUES (\(bind: id), \(bind: community.id), \(bind: offer.id), \(bind: RemoteReplies.account), \(bind: name),
                  \(bind: Actor.remote(actor).key), \(bind: message.isEmpty ? "—" : message), \(bind: ReferralStatus.proposed.rawValue),
                  \(bind: now), \(bind: now), \(bind: ReferralKind.solicitation.rawValue), \(bind: offerID))
                ON CONFLICT DO NOTHING RETURNING id
                """, as: Kept.self)
            guard !kept.isEmpty else { return }
            struct Owner: Decodable { let owner_id: UUID }
            if let owner = try await db.row("SELECT owner_id FROM offers WHERE id = \(bind: offer.id)", as: Owner.self) {
                try await Notify.users(db, app: app, [owner.owner_id], community: community.id, kind: .request, actor: handle, actorID: nil,
                                       subject: offer.title, link: EconomyEndpoints.offer.path(community.slug, offer.id), now: now)
            }
        }
    }

    /// In the transaction where the offer's owner moved a solicitation from another instance on: taken up or declined,
    /// its community hears it (completed, the flow's own `Offer` goes instead).
    static func answered(_ db: any Database, _ ctx: ServiceContext, referral id: UUID, status: ReferralStatus, home: CommunityContext) async throws {
        guard status == .takenUp || status == .declined else { return }
        struct Row: Decodable { let beneficiary_key: String, remote_offer: String? }
        guard let row = try await db.row("SELECT beneficiary_key, remote_offer FROM referrals WHERE id = \(bind: id)", as: Row.self),
              let offerID = row.remote_offer, case let .remote(actor)? = Actor(key: row.beneficiary_key),
              let remote = try await RemoteActors.kept(iri: actor, db),
              let community = try await FederatedCommunity.find(id: home.id, db) else { return }
        let me = try ctx.federation().communityIRI(community.slug)
        let type = status == .takenUp ? "Accept" : "Reject"
        try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: me, inbox: remote.inbox, activity: [
            "@context": Federation.context, "id": me + "/" + type.lowercased() + "s/" + ctx.newID().uuidString.lowercased(),
            "type": type, "actor": me, "to": [actor], "object": offerID,
        ])
    }
}

/// `referrals.remote_offer`: a solicitation from another instance's community is named by its `Offer`'s id (unique: kept
/// once). One live solicitation per person and offer becomes one per person, beneficiary and offer: every remote
/// community solicits through the one « fédivers » account, each under its own beneficiary.
struct M054RemoteSolicitations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "referrals", .text(optional: "remote_offer"))
        try await db.createIndex("referrals_by_remote_offer", on: "referrals", ["remote_offer"], unique: true)
        try await sql(db).raw("DROP INDEX referrals_one_live_solicitation").run()
        try await sql(db).raw("""
            CREATE UNIQUE INDEX referrals_one_live_solicitation ON referrals (offer_id, referrer_id, beneficiary_key)
            WHERE kind = 'solicitation' AND status IN ('proposed', 'taken-up')
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX referrals_one_live_solicitation").run()
        try await sql(db).raw("""
            CREATE UNIQUE INDEX referrals_one_live_solicitation ON referrals (offer_id, referrer_id)
            WHERE kind = 'solicitation' AND status IN ('proposed', 'taken-up')
            """).run()
        try await sql(db).raw("DROP INDEX referrals_by_remote_offer").run()
        try await CommunityGenerations.dropTriggers(on: sql(db))
        try await db.dropColumns(from: "referrals", "remote_offer")
        try await CommunityGenerations.refresh(on: sql(db))
    }
}
