"""End-to-end walk through a programme of shared figures across communities (Playwright, sync API).

Run against a live server:  python e2e/test_programme.py --base-url http://127.0.0.1:8080
Pia runs the programme « Chiffres du tissage » (made through the API with her token: there is no page to create one)
with a give-to-get rule that gives no free credit. Alice's and Bruno's communities join it from its page, Pia
approves, and each accepts the programme's charter. Alice had already defined the same indicator in her community:
she proposes to merge it into the programme's, and Pia accepts. Bruno contributes on the programme's indicator,
whose estimate then names both communities as its sources. Chloé's community joins too: she finds the indicator
locked with a 402 and how to earn credits, contributes, and reads it.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, check, create_account, create_community, run  # noqa: E402

INDICATOR_URL = re.compile(r"/figures/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_prog_{SUFFIX}", name)


def api_token(page: Page):
    page.goto("/me/tokens")
    page.get_by_label("Nom du jeton").fill("walk")
    page.get_by_role("button", name=re.compile("jeton", re.I)).click()
    return page.locator("code.secret").inner_text().strip()


def api(page: Page, method, path, token, body):
    response = page.request.fetch(path, method=method, data=body,
                                  headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    check(response.status in (200, 201), f"{method} {path} answered {response.status}: {response.text()}")
    return response.json()


def community_joins(steward: Page, pia: Page, prog, community_name):
    """The community's steward asks for it to join from the programme's page; Pia approves; the steward accepts the charter."""
    steward.goto(f"/programmes/{prog}")
    join = steward.locator("form.join-community")
    join.get_by_label("Communauté que vous animez").select_option(label=community_name)
    join.get_by_role("button", name="Demander l'entrée de cette communauté").click()
    steward.wait_for_url(f"**/programmes/{prog}")
    pia.goto(f"/programmes/{prog}")
    pia.locator("li.community-request", has_text=community_name).get_by_role("button", name=f"Accepter {community_name}").click()
    pia.wait_for_url(f"**/programmes/{prog}")
    expect(pia.locator("section.requests")).not_to_contain_text(community_name)
    steward.goto(f"/programmes/{prog}")
    steward.get_by_role("button", name="J'accepte la charte du programme").click()
    steward.wait_for_url(f"**/programmes/{prog}")


def contribute(page: Page, url, value):
    page.goto(url)
    form = page.locator("section.contribute")
    form.get_by_label("Valeur").fill(value)
    form.get_by_label("Source").fill("observation personnelle")
    form.get_by_label("Date d’observation").fill("2026-07-15")
    form.get_by_role("button", name="Envoyer ma valeur").click()
    page.wait_for_url(INDICATOR_URL)
    expect(page.get_by_text("Merci : votre valeur est enregistrée")).to_be_visible()


def main():
    prog = f"tissage-{SUFFIX}"
    a_slug, b_slug, c_slug = f"lyon-{SUFFIX}", f"roubaix-{SUFFIX}", f"cholet-{SUFFIX}"
    a_name, b_name, c_name = f"Tisserands de Lyon {SUFFIX}", f"Tisserands de Roubaix {SUFFIX}", f"Tisserands de Cholet {SUFFIX}"
    indicator = f"Tarif horaire d'un tisserand {SUFFIX}"

    def walk(session):
        session.step = "1-programme"
        pia = session.person("pia")
        sign_up(pia, "Pia")
        token = api_token(pia)
        api(pia, "POST", "/api/v1/programmes", token,
            {"slug": prog, "name": f"Chiffres du tissage {SUFFIX}", "purpose": "Les mêmes chiffres pour tous les ateliers.",
             "charter": "Chacun donne ses chiffres sourcés pour lire ceux des autres."})
        api(pia, "PUT", f"/api/v1/programmes/{prog}/figures/rules", token,
            {"allowance": 0, "readCost": 1, "earn": 2, "halfLifeDays": 180})
        created = api(pia, "POST", f"/api/v1/programmes/{prog}/indicators", token,
                      {"name": indicator, "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€",
                       "period": "2026-Q3", "place": "France", "tags": ["tissage"]})
        url = f"/programmes/{prog}/figures/{created['id']}"
        pia.goto(f"/programmes/{prog}")
        expect(pia.get_by_role("heading", level=1)).to_have_text(f"Chiffres du tissage {SUFFIX}")
        expect(pia.locator("section#give-to-get")).to_be_visible()
        session.passed("Pia runs a programme whose give-to-get rule gives no free credit, with one indicator")

        session.step = "2-two-communities-join"
        alice, bruno = session.person("alice"), session.person("bruno")
        sign_up(alice, "Alice")
        create_community(alice, a_slug, a_name, "Les ateliers de tissage de Lyon.", visibility="public")
        sign_up(bruno, "Bruno")
        create_community(bruno, b_slug, b_name, "Les ateliers de tissage de Roubaix.", visibility="members")
        community_joins(alice, pia, prog, a_name)
        community_joins(bruno, pia, prog, b_name)
        pia.goto(f"/programmes/{prog}")
        communities = pia.locator("section", has=pia.locator("#programme-communities-title"))
        expect(communities).to_contain_text(a_name)
        expect(communities).to_contain_text(b_name)
        session.passed("Alice's and Bruno's communities joined from the programme's page; both accepted its charter")

        session.step = "3-merge"
        alice.goto(f"/communities/{a_slug}/figures/new")
        alice.get_by_label("Nom", exact=True).fill(f"Tarif d'un tisserand lyonnais {SUFFIX}")
        alice.get_by_label("Définition").fill("Ce que demande un atelier lyonnais de l'heure.")
        alice.get_by_label("Unité").fill("€")
        alice.get_by_label("Période").fill("2026-Q3")
        alice.get_by_label("Lieu ou périmètre").fill("Lyon")
        alice.get_by_role("button", name=re.compile("^Créer")).click()
        alice.wait_for_url(INDICATOR_URL)
        contribute(alice, alice.url, "40")
        alice.get_by_role("link", name="Fusionner dans un programme").click()
        alice.get_by_label("Indicateur du programme").select_option(label=f"Chiffres du tissage {SUFFIX} — {indicator}")
        alice.get_by_role("button", name="Proposer la fusion").click()
        alice.wait_for_url(f"**/communities/{a_slug}/figures")
        pia.goto(f"/programmes/{prog}")
        merges = pia.locator("section.merges")
        expect(merges).to_contain_text(f"Tarif d'un tisserand lyonnais {SUFFIX}")
        merges.get_by_role("button", name=re.compile("^Accepter la fusion")).click()
        pia.wait_for_url(f"**/programmes/{prog}")
        expect(pia.locator("section.merges")).to_contain_text("Aucune fusion en attente.")
        session.passed("Alice proposed to merge her community's duplicate into the programme's indicator; Pia accepted")

        session.step = "4-members-of-both-contribute"
        contribute(bruno, url, "42")
        alice.goto(url)
        check(alice.locator("section.locked").count() == 0, "Alice's merged value counts as hers: no lock")
        sources = alice.locator("table.sources")
        expect(sources).to_contain_text(a_name)
        expect(sources).to_contain_text(b_name)
        expect(alice.locator(".estimate p.figure strong")).to_contain_text("€")
        session.passed("Bruno contributed; the estimate names both communities as its sources")

        session.step = "5-a-third-community-pays-with-figures"
        chloe = session.person("chloe")
        sign_up(chloe, "Chloe")
        create_community(chloe, c_slug, c_name, "Les ateliers de tissage de Cholet.", visibility="public")
        community_joins(chloe, pia, prog, c_name)
        response = chloe.goto(url)
        check(response.status == 402, f"a reader who gave nothing and has no credit gets a 402 (got {response.status})")
        locked = chloe.locator("section.locked")
        expect(locked).to_be_visible()
        expect(locked.get_by_role("link", name="Règle « donner pour recevoir »")).to_be_visible()
        expect(chloe.locator(".estimate")).to_have_count(0)
        contribute(chloe, url, "41")
        check(chloe.goto(url).status == 200, "once she contributed, the indicator opens")
        expect(chloe.locator(".estimate p.figure strong")).to_contain_text("€")
        expect(chloe.locator("table.sources")).to_contain_text(c_name)
        session.passed("Chloé got a 402 with how to earn credits until she contributed, then read the estimate")

    return run(__doc__, walk, "programme walk passed", screenshot_prefix="programme-")


if __name__ == "__main__":
    sys.exit(main())
