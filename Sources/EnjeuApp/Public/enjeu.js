// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring keyboard and screen-reader focus to the list of form errors.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Ask before irreversible actions (suspend, revoke, leave).
  document.querySelectorAll("button.danger").forEach((button) => {
    button.form?.addEventListener("submit", (event) => {
      const lang = document.documentElement.lang;
      if (!window.confirm(lang === "en" ? "Are you sure?" : "Confirmer ?")) event.preventDefault();
    });
  });
});
