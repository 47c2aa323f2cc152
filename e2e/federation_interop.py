"""ActivityPub interoperability, checked from outside Enjeu's code.

Starts its own Enjeu (ENJEU_PUBLIC_URL must name its port), creates a steward, a public and a members-only community
through the API, and plays a remote server: a Person actor with its own RSA key on another loopback port, recording
its inbox. Then: WebFinger and the Group actor; a Follow signed RFC 9421 by the library http-message-signatures, whose
Accept must come back signed draft-cavage, verified here with `cryptography` alone (and apsig when installed); the same
Follow again; refusals (unsigned, altered body, wrong key, stale date, foreign actor); a Follow of the members-only
community signed draft-cavage (hs2019) here, answered by a Reject; an Undo through the shared inbox. First, our own
signers and verifiers are checked against each other and the library (--self-test: only that, without Enjeu).
Usage, from the repo root: python e2e/federation_interop.py [--bin .build/debug/enjeu] [--self-test]
"""
import argparse
import base64
import contextlib
import hashlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fep8b32_verify  # noqa: E402  (the FEP-8b32 verifier next to this file: rfc8785 + cryptography)
import valueflows_check  # noqa: E402  (PyLD expansion + pyshacl against e2e/valueflows/shapes.ttl)
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, MappingKeyResolver, algorithms

AP = "application/activity+json"
AS = "https://www.w3.org/ns/activitystreams"
SUFFIX = f"{random.randrange(10**6):06d}"
PASSWORD = "une phrase de passe assez longue"
PASSED = 0
STEP = "setup"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def ok(message):
    global PASSED
    PASSED += 1
    print(f"ok   {STEP}: {message}", flush=True)


def sha256_b64(body):
    return base64.b64encode(hashlib.sha256(body).digest()).decode()


def fails(fn):
    try:
        fn()
    except (InvalidSignature, AssertionError):
        return True
    return False


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# --- Signatures, written from the specifications, independent of Enjeu's code -----------------------------------
def cavage_sign(key, key_id, url, body, algorithm="hs2019", date=None):
    """Headers of a POST signed as Mastodon signs: draft-cavage over (request-target) host date digest, RSA-SHA256."""
    u = urlsplit(url)
    target = u.path + (f"?{u.query}" if u.query else "")
    headers = {"Host": u.netloc, "Date": date or formatdate(usegmt=True), "Digest": f"SHA-256={sha256_b64(body)}"}
    text = "\n".join([f"(request-target): post {target}"] + [f"{k.lower()}: {v}" for k, v in headers.items()])
    headers["Content-Type"] = AP
    sig = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    headers["Signature"] = (f'keyId="{key_id}",algorithm="{algorithm}",headers="(request-target) host date digest",'
                            f'signature="{sig}"')
    return headers


def cavage_verify(public_key, method, target, headers, body):
    """Verifies a draft-cavage signature (headers: lowercased names). Returns the keyId; raises on any failure."""
    fields = dict(re.findall(r'(\w+)="([^"]*)"', headers.get("signature", "")))
    check("keyId" in fields and "signature" in fields, f"no cavage Signature header: {headers.get('signature')!r}")
    check(fields.get("algorithm", "hs2019") in ("rsa-sha256", "hs2019"), f"algorithm {fields.get('algorithm')}")
    names = fields.get("headers", "date").lower().split()
    check({"(request-target)", "host", "date", "digest"} <= set(names), f"signed headers too few: {names}")
    lines = [f"(request-target): {method.lower()} {target}" if n == "(request-target)" else f"{n}: {headers[n]}"
             for n in names]
    try:
        public_key.verify(base64.b64decode(fields["signature"]), "\n".join(lines).encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise AssertionError(f"cavage signature does not verify over {lines}") from None
    check(headers["digest"] == f"SHA-256={sha256_b64(body)}", f"Digest {headers['digest']} is not the body's")
    sent = datetime.strptime(headers["date"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=timezone.utc)
    check(abs((datetime.now(timezone.utc) - sent).total_seconds()) < 300, f"Date {headers['date']} is not now")
    return fields["keyId"]


def rfc9421_sign(key, key_id, url, body):
    """A prepared requests POST signed by the http-message-signatures library (label sig1, alg rsa-v1_5-sha256)."""
    req = requests.Request("POST", url, data=body, headers={"Content-Type": AP}).prepare()
    HTTPMessageSigner(signature_algorithm=algorithms.RSA_V1_5_SHA256,
                      key_resolver=MappingKeyResolver(public_keys={}, private_keys={key_id: key})).sign(
        req, key_id=key_id, label="sig1", covered_component_ids=("@method", "@target-uri", "content-digest"), body=body,
        created=datetime.now(timezone.utc))
    return req


def apsig_verify(pem, record):
    """A second opinion from apsig (PyPI), when installed (it knows algorithm rsa-sha256 only): whether it ran."""
    try:
        from apsig.draft.verify import Verifier
    except ImportError:
        return False
    Verifier(pem, "POST", f"http://127.0.0.1{record['path']}", record["headers"], record["body"]).verify(raise_on_fail=True)
    return True


def rfc9421_verify(public_key, method, url, headers, body):
    """Our own RFC 9421 check of sig1 (the signature base of §2.5, by hand), to cross-check the library's output."""
    params = re.search(r"sig1=(\(.*)$", headers["signature-input"]).group(1)
    components = re.findall(r'"([^"]+)"', params[:params.index(")")])
    values = {"@method": method.upper(), "@target-uri": url}
    lines = [f'"{c}": {values[c] if c in values else headers[c]}' for c in components]
    base = "\n".join(lines + [f'"@signature-params": {params}'])
    sig = base64.b64decode(re.search(r"sig1=:([^:]+):", headers["signature"]).group(1))
    public_key.verify(sig, base.encode(), padding.PKCS1v15(), hashes.SHA256())  # raises InvalidSignature
    check(headers["content-digest"] == f"sha-256=:{sha256_b64(body)}:", "Content-Digest is not the body's")


# --- The remote server: one Person actor, an inbox that records ------------------------------------------------
class Remote:
    def __init__(self):
        self.key = new_key()
        self.received, self.fetches = [], 0
        self.cond = threading.Condition()
        remote = self

        class Handler(BaseHTTPRequestHandler):
            log_message = staticmethod(lambda *args: None)  # quiet: the walk reports

            def do_GET(self):
                found = self.path.split("?")[0] == "/actor"
                remote.fetches += found
                body = json.dumps(remote.actor_doc()).encode() if found else b"{}"
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", AP)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                # Repeated fields joined as HTTP says (a doubled Host would then fail verification, as it should).
                headers = {k.lower(): ", ".join(self.headers.get_all(k)) for k in set(self.headers.keys())}
                with remote.cond:  # recorded before answering, so a sender sees it once answered
                    remote.received.append({"path": self.path, "headers": headers, "body": body})
                    remote.cond.notify_all()
                self.send_response(202 if self.path == "/inbox" else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.actor, self.key_id = f"{self.base}/actor", f"{self.base}/actor#main-key"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def actor_doc(self):
        pem = self.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        return {"@context": [AS, "https://w3id.org/security/v1"], "id": self.actor, "type": "Person",
                "preferredUsername": "remote", "name": "Remote interop actor", "inbox": f"{self.base}/inbox",
                "outbox": f"{self.base}/outbox",
                "publicKey": {"id": self.key_id, "owner": self.actor, "publicKeyPem": pem}}

    def wait_for(self, kind, follow_id, timeout=20):
        """The first recorded POST whose activity has this type and refers to the Follow `follow_id`."""
        def match():
            for r in self.received:
                a = json.loads(r["body"] or b"{}")
                obj = a.get("object")
                if a.get("type") == kind and (obj == follow_id or isinstance(obj, dict) and obj.get("id") == follow_id):
                    return r, a
        with self.cond:
            self.cond.wait_for(match, timeout)
            return match()

    def activity(self, kind, obj):
        return {"@context": AS, "id": f"{self.base}/activities/{uuid.uuid4()}", "type": kind, "actor": self.actor,
                "object": obj}

    def send(self, url, activity, scheme="rfc9421", key=None, **options):
        """POSTs the activity signed with our key id: RFC 9421, or draft-cavage with scheme as its algorithm."""
        body = json.dumps(activity).encode()
        if scheme == "rfc9421":
            return post(rfc9421_sign(key or self.key, self.key_id, url, body))
        return post(url, body, cavage_sign(key or self.key, self.key_id, url, body, scheme, **options))


# --- Enjeu --------------------------------------------------------------------------------------------------------
class Enjeu:
    def __init__(self, binary):
        with socket.socket() as s:  # a free port, named in ENJEU_PUBLIC_URL before the server starts
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = tempfile.TemporaryDirectory(prefix="enjeu-fed-")
        self.log_path = os.path.join(self.tmp.name, "server.log")
        env = dict(os.environ, ENJEU_DATA_DIR=self.tmp.name, ENJEU_PORT=str(self.port), ENJEU_BCRYPT_COST="4",
                   ENJEU_AUTH_RATE_LIMIT="1000", ENJEU_WRITE_RATE_LIMIT="1000", ENJEU_PUBLIC_URL=self.base)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(120):
            check(self.proc.poll() is None, f"enjeu exited early ({self.proc.returncode}):\n{self.log_tail()}")
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.base}/healthz", timeout=2).ok:
                    return
            time.sleep(0.5)
        raise AssertionError(f"enjeu not healthy after 60 s:\n{self.log_tail()}")

    def log_tail(self, n=50):
        return "".join(open(self.log_path, errors="replace").readlines()[-n:])

    def stop(self):
        """SIGTERM, as run.sh does (nothing if already stopped); whether the server stopped cleanly."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30) in (0, -signal.SIGTERM, 143)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return False


def api(base, method, path, body=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = requests.request(method, base + path, json=body, headers=headers, timeout=20)
    check(r.status_code in (200, 201), f"{method} {path}: {r.status_code} {r.text[:300]}")
    return r.json()


def get_ap(url):
    r = requests.get(url, headers={"Accept": AP}, timeout=10)
    check(r.status_code == 200, f"GET {url}: {r.status_code} {r.text[:200]}")
    return r


def followers(base, slug):
    doc = get_ap(f"{base}/ap/communities/{slug}/followers").json()
    check(doc.get("type") == "OrderedCollection", f"followers is not an OrderedCollection: {doc}")
    return doc["totalItems"]


def until(fn, want, timeout=20):
    """fn() once it gives `want` (queued work may take a moment), else its last answer after `timeout` s."""
    deadline = time.time() + timeout
    while (got := fn()) != want and time.time() < deadline:
        time.sleep(0.3)
    return got


def post(req_or_url, body=None, headers=None):
    """Sends a prepared request, or POSTs body with these exact headers; returns the status."""
    if isinstance(req_or_url, requests.PreparedRequest):
        return requests.Session().send(req_or_url, timeout=20).status_code
    return requests.post(req_or_url, data=body, headers=headers, timeout=20).status_code


def verify_enjeu_delivery(record, community_actor):
    """The Accept/Reject's draft-cavage signature, with the key Enjeu publishes; apsig as a second opinion."""
    key_id = dict(re.findall(r'(\w+)="([^"]*)"', record["headers"].get("signature", ""))).get("keyId", "")
    check(key_id == f"{community_actor}#main-key", f"keyId {key_id!r} is not {community_actor}#main-key")
    actor = get_ap(key_id.split("#")[0]).json()
    check(actor["publicKey"]["id"] == key_id, f"the actor's publicKey.id is {actor['publicKey']['id']}")
    pem = actor["publicKey"]["publicKeyPem"]
    cavage_verify(serialization.load_pem_public_key(pem.encode()), "POST", record["path"], record["headers"], record["body"])
    return "cryptography and apsig" if apsig_verify(pem, record) else "cryptography"


# --- The walk -----------------------------------------------------------------------------------------------------
def self_test():
    """Our signers and verifiers against each other and against the library, on the wire to our own inbox."""
    global STEP
    STEP = "0-self-test"
    remote, other = Remote(), new_key()
    pub = remote.key.public_key()
    body = json.dumps(remote.activity("Follow", "http://127.0.0.1:1/ap/communities/x")).encode()
    req = rfc9421_sign(remote.key, remote.key_id, f"{remote.base}/inbox", body)
    h = {k.lower(): v for k, v in req.headers.items()}
    check(re.fullmatch(r'sig1=\("@method" "@target-uri" "content-digest"\);created=\d+;keyid="[^"]+";alg="rsa-v1_5-sha256"',
                       h["signature-input"]), f"Signature-Input: {h['signature-input']}")
    rfc9421_verify(pub, "POST", req.url, h, body)
    HTTPMessageVerifier(signature_algorithm=algorithms.RSA_V1_5_SHA256, key_resolver=MappingKeyResolver(
        public_keys={remote.key_id: pub}, private_keys={})).verify(req, body=body, require_components=("content-digest",))
    check(fails(lambda: rfc9421_verify(other.public_key(), "POST", req.url, h, body)), "own RFC 9421: a wrong key passed")
    check(fails(lambda: rfc9421_verify(pub, "POST", req.url, h, body.replace(b"Follow", b"Follox"))),
          "own RFC 9421 check: an altered body passed")
    ok("RFC 9421: the library's signature passes our own check and its verifier; a wrong key or body fails ours")

    for alg in ("hs2019", "rsa-sha256"):
        check(remote.send(f"{remote.base}/inbox", json.loads(body), alg) == 202, "POST to our own inbox")
    for rec in remote.received:
        check(cavage_verify(pub, "POST", rec["path"], rec["headers"], rec["body"]) == remote.key_id, "own cavage check")
    check(fails(lambda: cavage_verify(other.public_key(), "POST", "/inbox", remote.received[0]["headers"], body)),
          "own cavage check: a wrong key passed")
    apsig = apsig_verify(remote.actor_doc()["publicKey"]["publicKeyPem"], remote.received[1])  # the rsa-sha256 one
    remote.server.shutdown()
    ok(f"draft-cavage (hs2019, rsa-sha256) sent over HTTP verifies with our check{' and apsig' * apsig}; a wrong key fails")


def walk(enjeu, remote):
    global STEP
    base, host = enjeu.base, urlsplit(enjeu.base).netloc
    STEP = "1-communities"
    handle, email = f"fed_{SUFFIX}", f"fed_{SUFFIX}@example.org"
    api(base, "POST", "/api/v1/accounts", {"handle": handle, "displayName": f"Fédé {SUFFIX}", "email": email, "password": PASSWORD})
    token = api(base, "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})["token"]
    public, closed = f"ouverte-{SUFFIX}", f"fermee-{SUFFIX}"
    for slug, visibility in ((public, "public"), (closed, "members")):
        api(base, "POST", "/api/v1/communities", {
            "slug": slug, "name": f"Communauté {slug}", "purpose": "Agir ensemble pour le bien commun du quartier",
            "perimeter": "Lyon", "rhythm": "mensuel", "stage": "emerging", "visibility": visibility,
            "charter": "Je donne autant que je reçois."}, token)
    ok(f"a steward, the public community {public} and the members-only {closed}")

    STEP = "2-discovery"
    r = requests.get(f"{base}/.well-known/webfinger", params={"resource": f"acct:{public}@{host}"}, timeout=10)
    check(r.status_code == 200, f"WebFinger: {r.status_code} {r.text[:200]}")
    check(r.headers.get("Content-Type", "").startswith("application/jrd+json"), f"WebFinger: {r.headers.get('Content-Type')}")
    actor_id = f"{base}/ap/communities/{public}"
    check(any(lk.get("rel") == "self" and lk.get("type") == AP and lk.get("href") == actor_id for lk in r.json()["links"]),
          f"WebFinger self link: {r.json()}")
    r = get_ap(actor_id)
    check("accept" in r.headers.get("Vary", "").lower() and "json" in r.headers.get("Content-Type", ""),
          f"actor's Vary {r.headers.get('Vary')!r}, Content-Type {r.headers.get('Content-Type')!r}")
    actor = r.json()
    for field, value in {"id": actor_id, "type": "Group", "preferredUsername": public, "inbox": f"{actor_id}/inbox",
                         "followers": f"{actor_id}/followers"}.items():
        check(actor.get(field) == value, f"actor {field} is {actor.get(field)!r}, not {value!r}")
    check(actor.get("name") and actor.get("outbox") and actor.get("endpoints", {}).get("sharedInbox") == f"{base}/ap/inbox",
          f"actor's name, outbox or endpoints.sharedInbox: {actor}")
    pk = actor["publicKey"]
    check(pk["id"] == f"{actor_id}#main-key" and pk["owner"] == actor_id, f"publicKey id/owner: {pk}")
    key = serialization.load_pem_public_key(pk["publicKeyPem"].encode())
    check(isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048, f"publicKeyPem is not RSA 2048: {key}")
    check(followers(base, public) == 0, "a new community has followers")
    ok("WebFinger → the Group actor (Vary: Accept, RSA 2048 SPKI key, inbox, sharedInbox, followers 0)")

    STEP = "3-follow-rfc9421"
    inbox, follow = f"{actor_id}/inbox", remote.activity("Follow", actor_id)
    check((status := remote.send(inbox, follow)) == 202, f"RFC 9421-signed Follow: {status}")
    check(remote.fetches > 0, "Enjeu did not fetch the signer's actor")
    record, accept = remote.wait_for("Accept", follow["id"]) or (None, None)
    check(record, f"no Accept of {follow['id']} in 20 s; inbox got {[r['body'][:120] for r in remote.received]}")
    check(record["path"] == "/inbox" and accept.get("actor") == actor_id, f"Accept: {accept}")
    how = verify_enjeu_delivery(record, actor_id)
    check(until(lambda: followers(base, public), 1) == 1, "followers totalItems is not 1 after the Accept")
    ok(f"202; Enjeu's Accept arrived, its draft-cavage signature and Digest verified with {how}; followers 1")

    STEP = "4-same-follow-again"
    check((status := remote.send(inbox, follow)) == 202, f"the same Follow again: {status}")
    time.sleep(2)
    check(followers(base, public) == 1, f"followers {followers(base, public)} after the same Follow twice")
    ok("the same activity id again: 202, followers still 1")

    STEP = "5-refusals"
    refused = []

    def refuse(what, send, allowed=(401,)):
        f = remote.activity("Follow", actor_id)
        check((status := send(f)) in allowed, f"{what}: {status}, expected {allowed}")
        refused.append(f["id"])

    refuse("unsigned", lambda f: post(inbox, json.dumps(f).encode(), {"Content-Type": AP}))

    def altered(f, keep_digest):
        b = json.dumps(f).encode()
        req = rfc9421_sign(remote.key, remote.key_id, inbox, b)
        req.body = b.replace(f["id"].encode(), f["id"][:-1].encode() + (b"0" if f["id"][-1] != "0" else b"1"))
        if not keep_digest:  # the forger fixes the digest too: the signature over it must then fail
            req.headers["Content-Digest"] = f"sha-256=:{sha256_b64(req.body)}:"
        return post(req)
    refuse("body altered after signing", lambda f: altered(f, True))
    refuse("body and digest altered after signing", lambda f: altered(f, False))
    refuse("signed with another key", lambda f: remote.send(inbox, f, key=new_key()))
    stale = formatdate(time.time() - 7200, usegmt=True)
    refuse("Date two hours old", lambda f: remote.send(inbox, f, "hs2019", date=stale))
    refuse("actor on another host than the key", lambda f: remote.send(inbox, dict(f, actor="http://other.test/actor"),
                                                                        "hs2019"), allowed=range(400, 500))
    check(followers(base, public) == 1, "a refused Follow changed the followers")
    ok("401 unsigned, body altered (digest kept or redone), another key, stale Date; 4xx foreign actor")

    STEP = "6-members-only"
    closed_id = f"{base}/ap/communities/{closed}"
    follow2 = remote.activity("Follow", closed_id)
    check((status := remote.send(f"{closed_id}/inbox", follow2, "hs2019")) == 202,
          f"cavage-signed Follow of the members-only community: {status}")
    found = remote.wait_for("Reject", follow2["id"])
    check(found and found[1].get("actor") in (closed_id, f"{base}/ap/actor"),  # the contract names no Reject signer
          f"no Reject of {follow2['id']} in 20 s; inbox got {[r['body'][:300] for r in remote.received[1:]]}")
    how = verify_enjeu_delivery(found[0], found[1]["actor"])
    late = [i for i in refused if remote.wait_for("Accept", i, timeout=0) or remote.wait_for("Reject", i, timeout=0)]
    check(not late and not remote.wait_for("Accept", follow2["id"], timeout=0), f"refused Follows answered: {late}")
    ok(f"hs2019-signed Follow: 202, a Reject by {found[1]['actor']} (verified with {how}); refused Follows got no answer")

    STEP = "7-publish"
    post_id = api(base, "POST", f"/api/v1/communities/{public}/posts", {"body": "Bonjour le fédivers"}, token)["id"]
    note_id = f"{actor_id}/posts/{post_id.upper()}"
    found = remote.wait_for("Create", note_id)
    check(found, f"no Create of {note_id} in 20 s; inbox got {[r['body'][:200] for r in remote.received]}")
    record, create = found
    how = verify_enjeu_delivery(record, actor_id)
    note = create["object"]
    check(create["actor"] == actor_id and note["type"] == "Note" and note["attributedTo"] == actor_id
          and "Bonjour le fédivers" in note["content"] and f"{actor_id}/followers" in note.get("cc", []),
          f"Create: {create}")
    check(get_ap(note_id).json()["id"] == note_id, "the Note's id does not answer with it")
    ok(f"a member's post reached the follower as Create(Note) by the Group (verified with {how}); its id resolves")

    STEP = "8-reply"
    reply = {"id": f"{remote.base}/notes/{uuid.uuid4()}", "type": "Note", "attributedTo": remote.actor,
             "inReplyTo": note_id, "content": "<p>Merci, <b>bien reçu</b> !</p>", "to": [f"{AS}#Public"]}
    check((status := remote.send(f"{base}/ap/inbox", remote.activity("Create", reply))) == 202, f"reply: {status}")
    comments = lambda: requests.get(f"{base}/api/v1/communities/{public}/posts/{post_id}", timeout=10).json().get("comments", [])
    until(lambda: len(comments()), 1)
    got = comments()
    check(len(got) == 1 and got[0]["author"] == f"remote@{urlsplit(remote.base).netloc}" and got[0]["body"] == "Merci, bien reçu !",
          f"the reply as a comment: {got}")
    ok("a signed Create(Note) inReplyTo the post became its comment, by remote@host, as plain text")

    STEP = "9-revision-proof"
    amendment = api(base, "POST", f"/api/v1/communities/{public}/code/amendments", {
        "baseRevision": 0, "summary": "Notre raison d'être", "reason": "Pour commencer",
        "changes": [{"section": "raison-d-etre", "body": "Faire ensemble."}]}, token)["id"]
    api(base, "POST", f"/api/v1/communities/{public}/code/amendments/{amendment}/positions", {"position": "consent"}, token)
    decided = api(base, "POST", f"/api/v1/communities/{public}/code/amendments/{amendment}/decide", None, token)
    check(decided.get("revision") == 1, f"the amendment was not adopted: {decided}")
    article_id = f"{actor_id}/code/1"
    found = remote.wait_for("Create", article_id)
    check(found, f"no Create of {article_id} in 20 s")
    article = found[1]["object"]
    multikey = next(m["publicKeyMultibase"] for m in get_ap(actor_id).json()["assertionMethod"])
    check(fep8b32_verify.verify(article, multikey), f"the delivered Article's FEP-8b32 proof does not verify: {article}")
    check(fep8b32_verify.verify_url(article_id), "the Article fetched by its id does not verify (fep8b32_verify --url)")
    forged = dict(article, summary="Autre chose")
    check(not fep8b32_verify.verify(forged, multikey), "an altered Article still verifies")
    ok("an adopted revision reached the follower as Create(Article) whose eddsa-jcs-2022 proof verifies "
       "with the Group's assertionMethod Multikey (rfc8785 + cryptography), delivered and fetched by id")

    STEP = "10-offer-proposal"
    offer_id = api(base, "POST", f"/api/v1/communities/{public}/offers", {
        "kind": "service", "title": "Réparation de vélos", "description": "Freins et dérailleurs.", "terms": "Contre un repas",
        "tags": ["vélo"], "place": "Lyon"}, token)["id"]
    proposal_id = f"{actor_id}/offers/{offer_id.upper()}"
    found = remote.wait_for("Create", proposal_id)
    check(found, f"no Create of {proposal_id} in 20 s")
    proposal = found[1]["object"]
    check(proposal["type"] == "Proposal" and proposal["purpose"] == "offer" and proposal["publishes"]["type"] == "Intent",
          f"the offer is not an FEP-0837 Proposal: {proposal}")
    expanded_ok, shacl_ok, details = valueflows_check.check(get_ap(proposal_id).json(), "proposal", verbose=False)
    check(expanded_ok and shacl_ok, f"the Proposal fails the ValueFlows checks: {details}")
    ok("an offer reached the follower as Create(Proposal); by its id it expands with PyLD without a dropped key "
       "and conforms to e2e/valueflows/shapes.ttl (pyshacl)")

    STEP = "11-ledger-valueflows"
    flow = api(base, "POST", f"/api/v1/communities/{public}/flows", {
        "from": "community", "to": "outside:Café des Tilleuls", "nature": "material", "measure": "quantitative",
        "quantity": 12, "unit": "€", "description": "Deux paniers de légumes", "date": "2026-11-30"}, token)["id"]
    r = requests.get(f"{base}/api/v1/communities/{public}/flows.jsonld", headers={"Authorization": f"Bearer {token}"}, timeout=20)
    check(r.status_code == 200 and "urn:" not in r.text, f"the ValueFlows export: {r.status_code} {r.text[:300]}")
    expanded_ok, shacl_ok, details = valueflows_check.check(r.json(), "ledger export", verbose=False)
    check(expanded_ok and shacl_ok, f"the ValueFlows export fails the checks: {details}")
    event = get_ap(f"{base}/ap/flows/{flow.upper()}").json()
    check(event.get("@id") == f"{base}/ap/flows/{flow.upper()}" and event.get("@type") == "EconomicEvent",
          f"the flow by its id: {event}")
    outside = get_ap(event["receiver"]).json()
    check(outside.get("@id") == event["receiver"] and outside.get("name") == "Café des Tilleuls",
          f"the outside party by its IRI {event['receiver']}: {outside}")
    check(fep8b32_verify.verify_url(f"{base}/ap/flows/{flow.upper()}"),
          "the confirmed flow's FEP-8b32 proof does not verify (fep8b32_verify --url)")
    ok("the ledger's ValueFlows export names everything by https IRIs (no urn:), expands without a dropped key, conforms "
       "to the SHACL shapes; a flow answers JSON-LD at its /ap/flows/<id>, with its community's eddsa-jcs-2022 proof once confirmed, and so does "
       "the outside party it names")

    STEP = "12-flow-agreement"
    event_id = f"{remote.base}/flows/{uuid.uuid4()}"
    offer = remote.activity("Offer", {
        "id": f"{event_id}#agreement", "type": "Agreement",
        "realizes": {"@id": event_id, "@type": "EconomicEvent", "provider": remote.actor, "receiver": actor_id,
                     "action": "vf:transfer", "resourceClassifiedAs": ["enjeu:material", "enjeu:quantitative"],
                     "resourceQuantity": {"om2:hasNumericalValue": 4, "rdfs:label": "kg"}, "note": "Graines de tomates",
                     "hasPointInTime": "2026-11-29T00:00:00Z"}})
    check((status := remote.send(f"{base}/ap/inbox", offer)) == 202, f"Offer of an Agreement: {status}")
    pending = lambda: api(base, "GET", f"/api/v1/communities/{public}/flows/pending", token=token)["items"]
    until(lambda: len(pending()), 1)
    copy = pending()[0] if pending() else {}
    check(copy.get("iri") == event_id and copy.get("from") == f"remote:{remote.actor}" and copy.get("quantity") == 4
          and copy.get("description") == "Graines de tomates", f"the offered flow in the ledger: {copy}")
    api(base, "POST", f"/api/v1/communities/{public}/flows/{copy['id']}/confirm", None, token)
    found = remote.wait_for("Accept", offer["id"])
    check(found and found[1].get("actor") == actor_id, f"no Accept of {offer['id']} in 20 s")
    how = verify_enjeu_delivery(found[0], actor_id)
    ok(f"an Offer of a ValueFlows Agreement became a pending entry under the event's own IRI; its steward's confirmation "
       f"came back as Accept (verified with {how})")

    STEP = "13-undo"
    check((status := remote.send(f"{base}/ap/inbox", remote.activity("Undo", follow), "rsa-sha256")) == 202,
          f"Undo through the shared inbox: {status}")
    check(until(lambda: followers(base, public), 0) == 0, "followers not back to 0 after the Undo")
    ok("Undo of the Follow through /ap/inbox: 202, followers 0")


def main():
    global STEP
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("ENJEU_BIN", ".build/debug/enjeu"))
    parser.add_argument("--self-test", action="store_true", help="check the signers and verifiers only, without Enjeu")
    args = parser.parse_args()
    enjeu = None
    try:
        self_test()
        STEP = "fep-8b32-vectors"
        failed = fep8b32_verify.self_test()
        check(not failed, f"FEP-8b32 / W3C eddsa-jcs-2022 vectors: {failed}")
        ok("the FEP-8b32 and W3C eddsa-jcs-2022 test vectors sign and verify with the Python verifier")
        if not args.self_test:
            STEP = "server"
            enjeu = Enjeu(args.bin)
            walk(enjeu, Remote())
            STEP = "shutdown"
            check(enjeu.stop(), "the server did not stop cleanly on SIGTERM")
    except Exception as error:  # an assertion or an unexpected error: both fail the run, with the server's log
        print(f"FAIL {STEP}: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"--- server log (last 50 lines) ---\n{enjeu.log_tail()}" if enjeu else "", file=sys.stderr)
        print(f"federation: {PASSED} passed, 1 failed")
        return 1
    finally:
        if enjeu:
            enjeu.stop()
            enjeu.tmp.cleanup()
    print(f"federation: {PASSED} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
