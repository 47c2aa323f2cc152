"""End-to-end walk through moderation and personal data in real browsers (Playwright, sync API), issue 20.

Run against a live server:  python e2e/test_moderation.py --base-url http://127.0.0.1:8080
A steward's members-only community with two members, Alice and Bruno. Alice posts; Bruno reports the post from its
page (« Signaler », opened with the keyboard: reason « Propos abusifs ou hostiles », details); the steward finds it in
the review queue, in context with the report, and hides it with a note. Alice then sees her post hidden with that
reason and the form to ask for a review (she asks); to Bruno the post no longer exists (404, gone from the feed).
Bruno comments in a thread between two others' comments, asks for his data from « Mes données », waits for the ZIP
(prepared by the server's background jobs), downloads it (a ZIP with README.md, posts.json, comments.json holding
his comment) and deletes his account with his password (confirmed). The thread keeps « message supprimé » in his
comment's place, the others in order; the community's journal shows the hiding (« a masqué un élément ») with its
reason, and Alice's review request waits in the queue.
"""
import json
import re
import sys
import time
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PASSWORD, SUFFIX, check, create_account, create_community, join, run, status_of  # noqa: E402

EXPORT_WAIT_S = 60


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_mod_{SUFFIX}", name)


def publish(page: Page, slug, text):
    """The signed-in member posts text in the community's feed; returns the new post's page path."""
    feed = f"/communities/{slug}/feed"
    page.goto(feed)
    page.get_by_label("Votre message", exact=True).fill(text)
    page.get_by_role("button", name="Publier", exact=True).click()
    page.wait_for_url(f"**{feed}")
    article = page.locator("#feed article.post", has_text=text)
    expect(article).to_have_count(1)
    post_id = article.get_attribute("id").removeprefix("p-")
    return f"/communities/{slug}/posts/{post_id}"


def comment(page: Page, post_path, text):
    page.goto(post_path)
    page.get_by_label("Commenter", exact=True).fill(text)
    page.get_by_role("button", name="Commenter", exact=True).click()
    page.wait_for_url(f"**{post_path}*")
    expect(page.locator("ol.comments > li", has_text=text)).to_have_count(1)


def press(page: Page, locator):
    """Reaches a control with the keyboard's focus and activates it with Enter, as a keyboard user would."""
    locator.focus()
    expect(locator).to_be_focused()
    page.keyboard.press("Enter")


def press_and_confirm(page: Page, locator):
    """Like press, for an irreversible action: enjeu.js asks « Confirmer ? » (window.confirm) and the person accepts."""
    asked = []

    def accept(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept()

    page.once("dialog", accept)
    press(page, locator)
    for _ in range(50):
        if asked:
            break
        page.wait_for_timeout(100)
    check(asked == [("confirm", "Confirmer ?")], f"the irreversible action should ask « Confirmer ? » once, asked {asked}")


def main():
    slug = f"mod-{SUFFIX}"
    abusive = f"Les gens du rez-de-chaussée sont des nuls {SUFFIX}"
    details = "Insulte envers les voisins du rez-de-chaussée."
    reason = "Propos insultants envers des voisins : contraire à la charte."
    thread_post = f"Qui vient au repair café samedi ? {SUFFIX}"
    first, middle, last = "Moi, avec une lampe à réparer.", f"Je viens avec des gâteaux {SUFFIX}", "Je tiendrai l'accueil."

    def walk(session):
        session.step = "1-community"
        s = session.person("steward")
        handle_s = sign_up(s, "Sophie")
        create_community(s, slug, f"Immeuble des Lilas {SUFFIX}", "Entretenir la vie de l'immeuble et s'entraider entre voisins.")
        a = session.person("a")
        handle_a = sign_up(a, "Alice")
        join(s, a, slug, handle_a, f"Alice {SUFFIX}", "Bonjour, j'habite au troisième.")
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        join(s, b, slug, handle_b, f"Bruno {SUFFIX}", "Bonjour, j'habite au premier.")
        session.passed("a members-only community: the steward, Alice and Bruno (approved, charter accepted)")

        session.step = "2-b-reports"
        post_path = publish(a, slug, abusive)
        b.goto(post_path)
        expect(b.locator("article.post", has_text=abusive)).to_have_count(1)
        report = b.locator("details.report")
        expect(report).to_have_count(1)
        press(b, report.locator("summary"))
        expect(report).to_have_attribute("open", "")
        report.get_by_label("Motif", exact=True).select_option(label="Propos abusifs ou hostiles")
        report.get_by_label("Précisions", exact=True).fill(details)
        press(b, report.get_by_role("button", name="Signaler", exact=True))
        expect(b.get_by_text("Merci : votre signalement est transmis aux modérateurs·rices.")).to_be_visible()
        check(b.url.endswith(post_path), f"after reporting, Bruno should be back on the post's page, is on {b.url}")
        session.passed(f"Alice posted; Bruno reported her post from {post_path} (keyboard-opened « Signaler »)")

        session.step = "3-steward-hides"
        queue = f"/communities/{slug}/reports"
        s.goto(queue)
        card = s.locator("ul.reports > li.card", has_text=abusive)
        expect(card).to_have_count(1)
        expect(card.get_by_role("heading", level=2)).to_contain_text(f"message @{handle_a}")
        expect(card.locator("blockquote")).to_contain_text(abusive)
        expect(card.locator("ul.report-reasons > li")).to_have_text(f"Propos abusifs ou hostiles par @{handle_b} — {details}")
        card.get_by_label("Note (la raison que l'auteur·e lira si l'élément est masqué)", exact=True).fill(reason)
        press_and_confirm(s, card.get_by_role("button", name="Masquer", exact=True))
        expect(s.get_by_text("Modifications enregistrées.")).to_be_visible()
        check(s.url.endswith(queue), f"after hiding, the steward should be back on the queue, is on {s.url}")
        expect(s.locator("ul.reports > li.card", has_text=abusive)).to_have_count(0)
        session.passed("the steward saw the report with the post in context, typed a note and hid it from the queue")

        session.step = "4-after-hiding"
        a.goto(post_path)
        notice = a.get_by_role("note")
        expect(notice).to_have_text(f"Masqué — Masqué par la modération : {reason}")
        expect(a.locator("article.post", has_text=abusive)).to_have_count(1)
        review = a.get_by_label("Votre message aux modérateurs·rices (facultatif)", exact=True)
        expect(review).to_be_visible()
        review.fill("C'était une plaisanterie entre nous, je peux reformuler.")
        press(a, a.get_by_role("button", name="Demander un réexamen", exact=True))
        expect(a.get_by_text("Votre demande de réexamen est transmise aux modérateurs·rices.")).to_be_visible()
        code = status_of(b, post_path)
        check(code == 404, f"the hidden post's page should be 404 to Bruno, got {code}")
        b.goto(f"/communities/{slug}/feed")
        expect(b.locator("#feed")).to_be_visible()
        expect(b.locator("#feed article.post", has_text=abusive)).to_have_count(0)
        session.passed("Alice sees her post hidden with the steward's reason and asked for a review; "
                       "to Bruno the post's page is 404 and his feed lacks it")

        session.step = "5-thread"
        thread_path = publish(a, slug, thread_post)
        comment(a, thread_path, first)
        comment(b, thread_path, middle)
        comment(s, thread_path, last)
        comments = a.locator("ol.comments > li")
        a.goto(thread_path)
        expect(comments).to_have_count(3)
        for i, (text, who) in enumerate([(first, handle_a), (middle, handle_b), (last, handle_s)]):
            expect(comments.nth(i)).to_contain_text(text)
            expect(comments.nth(i)).to_contain_text(f"@{who}")
        session.passed("a thread of three comments, Bruno's in the middle")

        session.step = "6-b-export"
        b.goto("/me/data")
        expect(b.get_by_role("heading", name="Mes données", level=1)).to_be_visible()
        press(b, b.get_by_role("button", name="Préparer mon export", exact=True))
        expect(b.get_by_text("Votre export est en préparation : cette page montre où il en est.")).to_be_visible()
        download = b.get_by_role("link", name="Télécharger le ZIP", exact=True)
        started, polls = time.monotonic(), 0
        while download.count() == 0 and time.monotonic() - started < EXPORT_WAIT_S:
            time.sleep(1)
            b.goto("/me/data")
            polls += 1
        waited = time.monotonic() - started
        expect(download).to_have_count(1, timeout=1_000)
        expect(b.locator("ul.exports > li")).to_contain_text("Prêt")
        with b.expect_download() as got:
            press(b, download)
        zip_path = session.artifacts / f"moderation-export-{SUFFIX}.zip"
        got.value.save_as(zip_path)
        check(zipfile.is_zipfile(zip_path), f"the download is not a ZIP ({got.value.suggested_filename})")
        with zipfile.ZipFile(zip_path) as archive:
            names = set(archive.namelist())
            missing = {"README.md", "posts.json", "comments.json"} - names
            check(not missing, f"the ZIP lacks {sorted(missing)}; it holds {sorted(names)}")
            check(archive.testzip() is None, "the ZIP has a corrupt member")
            readme = archive.read("README.md").decode("utf-8")
            check("comments.json" in readme, "README.md does not describe comments.json")
            their_comments = json.loads(archive.read("comments.json").decode("utf-8"))
            check(middle in json.dumps(their_comments, ensure_ascii=False), "comments.json lacks Bruno's comment")
            check(abusive not in json.dumps(their_comments, ensure_ascii=False), "comments.json holds another's post")
        session.passed(f"Bruno's export was ready after {waited:.0f} s ({polls} reload(s)); "
                       f"the ZIP ({len(names)} files) has README.md, posts.json and comments.json with his comment")

        session.step = "7-b-deletes"
        b.goto("/me/data")
        b.get_by_label("Votre mot de passe, pour confirmer", exact=True).fill(PASSWORD)
        press_and_confirm(b, b.get_by_role("button", name="Supprimer définitivement mon compte", exact=True))
        b.wait_for_url(re.compile(r"/$"))
        expect(b.get_by_text("Votre compte est supprimé.", exact=False)).to_be_visible()
        expect(b.get_by_role("button", name="Se déconnecter")).to_have_count(0)
        code = status_of(b, "/me/data")
        check(code != 200 or "/signin" in b.url or "/login" in b.url,
              f"after deletion /me/data should not be Bruno's page any more (status {code}, {b.url})")
        session.passed("Bruno deleted his account with his password and is signed out")

        session.step = "8-thread-and-journal"
        a.goto(thread_path)
        expect(comments).to_have_count(3)
        expect(comments.nth(0)).to_contain_text(first)
        expect(comments.nth(1)).to_contain_text("message supprimé")
        expect(comments.nth(1)).not_to_contain_text(middle)
        expect(comments.nth(1)).not_to_contain_text(handle_b)
        expect(comments.nth(2)).to_contain_text(last)
        expect(a.locator("main")).not_to_contain_text(handle_b)
        journal = f"/communities/{slug}/journal"
        a.goto(journal)
        hid = a.locator("ol.journal > li", has_text="a masqué un élément")
        expect(hid).to_have_count(1)
        expect(hid).to_contain_text(f"@{handle_s}")
        expect(hid.locator("blockquote")).to_have_text(reason)
        expect(a.locator("ol.journal")).not_to_contain_text(handle_b)
        s.goto(queue)
        asked = s.locator("ul.reports > li.card", has_text=abusive)
        expect(asked).to_have_count(1)
        expect(asked).to_contain_text("Masqué")
        expect(asked).to_contain_text("L'auteur·e demande un réexamen")
        session.passed("the thread shows « message supprimé » in Bruno's place, the others in order; "
                       "the journal shows the steward's hiding with its reason; Alice's review request is in the queue")

    return run(__doc__, walk, "moderation walk passed", screenshot_prefix="moderation-")


if __name__ == "__main__":
    sys.exit(main())
