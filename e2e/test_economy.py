"""End-to-end walk through the economy of a community in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_economy.py --base-url http://127.0.0.1:8080
A member publishes an offer; another member refers it to a neighbour; the owner marks the referral taken up,
then completed; the flow appears in the actor matrix and the multiplier figures move. The second member records a
flow from the first to himself: it stays pending until she confirms it on her ledger page.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, create_account, create_community, join, run  # noqa: E402

OFFER_URL = re.compile(r"/economy/offers/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_eco_{SUFFIX}", name)


def main():
    slug = f"eco-{SUFFIX}"

    def walk(session):
        session.step = "1-community"
        a = session.person("a")
        handle_a = sign_up(a, "Alice")
        create_community(a, slug, f"Économie du tissage {SUFFIX}", "Mettre en commun nos offres et suivre nos flux de richesses.")
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        join(a, b, slug, handle_b, f"Bruno {SUFFIX}", "Je recommande volontiers.")
        session.passed("a members-only community of two")

        session.step = "2-publish"
        a.goto(f"/communities/{slug}/economy")
        expect(a.locator("dd.m-completed")).to_have_text("0")
        form = a.locator("form", has=a.get_by_role("button", name="Publier une offre"))
        form.get_by_label("Type").select_option("service")
        form.get_by_label("Intitulé").fill("Cours de tissage")
        form.get_by_label("Définition").fill("Initiation au métier à tisser, deux heures à l'atelier.")
        form.get_by_label("Lieu ou périmètre").fill("Lyon")
        form.get_by_role("button", name="Publier une offre").click()
        a.wait_for_url(OFFER_URL)
        offer_url = a.url
        b.goto(f"/communities/{slug}/economy?q=metier")
        expect(b.locator("ul.offers li", has_text="Cours de tissage")).to_be_visible()
        session.passed("Alice published an offer; Bruno finds it searching « metier » (accents ignored)")

        session.step = "3-refer"
        b.goto(offer_url)
        b.get_by_label("Bénéficiaire").fill("Mme Durand")
        b.get_by_label("Note").fill("Ma voisine veut apprendre.")
        b.get_by_role("button", name="Recommander cette offre").click()
        b.wait_for_url(OFFER_URL)
        expect(b.locator("li.referral")).to_contain_text("proposée")
        session.passed("Bruno referred the offer to a neighbour")

        session.step = "4-complete"
        a.goto(offer_url)
        a.get_by_role("button", name="Marquer acceptée").click()
        a.wait_for_url(OFFER_URL)
        a.get_by_role("button", name="Marquer réalisée").click()
        a.wait_for_url(OFFER_URL)
        expect(a.locator("li.referral")).to_contain_text("réalisée")
        session.passed("Alice took the referral up, then completed it")

        session.step = "5-matrix-and-multipliers"
        a.goto(f"/communities/{slug}/economy/flows")
        matrix = a.locator("table.heatmap").first
        expect(matrix.locator("th", has_text=f"@{handle_a}")).to_be_visible()
        expect(matrix.locator("th", has_text="Mme Durand")).to_be_visible()
        expect(a.locator("table.flows")).to_contain_text("Cours de tissage")
        a.goto(f"/communities/{slug}/economy")
        expect(a.locator("dd.m-completed")).to_have_text("1")
        expect(a.locator("dd.m-sales")).to_have_text("1")
        session.passed("the completed referral appears as a flow in the matrix; Alice's sales force and completed referrals moved")

        session.step = "6-confirm-a-flow"
        b.goto(f"/communities/{slug}/economy/flows")
        form = b.locator("form", has=b.get_by_role("button", name="Enregistrer un flux"))
        form.get_by_label("De (qui donne)").fill(f"@{handle_a}")
        form.get_by_label("À (qui reçoit)").fill(f"@{handle_b}")
        form.get_by_label("Quantité").fill("2")
        form.get_by_label("Unité").fill("h")
        form.get_by_label("Définition").fill("Aide au montage du métier")
        form.get_by_role("button", name="Enregistrer un flux").click()
        b.wait_for_url(re.compile(r"/economy/flows$"))
        expect(b.locator("table.flows tr", has_text="Aide au montage du métier")).to_contain_text("en attente")
        expect(b.locator("li.pending-flow")).to_have_count(0)
        a.goto(f"/communities/{slug}/economy/flows")
        pending = a.locator("li.pending-flow", has_text="Aide au montage du métier")
        expect(pending).to_contain_text(f"enregistré par @{handle_b}")
        pending.get_by_role("button", name="Confirmer").click()
        a.wait_for_url(re.compile(r"/economy/flows$"))
        expect(a.locator("table.flows tr", has_text="Aide au montage du métier")).to_contain_text(f"confirmé par @{handle_a}")
        expect(a.locator("li.pending-flow")).to_have_count(0)
        session.passed("Bruno recorded 2 h from Alice to himself: pending until Alice confirmed it on her ledger page")

    return run(__doc__, walk, "economy walk passed", screenshot_prefix="economy-")


if __name__ == "__main__":
    sys.exit(main())
