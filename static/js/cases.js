// Cases: the contact form never loses what was typed (issue: contacts & intensity).
// On submit the form is kept in localStorage under its idempotency key and posted with fetch. When the
// network fails, the text stays on the device and is sent again when the `online` event fires (and on
// the next page load). The server answers a second post with the same key with the first result, so a
// retry never makes a duplicate. No inline scripts (strict CSP): everything hangs off data attributes.
(function () {
  "use strict";

  var PREFIX = "cocon.contact.";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;

  function storageOk() {
    try {
      var k = PREFIX + "probe";
      window.localStorage.setItem(k, "1");
      window.localStorage.removeItem(k);
      return true;
    } catch (e) {
      return false;
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function serialise(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") entries.push([name, String(value)]);
    });
    return entries;
  }

  function save(form) {
    var key = form.querySelector("input[name=idempotency_key]");
    if (!key || !key.value) return null;
    var record = {
      action: form.getAttribute("action") || window.location.pathname,
      successUrl: form.dataset.successUrl || "",
      fields: serialise(form),
      savedAt: new Date().toISOString()
    };
    window.localStorage.setItem(PREFIX + key.value, JSON.stringify(record));
    return key.value;
  }

  function pending() {
    var items = [];
    var names = [];
    for (var i = 0; i < window.localStorage.length; i++) names.push(window.localStorage.key(i));
    for (var j = 0; j < names.length; j++) {
      var name = names[j];
      if (name && name.indexOf(PREFIX) === 0) {
        try {
          var record = JSON.parse(window.localStorage.getItem(name));
          if (Date.now() - Date.parse(record.savedAt) > MAX_AGE_MS) {
            window.localStorage.removeItem(name); // an abandoned draft from weeks ago
            continue;
          }
          items.push({ key: name.slice(PREFIX.length), record: record });
        } catch (e) {
          window.localStorage.removeItem(name);
        }
      }
    }
    return items;
  }

  // Post one stored contact. Resolves "saved" (server confirmed), "rejected" (the server answered but
  // did not save: form errors, login needed) or rejects on a network failure.
  function send(key, record) {
    var body = new FormData();
    record.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("csrfmiddlewaretoken", csrfToken());
    return fetch(record.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Cocon-Offline": "1", "X-CSRFToken": csrfToken() },
      redirect: "follow"
    }).then(function (response) {
      if (response.status === 204 && response.headers.get("X-Cocon-Location")) {
        window.localStorage.removeItem(PREFIX + key);
        return { state: "saved", url: response.headers.get("X-Cocon-Location") };
      }
      return { state: "rejected" };
    });
  }

  function showNote(form, name, show) {
    var note = document.querySelector("[data-" + name + "]");
    if (note) note.hidden = !show;
  }

  function restore(form, item) {
    var keyInput = form.querySelector("input[name=idempotency_key]");
    keyInput.value = item.key;
    var byName = {};
    item.record.fields.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "idempotency_key") return;
      var values = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (values.length) {
        el.value = values[0];
      }
    });
    showNote(form, "restored-note", true);
  }

  function setupForm(form) {
    if (!storageOk()) return; // without storage the plain form post still works
    var action = form.getAttribute("action") || window.location.pathname;
    var mine = pending().filter(function (item) { return item.record.action === action; });
    var hasErrors = form.querySelector(".is-invalid, .alert-danger");
    if (mine.length && !hasErrors) restore(form, mine[0]);

    var sending = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return; // a second press while the first is on its way does nothing
      sending = true;
      var key = save(form);
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      send(key, JSON.parse(window.localStorage.getItem(PREFIX + key)))
        .then(function (result) {
          if (result.state === "saved") {
            window.location.assign(result.url || form.dataset.successUrl);
            return;
          }
          // The server answered without saving (a form error, a warning, a login): show its answer
          // with a normal post. The stored copy stays until a save is confirmed; a later retry with the
          // same key can never make a duplicate.
          HTMLFormElement.prototype.submit.call(form);
        })
        .catch(function () {
          sending = false;
          if (button) button.disabled = false;
          showNote(form, "offline-note", true);
        });
    });
  }

  function retryAll() {
    if (!storageOk()) return;
    pending().forEach(function (item) {
      send(item.key, item.record)
        .then(function (result) {
          var form = document.querySelector("form[data-offline-form]");
          if (result.state === "saved" && form && form.querySelector("input[name=idempotency_key]").value === item.key) {
            window.location.assign(result.url || item.record.successUrl);
          }
        })
        .catch(function () { /* still offline: the next `online` event tries again */ });
    });
  }

  // One tap sets a common duration. The default start time means "the visit just ended", so while
  // the person has not changed the start time, it moves back with the duration.
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function setupDurationChips() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-duration]"), function (button) {
      var form = button.form;
      if (!form) return;
      var start = form.querySelector("input[name=start_time]");
      var day = form.querySelector("input[name=date]");
      if (start && !start.dataset.touchedBound) {
        start.dataset.touchedBound = "1";
        start.addEventListener("input", function () { start.dataset.touched = "1"; });
      }
      button.addEventListener("click", function () {
        var minutes = parseInt(button.dataset.duration, 10);
        var input = form.querySelector("input[name=duration_minutes]");
        if (input) input.value = minutes;
        if (start && !start.dataset.touched && day) {
          var begin = new Date(Date.now() - minutes * 60000);
          begin.setMinutes(begin.getMinutes() - (begin.getMinutes() % 5));
          start.value = pad(begin.getHours()) + ":" + pad(begin.getMinutes());
          day.value = begin.getFullYear() + "-" + pad(begin.getMonth() + 1) + "-" + pad(begin.getDate());
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDurationChips();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-form]"), setupForm);
    if (navigator.onLine) retryAll();
  });
  window.addEventListener("online", retryAll);
})();

// The case page loads its sections with htmx (cases/includes/lazy_section.html). When one cannot be loaded
// the placeholder says so and keeps its link; when the address names an anchor inside a section
// (#evaluations, #follow-up, #timeline), the page scrolls there once every section has arrived.
(function () {
  "use strict";

  function failed(event) {
    var placeholder = event.target;
    if (!placeholder || !placeholder.classList || !placeholder.classList.contains("case-section-loading")) return;
    placeholder.removeAttribute("aria-busy");
    placeholder.classList.replace("case-section-loading", "case-section-failed");
    var loading = placeholder.querySelector("[data-section-loading]");
    var message = placeholder.querySelector("[data-section-failed]");
    if (loading) loading.hidden = true;
    if (message) message.hidden = false;
  }

  function scrollToAnchor() {
    if (!window.location.hash || window.location.hash.length < 2) return;
    if (document.querySelector(".case-section-loading")) return; // sections above may still push it down
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && !target.dataset.scrolledTo) {
      target.dataset.scrolledTo = "1";
      target.scrollIntoView();
    }
  }

  function failedThenScroll(event) {
    failed(event);
    scrollToAnchor();
  }

  document.addEventListener("htmx:responseError", failedThenScroll);
  document.addEventListener("htmx:sendError", failedThenScroll);
  document.addEventListener("htmx:afterSettle", scrollToAnchor);
})();
