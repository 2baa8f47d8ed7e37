/*
 * OCM dashboard: draws the charts (Chart.js) and the map (Leaflet) from the JSON the page
 * carries in <script type="application/json"> elements. Everything here is optional: the
 * tables under each chart and map hold the same figures and work without JavaScript.
 * No inline handlers, no eval, no injected <style>: it runs under the strict CSP.
 */
(function () {
  "use strict";

  var GREEN = "#0f7a43";
  var GOLD = "#e3b741";
  var GREY = "#6b7570";
  // Regions IX to XII, for an empty map.
  var OBC_BOUNDS = [[5.4, 121.8], [9.9, 126.7]];
  var charts = [];
  var map = null;

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function peso(amount) {
    return "\u20b1" + Math.round(amount).toLocaleString("en-PH");
  }

  function pesoShort(amount) {
    var steps = [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(amount) >= steps[i][0]) {
        return "\u20b1" + (amount / steps[i][0]).toFixed(1) + steps[i][1];
      }
    }
    return peso(amount);
  }

  function destroy() {
    charts.forEach(function (chart) {
      chart.destroy();
    });
    charts = [];
    if (map) {
      map.remove();
      map = null;
    }
    // htmx copies the old element's attributes onto its new twin while it settles; a style
    // attribute copied that way would break the CSP, so leave none behind.
    var element = document.getElementById("ocm-map");
    if (element) {
      element.removeAttribute("style");
    }
  }

  function drawCharts() {
    var data = readJSON("ocm-chart-data");
    if (!window.Chart || !data) {
      return;
    }
    var boxes = document.querySelectorAll(".ocm-chart[data-chart]");
    Array.prototype.forEach.call(boxes, function (box) {
      var rows = data[box.getAttribute("data-chart")] || [];
      if (!rows.length) {
        return;
      }
      var horizontal = rows.length > 6;
      box.hidden = false;
      box.style.height = (horizontal ? Math.max(240, rows.length * 26 + 80) : 320) + "px";
      var valueAxis = {
        beginAtZero: true,
        ticks: {
          callback: function (value) {
            return pesoShort(value);
          }
        }
      };
      charts.push(
        new window.Chart(box.querySelector("canvas"), {
          type: "bar",
          data: {
            labels: rows.map(function (row) {
              return row.label;
            }),
            datasets: [
              { label: "Allocated", backgroundColor: GREEN, data: rows.map(function (row) { return row.allocated; }) },
              { label: "Utilised", backgroundColor: GOLD, data: rows.map(function (row) { return row.utilized; }) }
            ]
          },
          options: {
            indexAxis: horizontal ? "y" : "x",
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: horizontal ? { x: valueAxis } : { y: valueAxis },
            plugins: {
              tooltip: {
                callbacks: {
                  label: function (context) {
                    return context.dataset.label + ": " + peso(context.raw);
                  }
                }
              }
            }
          }
        })
      );
    });
  }

  function textElement(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function drawGraticule(target) {
    var style = { color: "#d3e0e4", weight: 1, interactive: false };
    for (var lat = 2; lat <= 14; lat += 0.5) {
      window.L.polyline([[lat, 116], [lat, 130]], style).addTo(target);
    }
    for (var lng = 116; lng <= 130; lng += 0.5) {
      window.L.polyline([[2, lng], [14, lng]], style).addTo(target);
    }
  }

  // The offline base: the Philippine coastline (Natural Earth, vendored as GeoJSON), in a
  // pane under the circles, since it arrives after them.
  function drawCoastline(target, url) {
    if (!url || !window.fetch) {
      return;
    }
    target.createPane("ocm-base").style.zIndex = 250;
    window.fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (shape) {
        if (shape && map === target) {
          window.L.geoJSON(shape, {
            pane: "ocm-base",
            interactive: false,
            attribution: "Coastline: Natural Earth",
            style: { color: "#8aa79a", weight: 1, fillColor: "#f7f5ec", fillOpacity: 1 }
          }).addTo(target);
        }
      })
      .catch(function () {
        // The graticule, the circles and the table still say everything.
      });
  }

  function overlapping(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // Place labels so none overlaps another or runs past the map's edge (a phone shows the
  // four regions' labels close together): each is nudged inside the map, then down below any
  // label already placed. Run again after every zoom or pan.
  function untangleLabels(container) {
    var frame = container.getBoundingClientRect();
    var placed = [];
    var labels = container.querySelectorAll(".ocm-map-label > span");
    Array.prototype.forEach.call(labels, function (label) {
      label.style.removeProperty("margin-left");
      label.style.removeProperty("margin-top");
      var box = label.getBoundingClientRect();
      var dx = 0;
      if (box.left < frame.left + 4) {
        dx = frame.left + 4 - box.left;
      } else if (box.right > frame.right - 4) {
        dx = frame.right - 4 - box.right;
      }
      var rect = { left: box.left + dx, right: box.right + dx, top: box.top, bottom: box.bottom };
      var dy = 0;
      for (var tries = 0; tries < 12 && placed.some(function (other) { return overlapping(rect, other); }); tries++) {
        dy += box.height + 2;
        rect.top += box.height + 2;
        rect.bottom += box.height + 2;
      }
      placed.push(rect);
      label.style.marginLeft = dx + "px";
      label.style.marginTop = dy + "px";
    });
  }

  function tooltip(point) {
    var box = document.createElement("div");
    box.className = "ocm-map-tip";
    box.appendChild(textElement("strong", point.name));
    box.appendChild(textElement("span", point.ppas + " entries, " + peso(Number(point.budget))));
    return box;
  }

  function drawMap() {
    var element = document.getElementById("ocm-map");
    var data = readJSON("ocm-map-data");
    if (!element || !data || !window.L) {
      return;
    }
    var L = window.L;
    element.hidden = false;
    map = L.map(element, { scrollWheelZoom: false });
    if (data.tile_url) {
      L.tileLayer(data.tile_url, { attribution: data.tile_attribution || "", maxZoom: 18 }).addTo(map);
    } else {
      drawGraticule(map);
      drawCoastline(map, element.getAttribute("data-coastline"));
    }
    var bounds = L.latLngBounds([]);
    var largest = data.points.reduce(function (most, point) {
      return Math.max(most, Number(point.budget));
    }, 0);
    data.labels.forEach(function (label) {
      L.marker([label.lat, label.lng], {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: "ocm-map-label ocm-map-label-" + label.kind,
          html: textElement("span", label.name),
          iconSize: null
        })
      }).addTo(map);
      bounds.extend([label.lat, label.lng]);
    });
    data.points.forEach(function (point) {
      var share = largest > 0 ? Math.sqrt(Number(point.budget) / largest) : 0;
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 4 + 16 * share,
        color: point.ppas ? GREEN : GREY,
        weight: 1,
        fillColor: point.ppas ? GREEN : GREY,
        fillOpacity: point.ppas ? 0.45 : 0.2
      }).addTo(map);
      marker.bindTooltip(tooltip(point));
      marker.on("click", function () {
        window.location.assign(point.url);
      });
      bounds.extend([point.lat, point.lng]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.15), { maxZoom: 12 });
    } else {
      map.fitBounds(OBC_BOUNDS);
    }
    L.control.scale({ imperial: false }).addTo(map);
    untangleLabels(element);
    map.on("zoomend moveend", function () {
      untangleLabels(element);
    });
  }

  function init() {
    destroy();
    drawCharts();
    drawMap();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // The dashboard body is swapped by htmx when filters change or a place is drilled into.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "dashboard-body") {
      destroy();
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (document.getElementById("ocm-map-data") && !map) {
      init();
    }
  });
})();
