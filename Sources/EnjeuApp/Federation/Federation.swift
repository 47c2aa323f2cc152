import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// This instance as the fediverse sees it: its public address and the IRIs of its actors. Nil while
/// `ENJEU_PUBLIC_URL` is unset: then nothing federates.
struct Federation: Sendable {
    let base: URLParts

    init?(_ config: EnjeuConfig) {
        guard let url = config.publicURL else { return nil }
        base = url
    }

    /// `https://host[:port]`, no trailing slash.
    var origin: String { base.scheme + "://" + base.authority }
    var authority: String { base.authority }

    func iri(_ path: String) -> String { origin + path }
    var instanceIRI: String { iri(FederationEndpoints.instance.path()) }
    func communityIRI(_ slug: String) -> String { iri(FederationEndpoints.community.path(slug)) }
    func organisationIRI(_ slug: String) -> String { iri(FederationEndpoints.organisation.path(slug)) }
    func keyId(of actorIRI: String) -> String { actorIRI + "#main-key" }
    var sharedInbox: String { iri(FederationEndpoints.sharedInbox.path()) }

    /// The slug a local community IRI names, nil for anything else.
    func communitySlug(_ address: String) -> String? { slug(address, under: "/ap/communities/") }
    func organisationSlug(_ address: String) -> String? { slug(address, under: "/ap/organisations/") }

    private func slug(_ address: String, under path: String) -> String? {
        let prefix = iri(path)
        guard address.hasPrefix(prefix) else { return nil }
        let slug = address.dropFirst(prefix.count)
        return slug.isEmpty || slug.contains("/") || slug.contains("#") ? nil : String(slug)
    }

    /// What NodeInfo says this software is.
    static let softwareVersion = "0.47.0"
    static let activityJSON = "application/activity+json"
    static let ldJSON = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""
    static let context = "https://www.w3.org/ns/activitystreams"
    static let securityContext = "https://w3id.org/security/v1"

    /// Whether a request asks for ActivityPub's JSON (either media type) rather than a page.
    static func wantsActivityJSON(_ req: Request) -> Bool {
        let accept = req.headers[.accept].joined(separator: ",").lowercased()
        return accept.contains("application/activity+json") || accept.contains("application/ld+json")
    }

    /// An activity or object as sent and served: keys sorted, slashes plain.
    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    /// A JSON document served with ActivityPub's media type; `Vary: Accept` because the same address also answers HTML.
    static func document(_ object: [String: Any], type: String = activityJSON) throws -> Response {
        let data = Data(try json(object).utf8)
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: type)
        headers.add(name: .vary, value: "Accept")
        headers.add(name: .cacheControl, value: "max-age=60")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

extension Request {
    /// The instance's public address (`ENJEU_PUBLIC_URL`), else this request's own `scheme://host[:port]`.
    var publicOrigin: String {
        if let f = Federation(context.config) { return f.origin }
        return (context.config.secureCookies ? "https://" : "http://") + (headers.first(name: .host) ?? "localhost")
    }
}

extension ServiceContext {
    /// The instance's federation, or a 404: without a public address there is nothing to serve.
    func federation() throws -> Federation {
        guard let f = Federation(config) else { throw AppError.notFound }
        return f
    }
}

/// A local community as an actor: public, of kind community, publishing to the fediverse. Everything else is no actor
/// (a members-only community never federates its inside).
struct FederatedCommunity: Decodable, Sendable {
    let id: UUID, slug: String, name: String, purpose: String, visibility: String, publishFediverse: Bool, codeRevision: Int
    enum CodingKeys: String, CodingKey {
        case id, slug, name, purpose, visibility, publishFediverse = "publish_fediverse", codeRevision = "code_revision"
    }

    var federates: Bool { visibility == Visibility.public.rawValue && publishFediverse }
    var keyOwner: String { Self.keyOwner(id) }
    static func keyOwner(_ id: UUID) -> String { "community:\(id.uuidString.lowercased())" }

    /// The community of that slug (a programme is not an actor yet), federating or not; the caller decides.
    static func find(_ slug: String, _ db: any Database) async throws -> FederatedCommunity? {
        try await db.row("""
            SELECT \(columns) FROM communities WHERE slug = \(bind: slug.lowercased()) AND kind = \(bind: CommunityKind.community.rawValue)
            """, as: FederatedCommunity.self)
    }

    static func find(id: UUID, _ db: any Database) async throws -> FederatedCommunity? {
        try await db.row("""
            SELECT \(columns) FROM communities WHERE id = \(bind: id) AND kind = \(bind: CommunityKind.community.rawValue)
            """, as: FederatedCommunity.self)
    }

    private static let columns: SQLQueryString = "id, slug, name, purpose, visibility, publish_fediverse, code_revision"

    static func federating(_ slug: String, _ db: any Database) async throws -> FederatedCommunity {
        guard let c = try await find(slug, db), c.federates else { throw AppError.notFound }
        return c
    }
}

/// An organisation as an actor: every organisation's profile is public, so each one is an `Organization`.
struct FederatedOrganisation: Decodable, Sendable {
    let id: UUID, slug: String, name: String, purpose: String
    var keyOwner: String { "organisation:\(id.uuidString.lowercased())" }

    static func find(_ slug: String, _ db: any Database) async throws -> FederatedOrganisation? {
        try await db.row("SELECT id, slug, name, purpose FROM organisations WHERE slug = \(bind: slug.lowercased())", as: FederatedOrganisation.self)
    }

    static func existing(_ slug: String, _ db: any Database) async throws -> FederatedOrganisation {
        guard let o = try await find(slug, db) else { throw AppError.notFound }
        return o
    }
}
