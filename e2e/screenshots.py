"""Screenshots of the demo's main pages, in French and English, at 1280 px and 375 px, kept by CI as artefacts.

For each language: a fresh SQLite database in a temporary folder, `enjeu demo --lang <lang>`, then `enjeu serve` on a
free loopback port; a demo member signs in and every page below is photographed, full page, to
$E2E_ARTIFACTS/screenshots/<lang>/<page>-<width>.png. Fails if a page answers other than 2xx, or if at 375 px a page
scrolls sideways (WCAG 1.4.10). One browser and one context per language, for speed.
Usage, from the repo root: python e2e/screenshots.py [--bin .build/debug/enjeu] [--lang fr] [--lang en]
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from axe_audit import WIDTHS  # noqa: E402
from common import CHROMIUM, artifacts_folder  # noqa: E402

MEMBER = "camille@demo.enjeu.local"  # founder of the first community: sees its every page
PASSWORD = "enjeu-demo-2026"  # DemoCommand.password
SLUG = "tisserands-du-rhone"
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
C = f"/communities/{SLUG}"
# (name, path, or (list page, pattern of the first link to follow on it))
PAGES = [
    ("home", "/"),
    ("community", C),
    ("members", f"{C}/members"),
    ("code", f"{C}/code"),
    ("amendment", (f"{C}/code/amendments", rf"{C}/code/amendments/{UUID}$")),
    ("journey", f"{C}/journey"),
    ("figures", f"{C}/figures"),
    ("indicator", (f"{C}/figures", rf"{C}/figures/{UUID}$")),
    ("economy", f"{C}/economy"),
    ("catalogue", "/catalogue"),
    ("feed", f"{C}/feed"),
    ("credibility", f"{C}/credibility"),
    ("account", "/me/account"),
]
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoServer:
    """`enjeu demo --lang <lang>` into a new folder, then `enjeu serve` on it; stopped and removed on exit."""

    def __init__(self, binary, lang):
        self.data = tempfile.mkdtemp(prefix=f"enjeu-shots-{lang}-")
        self.port = free_port()
        self.log = open(Path(self.data) / "server.log", "w+")
        self.env = dict(os.environ, ENJEU_DATA_DIR=self.data, ENJEU_PORT=str(self.port), ENJEU_BCRYPT_COST="4",
                        ENJEU_AUTH_RATE_LIMIT="1000", ENJEU_WRITE_RATE_LIMIT="1000")
        # Each language seeds its own SQLite world: a PostgreSQL named by the caller's environment would be shared.
        self.env.pop("DATABASE_URL", None)
        self.binary, self.lang, self.process = binary, lang, None

    def __enter__(self):
        subprocess.run([self.binary, "demo", "--lang", self.lang], env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                       check=True, timeout=300)
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        raise RuntimeError(f"the {self.lang} demo server did not start:\n{self.tail()}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def tail(self, lines=40):
        self.log.flush()
        self.log.seek(0)
        return "".join(self.log.readlines()[-lines:])

    def __exit__(self, *_):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


def photograph(browser, server, lang, folder):
    """Signs in, photographs every page at each width; returns the problems found (empty if none)."""
    problems = []
    context = browser.new_context(base_url=server.url, locale=LOCALES[lang], viewport={"width": WIDTHS[0], "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/signin?next=/")
    page.fill("input[name=email]", MEMBER)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/signin'] button[type=submit]")
    if "/signin" in page.url:
        return [f"{lang}: could not sign in as {MEMBER}"]
    for name, target in PAGES:
        path = target
        if isinstance(target, tuple):
            listing, pattern = target
            page.goto(listing)
            hrefs = [h for h in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
                     if re.search(pattern, h)]
            if not hrefs:
                problems.append(f"{lang} {name}: no link matching {pattern} on {listing}")
                continue
            path = hrefs[0]
        response = page.goto(path)
        status = response.status if response else None
        if status is None or not 200 <= status < 300:
            problems.append(f"{lang} {name}: {path} answered {status}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
            scroll = page.evaluate(SCROLL_WIDTH)
            if width == min(WIDTHS) and scroll > width + 1:
                problems.append(f"{lang} {name}: {path} is {scroll} px wide at {width} px (scrolls sideways)")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        print(f"ok   {lang} {name}: {path}", flush=True)
    context.close()
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.environ.get("ENJEU_BIN", ".build/debug/enjeu"))
    parser.add_argument("--lang", action="append", choices=sorted(LOCALES))
    args = parser.parse_args()
    shots = artifacts_folder() / "screenshots"
    problems = []
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for lang in args.lang or ["fr", "en"]:
                folder = shots / lang
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                with DemoServer(args.bin, lang) as server:
                    try:
                        problems += photograph(browser, server, lang, folder)
                    except Exception as error:
                        problems.append(f"{lang}: {str(error).splitlines()[0]}")
                        print(server.tail(), file=sys.stderr)
        finally:
            browser.close()
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print(f"screenshots in {shots} ({time.monotonic() - started:.0f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
