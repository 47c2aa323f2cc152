"""End-to-end walk through a community's #CodeSocial in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_code.py --base-url http://127.0.0.1:8080
A steward and two members write the code by amendment: propose, take positions, apply the rule,
then read the history, the diffs and the rendered text. A second amendment carries hostile Markdown
that must come out as inert text. Each person has their own browser context; French is the default.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))  # common.py, whatever the working directory
from common import SUFFIX, check, create_account, run, status_of  # noqa: E402

AMENDMENT_URL = re.compile(r"/code/amendments/[0-9A-Fa-f-]{36}$")

SECTION = "#section-raison-d-etre"
FIRST_TEXT = (
    "# Notre raison d'être\n"
    "\n"
    "Faire vivre le **tissage** artisanal dans la vallée.\n"
    "\n"
    "- partager les outils\n"
    "- partager les savoir-faire"
)
FIRST_LINE = "Faire vivre le **tissage** artisanal dans la vallée."
SECOND_LINE = "Faire vivre le **tissage** artisanal dans la vallée du Rhône."
HOSTILE = (
    "\n"
    "<script>alert(1)</script>\n"
    "\n"
    "Voir [x](javascript:alert(1)) et [y]( JavaScript:alert(2) )."
)


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_code_{SUFFIX}", name)


def take_position(page: Page, url, stance="Consentement"):
    page.goto(url)
    expect(page.locator("p.badges")).to_contain_text("Ouvert")
    page.get_by_role("group", name="Position").get_by_label(stance).check()
    page.get_by_role("button", name="Prendre position").click()
    page.wait_for_url(AMENDMENT_URL)
    expect(page.get_by_text("Position enregistrée.")).to_be_visible()


def apply_rule(page: Page, url):
    page.goto(url)
    page.get_by_role("button", name="Appliquer la règle maintenant").click()
    page.wait_for_url(AMENDMENT_URL)


def main():
    slug = f"code-{SUFFIX}"
    community = f"Atelier du code {SUFFIX}"
    code_path = f"/communities/{slug}/code"
    summary_1 = f"Première raison d'être {SUFFIX}"
    summary_2 = f"Préciser la vallée {SUFFIX}"
    dialogs = []  # any alert() that fires is a script from user content running

    def walk(session):
        def person(name, **options):
            page = session.person(name, **options)
            page.on("dialog", lambda d: (dialogs.append(f"{name}: {d.message}"), d.dismiss()))
            return page

        session.step = "1-steward-creates"
        a = person("a")
        handle_a = sign_up(a, "Alice")
        a.goto("/communities/new")
        a.get_by_label("Nom", exact=True).fill(community)
        a.get_by_label("Adresse courte (slug)").fill(slug)
        a.get_by_label("Objet").fill("Écrire ensemble le code source de notre organisation.")
        a.get_by_label("Périmètre").fill("Navigateurs automatisés")
        a.get_by_label("Visibilité").select_option("members")
        a.get_by_role("button", name="Créer la communauté").click()
        a.wait_for_url(f"**/communities/{slug}")
        expect(a.get_by_role("heading", level=1)).to_have_text(community)
        session.passed(f"@{handle_a} created the members-only /communities/{slug}")

        session.step = "2-members-join"
        b = person("b")
        c = person("c")
        members = {"Bruno": b, "Chloe": c}
        handles = {name: sign_up(page, name) for name, page in members.items()}
        for name, page in members.items():
            page.goto(f"/communities/{slug}")
            page.get_by_label("Votre message aux animateurs").fill(f"{name} veut écrire le code.")
            page.get_by_role("button", name="Demander à rejoindre").click()
            expect(page.get_by_text("Votre demande est en attente de réponse des animateurs.")).to_be_visible()
            check(status_of(page, code_path) == 404, f"pending {name} must get 404 on the code")
        a.goto(f"/communities/{slug}/requests")
        for name in members:
            a.locator("li.card", has_text=f"@{handles[name]}").get_by_role("button", name=f"Accepter {name} {SUFFIX}").click()
            expect(a.get_by_text("Demande acceptée", exact=False)).to_be_visible()
            expect(a.locator("li.card", has_text=f"@{handles[name]}")).to_have_count(0)
        for name, page in members.items():
            page.goto(f"/communities/{slug}/charter")
            page.get_by_role("button", name="J'accepte la charte").click()
            page.wait_for_url(f"**/communities/{slug}")
            expect(page.get_by_text("Charte acceptée", exact=False)).to_be_visible()
        expect(c.locator("section#members").get_by_role("heading")).to_have_text("3 membres")
        anon = person("anon")
        check(status_of(anon, code_path) == 404, "anonymous must get 404 on a members-only code")
        session.passed("B and C asked, were approved, accepted the charter (3 members); anonymous gets 404 on the code")

        session.step = "3-empty-code"
        a.goto(code_path)
        expect(a.get_by_role("heading", level=1)).to_have_text(f"#CodeSocial — {community}")
        expect(a.locator("p.revision-line")).to_contain_text("Aucune révision adoptée")
        raison = a.locator("section#raison-d-etre")
        expect(raison.get_by_role("heading", level=2)).to_have_text("Raison d'être")
        expect(raison.locator(".guide")).to_contain_text("Section vide. À quoi sert-elle ?")
        expect(raison.locator(".guide")).to_contain_text("Pourquoi la communauté existe")
        check(a.locator("section.code-section .guide").count() == 10, "all ten sections should show their guide while empty")
        session.passed("the empty code shows guidance for each of its ten sections")

        session.step = "4-propose"
        a.get_by_role("link", name="Proposer un amendement").first.click()
        a.wait_for_url(f"**{code_path}/amendments/new")
        expect(a.get_by_role("heading", level=1)).to_have_text("Proposer un amendement")
        a.get_by_label("Résumé du changement").fill(summary_1)
        a.get_by_label("Pourquoi ce changement ?").fill("Il faut bien *commencer* quelque part.")
        a.locator(SECTION).fill(FIRST_TEXT)
        a.get_by_role("button", name="Soumettre l'amendement").click()
        a.wait_for_url(AMENDMENT_URL)
        amendment_1 = a.url
        expect(a.get_by_text("Amendement proposé : les membres peuvent maintenant prendre position.")).to_be_visible()
        expect(a.locator("p.badges")).to_have_text("Ouvert")
        expect(a.get_by_role("heading", level=1)).to_have_text(summary_1)
        expect(a.locator("div.markdown em")).to_have_text("commencer")
        diff = a.locator("section.diff-section", has=a.get_by_role("heading", name="Raison d'être"))
        expect(diff.locator("tr.added", has_text="artisanal dans la vallée")).to_have_count(1)
        check(diff.locator("tr.added").count() == len(FIRST_TEXT.split("\n")), "every proposed line should be an added row")
        session.passed(f"A proposed « {summary_1} »; the amendment is open and shows its diff")

        session.step = "5-b-c-consent"
        for name, page in members.items():
            take_position(page, amendment_1)
            expect(page.locator("ul.positions")).to_contain_text(f"Consentement — {name} {SUFFIX}")
        expect(c.locator("section", has=c.get_by_role("heading", name="Positions"))).to_contain_text("Consentement 2 · Objection 0")
        apply_rule(a, amendment_1)
        expect(a.get_by_text("La règle ne permet pas encore de conclure", exact=False)).to_be_visible()
        expect(a.locator("p.badges")).to_have_text("Ouvert")
        session.passed("B and C consented; applying the rule with A still silent keeps it open")

        session.step = "6-adopted"
        take_position(a, amendment_1)
        apply_rule(a, amendment_1)
        expect(a.get_by_text("Décision appliquée.")).to_be_visible()
        expect(a.locator("p.badges")).to_have_text("Adopté")
        expect(a.get_by_role("link", name="Révision 1", exact=True)).to_be_visible()
        expect(a.get_by_role("button", name="Prendre position")).to_have_count(0)
        expect(a.get_by_role("button", name="Appliquer la règle maintenant")).to_have_count(0)
        session.passed("with all 3 active members consenting, the amendment is adopted as revision 1")

        session.step = "7-history-diff"
        b.goto(f"{code_path}/history")
        expect(b.get_by_role("heading", level=1)).to_have_text("Historique des révisions")
        entry = b.get_by_role("link", name=f"Révision 1 — {summary_1}")
        expect(entry).to_be_visible()
        expect(b.locator("ol.history li")).to_contain_text(f"@{handle_a}")
        expect(b.locator("ol.history li")).to_contain_text("Raison d'être")
        entry.click()
        b.wait_for_url(f"**{code_path}/revisions/1")
        expect(b.get_by_role("heading", level=1)).to_have_text(f"Révision 1 — {summary_1}")
        inline = b.locator("table.diff.inline")
        expect(inline).to_have_count(1)
        expect(inline.locator("tr.added", has_text="artisanal dans la vallée")).to_have_count(1)
        expect(inline.locator("tr.added", has_text="partager les savoir-faire")).to_have_count(1)
        check(inline.locator("tr.removed").count() == 0, "revision 1 starts from nothing: no removed rows")
        b.get_by_role("link", name="Côte à côte").click()
        b.wait_for_url(re.compile(r"/revisions/1\?view=split$"))
        split = b.locator("table.split")
        expect(split).to_be_visible()
        expect(split.locator("td.added", has_text="artisanal dans la vallée")).to_have_count(1)
        expect(b.get_by_role("link", name="Côte à côte")).to_have_attribute("aria-current", "page")
        session.passed("history lists « Révision 1 »; its inline and side-by-side diffs show the added text")

        session.step = "8-rendered"
        c.goto(code_path)
        expect(c.locator("p.revision-line")).to_contain_text(f"Révision 1 · {summary_1}")
        rendered = c.locator("section#raison-d-etre div.markdown")
        expect(rendered.locator("h3")).to_have_text("Notre raison d'être")
        expect(rendered.locator("strong")).to_have_text("tissage")
        expect(rendered.locator("li")).to_have_count(2)
        expect(c.locator("section#raison-d-etre .guide")).to_have_count(0)
        expect(c.locator("section#history .guide")).to_contain_text("Section vide")
        session.passed("the code page renders the adopted Markdown (heading, bold, list)")

        session.step = "9-hostile-amendment"
        b.goto(code_path)
        b.locator("section#raison-d-etre").get_by_role("link", name="Amender cette section").click()
        b.wait_for_url(re.compile(r"/amendments/new\?section=raison-d-etre$"))
        area = b.locator(SECTION)
        current = area.input_value()
        check(current.replace("\r\n", "\n") == FIRST_TEXT, f"the form should start from the adopted text, got {current!r}")
        b.get_by_label("Résumé du changement").fill(summary_2)
        area.fill(FIRST_TEXT.replace(FIRST_LINE, SECOND_LINE) + "\n" + HOSTILE)
        b.get_by_role("button", name="Soumettre l'amendement").click()
        b.wait_for_url(AMENDMENT_URL)
        amendment_2 = b.url
        expect(b.locator("p.badges")).to_have_text("Ouvert")
        expect(b.locator("tr.added mark", has_text="du Rhône")).to_have_count(1)
        expect(b.locator("tr.added", has_text="<script>alert(1)</script>")).to_have_count(1)
        for page in (b, c, a):
            take_position(page, amendment_2)
        apply_rule(a, amendment_2)
        expect(a.get_by_text("Décision appliquée.")).to_be_visible()
        expect(a.locator("p.badges")).to_have_text("Adopté")
        expect(a.get_by_role("link", name="Révision 2", exact=True)).to_be_visible()
        session.passed("B's amendment with hostile Markdown was adopted as revision 2")

        session.step = "10-word-diff"
        a.goto(f"{code_path}/history")
        expect(a.get_by_role("link", name=f"Révision 2 — {summary_2}")).to_be_visible()
        expect(a.get_by_role("link", name=f"Révision 1 — {summary_1}")).to_be_visible()
        a.get_by_role("link", name=f"Révision 2 — {summary_2}").click()
        a.wait_for_url(f"**{code_path}/revisions/2")
        inline = a.locator("table.diff.inline")
        expect(inline.locator("tr.removed", has_text="artisanal dans la vallée.")).to_have_count(1)
        expect(inline.locator("tr.added mark")).to_contain_text(["du Rhône"])
        expect(inline.locator("tr.added", has_text="<script>alert(1)</script>")).to_have_count(1)
        a.get_by_role("link", name="Côte à côte").click()
        expect(a.locator("table.split td.added mark", has_text="du Rhône")).to_have_count(1)
        session.passed("revision 2's diff marks the changed words « du Rhône » inline and side by side")

        session.step = "11-no-script"
        for who, page, path in (("A", a, code_path), ("C", c, code_path), ("B", b, amendment_2),
                                ("A", a, f"{code_path}/revisions/2"), ("A", a, f"{code_path}/revisions/2?view=split"),
                                ("A", a, f"{code_path}/blame/raison-d-etre")):
            check(status_of(page, path) == 200, f"{who} should get 200 on {path}")
            scripts = page.locator("main script").count()
            check(scripts == 0, f"{path}: {scripts} <script> element(s) inside <main>")
            srcs = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
            check(srcs == ["/enjeu.js"], f"{path}: unexpected scripts {srcs}")
            bad = page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.getAttribute('href')).filter(h => /^\\s*javascript:/i.test(h))")
            check(not bad, f"{path}: javascript: links {bad}")
        c.goto(code_path)
        rendered = c.locator("section#raison-d-etre div.markdown")
        expect(rendered).to_contain_text("<script>alert(1)</script>")
        expect(rendered).to_contain_text("Voir x")
        expect(rendered.locator("a")).to_have_count(0)
        expect(rendered.locator("p", has_text="du Rhône")).to_have_count(1)
        check(not dialogs, f"an alert() ran: {dialogs}")
        session.passed("user Markdown stays inert: no <script> in <main>, no javascript: link, the text shows literally")

        session.step = "12-export"
        response = c.request.get(f"{code_path}/export.json")
        check(response.status == 200, f"C should get 200 on export.json, got {response.status}")
        data = response.json()
        check(data.get("revision") == 2, f"export.json should be at revision 2, got {data.get('revision')}")
        bodies = {s["key"]: s["body"] for s in data.get("sections", [])}
        expected = FIRST_TEXT.replace(FIRST_LINE, SECOND_LINE) + "\n" + HOSTILE
        check(bodies.get("raison-d-etre") == expected, f"exported body differs: {bodies.get('raison-d-etre')!r}")
        numbers = sorted(r["number"] for r in data.get("revisions", []))
        check(numbers == [1, 2], f"export.json should list revisions 1 and 2, got {numbers}")
        check(anon.request.get(f"{code_path}/export.json").status == 404, "anonymous must get 404 on export.json")
        session.passed("export.json holds revision 2 with the exact text (line endings normalised); anonymous gets 404")

    return run(__doc__, walk, "code walk passed", screenshot_prefix="code-")


if __name__ == "__main__":
    sys.exit(main())
