"""Keyboard-only walk through Enjeu in a real browser (Playwright, sync API).

Run against a live server:  python e2e/test_keyboard.py --base-url http://127.0.0.1:8080
A person signs up (a too short password first: the error summary takes focus, its link leads to the field),
creates a community, posts in its feed and signs out with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows,
typing). On every page reached: a skip link is the first thing focused and takes focus to <main>; Tab and Shift+Tab
go round the whole page and out of it (no focus trap), at 1280 px and 375 px; each focused element is on screen, not
hidden by other content, and shows a focus indicator (its computed outline, shadow, border, background, colour or
underline differ from the unfocused ones), an outline with 3:1 contrast against what surrounds it (WCAG 1.4.11).
Those checks are gathered and fail the walk at its end, all listed.
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from axe_audit import WIDTHS, pattern_of  # noqa: E402
from common import PASSWORD, SUFFIX, check, run  # noqa: E402

# How each focusable element looks; REST keeps it for every element while unfocused, FOCUS reads the focused one.
LOOK = """const look = (s) => ({
  outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : "none",
  outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color,
  border: [s.borderTopColor, s.borderTopWidth, s.borderBottomColor, s.borderBottomWidth].join(" "),
  decoration: s.textDecorationLine + " " + s.textDecorationThickness });"""
REST = "() => {" + LOOK + """
  window.__kbdRest = new WeakMap();
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]"))
    if (el !== document.activeElement) window.__kbdRest.set(el, look(getComputedStyle(el)));
  return document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]").length;
}"""
# Each element gets a number the first time it is seen, to follow it from one press to the next.
ID_OF = """const idOf = (el) => {
  window.__kbdIds = window.__kbdIds || new WeakMap();
  if (!window.__kbdIds.has(el)) window.__kbdIds.set(el, (window.__kbdNext = (window.__kbdNext || 0) + 1));
  return window.__kbdIds.get(el); };"""
# The element the Tab order starts with: the lowest positive tabindex, else the first focusable one in the document.
FIRST = "() => {" + ID_OF + """
  const usable = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true]")]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== "hidden" && !el.closest("[inert]"));
  const positive = usable.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  const first = positive[0] || usable[0];
  return { id: first ? idOf(first) : null, positive: positive.length };
}"""
FOCUS = "() => {" + LOOK + ID_OF + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect(), s = getComputedStyle(el), W = innerWidth, H = innerHeight;
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < H && r.left < W
    && s.visibility !== "hidden" && parseFloat(s.opacity) > 0;
  let uncovered = false;  // some point of it is on top (WCAG 2.4.11: not entirely hidden)
  for (const [fx, fy] of [[.5, .5], [.1, .1], [.9, .1], [.1, .9], [.9, .9]]) {
    const hit = document.elementFromPoint(Math.min(Math.max(r.left + r.width * fx, 0), W - 1), Math.min(Math.max(r.top + r.height * fy, 0), H - 1));
    if (hit && (hit === el || el.contains(hit))) { uncovered = true; break; }
  }
  let around = "rgb(255, 255, 255)";
  for (let p = el.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c)) { around = c; break; }
  }
  const label = (el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  return { id: idOf(el), desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + (label ? ` « ${label} »` : ""),
    href: el.getAttribute("href"), inMain: !!el.closest("main"), isMain: el.tagName === "MAIN", onScreen, uncovered,
    now: look(s), rest: (window.__kbdRest && window.__kbdRest.get(el)) || null, around, rect: [r.left, r.top, r.width, r.height].map(Math.round) };
}"""
MAIN_ID = "() => { const m = document.querySelector('main'); return m ? m.id : null; }"


def luminance(colour):
    m = re.match(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)", colour)
    if not m:
        return None
    channels = [float(c) / 255 for c in m.groups()]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    if la is None or lb is None:
        return None
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


class Keyboard:
    """Moves focus with the keyboard alone and checks each focused element; problems are gathered, not raised."""

    def __init__(self, page: Page):
        self.page = page
        self.width = WIDTHS[0]
        self.problems = {}  # key -> {"text", "elements", "pages"}

    def problem(self, text, element=None, key=None):
        """Notes a problem once, with the elements and pages (pattern @width) it was seen on."""
        key = key or re.sub(r"\d+", "0", text)
        where = f"{pattern_of(self.page.url, SUFFIX)} @{self.width}px"
        if key not in self.problems:
            print(f"KBD  {where}: {text}{f' ({element})' if element else ''}", file=sys.stderr, flush=True)
            self.problems[key] = {"text": text, "elements": [], "pages": []}
        found = self.problems[key]
        if element and re.sub(r"\d+", "0", element) not in [re.sub(r"\d+", "0", e) for e in found["elements"]]:
            found["elements"].append(element)
        if where not in found["pages"]:
            found["pages"].append(where)

    def report(self):
        lines = []
        for found in self.problems.values():
            elements = found["elements"]
            shown = f"; elements: {', '.join(elements[:8])}{f' and {len(elements) - 8} more' if len(elements) > 8 else ''}" if elements else ""
            lines.append(f"{found['text']}{shown}; on {', '.join(found['pages'])}")
        return lines

    def focused(self, checked=True):
        """The focused element (None for the page itself), after checking it can be seen and shows its focus."""
        state = self.page.evaluate(FOCUS)
        if state is None or not checked:
            return state
        desc, now, rest = state["desc"], state["now"], state["rest"]
        if not state["onScreen"]:
            self.problem(f"{desc}: focused but not on screen (box {state['rect']})")
        elif not state["uncovered"]:
            self.problem(f"{desc}: focused but entirely hidden by other content (box {state['rect']})")
        if rest is not None and now == rest:
            self.problem("no visible focus indicator (outline, shadow, border, background, colour and underline are the same "
                         "with and without focus)", desc)
        elif now["outline"] != "none" and (rest is None or now["outline"] != rest["outline"]):
            ratio = contrast(now["outlineColor"], state["around"])
            if ratio is not None and ratio < 3:
                self.problem(f"focus outline {now['outlineColor']} on {state['around']}: contrast {ratio:.2f}:1, needs 3:1 "
                             "(WCAG 1.4.11)", desc, key=f"outline {now['outlineColor']} on {state['around']}")
        return state

    def press(self, key):
        self.page.keyboard.press(key)
        return self.focused()

    def limit(self):
        return self.page.evaluate(REST) + 10

    def round_trip(self, key, start):
        """From start (the focused element, or None for the page), presses key until focus leaves the page or comes back
        to where the round started: every element once. A focus trap (an element met again before the round closes,
        or a round that never ends) fails at once."""
        order = [start] if start else []
        started = len(order)  # leaving the page before any new element is the wrap from the start, not the end
        limit = self.limit()
        for _ in range(limit):
            state = self.press(key)
            if state is None:
                if len(order) > started:
                    return order
                continue
            if len(order) > started and state["id"] == order[0]["id"]:
                return order
            if any(state["id"] == seen["id"] for seen in order):
                raise AssertionError(f"focus trap on {self.page.url} ({key}): {state['desc']} comes back after "
                                     f"{' → '.join(s['desc'] for s in order[-5:])}")
            order.append(state)
        raise AssertionError(f"focus trap on {self.page.url} ({key}): {limit} presses without leaving the page; "
                             f"last: {' → '.join(s['desc'] for s in order[-5:])}")

    def to_top(self):
        """Tabs forward until the next Tab starts the page's focus order again: focus on the page itself (None), or on
        the first element when Tab goes from the last one straight back to it (Chromium does either)."""
        first = self.page.evaluate(FIRST)
        if first["positive"]:
            self.problem(f"{first['positive']} element(s) with a positive tabindex (focus order no longer follows the page)")
        state = self.focused(checked=False)  # after a resize, focus may sit where it no longer shows until it moves
        for _ in range(self.limit()):
            if state is None or state["id"] == first["id"]:
                return state
            state = self.press("Tab")
        raise AssertionError(f"Tab never comes back to the top of {self.page.url}")

    def explore(self):
        """Checks the page just reached at each width (skip link first, round trips both ways), then uses its skip link:
        focus ends in <main>."""
        self.page.wait_for_load_state("load")
        main_id = self.page.evaluate(MAIN_ID)
        viewport = self.page.viewport_size
        for width in WIDTHS:
            self.width = width
            self.page.set_viewport_size({"width": width, "height": viewport["height"]})
            forward = self.round_trip("Tab", self.to_top())
            first = forward[0]
            if not (main_id and first["href"] == f"#{main_id}"):
                self.problem(f"the first element focused is not a skip link to <main id={main_id!r}>", first["desc"])
            if width == WIDTHS[0]:
                backward = self.round_trip("Shift+Tab", self.focused(checked=False))
                ids = [s["id"] for s in forward]
                back = [s["id"] for s in backward]
                if sorted(ids) != sorted(back) or ids[::-1] != back[back.index(ids[-1]):] + back[:back.index(ids[-1])]:
                    self.problem("Shift+Tab does not go through the page in the reverse order of Tab: "
                                 f"{len(ids)} elements forward, {len(back)} backward")
        self.page.set_viewport_size(viewport)
        self.width = WIDTHS[0]
        self.skip_to_main(main_id)

    def skip_to_main(self, main_id):
        state = self.to_top() or self.press("Tab")
        check(state is not None and state["href"] == f"#{main_id}",
              f"the first Tab on {self.page.url} reaches {state and state['desc']}, not the skip link")
        self.page.keyboard.press("Enter")
        after = self.focused(checked=False)  # <main> is no control: it needs no focus indicator
        if after is None or not (after["isMain"] or after["inMain"]):
            self.problem("the skip link leaves focus on " + (after["desc"] if after else "the page") + ", not on <main> "
                         "(it only moves the point the next Tab starts from)")
        state = self.press("Tab")
        check(state is not None and state["inMain"],
              f"after the skip link on {self.page.url}, Tab reaches {state and state['desc']}, outside <main>")

    def tab_to(self, target, key="Tab"):
        """Presses key until target (a locator for one element) has focus; fails if it never does."""
        limit = 2 * self.limit()
        for _ in range(limit):
            if target.evaluate("el => el === document.activeElement"):
                return
            self.press(key)
        raise AssertionError(f"{limit} × {key} on {self.page.url} never reach {target}")

    def type_into(self, target, text):
        self.tab_to(target)
        self.page.keyboard.type(text)

    def choose(self, select, value):
        """Picks an option of a <select> with the arrow keys."""
        self.tab_to(select)
        options = select.locator("option").count()
        for key in ["ArrowUp"] * options + ["ArrowDown"] * options:
            if select.input_value() == value:
                return
            self.page.keyboard.press(key)
        check(select.input_value() == value, f"the arrows never select {value!r} in {select}")


def main():
    handle = f"kim_kbd_{SUFFIX}"
    slug = f"clavier-{SUFFIX}"
    community = f"Au clavier {SUFFIX}"
    message = f"Premier message écrit au clavier seul {SUFFIX}."

    def walk(session):
        session.step = "1-home"
        page = session.person("k")
        keys = Keyboard(page)
        page.goto("/")
        keys.explore()
        session.passed("the home page: skip link first, round trips both ways without a trap, focus visible")

        session.step = "2-sign-up"
        keys.tab_to(page.locator("header.site").get_by_role("link", name="Créer un compte"), key="Shift+Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/signup")
        keys.explore()
        keys.type_into(page.get_by_label("Identifiant"), handle)
        keys.type_into(page.get_by_label("Nom affiché", exact=True), f"Kim {SUFFIX}")
        keys.type_into(page.get_by_label("Adresse e-mail"), f"{handle}@example.org")
        keys.type_into(page.get_by_label("Mot de passe"), "court")
        keys.tab_to(page.get_by_role("button", name="Créer mon compte"))
        page.keyboard.press("Enter")
        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("Mot de passe : au moins 10 caractères.")
        session.audit(page)  # the form sent back with its errors
        state = keys.focused(checked=False)
        check(state is not None and "error-summary" in state["desc"], f"after the refused form, focus is on "
              f"{state and state['desc']}, not on the error summary")
        keys.explore()
        keys.tab_to(summary.get_by_role("link", name="Mot de passe : au moins 10 caractères."))
        page.keyboard.press("Enter")
        password = page.get_by_label("Mot de passe")
        check(password.evaluate("el => el === document.activeElement"), "the error's link should take focus to its field")
        expect(password).to_have_attribute("aria-describedby", re.compile(r"\bf-password-error\b"))
        page.keyboard.type(PASSWORD)
        keys.tab_to(page.get_by_role("button", name="Créer mon compte"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/$"))
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        keys.explore()
        session.passed(f"signed up as @{handle} from the keyboard, through the error summary of a too short password")

        session.step = "3-create-community"
        keys.tab_to(page.locator("header.site").get_by_role("link", name="Créer une communauté"), key="Shift+Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/communities/new")
        keys.explore()
        keys.type_into(page.get_by_label("Nom", exact=True), community)
        keys.type_into(page.get_by_label("Adresse courte (slug)"), slug)
        keys.type_into(page.get_by_label("Objet"), "Vérifier que tout se fait au clavier, sans souris.")
        keys.choose(page.get_by_label("Visibilité"), "public")
        keys.tab_to(page.get_by_role("button", name="Créer la communauté"))
        page.keyboard.press("Space")
        page.wait_for_url(f"**/communities/{slug}")
        expect(page.get_by_role("heading", level=1)).to_have_text(community)
        keys.explore()
        session.passed(f"created the public community /communities/{slug} (select by arrows, button by Space)")

        session.step = "4-post"
        keys.tab_to(page.get_by_role("link", name="Fil de la communauté", exact=True))
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/communities/{slug}/feed")
        keys.explore()
        keys.type_into(page.get_by_label("Votre message", exact=True), message)
        keys.tab_to(page.get_by_role("button", name="Publier", exact=True))
        page.keyboard.press("Enter")
        expect(page.locator("#feed article.post", has_text=message)).to_have_count(1)
        keys.explore()
        session.passed("posted in the community's feed")

        session.step = "5-sign-out"
        keys.tab_to(page.get_by_role("button", name="Se déconnecter"), key="Shift+Tab")
        page.keyboard.press("Enter")
        expect(page.locator("header.site").get_by_role("link", name="Se connecter")).to_be_visible()
        keys.explore()
        session.passed("signed out (the sign-out button reached backwards with Shift+Tab)")

        session.step = "6-keyboard-findings"
        problems = keys.report()
        check(not problems, f"{len(problems)} keyboard problem(s):\n     " + "\n     ".join(problems))
        session.passed("no keyboard problem on any page reached")

    return run(__doc__, walk, "keyboard walk passed", screenshot_prefix="keyboard-")


if __name__ == "__main__":
    sys.exit(main())
