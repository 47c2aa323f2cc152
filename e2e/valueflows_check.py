"""Enjeu's ValueFlows JSON-LD, checked from outside Enjeu's code (issue 19).

Two checks, both on PyPI libraries only:
  (a) expansion (PyLD) keeps every key: a key that the context does not map is dropped by JSON-LD expansion, and one
      that the ActivityStreams context's `"@vocab": "_:"` turns into a blank-node property disappears in RDF. The same
      goes for a `@type` that only expands to `_:…`, a relative IRI, or an undeclared prefix (`foo:bar`). Each loss is
      reported with where it is in the document;
  (b) the RDF (PyLD's N-Quads, read by rdflib) conforms to the SHACL shapes in e2e/valueflows/shapes.ttl (pyshacl):
      EconomicEvents with an action, a provider, a receiver and a date, measures, agents, FEP-0837 Proposals and
      Intents, and nothing but http(s) IRIs (a urn:enjeu: name fails).
Remote contexts come from e2e/valueflows/contexts/ (CI has no internet), and any other context is refused.
Usage, from the repo root:
  python e2e/valueflows_check.py --self-test         # good and bad samples: proves both checks pass and fail
  python e2e/valueflows_check.py --file flows.jsonld
  python e2e/valueflows_check.py --url http://127.0.0.1:8080/api/v1/communities/atelier/flows.jsonld --bearer TOKEN
  python e2e/valueflows_check.py --url https://host/ap/communities/atelier/offers/<uuid>   # a Proposal
Exit status: 0 when every check passes, 1 when one fails, 2 when the document cannot be read.
"""
import argparse
import copy
import json
import logging
import os
import re
import sys

import rdflib
import requests
from pyld import jsonld
from pyshacl import validate

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = os.path.join(HERE, "valueflows", "shapes.ttl")
CONTEXT_DIR = os.path.join(HERE, "valueflows", "contexts")

# Published contexts served from files (see e2e/valueflows/contexts/README.md for where each copy comes from).
CONTEXTS = {
    "https://www.w3.org/ns/activitystreams": "activitystreams.jsonld",
    "https://w3id.org/security/v1": "security-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/cid/v1": "cid-v1.jsonld",
}
# Spellings of the same documents met in the wild.
ALIASES = {
    "http://www.w3.org/ns/activitystreams": "https://www.w3.org/ns/activitystreams",
    "https://www.w3.org/ns/activitystreams.jsonld": "https://www.w3.org/ns/activitystreams",
    "https://www.w3.org/ns/activitystreams#": "https://www.w3.org/ns/activitystreams",
}
ACCEPT = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams", application/activity+json;q=0.9, application/json;q=0.5'
VF = "https://w3id.org/valueflows/ont/vf#"
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# Schemes an expanded property may legitimately have; anything else is a compact IRI whose prefix is not declared.
KNOWN_SCHEMES = {"http", "https", "urn", "did", "tag", "mailto", "data", "ipfs", "ni"}

_documents = {}


def load_document(url, options=None):
    """PyLD document loader: the files of e2e/valueflows/contexts only, never the network."""
    key = ALIASES.get(url, url)
    if key not in CONTEXTS:
        raise jsonld.JsonLdError(
            "context %s is not kept in e2e/valueflows/contexts (no network in CI): add it there and to CONTEXTS" % url,
            "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")
    if key not in _documents:
        with open(os.path.join(CONTEXT_DIR, CONTEXTS[key]), encoding="utf-8") as f:
            _documents[key] = json.load(f)
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": copy.deepcopy(_documents[key])}


OPTIONS = {"documentLoader": load_document}


# Without a base PyLD resolves relative IRIs against http://example.org/base/ and says nothing: resolve them against
# this name instead, so that the expansion check finds and reports them.
NO_BASE = "https://no-base.invalid/"


def options(base=None):
    """PyLD options: the offline loader, and the document's own address to resolve relative IRIs against (as the
    DCAT catalogue writes them, and as the export may when ENJEU_PUBLIC_URL is unset)."""
    return dict(OPTIONS, base=base or NO_BASE)
# An ill-typed literal ("le 5 juin"^^xsd:dateTime) is a SHACL datatype violation, reported below; not a log line.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


# MARK: (a) expansion

def _input_keys(node, path="$", out=None):
    """Every key of the input document other than @context, with where it is: {key: [json paths]}."""
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context":
                continue
            out.setdefault(k, []).append("%s.%s" % (path, k))
            _input_keys(v, "%s.%s" % (path, k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _input_keys(v, "%s[%d]" % (path, i), out)
    return out


def _type_values(node, path="$", out=None):
    """Every value of `type` / `@type` in the input, with where it is: {value: [json paths]}."""
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context":
                continue
            if k in ("type", "@type"):
                for t in (v if isinstance(v, list) else [v]):
                    if isinstance(t, str):
                        out.setdefault(t, []).append("%s.%s" % (path, k))
            _type_values(v, "%s.%s" % (path, k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _type_values(v, "%s[%d]" % (path, i), out)
    return out


def _null_terms(node, out=None):
    """Terms some inline @context maps to null: the keys PyLD reports as a dropped `None`."""
    out = set() if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context":
                for c in (v if isinstance(v, list) else [v]):
                    if isinstance(c, dict):
                        out.update(t for t, d in c.items() if d is None or (isinstance(d, dict) and "@id" in d and d["@id"] is None))
            else:
                _null_terms(v, out)
    elif isinstance(node, list):
        for v in node:
            _null_terms(v, out)
    return out


def _where(keys, name, limit=4):
    paths = keys.get(name, [])
    if not paths:
        return ""
    more = " and %d more" % (len(paths) - limit) if len(paths) > limit else ""
    return " at " + ", ".join(paths[:limit]) + more


def _is_relative(iri):
    return isinstance(iri, str) and (iri.startswith(NO_BASE) or not iri.startswith("_:") and not ABSOLUTE.match(iri))


def _walk_expanded(node, found, path="$", base_dir=None):
    """What survives expansion but not RDF: blank-node properties and types, relative IRIs, undeclared prefixes.
    A type that expands under the document's own address (`base_dir`) is an unmapped term resolved as a path."""
    if isinstance(node, list):
        for i, v in enumerate(node):
            _walk_expanded(v, found, "%s[%d]" % (path, i), base_dir)
        return
    if not isinstance(node, dict):
        return
    for k, v in node.items():
        if k.startswith("_:"):
            found.append(("blank-node property", k[2:], "key %r is not in the context; the ActivityStreams "
                          "context's \"@vocab\": \"_:\" makes it %r, which RDF drops" % (k[2:], k)))
        elif not k.startswith("@"):
            scheme = k.split(":", 1)[0].lower()
            if scheme not in KNOWN_SCHEMES:
                found.append(("undeclared prefix", k, "key %r stays the IRI %r: prefix %r is not declared "
                              "in the context" % (k, k, scheme)))
        if k == "@type" and "@value" not in node:
            for t in (v if isinstance(v, list) else [v]):
                if isinstance(t, str) and (t.startswith("_:") or _is_relative(t) or (base_dir and t.startswith(base_dir))):
                    name = t[2:] if t.startswith("_:") else t.rsplit("/", 1)[-1]
                    found.append(("unmapped type", name, "type %r is not mapped by the context (it only becomes "
                                  "%r)" % (name, t)))
        if k == "@id" and _is_relative(v):
            relative = v.replace(NO_BASE, "/", 1) if v.startswith(NO_BASE) else v
            found.append(("relative IRI", relative, "%s: %r is a relative IRI and the document has no base (give "
                          "--base or --url)" % (path, relative)))
        _walk_expanded(v, found, "%s.%s" % (path, k), base_dir)


def expansion_losses(doc, base=None):
    """Everything JSON-LD expansion (or the step to RDF after it) loses from `doc`, as readable lines."""
    keys = _input_keys(doc)
    dropped = []
    try:
        expanded = jsonld.expand(copy.deepcopy(doc), options(base), on_property_dropped=dropped.append)
    except TypeError:  # PyLD < 3.3 has no hook: compare the keys of the input with a compaction of its expansion.
        expanded = jsonld.expand(copy.deepcopy(doc), options(base))
        dropped = _roundtrip_missing(doc, expanded)
    lines = []
    for name in sorted({d for d in dropped if d is not None}):
        lines.append("dropped by expansion: key %r is not mapped by the context%s" % (name, _where(keys, name)))
    if None in dropped:
        nulls = sorted(_null_terms(doc))
        lines.append("dropped by expansion: key(s) the context maps to null: %s" % (", ".join(nulls) or "?"))
    found = []
    _walk_expanded(expanded, found, base_dir=(base.split("?")[0].rsplit("/", 1)[0] + "/") if base else None)
    seen = set()
    for kind, name, message in found:
        if (kind, name) in seen:
            continue
        seen.add((kind, name))
        where = (_where(keys, name) if kind in ("blank-node property", "undeclared prefix")
                 else _where(_type_values(doc), name) if kind == "unmapped type" else "")
        count = sum(1 for f in found if f[0] == kind and f[1] == name)
        lines.append("lost in RDF: " + message + (" (%d times)" % count if count > 1 else "") + where)
    return lines, expanded


def _roundtrip_missing(doc, expanded):
    """Keys of the input absent from the compaction of its expansion with its own context (fallback only)."""
    context = doc.get("@context", {}) if isinstance(doc, dict) else {}
    back = jsonld.compact(expanded, context, options())
    before, after = _input_keys(doc), _input_keys(back)
    aliases = {"@id", "@type", "id", "type", "@graph"}
    return sorted(k for k in before if k not in after and k not in aliases)


# MARK: (b) SHACL

def to_graph(doc, base=None):
    nquads = jsonld.to_rdf(copy.deepcopy(doc), dict(options(base), format="application/n-quads"))
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def shacl(graph, shapes_path=SHAPES):
    """(conforms, the report as text, [(severity, focus, path, message)])."""
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    conforms, report_graph, report_text = validate(graph, shacl_graph=shapes, inference="none", abort_on_first=False,
                                                   allow_infos=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = set()
    for r in report_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        value = report_graph.value(r, sh.value)
        results.add((str(report_graph.value(r, sh.resultSeverity)).rsplit("#", 1)[-1], str(report_graph.value(r, sh.focusNode)),
                     str(report_graph.value(r, sh.resultPath) or ""), "" if value is None or isinstance(value, rdflib.BNode) else str(value),
                     str(report_graph.value(r, sh.resultMessage) or "")))
    return conforms, report_text, sorted(results)


def _short(term):
    for prefix, iri in (("vf:", VF), ("om2:", "http://www.ontology-of-units-of-measure.org/resource/om-2/"),
                        ("as:", "https://www.w3.org/ns/activitystreams#"), ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#")):
        if term.startswith(iri):
            return prefix + term[len(iri):]
    return "[blank node]" if re.match(r"^[A-Za-z0-9]{20,}$", term) else term


def summary(graph):
    counts = {}
    for cls in ("EconomicEvent", "Agent", "Person", "Organization", "Proposal", "Intent"):
        n = len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(VF + cls))))
        if n:
            counts[cls] = n
    return counts


# MARK: Running

def check(doc, label, shapes_path=SHAPES, verbose=True, full_report=False, base=None):
    """Both checks on one document (relative IRIs resolved against `base`); prints what fails. Returns
    (expansion_ok, shacl_ok, details)."""
    def say(*a):
        if verbose:
            print(*a)
    losses, _ = expansion_losses(doc, base)
    if losses:
        say("✗ %s: expansion loses %d thing(s):" % (label, len(losses)))
        for line in losses:
            say("    " + line)
    else:
        say("✓ %s: expansion keeps every key" % label)
    graph = to_graph(doc, base)
    if len(graph) == 0:
        say("✗ %s: the document gives no RDF at all" % label)
        return not losses, False, {"losses": losses, "results": []}
    conforms, report, results = shacl(graph, shapes_path)
    if conforms:
        say("✓ %s: %d triples conform to %s %s" % (label, len(graph), os.path.relpath(shapes_path), summary(graph)))
    else:
        say("✗ %s: %d triples, %d SHACL result(s):" % (label, len(graph), len(results)))
        for severity, focus, path, value, message in results:
            message = re.sub(r"\bN[0-9a-f]{32}\b", "[a blank node]", message)
            focus = "the document" if focus.endswith("/shapes/valueflows#Document") else _short(focus)
            say("    %s on %s%s: %s%s" % (severity, focus, " " + _short(path) if path else "", message,
                                          " (value: %s)" % _short(value) if value and value not in message else ""))
        if full_report:
            say(report)
    return not losses, conforms, {"losses": losses, "results": results}


def fetch(url, bearer=None):
    headers = {"Accept": ACCEPT}
    if bearer:
        headers["Authorization"] = "Bearer " + bearer
    r = requests.get(url, headers=headers, timeout=60)
    if r.status_code != 200:
        raise SystemExit("GET %s → %d %s" % (url, r.status_code, r.text[:300]))
    return r.json()


# MARK: Self-test samples

HOST = "https://enjeu.example"
FLOW_1 = HOST + "/ap/communities/tisserands/flows/6F1C2B8E-5D0A-4C47-9A57-2F4D7D3E9A01"
FLOW_2 = HOST + "/ap/communities/tisserands/flows/6F1C2B8E-5D0A-4C47-9A57-2F4D7D3E9A02"
OFFER = HOST + "/ap/communities/tisserands/offers/0B7C8E1A-93D2-4A5E-8F60-1C2D3E4F5A6B"


def export_context(vocab):
    """The export's @context as EconomyExports.valueFlowsContext builds it, with `enjeu:` at `vocab`, plus the
    agent terms the recommended export adds (notes/fep-0837.md)."""
    def iri(i):
        return {"@id": i, "@type": "@id"}

    def typed(i, t):
        return {"@id": i, "@type": "http://www.w3.org/2001/XMLSchema#" + t}
    return {
        "vf": VF, "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "enjeu": vocab,
        "EconomicEvent": "vf:EconomicEvent", "action": iri("vf:action"), "provider": iri("vf:provider"), "receiver": iri("vf:receiver"),
        "resourceClassifiedAs": iri("vf:resourceClassifiedAs"), "corrects": iri("vf:corrects"),
        "hasPointInTime": typed("vf:hasPointInTime", "dateTime"), "resourceQuantity": "vf:resourceQuantity", "note": "vf:note",
        "comment": "rdfs:comment", "appreciation": typed("enjeu:appreciation", "integer"), "status": "enjeu:status",
        "recordedBy": iri("enjeu:recordedBy"), "recordedAt": typed("enjeu:recordedAt", "dateTime"),
        "confirmedBy": iri("enjeu:confirmedBy"), "confirmedAt": typed("enjeu:confirmedAt", "dateTime"),
        "Agent": "vf:Agent", "Person": "vf:Person", "Organization": "vf:Organization", "name": "vf:name",
    }


def good_export():
    """Two flows as the export should write them once IRIs are https: a confirmed sale in euros, between a member and
    an organisation, and a qualitative service from the community to an outside party; then the agents."""
    return {
        "@context": export_context(HOST + "/ns#"),
        "@graph": [
            {"@id": FLOW_1, "@type": "EconomicEvent", "action": "vf:transfer",
             "provider": HOST + "/people/ada", "receiver": HOST + "/ap/organisations/atelier-lumiere",
             "hasPointInTime": "2026-06-02T00:00:00Z", "resourceClassifiedAs": ["enjeu:material", "enjeu:quantitative"],
             "resourceQuantity": {"@type": "om2:Measure", "om2:hasNumericalValue": 75, "om2:hasUnit": {"@id": "om2:euro"},
                                  "rdfs:label": "€"},
             "note": "Dix écharpes en dépôt-vente", "status": "confirmed", "recordedAt": "2026-06-02T10:12:00Z",
             "recordedBy": HOST + "/people/ada", "confirmedBy": HOST + "/people/basile", "confirmedAt": "2026-06-03T08:00:00Z"},
            {"@id": FLOW_2, "@type": "EconomicEvent", "action": "vf:deliverService",
             "provider": HOST + "/ap/communities/tisserands",
             "receiver": HOST + "/ap/communities/tisserands/outside/Caf%C3%A9%20des%20Tilleuls",
             "hasPointInTime": "2026-06-05T00:00:00Z", "resourceClassifiedAs": ["enjeu:immaterial", "enjeu:qualitative"],
             "note": "Prêt de la salle", "comment": "Pour leur assemblée", "appreciation": 4, "status": "pending",
             "recordedAt": "2026-06-05T18:40:00Z", "recordedBy": HOST + "/people/ada"},
            {"@id": HOST + "/people/ada", "@type": "Person", "name": "ada"},
            {"@id": HOST + "/people/basile", "@type": "Person", "name": "basile"},
            {"@id": HOST + "/ap/organisations/atelier-lumiere", "@type": "Organization", "name": "Atelier Lumière"},
            {"@id": HOST + "/ap/communities/tisserands", "@type": "Organization", "name": "Les Tisserands"},
            {"@id": HOST + "/ap/communities/tisserands/outside/Caf%C3%A9%20des%20Tilleuls", "@type": "Agent",
             "name": "Café des Tilleuls"},
        ],
    }


def todays_export():
    """What EconomyExports.valueFlows emits today (urn:enjeu: names): the shapes must refuse it."""
    base = "urn:enjeu:tisserands:"
    ctx = export_context("urn:enjeu:vocab#")
    for term in ("Agent", "Person", "Organization", "name"):
        del ctx[term]
    return {
        "@context": ctx,
        "@graph": [
            {"@id": base + "flow:6F1C2B8E-5D0A-4C47-9A57-2F4D7D3E9A01", "@type": "EconomicEvent", "action": "vf:transfer",
             "provider": base + "agent:member:ada", "receiver": base + "agent:org:atelier-lumiere",
             "hasPointInTime": "2026-06-02T00:00:00Z",
             "resourceClassifiedAs": ["urn:enjeu:nature:material", "urn:enjeu:measure:quantitative"],
             "resourceQuantity": {"@type": "om2:Measure", "om2:hasNumericalValue": 75,
                                  "om2:hasUnit": {"@id": base + "unit:%E2%82%AC"}, "rdfs:label": "€"},
             "status": "confirmed", "recordedAt": "2026-06-02T10:12:00Z", "recordedBy": base + "agent:member:ada"},
        ],
    }


def relative_export():
    """The export as it may be written without ENJEU_PUBLIC_URL: paths, resolved against the document's address."""
    text = json.dumps(good_export()).replace(HOST + "/ap/", "/ap/").replace(HOST + "/people/", "/people/")
    return json.loads(text)


def bad_shacl_export():
    """Every key mapped (expansion is clean), but: a urn: identifier, a flow without action, one without provider,
    a quantity without value, a date that is not a date."""
    doc = good_export()
    events = doc["@graph"]
    events[0]["@id"] = "urn:enjeu:tisserands:flow:6F1C2B8E-5D0A-4C47-9A57-2F4D7D3E9A01"
    del events[0]["action"]
    del events[1]["provider"]
    events[1]["hasPointInTime"] = "le 5 juin"
    events[0]["resourceQuantity"] = {"@type": "om2:Measure", "om2:hasUnit": {"@id": "om2:euro"}}
    return doc


def bad_expansion_export():
    """SHACL-valid, but two keys the context does not map (`amount`, and `quantite` in the measure): expansion drops them."""
    doc = good_export()
    doc["@graph"][0]["amount"] = 75
    doc["@graph"][0]["resourceQuantity"]["quantite"] = "75"
    return doc


def undeclared_prefix_export():
    """A compact IRI whose prefix the context does not declare: expansion keeps "ex:colour" as an IRI of scheme
    `ex`, which both checks refuse."""
    doc = good_export()
    doc["@graph"][1]["ex:colour"] = "bleu"
    return doc


def proposal_context():
    """FEP-0837's context (full example, 2025-10-11), plus what Enjeu's offers need: provider (an IRI), the
    classifications, and Hashtag for the tags."""
    return [
        "https://www.w3.org/ns/activitystreams",
        {
            "om2": "http://www.ontology-of-units-of-measure.org/resource/om-2/",
            "vf": VF,
            "Proposal": "vf:Proposal",
            "Intent": "vf:Intent",
            "action": "vf:action",
            "purpose": "vf:purpose",
            "unitBased": "vf:unitBased",
            "publishes": "vf:publishes",
            "reciprocal": "vf:reciprocal",
            "resourceConformsTo": "vf:resourceConformsTo",
            "resourceQuantity": "vf:resourceQuantity",
            "availableQuantity": "vf:availableQuantity",
            "minimumQuantity": "vf:minimumQuantity",
            "hasUnit": "om2:hasUnit",
            "hasNumericalValue": "om2:hasNumericalValue",
            "provider": {"@id": "vf:provider", "@type": "@id"},
            "resourceClassifiedAs": "vf:resourceClassifiedAs",
            "Hashtag": "as:Hashtag",
        },
    ]


def good_proposal():
    """An offer of the public catalogue as notes/fep-0837.md says Enjeu should serve it at its IRI."""
    return {
        "@context": proposal_context(),
        "id": OFFER,
        "type": "Proposal",
        "purpose": "offer",
        "attributedTo": HOST + "/ap/communities/tisserands",
        "audience": HOST + "/ap/communities/tisserands",
        "name": "Réparation de vêtements",
        "content": "<p>Je reprise, raccourcis et remplace les fermetures éclair.</p>"
                   "<p><strong>Conditions :</strong> 10 € de l'heure, ou en échange de temps.</p>",
        "mediaType": "text/html",
        "published": "2026-05-14T09:30:00Z",
        "url": HOST + "/communities/tisserands/economy/offers/0B7C8E1A-93D2-4A5E-8F60-1C2D3E4F5A6B",
        "location": {"type": "Place", "name": "Atelier de la rue Haute, Lyon"},
        "tag": [
            {"type": "Hashtag", "name": "#couture", "href": HOST + "/catalogue?tag=couture"},
            {"type": "Hashtag", "name": "#réparation", "href": HOST + "/catalogue?tag=r%C3%A9paration"},
        ],
        "publishes": {
            "id": OFFER + "#primary",
            "type": "Intent",
            "action": "deliverService",
            "provider": HOST + "/people/ada",
            "resourceClassifiedAs": ["service", "couture", "réparation"],
            "resourceQuantity": {"hasUnit": "one"},
        },
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [HOST + "/ap/communities/tisserands/followers"],
    }


def bad_proposal():
    """Keys all mapped, but no purpose, a urn: provider, and an Intent without action or quantity."""
    doc = good_proposal()
    del doc["purpose"]
    doc["publishes"]["provider"] = "urn:enjeu:tisserands:agent:member:ada"
    del doc["publishes"]["action"]
    del doc["publishes"]["resourceQuantity"]
    return doc


def bad_expansion_proposal():
    """SHACL-valid, but a `price` and a tag type the context does not define: the ActivityStreams @vocab "_:" keeps
    them through expansion as blank-node terms, and RDF drops them."""
    doc = good_proposal()
    doc["price"] = "10 €"
    doc["context"] = HOST + "/ap/communities/tisserands"  # a real AS term: not a loss
    doc["tag"].append({"type": "Emoji", "name": ":fil:"})
    return doc


def self_test(shapes_path):
    cases = [
        # label, document, expansion should pass, SHACL should pass, (focus or path or message) fragments SHACL must report
        ("export, https IRIs (recommended)", good_export(), True, True, []),
        ("export, today's urn:enjeu: names", todays_export(), True, False, ["urn:enjeu:tisserands:flow:", "urn:enjeu:vocab#status"]),
        ("export, urn id / no action / no provider / bad date / no value", bad_shacl_export(), True, False,
         ["urn:enjeu:tisserands:flow:", VF + "action", VF + "provider", VF + "hasPointInTime",
          "http://www.ontology-of-units-of-measure.org/resource/om-2/hasNumericalValue"]),
        ("export, paths resolved against the document's address", relative_export(), True, True, [],
         HOST + "/communities/tisserands/economy/flows.jsonld"),
        ("export, paths and no base", relative_export(), False, True, []),
        ("export, unmapped keys", bad_expansion_export(), False, True, []),
        ("export, undeclared prefix", undeclared_prefix_export(), False, False, ["ex:colour"]),
        ("FEP-0837 Proposal (recommended)", good_proposal(), True, True, []),
        ("FEP-0837 Proposal, no purpose / urn provider / Intent without action or quantity", bad_proposal(), True, False,
         [VF + "purpose", "urn:enjeu:tisserands:agent:member:ada", VF + "action", VF + "resourceQuantity"]),
        ("FEP-0837 Proposal, unmapped key and type", bad_expansion_proposal(), False, True, []),
    ]
    wrong = []
    for label, doc, expand_ok, shacl_ok, fragments, *base in cases:
        print("— " + label)
        got_expand, got_shacl, details = check(doc, label, shapes_path, base=base[0] if base else None)
        if got_expand != expand_ok:
            wrong.append("%s: expansion check %s, expected %s" % (label, got_expand, expand_ok))
        if got_shacl != shacl_ok:
            wrong.append("%s: SHACL check %s, expected %s" % (label, got_shacl, shacl_ok))
        reported = " | ".join(" ".join(r) for r in details["results"])
        for fragment in fragments:
            if fragment not in reported:
                wrong.append("%s: SHACL did not report %r" % (label, fragment))
        if not expand_ok:
            expected = {"export, unmapped keys": ["'amount'", "'quantite'"], "export, undeclared prefix": ["'ex:colour'"],
                        "export, paths and no base": ["'/ap/communities/tisserands/flows/"],
                        "FEP-0837 Proposal, unmapped key and type": ["'price'", "'Emoji'"]}.get(label, [])
            text = "\n".join(details["losses"])
            wrong.extend("%s: expansion did not report %s" % (label, e) for e in expected if e not in text)
            if "'context'" in text:
                wrong.append("%s: `context` (an ActivityStreams term) was reported lost" % label)
    print()
    if wrong:
        print("SELF-TEST FAILED:\n  " + "\n  ".join(wrong))
        return 1
    print("SELF-TEST OK: %d cases; both checks pass on the good documents and fail on the bad ones" % len(cases))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", help="a JSON-LD file")
    source.add_argument("--url", help="a JSON-LD document to GET (Accept: application/ld+json)")
    source.add_argument("--self-test", action="store_true", help="good and bad samples; no Enjeu needed")
    parser.add_argument("--bearer", help="a personal access token for --url (flows need sign-in)")
    parser.add_argument("--shapes", default=SHAPES, help="SHACL shapes (Turtle); default: e2e/valueflows/shapes.ttl")
    parser.add_argument("--full-report", action="store_true", help="also print pyshacl's whole report")
    parser.add_argument("--base", help="the document's address, for relative IRIs (default: --url; none for --file)")
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.shapes)
    try:
        if args.file:
            with open(args.file, encoding="utf-8") as f:
                doc = json.load(f)
        else:
            doc = fetch(args.url, args.bearer)
    except (OSError, ValueError, requests.RequestException) as e:
        print("cannot read the document: %s" % e, file=sys.stderr)
        return 2
    try:
        expansion_ok, shacl_ok, _ = check(doc, args.file or args.url, args.shapes, full_report=args.full_report,
                                          base=args.base or args.url)
    except jsonld.JsonLdError as e:
        messages, cause = [], e
        while isinstance(cause, Exception):
            messages.append(str(getattr(cause, "args", [""])[0] if getattr(cause, "args", None) else cause))
            cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
        print("cannot process the JSON-LD: " + messages[-1], file=sys.stderr)
        return 2
    return 0 if expansion_ok and shacl_ok else 1


if __name__ == "__main__":
    sys.exit(main())
