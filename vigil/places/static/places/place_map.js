// The map of places (templates/places/place_map.html). Works with no network beyond Vigil:
// without a tile server it draws the country outline on a plain background. Colour is never
// the only cue: each point's tooltip and popup say its occupancy band in words, the legend
// under the map names the colours, and a list of the places is there for screen readers.
// No inline script or style attributes (strict CSP); Leaflet styles through the CSSOM.
// The map reads only what is in view (issue 14): the first request gives the extent of the
// listed places, and every move asks for the places within the view's bounds (`bbox`).
// Where more places are in view than can be read one by one, the server sends clusters,
// each a marker that zooms to its places (by mouse, or by keyboard: Tab, then Enter).
(function () {
  "use strict";

  var BANDS = ["unknown", "under", "near", "over", "critical"];
  // Fallbacks only: the colours come from the --band-* custom properties in vigil.css.
  var FALLBACK_COLOURS = {
    unknown: "#6b7585",
    under: "#2e7d4f",
    near: "#a86f00",
    over: "#c2410c",
    critical: "#a3161d"
  };
  // Larger points for the bands that need attention, so that size is a second cue.
  var RADIUS = { unknown: 5, under: 6, near: 6, over: 8, critical: 10 };

  function text(el, key, fallback) {
    return (el && el.getAttribute("data-i18n-" + key)) || fallback;
  }

  function bandColours() {
    var styles = window.getComputedStyle(document.documentElement);
    var colours = {};
    BANDS.forEach(function (band) {
      var value = styles.getPropertyValue("--band-" + band).trim();
      colours[band] = value || FALLBACK_COLOURS[band];
    });
    return colours;
  }

  function bandLabels() {
    // The legend under the map holds the translated names of the bands.
    var labels = {};
    document.querySelectorAll("[data-band-label]").forEach(function (el) {
      labels[el.getAttribute("data-band-label")] = el.textContent.trim();
    });
    return labels;
  }

  function node(tag, className, content) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (content !== undefined && content !== null) {
      el.textContent = content;
    }
    return el;
  }

  function getJSON(url) {
    return window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function init() {
    var el = document.getElementById("place-map");
    if (!el || typeof window.L === "undefined" || !window.fetch) {
      return;
    }
    var L = window.L;
    var status = document.getElementById("place-map-status");
    var list = document.getElementById("place-map-list");
    var lang = document.documentElement.lang || undefined;
    var percent = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    var colours = bandColours();
    var labels = bandLabels();
    var tiles = el.getAttribute("data-tiles") || "";
    var outlineUrl = el.getAttribute("data-outline") || "";

    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }

    function occupancyText(place) {
      var label = labels[place.band] || place.band;
      if (place.occupancy === null || place.occupancy === undefined) {
        return label;
      }
      return percent.format(place.occupancy) + "% · " + label;
    }

    var map = L.map(el, {
      minZoom: 3,
      maxZoom: tiles ? 18 : 13,
      zoomSnap: 0.25,
      worldCopyJump: false
    });
    el.classList.add(tiles ? "place-map--tiles" : "place-map--offline");

    if (tiles) {
      L.tileLayer(tiles, {
        attribution: el.getAttribute("data-attribution") || "",
        maxZoom: 18
      }).addTo(map);
    }

    say(text(el, "loading", "Loading the map…"));

    // The outline stands in for a base map; over tiles it would only add clutter.
    var outline = outlineUrl && !tiles
      ? getJSON(outlineUrl).catch(function () {
          return null; // the points still show without the coastline
        })
      : Promise.resolve(null);

    var source = el.getAttribute("data-source");
    var layer = L.layerGroup().addTo(map);
    var asked = 0; // the latest request: a slower, older answer is dropped

    function viewUrl() {
      var b = map.getBounds();
      var box = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(function (v) {
        return v.toFixed(5);
      });
      return source + (source.indexOf("?") < 0 ? "?" : "&") + "bbox=" + box.join(",");
    }

    function drawPlace(place) {
      var colour = colours[place.band] || colours.unknown;
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: RADIUS[place.band] || 6,
        color: "#ffffff",
        weight: 1.5,
        fillColor: colour,
        fillOpacity: 0.95,
        className: "place-map__point place-map__point--" + place.band
      });

      var tip = node("span", "place-map__tip");
      tip.appendChild(node("strong", null, place.name));
      tip.appendChild(node("span", null, " · " + occupancyText(place)));
      marker.bindTooltip(tip, { direction: "top", offset: [0, -4] });

      var popup = node("div", "place-map__popup");
      var title = node("p", "place-map__title");
      var link = node("a", null, place.name);
      link.href = place.url;
      title.appendChild(link);
      popup.appendChild(title);
      popup.appendChild(node("p", "place-map__kind", place.kind));
      var occ = node("p", "place-map__occupancy");
      occ.appendChild(node("span", null, text(el, "occupancy", "Occupancy") + ": "));
      occ.appendChild(node("span", "occupancy occupancy--" + place.band, occupancyText(place)));
      popup.appendChild(occ);
      marker.bindPopup(popup, { maxWidth: 280 });
      marker.on("popupopen", function () {
        marker.closeTooltip();
      });
      marker.addTo(layer);
    }

    function clusterText(cluster) {
      var words = text(el, "group", "Places in this group:") + " " + cluster.count;
      if (cluster.overcrowded) {
        words += " · " + text(el, "overcrowded", "overcrowded:") + " " + cluster.overcrowded;
      }
      return words;
    }

    function zoomTo(cluster) {
      var bounds = L.latLngBounds([cluster.south, cluster.west], [cluster.north, cluster.east]);
      if (bounds.getNorth() === bounds.getSouth() && bounds.getEast() === bounds.getWest()) {
        map.setView(bounds.getCenter(), Math.min(map.getZoom() + 3, map.getMaxZoom()));
      } else {
        map.fitBounds(bounds, { padding: [28, 28], maxZoom: map.getMaxZoom() });
      }
    }

    function drawCluster(cluster) {
      var size = cluster.count >= 1000 ? "large" : cluster.count >= 100 ? "medium" : "small";
      var label = node("span", null, String(cluster.count));
      var icon = L.divIcon({
        html: label,
        className:
          "place-map__cluster place-map__cluster--" + size +
          (cluster.overcrowded ? " place-map__cluster--over" : ""),
        iconSize: size === "large" ? [48, 48] : size === "medium" ? [40, 40] : [32, 32]
      });
      var marker = L.marker([cluster.lat, cluster.lon], {
        icon: icon,
        keyboard: true,
        title: clusterText(cluster),
        alt: clusterText(cluster)
      });
      marker.on("click", function () {
        zoomTo(cluster);
      });
      // Leaflet makes the marker a focusable button; Enter or Space opens the group.
      marker.on("keydown", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          zoomTo(cluster);
        }
      });
      marker.addTo(layer);
    }

    function listPlaces(places) {
      places.forEach(function (place) {
        var item = node("li");
        var a = node("a", null, place.name);
        a.href = place.url;
        item.appendChild(a);
        item.appendChild(
          node(
            "span",
            null,
            " · " + place.kind + " · " + text(el, "occupancy", "Occupancy") + ": " +
              occupancyText(place)
          )
        );
        list.appendChild(item);
      });
    }

    function listClusters(clusters) {
      clusters.forEach(function (cluster) {
        var item = node("li");
        var button = node("button", "linklike", clusterText(cluster));
        button.type = "button";
        button.addEventListener("click", function () {
          zoomTo(cluster);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    function draw(data) {
      var places = data.places || [];
      var clusters = data.clusters || [];
      layer.clearLayers();
      // Draw the calm bands first, so that overcrowded places are on top.
      places
        .slice()
        .sort(function (a, b) {
          return BANDS.indexOf(a.band) - BANDS.indexOf(b.band);
        })
        .forEach(drawPlace);
      clusters.forEach(drawCluster);
      if (list) {
        list.textContent = "";
        listPlaces(places);
        listClusters(clusters);
      }
      if (clusters.length) {
        say(text(el, "grouped", "Places in this view, in groups (zoom in to see each):") +
          " " + data.total);
      } else {
        say(
          places.length
            ? text(el, "count", "Places on the map:") + " " + places.length
            : text(el, "none", "No place with coordinates matches.")
        );
      }
    }

    function failed(error) {
      if (window.console) {
        window.console.error("place map:", error);
      }
      say(text(el, "failed", "The map could not be loaded. The list shows every place."));
      if (status) {
        status.classList.add("place-map-status--error");
      }
    }

    function reload() {
      var mine = ++asked;
      getJSON(viewUrl())
        .then(function (data) {
          if (mine === asked) {
            draw(data);
          }
        })
        .catch(failed);
    }

    var waiting = null;
    function moved() {
      window.clearTimeout(waiting);
      waiting = window.setTimeout(reload, 250);
    }

    Promise.all([getJSON(source), outline])
      .then(function (results) {
        var data = results[0] || {};
        var shape = results[1];
        var extent = data.extent;
        var outlineLayer = null;

        if (shape) {
          outlineLayer = L.geoJSON(shape, {
            interactive: false,
            style: function () {
              return {
                className: "place-map__land",
                color: "#8a97a8",
                weight: 1,
                fillColor: "#ffffff",
                fillOpacity: 1
              };
            }
          });
        }

        // Vector layers need the view set before they are added.
        if (extent) {
          map.fitBounds([[extent[0], extent[1]], [extent[2], extent[3]]], {
            padding: [28, 28],
            maxZoom: 11
          });
        } else if (outlineLayer && outlineLayer.getBounds().isValid()) {
          map.fitBounds(outlineLayer.getBounds(), { padding: [12, 12] });
        } else {
          map.setView([0, 0], 3);
        }
        if (outlineLayer) {
          outlineLayer.addTo(map);
          layer.remove().addTo(map); // the places above the land
        }
        draw(data);
        // From now on, each view asks for its own places (not the fit above: it is drawn).
        map.on("moveend", moved);
      })
      .catch(function (error) {
        map.setView([0, 0], 3);
        failed(error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
