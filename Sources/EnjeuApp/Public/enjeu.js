// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring keyboard and screen-reader focus to the list of form errors.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Ask before irreversible actions (suspend, hide, revoke, leave): only when the button that sent the form is one of
  // them, so a form's other buttons (« Rejeter », « Rétablir » beside « Masquer ») send without asking.
  const forms = new Set([...document.querySelectorAll("button.danger")].map((button) => button.form).filter(Boolean));
  forms.forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!event.submitter?.classList.contains("danger")) return;
      const lang = document.documentElement.lang;
      if (!window.confirm(lang === "en" ? "Are you sure?" : "Confirmer ?")) event.preventDefault();
    });
  });
});

// An element holding one link to a notification's page; text only, never markup from the stream.
function linked(tag, className, n) {
  const element = document.createElement(tag);
  element.className = className;
  const link = document.createElement("a");
  link.href = n.link;
  link.textContent = n.text;
  element.appendChild(link);
  return element;
}

// Live updates on signed-in pages: notifications and new posts arrive through server-sent events.
// New posts are fetched through the normal (authorised) page route; the stream only says that something happened.
document.addEventListener("DOMContentLoaded", () => {
  const url = document.body.dataset.events;
  if (!url || !window.EventSource) return;
  const source = new EventSource(url);
  const badge = document.getElementById("unread-count");
  const live = document.getElementById("live");
  source.addEventListener("notification", (event) => {
    const n = JSON.parse(event.data);
    if (badge) {
      const count = (parseInt(badge.dataset.count || "0", 10) || 0) + 1;
      badge.dataset.count = String(count);
      badge.textContent = count >= 100 ? "99+" : String(count);
      badge.classList.remove("empty");
    }
    if (live) live.prepend(linked("p", "live-notification", n));
    const list = document.getElementById("notification-list");
    if (list) list.prepend(linked("li", "unread", n));
  });
  source.addEventListener("post", async (event) => {
    const p = JSON.parse(event.data);
    const feed = document.querySelector("[data-live-feed]");
    if (!feed || feed.dataset.liveFeed !== p.community || document.getElementById("p-" + p.id)) return;
    const res = await fetch(p.url, { credentials: "same-origin" });
    if (!res.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await res.text();
    if (holder.firstElementChild && !document.getElementById("p-" + p.id)) feed.prepend(holder.firstElementChild);
  });
  window.addEventListener("pagehide", () => source.close());
});
