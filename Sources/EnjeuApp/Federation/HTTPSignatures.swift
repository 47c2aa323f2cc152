import Fluent
import Crypto
import _CryptoExtras
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// A local actor's key pair (RSA 2048, PKCS#1 v1.5 over SHA-256: what Mastodon verifies), kept in `actor_keys` by owner
/// (`instance`, `community:<id>`). Made the first time it is needed, outside any transaction (making one takes a
/// moment); two instances making one at once keep the first written.
struct ActorKey: Sendable {
    let publicPEM: String
    let privatePEM: String

    static func of(_ owner: String, _ ctx: ServiceContext) async throws -> ActorKey {
        if let kept = try await read(owner, ctx.db) { return kept }
        let made = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try await ctx.write { db in
            try await sql(db).raw("""
                INSERT INTO actor_keys (owner, public_pem, private_pem, created_at)
                VALUES (\(bind: owner), \(bind: made.publicKey.pemRepresentation), \(bind: made.pemRepresentation), \(bind: ctx.now))
                ON CONFLICT (owner) DO NOTHING
                """).run()
        }
        guard let kept = try await read(owner, ctx.db) else { throw Abort(.internalServerError, reason: "no key for \(owner)") }
        return kept
    }

    private static func read(_ owner: String, _ db: any Database) async throws -> ActorKey? {
        struct Row: Decodable { let public_pem: String; let private_pem: String }
        return try await db.rows("SELECT public_pem, private_pem FROM actor_keys WHERE owner = \(bind: owner)", as: Row.self).first
            .map { ActorKey(publicPEM: $0.public_pem, privatePEM: $0.private_pem) }
    }

    func sign(_ text: String) throws -> String {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: privatePEM)
        return try key.signature(for: Data(text.utf8), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }
}

enum HTTPSignatures {
    /// The headers of an outgoing request signed as Mastodon verifies it: draft-cavage over
    /// `(request-target) host date digest` (no digest on a GET), RSA-SHA256.
    static func headers(method: HTTPMethod, url: URLParts, body: Data?, keyId: String, key: ActorKey, now: Date) throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: url.authority)
        headers.add(name: "Date", value: httpDate(now))
        var signed = ["(request-target)", "host", "date"]
        if let body {
            headers.add(name: "Digest", value: "SHA-256=" + Data(SHA256.hash(data: body)).base64EncodedString())
            signed.append("digest")
        }
        let target = url.path + (url.query.map { "?" + $0 } ?? "")
        guard let text = CavageSignature.signingString(headers: signed, method: method.rawValue, target: target,
                                                       value: { headers.first(name: $0) }) else { throw Abort(.internalServerError) }
        headers.add(name: "Signature", value: CavageSignature.header(keyId: keyId, headers: signed, signature: try key.sign(text)))
        return headers
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    /// What a request's signature claims, before the key is known: the key's id and how to check it.
    struct Claim: Sendable {
        let keyId: String
        /// The text the key must have signed, and the signature's bytes.
        let text: String
        let signature: Data
    }

    enum Refusal: Error, Equatable {
        case unsigned, malformed(String), stale, digest, badSignature

        var reason: String {
            switch self {
            case .unsigned: "The request is not signed (HTTP Signatures: Signature, or Signature-Input and Signature)."
            case let .malformed(what): "The signature cannot be checked: \(what)."
            case .stale: "The signature's date is more than an hour from ours."
            case .digest: "The body does not match its digest, or its digest is not signed."
            case .badSignature: "The signature does not verify with the actor's key."
            }
        }
    }

    /// Reads and checks everything but the key: the signed text, the date (±1 h) and the body's digest. `targetURI` is
    /// the request's address under the instance's public URL.
    static func claim(_ req: Request, body: Data, targetURI: String, now: Date) throws -> Claim {
        let value: (String) -> String? = { name in
            let all = req.headers[name]
            return all.isEmpty ? nil : all.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        }
        let url = URLParts(targetURI)
        let target = (url?.path ?? req.url.path) + (url?.query.map { "?" + $0 } ?? "")
        let hasBody = req.method != .GET && req.method != .HEAD
        if let input = value("signature-input"), let sig = value("signature") {
            guard let s = MessageSignature.parse(input: input, signature: sig) else { throw Refusal.malformed("Signature-Input") }
            guard let keyId = s.keyId else { throw Refusal.malformed("keyid") }
            guard let created = s.created, FederationRules.timely(Double(created), now: now.timeIntervalSince1970) else { throw Refusal.stale }
            if let expires = s.expires, Double(expires) < now.timeIntervalSince1970 { throw Refusal.stale }
            if hasBody {
                guard s.components.contains("content-digest"), let claimed = value("content-digest").flatMap(BodyDigest.sha256(contentDigest:)),
                      claimed == Data(SHA256.hash(data: body)).base64EncodedString() else { throw Refusal.digest }
            }
            guard s.components.contains("@method") || s.components.contains("@request-target") || s.components.contains("@target-uri")
            else { throw Refusal.malformed("the method and target are not signed") }
            guard let text = s.signatureBase(method: req.method.rawValue, targetURI: targetURI, value: value) else {
                throw Refusal.malformed("a signed component is missing")
            }
            guard let bytes = Data(base64Encoded: s.signature) else { throw Refusal.malformed("Signature") }
            return Claim(keyId: keyId, text: text, signature: bytes)
        }
        guard let header = value("signature") ?? value("authorization").flatMap({ $0.hasPrefix("Signature ") ? String($0.dropFirst(10)) : nil })
        else { throw Refusal.unsigned }
        guard let s = CavageSignature.parse(header) else { throw Refusal.malformed("Signature") }
        if let alg = s.algorithm, !["rsa-sha256", "hs2019"].contains(alg) { throw Refusal.malformed("algorithm \(alg)") }
        guard s.headers.contains("(request-target)") else { throw Refusal.malformed("(request-target) is not signed") }
        if let created = s.created {
            guard FederationRules.timely(Double(created), now: now.timeIntervalSince1970) else { throw Refusal.stale }
        } else {
            guard s.headers.contains("date"), let date = value("date").flatMap(parseHTTPDate),
                  FederationRules.timely(date.timeIntervalSince1970, now: now.timeIntervalSince1970) else { throw Refusal.stale }
        }
        if hasBody {
            guard s.headers.contains("digest"), let claimed = value("digest").flatMap(BodyDigest.sha256(digest:)),
                  claimed == Data(SHA256.hash(data: body)).base64EncodedString() else { throw Refusal.digest }
        }
        guard let text = s.signingString(method: req.method.rawValue, target: target, value: value) else {
            throw Refusal.malformed("a signed header is missing")
        }
        guard let bytes = Data(base64Encoded: s.signature) else { throw Refusal.malformed("signature") }
        return Claim(keyId: s.keyId, text: text, signature: bytes)
    }

    static func verifies(_ claim: Claim, publicPEM: String) -> Bool {
        guard let key = try? _RSA.Signing.PublicKey(pemRepresentation: publicPEM) else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: claim.signature), for: Data(claim.text.utf8),
                                    padding: .insecurePKCS1v1_5)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: text)
    }
}
