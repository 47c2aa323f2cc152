"""End-to-end walk through a network of communities in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_network.py --base-url http://127.0.0.1:8080
Alice and Bruno steward two public communities; each links hers to Nora's network and Nora accepts. Alice records,
in her ledger, a flow from her community to Bruno's (`community:<slug>`): it waits until Bruno confirms it from his
own ledger page, then shows in both ledgers and in the network's matrix on the network page. Olga represents an
organisation: from /catalogue she says « Je suis intéressé·e » to Alice's offer in its name, with a message, and
Alice takes the solicitation up from the offer's page.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, create_account, create_community, run  # noqa: E402

OFFER_URL = re.compile(r"/economy/offers/[0-9A-Fa-f-]{36}$")


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_net_{SUFFIX}", name)


def link_to_network(steward: Page, network: Page, slug, name, net_slug):
    """The community's steward proposes `member-of` the network; the network's steward accepts it."""
    steward.goto(f"/communities/{slug}/links")
    form = steward.locator("form", has=steward.get_by_role("button", name="Proposer le lien"))
    form.get_by_label("Communauté liée (identifiant)").fill(net_slug)
    form.get_by_label("Type").select_option("member-of")
    form.get_by_role("button", name="Proposer le lien").click()
    steward.wait_for_url(f"**/communities/{slug}/links")
    expect(steward.locator("main")).to_contain_text("proposé")
    network.goto(f"/communities/{net_slug}/links")
    network.get_by_role("button", name=f"Accepter {name}").click()
    network.wait_for_url(f"**/communities/{net_slug}/links")
    expect(network.locator("main")).to_contain_text("accepté")


def main():
    net_slug, a_slug, b_slug = f"reseau-{SUFFIX}", f"atelier-{SUFFIX}", f"jardin-{SUFFIX}"
    net_name, a_name, b_name = f"Réseau des ateliers {SUFFIX}", f"Atelier bois {SUFFIX}", f"Jardin partagé {SUFFIX}"
    flow = f"Prêt de la salle {SUFFIX}"
    offer = f"Cours de menuiserie {SUFFIX}"

    def walk(session):
        session.step = "1-communities"
        nora = session.person("nora")
        sign_up(nora, "Nora")
        create_community(nora, net_slug, net_name, "Relier les ateliers et les jardins de la vallée.", visibility="public")
        alice = session.person("alice")
        sign_up(alice, "Alice")
        create_community(alice, a_slug, a_name, "Un atelier de menuiserie ouvert à tous.", visibility="public")
        bruno = session.person("bruno")
        sign_up(bruno, "Bruno")
        create_community(bruno, b_slug, b_name, "Un jardin partagé au cœur du quartier.", visibility="public")
        session.passed("a network and two communities, each with its steward")

        session.step = "2-link"
        link_to_network(alice, nora, a_slug, a_name, net_slug)
        link_to_network(bruno, nora, b_slug, b_name, net_slug)
        nora.goto(f"/communities/{net_slug}/network")
        members = nora.locator("section", has=nora.get_by_role("heading", name="Communautés membres"))
        expect(members).to_contain_text(a_name)
        expect(members).to_contain_text(b_name)
        session.passed("Alice and Bruno linked their communities to the network; Nora accepted; the network page lists both")

        session.step = "3-propose-a-flow"
        alice.goto(f"/communities/{a_slug}/economy/flows")
        form = alice.locator("form", has=alice.get_by_role("button", name="Enregistrer un flux"))
        form.get_by_label("De (qui donne)").fill("communauté")
        form.get_by_label("À (qui reçoit)").fill(f"community:{b_slug}")
        form.get_by_label("Quantité").fill("6")
        form.get_by_label("Unité").fill("h")
        form.get_by_label("Définition").fill(flow)
        form.get_by_role("button", name="Enregistrer un flux").click()
        alice.wait_for_url(re.compile(r"/economy/flows$"))
        expect(alice.locator("table.flows tr", has_text=flow)).to_contain_text("en attente")
        session.passed("Alice recorded 6 h from her community to Bruno's: pending")

        session.step = "4-confirm"
        bruno.goto(f"/communities/{b_slug}/economy/flows")
        pending = bruno.locator("li.pending-flow", has_text=flow)
        pending.get_by_role("button", name="Confirmer").click()
        bruno.wait_for_url(re.compile(r"/economy/flows$"))
        expect(bruno.locator("table.flows tr", has_text=flow)).to_contain_text("confirmé")
        alice.goto(f"/communities/{a_slug}/economy/flows")
        expect(alice.locator("table.flows tr", has_text=flow)).to_contain_text("confirmé")
        session.passed("Bruno confirmed it from his ledger page; both ledgers show it confirmed")

        session.step = "5-matrix"
        nora.goto(f"/communities/{net_slug}/network")
        matrix = nora.locator("table.heatmap").first
        expect(matrix).to_contain_text(a_name)
        expect(matrix).to_contain_text(b_name)
        expect(matrix).to_contain_text("6")
        session.passed("the network's matrix shows the flow between the two member communities")

        session.step = "6-publish-and-organisation"
        alice.goto(f"/communities/{a_slug}/economy")
        form = alice.locator("form", has=alice.get_by_role("button", name="Publier une offre"))
        form.get_by_label("Type").select_option("service")
        form.get_by_label("Intitulé").fill(offer)
        form.get_by_label("Définition").fill("Deux heures à l'établi pour apprendre à assembler.")
        form.get_by_label("Lieu ou périmètre").fill("Thiers")
        form.get_by_role("button", name="Publier une offre").click()
        alice.wait_for_url(OFFER_URL)
        offer_url = alice.url
        olga = session.person("olga")
        olga_handle = sign_up(olga, "Olga")
        org_name = f"Coopérative des charpentiers {SUFFIX}"
        olga.goto("/organisations/new")
        olga.get_by_label("Nom", exact=True).fill(org_name)
        olga.get_by_label("Adresse courte (slug)").fill(f"charpentiers-{SUFFIX}")
        olga.get_by_label("Type").select_option("cooperative")
        olga.get_by_label("Objet").fill("Une coopérative de charpentiers qui forme ses apprentis.")
        olga.get_by_role("button", name="Créer l'organisation").click()
        olga.wait_for_url(f"**/organisations/charpentiers-{SUFFIX}")
        session.passed("Alice published an offer; Olga created the organisation she represents")

        session.step = "7-solicit"
        olga.goto(f"/catalogue?q=menuiserie {SUFFIX}")
        olga.get_by_role("link", name=f"Je suis intéressé·e : {offer}").click()
        olga.wait_for_url(re.compile(r"/economy/offers/[0-9A-Fa-f-]{36}(#solicit)?$"))
        form = olga.locator("form", has=olga.get_by_role("button", name="Je suis intéressé·e"))
        form.get_by_label("Message").fill("Nos apprentis cherchent un atelier pour s'exercer.")
        form.get_by_label("Au nom de").select_option(f"charpentiers-{SUFFIX}")
        form.get_by_role("button", name="Je suis intéressé·e").click()
        olga.wait_for_load_state()
        session.passed("Olga said « Je suis intéressé·e » from /catalogue, with a message, in her organisation's name")

        session.step = "8-answer"
        alice.goto(offer_url)
        solicitation = alice.locator("li.referral", has_text=f"@{olga_handle}")
        expect(solicitation).to_contain_text("sollicitation")
        expect(solicitation).to_contain_text(org_name)
        solicitation.get_by_role("button", name="Marquer acceptée").click()
        alice.wait_for_url(OFFER_URL)
        expect(alice.locator("li.referral", has_text=f"@{olga_handle}")).to_contain_text("acceptée")
        session.passed("Alice sees the solicitation beside the referrals and takes it up")

    return run(__doc__, walk, "network walk passed", screenshot_prefix="network-")


if __name__ == "__main__":
    sys.exit(main())
