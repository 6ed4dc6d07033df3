// Keeps a checklist's answers on this device until the server has them, so that a
// dropped connection loses nothing. The server decides relevance and constraints.
(function () {
  "use strict";
  var FORM = "#checklist-form";

  function form() { return document.querySelector(FORM); }
  // Messages come translated from the page (data-* attributes of the status line).
  function say(name, suffix) {
    var el = document.getElementById("checklist-status");
    if (el) { el.textContent = (el.getAttribute("data-" + name) || "") + (suffix || ""); }
  }
  function key(f) { return f.getAttribute("data-storage-key"); }

  function snapshot(f) {
    var pairs = [];
    new FormData(f).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { pairs.push([name, String(value)]); }
    });
    return pairs;
  }

  function keepLocally(f) {
    try {
      localStorage.setItem(key(f), JSON.stringify({ at: Date.now(), pairs: snapshot(f) }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  function restore(f, pairs) {
    var byName = {};
    pairs.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || !(el.name in byName)) { return; }
      var values = byName[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.type !== "hidden" || el.name.indexOf("__count") !== -1) {
        el.value = values[0];
      }
    });
  }

  document.addEventListener("input", function (event) {
    var f = event.target.closest && event.target.closest(FORM);
    if (f) { keepLocally(f); say("saving"); }
  });
  document.addEventListener("change", function (event) {
    var f = event.target.closest && event.target.closest(FORM);
    if (f) { keepLocally(f); }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var f = form();
    if (!f) { return; }
    if (event.detail.successful) {
      localStorage.removeItem(key(f));
      say("saved", " " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
    }
  });
  function offline() { say("offline"); }
  document.body.addEventListener("htmx:sendError", offline);
  document.body.addEventListener("htmx:responseError", offline);

  window.addEventListener("online", function () {
    var f = form();
    if (f && localStorage.getItem(key(f)) && window.htmx) {
      say("back");
      window.htmx.trigger(f, "change");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var f = form();
    if (!f) { return; }
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(key(f)) || "null"); } catch (e) { kept = null; }
    // data-saved-at has whole seconds: a copy kept within the second of the server's save
    // (the answers a normal Save just posted) is not newer than it.
    var serverAt = parseInt(f.getAttribute("data-saved-at") || "0", 10) * 1000 + 999;
    if (kept && kept.at > serverAt) {
      restore(f, kept.pairs);
      say("restored");
      if (window.htmx) { window.htmx.trigger(f, "change"); }
    } else if (kept) {
      localStorage.removeItem(key(f));
    }
  });
})();
