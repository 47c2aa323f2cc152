"""axe-core on every page a browser walk visits, at 1280 px and 375 px (WCAG 2.0/2.1/2.2 A and AA rules).

A walk's pages are watched (Auditor.watch): page.goto and page.wait_for_url audit the page they land on, and
Auditor.pending audits any page whose current document was never audited (one a click brought, before the next
step); Auditor.audit(page, force=True) audits again after a change that loads no document (a live update).
Each document is audited once at each width, the viewport then put back as it was. Serious and critical
violations fail the walk (Auditor.finish). Every violation, whatever its impact, and every check axe could not decide
(outcome "incomplete", to review by hand) go to E2E_ARTIFACTS/axe/<walk>.jsonl, with the elements that make the page
scroll sideways at 375 px (outcome "reflow", WCAG 1.4.10, which axe does not test; failing too), the documents audited to
<walk>.pages; axe_report.py merges them into one report. A page with a failing violation is also photographed at
both widths.
"""
import hashlib
import json
import re
import sys
import time
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error as PlaywrightError

WIDTHS = (1280, 375)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING = ("critical", "serious")
RUN_AXE = "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})"
MARK = "() => { window.__enjeuAxeAudited = true; }"
MARKED = "() => window.__enjeuAxeAudited === true"
# What axe would see, without what changes from one person or visit to another (ids, numbers, CSRF tokens):
# two documents with the same shape are audited once.
SHAPE = r"""() => {
  const norm = (s) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "U").replace(/\d+/g, "0");
  const out = [document.documentElement.lang];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) { if (n.textContent.trim()) out.push("#" + norm(n.textContent.trim())); continue; }
    let s = "<" + n.tagName;
    for (const a of n.attributes) if (!(n.type === "hidden" && a.name === "value")) s += " " + a.name + "=" + norm(a.value);
    out.push(s);
  }
  return out.join("\n");
}"""
# Beyond axe, WCAG 1.4.10 (reflow): at the narrow width the page itself must not scroll sideways. Names the outermost
# elements that stick out (not those inside a box that scrolls or clips on its own, such as a wide table's wrapper).
OVERFLOW = r"""() => {
  const width = document.documentElement.clientWidth, scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width + 1) return null;
  const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== "visible") return true; return false; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const sticking = new Map();  // element whose box stays inside -> its children that stick out, and how far
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect(), parent = el.parentElement;
    if (r.width > 0 && r.right > width + 1 && parent.getBoundingClientRect().right <= width + 1 && !clipped(el)) {
      const seen = sticking.get(parent) || { children: [], right: 0 };
      seen.children.push(el); seen.right = Math.max(seen.right, Math.round(r.right));
      sticking.set(parent, seen);
    }
  }
  const culprits = [];  // one child alone, or the container when several of its children stick out (a grid, a list)
  for (const [parent, seen] of sticking) {
    const el = seen.children.length > 1 ? parent : seen.children[0];
    culprits.push({ target: (el.parentElement === document.body ? "" : name(el.parentElement) + " > ") + name(el),
                    html: el.outerHTML.slice(0, 400), right: seen.right });
  }
  return { width, scrollWidth, culprits: culprits.slice(0, 10) };
}"""
UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
NAVIGATING = ("context was destroyed", "navigat", "Target closed", "frame was detached")


def pattern_of(url, suffix):
    """The page's path with its variable parts named: /communities/{slug}/code/amendments/{id}."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("#")[0]
    path, _, query = path.partition("?")
    parts = path.split("/")
    for i, part in enumerate(parts):
        if UUID.match(part):
            parts[i] = "{id}"
        elif i > 0 and parts[i - 1] == "communities" and part != "new":
            parts[i] = "{slug}"
        elif suffix in part:
            parts[i] = "{handle}"
        elif part.isdigit():
            parts[i] = "{n}"
    return "/".join(parts) + (f"?{query.replace(suffix, '')}" if query else "")


def node_record(violation, node):
    """One failing element of a violation, with what axe measured (for contrast: the colours and ratios)."""
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    data = next((c["data"] for c in checks if isinstance(c.get("data"), dict)), None)
    return {
        "rule": violation["id"], "impact": violation.get("impact") or node.get("impact"), "help": violation["help"],
        "helpUrl": violation["helpUrl"], "tags": [t for t in violation["tags"] if t.startswith("wcag")],
        "target": " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"]),
        "html": node.get("html", "")[:400], "summary": node.get("failureSummary", ""),
        "messages": sorted({c["message"] for c in checks if c.get("message")}), "data": data,
    }


class Auditor:
    def __init__(self, walk, artifacts: Path, suffix):
        self.walk = walk
        self.suffix = suffix
        self.shots = artifacts / "screenshots"
        self.log = artifacts / "axe" / f"{walk}.jsonl"
        self.records = []
        self.audited = []  # (pattern, url, person) of each document audited
        self.shapes = set()  # (pattern, shape hash) already audited
        self.photographed = set()  # patterns photographed for a failing violation
        self.printed = set()
        self.audits = self.skipped = 0
        self.seconds = 0.0

    def watch(self, page, person):
        """Audits the page wherever page.goto or page.wait_for_url lands (and the page being left, if never audited)."""
        goto, wait_for_url = page.goto, page.wait_for_url

        def audited_goto(url, **options):
            self.audit(page, person)
            response = goto(url, **options)
            self.audit(page, person)
            return response

        def audited_wait_for_url(url, **options):
            wait_for_url(url, **options)
            self.audit(page, person)

        page.goto, page.wait_for_url = audited_goto, audited_wait_for_url

    def pending(self, pages):
        for person, page in pages.items():
            self.audit(page, person)

    def audit(self, page, person, force=False):
        """Audits the page's current document at each width, unless it was already (force: after a live change)."""
        if page.is_closed() or page.url.startswith("about:"):
            return
        for attempt in range(3):
            try:
                page.wait_for_load_state("load")
                if not force and page.evaluate(MARKED):
                    return
                self._audit(page, person)
                page.evaluate(MARK)
                return
            except PlaywrightError as error:
                if attempt == 2 or not any(s in str(error) for s in NAVIGATING):
                    print(f"     axe: could not audit {page.url} ({person}): {str(error).splitlines()[0]}", file=sys.stderr)
                    return

    def _audit(self, page, person):
        started = time.monotonic()
        url = page.url
        pattern = pattern_of(url, self.suffix)
        shape = (pattern, hashlib.sha1(page.evaluate(SHAPE).encode()).hexdigest())
        if shape in self.shapes:
            self.skipped += 1
            return
        viewport = page.viewport_size
        failing = False
        try:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": viewport["height"]})
                if page.evaluate("typeof axe") == "undefined":
                    page.evaluate(AXE_SCRIPT)
                results = page.evaluate(RUN_AXE, TAGS)
                if width == min(WIDTHS):
                    failing |= self._reflow(page, person, url, pattern, width)
                for outcome in ("violations", "incomplete"):
                    for violation in results[outcome]:
                        for node in violation["nodes"]:
                            record = node_record(violation, node)
                            record.update(outcome=outcome, walk=self.walk, person=person, width=width, url=url, pattern=pattern)
                            self.records.append(record)
                            failing |= self._print(record)
            if failing and pattern not in self.photographed:
                self.photographed.add(pattern)
                self.shots.mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", pattern.strip("/")) or "home"
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": viewport["height"]})
                    page.screenshot(path=self.shots / f"axe-{self.walk}-{name}-{width}.png", full_page=True)
        finally:
            page.set_viewport_size(viewport)
        self.shapes.add(shape)
        self.audited.append({"pattern": pattern, "url": url, "person": person, "walk": self.walk})
        self.audits += 1
        self.seconds += time.monotonic() - started

    def _reflow(self, page, person, url, pattern, width):
        """Records what sticks out when the page scrolls sideways at `width`; True if it does."""
        overflow = page.evaluate(OVERFLOW)
        if overflow is None:
            return False
        print(f"AXE  reflow   @{width}px {url}: the page is {overflow['scrollWidth']} px wide "
              f"({', '.join(c['target'] for c in overflow['culprits']) or 'html'})", file=sys.stderr, flush=True)
        for culprit in overflow["culprits"] or [{"target": "html", "html": "", "right": overflow["scrollWidth"]}]:
            self.records.append({
                "rule": "reflow", "impact": "serious", "outcome": "reflow",
                "help": "The page must not scroll sideways at the narrow width (WCAG 1.4.10 Reflow; not an axe rule)",
                "helpUrl": "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html", "tags": ["wcag21aa", "wcag1410"],
                "target": culprit["target"], "html": culprit["html"], "messages": [],
                "summary": f"page {overflow['scrollWidth']} px wide in a {overflow['width']} px viewport; "
                           f"it or its content reaches {culprit['right']} px",
                "data": None, "walk": self.walk, "person": person, "width": width, "url": url, "pattern": pattern})
        return True

    def _print(self, record):
        """Prints a serious or critical violation once per rule, page pattern, width and element; True if failing."""
        if record["outcome"] != "violations" or record["impact"] not in FAILING:
            return False
        key = (record["rule"], record["pattern"], record["width"], record["target"])
        if key not in self.printed:
            self.printed.add(key)
            detail = "; ".join(record["messages"])[:300]
            print(f"AXE  {record['impact']:<8} {record['rule']} @{record['width']}px {record['url']}  {record['target']}  — {detail}",
                  file=sys.stderr, flush=True)
        return True

    def finish(self):
        """Writes every violation to E2E_ARTIFACTS/axe/<walk>.jsonl; returns a line per failing rule (empty if none)."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w", encoding="utf-8") as out:
            for record in self.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        with self.log.with_suffix(".pages").open("w", encoding="utf-8") as out:
            for page in self.audited:
                out.write(json.dumps(page, ensure_ascii=False) + "\n")
        print(f"axe: {self.audits} documents audited at {' and '.join(f'{w} px' for w in WIDTHS)} in {self.seconds:.1f} s"
              f" ({self.skipped} identical ones skipped); {sum(r['outcome'] == 'violations' for r in self.records)} violating "
              f"elements, in {self.log}", flush=True)
        failing = {}
        for record in self.records:
            if record["outcome"] in ("violations", "reflow") and record["impact"] in FAILING:
                failing.setdefault((record["impact"], record["rule"]), set()).add(f"{record['pattern']} @{record['width']}")
        return [f"{impact} {rule}: {', '.join(sorted(where))}" for (impact, rule), where in sorted(failing.items())]
