"""Inbox throughput (issue 19's budget: 200 signed activities acknowledged per second), for Benchmarks/federation.sh.

Plays K remote servers, each a Person actor with its own RSA 2048 key served from its own loopback port (so each is a
remote domain of its own, `127.0.0.1:<port>`, under the 3,000 activities a minute Enjeu allows one domain). Pre-signs N
distinct `Create` activities of a `Note` addressed to the community (draft-cavage hs2019 over `(request-target) host date
digest`, as Mastodon signs; or RFC 9421 by the library http-message-signatures, or both in turn), written from the
specifications as e2e/federation_interop.py does, independent of Enjeu's code. One activity per server first (each
server's key is then fetched once and kept: not timed), then all N posted to the inbox by C threads at once, each on
its own keep-alive connection. Reports the activities acknowledged (202) per second, the latency p50/p99, and every
answer that was not 202 (there must be none).
`Create`s are used because acting on them costs the queue nothing much (the community follows nobody) and adds no
follower: the publishing measure that follows counts exactly its own 500 inboxes.

Usage: python Benchmarks/federation_inbox.py --base http://127.0.0.1:PORT --community SLUG
         [--activities 2000] [--servers 8] [--concurrency 32] [--path /ap/inbox] [--scheme cavage|rfc9421|mixed]
         [--result result.json]
       python Benchmarks/federation_inbox.py --self-test   (against a stand-in inbox that verifies as Enjeu does)
Needs: cryptography, requests and http-message-signatures (e2e/requirements.txt).
"""
import argparse
import base64
import hashlib
import http.client
import json
import math
import re
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

AP = "application/activity+json"
AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = AS + "#Public"
PER_DOMAIN_PER_MINUTE = 3_000  # FederationRules.inboxPerDomainPerMinute


def sha256_b64(body):
    return base64.b64encode(hashlib.sha256(body).digest()).decode()


def percentile(values, p):
    """Nearest rank, as the other benchmarks read wrk's."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 32 connections opened at once are not dropped (and retried a second later)


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as servers talk
    log_message = staticmethod(lambda *args: None)

    def answer(self, status, body=b"", content_type=AP):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# --- The remote servers: one Person actor each ------------------------------------------------------------------
class RemoteServer:
    def __init__(self, index):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.pem = self.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.fetches = 0
        self.deliveries = 0
        remote = self

        class Handler(QuietHandler):
            def do_GET(self):
                if self.path.split("?")[0] == "/actor":
                    remote.fetches += 1
                    self.answer(200, json.dumps(remote.actor_doc()).encode())
                else:
                    self.answer(404, b"{}")

            def do_POST(self):  # Enjeu sends nothing for a Create; answered all the same
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                remote.deliveries += 1
                self.answer(202 if self.path == "/inbox" else 404)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.actor, self.key_id = f"{self.base}/actor", f"{self.base}/actor#main-key"
        self.name = f"bench{index}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def actor_doc(self):
        return {"@context": [AS, "https://w3id.org/security/v1"], "id": self.actor, "type": "Person",
                "preferredUsername": self.name, "name": f"Banc d'essai {self.name}", "inbox": f"{self.base}/inbox",
                "outbox": f"{self.base}/outbox", "endpoints": {"sharedInbox": f"{self.base}/inbox"},
                "publicKey": {"id": self.key_id, "owner": self.actor, "publicKeyPem": self.pem}}

    def create(self, community, n):
        """A distinct `Create` of a `Note`, addressed to the community (FEP-1b12's audience) and the public."""
        note_id = f"{self.base}/notes/{uuid.uuid4()}"
        now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        note = {"id": note_id, "type": "Note", "attributedTo": self.actor, "audience": community, "to": [PUBLIC],
                "cc": [community], "published": now, "url": note_id,
                "content": f"<p>Message {n} de {self.name}, pour la communauté.</p>"}
        return {"@context": AS, "id": f"{self.base}/activities/{uuid.uuid4()}", "type": "Create", "actor": self.actor,
                "audience": community, "to": [PUBLIC], "cc": [community], "published": now, "object": note}

    def sign(self, url, body, scheme):
        """The request's headers, signed draft-cavage (hs2019) or RFC 9421 (library)."""
        if scheme == "rfc9421":
            return rfc9421_headers(self.key, self.key_id, url, body)
        return cavage_headers(self.key, self.key_id, url, body)


def cavage_headers(key, key_id, url, body, algorithm="hs2019", date=None):
    """draft-cavage over (request-target) host date digest, RSA-SHA256: as Mastodon signs (and e2e/federation_interop.py)."""
    u = urlsplit(url)
    target = u.path + (f"?{u.query}" if u.query else "")
    headers = {"Host": u.netloc, "Date": date or formatdate(usegmt=True), "Digest": f"SHA-256={sha256_b64(body)}"}
    text = "\n".join([f"(request-target): post {target}"] + [f"{k.lower()}: {v}" for k, v in headers.items()])
    sig = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    headers["Signature"] = (f'keyId="{key_id}",algorithm="{algorithm}",headers="(request-target) host date digest",'
                            f'signature="{sig}"')
    headers["Content-Type"] = AP
    return headers


def rfc9421_headers(key, key_id, url, body):
    """RFC 9421 by the http-message-signatures library (label sig1, @method @target-uri content-digest)."""
    import requests
    from http_message_signatures import HTTPMessageSigner, MappingKeyResolver, algorithms
    req = requests.Request("POST", url, data=body, headers={"Content-Type": AP}).prepare()
    HTTPMessageSigner(signature_algorithm=algorithms.RSA_V1_5_SHA256,
                      key_resolver=MappingKeyResolver(public_keys={}, private_keys={key_id: key})).sign(
        req, key_id=key_id, label="sig1", covered_component_ids=("@method", "@target-uri", "content-digest"), body=body,
        created=datetime.now(timezone.utc))
    headers = {k: v for k, v in req.headers.items() if k.lower() != "content-length"}
    headers["Host"] = urlsplit(url).netloc
    return headers


# --- Sending ------------------------------------------------------------------------------------------------------
class Sender:
    """POSTs on one keep-alive connection per thread; (status, seconds, body of an answer that is not 202)."""

    def __init__(self, base, timeout=30):
        u = urlsplit(base)
        self.host, self.port, self.timeout = u.hostname, u.port or 80, timeout
        self.local = threading.local()

    def connection(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return c

    def drop(self):
        c = getattr(self.local, "conn", None)
        if c is not None:
            c.close()
        self.local.conn = None

    def post(self, item):
        path, headers, body = item
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = getattr(self.local, "conn", None) is not None
            try:
                c = self.connection()
                c.request("POST", path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read()
                if r.will_close:
                    self.drop()
                return r.status, time.perf_counter() - started, (b"" if r.status == 202 else data[:300])
            except (http.client.HTTPException, OSError) as error:
                self.drop()  # never reused in an unknown state
                # A keep-alive connection the server closed meanwhile: once more on a new one (the same activity
                # twice would be acknowledged and kept once).
                if attempt == 2 or not reused or isinstance(error, TimeoutError):
                    return -1, time.perf_counter() - started, repr(error).encode()


def get_json(url, accept=AP):
    with urlopen(Request(url, headers={"Accept": accept}), timeout=10) as r:
        return json.load(r)


def run(base, slug, activities, servers, concurrency, path, scheme, out=print):
    base = base.rstrip("/")
    community = f"{base}/ap/communities/{slug}"
    actor = get_json(community)
    if actor.get("id") != community:
        raise SystemExit(f"{community} is not the community's actor: {actor}")
    # Warm-up: one per server. Timed: N, at most PER_DOMAIN_PER_MINUTE - 100 per server (a margin under the limit).
    per_server = math.ceil(activities / servers) + 1
    if per_server > PER_DOMAIN_PER_MINUTE - 100:
        raise SystemExit(f"{activities} activities from {servers} servers is {per_server} a server, over Enjeu's "
                         f"{PER_DOMAIN_PER_MINUTE} a minute per domain: raise --servers")
    t0 = time.perf_counter()
    remotes = [RemoteServer(i) for i in range(servers)]
    url = base + path
    schemes = ["cavage", "rfc9421"] if scheme == "mixed" else [scheme]

    def signed(i):
        r = remotes[i % servers]
        body = json.dumps(r.create(community, i), separators=(",", ":")).encode()
        return path, r.sign(url, body, schemes[i % len(schemes)]), body

    warm = [signed(i) for i in range(servers)]
    items = [signed(servers + i) for i in range(activities)]
    out(f"inbox: {servers} remote servers on 127.0.0.1 ports {remotes[0].base.rsplit(':', 1)[1]}…; "
        f"{activities + servers} activities signed ({'/'.join(schemes)}) in {time.perf_counter() - t0:.1f} s")

    sender = Sender(base)
    warm_results = [sender.post(w) for w in warm]
    warm_ok = sum(1 for s, _, _ in warm_results if s == 202)
    for s, _, body in warm_results:
        if s != 202:
            out(f"inbox: warm-up answered {s}: {body.decode(errors='replace')}")
    out(f"inbox: warm-up, one activity per server (its key fetched once): {warm_ok}/{servers} acknowledged, "
        f"{max(t for _, t, _ in warm_results) * 1000:.0f} ms at most; actor fetches {sum(r.fetches for r in remotes)}")

    results = [None] * len(items)

    def task(i):
        results[i] = sender.post(items[i])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(task, range(len(items))))
    elapsed = time.perf_counter() - started

    statuses = {}
    for s, _, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    acked = statuses.get(202, 0)
    latencies = [t * 1000 for _, t, _ in results]
    samples = {}
    for s, _, body in results:
        if s != 202 and s not in samples:
            samples[s] = body.decode(errors="replace")
    result = {
        "servers": servers, "concurrency": concurrency, "scheme": scheme, "path": path,
        "sent": len(items), "acknowledged": acked, "not_acknowledged": len(items) - acked,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(elapsed, 3), "per_second": round(acked / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 50), 2), "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2), "warmup_sent": servers, "warmup_acknowledged": warm_ok,
        "actor_fetches": sum(r.fetches for r in remotes),
    }
    out(f"inbox: {len(items)} activities, {concurrency} at once: {acked} acknowledged (202) in {elapsed:.2f} s = "
        f"{result['per_second']:.0f}/s; latency p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"max {result['max_ms']:.1f} ms; not 202: {result['not_acknowledged']}")
    for s, body in samples.items():
        out(f"inbox: {statuses[s]} answered {s if s != -1 else 'no HTTP answer'}, e.g. {body[:200]}")
    if statuses.get(429):
        out("inbox: 429 is Enjeu's per-domain limit: raise --servers")
    for r in remotes:
        r.server.shutdown()
    return result


# --- Self-test: a stand-in inbox that verifies as Enjeu does --------------------------------------------------------
class StandIn:
    """An inbox that checks what Enjeu checks (Inbox.swift): the signature (draft-cavage or RFC 9421) with the key fetched
    from the signer's actor and kept, the Date or created within an hour, the digest, the actor and id on the signer's
    server, each activity once; 202, or 401. It also answers GET /ap/communities/<slug> with a Group actor."""

    def __init__(self, slug):
        self.keys, self.seen, self.lock = {}, set(), threading.Lock()
        self.fetches = 0
        stand_in = self

        class Handler(QuietHandler):
            def do_GET(self):
                if self.path == f"/ap/communities/{slug}":
                    self.answer(200, json.dumps({"id": f"{stand_in.base}{self.path}", "type": "Group"}).encode())
                else:
                    self.answer(404, b"{}")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): ", ".join(self.headers.get_all(k)) for k in set(self.headers.keys())}
                try:
                    status = stand_in.receive(self.path, headers, body)
                except (AssertionError, InvalidSignature, KeyError, ValueError) as error:
                    self.answer(401, f"{type(error).__name__}: {error}".encode(), "text/plain")
                    return
                self.answer(status)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def key(self, key_id):
        with self.lock:
            if key_id in self.keys:
                return self.keys[key_id]
        doc = get_json(key_id.split("#")[0])
        self.fetches += 1
        pk = doc["publicKey"]
        assert pk["id"] == key_id and pk["owner"] == doc["id"], "the actor does not own the key"
        key = serialization.load_pem_public_key(pk["publicKeyPem"].encode())
        with self.lock:
            self.keys[key_id] = key
        return key

    def receive(self, path, h, body):
        now = datetime.now(timezone.utc)
        if "signature-input" in h:
            params = re.search(r"sig1=(\(.*)$", h["signature-input"]).group(1)
            fields = dict(re.findall(r';(\w+)=("[^"]*"|\d+)', params))
            key_id, created = fields["keyid"].strip('"'), int(fields["created"])
            assert abs(now.timestamp() - created) <= 3600, "stale"
            components = re.findall(r'"([^"]+)"', params[:params.index(")")])
            assert "content-digest" in components, "content-digest not signed"
            assert h["content-digest"] == f"sha-256=:{sha256_b64(body)}:", "Content-Digest is not the body's"
            values = {"@method": "POST", "@target-uri": self.base + path}
            text = "\n".join([f'"{c}": {values[c] if c in values else h[c]}' for c in components]
                             + [f'"@signature-params": {params}'])
            sig = base64.b64decode(re.search(r"sig1=:([^:]+):", h["signature"]).group(1))
        else:
            fields = dict(re.findall(r'(\w+)="([^"]*)"', h["signature"]))
            key_id, names = fields["keyId"], fields["headers"].split()
            assert {"(request-target)", "host", "date", "digest"} <= set(names), f"signed too few: {names}"
            assert abs((now - parsedate_to_datetime(h["date"])).total_seconds()) <= 3600, "stale"
            assert h["digest"] == f"SHA-256={sha256_b64(body)}", "Digest is not the body's"
            text = "\n".join(f"(request-target): post {path}" if n == "(request-target)" else f"{n}: {h[n]}" for n in names)
            sig = base64.b64decode(fields["signature"])
        self.key(key_id).verify(sig, text.encode(), padding.PKCS1v15(), hashes.SHA256())
        activity = json.loads(body)
        origin = key_id.split("/actor")[0]
        assert activity["actor"].startswith(origin + "/") and activity["id"].startswith(origin + "/"), "foreign actor"
        with self.lock:
            self.seen.add(activity["id"])
        return 202


def self_test():
    """The benchmark against the stand-in, each scheme; then refusals the stand-in must make (so a pass means something)."""
    failures = 0
    for scheme in ("cavage", "rfc9421", "mixed"):
        stand_in = StandIn("banc")
        r = run(stand_in.base, "banc", 300, 3, 16, "/ap/inbox", scheme, out=lambda line: print("  " + line))
        ok = r["acknowledged"] == 300 and r["warmup_acknowledged"] == 3 and stand_in.fetches == 3 and len(stand_in.seen) == 303
        print(f"{'ok  ' if ok else 'FAIL'} self-test {scheme}: {r['acknowledged']}/300 acknowledged, "
              f"{len(stand_in.seen)} distinct activities, {stand_in.fetches} key fetches")
        failures += not ok
        stand_in.server.shutdown()
    # Refusals: a wrong key, an altered body, a stale date must not be acknowledged by the stand-in.
    stand_in, remote = StandIn("banc"), RemoteServer(0)
    url = stand_in.base + "/ap/inbox"
    body = json.dumps(remote.create(stand_in.base + "/ap/communities/banc", 0)).encode()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sender = Sender(stand_in.base)
    altered, stale = body.replace(b"Message", b"Massage"), formatdate(time.time() - 7200, usegmt=True)
    cases = {
        "wrong key": ("/ap/inbox", cavage_headers(other, remote.key_id, url, body), body),
        "altered body": ("/ap/inbox", cavage_headers(remote.key, remote.key_id, url, body), altered),
        "stale date": ("/ap/inbox", cavage_headers(remote.key, remote.key_id, url, body, date=stale), body),
        "rfc9421 altered body": ("/ap/inbox", rfc9421_headers(remote.key, remote.key_id, url, body), altered),
    }
    for name, item in cases.items():
        status = sender.post(item)[0]
        ok = status == 401
        print(f"{'ok  ' if ok else 'FAIL'} self-test refusal, {name}: {status}")
        failures += not ok
    status = sender.post(("/ap/inbox", cavage_headers(remote.key, remote.key_id, url, body), body))[0]
    print(f"{'ok  ' if status == 202 else 'FAIL'} self-test: the same activity signed right: {status}")
    failures += status != 202
    print(f"self-test: {'passed' if not failures else f'{failures} failed'}")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="Enjeu's address, as ENJEU_PUBLIC_URL names it (http://127.0.0.1:PORT)")
    parser.add_argument("--community", help="the slug of a public community")
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--servers", type=int, default=8, help="remote servers (domains), one port each")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--path", default="/ap/inbox", help="the inbox posted to (/ap/inbox, /ap/communities/<slug>/inbox)")
    parser.add_argument("--scheme", choices=("cavage", "rfc9421", "mixed"), default="cavage")
    parser.add_argument("--result", help="also write the result as JSON to this file")
    parser.add_argument("--self-test", action="store_true", help="run against a stand-in inbox, without Enjeu")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.base or not args.community:
        parser.error("--base and --community are needed (or --self-test)")
    if min(args.activities, args.servers, args.concurrency) < 1:
        parser.error("--activities, --servers and --concurrency must be at least 1")
    path = args.path.replace("<slug>", args.community)
    result = run(args.base, args.community, args.activities, args.servers, args.concurrency, path, args.scheme)
    if args.result:
        with open(args.result, "w") as f:
            json.dump(result, f, indent=1)
    return 0 if result["not_acknowledged"] == 0 and result["warmup_acknowledged"] == result["warmup_sent"] else 1


if __name__ == "__main__":
    sys.exit(main())
