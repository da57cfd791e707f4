/*
 * Overseas Stations Map: lays out what Python decided, in the browser.
 *
 *   OverseasStations.draw(map, group, view, options, atlas)
 *
 * - view (maps/payload.py, per data version, filters and as-of date): the shown places with their
 *   position, station count, furthest status, and each place's popup plan (station lines, the
 *   latest development, the event lists newest first, the disagreements), by position in the atlas;
 *   in a "since <date>" view, which places changed after that date (ringed, and said so);
 * - options (maps/build.py RendererOptions): vocabulary, words, limits, where the atlas is;
 * - atlas (maps/atlas.py, per data version): stations, events, sources, disagreements, place names;
 *   inline, or null and fetched once from options.atlas_url after the first paint.
 *
 * No rule about the data is decided here: which events, in which order, which statuses, which
 * words and which marker sizes all come from Python (loaders/aggregate.py place_popups). A group
 * of markers exists only in the browser (it depends on the zoom): its name is composed here from
 * its places' counts and regions.
 *
 * Safety: every text from the data is placed with textContent or setAttribute, never parsed as
 * HTML; links are http(s) only, open in a new tab with rel="noopener noreferrer".
 * Needs Leaflet 1.9; uses Supercluster (vendored) when there are many places.
 */
(function (global) {
  "use strict";

  // Every key of maps/build.py RendererOptions (tests/unit/test_map_build.py checks the two agree).
  var OPTION_KEYS = [
    "statuses",
    "diameters",
    "section_titles",
    "words",
    "max_refs",
    "fold_after",
    "cluster_above",
    "atlas_url",
    "open_place",
    "open_from_url",
    "sync_view",
    "correction_url",
    "fit",
    "fit_max_zoom",
  ];
  var VIEW_VERSION = 2;
  var ATLAS_VERSION = 2;

  var active = null; // the drawing on the map; a new view replaces it
  var atlases = {}; // atlas digest -> Loader (a page keeps the last few data versions)

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

  // "7 Stationen": a file in another language carries its counted nouns per CLDR plural category
  // (words["count.stations.one"], ... and words.lang: maps/build.py popup_words); English has none.
  function counted(words, n, noun) {
    var other = words["count." + noun + "s.other"];
    if (other === undefined) return plural(n, noun);
    var category = "other";
    var shown = String(n);
    try {
      category = new Intl.PluralRules(words.lang).select(n);
      shown = n.toLocaleString(words.lang);
    } catch (e) {
      /* an engine without Intl: the "other" form, digits as they are */
    }
    return (words["count." + noun + "s." + category] || other).split("{count}").join(shown);
  }

  function missingOptions(options) {
    if (!options || typeof options !== "object") return OPTION_KEYS.slice();
    return OPTION_KEYS.filter(function (k) {
      return !(k in options);
    });
  }

  function showProblem(map, text) {
    // Said on the map and in the console: a reader sees why there are no markers.
    console.error("Overseas Stations Map: " + text);
    var container = map.getContainer();
    var box = container.querySelector(".osm-problem");
    if (!box) {
      box = el("div", null, { class: "osm-problem", role: "alert" });
      box.style.cssText =
        "position:absolute;z-index:1000;left:50%;top:40%;transform:translateX(-50%);max-width:80%;" +
        "background:#fff;border:2px solid #b00;padding:8px 12px;font:14px sans-serif";
      container.appendChild(box);
    }
    box.textContent = text;
  }

  /* ---- the atlas: fetched once per data version, shared by every drawing of the page ---- */

  function Loader(digest, url) {
    this.digest = digest;
    this.url = url;
    this.state = "idle"; // idle | loading | ready | failed
    this.data = null;
    this.error = null;
    this.waiting = [];
  }

  Loader.prototype.set = function (data) {
    if (!data || data.v !== ATLAS_VERSION) {
      this.state = "failed";
      this.error = "the atlas is not in the expected format";
    } else {
      this.data = data;
      this.state = "ready";
    }
    this.flush();
  };

  Loader.prototype.when = function (f) {
    // Calls f once the atlas is ready or has failed (never while it is loading).
    if (this.state === "ready" || this.state === "failed") f();
    else {
      this.waiting.push(f);
      if (this.state === "idle") this.load();
    }
  };

  Loader.prototype.load = function () {
    var self = this;
    if (!this.url) {
      this.state = "failed";
      this.error = "no atlas was given";
      return this.flush();
    }
    this.state = "loading";
    fetch(this.url)
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(
        function (data) {
          self.set(data);
        },
        function (err) {
          // What the reader is told: the answer's status, a broken file, or no connection.
          var text = err && err.message ? err.message : String(err);
          self.state = "failed";
          self.error = /^HTTP \d+$/.test(text) ? text : err instanceof SyntaxError ? "the file is damaged" : "no connection";
          console.warn("Overseas Stations Map: the atlas " + self.url + " could not be loaded:", text);
          self.flush();
        }
      );
  };

  Loader.prototype.retry = function (f) {
    if (this.state === "failed") this.state = "idle";
    this.error = null;
    this.when(f);
  };

  Loader.prototype.flush = function () {
    var waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(function (f) {
      f();
    });
  };

  function loaderFor(digest, url, inline) {
    var loader = atlases[digest];
    if (!loader) {
      var keys = Object.keys(atlases);
      if (keys.length >= 3) delete atlases[keys[0]]; // an upload, then back: a few versions at most
      loader = atlases[digest] = new Loader(digest, url);
    }
    if (!loader.url && url) loader.url = url;
    if (inline && loader.state !== "ready") loader.set(inline);
    return loader;
  }

  /* ---- one drawing: a view of the places on a map ---- */

  function Drawing(map, group, view, options, loader, previous) {
    active = this; // callbacks of an earlier drawing (a fetch, a timer) check this and stand down
    this.map = map;
    this.group = group;
    this.view = view;
    this.options = options;
    this.words = options.words;
    this.loader = loader;
    this.changed = changedPlaces(view); // the places Python says changed since a date (a ring)
    this.markers = new Map(); // key -> marker currently drawn
    this.n = view.count.length;
    // Markers that would overlap are grouped by zoom (Europe in a world view); a few hundred places
    // only where they touch, below zoom 5; thousands more widely, up to city level.
    var many = this.n > options.cluster_above;
    this.clustered = this.n > 1 && !!global.Supercluster;
    if (this.clustered) {
      // The same places with the same counts and statuses (a rerun, a month with no change): the
      // index of groups stays; any difference, and the groups are made again from this view.
      var pv = previous && previous.view;
      var reuse =
        previous && previous.index && previous.many === many && pv.atlas === view.atlas &&
        sameArray(pv.place, view.place) && sameArray(pv.count, view.count) && sameArray(pv.status, view.status) &&
        sameArray(pv.changed && pv.changed.places, view.changed && view.changed.places);
      this.many = many;
      this.index = reuse ? previous.index : buildIndex(view, many);
      this.onMove = this.render.bind(this);
      map.on("moveend", this.onMove);
    }
    if (options.fit) frameOnce(map, options.fit, options.fit_max_zoom);
    this.render();
    this.onResize = this.keepClear.bind(this);
    map.on("resize", this.onResize);
    var self = this;
    // The atlas after the first paint: then tooltips, accessible names and popups have their words.
    loader.when(function () {
      if (self === active) self.describeAll();
    });
    if (options.sync_view) {
      this.onView = this.writeView.bind(this);
      map.on("moveend", this.onView);
    }
    var was = previous && previous.openAtlasPlace();
    // The same data version only: another one numbers its places differently.
    this.reopenWanted = was && previous.view.atlas === view.atlas ? was : null;
    setTimeout(function () {
      if (self !== active) return;
      // The layer is on the map now (its script adds it after this call): keep the source box off
      // the markers as they are first drawn.
      self.keepClear();
      if (self.reopenWanted) self.reopen(self.reopenWanted);
      else if (typeof options.open_place === "number") self.openPlace(options.open_place);
      else if (options.open_from_url) {
        // A standalone file opened as file.html?place=NL:Amsterdam opens that place.
        var wanted = new URLSearchParams(global.location.search).get("place");
        if (wanted)
          loader.when(function () {
            var i = self === active ? self.placeIndex(wanted) : null;
            if (i !== null) self.openPlace(i);
          });
      }
    }, 0);
  }

  function changedPlaces(view) {
    // A Set of the view's place indices to ring (maps/payload.py "changed"), or null.
    return view.changed && view.changed.places ? new Set(view.changed.places) : null;
  }

  function sameArray(a, b) {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function buildIndex(view, many) {
    var index = new global.Supercluster({
      radius: many ? 48 : 36,
      maxZoom: many ? 9 : 4,
      map: function (props) {
        return { count: props.count, status: props.status, changed: props.changed };
      },
      reduce: function (acc, props) {
        acc.count += props.count;
        acc.status = Math.max(acc.status, props.status);
        acc.changed = acc.changed || props.changed; // a group with a changed place is ringed too
      },
    });
    var changed = changedPlaces(view);
    var features = new Array(view.count.length);
    for (var i = 0; i < features.length; i++) {
      features[i] = {
        type: "Feature",
        geometry: { type: "Point", coordinates: [view.lon[i], view.lat[i]] },
        properties: { i: i, count: view.count[i], status: view.status[i], changed: !!(changed && changed.has(i)) },
      };
    }
    index.load(features);
    return index;
  }

  Drawing.prototype.atlasPlace = function (i) {
    return this.view.place ? this.view.place[i] : i;
  };

  Drawing.prototype.placeIndex = function (placeId) {
    var atlas = this.loader.data;
    if (!atlas) return null;
    for (var i = 0; i < this.n; i++) if (atlas.places.id[this.atlasPlace(i)] === placeId) return i;
    return null;
  };

  Drawing.prototype.openAtlasPlace = function () {
    // The place whose popup was open when this view was replaced (st_folium takes the old markers
    // off the map first, which closes it), and whether the reader was inside it.
    if (this.lastOpen) return this.lastOpen;
    var found = null;
    var self = this;
    this.markers.forEach(function (marker) {
      if (found === null && marker.placeIndex !== undefined && marker.isPopupOpen()) {
        var popup = marker.getPopup().getElement();
        found = { place: self.atlasPlace(marker.placeIndex), focus: !!(popup && popup.contains(document.activeElement)) };
      }
    });
    return found;
  };

  Drawing.prototype.reopen = function (was) {
    this.reopenWanted = null;
    for (var i = 0; i < this.n; i++) {
      if (this.atlasPlace(i) !== was.place) continue;
      var marker = this.markers.get("p" + i);
      if (!marker) return;
      var popup = marker.getPopup();
      L.Util.setOptions(popup, { autoPan: false }); // the reader's view stays where it is
      marker.openPopup();
      L.Util.setOptions(popup, { autoPan: true });
      if (was.focus) this.focusPopup(marker);
      return;
    }
  };

  Drawing.prototype.openPlace = function (i) {
    var self = this;
    this.reopenWanted = null; // the reader (or a link) asked for another place
    var key = "p" + i;
    if (this.markers.has(key)) {
      this.markers.get(key).openPopup();
      return;
    }
    // Inside a group or out of view: zoom in until it stands alone, then open it. Without animation
    // the move (and the drawing after it) is done when setView returns. A pan still running (a popup
    // made room for itself) is stopped first; not with map.stop(), which starts a zoom animation to
    // the same zoom, and Leaflet (1.9.4, vendored) then drops the next setView until it ends.
    var map = this.map;
    if (map._panAnim) map._panAnim.stop();
    if (map._animatingZoom) {
      map.once("zoomend", function () {
        if (self === active) self.openPlace(i);
      });
      return;
    }
    this.map.setView([this.view.lat[i], this.view.lon[i]], Math.max(this.map.getZoom(), 10), { animate: false });
    if (this.markers.has(key)) this.markers.get(key).openPopup();
    else
      this.map.once("moveend", function () {
        if (self.markers.has(key)) self.markers.get(key).openPopup();
      });
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

  Drawing.prototype.remove = function () {
    if (this.onMove) this.map.off("moveend", this.onMove);
    if (this.onView) this.map.off("moveend", this.onView);
    if (this.onResize) this.map.off("resize", this.onResize);
    this.group.clearLayers();
    this.markers.clear();
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
    this.regrouping = true; // a popup closed by regrouping is not one to reopen in the next view
    this.markers.forEach(function (marker, key) {
      if (!wanted.has(key)) {
        self.group.removeLayer(marker);
        self.markers.delete(key);
      }
    });
    this.regrouping = false;
    // Added in reading order (country, then city: the view's order), so Tab follows it.
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
    // How many places the drawn markers stand for (a group counts its places): tests and the
    // benchmark wait on it to know the drawing is complete.
    var drawn = 0;
    wanted.forEach(function (item) {
      drawn += item.cluster ? item.cluster.properties.point_count : 1;
    });
    this.map.getContainer().setAttribute("data-places-drawn", String(drawn));
    this.map.getContainer().setAttribute("data-places", String(this.n));
    this.announce();
    this.keepClear();
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
    for (var i = 0; i < this.n; i++) stations += this.view.count[i];
    var inWord = this.words["count.places.other"] === undefined ? "in" : this.words.group_of;
    var text =
      this.words.map_shows + " " + counted(this.words, stations, "station") + " " + inWord + " " +
      counted(this.words, this.n, "place") + ".";
    if (region.textContent !== text) region.textContent = text;
  };

  Drawing.prototype.order = function (item) {
    if (!item.cluster) return item.place;
    var leaves = this.index.getLeaves(item.cluster.properties.cluster_id, 1);
    return leaves.length ? leaves[0].properties.i - 0.5 : 0;
  };

  Drawing.prototype.diameter = function (count) {
    var sizes = this.options.diameters;
    return sizes[Math.min(count, sizes.length) - 1];
  };

  Drawing.prototype.icon = function (count, status, countryOnly, cluster, changed) {
    var s = this.options.statuses[status];
    var d = this.diameter(count);
    var div = el("div", String(count));
    div.className = "osm-marker " + (cluster ? "osm-cluster" : countryOnly ? "osm-country" : "osm-city");
    if (changed) div.className += " osm-changed";
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
    // A group: dark, ringed in its furthest status's colour with a white ring inside, so that it never
    // reads as one "Sentenced" station (black, thin dark border).
    var inner = cluster ? "inset 0 0 0 2px #fff, " : "";
    if (cluster) {
      style.background = "#333";
      style.color = "#fff";
      style.border = "3px solid " + s.colour;
      style.boxShadow = inner + "0 1px 3px rgba(0,0,0,.4)";
    } else if (countryOnly) {
      style.background = "rgba(255,255,255,.85)";
      style.color = "#000";
      style.border = "3px dashed " + s.colour;
    } else {
      style.background = s.colour;
      style.color = s.text;
      style.border = "1.5px solid #222";
    }
    // Changed since the "since" date: a white and a magenta ring around the marker, whatever its status colour.
    if (changed) style.boxShadow = inner + "0 0 0 2px #fff, 0 0 0 5px #c2185b, 0 1px 4px 5px rgba(0,0,0,.35)";
    return L.divIcon({ html: div, className: "osm-icon", iconSize: [d, d], iconAnchor: [d / 2, d / 2] });
  };

  Drawing.prototype.placeMarker = function (i) {
    var v = this.view;
    var marker = L.marker([v.lat[i], v.lon[i]], {
      icon: this.icon(v.count[i], v.status[i], v.country_only[i] === 1, false, this.isChanged(i)),
      keyboard: true,
      riseOnHover: true,
    });
    marker.placeIndex = i;
    var self = this;
    marker.bindPopup(
      function () {
        return self.popupContent(marker, i);
      },
      { maxWidth: 440, minWidth: 240, autoPanPadding: [12, 12], className: "osm-popup-wrap" }
    );
    marker.on("add", function () {
      self.describe(marker, i);
    });
    marker.on("popupopen", function () {
      self.popupOpened(marker);
    });
    marker.on("popupclose", function () {
      self.popupClosed(marker);
    });
    return marker;
  };

  Drawing.prototype.clusterMarker = function (f) {
    var props = f.properties;
    var marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: this.icon(props.count, props.status, false, true, props.changed),
      keyboard: true,
    });
    marker.groupProps = props;
    var self = this;
    marker.on("click keypress", function () {
      var zoom = Math.min(self.index.getClusterExpansionZoom(props.cluster_id), self.map.getMaxZoom());
      self.map.flyTo(marker.getLatLng(), zoom, { duration: 0.4 });
    });
    marker.on("add", function () {
      self.nameGroup(marker, props);
    });
    return marker;
  };

  Drawing.prototype.nameGroup = function (marker, props) {
    // "23 stations in 17 places around Europe: zoom in". The region is the one most of the group's
    // stations are in (the atlas's regions: exports/framing.py); a sample of its places says it.
    var text =
      counted(this.words, props.count, "station") + " " + this.words.group_of + " " +
      counted(this.words, props.point_count, "place");
    var atlas = this.loader.data;
    if (atlas) {
      var tally = {};
      var best = null;
      var self = this;
      this.index.getLeaves(props.cluster_id, 500).forEach(function (leaf) {
        var r = atlas.places.region[self.atlasPlace(leaf.properties.i)];
        tally[r] = (tally[r] || 0) + leaf.properties.count;
        if (best === null || tally[r] > tally[best]) best = r;
      });
      if (best !== null) text += " " + this.words.around + " " + atlas.regions[best];
    }
    text += ": " + this.words.zoom_in;
    if (props.changed) text += " · " + this.view.changed.label;
    var node = marker.getElement();
    if (node) {
      node.setAttribute("aria-label", text);
      node.setAttribute("title", text);
    }
  };

  /* ---- what a place says: the view's plan laid out with the atlas's words ---- */

  Drawing.prototype.summary = function (i) {
    // loaders.aggregate.place_summary, word for word (a browser test compares them for every place).
    return this.loader.data.places.label[this.atlasPlace(i)] + ": " + this.view.texts[this.view.mix[i]];
  };

  Drawing.prototype.isChanged = function (i) {
    return !!(this.changed && this.changed.has(i));
  };

  Drawing.prototype.describeAll = function () {
    var self = this;
    this.markers.forEach(function (marker) {
      if (marker.placeIndex !== undefined) self.describe(marker, marker.placeIndex);
      else if (marker.groupProps) self.nameGroup(marker, marker.groupProps);
    });
  };

  Drawing.prototype.describe = function (marker, i) {
    var node = marker.getElement();
    if (!this.loader.data) {
      // Until the atlas (with the place's name) arrives, or if it never does: the status mix.
      if (node) node.setAttribute("aria-label", this.view.texts[this.view.mix[i]]);
      return;
    }
    var text = this.summary(i) + (this.isChanged(i) ? " · " + this.view.changed.label : "");
    if (node) node.setAttribute("aria-label", text);
    // A string given to Leaflet's tooltip is parsed as HTML: give it a text node's element instead.
    var content = el("span", text);
    if (!marker.getTooltip()) marker.bindTooltip(content, { direction: "top", offset: [0, -8] });
    else marker.setTooltipContent(content);
  };

  // Leaflet's popup chrome around the content (margins 20 + 24 px, borders) and a scroll bar.
  var POPUP_CHROME_X = 46 + 17;
  var POPUP_CHROME_Y = 26 + 20 + 10; // margins, the tip, the close button's room
  var NARROW_MAP = 520; // px: below this a popup takes the whole map and the controls step aside

  Drawing.prototype.fitPopup = function (marker) {
    // The popup fits the map whatever its size (a phone's 358 px column): narrower, and shorter
    // with its own scroll bar; autoPan keeps it inside with PAD px to spare.
    var size = this.map.getSize();
    var pad = 12;
    var fit = marker.getPopup().options;
    fit.autoPanPadding = [pad, pad];
    fit.maxWidth = Math.max(120, Math.min(440, size.x - 2 * pad - POPUP_CHROME_X));
    fit.minWidth = Math.min(240, fit.maxWidth);
    fit.maxHeight = Math.max(120, Math.min(460, size.y - 2 * pad - POPUP_CHROME_Y));
  };

  Drawing.prototype.popupContent = function (marker, i) {
    this.fitPopup(marker);
    var loader = this.loader;
    var self = this;
    if (loader.state === "ready") return buildPopup(loader.data, this.view, i, this.options);
    if (loader.state === "failed") {
      var box = el("div", null, { class: "osm-popup osm-popup-failed", role: "alert" });
      append(box, el("p", this.words.failed + " (" + loader.error + ")."));
      var button = el("button", this.words.retry, { type: "button" });
      button.addEventListener("click", function (e) {
        // Leaflet decides a click was on the map (and closes the popup) by walking up from its
        // target: the button must still be in the popup then, so the content changes afterwards.
        L.DomEvent.stopPropagation(e);
        setTimeout(function () {
          marker.setPopupContent(el("div", self.words.loading, { class: "osm-popup" }));
          loader.retry(function () {
            self.refresh(marker, i);
          });
        }, 0);
      });
      box.appendChild(button);
      return box;
    }
    loader.when(function () {
      self.refresh(marker, i);
    });
    return el("div", this.words.loading, { class: "osm-popup" });
  };

  Drawing.prototype.refresh = function (marker, i) {
    // The atlas arrived (or failed) while the popup said "Loading…": say what there is now, once.
    if (this !== active || !marker.isPopupOpen()) return;
    var hadFocus = marker.getPopup().getElement().contains(document.activeElement);
    marker.setPopupContent(this.popupContent(marker, i));
    if (hadFocus) this.focusPopup(marker);
  };

  Drawing.prototype.popupOpened = function (marker) {
    var self = this;
    var popup = marker.getPopup();
    var node = popup.getElement();
    // Opened from the keyboard (the marker had focus): move focus into the popup.
    var fromMarker = document.activeElement === marker.getElement();
    this.lastOpen = null;
    this.reopenWanted = null;
    if (!node._osmKeys) {
      node._osmKeys = true;
      node.addEventListener("keydown", function (e) {
        if (e.key !== "Escape") return;
        e.preventDefault();
        e.stopPropagation();
        self.map.closePopup();
      });
      node.addEventListener("focusin", function () {
        marker._osmFocus = true;
      });
      node.addEventListener("focusout", function (e) {
        if (e.relatedTarget && !node.contains(e.relatedTarget)) marker._osmFocus = false;
      });
    }
    if (fromMarker) this.focusPopup(marker);
    // On a narrow map the open popup is all the reader looks at: the legend, the source box, the
    // zoom buttons and the touch hint step aside until it closes (they would cover its text).
    this.map.getContainer().classList.toggle("osm-popup-open", this.map.getSize().x < NARROW_MAP);
    this.keepClear();
  };

  Drawing.prototype.focusPopup = function (marker) {
    var content = marker.getPopup().getElement().querySelector(".osm-popup");
    if (content) {
      content.setAttribute("tabindex", "-1");
      content.focus({ preventScroll: true });
    }
  };

  Drawing.prototype.popupClosed = function (marker) {
    this.map.getContainer().classList.remove("osm-popup-open");
    var node = marker.getPopup().getElement();
    var inside = !!marker._osmFocus || !!(node && node.contains(document.activeElement));
    marker._osmFocus = false;
    var target = marker.getElement();
    if (!target) {
      // The marker itself went away: a new view (a filter, the time slider) reopens the place.
      if (!this.regrouping) this.lastOpen = { place: this.atlasPlace(marker.placeIndex), focus: inside };
      return;
    }
    // Escape, the close button or a tap outside: focus goes back to the marker it came from if the
    // reader was in the popup (a keyboard reader continues from there).
    if (inside || document.activeElement === document.body) target.focus({ preventScroll: true });
  };

  Drawing.prototype.keepClear = function () {
    // The in-map source box never covers a marker (nor an open popup): it takes the first corner
    // where it covers none, else it folds into a small button (opened, over the map, on demand).
    var control = this.map._osmControls && this.map._osmControls["osm-source"];
    if (!control || this.clearing) return;
    this.clearing = true;
    try {
      var corners = ["bottomleft", "topright", "bottomright", "topleft"];
      var free = null;
      for (var c = 0; c < corners.length && free === null; c++) {
        if (control.getPosition() !== corners[c]) control.setPosition(corners[c]);
        setFolded(control.getContainer(), false, this.words);
        if (!coversMarker(this.map, control.getContainer())) free = corners[c];
      }
      if (free === null) {
        control.setPosition("bottomleft");
        setFolded(control.getContainer(), true, this.words);
      }
    } finally {
      this.clearing = false;
    }
  };

  function setFolded(box, folded, words) {
    var button = box.querySelector(".osm-fold-button");
    var body = box.firstElementChild === button ? box.children[1] : box.firstElementChild;
    if (!folded) {
      if (button) button.remove();
      if (body) body.style.display = "";
      box.removeAttribute("data-folded");
      return;
    }
    if (!button) {
      button = el("button", "ⓘ " + words.source_box, { type: "button", class: "osm-fold-button", "aria-expanded": "false" });
      button.style.cssText = "font:11px sans-serif;padding:1px 5px;cursor:pointer";
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        body.style.display = open ? "none" : "";
      });
      box.insertBefore(button, box.firstChild);
    }
    box.setAttribute("data-folded", "true");
    if (button.getAttribute("aria-expanded") !== "true") body.style.display = "none";
  }

  function coversMarker(map, box) {
    // A marker, or an open popup (controls sit above popups).
    var r = box.getBoundingClientRect();
    var icons = Array.prototype.slice.call(map.getPane("markerPane").children);
    icons = icons.concat(Array.prototype.slice.call(map.getPane("popupPane").children));
    for (var i = 0; i < icons.length; i++) {
      var m = icons[i].getBoundingClientRect();
      if (m.width && r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom) return true;
    }
    return false;
  }

  function buildPopup(atlas, view, i, options) {
    var words = options.words;
    var numbers = new Map(); // atlas source -> number, in the order first cited (loaders.aggregate.popup_sources)
    function refs(ids, limit) {
      var shown = limit ? ids.slice(0, limit) : ids;
      var span = el("span", null, { class: "osm-refs" });
      shown.forEach(function (sid) {
        if (!numbers.has(sid)) numbers.set(sid, numbers.size + 1);
        var src = atlas.sources[sid];
        append(span, " ", link(src.url, "[" + numbers.get(sid) + "]", src.title));
      });
      if (ids.length > shown.length) append(span, " (+" + (ids.length - shown.length) + ")");
      return span;
    }
    function badge(rank) {
      var s = options.statuses[rank];
      var b = el("span", s.label, { class: "osm-badge", title: s.definition });
      b.style.cssText = "color:#000;border:1px solid #333;border-radius:3px;padding:0 4px;font-size:11px";
      b.style.background = s.colour;
      return b;
    }
    function list(cls, tag) {
      var ul = el(tag || "ul", null, { class: cls });
      ul.style.cssText = "padding-left:16px;margin:4px 0";
      return ul;
    }
    function line(kind, tag) {
      return el(tag || "div", null, { "data-line": kind });
    }
    function quotes(evidence, li) {
      if (!evidence || !evidence.length) return;
      var det = el("details", null, { class: "osm-evidence" });
      append(det, el("summary", evidence.length === 1 ? words.quote : words.quotes));
      evidence.forEach(function (q) {
        var block = el("blockquote", (q.claim ? q.claim + ": " : "") + "“" + q.quote + "”");
        block.style.cssText = "margin:2px 0 2px 8px;font-style:italic";
        if (q.translation) append(block, el("div", words.english + " " + q.translation));
        var src = atlas.sources[q.source];
        append(block, " — ", link(src.url, src.publisher, src.title));
        det.appendChild(block);
      });
      li.appendChild(det);
    }
    function eventText(node, ev, key) {
      if (key === "china") append(node, ev.date + " · " + ev.actor + (ev.role === "g" ? " " + words.general : "") + ": " + ev.summary);
      else if (key === "others") append(node, ev.date + " · ", el("i", ev.type), " · " + ev.actor + " (" + ev.actor_kind + "): " + ev.summary);
      else append(node, ev.date + " · ", el("i", ev.type), " · " + ev.actor + ": " + ev.summary);
      return node;
    }
    function eventItem(e, key) {
      var ev = atlas.events[e];
      var li = el("li");
      var text = eventText(line("event"), ev, key);
      text.appendChild(refs(ev.sources));
      li.appendChild(text);
      quotes(ev.evidence, li);
      return li;
    }

    var place = view.place ? view.place[i] : i;
    // [latest, sections, more, disagreements] (maps/payload.py); a section is [number, events]
    var body = view.bodies[view.body[i]];
    var latestEvent = body[0],
      sections = body[1],
      moreText = body[2],
      disputes = body[3];
    var root = el("div", null, { class: "osm-popup" });
    root.style.cssText = "font:13px/1.4 sans-serif;outline:none";
    append(root, el("h4", atlas.places.label[place], { style: "margin:0 0 4px" }));
    var mix = line("mix", "p");
    mix.style.margin = "0 0 4px";
    append(mix, view.texts[view.mix[i]] + (view.as_of ? " · " + words.as_of + " " + view.as_of : ""));
    root.appendChild(mix);
    if (view.changed && view.changed.places.indexOf(i) >= 0) {
      var changed = append(line("changed", "p"), view.changed.label);
      changed.style.cssText = "margin:0 0 4px;color:#c2185b;font-weight:bold";
      root.appendChild(changed);
    }
    var sectionOf = {};
    sections.forEach(function (s) {
      s[1].forEach(function (e) {
        sectionOf[e] = options.section_titles[s[0]][0];
      });
    });
    if (latestEvent !== null) {
      var latest = line("latest", "p");
      latest.style.margin = "0 0 4px";
      append(latest, el("b", words.latest), " ");
      root.appendChild(eventText(latest, atlas.events[latestEvent], sectionOf[latestEvent]));
    }

    var ul = list("osm-stations");
    var start = 3 * view.count.slice(0, i).reduce(function (a, b) {
      return a + b;
    }, 0);
    for (var k = 0; k < view.count[i]; k++) {
      var s = atlas.stations[view.rows[start + 3 * k]];
      var li = el("li");
      var main = line("station");
      append(
        main,
        el("b", s.bureau),
        " " + words.bureau + " · ",
        badge(view.rows[start + 3 * k + 1]),
        " " + words.since + " " + view.texts[view.rows[start + 3 * k + 2]] + " · " + words.listed + " " + atlas.listings[s.listing],
        refs(s.sources, options.max_refs)
      );
      li.appendChild(main);
      if (s.note) append(li, append(line("note"), el("i", s.note)));
      if (s.unquoted) {
        var missing = append(line("unquoted"), words.no_quote + " " + s.unquoted.join(", "));
        missing.style.cssText = "color:#666;font-size:11px";
        li.appendChild(missing);
      }
      quotes(s.quotes === undefined ? null : atlas.quotes[s.quotes], li);
      ul.appendChild(li);
    }
    root.appendChild(ul);

    sections.forEach(function (section) {
      var key = options.section_titles[section[0]][0],
        events = section[1];
      append(root, append(line("section", "p"), el("b", options.section_titles[section[0]][1])));
      root.lastChild.style.margin = "6px 0 0";
      var shown = list("osm-" + key);
      events.slice(0, options.fold_after).forEach(function (e) {
        shown.appendChild(eventItem(e, key));
      });
      root.appendChild(shown);
      if (events.length > options.fold_after) {
        // Long sections fold: the latest few stay in view, the earlier ones a click away.
        var fold = el("details", null, { class: "osm-fold" });
        append(fold, el("summary", events.length - options.fold_after + " " + words.earlier));
        var rest = list("osm-" + key);
        events.slice(options.fold_after).forEach(function (e) {
          rest.appendChild(eventItem(e, key));
        });
        fold.appendChild(rest);
        root.appendChild(fold);
      }
    });
    if (moreText !== null) {
      var more = append(line("more", "p"), view.texts[moreText]);
      more.style.cssText = "color:#444;margin:4px 0";
      root.appendChild(more);
    }
    if (disputes.length) {
      append(root, append(line("section", "p"), el("b", words.disagree)));
      var du = list("osm-disagreements");
      disputes.forEach(function (n) {
        var x = atlas.disagreements[n];
        var li = el("li");
        var text = append(line("disagreement"), x.subject + ": ");
        x.claims.forEach(function (c, m) {
          if (m) append(text, " ", el("b", words.versus), " ");
          append(text, c.claim, refs(c.sources));
        });
        li.appendChild(text);
        x.claims.forEach(function (c) {
          quotes(c.evidence, li);
        });
        du.appendChild(li);
      });
      root.appendChild(du);
    }
    append(root, append(line("section", "p"), el("b", words.sources)));
    var ol = list("osm-sources", "ol");
    ol.style.cssText = "padding-left:20px;margin:4px 0;font-size:12px";
    numbers.forEach(function (number, sid) {
      var src = atlas.sources[sid];
      var li = el("li");
      var text = line("source");
      var name = src.publisher + (src.published ? ", " + src.published : "");
      append(text, link(src.gone && src.archive ? src.archive[0] : src.url, name, src.title));
      if (src.gone) append(text, " · " + words.gone);
      if (src.kind) append(text, " · " + src.kind);
      if (src.accessed) append(text, " · " + words.accessed + " " + src.accessed);
      if (src.archive) append(text, " · " + words.archived + " ", link(src.archive[0], words.wayback), ", ", link(src.archive[1], words.archive_today));
      li.appendChild(text);
      ol.appendChild(li);
    });
    root.appendChild(ol);
    var actions = el("div", null, { class: "osm-actions" });
    actions.style.cssText = "margin-top:6px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center";
    actions.appendChild(copyButton(atlas.places.id[place], words));
    if (options.correction_url !== null) {
      var correct = link(options.correction_url + encodeURIComponent(atlas.places.id[place]), words.correct);
      correct.className = "osm-correct";
      actions.appendChild(correct);
    }
    root.appendChild(actions);
    return root;
  }

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

  function copyButton(placeId, words) {
    var box = el("div", null, { class: "osm-copy" });
    var button = el("button", words.copy_link, { type: "button" });
    button.style.cssText = "font:12px sans-serif;cursor:pointer";
    box.appendChild(button);
    button.addEventListener("click", function () {
      var href = placeLink(placeId);
      var shown = box.querySelector("input") || box.appendChild(el("input", null, { readonly: "", "aria-label": words.link_label }));
      shown.value = href;
      shown.style.cssText = "width:100%;font:11px monospace;margin-top:4px";
      shown.select();
      var done = function () {
        button.textContent = words.link_copied;
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(href).then(done, function () {
          button.textContent = words.copy_by_hand;
        });
      } else button.textContent = words.copy_by_hand;
    });
    return box;
  }

  function injectCss() {
    if (document.getElementById("osm-stations-css")) return;
    var style = el(
      "style",
      ".osm-popup-open .leaflet-control-container{visibility:hidden}" +
        ".osm-popup-wrap .leaflet-popup-content{overflow-wrap:anywhere}",
      { id: "osm-stations-css" }
    );
    document.head.appendChild(style);
  }

  function touchFriendly(map, words) {
    // On a phone a one-finger drag scrolls the page, as in newsroom embeds; two fingers move and
    // zoom the map (Leaflet's pinch). Without this the map swallows the page's scroll.
    if (map._osmTouch || !(global.matchMedia && global.matchMedia("(pointer: coarse)").matches)) return;
    map._osmTouch = true;
    map.dragging.disable();
    map.scrollWheelZoom.disable();
    var hint = L.control({ position: "topright" });
    hint.onAdd = function () {
      var div = el("div", words.touch_hint, { class: "osm-touch-hint" });
      div.style.cssText = "background:rgba(255,255,255,.9);padding:2px 6px;font:12px sans-serif;border-radius:3px";
      return div;
    };
    hint.addTo(map);
  }

  global.OverseasStations = {
    draw: function (map, group, view, options, atlas) {
      var missing = missingOptions(options);
      if (missing.length) {
        showProblem(map, "The map cannot be drawn: the renderer's option “" + missing.join("”, “") + "” is missing.");
        return null;
      }
      if (!view || view.v !== VIEW_VERSION) {
        showProblem(map, "The map cannot be drawn: the view message is not in the expected format.");
        return null;
      }
      var problem = map.getContainer().querySelector(".osm-problem");
      if (problem) problem.remove();
      injectCss();
      touchFriendly(map, options.words);
      var previous = active;
      if (previous) previous.remove();
      var loader = loaderFor(view.atlas, options.atlas_url, atlas);
      global.OverseasStations.active = new Drawing(map, group, view, options, loader, previous);
      return active;
    },
    buildPopup: buildPopup,
    safeHref: safeHref,
    optionKeys: OPTION_KEYS,
  };
})(window);
