// The body chart on an examination's page: a click on the front or back drawing fills the
// side and the position (per cent) of the add-mark form and shows a pending mark there.
// Typing the position in the labelled fields moves the pending mark too, so the chart is
// never the only way to place a mark. The server checks everything again.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function round(value) { return Math.round(value * 10) / 10; }

  function field(form, name) { return form.querySelector("[name='" + name + "']"); }

  function chosenSide(form) {
    var checked = form.querySelector("input[name='side']:checked");
    return checked ? checked.value : "";
  }

  function clearPending(chart) {
    chart.querySelectorAll(".body-chart__pending").forEach(function (g) { g.remove(); });
  }

  function showPending(chart, side, x, y) {
    clearPending(chart);
    var svg = chart.querySelector("svg[data-side='" + side + "']");
    if (!svg || isNaN(x) || isNaN(y) || x < 0 || x > 100 || y < 0 || y > 100) { return; }
    var box = svg.viewBox.baseVal;
    var cx = box.width * x / 100, cy = box.height * y / 100;
    var g = document.createElementNS(SVG, "g");
    g.setAttribute("class", "body-chart__pending");
    g.setAttribute("aria-hidden", "true");
    var circle = document.createElementNS(SVG, "circle");
    circle.setAttribute("cx", cx);
    circle.setAttribute("cy", cy);
    circle.setAttribute("r", "7");
    var text = document.createElementNS(SVG, "text");
    text.setAttribute("x", cx);
    text.setAttribute("y", cy);
    text.setAttribute("dy", "3.5");
    text.setAttribute("font-size", "10");
    text.setAttribute("text-anchor", "middle");
    text.textContent = "+";
    g.appendChild(circle);
    g.appendChild(text);
    svg.appendChild(g);
  }

  function fromFields(chart, form) {
    var x = parseFloat((field(form, "x").value || "").replace(",", "."));
    var y = parseFloat((field(form, "y").value || "").replace(",", "."));
    showPending(chart, chosenSide(form), x, y);
  }

  function init() {
    var chart = document.querySelector("[data-body-chart]");
    var form = document.querySelector("[data-mark-form]");
    if (!chart || !form || !field(form, "x") || !field(form, "y")) { return; }

    chart.querySelectorAll("svg[data-side]").forEach(function (svg) {
      svg.addEventListener("click", function (event) {
        // Into the drawing's own coordinates, whatever its size, border or zoom.
        var matrix = svg.getScreenCTM();
        var box = svg.viewBox.baseVal;
        if (!matrix || !box.width || !box.height) { return; }
        var point = svg.createSVGPoint();
        point.x = event.clientX;
        point.y = event.clientY;
        point = point.matrixTransform(matrix.inverse());
        var x = round(point.x / box.width * 100);
        var y = round(point.y / box.height * 100);
        x = Math.min(100, Math.max(0, x));
        y = Math.min(100, Math.max(0, y));
        var side = svg.getAttribute("data-side");
        var radio = form.querySelector("input[name='side'][value='" + side + "']");
        if (radio) { radio.checked = true; }
        field(form, "x").value = x;
        field(form, "y").value = y;
        showPending(chart, side, x, y);
        var description = field(form, "description");
        if (description) { description.focus(); }
      });
    });

    ["x", "y"].forEach(function (name) {
      field(form, name).addEventListener("input", function () { fromFields(chart, form); });
    });
    form.querySelectorAll("input[name='side']").forEach(function (radio) {
      radio.addEventListener("change", function () { fromFields(chart, form); });
    });
    // After a refused submission the fields hold the position: show it again.
    fromFields(chart, form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
