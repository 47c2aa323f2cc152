"""Shared plumbing for the browser tests (Playwright, sync API): arguments, browser and contexts,
sign-up, step reporting, axe-core on every page visited (axe_audit.py), and screenshots of every open page,
at 1280 px and 375 px, on failure.

A test script calls run(__doc__, walk, "… passed"): walk(session) drives the browsers, setting
session.step before each step and calling session.passed(...) after it. Screenshots and the axe results go
to the folder E2E_ARTIFACTS (bash e2e/run.sh makes one if unset; a test run alone makes a temporary one).
"""
import argparse
import os
import random
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from axe_audit import WIDTHS, Auditor

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "une phrase de passe assez longue"
SUFFIX = f"{random.randrange(10**6):06d}"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def status_of(page: Page, path):
    response = page.goto(path)
    return response.status if response else None


def create_account(page: Page, handle, name):
    """Creates the account @handle, displayed as « name SUFFIX », and waits until it is signed in."""
    page.goto("/signup")
    page.get_by_label("Identifiant").fill(handle)
    page.get_by_label("Nom affiché", exact=True).fill(f"{name} {SUFFIX}")
    page.get_by_label("Adresse e-mail").fill(f"{handle}@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return handle



def create_community(page: Page, slug, name, purpose, visibility="members"):
    """The signed-in person creates a community and lands on its page."""
    page.goto("/communities/new")
    page.get_by_label("Nom", exact=True).fill(name)
    page.get_by_label("Adresse courte (slug)").fill(slug)
    page.get_by_label("Objet").fill(purpose)
    page.get_by_label("Visibilité").select_option(visibility)
    page.get_by_role("button", name="Créer la communauté").click()
    page.wait_for_url(f"**/communities/{slug}")


def join(steward: Page, member: Page, slug, member_handle, member_name, message):
    """member asks to join, the steward accepts (member_name as shown on the request card), member accepts the charter."""
    member.goto(f"/communities/{slug}")
    member.get_by_label("Votre message aux animateurs").fill(message)
    member.get_by_role("button", name="Demander à rejoindre").click()
    steward.goto(f"/communities/{slug}/requests")
    steward.locator("li.card", has_text=f"@{member_handle}").get_by_role("button", name=f"Accepter {member_name}").click()
    expect(steward.get_by_text("Demande acceptée", exact=False)).to_be_visible()
    member.goto(f"/communities/{slug}/charter")
    member.get_by_role("button", name="J'accepte la charte").click()
    member.wait_for_url(f"**/communities/{slug}")

def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--headed", action="store_true")
    return parser.parse_args()


def artifacts_folder():
    folder = os.environ.get("E2E_ARTIFACTS") or tempfile.mkdtemp(prefix="enjeu-e2e-")
    os.environ["E2E_ARTIFACTS"] = folder
    return Path(folder)


class Session:
    """One browser; each person gets their own context (separate cookies), in French by default.
    Every page a person opens is audited by axe (session.auditor); session.audit(page) audits again after a
    change that loads no document (a live update)."""

    def __init__(self, browser, base_url, walk):
        self.browser = browser
        self.base_url = base_url
        self.pages = {}  # person -> Page, for screenshots on failure
        self.step = "setup"
        self.artifacts = artifacts_folder()
        self.auditor = Auditor(walk, self.artifacts, SUFFIX)

    def person(self, name, **options):
        context = self.browser.new_context(base_url=self.base_url, locale="fr-FR", **options)
        context.set_default_timeout(10_000)
        self.pages[name] = context.new_page()
        self.auditor.watch(self.pages[name], name)
        return self.pages[name]

    def audit(self, page):
        person = next(name for name, p in self.pages.items() if p is page)
        self.auditor.audit(page, person, force=True)

    def passed(self, message):
        self.auditor.pending(self.pages)
        print(f"ok   {self.step}: {message}", flush=True)

    def fail(self, error, screenshot_prefix):
        shots = self.artifacts / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        for name, page in self.pages.items():
            try:
                viewport = page.viewport_size
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": viewport["height"]})
                    page.screenshot(path=shots / f"{screenshot_prefix}{self.step}-{name}-{width}.png", full_page=True)
                page.set_viewport_size(viewport)
            except Exception as shot_error:
                print(f"     (no screenshot for {name}: {shot_error})", file=sys.stderr)
        print(f"FAIL {self.step}: {error}", file=sys.stderr)
        print(f"     screenshots in {shots}", file=sys.stderr)


def run(description, walk, success, screenshot_prefix=""):
    """Parses the arguments, launches Chromium and runs walk(session); returns the exit status.
    The walk fails on an exception, or at its end on any serious or critical axe violation."""
    args = parse_args(description)
    name = Path(sys.argv[0]).stem.removeprefix("test_")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=not args.headed)
        session = Session(browser, args.base_url, name)
        try:
            walk(session)
            session.step = "end"
            session.auditor.pending(session.pages)
        except Exception as error:
            session.fail(error, screenshot_prefix)
            return 1
        finally:
            failing = session.auditor.finish()
            browser.close()
        if failing:
            print(f"FAIL axe: serious or critical violations on the pages of this walk ({len(failing)} rule(s)):", file=sys.stderr)
            for line in failing:
                print(f"     {line}", file=sys.stderr)
            print(f"     screenshots in {session.artifacts / 'screenshots'}", file=sys.stderr)
            return 1
    print(success)
    return 0
