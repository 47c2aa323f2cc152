"""End-to-end walk through earned authority in real browsers (Playwright, sync API), issue 18.

Run against a live server:  python e2e/test_roles.py --base-url http://127.0.0.1:8080
A steward's members-only community with two members, Alice and Bruno. Alice proposes a role « Facilitateur » with the
right to apply decisions (the rights are checkboxes); the three consent and the steward applies the rule: the role
exists. The steward proposes to give it to Bruno; adopted the same way, Bruno holds it (roles and members pages).
Alice proposes another role: before, Bruno could not apply decisions; now, once everyone consented, he applies it
himself, and the decision record names him and why he could (his role). Then the charter: Alice proposes a new version
(same engine, same rule); adopted, she is asked on the community's home to accept it again, and does. Last, she opens
her contribution page.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, create_account, create_community, join, run  # noqa: E402

PROPOSAL_URL = re.compile(r"/communities/[^/]+/proposals/[0-9A-Fa-f-]{36}$")
APPLY_RIGHT = "appliquer une décision à son échéance"


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_roles_{SUFFIX}", name)


def take_position(page: Page, url):
    page.goto(url)
    expect(page.locator("p.badges")).to_contain_text("Ouvert")
    page.get_by_role("group", name="Position").get_by_label("Consentement").check()
    page.get_by_role("button", name="Prendre position").click()
    page.wait_for_url(PROPOSAL_URL)
    expect(page.get_by_text("Position enregistrée.")).to_be_visible()


def everyone_consents(people, url):
    for page in people:
        take_position(page, url)


def apply_rule(page: Page, url):
    page.goto(url)
    page.get_by_role("button", name="Appliquer la règle maintenant").click()
    page.wait_for_url(PROPOSAL_URL)
    expect(page.get_by_text("Décision appliquée.")).to_be_visible()
    expect(page.locator("p.badges")).to_contain_text("Adopté")


def propose_role(page: Page, slug, name, purpose, right):
    page.goto(f"/communities/{slug}/roles")
    form = page.locator("section", has=page.get_by_role("heading", name="Proposer un rôle", level=2))
    form.get_by_label("Rôle", exact=True).fill(name)
    form.get_by_label("Raison d'être", exact=True).fill(purpose)
    form.get_by_label(right, exact=True).check()
    form.get_by_role("button", name="Proposer un rôle").click()
    page.wait_for_url(PROPOSAL_URL)
    expect(page.get_by_text("Proposition ouverte : les membres peuvent maintenant prendre position.")).to_be_visible()
    return page.url


def main():
    slug = f"roles-{SUFFIX}"

    def walk(session):
        session.step = "1-community"
        s = session.person("steward")
        sign_up(s, "Sophie")
        create_community(s, slug, f"Coopérative des Lilas {SUFFIX}", "Faire vivre une épicerie coopérative de quartier.")
        a = session.person("a")
        handle_a = sign_up(a, "Alice")
        join(s, a, slug, handle_a, f"Alice {SUFFIX}", "Bonjour, je tiens la caisse le samedi.")
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        join(s, b, slug, handle_b, f"Bruno {SUFFIX}", "Bonjour, je m'occupe des commandes.")
        everyone = [s, a, b]
        session.passed("a members-only community: the steward, Alice and Bruno (approved, charter accepted)")

        session.step = "2-role-adopted"
        role = propose_role(a, slug, "Facilitateur", "Faire avancer les décisions quand leur temps est venu.", APPLY_RIGHT)
        everyone_consents(everyone, role)
        apply_rule(s, role)
        s.goto(f"/communities/{slug}/roles")
        row = s.locator("table.roles tbody tr", has_text="Facilitateur")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(APPLY_RIGHT)
        session.passed("Alice proposed « Facilitateur » (right: apply decisions); all consented; the steward applied it")

        session.step = "3-role-assigned"
        row.get_by_label("Pseudo du membre").fill(handle_b)
        row.get_by_role("button", name="Proposer d'attribuer ce rôle").click()
        s.wait_for_url(PROPOSAL_URL)
        expect(s.get_by_text("Proposition ouverte", exact=False)).to_be_visible()
        assignment = s.url
        everyone_consents(everyone, assignment)
        apply_rule(s, assignment)
        s.goto(f"/communities/{slug}/roles")
        expect(s.locator("table.roles tbody tr", has_text="Facilitateur")).to_contain_text(f"@{handle_b}")
        s.goto(f"/communities/{slug}/members")
        expect(s.locator("tr", has_text=f"@{handle_b}")).to_contain_text("Facilitateur")
        session.passed(f"Facilitateur given to @{handle_b} by decision; shown on the roles and members pages")

        session.step = "4-facilitator-applies"
        due = propose_role(a, slug, "Trésorier", "Tenir les comptes de la coopérative.", "enregistrer des flux pour d'autres")
        everyone_consents(everyone, due)
        b.goto(due)
        apply_rule(b, due)
        record = b.locator("p.decision-record")
        expect(record).to_contain_text(f"@{handle_b}")
        expect(record).to_contain_text("un rôle qui donne le droit d'appliquer les décisions")
        a.goto(due)
        expect(a.get_by_role("button", name="Appliquer la règle maintenant")).to_have_count(0)
        session.passed("Bruno, as Facilitateur, applied a due decision; the record names him and his role; Alice has no such button")

        session.step = "5-charter-version"
        charter = f"/communities/{slug}/charter"
        a.goto(charter)
        form = a.locator("section", has=a.get_by_role("heading", name="Proposer une nouvelle version", level=2))
        form.get_by_label("Charte de réciprocité").fill(
            "Chacun donne quelques heures par mois ; les comptes sont ouverts à tous les membres.")
        form.get_by_role("button", name="Proposer cette version").click()
        a.wait_for_url(PROPOSAL_URL)
        expect(a.get_by_text("Proposition de charte ouverte", exact=False)).to_be_visible()
        version = a.url
        everyone_consents(everyone, version)
        apply_rule(b, version)
        a.goto(f"/communities/{slug}")
        expect(a.get_by_text("La charte a changé : acceptez la nouvelle version pour continuer à contribuer.")).to_be_visible()
        a.get_by_role("link", name=re.compile("accepter", re.IGNORECASE)).first.click()
        a.wait_for_url(f"**{charter}")
        expect(a.locator("main")).to_contain_text("les comptes sont ouverts à tous les membres")
        a.get_by_role("button", name="J'accepte la charte").click()
        a.wait_for_url(f"**/communities/{slug}")
        expect(a.get_by_text("La charte a changé", exact=False)).to_have_count(0)
        session.passed("a charter version proposed by Alice was adopted by the same rule; she was asked to accept it again, and did")

        session.step = "6-contribution"
        a.goto(f"/communities/{slug}/members/{handle_a}/contribution")
        expect(a.get_by_role("heading", level=1)).to_contain_text(f"@{handle_a}")
        expect(a.locator("main")).to_contain_text("Ce que ce membre a apporté au collectif")
        session.passed("Alice opened her contribution page")

        session.step = "7-publication"
        s.goto(f"/communities/{slug}/code/publication")
        s.get_by_label(re.compile("^Publier le code")).check()
        s.get_by_role("button", name="Enregistrer").click()
        s.wait_for_url(f"**/communities/{slug}/code")
        s.goto(f"/communities/{slug}/code/publication")
        expect(s.get_by_label(re.compile("^Publier le code"))).to_be_checked()
        session.passed("the publication page (publish-code right) published the code, without JavaScript")

        session.step = "8-weighed-positions"
        a.goto(f"/communities/{slug}/roles")
        rule = a.locator("section", has=a.get_by_role("heading", name="Crédibilité et droits", level=2))
        rule.get_by_label("Nombre de membres").fill("0")
        rule.get_by_label("Peser les positions selon la crédibilité (règle de la majorité)").check()
        rule.get_by_label(re.compile("^Poids maximal")).fill("2,5")
        rule.get_by_role("button", name="Proposer une règle").click()
        a.wait_for_url(PROPOSAL_URL)
        expect(a.locator("main")).to_contain_text("entre ×0,4 et ×2,5")
        session.passed("Alice proposed that positions weigh by credibility (up to ×2.5) from the roles page")

    return run(__doc__, walk, "roles walk passed", screenshot_prefix="roles-")


if __name__ == "__main__":
    sys.exit(main())
