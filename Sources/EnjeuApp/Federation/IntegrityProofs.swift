import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// FEP-8b32 integrity proofs (`DataIntegrityProof`, `eddsa-jcs-2022`): what a community adopts (a revision of its
/// #CodeSocial) carries a proof its Ed25519 key made, so anyone can check it after it was forwarded, without trusting
/// the server that forwarded it. The key is the actor's `assertionMethod` (FEP-521a Multikey); it is kept in
/// `actor_keys` as `ed25519:<owner>` (the public key as its multibase, the private one as a base64 seed).
struct IntegrityKey: Sendable {
    let seed: Data
    let publicMultibase: String

    static func of(_ owner: String, _ ctx: ServiceContext) async throws -> IntegrityKey {
        let name = "ed25519:" + owner
        if let kept = try await read(name, ctx.db) { return kept }
        let made = Curve25519.Signing.PrivateKey()
        try await ctx.write { db in
            try await sql(db).raw("""
                INSERT INTO actor_keys (owner, public_pem, private_pem, created_at)
                VALUES (\(bind: name), \(bind: Base58.ed25519Multikey(Array(made.publicKey.rawRepresentation))),
                        \(bind: made.rawRepresentation.base64EncodedString()), \(bind: ctx.now))
                ON CONFLICT (owner) DO NOTHING
                """).run()
        }
        guard let kept = try await read(name, ctx.db) else { throw Abort(.internalServerError, reason: "no key for \(name)") }
        return kept
    }

    private static func read(_ name: String, _ db: any Database) async throws -> IntegrityKey? {
        struct Row: Decodable { let public_pem: String; let private_pem: String }
        return try await db.row("SELECT public_pem, private_pem FROM actor_keys WHERE owner = \(bind: name)", as: Row.self)
            .flatMap { row in Data(base64Encoded: row.private_pem).map { IntegrityKey(seed: $0, publicMultibase: row.public_pem) } }
    }
}

enum IntegrityProof {
    static let dataIntegrityContext = "https://w3id.org/security/data-integrity/v2"
    static let multikeyContext = "https://w3id.org/security/multikey/v1"

    static func keyID(of actor: String) -> String { actor + "#ed25519-key" }

    /// What an actor document says of its key (FEP-521a).
    static func assertionMethod(actor: String, _ key: IntegrityKey) -> [[String: Any]] {
        [["id": keyID(of: actor), "type": "Multikey", "controller": actor, "publicKeyMultibase": key.publicMultibase]]
    }

    /// `document` with its proof. The proof copies the document's `@context` (W3C Data Integrity, « add proof » step 2),
    /// and signs SHA-256(JCS(proof options)) ‖ SHA-256(JCS(document)). Ed25519 is deterministic, so the same document,
    /// key and time give the same proof each time it is served.
    static func sign(_ document: [String: Any], seed: Data, verificationMethod: String, created: Date) throws -> [String: Any] {
        var proof: [String: Any] = [
            "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "verificationMethod": verificationMethod,
            "proofPurpose": "assertionMethod", "created": created.formatted(.iso8601),
        ]
        if let context = document["@context"] { proof["@context"] = context }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: try hashData(proof, document))
        proof["proofValue"] = "z" + Base58.encode(Array(signature))
        var signed = document
        signed["proof"] = proof
        return signed
    }

    /// Whether `document`'s proof verifies with the Ed25519 key `publicKeyMultibase` (the verifier's half of `sign`).
    static func verifies(_ document: [String: Any], publicKeyMultibase: String) -> Bool {
        guard var proof = document["proof"] as? [String: Any], proof["type"] as? String == "DataIntegrityProof",
              proof["cryptosuite"] as? String == "eddsa-jcs-2022", proof["proofPurpose"] as? String == "assertionMethod",
              let value = proof.removeValue(forKey: "proofValue") as? String, value.hasPrefix("z"), value.utf8.count <= 100,
              publicKeyMultibase.hasPrefix("z"), publicKeyMultibase.utf8.count <= 60,
              let signature = Base58.decode(String(value.dropFirst())), signature.count == 64,
              let multikey = Base58.decode(String(publicKeyMultibase.dropFirst())), multikey.count == 34, multikey.starts(with: [0xed, 0x01]),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: multikey.dropFirst(2))
        else { return false }
        var unsecured = document
        unsecured.removeValue(forKey: "proof")
        if let context = proof["@context"] {
            // The document's context must begin with the proof's; the document is read with the proof's.
            let theirs = (unsecured["@context"] as? [Any]) ?? unsecured["@context"].map { [$0] } ?? []
            let ours = (context as? [Any]) ?? [context]
            guard theirs.count >= ours.count,
                  zip(theirs, ours).allSatisfy({ (try? CanonicalJSON.string($0)) == (try? CanonicalJSON.string($1)) }) else { return false }
            unsecured["@context"] = context
        }
        guard let data = try? hashData(proof, unsecured) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    static func hashData(_ proofOptions: [String: Any], _ document: [String: Any]) throws -> Data {
        Data(SHA256.hash(data: Data(try CanonicalJSON.string(proofOptions).utf8)))
            + Data(SHA256.hash(data: Data(try CanonicalJSON.string(document).utf8)))
    }
}
