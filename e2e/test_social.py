"""End-to-end walk through the social space of a community in real browsers (Playwright, sync API).

Run against a live server:  python e2e/test_social.py --base-url http://127.0.0.1:8080
One member posts and mentions another; the other sees the notification (and the post) arrive live, without
reloading; they endorse the first, whose "why" page then shows the endorsement; endorsing twice on one topic is refused.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SUFFIX, check, create_account, create_community, join, run  # noqa: E402

# Keeps every EventSource the page opens, so the test can wait until the live stream is really open
# (readyState OPEN: the server answered 200 text/event-stream, hence has subscribed this reader). enjeu.js is unaffected.
TRACK_EVENT_SOURCES = """
(() => {
  const Native = window.EventSource;
  if (!Native) return;
  window.__eventSources = [];
  window.EventSource = class extends Native {
    constructor(...args) { super(...args); window.__eventSources.push(this); }
  };
})();
"""
STREAM_OPEN = "() => (window.__eventSources || []).some((s) => s.url.endsWith('/events') && s.readyState === 1)"


def sign_up(page: Page, name):
    return create_account(page, f"{name.lower()}_soc_{SUFFIX}", name)


def main():
    slug = f"soc-{SUFFIX}"
    topic = "Coopération"
    note = "Toujours présente"

    def walk(session):
        session.step = "1-community"
        a = session.person("a")
        handle_a = sign_up(a, "Alice")
        create_community(a, slug, f"Entraide du quartier {SUFFIX}", "Se donner des nouvelles et se faire confiance entre voisins.")
        b = session.person("b")
        handle_b = sign_up(b, "Bruno")
        join(a, b, slug, handle_b, f"Bruno {SUFFIX}", "Bonjour, je suis le voisin du dessus.")
        session.passed("a members-only community of two")

        session.step = "2-b-listens"
        b.add_init_script(TRACK_EVENT_SOURCES)
        feed_url = f"/communities/{slug}/feed"
        b.goto(feed_url)
        expect(b.locator("body")).to_have_attribute("data-events", "/events")
        b.wait_for_function(STREAM_OPEN)
        expect(b.locator("#unread-count")).to_have_text("0")
        b_posts = b.locator("#feed article.post", has_text="on se retrouve samedi")
        expect(b_posts).to_have_count(0)
        # Anything that reloads or navigates B's page would drop this marker.
        b.evaluate(f"window.__socialMarker = '{SUFFIX}'")
        b_url = b.url
        session.passed("Bruno's feed page is open and its event stream connected")

        session.step = "3-a-posts"
        a.goto(feed_url)
        a.get_by_label("Votre message", exact=True).fill(f"Bonjour @{handle_b}, on se retrouve samedi ?")
        a.get_by_role("button", name="Publier", exact=True).click()
        a.wait_for_url(f"**{feed_url}")
        expect(a.locator("#feed article.post", has_text="on se retrouve samedi")).to_have_count(1)
        session.passed(f"Alice posted, mentioning @{handle_b}")

        session.step = "4-b-sees-it-live"
        expect(b.locator("#unread-count")).to_have_text("1", timeout=10_000)
        live = b.locator("#live a", has_text="vous a mentionné·e")
        expect(live).to_have_count(1, timeout=10_000)
        expect(live).to_contain_text(f"@{handle_a}")
        expect(live).to_contain_text("on se retrouve samedi")
        expect(live).to_have_attribute("href", re.compile(rf"/communities/{slug}/posts/[0-9A-Fa-f-]{{36}}$"))
        expect(b_posts).to_have_count(1, timeout=10_000)
        expect(b_posts).to_contain_text(f"@{handle_a}")
        check(b.url == b_url, f"B's page moved: {b_url} -> {b.url}")
        marker = b.evaluate("window.__socialMarker")
        check(marker == SUFFIX, f"B's page was reloaded or navigated (marker {marker!r})")
        session.audit(b)  # the live notification and post, inserted without a reload
        session.passed("without reloading, Bruno's badge shows 1, the mention appears in #live and the post in his feed")

        session.step = "5-b-endorses"
        # Alice already has the join request's notification: clear it, so her badge counts the endorsement alone.
        a.goto("/notifications")
        a.get_by_role("button", name="Tout marquer comme lu", exact=True).click()
        a.wait_for_url("**/notifications")
        expect(a.locator("#unread-count")).to_have_text("0")
        why_a = f"/communities/{slug}/credibility/{handle_a}"
        b.goto(why_a)
        endorse = b.locator("section#endorse")
        endorse.get_by_label("Sujet (une valeur ou une compétence)", exact=True).fill(topic)
        endorse.get_by_label("Note", exact=True).fill(note)
        endorse.get_by_role("button", name="Faire confiance", exact=True).click()
        b.wait_for_url(f"**{why_a}")
        expect(b.locator("#received")).to_contain_text(f"@{handle_b} lui fait confiance en « {topic} »")
        session.passed(f"Bruno endorsed Alice on « {topic} »")

        session.step = "6-a-why"
        a.goto(why_a)
        received = a.locator("section#received")
        expect(received).to_contain_text(f"@{handle_b} lui fait confiance en « {topic} »")
        expect(received.locator("q")).to_have_text(note)
        expect(a.locator("#unread-count")).to_have_text("1")
        a.goto("/notifications")
        notification = a.locator("#notification-list li.unread", has_text=f"vous fait confiance en « {topic} »")
        expect(notification).to_have_count(1)
        expect(notification).to_contain_text(f"@{handle_b}")
        session.passed("Alice's why page shows the endorsement and its note; she was notified")

        session.step = "7-endorse-twice"
        b.goto(why_a)
        endorse = b.locator("section#endorse")
        endorse.get_by_label("Sujet (une valeur ou une compétence)", exact=True).fill(topic)
        with b.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/communities/{slug}/endorsements")) as answer:
            endorse.get_by_role("button", name="Faire confiance", exact=True).click()
        check(answer.value.status == 409, f"endorsing twice should answer 409, got {answer.value.status}")
        expect(b.get_by_role("alert")).to_contain_text("déjà confiance")
        session.passed("endorsing Alice twice on the same topic is refused (409, error summary)")

    return run(__doc__, walk, "social walk passed", screenshot_prefix="social-")


if __name__ == "__main__":
    sys.exit(main())
