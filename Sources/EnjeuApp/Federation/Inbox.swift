import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Activities other servers post (issue 19). The request's signature is checked before anything else (401, nothing
/// kept, when it does not verify), the activity is kept once by its id and acknowledged (202), and the job queue
/// (`ap.inbox`) acts on it: a server that sends the same activity twice gets it processed once.
enum Inbox {
    static let kind = "ap.inbox"

    static func register(_ app: Application) {
        typealias E = FederationEndpoints
        let most = ByteCount(value: FederationRules.maxActivityBytes)
        app.open(E.sharedInbox, maxBody: most) { req in try await receive(req) }
        app.open(E.instanceInbox, maxBody: most) { req in try await receive(req) }
        // Every community's inbox is the same inbox, whether the community exists or not: a 404 here would tell a
        // stranger which members-only communities exist. The activity's object says whom it is for.
        app.open(E.communityInbox, maxBody: most) { req in try await receive(req) }
        app.open(E.organisationInbox, maxBody: most) { req in try await receive(req) }
    }

    static func receive(_ req: Request) async throws -> Response {
        let ctx = req.context
        let f = try ctx.federation()
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let target = f.origin + req.url.path + (req.url.query.map { "?" + $0 } ?? "")
        let claim: HTTPSignatures.Claim
        do { claim = try HTTPSignatures.claim(req, body: body, targetURI: target, now: ctx.now) } catch let r as HTTPSignatures.Refusal {
            throw Abort(.unauthorized, reason: req.lang[FederationText.unsigned(r.reason)])
        }
        guard let signer = URLParts(claim.keyId) else { throw Abort(.unauthorized, reason: req.lang[FederationText.unsigned("keyId")]) }
        // A blocked server is not heard: refused before its key is fetched or anything is kept.
        if FederationRules.isBlocked(signer.authority, by: ctx.config.blockedDomains) {
            throw Abort(.forbidden, reason: req.lang[FederationText.blockedDomain])
        }
        // A flood from one server is refused before it costs a key fetch or a write.
        try await req.application.inboxLimiter.check(req, bucket: "inbox", account: signer.authority.lowercased(), perAddress: false)
        let actor = try await verifiedSigner(claim, ctx)
        guard let activity = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let id = activity["id"] as? String, URLParts(id) != nil, let type = activity["type"] as? String,
              let actorIRI = Activity.iri(activity["actor"]), let actorURL = URLParts(actorIRI)
        else { throw AppError.badRequest(FederationText.notAnActivity) }
        // The key's owner is the activity's actor (another account of the same server is not), and the id is its server's.
        guard actor.iri == actorIRI, actorURL.origin == signer.origin, URLParts(id)?.origin == signer.origin else {
            throw Abort(.unauthorized, reason: req.lang[FederationText.actorNotSigner])
        }
        let rowID = ctx.newID()
        try await ctx.write { db in
            let kept = try await db.rows("""
                INSERT INTO inbox_activities (id, activity_id, kind, actor_iri, domain, payload, received_at)
                VALUES (\(bind: rowID), \(bind: id), \(bind: String(type.prefix(64))), \(bind: actorIRI), \(bind: signer.authority.lowercased()),
                        \(bind: String(decoding: body, as: UTF8.self)), \(bind: ctx.now))
                ON CONFLICT (activity_id) DO NOTHING RETURNING id
                """, as: IDRow.self)
            if !kept.isEmpty { try await JobQueue.enqueue(db, id: ctx.newID(), kind: kind, payload: rowID.uuidString, now: ctx.now) }
        }
        return Response(status: .accepted)
    }

    private struct IDRow: Decodable { let id: UUID }

    /// The actor whose key verifies the claim: the kept key first, then the key fetched anew once (it may have rotated).
    static func verifiedSigner(_ claim: HTTPSignatures.Claim, _ ctx: ServiceContext) async throws -> RemoteActor {
        var refreshed = false
        while true {
            let actor: RemoteActor
            do { actor = try await RemoteActors.byKey(claim.keyId, refresh: refreshed, ctx) } catch let e as RemoteActors.Unreachable {
                throw Abort(.unauthorized, reason: ctx.lang[FederationText.unsigned(e.description)])
            }
            if actor.keyId == claim.keyId && HTTPSignatures.verifies(claim, publicPEM: actor.publicPEM) { return actor }
            if refreshed { throw Abort(.unauthorized, reason: ctx.lang[FederationText.unsigned(HTTPSignatures.Refusal.badSignature.reason)]) }
            refreshed = true
        }
    }

    /// The job: acts on one kept activity, once.
    static func process(_ ctx: ServiceContext, _ payload: String) async throws {
        struct Row: Decodable { let payload: String; let actor_iri: String }
        guard let rowID = UUID(uuidString: payload),
              let row = try await ctx.db.rows("SELECT payload, actor_iri FROM inbox_activities WHERE id = \(bind: rowID) AND processed_at IS NULL",
                                              as: Row.self).first
        else { return }
        if let activity = try? JSONSerialization.jsonObject(with: Data(row.payload.utf8)) as? [String: Any] {
            try await FederatedFollows.received(activity, actor: row.actor_iri, ctx)
            try await FederatedItems.received(activity, actor: row.actor_iri, ctx)
            try await RemoteReplies.received(activity, actor: row.actor_iri, ctx)
            try await FederatedFlows.received(activity, actor: row.actor_iri, ctx)
            try await FederatedLinks.received(activity, actor: row.actor_iri, ctx)
        }
        try await ctx.write { db in
            try await sql(db).raw("UPDATE inbox_activities SET processed_at = \(bind: ctx.now) WHERE id = \(bind: rowID)").run()
        }
    }
}

/// Reading activities' loose JSON: a property may be an IRI or an object with an `id`.
enum Activity {
    static func iri(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        return (value as? [String: Any])?["id"] as? String
    }

    static func type(_ value: Any?) -> String? { (value as? [String: Any])?["type"] as? String }

    /// Whether an object (or the activity carrying it) is addressed to the public: a followers-only post or a direct
    /// message is never kept where others could read it.
    static func isPublic(_ objects: [String: Any]?...) -> Bool {
        let names: Set<String> = ["https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"]
        return objects.contains { o in
            guard let o else { return false }
            return ["to", "cc"].contains { key in
                let value = o[key]
                let list = (value as? [Any]) ?? value.map { [$0] } ?? []
                return list.contains { iri($0).map(names.contains) ?? false }
            }
        }
    }
}

extension Application {
    private struct InboxLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// Activities per remote server and minute (`FederationRules.inboxPerDomainPerMinute`), across instances.
    var inboxLimiter: RateLimiter {
        get { storage[InboxLimiterKey.self]! }
        set { storage[InboxLimiterKey.self] = newValue }
    }
}
