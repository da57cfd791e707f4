/*
 * Overseas Stations Map: draws the stations in the browser from compact payloads.
 *
 * Python decides what is shown (maps/payload.py): `places` (columns: lon, lat, count, status,
 * country_only, members: place i's count[i] stations, place after place) for the first paint, and `details` (stations, events, sources,
 * reports, disagreements, each once) for popups, tooltips and accessible names, fetched after
 * the first paint or inlined (standalone HTML). This file only lays them out.
 *
 * Safety: every text from the data is placed with textContent or setAttribute, never parsed as
 * HTML; links are http(s) only, open in a new tab with rel="noopener noreferrer".
 * Needs Leaflet 1.9; uses Supercluster (vendored) when there are many places.
 */
(function (global) {
  "use strict";

  var active = null; // the drawing on the map; a filter change replaces it
  var pending = null; // the places file being fetched for the latest drawing

  // Leaflet focuses the map's container on a mouse press (for its arrow keys) and then restores the
  // scroll of its own window only. Inside the app's iframe the browser scrolls the *page* to show the
  // focused container, the pointer is off the marker when the button comes up, and the click is lost.
  // Focusing without scrolling keeps the keyboard handling and the click.
  if (global.L && L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) this._map._container.focus({ preventScroll: true });
    };
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        node.setAttribute(k, attrs[k]);
      });
    }
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    var parsed;
    try {
      parsed = new URL(url.trim());
    } catch (e) {
      return null;
    }
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host ? parsed.href : null;
  }

  function link(url, text, title) {
    var href = safeHref(url);
    if (!href) return el("span", text);
    var a = el("a", text, { href: href, target: "_blank", rel: "noopener noreferrer" });
    if (title) a.title = String(title);
    return a;
  }

  // The frame Python chose (maps/opening.py: the places shown, a search pick, a linked place), fitted
  // to the map's real size in quarter zoom steps. Only a new frame moves the map: a drawing redrawn
  // with the same frame (a click, a popup opened) leaves the reader's panning alone.
  var lastFrame = null;
  function frameOnce(map, fit, maxZoom) {
    var key = JSON.stringify([fit, maxZoom]);
    if (key === lastFrame) return;
    lastFrame = key;
    var apply = function () {
      if (lastFrame !== key) return; // a newer frame came meanwhile
      var snap = map.options.zoomSnap;
      map.options.zoomSnap = 0.25;
      map.fitBounds(fit, { padding: [28, 28], maxZoom: maxZoom || 9, animate: false });
      map.options.zoomSnap = snap;
    };
    // The base map may still be zooming to its opening view: fitted now, the end of that animation
    // would put its own zoom back. Leaflet has no public "is zooming" flag.
    if (map._animatingZoom) map.once("zoomend", apply);
    else apply();
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function diameter(count) {
    // maps/style.py marker_diameter: 22 px for one station, count ** 0.4, at most 56 px
    return Math.min(56, Math.round(22 * Math.pow(Math.sqrt(count), 0.8)));
  }

  /* ---- one drawing: a set of places on a map ---- */

  function Drawing(map, group, places, options) {
    this.map = map;
    this.group = group;
    this.places = places;
    this.options = options || {};
    this.statuses = this.options.statuses;
    this.details = this.options.details || null;
    this.markers = new Map(); // key -> marker currently drawn
    this.waiting = [];
    this.n = places.lon.length;
    this.offsets = new Array(this.n); // where each place's stations start in places.members
    for (var k = 0, start = 0; k < this.n; k++) {
      this.offsets[k] = start;
      start += places.count[k];
    }
    // Markers that would overlap are grouped by zoom (Europe in a world view); a few hundred places
    // only where they touch, below zoom 5; thousands more widely, up to city level.
    var many = this.n > (this.options.clusterAbove || 400);
    this.clustered = this.n > 1;
    if (this.clustered && global.Supercluster) {
      this.index = new global.Supercluster({
        radius: many ? 48 : 36,
        maxZoom: many ? 9 : 4,
        map: function (props) {
          return { count: props.count, status: props.status };
        },
        reduce: function (acc, props) {
          acc.count += props.count;
          acc.status = Math.max(acc.status, props.status);
        },
      });
      var features = new Array(this.n);
      for (var i = 0; i < this.n; i++) {
        features[i] = {
          type: "Feature",
          geometry: { type: "Point", coordinates: [places.lon[i], places.lat[i]] },
          properties: { i: i, count: places.count[i], status: places.status[i] },
        };
      }
      this.index.load(features);
      this.onMove = this.render.bind(this);
      map.on("moveend", this.onMove);
    } else {
      this.clustered = false;
    }
    if (this.options.fit) frameOnce(map, this.options.fit, this.options.fitMaxZoom);
    this.render();
    if (!this.details && this.options.detailsUrl) this.fetchDetails();
    var self = this;
    if (this.options.syncView) {
      this.onView = this.writeView.bind(this);
      map.on("moveend", this.onView);
    }
    // Opened by a link: the app says which place; a standalone file reads ?place= from its own address.
    setTimeout(function () {
      if (typeof self.options.open === "number") self.openPlace(self.options.open);
      else if (self.options.openFromUrl) {
        var wanted = new URLSearchParams(global.location.search).get("place");
        if (wanted)
          self.whenDetails(function () {
            var i = self.placeIndex(wanted);
            if (i !== null) self.openPlace(i);
          });
      }
    }, 0);
  }

  Drawing.prototype.placeIndex = function (placeId) {
    if (!this.details || !this.details.stations) return null;
    for (var i = 0; i < this.n; i++) {
      if (this.details.stations[this.members(i)[0]].place_id === placeId) return i;
    }
    return null;
  };

  Drawing.prototype.openPlace = function (i) {
    var self = this;
    var key = "p" + i;
    if (this.markers.has(key)) {
      this.markers.get(key).openPopup();
      return;
    }
    // Inside a cluster: zoom in until it stands alone, then open it.
    this.map.once("moveend", function () {
      if (self.markers.has(key)) self.markers.get(key).openPopup();
    });
    this.map.setView([this.places.lat[i], this.places.lon[i]], Math.max(this.map.getZoom(), 10), { animate: false });
  };

  Drawing.prototype.writeView = function () {
    // Keep the reader's position in the page's address (?view=lat,lon,zoom), so that a copied
    // link reopens this view. The app's page is this frame's parent, on the same origin.
    try {
      var top = global.top;
      var url = new URL(top.location.href);
      var c = this.map.getCenter();
      url.searchParams.set("view", [c.lat.toFixed(4), c.lng.toFixed(4), this.map.getZoom()].join(","));
      top.history.replaceState(top.history.state, "", url.href);
    } catch (e) {
      /* another origin (an embed): nothing to write */
    }
  };

  function placeLink(placeId) {
    var here;
    try {
      here = new URL(global.top.location.href);
    } catch (e) {
      here = new URL(global.location.href);
    }
    ["view", "station", "place"].forEach(function (k) {
      here.searchParams.delete(k);
    });
    here.searchParams.set("place", placeId);
    return here.href;
  }

  function copyButton(placeId) {
    var box = el("div", null, { class: "osm-copy" });
    box.style.cssText = "margin-top:6px";
    var button = el("button", "Copy link to this place", { type: "button" });
    button.style.cssText = "font:12px sans-serif;cursor:pointer";
    box.appendChild(button);
    button.addEventListener("click", function () {
      var href = placeLink(placeId);
      var shown = box.querySelector("input") || box.appendChild(el("input", null, { readonly: "", "aria-label": "Link to this place" }));
      shown.value = href;
      shown.style.cssText = "width:100%;font:11px monospace;margin-top:4px";
      shown.select();
      var done = function () {
        button.textContent = "Link copied";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(href).then(done, function () {
          button.textContent = "Select and copy the link below";
        });
      } else button.textContent = "Select and copy the link below";
    });
    return box;
  }

  Drawing.prototype.remove = function () {
    if (this.onMove) this.map.off("moveend", this.onMove);
    if (this.onView) this.map.off("moveend", this.onView);
    this.group.clearLayers();
    this.markers.clear();
  };

  Drawing.prototype.fetchDetails = function () {
    var self = this;
    fetch(this.options.detailsUrl)
      .then(function (r) {
        if (!r.ok) throw new Error("details: HTTP " + r.status);
        return r.json();
      })
      .then(function (details) {
        self.setDetails(details);
      })
      .catch(function (err) {
        self.detailsError = String(err);
        console.warn("Overseas Stations Map:", err);
        self.flush();
      });
  };

  Drawing.prototype.setDetails = function (details) {
    this.details = details;
    var self = this;
    this.markers.forEach(function (marker) {
      if (marker.placeIndex !== undefined) self.describe(marker, marker.placeIndex);
    });
    this.flush();
  };

  Drawing.prototype.flush = function () {
    var waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(function (f) {
      f();
    });
  };

  Drawing.prototype.whenDetails = function (f) {
    if (this.details || this.detailsError) f();
    else this.waiting.push(f);
  };

  Drawing.prototype.render = function () {
    var wanted = new Map();
    if (!this.clustered) {
      for (var i = 0; i < this.n; i++) wanted.set("p" + i, { place: i });
    } else {
      var b = this.map.getBounds().pad(0.25);
      var zoom = Math.round(this.map.getZoom());
      var west = Math.max(-180, b.getWest()),
        east = Math.min(180, b.getEast());
      var bbox = east - west >= 360 ? [-180, -85, 180, 85] : [west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())];
      this.index.getClusters(bbox, zoom).forEach(function (f) {
        if (f.properties.cluster) wanted.set("c" + f.properties.cluster_id, { cluster: f });
        else wanted.set("p" + f.properties.i, { place: f.properties.i });
      });
    }
    var self = this;
    this.markers.forEach(function (marker, key) {
      if (!wanted.has(key)) {
        self.group.removeLayer(marker);
        self.markers.delete(key);
      }
    });
    // Added in reading order (country, then city: the payload's order), so Tab follows it.
    var keys = Array.from(wanted.keys()).filter(function (k) {
      return !self.markers.has(k);
    });
    keys.sort(function (a, b) {
      return self.order(wanted.get(a)) - self.order(wanted.get(b));
    });
    keys.forEach(function (key) {
      var item = wanted.get(key);
      var marker = item.cluster ? self.clusterMarker(item.cluster) : self.placeMarker(item.place);
      self.markers.set(key, marker);
      self.group.addLayer(marker);
    });
    // How many places the drawn markers stand for (a cluster counts its places): tests and the
    // benchmark wait on it to know the drawing is complete.
    var drawn = 0;
    wanted.forEach(function (item) {
      drawn += item.cluster ? item.cluster.properties.point_count : 1;
    });
    this.map.getContainer().setAttribute("data-places-drawn", String(drawn));
    this.map.getContainer().setAttribute("data-places", String(this.n));
    this.announce();
  };

  Drawing.prototype.announce = function () {
    // A polite live region: a screen reader hears what the filters now show.
    var container = this.map.getContainer();
    var region = container.querySelector(".osm-live");
    if (!region) {
      region = el("div", null, { class: "osm-live", role: "status", "aria-live": "polite" });
      region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
      container.appendChild(region);
    }
    var stations = 0;
    for (var i = 0; i < this.n; i++) stations += this.places.count[i];
    var text = "The map shows " + plural(stations, "station") + " in " + plural(this.n, "place") + ".";
    if (region.textContent !== text) region.textContent = text;
  };

  Drawing.prototype.order = function (item) {
    if (!item.cluster) return item.place;
    var leaves = this.index.getLeaves(item.cluster.properties.cluster_id, 1);
    return leaves.length ? leaves[0].properties.i - 0.5 : 0;
  };

  Drawing.prototype.icon = function (count, status, countryOnly, cluster) {
    var s = this.statuses[status];
    var d = diameter(count);
    var div = el("div", String(count));
    div.className = "osm-marker " + (cluster ? "osm-cluster" : countryOnly ? "osm-country" : "osm-city");
    div.setAttribute("data-count", String(count));
    div.setAttribute("data-status", s.key);
    var style = div.style;
    style.width = style.height = d + "px";
    style.lineHeight = d - 3 + "px";
    style.borderRadius = "50%";
    style.textAlign = "center";
    style.font = "bold 12px sans-serif";
    style.boxSizing = "border-box";
    style.boxShadow = "0 1px 3px rgba(0,0,0,.4)";
    if (cluster) {
      style.background = "#333";
      style.color = "#fff";
      style.border = "3px solid " + s.colour;
    } else if (countryOnly) {
      style.background = "rgba(255,255,255,.85)";
      style.color = "#000";
      style.border = "3px dashed " + s.colour;
    } else {
      style.background = s.colour;
      style.color = s.text;
      style.border = "1.5px solid #222";
    }
    return L.divIcon({ html: div, className: "osm-icon", iconSize: [d, d], iconAnchor: [d / 2, d / 2] });
  };

  Drawing.prototype.placeMarker = function (i) {
    var p = this.places;
    var marker = L.marker([p.lat[i], p.lon[i]], {
      icon: this.icon(p.count[i], p.status[i], p.country_only[i] === 1, false),
      keyboard: true,
      riseOnHover: true,
    });
    marker.placeIndex = i;
    var self = this;
    marker.bindPopup(
      function () {
        return self.popupFor(marker, i);
      },
      { maxWidth: 440, minWidth: 240, autoPanPadding: [20, 20] }
    );
    marker.on("add", function () {
      self.describe(marker, i);
    });
    return marker;
  };

  Drawing.prototype.clusterMarker = function (f) {
    var props = f.properties;
    var marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: this.icon(props.count, props.status, false, true),
      keyboard: true,
      title: plural(props.count, "station") + " in " + plural(props.point_count, "place") + ": zoom in",
    });
    var self = this;
    marker.on("click keypress", function () {
      var zoom = Math.min(self.index.getClusterExpansionZoom(props.cluster_id), self.map.getMaxZoom());
      self.map.flyTo(marker.getLatLng(), zoom, { duration: 0.4 });
    });
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) node.setAttribute("aria-label", marker.options.title);
    });
    return marker;
  };

  /* ---- what a place says ---- */

  Drawing.prototype.members = function (i) {
    return this.places.members.slice(this.offsets[i], this.offsets[i] + this.places.count[i]);
  };

  Drawing.prototype.label = function (i) {
    var station = this.details.stations[this.members(i)[0]];
    return station ? station.place : "";
  };

  Drawing.prototype.summary = function (i) {
    // loaders.aggregate.place_summary, word for word (a browser test compares them for every place):
    // "New York, United States: 2 stations (1 prosecuted, 1 reported)", "…: 3 stations (all closed)".
    var d = this.details;
    var counts = {};
    this.members(i).forEach(function (m) {
      var s = d.stations[m].status;
      counts[s] = (counts[s] || 0) + 1;
    });
    var statuses = this.statuses;
    var phrase = function (rank) {
      var label = statuses[rank].label;
      return label.charAt(0).toLowerCase() + label.slice(1);
    };
    var ranks = Object.keys(counts)
      .map(Number)
      .sort(function (a, b) {
        return b - a;
      });
    var n = this.members(i).length;
    var noun = n === 1 ? "station" : "stations";
    var mix;
    if (ranks.length === 1) mix = n === 1 ? "1 " + noun + " (" + phrase(ranks[0]) + ")" : n + " " + noun + " (all " + phrase(ranks[0]) + ")";
    else
      mix =
        n +
        " " +
        noun +
        " (" +
        ranks
          .map(function (r) {
            return counts[r] + " " + phrase(r);
          })
          .join(", ") +
        ")";
    return this.label(i) + ": " + mix;
  };

  Drawing.prototype.describe = function (marker, i) {
    if (!this.details) return;
    var text = this.summary(i);
    var node = marker.getElement();
    if (node) node.setAttribute("aria-label", text);
    // A string given to Leaflet's tooltip is parsed as HTML: give it a text node's element instead.
    var content = el("span", text);
    if (!marker.getTooltip()) marker.bindTooltip(content, { direction: "top", offset: [0, -8] });
    else marker.setTooltipContent(content);
  };

  Drawing.prototype.popupFor = function (marker, i) {
    var self = this;
    if (!this.details) {
      this.whenDetails(function () {
        if (marker.isPopupOpen()) marker.setPopupContent(self.popupFor(marker, i));
      });
      return el("div", "Loading…", { class: "osm-popup" });
    }
    if (!this.details.stations) return el("div", "The details could not be loaded: " + this.detailsError, { class: "osm-popup" });
    return buildPopup(this.details, this.members(i), this.options);
  };

  function buildPopup(d, members, options) {
    var maxRefs = options.maxRefs || 3;
    var numbers = new Map(); // source index -> number, in first-cited order
    function refs(ids, limit) {
      var shown = limit ? ids.slice(0, limit) : ids;
      var span = el("span", null, { class: "osm-refs" });
      shown.forEach(function (sid) {
        if (!numbers.has(sid)) numbers.set(sid, numbers.size + 1);
        var src = d.sources[sid];
        append(span, " ", link(src.url, "[" + numbers.get(sid) + "]", src.title));
      });
      if (ids.length > shown.length) append(span, " (+" + (ids.length - shown.length) + ")");
      return span;
    }
    function badge(rank) {
      var s = d.statuses[rank];
      var b = el("span", s.label, { class: "osm-badge", title: s.definition });
      b.style.cssText = "color:#000;border:1px solid #333;border-radius:3px;padding:0 4px;font-size:11px";
      b.style.background = s.colour;
      return b;
    }
    function list(cls) {
      var ul = el("ul", null, { class: cls });
      ul.style.cssText = "padding-left:16px;margin:4px 0";
      return ul;
    }
    function quotes(evidence, li) {
      if (!evidence || !evidence.length) return;
      var det = el("details", null, { class: "osm-evidence" });
      append(det, el("summary", evidence.length === 1 ? "Quote" : "Quotes"));
      evidence.forEach(function (q) {
        var block = el("blockquote", (q.claim ? q.claim + ": " : "") + "“" + q.quote + "”");
        block.style.cssText = "margin:2px 0 2px 8px;font-style:italic";
        if (q.translation) append(block, el("div", "English: " + q.translation));
        append(block, " — ", link(d.sources[q.source].url, d.sources[q.source].publisher, d.sources[q.source].title));
        det.appendChild(block);
      });
      li.appendChild(det);
    }

    var stations = members.map(function (m) {
      return d.stations[m];
    });
    stations.sort(function (a, b) {
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    var root = el("div", null, { class: "osm-popup" });
    root.style.cssText = "font:13px/1.4 sans-serif;max-height:340px;overflow-y:auto;min-width:240px";
    append(root, el("h4", stations.length ? stations[0].place : "", { style: "margin:0 0 4px" }));
    append(root, el("div", plural(stations.length, "reported station") + (d.as_of ? " · as of " + d.as_of : "")));

    var ul = list("osm-stations");
    var reactions = new Set(),
      others = new Set(),
      china = new Set(),
      general = new Set();
    stations.forEach(function (s) {
      var li = el("li");
      append(li, el("b", s.bureau), " bureau · ", badge(s.status), " since " + (s.since || "?"));
      var listed = s.reports.length
        ? s.reports
            .map(function (r) {
              return d.reports[r].title + " (" + d.reports[r].published + ")";
            })
            .join("; ")
        : "not in the reports; named by " + String(s.origin).replace(/-/g, " ");
      append(li, el("br"), el("span", "Listed in: " + listed, { style: "color:#444" }), refs(s.sources, maxRefs));
      if (s.note) append(li, el("br"), el("i", s.note));
      if (s.unquoted) append(li, el("div", "No quote yet for: " + s.unquoted.join(", "), { class: "osm-unquoted", style: "color:#666;font-size:11px" }));
      quotes(s.evidence, li);
      ul.appendChild(li);
      s.events.forEach(function (e) {
        var role = d.events[e].role;
        (role === "r" ? reactions : role === "o" ? others : role === "c" ? china : general).add(e);
      });
    });
    root.appendChild(ul);

    function sorted(set) {
      return Array.from(set).sort(function (a, b) {
        return a - b;
      });
    }
    var generalChina = sorted(general).filter(function (e) {
      return d.events[e].role === "g";
    });
    var shownGeneral = generalChina.slice(Math.max(0, generalChina.length - d.max_general));
    var chinaShown = sorted(new Set(sorted(china).concat(shownGeneral)));

    // One list per voice: the host side, other voices (with who they are), China (general or not).
    function eventList(title, cls, ids, line) {
      if (!ids.length) return;
      append(root, el("b", title));
      var ul = list(cls);
      ids.forEach(function (e) {
        var ev = d.events[e];
        var li = el("li");
        line(li, ev);
        append(li, refs(ev.sources));
        quotes(ev.evidence, li);
        ul.appendChild(li);
      });
      root.appendChild(ul);
    }
    eventList("Reactions", "osm-reactions", sorted(reactions), function (li, ev) {
      append(li, ev.date + " · ", el("i", ev.type), " · " + ev.actor + ": " + ev.summary);
    });
    eventList("Press, NGOs, legislators and operators", "osm-others", sorted(others), function (li, ev) {
      append(li, ev.date + " · ", el("i", ev.type), " · " + ev.actor + " (" + ev.actor_kind + "): " + ev.summary);
    });
    eventList("Chinese government's position", "osm-china", chinaShown, function (li, ev) {
      append(li, ev.date + " · " + ev.actor + (ev.role === "g" ? " (general)" : "") + ": " + ev.summary);
    });
    var leftOut = general.size - shownGeneral.length;
    if (leftOut > 0) {
      append(root, el("div", plural(leftOut, "more general statement") + " on all stations: Reactions page.", { style: "color:#444" }));
    }
    var ids = new Set(members);
    var codes = new Set(
      stations
        .map(function (s) {
          return s.cc;
        })
        .filter(Boolean)
    );
    var disagreements = d.disagreements.filter(function (x) {
      return (
        x.stations.some(function (m) {
          return ids.has(m);
        }) ||
        x.countries.some(function (c) {
          return codes.has(c);
        })
      );
    });
    if (disagreements.length) {
      append(root, el("b", "Sources disagree"));
      var du = list("osm-disagreements");
      disagreements.forEach(function (x) {
        var li = el("li", x.subject + ": ");
        x.claims.forEach(function (c, n) {
          if (n) append(li, " ", el("b", "vs"), " ");
          append(li, c.claim, refs(c.sources));
          if (c.unquoted) append(li, el("span", " (no quote yet)", { class: "osm-unquoted", style: "color:#666" }));
          quotes(c.evidence, li);
        });
        du.appendChild(li);
      });
      root.appendChild(du);
    }
    append(root, el("b", "Sources"));
    var ol = el("ol", null, { class: "osm-sources" });
    ol.style.cssText = "padding-left:20px;margin:4px 0;font-size:12px";
    numbers.forEach(function (number, sid) {
      var src = d.sources[sid];
      var li = el("li");
      append(li, link(src.url, src.publisher + (src.published ? ", " + src.published : ""), src.title));
      if (src.copy_of) append(li, " ", el("i", "(copy of " + src.copy_of + ")"));
      var meta = [src.kind, src.accessed ? "accessed " + src.accessed : null].filter(Boolean).join(" · ");
      if (meta) append(li, el("span", " · " + meta, { style: "color:#666" }));
      ol.appendChild(li);
    });
    root.appendChild(ol);
    if (stations.length && stations[0].place_id) root.appendChild(copyButton(stations[0].place_id));
    return root;
  }

  function touchFriendly(map) {
    // On a phone a one-finger drag scrolls the page, as in newsroom embeds; two fingers move and
    // zoom the map (Leaflet's pinch). Without this the map swallows the page's scroll.
    if (map._osmTouch || !(global.matchMedia && global.matchMedia("(pointer: coarse)").matches)) return;
    map._osmTouch = true;
    map.dragging.disable();
    map.scrollWheelZoom.disable();
    var hint = L.control({ position: "topright" });
    hint.onAdd = function () {
      var div = el("div", "Two fingers move the map", { class: "osm-touch-hint" });
      div.style.cssText = "background:rgba(255,255,255,.9);padding:2px 6px;font:12px sans-serif;border-radius:3px";
      return div;
    };
    hint.addTo(map);
  }

  global.OverseasStations = {
    draw: function (map, group, places, options) {
      touchFriendly(map);
      if (active) active.remove();
      active = null;
      var start = function (p) {
        active = new Drawing(map, group, p, options);
        global.OverseasStations.active = active;
      };
      if (places) start(places);
      else {
        // A large payload comes as a static file (cached by the browser), not inside the script.
        var token = (pending = {});
        fetch(options.placesUrl)
          .then(function (r) {
            if (!r.ok) throw new Error("places: HTTP " + r.status);
            return r.json();
          })
          .then(function (p) {
            if (pending === token) start(p);
          })
          .catch(function (err) {
            console.warn("Overseas Stations Map:", err);
          });
      }
      return active;
    },
    buildPopup: buildPopup,
    safeHref: safeHref,
  };
})(window);
