import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Flows with a community of another instance (issue 19): recorded on one side, naming the other community by
/// `@slug@server` (`Actor.remote`), the entry waits for it as for any other party; an `Offer` of a ValueFlows
/// `Agreement` that the event realizes goes to that community's inbox, and its answer (`Accept` or `Reject`) decides
/// the entry. The other instance keeps a copy in its community's ledger under the same IRI (`flows.iri`, the home's
/// `/ap/flows/<id>`), awaiting its stewards, whose decision goes back as the answer: one `EconomicEvent`, two ledgers.
/// `flows.remote_offer` is the `Offer`'s id on both sides (unique: the same offer twice is kept once).
enum FederatedFlows {
    /// The draft with its remote side found (WebFinger, then the actor fetched and kept), or the draft unchanged when
    /// it names no other instance. Outside any transaction: it waits on another server. Bad input names its field.
    static func resolve(_ v: FlowDraft.Valid, home: CommunityContext, _ ctx: ServiceContext) async throws -> (FlowDraft.Valid, RemoteActor?) {
        func named(_ a: Actor) -> String? { if case let .remote(n) = a { n } else { nil } }
        let sides = [(InputField.from, v.from), (.to, v.to)].compactMap { side in named(side.1).map { (side.0, $0) } }
        guard let (field, name) = sides.first else { return (v, nil) }
        if sides.count > 1 { throw AppError.invalid(Violations(.to, .notAChoice)) }
        guard Federation(ctx.config) != nil else { throw AppError.rejected(FederationText.federationOff) }
        guard let community = try await FederatedCommunity.find(home.community.slug, ctx.db), community.federates else {
            throw AppError.rejected(FederationText.notFederating)
        }
        let remote: RemoteActor
        do {
            let iri = try await FederatedFollows.resolve(name.hasPrefix("acct:") ? String(name.dropFirst(5)) : name, ctx)
            remote = try await RemoteActors.byIRI(iri, refresh: true, ctx)
        } catch { throw AppError.invalid(Violations(field, .notAChoice)) }
        guard remote.iri != (try ctx.federation()).communityIRI(community.slug) else { throw AppError.invalid(Violations(field, .notAChoice)) }
        let other = Actor.remote(remote.iri)
        let resolved = FlowDraft.Valid(from: field == .from ? other : v.from, to: field == .to ? other : v.to, nature: v.nature,
                                       measure: v.measure, quantity: v.quantity, unit: v.unit, description: v.description,
                                       appreciation: v.appreciation, date: v.date, note: v.note)
        return (resolved, remote)
    }

    /// In the transaction that recorded the entry: if it awaits `remote`, the `Offer` goes out (an entry its recorder
    /// vouched for on both sides awaits nobody and is only this ledger's).
    static func offer(_ db: any Database, _ ctx: ServiceContext, flow id: UUID, home: CommunityContext, to remote: RemoteActor) async throws {
        let f = try ctx.federation()
        guard let flow = try await EconomyQueries.flowRow(db, home.id, id), flow.state == .pending,
              flow.awaitingKey == Actor.remote(remote.iri).key,
              let community = try await FederatedCommunity.find(id: home.id, db) else { return }
        let actorIRI = f.communityIRI(community.slug)
        let iris = LedgerIRIs(origin: f.origin, slug: community.slug)
        let offerID = iris.flow(id) + "#offer"
        try await sql(db).raw("UPDATE flows SET remote_offer = \(bind: offerID) WHERE id = \(bind: id)").run()
        var event = EconomyExports.economicEvent(flow, iris, iso: ISO8601DateFormatter())
        event["@context"] = EconomyExports.valueFlowsContext(iris)
        try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: actorIRI, inbox: remote.inbox, activity: [
            "@context": [Federation.context, agreementContext], "id": offerID, "type": "Offer", "actor": actorIRI,
            "to": [remote.iri], "target": remote.iri,
            "object": ["id": iris.flow(id) + "#agreement", "type": "Agreement", "realizes": event] as [String: Any],
        ])
    }

    static var agreementContext: [String: Any] { [
        "vf": "https://w3id.org/valueflows/ont/vf#", "Agreement": "vf:Agreement", "realizes": ["@id": "vf:realizes", "@type": "@id"],
    ] }

    // MARK: In

    /// An `Offer` of an `Agreement` to one of this instance's communities, or the answer to one it sent.
    static func received(_ a: [String: Any], actor: String, _ ctx: ServiceContext) async throws {
        switch a["type"] as? String {
        case "Offer":
            guard let agreement = a["object"] as? [String: Any], agreement["type"] as? String == "Agreement",
                  let offerID = Activity.iri(a["id"]) else { return }
            // An event it realizes is a flow to confirm; a commitment it stipulates answers an offer (`FederatedSolicitations`).
            if let event = (agreement["realizes"] as? [String: Any]) ?? (agreement["realizes"] as? [[String: Any]])?.first {
                try await offered(event, offer: offerID, actor: actor, ctx)
            } else if agreement["stipulates"] != nil {
                try await FederatedSolicitations.received(a, agreement: agreement, actor: actor, ctx)
            }
        case let answer? where answer == "Accept" || answer == "Reject":
            guard let offerID = Activity.iri(a["object"]) else { return }
            try await answered(offer: offerID, by: actor, confirm: answer == "Accept", ctx)
        default: return
        }
    }

    /// The event's words, read as a draft in the words of the community it names here, validated as any entry is.
    /// Nil when it is not for one of this instance's communities or not of the offering server.
    static func draft(_ event: [String: Any], actor: String, _ f: Federation, today: String) -> (slug: String, draft: Result<FlowDraft.Valid, Violations>)? {
        guard let origin = URLParts(actor)?.origin, let eventIRI = (event["@id"] ?? event["id"]) as? String, URLParts(eventIRI)?.origin == origin,
              let provider = Activity.iri(event["provider"]), let receiver = Activity.iri(event["receiver"]) else { return nil }
        let remote = "remote:" + actor
        let slug: String, from: String, to: String
        if let s = f.communitySlug(provider), URLParts(receiver)?.origin == origin { (slug, from, to) = (s, Actor.community.key, remote) }
        else if let s = f.communitySlug(receiver), URLParts(provider)?.origin == origin { (slug, from, to) = (s, remote, Actor.community.key) }
        else { return nil }
        func term(_ values: Any?) -> [String] {
            ((values as? [Any]) ?? values.map { [$0] } ?? []).compactMap { ($0 as? String)?.split(whereSeparator: { $0 == ":" || $0 == "#" }).last.map(String.init) }
        }
        let terms = term(event["resourceClassifiedAs"])
        let quantity = event["resourceQuantity"] as? [String: Any]
        let text = { (value: Any?) in (value as? String).map { String(PlainText.of(html: $0, limit: 2_000)) } }
        let draft = FlowDraft(from: from, to: to, nature: terms.first { FlowNature(rawValue: $0) != nil } ?? "",
                              measure: terms.first { FlowMeasure(rawValue: $0) != nil } ?? "",
                              quantity: (quantity?["om2:hasNumericalValue"] as? NSNumber)?.doubleValue,
                              unit: text(quantity?["rdfs:label"]), description: text(event["note"]),
                              appreciation: (event["appreciation"] as? NSNumber)?.intValue,
                              date: String((event["hasPointInTime"] as? String ?? "").prefix(10)), note: nil)
        return (slug, draft.validated(today: today))
    }

    private static func offered(_ event: [String: Any], offer offerID: String, actor: String, _ ctx: ServiceContext) async throws {
        let f = try ctx.federation()
        guard let eventIRI = (event["@id"] ?? event["id"]) as? String,
              let (slug, result) = draft(event, actor: actor, f, today: FigureDate.day(ctx.now)) else { return }
        let community = try await FederatedCommunity.find(slug, ctx.db)
        let remote = try await RemoteActors.byIRI(actor, refresh: false, ctx)
        let (id, now, app) = (ctx.newID(), ctx.now, ctx.app)
        try await ctx.write { db in
            // Not a community that federates, or words no ledger here would take: refused, by the instance (as follows are).
            guard let community, community.federates, case let .success(v) = result else {
                try await Delivery.enqueue(db, ctx, owner: "instance", actorIRI: f.instanceIRI, inbox: remote.inbox, activity: [
                    "@context": Federation.context, "id": f.instanceIRI + "/rejects/" + ctx.newID().uuidString.lowercased(),
                    "type": "Reject", "actor": f.instanceIRI, "to": [actor], "object": offerID,
                ])
                return
            }
            try await RemoteReplies.ensureAccount(db, now: now)
            let kept = try await db.rows("""
                INSERT INTO flows (id, community_id, from_key, to_key, nature, measure, quantity, unit, description, appreciation, date, note,
                  recorded_by, created_at, cancelled, status, from_party, to_party, awaiting_key, iri, remote_offer)
                VALUES (\(bind: id), \(bind: community.id), \(bind: v.from.key), \(bind: v.to.key), \(bind: v.nature.rawValue),
                  \(bind: v.measure.rawValue), \(bind: v.quantity), \(bind: v.unit), \(bind: v.description), \(bind: v.appreciation),
                  \(bind: v.date), '', \(bind: RemoteReplies.account), \(bind: now), \(bind: false), \(bind: FlowStatus.pending.rawValue),
                  \(bind: PartyFlows.party(v.from, home: community.slug)), \(bind: PartyFlows.party(v.to, home: community.slug)),
                  \(bind: Actor.community.key), \(bind: eventIRI), \(bind: offerID))
                ON CONFLICT (remote_offer) DO NOTHING RETURNING id
                """, as: IDRow.self)
            guard !kept.isEmpty else { return }
            let handle = remote.handle
            try await Notify.users(db, app: app, try await Notify.members(db, community.id, stewardsOnly: true), community: community.id,
                                   kind: .request, actor: handle, actorID: nil, subject: v.description.isEmpty ? handle : v.description,
                                   link: EconomyEndpoints.flows.path(community.slug), now: now)
        }
    }

    /// The other community's answer decides the entry that awaits it, once; anyone else's changes nothing.
    private static func answered(offer offerID: String, by actor: String, confirm: Bool, _ ctx: ServiceContext) async throws {
        let next: FlowStatus = confirm ? .confirmed : .declined
        try await ctx.write { db in
            struct Row: Decodable { let id: UUID, community_id: UUID }
            guard let row = try await db.row("""
                UPDATE flows SET status = \(bind: next.rawValue), confirmed_at = \(bind: ctx.now)
                WHERE remote_offer = \(bind: offerID) AND iri IS NULL AND awaiting_key = \(bind: Actor.remote(actor).key)
                  AND status = \(bind: FlowStatus.pending.rawValue)
                RETURNING id, community_id
                """, as: Row.self) else { return }
            if confirm, let f = try await EconomyQueries.flowRow(db, row.community_id, row.id), f.reversesId == nil {
                try await EconomyIndex.tally(db, community: row.community_id, [f.counted], sign: 1)
            }
        }
    }

    /// In the transaction that decided an entry here: if it is another instance's event, its community hears the answer.
    static func decided(_ db: any Database, _ ctx: ServiceContext, flow id: UUID, confirmed: Bool) async throws {
        struct Row: Decodable { let community_id: UUID, from_key: String, to_key: String, iri: String?, remote_offer: String? }
        guard let row = try await db.row("SELECT community_id, from_key, to_key, iri, remote_offer FROM flows WHERE id = \(bind: id)", as: Row.self),
              row.iri != nil, let offerID = row.remote_offer,
              case let .remote(actor)? = [row.from_key, row.to_key].lazy.compactMap(Actor.init(key:)).first(where: \.isRemote),
              let community = try await FederatedCommunity.find(id: row.community_id, db) else { return }
        struct Inbox: Decodable { let inbox: String }
        guard let inbox = try await db.row("SELECT inbox FROM remote_actors WHERE iri = \(bind: actor)", as: Inbox.self)?.inbox else { return }
        let actorIRI = try ctx.federation().communityIRI(community.slug)
        try await Delivery.enqueue(db, ctx, owner: community.keyOwner, actorIRI: actorIRI, inbox: inbox, activity: [
            "@context": Federation.context, "id": actorIRI + (confirmed ? "/accepts/" : "/rejects/") + ctx.newID().uuidString.lowercased(),
            "type": confirmed ? "Accept" : "Reject", "actor": actorIRI, "to": [actor], "object": offerID,
        ])
    }

    private struct IDRow: Decodable { let id: UUID }
}
