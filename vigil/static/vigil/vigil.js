// Small behaviours that need script; every page works without it.
(function () {
  "use strict";

  // Kept for pages that opt in. The header's institution switcher does not: changing
  // a <select> must not change the page by itself (WCAG 3.2.2), so it has a Switch button.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.requestSubmit();
    }
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Buttons that print the page (e.g. recovery codes).
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) {
      event.preventDefault();
      window.print();
    }
  });

  function closeMenus(except) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.removeAttribute("open");
      }
    });
  }

  // The account menu closes on Escape (focus goes back to it) and on a click elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = document.querySelector("details.account-menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    }
    var nav = document.querySelector(".main-nav.is-open");
    if (nav) {
      setNavOpen(nav, false);
      nav.querySelector(".nav-toggle").focus();
    }
  });
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest && event.target.closest("details.account-menu"));
  });

  // On a phone the main navigation folds behind a "Menu" button. Without script it stays
  // visible, so the pages remain usable.
  function setNavOpen(nav, open) {
    nav.classList.toggle("is-open", open);
    nav.querySelector(".nav-toggle").setAttribute("aria-expanded", open ? "true" : "false");
  }

  function init() {
    document.querySelectorAll(".main-nav").forEach(function (nav) {
      var toggle = nav.querySelector(".nav-toggle");
      if (!toggle) {
        return;
      }
      nav.classList.add("is-collapsible");
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        setNavOpen(nav, !nav.classList.contains("is-open"));
      });
    });

    // After a failed submit, move focus to the summary of errors (or the first field in
    // error) so that it is read first.
    var problem = document.querySelector("[data-error-summary], main [aria-invalid='true']");
    if (problem) {
      problem.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
