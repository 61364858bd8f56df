// Cocon front-end glue. No inline scripts anywhere (strict CSP): behaviour hangs off data-attributes.
(function () {
  "use strict";

  // Session idle warning: 5 minutes before the server-side idle timeout, offer to stay logged in.
  function setupSessionWarning() {
    var body = document.body;
    var idle = parseInt(body.dataset.sessionIdle || "0", 10);
    var warn = parseInt(body.dataset.sessionWarning || "0", 10);
    var banner = document.getElementById("session-warning");
    if (!idle || !banner) return;
    var warnTimer, endTimer;
    function arm() {
      clearTimeout(warnTimer); clearTimeout(endTimer);
      banner.hidden = true;
      warnTimer = setTimeout(function () { banner.hidden = false; }, Math.max(0, idle - warn) * 1000);
      endTimer = setTimeout(function () { window.location.href = body.dataset.logoutUrl; }, idle * 1000);
    }
    var keep = banner.querySelector("[data-session-keepalive]");
    if (keep) {
      keep.addEventListener("click", function () {
        fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(arm);
      });
    }
    document.body.addEventListener("htmx:afterRequest", arm);
    arm();
  }

  // Confirm before a destructive or irreversible submit: <button data-confirm="...">.
  function setupConfirm() {
    document.addEventListener("click", function (event) {
      var el = event.target.closest("[data-confirm]");
      if (el && !window.confirm(el.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }

  // A table that scrolls sideways on a phone must be reachable with the keyboard (WCAG 2.1.1):
  // make every horizontally scrollable wrapper focusable, after htmx swaps too.
  function focusableScrollRegions(root) {
    (root || document).querySelectorAll(".table-responsive").forEach(function (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupSessionWarning();
    setupConfirm();
    focusableScrollRegions(document);
    document.body.addEventListener("htmx:afterSwap", function (event) { focusableScrollRegions(event.target); });
  });
})();
