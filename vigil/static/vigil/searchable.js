// Searchable choices (ADR 0022): a <select data-lookup> holds only the chosen record(s);
// Tom Select turns it into a combobox that asks the server as the person types. The
// server answers the actor's own records only, a page at a time.
(function () {
  "use strict";

  // "visit=visit,place=place": endpoint parameter = field of the same form it is read from.
  function narrowing(select) {
    var params = new URLSearchParams();
    var spec = select.getAttribute("data-lookup-narrow") || "";
    spec.split(",").filter(Boolean).forEach(function (pair) {
      var parts = pair.split("=");
      var field = findField(select.form, parts[1]);
      if (field && field.value) {
        params.set(parts[0], field.value);
      }
    });
    return params;
  }

  function findField(form, name) {
    if (!form) {
      return null;
    }
    return form.querySelector('[name="' + name + '"]') ||
      form.querySelector('[name$="-' + name + '"]');
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // The hint under the field says, politely, when more records match than were sent.
  function hintFor(select) {
    var hint = document.createElement("p");
    hint.className = "lookup-hint";
    hint.id = select.id + "-lookup-hint";
    hint.setAttribute("aria-live", "polite");
    return hint;
  }

  // Several records: each chosen one has its remove button. One record that may be left
  // empty: a clear button (Backspace in the empty field clears it too).
  function plugins(select, title) {
    if (select.multiple) {
      return { remove_button: { title: title } };
    }
    if (!select.querySelector('option[value=""]')) {
      return {};
    }
    // A named button for the mouse; from the keyboard, Backspace in the field clears it,
    // so the button is no extra stop between this field and the next.
    var html = function () {
      return '<button type="button" class="clear-button" tabindex="-1" title="' +
        escape(title) + '" aria-label="' + escape(title) + '">&times;</button>';
    };
    return { clear_button: { html: html } };
  }

  function enhance(select) {
    var url = select.getAttribute("data-lookup");
    var data = select.dataset;
    var hint = hintFor(select);
    var settings = {
      valueField: "value",
      labelField: "label",
      searchField: [],
      // The server has matched already (on more than the label): keep its order and all.
      score: function () {
        return function () {
          return 1;
        };
      },
      maxOptions: null,
      loadThrottle: 250,
      preload: "focus",
      clearAfterSelect: true, // the next record is searched afresh
      placeholder: data.lookupPlaceholder,
      plugins: plugins(select, data.lookupRemove),
      load: function (query, done) {
        var self = this;
        var params = narrowing(select);
        params.set("q", query);
        fetch(url + "?" + params.toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [], more: false };
          })
          .then(function (answer) {
            if (query !== self.inputValue()) {
              done(); // the person typed on: a later answer is on its way
              return;
            }
            self.clearOptions();
            hint.textContent = answer.more ? data.lookupMore : "";
            done(answer.results);
          })
          .catch(function () {
            done();
          });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(data.lookupNone) + "</div>";
        },
        option: function (item) {
          return "<div>" + escape(item.label) + "</div>";
        },
        item: function (item) {
          return "<div>" + escape(item.label) + "</div>";
        },
      },
    };
    var described = [select.getAttribute("aria-describedby"), hint.id].filter(Boolean).join(" ");
    var invalid = select.getAttribute("aria-invalid");
    var control = new window.TomSelect(select, settings);
    control.wrapper.after(hint);
    // The help text and the error stay tied to what now takes the focus.
    control.control_input.setAttribute("aria-describedby", described);
    if (invalid) {
      control.control_input.setAttribute("aria-invalid", invalid);
    }
    // The error summary's link to the field leads to the combobox (the select is hidden).
    document.querySelectorAll('a[href="#' + select.id + '"]').forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        control.focus();
      });
    });
    // A narrowing field that changes makes the earlier answers stale.
    (select.getAttribute("data-lookup-narrow") || "").split(",").filter(Boolean)
      .forEach(function (pair) {
        var field = findField(select.form, pair.split("=")[1]);
        if (field) {
          field.addEventListener("change", function () {
            control.clearOptions();
          });
        }
      });
  }

  function init() {
    if (!window.TomSelect) {
      return;
    }
    document.querySelectorAll("select[data-lookup]").forEach(function (select) {
      if (!select.tomselect) {
        enhance(select);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
