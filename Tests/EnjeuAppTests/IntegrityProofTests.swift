import Foundation
import Testing
@testable import EnjeuApp
import EnjeuCore

/// FEP-8b32's own test vector (`fep-8b32.feature`, eddsa-jcs-2022): the proof Enjeu makes is the FEP's, byte for byte,
/// and verifies; any change to the document or the key does not.
@Suite struct IntegrityProofTests {
    static var document: [String: Any] { [
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v2"],
        "id": "https://server.example/activities/1", "type": "Create", "actor": "https://server.example/users/alice",
        "object": [
            "id": "https://server.example/objects/1", "type": "Note", "attributedTo": "https://server.example/users/alice",
            "content": "Hello world", "location": ["type": "Place", "longitude": -71.184902, "latitude": 25.273962] as [String: Any],
        ] as [String: Any],
    ] }
    static let publicKey = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    static let expected = "z42ffGu6AUKPCFcFPiabmUvnGLPJzC7e4DGWC52NUasSSH37UMa9c58tdgVszUcZfytxa4fQ5TYHaJENCxUDe9SdL"

    /// The vector's secret key is a multikey: 0x80 0x26 (ed25519-priv), then the 32-byte seed.
    var seed: Data { Data(Base58.decode("3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")!.dropFirst(2)) }

    @Test func theFEPsVectorIsSignedAndVerified() throws {
        let created = try Date("2023-02-24T23:36:38Z", strategy: .iso8601)
        let signed = try IntegrityProof.sign(Self.document, seed: seed, verificationMethod: "https://server.example/users/alice#ed25519-key",
                                             created: created)
        let proof = try #require(signed["proof"] as? [String: Any])
        #expect(proof["created"] as? String == "2023-02-24T23:36:38Z")
        #if os(Linux)
        // BoringSSL signs Ed25519 deterministically (CryptoKit randomises): the FEP's very proof value.
        #expect(proof["proofValue"] as? String == Self.expected)
        #endif
        #expect(IntegrityProof.verifies(signed, publicKeyMultibase: Self.publicKey))

        var given = Self.document
        given["proof"] = proof.merging(["proofValue": Self.expected]) { _, b in b }
        #expect(IntegrityProof.verifies(given, publicKeyMultibase: Self.publicKey))
        var altered = given
        altered["actor"] = "https://server.example/users/mallory"
        #expect(!IntegrityProof.verifies(altered, publicKeyMultibase: Self.publicKey))
        #expect(!IntegrityProof.verifies(given, publicKeyMultibase: "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"))
        var recontexted = given
        recontexted["@context"] = ["https://www.w3.org/ns/activitystreams"]
        #expect(!IntegrityProof.verifies(recontexted, publicKeyMultibase: Self.publicKey))
    }
}
