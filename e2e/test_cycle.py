"""End-to-end walk through one cycle of the six-step journey in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_cycle.py --base-url http://127.0.0.1:8080
A steward and a member adopt two values and a stake, write and adopt the project, create an action;
the member volunteers, carries it out and assesses it; the steward recognises the team; both open
the restitution report.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, check, create_account, create_community, join, run  # noqa: E402

ACTION_URL = re.compile(r"/journey/actions/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_cycle_{SUFFIX}", name)


def propose(page: Page, slug, kind, title, body):
    page.goto(f"/communities/{slug}/journey")
    form = page.locator("section#proposals")
    form.get_by_label("Type").select_option(kind)
    form.get_by_label("Intitulé").fill(title)
    form.get_by_label("Sens, ou texte du projet").fill(body)
    form.get_by_role("button", name="Proposer").click()
    page.wait_for_url(re.compile(r"/journey"))
    expect(page.locator("li.proposal", has_text=title)).to_be_visible()


def consent(page: Page, slug, title):
    page.goto(f"/communities/{slug}/journey")
    item = page.locator("li.proposal", has_text=title)
    item.get_by_label("Ma position").select_option("consent")
    item.get_by_role("button", name="Prendre position").click()
    expect(page.get_by_text("Position enregistrée.")).to_be_visible()


def adopt(steward: Page, member: Page, slug, kind, title, body):
    propose(member, slug, kind, title, body)
    consent(member, slug, title)
    consent(steward, slug, title)
    steward.locator("li.proposal", has_text=title).get_by_role("button", name="Appliquer la règle maintenant").click()
    expect(steward.locator("li.proposal", has_text=title).locator(".badge")).to_have_text("adoptée")


def main():
    slug = f"cycle-{SUFFIX}"
    community = f"Parcours du tissage {SUFFIX}"

    def walk(session):
        session.step = "1-community"
        a = session.person("a")
        sign_up(a, "Alice")
        create_community(a, slug, community, "Faire vivre le tissage par un parcours de socio-performance.")
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        join(a, b, slug, handle_b, f"Bruno {SUFFIX}", "Je veux tisser avec vous.")
        a.goto(f"/communities/{slug}/journey")
        expect(a.locator("li#values .badge")).to_have_text("pas commencée")
        session.passed("a members-only community of two, its journey not started")

        session.step = "2-values-and-stake"
        adopt(a, b, slug, "value", "Réciprocité", "Je donne autant que je reçois.")
        adopt(a, b, slug, "value", "Transmission", "Ce que j'apprends, je le transmets.")
        adopt(a, b, slug, "stake", "Le tissage vivant", "Faire vivre le métier dans la vallée.")
        expect(a.locator("li#values .badge").first).to_have_text("faite")
        expect(a.locator("li#common-good .badge").first).to_have_text("faite")
        session.passed("two values and a stake adopted by consent")

        session.step = "3-project"
        adopt(a, b, slug, "project", "Un atelier ouvert", "Vision : un atelier ouvert chaque samedi. Objectif : dix apprentis (enjeu : le tissage vivant).")
        expect(a.locator("li#project .badge").first).to_have_text("faite")
        session.passed("the community project is adopted")

        session.step = "4-action"
        a.goto(f"/communities/{slug}/journey/actions")
        a.get_by_label("Intitulé").fill("Samedi d'atelier ouvert")
        a.get_by_label("Définition").fill("Accueillir le public autour des métiers.")
        a.get_by_label("Enjeu servi").select_option(label="Le tissage vivant")
        a.get_by_label("Compétences ou ressources nécessaires").fill("Deux métiers à tisser")
        a.get_by_role("button", name="Créer une action").click()
        a.wait_for_url(ACTION_URL)
        action_url = a.url
        b.goto(action_url)
        b.get_by_role("button", name="Je me porte volontaire").click()
        b.wait_for_url(ACTION_URL)
        expect(b.locator("dl.facts")).to_contain_text(f"@{handle_b}")
        for status, note in (("in-progress", "On installe les métiers."), ("done", "Douze visiteurs, trois inscrits à la formation.")):
            b.get_by_label("Statut").select_option(status)
            b.get_by_label("Note (compte rendu du résultat pour clore)").fill(note)
            b.get_by_role("button", name="Faire avancer").click()
            b.wait_for_url(ACTION_URL)
        expect(b.locator("p.badges .badge")).to_have_text("faite")
        expect(b.locator("dd.outcome")).to_have_text("Douze visiteurs, trois inscrits à la formation.")
        session.passed("Bruno volunteered, owned the action and closed it with its outcome")

        session.step = "5-assess"
        form = b.locator("section.assess")
        for criterion, level in (("material", "3"), ("consciousness", "4"), ("mastery", "2"), ("maturity", "3")):
            form.locator(f"input[name='{criterion}'][value='{level}']").check()
        expect(form.get_by_role("group", name="Conscience")).to_contain_text("4 — une compréhension qui transforme les choix")
        form.get_by_role("button", name="Évaluer").click()
        b.wait_for_url(ACTION_URL)
        expect(b.locator("svg.chart.radar")).to_be_visible()
        expect(b.locator("table.evaluation")).to_contain_text("4.0 / 4")
        session.passed("Bruno assessed the action on the four criteria; the radar and its table show it")

        session.step = "6-recognise"
        a.goto(action_url)
        rec = a.locator("section.recognize")
        rec.get_by_label("Message").fill("Bravo pour ce premier samedi !")
        rec.get_by_label("Maîtrise").check()
        rec.get_by_role("button", name="Reconnaître").click()
        a.wait_for_url(re.compile(r"/journey/recognitions$"))
        expect(a.locator("ul.wall li", has_text="Bravo pour ce premier samedi")).to_contain_text("Collective")
        session.passed("Alice recognised the action's team on the wall")

        session.step = "7-report"
        a.get_by_role("link", name="Restitution du cycle").click()
        a.wait_for_url(re.compile(r"/journey/report$"))
        report = a.locator("article.report")
        expect(report).to_contain_text("Réciprocité")
        expect(report).to_contain_text("Douze visiteurs")
        expect(report).to_contain_text("Bruno")
        expect(report).to_contain_text("Bravo pour ce premier samedi")
        with a.expect_download() as download:
            a.get_by_role("link", name="Télécharger en Markdown").click()
        text = Path(download.value.path()).read_text(encoding="utf-8")
        check("## " in text and "Réciprocité" in text, "the Markdown report should hold the adopted values")
        a.emulate_media(media="print")
        check(not a.locator("nav.subnav").is_visible(), "the print stylesheet hides navigation")
        session.passed("the restitution report shows the journey, the action, its team, the evaluation and the recognition")

    return run(__doc__, walk, "cycle walk passed", screenshot_prefix="cycle-")


if __name__ == "__main__":
    sys.exit(main())
