"""End-to-end walk through a programme of shared figures across communities (Playwright, sync API).

Run against a live server:  python e2e/test_programme.py --base-url http://127.0.0.1:8080
Pia finds the list of programmes and creates « Chiffres du tissage » from its form with the keyboard alone (a purpose
too short first: the form says so and keeps what she typed), sets its give-to-get rule to give no free credit on its
rules page, and defines its first indicator on the programme's form. Alice's and Bruno's communities join it from its page, Pia
approves, and each accepts the programme's charter. Alice had already defined the same indicator in her community:
she proposes to merge it into the programme's, and Pia accepts. Bruno contributes on the programme's indicator,
whose estimate then names both communities as its sources. Chloé's community joins too: she finds the indicator
locked with a 402 and how to earn credits, contributes, and reads it; her credits page says where they came from.
On the trade's page Alice asks for an indicator nobody defined yet and Bruno supports her request; Alice's
contribution page in her community shows her part. Every page is audited by axe (1280 and 375 px).
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, check, create_account, create_community, run  # noqa: E402
from test_keyboard import Keyboard  # noqa: E402

INDICATOR_URL = re.compile(r"/figures/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_prog_{SUFFIX}", name)


def create_programme_with_keyboard(page: Page, prog, name):
    """From the list of programmes, the creation form filled and sent with the keyboard alone (Tab, typing, arrows,
    Enter): first with a purpose too short (422, the field named, what was typed kept), then complete."""
    page.goto("/programmes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes de chiffres partagés")
    keys = Keyboard(page)
    keys.tab_to(page.get_by_role("link", name="Créer un programme"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/programmes/new")
    keys.type_into(page.get_by_label("Nom", exact=True), name)
    keys.type_into(page.get_by_label("Adresse courte (slug)"), prog)
    keys.type_into(page.get_by_label("Objet"), "Tissage")
    keys.type_into(page.get_by_label("Charte de réciprocité"), "Chacun donne ses chiffres sourcés pour lire ceux des autres.")
    keys.choose(page.get_by_label("Visibilité"), "public")
    keys.tab_to(page.get_by_role("button", name="Créer le programme"))
    page.keyboard.press("Enter")
    purpose = page.get_by_label("Objet")
    expect(page.locator("a[href='#f-purpose']")).to_be_visible()
    expect(purpose).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nom", exact=True)).to_have_value(name)
    keys.tab_to(purpose)
    page.keyboard.press("Control+End")
    page.keyboard.type(" : les mêmes chiffres pour tous les ateliers.")
    keys.tab_to(page.get_by_role("button", name="Créer le programme"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programmes/{prog}")
    problems = keys.report()
    check(not problems, "keyboard problems on the programme's form: " + "; ".join(problems))


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
        create_programme_with_keyboard(pia, prog, f"Chiffres du tissage {SUFFIX}")
        # Its give-to-get rule, on the stewards' page (the community's form on the programme's route).
        pia.get_by_role("link", name="Régler le « donner pour recevoir »").click()
        pia.wait_for_url(f"**/programmes/{prog}/figures/rules")
        for label, value in [("Crédits offerts aux nouveaux", "0"), ("Coût d’une consultation", "1"),
                             ("Gain d’une contribution corroborée", "2"), ("Demi-vie des crédits (jours)", "180")]:
            pia.get_by_label(label).fill(value)
        pia.get_by_role("button", name="Enregistrer").click()
        pia.wait_for_url(re.compile(rf"/programmes/{prog}#give-to-get$"))
        expect(pia.locator("section#give-to-get")).to_contain_text("0")
        # Its first indicator, on the programme's form.
        pia.get_by_role("link", name="Définir un indicateur").click()
        pia.wait_for_url(f"**/programmes/{prog}/figures/new")
        pia.get_by_label("Nom", exact=True).fill(indicator)
        pia.get_by_label("Définition").fill("Le tarif horaire hors taxes pratiqué en atelier.")
        pia.get_by_label("Unité").fill("€")
        pia.get_by_label("Période").fill("2026-Q3")
        pia.get_by_label("Lieu ou périmètre").fill("France")
        pia.get_by_label("Métiers ou secteurs").fill("tissage")
        pia.get_by_role("button", name=re.compile("^Créer")).click()
        pia.wait_for_url(INDICATOR_URL)
        url = pia.url.removeprefix(session.base_url)
        pia.goto(f"/programmes/{prog}")
        expect(pia.get_by_role("heading", level=1)).to_have_text(f"Chiffres du tissage {SUFFIX}")
        expect(pia.locator("section#give-to-get")).to_be_visible()
        session.passed("Pia created a programme from its form with the keyboard alone, set its rule and defined an indicator on its pages")

        session.step = "2-two-communities-join"
        alice, bruno = session.person("alice"), session.person("bruno")
        alice_handle = sign_up(alice, "Alice")
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
        chloe.goto(f"/programmes/{prog}/figures/credits")
        expect(chloe.get_by_role("heading", level=1)).to_have_text("Mes crédits")
        expect(chloe.locator("table.ledger")).to_be_visible()
        session.passed("Chloé's credits page in the programme opens with her ledger")

        session.step = "6-trade-page"
        trade = "/figures/trades/tissage"
        alice.goto(trade)
        expect(alice.get_by_role("heading", level=1)).to_contain_text("tissage")
        asked = f"Prix d'un mètre de lin tissé {SUFFIX}"
        ask = alice.locator("section#requests form")
        ask.get_by_label("Nom", exact=True).fill(asked)
        ask.get_by_label("Unité").fill("€")
        ask.get_by_label("Période").fill("2026")
        ask.get_by_label("Lieu ou périmètre").fill("Lyon")
        ask.get_by_role("button", name="Demander cet indicateur").click()
        expect(alice.get_by_text("Demande enregistrée")).to_be_visible()
        bruno.goto(trade)
        request = bruno.locator("ol.trade-requests li", has_text=asked)
        request.get_by_role("button", name="Soutenir").click()
        expect(bruno.get_by_text("Soutien enregistré")).to_be_visible()
        expect(bruno.locator("ol.trade-requests li", has_text=asked)).to_contain_text("2 soutiens")
        expect(bruno.locator("ol.trade-requests li", has_text=asked)).to_contain_text("Vous la soutenez")
        session.passed("on the trade's page Alice asked for an indicator and Bruno supported her request")

        session.step = "7-contribution-page"
        response = alice.goto(f"/communities/{a_slug}/members/{alice_handle}/contribution")
        check(response.status == 200, f"Alice's contribution page answers {response.status}")
        expect(alice.get_by_role("heading", level=1)).to_contain_text("Alice")
        session.passed("Alice's contribution page in her community opens")

    return run(__doc__, walk, "programme walk passed", screenshot_prefix="programme-")


if __name__ == "__main__":
    sys.exit(main())
