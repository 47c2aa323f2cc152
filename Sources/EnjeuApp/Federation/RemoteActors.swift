import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// What other servers' actors said of themselves: their inbox and public key, kept in `remote_actors` and fetched
/// again when a signature fails with the kept key (keys rotate). Fetches are signed by the instance's actor, as servers
/// with authorised fetch require.
struct RemoteActor: Decodable, Sendable {
    let iri: String, domain: String, inbox: String, keyId: String, publicPEM: String
    let sharedInbox: String?, username: String?, name: String?
    enum CodingKeys: String, CodingKey {
        case iri, domain, inbox, username, name, keyId = "key_id", publicPEM = "public_pem", sharedInbox = "shared_inbox"
    }

    /// `name@server`, as pages name it.
    var handle: String { "\(username ?? "?")@\(domain)" }

    /// Where to deliver to it: its server's shared inbox when it has one (one delivery per server).
    var deliveryInbox: String { sharedInbox ?? inbox }
}

enum RemoteActors {
    struct Unreachable: Error, CustomStringConvertible { let description: String }

    static func byKey(_ keyId: String, refresh: Bool, _ ctx: ServiceContext) async throws -> RemoteActor {
        if !refresh, let kept = try await kept("key_id", keyId, ctx.db) { return kept }
        let document = try await getJSON(String(keyId.split(separator: "#", maxSplits: 1).first ?? ""), ctx)
        // A key's own document (`{id, owner, publicKeyPem}`) names its actor; an actor's names its key.
        if document["publicKeyPem"] != nil, let owner = document["owner"] as? String {
            return try await byIRI(owner, refresh: true, ctx)
        }
        return try await store(document, fetchedFrom: keyId, ctx)
    }

    static func byIRI(_ iri: String, refresh: Bool, _ ctx: ServiceContext) async throws -> RemoteActor {
        if !refresh, let kept = try await kept("iri", iri, ctx.db) { return kept }
        return try await store(try await getJSON(iri, ctx), fetchedFrom: iri, ctx)
    }

    /// The actor as last kept, read in the caller's transaction; nil if never fetched.
    static func kept(iri: String, _ db: any Database) async throws -> RemoteActor? { try await kept("iri", iri, db) }

    private static func kept(_ column: String, _ value: String, _ db: any Database) async throws -> RemoteActor? {
        try await db.rows("""
            SELECT iri, domain, inbox, key_id, public_pem, shared_inbox, username, name FROM remote_actors
            WHERE \(unsafeRaw: column) = \(bind: value)
            """, as: RemoteActor.self).first
    }

    /// Keeps an actor's document, once it is sure it came from the actor's own server.
    private static func store(_ doc: [String: Any], fetchedFrom url: String, _ ctx: ServiceContext) async throws -> RemoteActor {
        guard let iri = doc["id"] as? String, let actorURL = URLParts(iri), let from = URLParts(url), actorURL.origin == from.origin,
              let inbox = doc["inbox"] as? String, URLParts(inbox)?.origin == actorURL.origin
        else { throw Unreachable(description: "\(url) is not an actor of its own server") }
        let keys = (doc["publicKey"] as? [[String: Any]]) ?? (doc["publicKey"] as? [String: Any]).map { [$0] } ?? []
        guard let key = keys.first(where: { ($0["owner"] as? String) == iri && $0["publicKeyPem"] is String }),
              let keyId = key["id"] as? String, let pem = key["publicKeyPem"] as? String, URLParts(keyId)?.origin == actorURL.origin
        else { throw Unreachable(description: "\(iri) has no public key of its own") }
        let shared = ((doc["endpoints"] as? [String: Any])?["sharedInbox"] as? String).flatMap { URLParts($0)?.origin == actorURL.origin ? $0 : nil }
        let actor = RemoteActor(iri: iri, domain: actorURL.authority.lowercased(), inbox: inbox, keyId: keyId, publicPEM: pem,
                                sharedInbox: shared, username: doc["preferredUsername"] as? String, name: doc["name"] as? String)
        let now = ctx.now
        try await ctx.write { db in
            try await sql(db).raw("""
                INSERT INTO remote_actors (id, iri, domain, inbox, key_id, public_pem, shared_inbox, username, name, fetched_at)
                VALUES (\(bind: ctx.newID()), \(bind: actor.iri), \(bind: actor.domain), \(bind: actor.inbox), \(bind: actor.keyId),
                        \(bind: actor.publicPEM), \(bind: actor.sharedInbox), \(bind: actor.username), \(bind: actor.name), \(bind: now))
                ON CONFLICT (iri) DO UPDATE SET domain = excluded.domain, inbox = excluded.inbox, key_id = excluded.key_id,
                  public_pem = excluded.public_pem, shared_inbox = excluded.shared_inbox, username = excluded.username,
                  name = excluded.name, fetched_at = excluded.fetched_at
                """).run()
        }
        return actor
    }

    /// A signed GET of an ActivityPub document (1 MiB at most, 10 s).
    static func getJSON(_ url: String, _ ctx: ServiceContext) async throws -> [String: Any] {
        guard let parts = URLParts(url) else { throw Unreachable(description: "\(url) is not an http(s) address") }
        let f = try ctx.federation()
        guard FederationRules.mayReach(parts, from: f.base) else { throw Unreachable(description: "\(url) is not a public https address") }
        if FederationRules.isBlocked(parts.authority, by: ctx.config.blockedDomains) { throw Unreachable(description: "\(parts.authority) is blocked here") }
        var headers = try HTTPSignatures.headers(method: .GET, url: parts, body: nil, keyId: f.keyId(of: f.instanceIRI),
                                                 key: try await ActorKey.of("instance", ctx), now: ctx.now)
        headers.add(name: .accept, value: "\(Federation.activityJSON), \(Federation.ldJSON)")
        headers.add(name: .userAgent, value: "Enjeu/\(Federation.softwareVersion)")
        let response: ClientResponse
        do {
            response = try await ctx.app.client.get(URI(string: url), headers: headers) { $0.timeout = .seconds(10) }
        } catch { throw Unreachable(description: "\(url): \(error)") }
        guard response.status == .ok, var body = response.body, body.readableBytes <= 1_048_576,
              let data = body.readData(length: body.readableBytes),
              let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw Unreachable(description: "\(url) answered \(response.status.code)") }
        return doc
    }
}
