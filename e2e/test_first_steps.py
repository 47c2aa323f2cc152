"""First steps in real browsers: a new person without a community sees what to join and what to create, creates a
community from the « Coopérative » template, and finds its charter, the skeleton of its #CodeSocial and the journey's
first step already there; the new community's empty pages say what goes there; she creates an organisation and asks the
community to admit it, and opens the community's network page. axe audits every page (axe_audit.py).

Run against a live server:  python e2e/test_first_steps.py --base-url http://127.0.0.1:8080
"""
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent))  # common.py, whatever the working directory
from common import SUFFIX, create_account, create_community, run  # noqa: E402


def main():
    slug = f"coop-{SUFFIX}"
    name = f"Coopérative E2E {SUFFIX}"

    def walk(session):
        session.step = "1-signup-first-steps"
        n = session.person("n")
        create_account(n, f"nouvelle_{SUFFIX}", "Nouvelle")
        first = n.locator("#first-steps")
        expect(first.get_by_role("heading", name="Vos premiers pas")).to_be_visible()
        expect(first.get_by_role("heading", name="Créer une communauté à partir d'un modèle")).to_be_visible()
        for template in ["Association", "Coopérative", "Équipe d'entreprise", "Réseau de tiers-lieux"]:
            expect(first.get_by_role("link", name=f"Créer : {template}")).to_be_visible()
        session.passed("the home shows the first steps: communities to join, four templates")

        session.step = "2-create-from-template"
        first.get_by_role("link", name="Créer : Coopérative").click()
        n.wait_for_url("**/communities/new?template=cooperative")
        expect(n.get_by_role("group", name="Partir d'un modèle")).to_be_visible()
        expect(n.get_by_role("radio", name="Coopérative")).to_be_checked()
        expect(n.get_by_label("Charte de réciprocité")).to_contain_text("Une personne, une voix")
        n.get_by_label("Nom", exact=True).fill(name)
        n.get_by_label("Adresse courte (slug)").fill(slug)
        n.get_by_label("Objet").fill("Produire ensemble et partager équitablement le fruit du travail.")
        n.get_by_label("Visibilité").select_option("public")
        n.get_by_role("button", name="Créer la communauté").click()
        n.wait_for_url(f"**/communities/{slug}")
        expect(n.get_by_role("heading", level=1)).to_have_text(name)
        expect(n.locator("section.charter")).to_contain_text("Une personne, une voix")
        expect(n.get_by_text("Vous êtes seul·e ici pour l'instant", exact=False)).to_be_visible()
        session.passed(f"/communities/{slug} created from the template, its charter at home")

        session.step = "3-code-skeleton"
        n.goto(f"/communities/{slug}/code")
        expect(n.get_by_text("Ossature du modèle « Coopérative »", exact=False).first).to_be_visible()
        expect(n.get_by_role("heading", name="Notre modèle économique")).to_be_visible()
        expect(n.get_by_role("heading", name="Notre forme juridique")).to_be_visible()
        session.passed("the code's first revision is the cooperative skeleton")

        session.step = "4-journey-first-step"
        n.goto(f"/communities/{slug}/journey")
        values = n.locator("li#values")
        expect(values).to_contain_text("Une personne, une voix")
        expect(values).to_contain_text("Juste répartition")
        session.passed("the journey's first step holds the template's values, open for adoption")

        session.step = "5-empty-pages"
        for path, words in [("/journey/actions", "Proposer une première action"), ("/figures", "Créer le premier indicateur"),
                            ("/economy", "Publier une première offre"), ("/feed", "Écrire un message"),
                            ("/code/amendments", "Un amendement propose de changer"),
                            ("/journey/evaluation", "Voir les actions à évaluer"),
                            ("/journey/recognitions", "Reconnaître une contribution"),
                            ("/figures/datasets", "Créer un jeu de données"), ("/economy/flows", "Enregistrer un premier flux"),
                            ("/economy/pyramid", "Déclarer une responsabilité")]:
            n.goto(f"/communities/{slug}{path}")
            expect(n.locator(".empty-state").first).to_contain_text(words)
        session.passed("the new community's empty pages say what goes there and what to do first")

        session.step = "6-organisation-and-network"
        n.goto("/organisations/new")
        n.get_by_label("Nom", exact=True).fill(f"Atelier {SUFFIX}")
        n.get_by_label("Adresse courte (slug)").fill(f"atelier-{SUFFIX}")
        n.get_by_label("Objet").fill("Réparer ensemble les outils du quartier.")
        n.get_by_role("button", name="Créer l'organisation").click()
        n.wait_for_url(f"**/organisations/atelier-{SUFFIX}")
        expect(n.get_by_role("heading", name="Représentant·es")).to_be_visible()
        n.goto(f"/communities/{slug}")
        n.get_by_role("link", name="Faire adhérer une organisation que je représente").click()
        n.wait_for_url(f"**/communities/{slug}/organisations")
        n.get_by_role("button", name="Demander l'adhésion de l'organisation").click()
        expect(n.get_by_text("Demande en attente", exact=False)).to_be_visible()
        n.goto(f"/communities/{slug}/links")
        expect(n.get_by_role("heading", name="Proposer un lien")).to_be_visible()
        session.passed("an organisation created, asking to join; the community's network page")

        session.step = "7-fediverse"
        n.goto(f"/communities/{slug}")
        n.get_by_role("link", name="Fédivers").click()
        n.wait_for_url(f"**/communities/{slug}/federation")
        expect(n.get_by_role("heading", name="Fédivers", exact=True)).to_be_visible()
        n.get_by_label("Publier dans le fédivers").select_option("false")
        n.get_by_role("button", name="Enregistrer").click()
        expect(n.get_by_label("Publier dans le fédivers")).to_have_value("false")
        n.get_by_label("Publier dans le fédivers").select_option("true")
        n.get_by_role("button", name="Enregistrer").click()
        expect(n.get_by_text(f"@{slug}@", exact=False).first).to_be_visible()
        n.get_by_label("Compte ou communauté à suivre (@nom@serveur)").fill("pas un compte")
        n.get_by_role("button", name="Suivre").click()
        expect(n.locator("#f-actor-error, .error-summary").first).to_be_visible()
        session.passed("the Fédivers page: the handle, the publish switch off and on, a follow refused naming its field")

        session.step = "8-solicit-an-offer-of-the-fediverse"
        other = f"atelier-{SUFFIX}"
        create_community(n, other, f"Atelier voisin {SUFFIX}", "Partager nos savoir-faire avec les communautés voisines.",
                         visibility="public")
        n.goto(f"/communities/{slug}/federation")
        n.get_by_label("Compte ou communauté à suivre (@nom@serveur)").fill(f"@{other}@{urlsplit(n.url).netloc}")
        n.get_by_role("button", name="Suivre").click()
        following = n.locator("#following-title + ul, section:has(#following-title)").get_by_text("accepté", exact=True)
        for _ in range(40):  # the Follow and its Accept go through the job queue; only then does the offer reach it
            n.goto(f"/communities/{slug}/federation")
            if following.count():
                break
            n.wait_for_timeout(500)
        expect(following).to_be_visible()
        n.goto(f"/communities/{other}/economy")
        form = n.locator("form", has=n.get_by_role("button", name="Publier une offre"))
        form.get_by_label("Type").select_option("service")
        form.get_by_label("Intitulé").fill("Atelier de réparation")
        form.get_by_label("Définition").fill("Réparer ensemble vélos et petits appareils, le samedi.")
        form.get_by_label("Lieu ou périmètre").fill("Lyon")
        form.get_by_role("button", name="Publier une offre").click()
        n.wait_for_url(f"**/communities/{other}/economy/offers/**")
        offer_url = n.url
        solicit = n.get_by_role("button", name="Solliciter cette offre")
        for _ in range(40):  # the follow's Accept, then the offer's Proposal, come through the job queue
            n.goto(f"/communities/{slug}/federation")
            if solicit.count():
                break
            n.wait_for_timeout(500)
        expect(solicit).to_be_visible()
        n.get_by_label("Un mot à qui propose « Atelier de réparation »", exact=False).fill("Nous viendrions volontiers à deux.")
        solicit.click()
        n.wait_for_url(f"**/communities/{slug}/federation")
        n.goto(offer_url)
        for _ in range(40):
            if n.get_by_text("Nous viendrions volontiers à deux.").count():
                break
            n.wait_for_timeout(500)
            n.reload()
        expect(n.get_by_text("Nous viendrions volontiers à deux.")).to_be_visible()
        session.passed("a community follows another by @name@server, receives its offer as a Proposal and solicits it from "
                       "its Fédivers page; the offer's owner finds the solicitation beside the offer")

    return run(__doc__, walk, "first steps: all steps passed")


if __name__ == "__main__":
    sys.exit(main())
