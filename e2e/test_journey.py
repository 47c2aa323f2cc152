"""End-to-end journey through Enjeu in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_journey.py --base-url http://127.0.0.1:8080
Each person has their own browser context (separate cookies). French is the default language.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))  # common.py, whatever the working directory
from common import SUFFIX, check, create_account, run, status_of  # noqa: E402


def sign_up(page: Page, name):
    # Handles run up to the 30-character maximum so the narrow-layout step sees the longest ones.
    handle = f"alice_delacroix_beaumon_{SUFFIX}" if name == "Alice" else f"{name.lower()}_{SUFFIX}"
    create_account(page, handle, name)
    expect(page.get_by_role("link", name=f"@{handle}")).to_be_visible()
    return handle


def main():
    slug = f"e2e-{SUFFIX}"
    community = f"Communauté E2E {SUFFIX}"

    def walk(session):
        session.step = "1-signup-a"
        a = session.person("a")
        handle_a = sign_up(a, "Alice")
        session.passed(f"A signed up as @{handle_a}")

        # The account pages (checked by axe like every page a walk reaches): unverified address, sessions,
        # and the recovery forms, one of them sent empty so its error is tied to its field.
        a.goto("/me/account")
        expect(a.get_by_text("non confirmée").first).to_be_visible()
        expect(a.locator("table")).to_be_visible()
        a.goto("/password-reset")
        a.get_by_role("button", name="Envoyer le lien").click()
        a.wait_for_load_state()
        a.goto("/password-reset/not-a-real-token")
        session.passed("account and recovery pages reached")

        session.step = "2-create-community"
        a.goto("/communities/new")
        a.get_by_label("Nom", exact=True).fill(community)
        a.get_by_label("Adresse courte (slug)").fill(slug)
        a.get_by_label("Objet").fill("Tester le parcours complet, de l'inscription à l'adhésion.")
        a.get_by_label("Périmètre").fill("Navigateurs automatisés")
        a.get_by_label("Visibilité").select_option("members")
        a.get_by_role("button", name="Créer la communauté").click()
        a.wait_for_url(f"**/communities/{slug}")
        expect(a.get_by_role("heading", level=1)).to_have_text(community)
        stewards = a.locator("section", has=a.get_by_role("heading", name="Fondateurs et animateurs"))
        expect(stewards).to_contain_text(f"@{handle_a}")
        expect(stewards).to_contain_text("Fondateur·rice")
        session.passed(f"A created /communities/{slug} and is its founder")

        session.step = "3-b-requests"
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        check(status_of(b, f"/communities/{slug}") == 200, "community card should be visible to B")
        expect(b.get_by_role("heading", level=1)).to_have_text(community)
        expect(b.get_by_text("Réservée aux membres", exact=True)).to_be_visible()
        expect(b.get_by_role("heading", name=re.compile("Charte de réciprocité"))).to_be_visible()
        expect(b.locator("section.charter")).to_contain_text("Je contribue autant que je reçois")
        b.get_by_label("Votre message aux animateurs").fill("Bonjour, je voudrais contribuer.")
        b.get_by_role("button", name="Demander à rejoindre").click()
        expect(b.get_by_text("Votre demande est en attente de réponse des animateurs.")).to_be_visible()
        check(status_of(b, f"/communities/{slug}/members") == 404, "pending B must get 404 on the members list")
        session.passed("B asked to join, sees the pending message, and cannot see the members (404)")

        session.step = "4-a-approves"
        a.goto(f"/communities/{slug}/requests")
        request = a.locator("li.card", has_text=f"@{handle_b}")
        expect(request).to_contain_text("Bonjour, je voudrais contribuer.")
        request.get_by_role("button", name=f"Accepter Bruno {SUFFIX}").click()
        expect(a.get_by_text("Demande acceptée", exact=False)).to_be_visible()
        expect(a.locator("li.card", has_text=f"@{handle_b}")).to_have_count(0)
        session.passed("A approved B's request")

        session.step = "5-b-accepts-charter"
        b.goto(f"/communities/{slug}/charter")
        b.get_by_role("button", name="J'accepte la charte").click()
        b.wait_for_url(f"**/communities/{slug}")
        expect(b.get_by_text("Charte acceptée", exact=False)).to_be_visible()
        members = b.locator("section#members")
        expect(members.get_by_role("heading")).to_have_text("2 membres")
        expect(members).to_contain_text(f"@{handle_b}")
        check(status_of(b, f"/communities/{slug}/members") == 200, "active B should see the members list")
        expect(b.get_by_role("table")).to_contain_text(f"@{handle_b}")
        expect(b.get_by_role("table")).to_contain_text(f"@{handle_a}")
        b.goto("/")
        mine = b.locator("section", has=b.get_by_role("heading", name="Mes communautés"))
        expect(mine.get_by_role("listitem").filter(has=b.get_by_role("link", name=community))).to_contain_text("Membre")
        session.passed("B accepted the charter and sees the members (200)")

        session.step = "6-outsiders"
        c = session.person("c")
        handle_c = sign_up(c, "Chloe")
        anon = session.person("anon")
        for who, page in (("C", c), ("anonymous", anon)):
            code = status_of(page, f"/communities/{slug}/members")
            check(code == 404, f"{who} should get 404 on the members list, got {code}")
        check(status_of(c, f"/communities/{slug}") == 200, "community card should be visible to C")
        expect(c.get_by_role("heading", level=1)).to_have_text(community)
        html = c.content()
        for handle in (handle_a, handle_b):
            check(handle not in html, f"C's view of the community leaks @{handle}")
        expect(c.get_by_role("button", name="Demander à rejoindre")).to_be_visible()
        session.passed(f"C (@{handle_c}) and anonymous get 404 on members; C sees only the card")

        session.step = "7-narrow-layout"
        narrow = session.person("narrow-b", viewport={"width": 375, "height": 800}, storage_state=b.context.storage_state())
        narrow.goto(f"/communities/{slug}")
        expect(narrow.locator("section#members")).to_be_visible()
        width = narrow.evaluate("document.documentElement.scrollWidth")
        check(width <= 376, f"horizontal scroll at 375px: scrollWidth={width}")
        session.passed(f"no horizontal scroll at 375px (scrollWidth={width})")

        session.step = "8-language"
        b.goto(f"/communities/{slug}")
        footer = b.locator("footer")
        footer.get_by_label("Langue").select_option("en")
        footer.get_by_role("button", name="Changer").click()
        b.wait_for_url(f"**/communities/{slug}")
        expect(b.get_by_role("button", name="Sign out")).to_be_visible()
        expect(b.locator("html")).to_have_attribute("lang", "en")
        expect(b.locator("section#members").get_by_role("heading")).to_have_text("2 members")
        b.goto("/")
        expect(b.get_by_role("heading", name="My communities")).to_be_visible()
        session.passed("the footer form switches the interface to English")

    return run(__doc__, walk, "journey passed")


if __name__ == "__main__":
    sys.exit(main())
