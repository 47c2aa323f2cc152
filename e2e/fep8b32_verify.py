"""FEP-8b32 Object Integrity Proofs (cryptosuite eddsa-jcs-2022), checked from outside Enjeu's code.

An independent signer and verifier built only on PyPI libraries (rfc8785 for JCS, cryptography for Ed25519, base58),
to cross-check what Enjeu's Swift code produces. Algorithm notes: /work/notes/fep-8b32.md (W3C vc-di-eddsa §3.3).
Usage, from the repo root:
  python e2e/fep8b32_verify.py                          # the FEP's and W3C's test vectors; prints OK, exits 0 (1 on failure)
  python e2e/fep8b32_verify.py --url URL                # fetches an object, then its signer's actor, and verifies the proof
  python e2e/fep8b32_verify.py --file F --key z6Mk...   # verifies a JSON file with a given publicKeyMultibase
"""
import argparse
import copy
import hashlib
import json
import sys
from datetime import datetime, timezone
from urllib.parse import urldefrag

import base58
import rfc8785
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_PUB = b"\xed\x01"   # multicodec ed25519-pub (0xed) as an unsigned varint
ED25519_PRIV = b"\x80\x26"  # multicodec ed25519-priv (0x1300) as an unsigned varint
AP = "application/activity+json"


def multibase_decode(value: str) -> bytes:
    """Multibase base58btc only: 'z' then the Bitcoin alphabet."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    return base58.b58decode(value[1:])


def multibase_encode(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


def multikey_decode(value: str, header: bytes = ED25519_PUB) -> bytes:
    """publicKeyMultibase (or secretKeyMultibase with header=ED25519_PRIV) -> the raw 32 key bytes."""
    raw = multibase_decode(value)
    if len(raw) != 34 or raw[:2] != header:
        raise ValueError("not an Ed25519 Multikey")
    return raw[2:]


def public_key_multibase(public_key_bytes: bytes) -> str:
    """Raw 32-byte Ed25519 public key -> 'z6Mk...' (FEP-521a publicKeyMultibase)."""
    return multibase_encode(ED25519_PUB + public_key_bytes)


def hash_data(proof_config: dict, unsecured_document: dict) -> bytes:
    """SHA-256(JCS(proof config)) || SHA-256(JCS(document)): proof config first (vc-di-eddsa, Hashing)."""
    return hashlib.sha256(rfc8785.dumps(proof_config)).digest() + hashlib.sha256(rfc8785.dumps(unsecured_document)).digest()


def sign(document: dict, secret_key_bytes: bytes, verification_method: str, created: str) -> dict:
    """Returns a copy of document with an eddsa-jcs-2022 proof (secret_key_bytes: the 32-byte Ed25519 seed)."""
    if "proof" in document:
        raise ValueError("document already has a proof")
    datetime.fromisoformat(created.replace("Z", "+00:00"))  # must be an XML Schema dateTimeStamp
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
        "created": created,
    }
    if "@context" in document:  # Create Proof step 2: the proof carries the document's @context
        proof["@context"] = copy.deepcopy(document["@context"])
    signature = Ed25519PrivateKey.from_private_bytes(secret_key_bytes).sign(hash_data(proof, document))
    proof["proofValue"] = multibase_encode(signature)
    return {**copy.deepcopy(document), "proof": proof}


def verify(document: dict, public_key_multibase: str) -> bool:
    """True when document.proof is a valid eddsa-jcs-2022 assertionMethod proof made by that key."""
    proof = document.get("proof")
    if not isinstance(proof, dict):  # FEP-8b32: objects SHOULD NOT hold more than one proof; a set is not handled
        return False
    if (proof.get("type"), proof.get("cryptosuite"), proof.get("proofPurpose")) != \
            ("DataIntegrityProof", "eddsa-jcs-2022", "assertionMethod") or not proof.get("verificationMethod"):
        return False
    # FEP-8b32: a legacy LD signature is removed before the integrity proof is checked.
    unsecured = {k: v for k, v in document.items() if k not in ("proof", "signature")}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:  # the document's @context must start with the proof's, which then replaces it
        as_list = lambda c: c if isinstance(c, list) else [c]
        proof_ctx, doc_ctx = as_list(options["@context"]), as_list(document.get("@context", []))
        if doc_ctx[:len(proof_ctx)] != proof_ctx:
            return False
        unsecured["@context"] = options["@context"]
    try:
        if "expires" in proof and datetime.fromisoformat(proof["expires"].replace("Z", "+00:00")) < datetime.now(timezone.utc):
            return False  # FEP-8b32: an expired proof is ignored
        signature = multibase_decode(proof.get("proofValue"))
        key = Ed25519PublicKey.from_public_bytes(multikey_decode(public_key_multibase))
        key.verify(signature, hash_data(options, unsecured))
        return True
    except (InvalidSignature, ValueError, TypeError, AttributeError, rfc8785.CanonicalizationError):
        return False


def get_json(url: str) -> dict:
    r = requests.get(url, headers={"Accept": AP}, timeout=15)
    r.raise_for_status()
    return r.json()


def verify_url(url: str) -> bool:
    """Fetches url, then the actor named by proof.verificationMethod, and checks the key and the proof (CID §3.3)."""
    doc = get_json(url)
    proof = doc.get("proof")
    vm = proof.get("verificationMethod") if isinstance(proof, dict) else None
    if not vm:
        print(f"{url}: no single proof with a verificationMethod"); return False
    actor_url = urldefrag(vm).url
    actor = get_json(actor_url)
    if actor.get("id") != actor_url:
        print(f"actor id {actor.get('id')!r} is not {actor_url!r}"); return False
    methods = actor.get("assertionMethod", [])
    methods = methods if isinstance(methods, list) else [methods]
    entry = next((m for m in methods if isinstance(m, dict) and m.get("id") == vm), None)  # embedded Multikeys only
    if not entry or entry.get("type") != "Multikey" or entry.get("controller") != actor_url:
        print(f"no Multikey {vm!r} controlled by {actor_url!r} in its assertionMethod"); return False
    # FEP-8b32: the key's controller must be the object's owner (the activity's actor, the object's attributedTo, or itself).
    ref = lambda v: v.get("id") if isinstance(v, dict) else v
    owners = {ref(doc.get("actor")), ref(doc.get("attributedTo")), doc.get("id")}
    if actor_url not in owners:
        print(f"{actor_url!r} is not the owner of {doc.get('id')!r}"); return False
    ok = verify(doc, entry.get("publicKeyMultibase", ""))
    print(f"{url}: proof by {vm} {'verifies' if ok else 'does NOT verify'}")
    return ok


# FEP-8b32 test vector (fep/8b32/fep-8b32.feature, FEP repository commit 029288d, 2025-10-15).
FEP_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
FEP_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
FEP_VM = "https://server.example/users/alice#ed25519-key"
FEP_CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v2"]
FEP_DOC = {
    "@context": FEP_CONTEXT,
    "id": "https://server.example/activities/1",
    "type": "Create",
    "actor": "https://server.example/users/alice",
    "object": {
        "id": "https://server.example/objects/1",
        "type": "Note",
        "attributedTo": "https://server.example/users/alice",
        "content": "Hello world",
        "location": {"type": "Place", "longitude": -71.184902, "latitude": 25.273962},
    },
}
FEP_PROOF_VALUE = "z42ffGu6AUKPCFcFPiabmUvnGLPJzC7e4DGWC52NUasSSH37UMa9c58tdgVszUcZfytxa4fQ5TYHaJENCxUDe9SdL"
# The same vector before the FEP moved to data-integrity/v2 (commit 6b746b5, 2024-06-24): v1 in both @contexts.
FEP_PROOF_VALUE_V1 = "zLaewdp4H9kqtwyrLatK4cjY5oRHwVcw4gibPSUDYDMhi4M49v8pcYk3ZB6D69dNpAPbUmY8ocuJ3m9KhKJEEg7z"

# W3C vc-di-eddsa test vector, "Representation: eddsa-jcs-2022" (TestVectors/eddsa-jcs-2022/, same key pair).
W3C_DOC = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_VM = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_PROOF_VALUE = "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
W3C_COMBINED_HASH = ("66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
                     "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")


def self_test() -> list[str]:
    """Returns the failed checks (empty when all pass)."""
    failures = []
    check = lambda ok, what: ok or failures.append(what)
    seed = multikey_decode(FEP_SECRET, ED25519_PRIV)
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    check(public_key_multibase(public) == FEP_PUBLIC, "secret key -> publicKeyMultibase")
    # FEP-521a vector: raw public key hex -> Multikey.
    check(public_key_multibase(bytes.fromhex("2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"))
          == "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "FEP-521a Multikey vector")
    # FEP-8b32: signing reproduces the expected proof (Ed25519 is deterministic), and it verifies.
    signed = sign(FEP_DOC, seed, FEP_VM, "2023-02-24T23:36:38Z")
    check(signed["proof"]["proofValue"] == FEP_PROOF_VALUE, "FEP-8b32 sign: proofValue")
    expected = {**FEP_DOC, "proof": {"@context": FEP_CONTEXT, "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
                "verificationMethod": FEP_VM, "proofPurpose": "assertionMethod", "proofValue": FEP_PROOF_VALUE,
                "created": "2023-02-24T23:36:38Z"}}
    check(signed == expected, "FEP-8b32 sign: whole signed document")
    check(verify(expected, FEP_PUBLIC), "FEP-8b32 verify")
    v1_ctx = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/data-integrity/v1"]
    v1 = copy.deepcopy(expected); v1["@context"] = v1_ctx; v1["proof"].update({"@context": v1_ctx, "proofValue": FEP_PROOF_VALUE_V1})
    check(verify(v1, FEP_PUBLIC), "FEP-8b32 verify (2024 v1-context vector)")
    # Negative checks: any change to the document, the proof or the key must fail.
    tampered = copy.deepcopy(expected); tampered["object"]["content"] = "Hello world!"
    check(not verify(tampered, FEP_PUBLIC), "tampered content rejected")
    tampered = copy.deepcopy(expected); tampered["object"]["location"]["latitude"] = 25.273963
    check(not verify(tampered, FEP_PUBLIC), "tampered number rejected")
    tampered = copy.deepcopy(expected); tampered["proof"]["created"] = "2023-02-24T23:36:39Z"
    check(not verify(tampered, FEP_PUBLIC), "tampered proof options rejected")
    tampered = copy.deepcopy(expected); tampered["@context"] = FEP_CONTEXT[:1]
    check(not verify(tampered, FEP_PUBLIC), "document @context not starting with the proof's rejected")
    other = public_key_multibase(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    check(not verify(expected, other), "another key rejected")
    # W3C vc-di-eddsa eddsa-jcs-2022 vector: hash data, signature, verification.
    proof_config = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": "2023-02-24T23:36:38Z",
                    "verificationMethod": W3C_VM, "proofPurpose": "assertionMethod", "@context": W3C_DOC["@context"]}
    check(hash_data(proof_config, W3C_DOC).hex() == W3C_COMBINED_HASH, "W3C combined hash")
    w3c = sign(W3C_DOC, seed, W3C_VM, "2023-02-24T23:36:38Z")
    check(w3c["proof"]["proofValue"] == W3C_PROOF_VALUE, "W3C sign: proofValue")
    check(verify({**W3C_DOC, "proof": {**proof_config, "proofValue": W3C_PROOF_VALUE}}, FEP_PUBLIC), "W3C verify")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="fetch this object and verify its proof against its actor's assertionMethod key")
    parser.add_argument("--file", help="verify the JSON document in this file (needs --key)")
    parser.add_argument("--key", help="publicKeyMultibase for --file")
    args = parser.parse_args()
    if args.url:
        return 0 if verify_url(args.url) else 1
    if args.file:
        if not args.key:
            parser.error("--file needs --key")
        with open(args.file, encoding="utf-8") as f:
            ok = verify(json.load(f), args.key)
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    failures = self_test()
    for what in failures:
        print(f"FAILED: {what}")
    print("OK" if not failures else f"{len(failures)} check(s) failed")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
