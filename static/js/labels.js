/*
 * Place names for the offline basemap: country names at low zoom, city names from zoom ~4.
 *
 *   OSMLabels.add(map, placesJsonUrl)  // returns a Promise of the layer
 *   OSMLabels.add(map, {countries: [...], cities: [...]})  // the same, from the data itself
 *
 * places.json (scripts/build_places.py) holds Natural Earth (public domain) rows
 * [name, ISO2, lon, lat, minZoom]. After every zoom or pan the labels are placed again, most
 * important first (countries then cities, cities first from zoom 5; each by min zoom); a label that would
 * overlap one already placed is left out, so no two labels collide. Labels sit in their own
 * pane under the markers and take no clicks, hovers or keyboard focus. Names are set as
 * text, never as HTML. No dependency but Leaflet (1.9), no network but the one JSON file.
 */
(function () {
  "use strict";

  var PANE = "osmLabels";
  var COUNTRY_MAX_ZOOM = 7; // beyond this the city names say enough
  var CITIES_FIRST_ZOOM = 5; // from here a city's name matters more than its country's
  var CSS =
    ".osm-label{display:inline-block;white-space:nowrap;font:11px/13px system-ui,-apple-system,'Segoe UI',Arial,sans-serif;" +
    "color:#555;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;pointer-events:none}" +
    ".osm-label-country{font-size:12px;line-height:14px;letter-spacing:.04em;text-transform:uppercase;color:#777}" +
    ".osm-label-city .osm-dot{display:inline-block;width:4px;height:4px;margin-right:3px;border-radius:50%;" +
    "background:#666;vertical-align:middle}";

  function injectCss() {
    if (document.getElementById("osm-labels-css")) return;
    var style = document.createElement("style");
    style.id = "osm-labels-css";
    style.textContent = CSS;
    document.head.appendChild(style);
  }

  var ruler = null;

  // The label's real size in this browser's font, so that "no overlap" holds for what is drawn.
  function measure(el) {
    if (!ruler) {
      ruler = document.createElement("div");
      ruler.style.cssText = "position:absolute;left:-9999px;top:-9999px;visibility:hidden";
      document.body.appendChild(ruler);
    }
    ruler.appendChild(el);
    var size = [Math.ceil(el.offsetWidth) + 1, Math.ceil(el.offsetHeight)];
    ruler.removeChild(el);
    return size;
  }

  function makeLabel(row, kind) {
    var name = String(row[0]);
    var el = document.createElement("span");
    el.className = "osm-label osm-label-" + kind;
    if (kind === "city") {
      var dot = document.createElement("span");
      dot.className = "osm-dot";
      el.appendChild(dot);
    }
    el.appendChild(document.createTextNode(name));
    var size = measure(el);
    var width = size[0];
    var height = size[1];
    // Countries are centred on their label point; a city's dot sits on its point, the name to its right.
    var anchor = kind === "city" ? [3, height / 2] : [width / 2, height / 2];
    var marker = L.marker([row[3], row[2]], {
      icon: L.divIcon({ html: el, className: "", iconSize: [width, height], iconAnchor: anchor }),
      interactive: false,
      keyboard: false,
      pane: PANE,
    });
    return { marker: marker, kind: kind, minZoom: row[4], width: width, height: height, anchor: anchor };
  }

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  function place(map, layer, byKind) {
    var zoom = map.getZoom();
    var labels = zoom >= CITIES_FIRST_ZOOM ? byKind.city.concat(byKind.country) : byKind.country.concat(byKind.city);
    var size = map.getSize();
    var taken = [];
    layer.clearLayers();
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (label.minZoom > zoom || (label.kind === "country" && zoom > COUNTRY_MAX_ZOOM)) continue;
      var p = map.latLngToContainerPoint(label.marker.getLatLng());
      var box = [p.x - label.anchor[0] - 2, p.y - label.anchor[1] - 1, 0, 0];
      box[2] = box[0] + label.width + 4;
      box[3] = box[1] + label.height + 2;
      if (box[2] < 0 || box[3] < 0 || box[0] > size.x || box[1] > size.y) continue;
      var free = true;
      for (var j = 0; j < taken.length && free; j++) free = !overlaps(box, taken[j]);
      if (!free) continue;
      taken.push(box);
      layer.addLayer(label.marker);
    }
  }

  function add(map, url) {
    injectCss();
    if (!map.getPane(PANE)) {
      var pane = map.createPane(PANE);
      pane.style.zIndex = 450; // over the outlines (overlay pane, 400), under the markers (600)
      pane.style.pointerEvents = "none";
    }
    var layer = L.layerGroup().addTo(map);
    // A URL to fetch, or the places themselves (a standalone file has no server to fetch from).
    var loaded =
      typeof url === "string"
        ? fetch(url).then(function (response) {
            if (!response.ok) throw new Error("place names: " + url + " answered " + response.status);
            return response.json();
          })
        : Promise.resolve(url);
    return loaded
      .then(function (places) {
        var labels = {
          country: places.countries.map(function (r) { return makeLabel(r, "country"); }),
          city: places.cities.map(function (r) { return makeLabel(r, "city"); }),
        };
        var redraw = function () { place(map, layer, labels); };
        map.on("zoomend moveend resize", redraw);
        redraw();
        layer.redraw = redraw;
        return layer;
      });
  }

  window.OSMLabels = { add: add };
})();
