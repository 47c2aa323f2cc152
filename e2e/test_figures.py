"""End-to-end walk through #ChiffresEnsemble on a phone-sized screen (Playwright, sync API).

Run against a live server:  python e2e/test_figures.py --base-url http://127.0.0.1:8080
A steward defines an indicator; a member joins from a phone, reads the give-to-get rule in the charter,
contributes two figures, earns credits once another member corroborates, reads the estimate with its
chart, and flags a value ten times too high, which the community then sets aside (kept, marked).
Another member finds a figure locked (opening a page never spends) and reads it with the « Lire pour 1 crédit(s) » button.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, check, create_account, run  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
INDICATOR_URL = re.compile(r"/figures/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_fig_{SUFFIX}", name)


def define_indicator(page: Page, slug, name, unit="€"):
    page.goto(f"/communities/{slug}/figures/new")
    page.get_by_label("Nom", exact=True).fill(name)
    page.get_by_label("Définition").fill("Le tarif horaire hors taxes pratiqué en atelier.")
    page.get_by_label("Unité").fill(unit)
    page.get_by_label("Période").fill("2026-Q3")
    page.get_by_label("Lieu ou périmètre").fill("Lyon")
    page.get_by_label("Métiers ou secteurs").fill("tissage, artisanat")
    page.get_by_role("button", name=re.compile("^Créer")).click()
    page.wait_for_url(INDICATOR_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return page.url


def contribute(page: Page, url, value, source="observation personnelle"):
    page.goto(url)
    form = page.locator("section.contribute")
    form.get_by_label("Valeur").fill(value)
    form.get_by_label("Source").fill(source)
    form.get_by_label("Date d’observation").fill("2026-07-15")
    form.get_by_role("button", name="Envoyer ma valeur").click()
    page.wait_for_url(INDICATOR_URL)
    expect(page.get_by_text("Merci : votre valeur est enregistrée")).to_be_visible()


def main():
    slug = f"chiffres-{SUFFIX}"
    community = f"Chiffres du tissage {SUFFIX}"
    shared_name = f"Tarif horaire d'un tisserand {SUFFIX}"

    def walk(session):
        session.step = "1-steward-defines"
        a = session.person("a")
        sign_up(a, "Alice")
        a.goto("/communities/new")
        a.get_by_label("Nom", exact=True).fill(community)
        a.get_by_label("Adresse courte (slug)").fill(slug)
        a.get_by_label("Objet").fill("Partager les chiffres dont chaque atelier a besoin.")
        a.get_by_label("Visibilité").select_option("members")
        a.get_by_role("button", name="Créer la communauté").click()
        a.wait_for_url(f"**/communities/{slug}")
        shared = define_indicator(a, slug, shared_name)
        contribute(a, shared, "40")
        expect(a.locator(".estimate .badge")).to_have_text("source unique")
        session.passed("the steward defined an indicator and gave the first value (« source unique »)")

        session.step = "2-member-joins-on-a-phone"
        b = session.person("b", **PHONE)
        c = session.person("c")
        handles = {"Bruno": sign_up(b, "Bruno"), "Chloe": sign_up(c, "Chloe")}
        for name, page in (("Bruno", b), ("Chloe", c)):
            page.goto(f"/communities/{slug}")
            page.get_by_label("Votre message aux animateurs").fill(f"{name} a des chiffres à partager.")
            page.get_by_role("button", name="Demander à rejoindre").click()
            expect(page.get_by_text("Votre demande est en attente de réponse des animateurs.")).to_be_visible()
        a.goto(f"/communities/{slug}/requests")
        for name in ("Bruno", "Chloe"):
            a.locator("li.card", has_text=f"@{handles[name]}").get_by_role("button", name=f"Accepter {name} {SUFFIX}").click()
            expect(a.get_by_text("Demande acceptée", exact=False)).to_be_visible()
        b.goto(f"/communities/{slug}/charter")
        rule = b.locator("section#give-to-get")
        expect(rule.get_by_role("heading")).to_have_text("Règle « donner pour recevoir »")
        expect(rule).to_contain_text("Chaque membre reçoit 5 crédit(s)")
        expect(rule).to_contain_text("seule la consultation attend")
        check(b.evaluate("document.documentElement.scrollWidth") <= 390, "the charter must not scroll sideways on a phone")
        for page in (b, c):
            page.goto(f"/communities/{slug}/charter")
            page.get_by_role("button", name="J'accepte la charte").click()
            page.wait_for_url(f"**/communities/{slug}")
        session.passed("on a phone, Bruno read the give-to-get rule in the charter and accepted it")

        session.step = "3-two-figures"
        contribute(b, shared, "41,5")
        expect(b.locator(".estimate .badge")).to_have_text("estimation")
        own = define_indicator(b, slug, f"Prix du mètre de lin {SUFFIX}")
        contribute(b, own, "14,50", source="https://filature.example/tarifs")
        expect(b.locator(".estimate .badge")).to_have_text("source unique")
        session.passed("Bruno contributed two figures: one corroborates Alice's, one is a new single source")

        session.step = "4-earn-credits"
        b.goto(f"/communities/{slug}/figures/credits")
        ledger = b.locator("table.ledger")
        expect(ledger.locator("tr.credit-earn")).to_have_count(1)
        balance = float(b.locator("dd.balance-value").inner_text())
        check(balance > 5, f"the corroborated value should have earned credits beyond the allowance (balance {balance})")
        session.passed(f"the corroborated contribution earned credits: balance {balance}")

        session.step = "5-read-the-estimate"
        contribute(c, shared, "410")  # ten times too high: a slip or vandalism
        b.goto(shared)
        expect(b.locator(".estimate p.figure strong")).to_contain_text("€")
        expect(b.locator("svg.chart.strip")).to_be_visible()
        expect(b.locator("svg.chart.strip path.outlier")).to_have_count(1)
        expect(b.locator("p.rule")).to_contain_text("aberrante")
        expect(b.locator("table.contributions tr.outlier")).to_have_count(1)
        check(b.evaluate("document.documentElement.scrollWidth") <= 390, "the indicator page must not scroll sideways on a phone")
        session.passed("Bruno reads the estimate, its interval, its rule and the strip chart with the outlier marked")

        session.step = "6-flag"
        b.locator("table.contributions tr.outlier").get_by_role("link", name="Signaler comme erronée").click()
        expect(b.get_by_role("heading", level=1)).to_have_text("Signaler comme erronée")
        b.get_by_label("Motif").fill("Dix fois trop : sans doute une erreur d'unité.")
        b.get_by_label("Valeur corrigée").fill("41")
        b.get_by_role("button", name="Envoyer le signalement").click()
        b.wait_for_url(re.compile(r"/figures/[0-9A-Fa-f-]{36}#c-"))
        expect(b.get_by_text("Signalement enregistré")).to_be_visible()
        expect(b.locator("table.contributions tr.deprecated")).to_contain_text("dépréciée")
        expect(b.locator("table.contributions tr.deprecated")).to_contain_text("410")
        session.passed("Bruno flagged the value: it is set aside, kept and marked, and the estimate no longer counts it")

        session.step = "7-read-for-a-credit"
        # Opening a page never spends: Chloe, who gave nothing to Bruno's figure, sees it locked until she pays.
        c.goto(own)
        expect(c.locator("section.locked")).to_contain_text("coûte 1 crédit(s)")
        expect(c.locator(".estimate")).to_have_count(0)
        c.goto(f"/communities/{slug}/figures/credits")
        expect(c.locator("table.ledger tr.credit-spend")).to_have_count(0)
        c.goto(own)
        c.get_by_role("button", name="Lire pour 1 crédit(s)").click()
        expect(c.locator(".estimate p.figure strong")).to_contain_text("14.50")
        check(INDICATOR_URL.search(c.url) is not None, f"the read button should come back to the indicator ({c.url})")
        c.goto(f"/communities/{slug}/figures/credits")
        expect(c.locator("table.ledger tr.credit-spend")).to_have_count(1)
        session.passed("Chloe saw Bruno's figure locked, spent nothing until she pressed « Lire pour 1 crédit(s) », then read it")

    return run(__doc__, walk, "#ChiffresEnsemble walk passed", screenshot_prefix="figures-")


if __name__ == "__main__":
    sys.exit(main())
