// The narrative chapter editor: pell (vendored) over the form's textarea, which stays the
// source of what is posted. Without JavaScript the textarea takes plain HTML.
(function () {
  "use strict";
  function start() {
    var field = document.querySelector("textarea[data-richtext]");
    if (!field || !window.pell) return;
    var labels = JSON.parse(field.getAttribute("data-richtext"));
    var holder = document.createElement("div");
    holder.className = "richtext";
    field.parentNode.insertBefore(holder, field);
    field.hidden = true;
    var counter = document.querySelector("[data-word-count]");
    function count(html) {
      if (!counter) return;
      var probe = document.createElement("div");
      probe.innerHTML = html;
      var words = (probe.textContent || "").trim().split(/\s+/).filter(Boolean).length;
      counter.textContent = counter.getAttribute("data-word-count").replace("0", String(words));
    }
    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      onChange: function (html) { field.value = html; count(html); },
      actions: [
        { name: "bold", title: labels.bold },
        { name: "italic", title: labels.italic },
        { name: "heading2", title: labels.heading, icon: "<b>H</b>",
          result: function () { document.execCommand("formatBlock", false, "<h3>"); } },
        { name: "paragraph", title: labels.paragraph },
        { name: "olist", title: labels.olist },
        { name: "ulist", title: labels.ulist }
      ]
    });
    // pell's buttons show a glyph; their title becomes their name for screen readers.
    // The glyphs themselves (B, I, H) are marks, not words: no translator should touch them.
    holder.querySelectorAll("button[title]").forEach(function (button) {
      button.setAttribute("aria-label", button.getAttribute("title"));
      button.setAttribute("translate", "no");
    });
    editor.content.innerHTML = field.value;
    editor.content.setAttribute("role", "textbox");
    editor.content.setAttribute("aria-multiline", "true");
    editor.content.setAttribute("aria-label", labels.label);
    count(field.value);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
