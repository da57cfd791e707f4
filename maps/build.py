"""GeoDataFrame -> folium objects. Pure: no streamlit.

The base map is built the same way on every rerun, so streamlit-folium keeps its iframe;
the stations go in a separate FeatureGroup passed as ``feature_group_to_add`` and are
swapped in place when the filters change.
"""

from __future__ import annotations

import math
import re
import types
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import branca.element
import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from i18n import DEFAULT_LANGUAGE, plural_forms, translate
from loaders import LOCATION_PRECISIONS, STATUSES, Dataset, aggregate_places
from loaders.aggregate import FOLD_AFTER, MAX_REFS_PER_ITEM, SECTION_TITLES
from loaders.geography import clamp_lat, points_extent

from .assets import BASEMAP, PLACES, Assets
from .atlas import atlas_digest, atlas_payload, statuses_payload
from .payload import script_json, view_payload
from .style import WORLD_BOUNDS, marker_diameter
from .templating import render_template


class PlainText:
    """A jinja2 Template of text with no Jinja syntax, without compiling it: renders the text as
    jinja2 would (its one trailing newline dropped) and defines no macros."""

    module = types.SimpleNamespace()  # branca reads the header/html/script macros from it: none

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.source.removesuffix("\n")


_JINJA_SYNTAX = re.compile(r"\{[{%#]|\r")  # a delimiter, or a newline jinja2 would rewrite


def compiled_template(source: str) -> Template | PlainText:
    """What branca's Element makes of a template text: one compiled jinja2 Template per text with
    Jinja syntax (immutable once compiled), and text without any (the rendered HTML and scripts a
    Figure collects, new on every run) as itself."""
    if _JINJA_SYNTAX.search(source) is None:
        return PlainText(source)
    return _compiled(source)


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return Template(source)


# branca's Element compiles the text it is given in every constructor, and a Figure makes an Element
# of every part it renders: 17 compiles per map, 40% of the Map page's run in bench/README.md's
# profile (folium 0.20, branca 0.8). Templates now compile once; rendered parts not at all.
branca.element.Template = compiled_template  # type: ignore[misc,assignment]

MAX_ZOOM = 12  # city level is as precise as the data gets
CLUSTER_ABOVE = 400  # places; fewer are grouped only where markers touch, more widely (static/js/stations-map.js)

TILE_CHOICES: dict[str, tuple[str, str] | None] = {
    # key -> (tile URL template, attribution); None is the bundled offline outline map
    "outline": None,
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    "carto-light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
    "carto-dark": (
        "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
}
TILE_LABELS = {
    "outline": "Country outlines (offline)",
    "osm": "OpenStreetMap (online)",
    "carto-light": "CARTO light (online)",
    "carto-dark": "CARTO dark (online)",
}
NATURAL_EARTH_ATTRIBUTION = "Outlines: Natural Earth (public domain)"


class FetchedGeoJson(MacroElement):
    """Country outlines loaded from a static URL (or inline data), drawn under the markers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane("basemap")) {
                map.createPane("basemap").style.zIndex = 250;
            }
            function draw(data) {
                L.geoJSON(data, {pane: "basemap", interactive: false, style: {{ this.style|tojson }}}).addTo(map);
            }
            {% if this.data is not none %}
            draw({{ this.data|tojson }});
            {% else %}
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(draw);
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str | None = None, data: dict[str, Any] | None = None, style: dict[str, Any] | None = None):
        super().__init__()
        self._name = "FetchedGeoJson"
        self.url = url
        self.data = data
        self.style = style or {"color": "#8a8a8a", "weight": 0.6, "fillColor": "#f2efe9", "fillOpacity": 1}


class PlaceLabels(MacroElement):
    """Country and city names on the offline basemap (static/js/labels.js), from a URL or inline."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.OSMLabels) {
            OSMLabels.add({{ this._parent.get_name() }}, {{ this.source|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, source: str | dict[str, Any]):
        super().__init__()
        self._name = "PlaceLabels"
        self.source = source


class HtmlControl(MacroElement):
    """A fixed block of trusted HTML (legend, source line) as a Leaflet control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
            // The renderer moves the source box off the markers (static/js/stations-map.js keepClear).
            var map = {{ this._parent.get_name() }};
            (map._osmControls = map._osmControls || {})[{{ this.css_class|tojson }}] = control;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class


class CameraButton(JSCSSMixin, MacroElement):
    """leaflet-simple-map-screenshoter: a button that downloads the current view as PNG.

    JSCSSMixin is what st_folium looks for when it collects script URLs for its iframe.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (L.simpleMapScreenshoter) {
            L.simpleMapScreenshoter({{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, js_url: str | None, file_name: str, caption: str | None = None):
        super().__init__()
        self._name = "CameraButton"
        # None: the map's bundle (maps.assets.MAP_SCRIPTS) already carries the plugin.
        self.default_js = [("simple_map_screenshoter", js_url)] if js_url is not None else []
        self.options = {
            "position": "topleft",
            "screenName": file_name,
            "mimeType": "image/png",
            "hideElementsWithSelectors": [".leaflet-control-container > .leaflet-top"],
            # Title, source, date and credit written into the PNG, as the Export page's images carry them.
            "caption": caption,
            "captionFontSize": 13,
            "captionFont": "sans-serif",
        }


@dataclass(frozen=True)
class MapText:
    """Text burned into the map: the source line; the camera button's PNG also carries the title
    and the byline (the Export page's words: exports.citation)."""

    source_line: str
    data_as_of: str
    title: str = ""
    credit: str = ""
    lang: str = DEFAULT_LANGUAGE  # the words around them ("Data as of"): i18n's catalogues

    def data_as_of_text(self) -> str:
        return translate("data_as_of", self.lang, date=self.data_as_of)


def legend_html(lang: str = DEFAULT_LANGUAGE) -> str:
    """The map's legend in ``lang`` (i18n's catalogues; the definitions in its tooltips stay English),
    from templates/map_legend.html (autoescape: maps.templating)."""
    english = lang == DEFAULT_LANGUAGE
    return render_template(
        "map_legend.html",
        heading="Status" if english else translate("legend.heading", lang),
        heading_note="(furthest step)" if english else "",
        statuses=[
            {"definition": s.definition, "colour": s.colour, "label": translate(f"status.{s.key}", lang)}
            for s in STATUSES
        ],
        country_only_hint=LOCATION_PRECISIONS["country"],
        country_only=translate("legend.country_only", lang),
        group_hint=translate("legend.group_hint", lang),
        group=translate("legend.group", lang),
    ).strip()


def source_html(text: MapText, attribution: str) -> str:
    """The in-map source box: the data's source line and date (escaped), the basemap's credit
    (``attribution``: this module's own trusted HTML), from templates/map_source.html."""
    return render_template(
        "map_source.html", source_line=text.source_line, data_as_of=text.data_as_of_text(), attribution=attribution
    ).strip()


MapView = tuple[tuple[float, float], int]  # ((lat, lon), zoom), as view_for_places gives it


def make_base_map(
    tiles: str = "outline",
    assets: Assets | None = None,
    text: MapText | None = None,
    camera: bool = True,
    inline_basemap: dict[str, Any] | None = None,
    view: MapView | None = None,
    inline_places: dict[str, Any] | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> folium.Map:
    """The map without stations: outlines (or online tiles), legend, source line, camera button.

    ``inline_basemap`` and ``inline_places`` embed the outlines and the place names instead of
    fetching them (standalone HTML).
    ``view`` is where the map opens; None fits the world. ``lang``: the legend's and the source
    line's words (i18n).
    """
    assets = assets or Assets()
    if tiles not in TILE_CHOICES:
        raise ValueError(f"unknown basemap {tiles!r}; expected one of {', '.join(TILE_CHOICES)}")
    m = folium.Map(
        location=list(view[0]) if view else [30, 10],
        zoom_start=view[1] if view else 2,
        tiles=None,
        min_zoom=1,
        max_zoom=MAX_ZOOM,  # tiles=None needs it (Leaflet: "Map has no maxZoom specified")
        max_bounds=False,
        world_copy_jump=False,
        control_scale=True,
        prefer_canvas=False,  # SVG keeps the camera button's capture crisp
    )
    # Point folium's CDN defaults at the vendored copies (read by st_folium and by render()).
    m.default_js = assets.js
    m.default_css = assets.css
    online = TILE_CHOICES[tiles]
    if online is None:
        FetchedGeoJson(url=None if inline_basemap else assets.url(BASEMAP), data=inline_basemap).add_to(m)
        PlaceLabels(inline_places if inline_places is not None else assets.url(PLACES)).add_to(m)
        attribution = NATURAL_EARTH_ATTRIBUTION if lang == DEFAULT_LANGUAGE else translate("credit.outlines", lang)
    else:
        url, attribution = online
        folium.TileLayer(url, attr=attribution, name=TILE_LABELS[tiles], max_zoom=MAX_ZOOM).add_to(m)
    if view is None:
        west, south, east, north = WORLD_BOUNDS
        m.fit_bounds([[south, west], [north, east]])
    HtmlControl(legend_html(lang), "bottomright", "osm-legend").add_to(m)
    if text is not None:
        HtmlControl(source_html(text, attribution), "bottomleft", "osm-source").add_to(m)
    if camera:
        caption = None
        if text is not None:
            parts = [text.title, text.source_line, text.data_as_of_text(), text.credit]
            caption = " · ".join(p for p in parts if p)
        CameraButton(assets.camera_js, "overseas-stations-map", caption).add_to(m)
    return m


# Words the popup (static/js/stations-map.js) and the panel under the map (ui/panels.py) both
# write around the data: one definition, so the two say the same.
POPUP_WORDS = {
    "as_of": "as of",
    "latest": "Latest:",
    "bureau": "bureau",
    "since": "since",
    "listed": "Listed in:",
    "general": "(general)",
    "earlier": "earlier",
    "disagree": "Sources disagree",
    "versus": "vs",
    "sources": "Sources",
    "copy_of": "copy of",
    "accessed": "accessed",
    "archived": "archived copies:",
    "wayback": "Wayback",
    "archive_today": "archive.today",
    "gone": "page gone",
    "quote": "Quote",
    "quotes": "Quotes",
    "english": "English:",
    "no_quote": "No quote yet for:",
    "copy_link": "Copy link to this place",
    "link_copied": "Link copied",
    "copy_by_hand": "Select and copy the link below",
    "link_label": "Link to this place",
    "correct": "Suggest a correction",
    "loading": "Loading…",
    "failed": "The details of this place could not be loaded",
    "retry": "Try again",
    "close": "Close",
    "zoom_in": "zoom in",
    "group_of": "in",
    "around": "around",
    "touch_hint": "Two fingers move the map",
    "source_box": "Source",
    "map_shows": "The map shows",
}


# POPUP_WORDS' catalogue keys (i18n/catalogues): the same words in the newsroom's language. "quote"
# and "quotes" are popup.quote's forms for one and for several.
POPUP_WORD_KEYS = {
    "as_of": "popup.word.as_of",
    "latest": "popup.word.latest",
    "bureau": "popup.word.bureau",
    "since": "popup.word.since",
    "listed": "popup.word.listed",
    "general": "popup.general",
    "earlier": "popup.word.earlier",
    "disagree": "popup.disagreements",
    "versus": "popup.word.versus",
    "sources": "popup.sources",
    "copy_of": "popup.word.copy_of",
    "accessed": "popup.word.accessed",
    "archived": "popup.word.archived",
    "wayback": "popup.word.wayback",
    "archive_today": "archive.today",
    "gone": "archive.gone",
    "english": "popup.word.english",
    "no_quote": "popup.word.no_quote",
    "copy_link": "popup.copy_link",
    "link_copied": "popup.link_copied",
    "copy_by_hand": "popup.copy_fallback",
    "link_label": "popup.link_label",
    "correct": "popup.suggest_correction",
    "loading": "popup.loading",
    "failed": "popup.word.failed",
    "retry": "popup.word.retry",
    "close": "popup.word.close",
    "zoom_in": "popup.word.zoom_in",
    "group_of": "popup.word.group_of",
    "around": "popup.word.around",
    "touch_hint": "map.two_fingers",
    "source_box": "source.label",
    "map_shows": "popup.word.map_shows",
}
SECTION_TITLE_KEYS = {"reactions": "popup.reactions", "others": "popup.others", "china": "popup.china"}


def popup_words(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """POPUP_WORDS in ``lang`` (English: POPUP_WORDS itself, which the English catalogue repeats)."""
    if lang == DEFAULT_LANGUAGE:
        return dict(POPUP_WORDS)
    words = {name: translate(key, lang) for name, key in POPUP_WORD_KEYS.items()}
    # Counted nouns ("7 Stationen", "5 Orten"): one template per CLDR plural category, which the
    # renderer picks with the browser's Intl.PluralRules for ``lang`` (English keeps its own rule).
    counted = {
        f"count.{noun}.{category}": template
        for noun in ("stations", "places")
        for category, template in plural_forms(f"count.{noun}", lang).items()
    }
    return {
        **words,
        **counted,
        "lang": lang,
        "quote": translate("popup.quote", lang, count=1),
        "quotes": translate("popup.quote", lang, count=2),
    }


def section_titles(lang: str = DEFAULT_LANGUAGE) -> list[list[str]]:
    """The popup's sections as [key, title] in ``lang``, in SECTION_TITLES' order."""
    if lang == DEFAULT_LANGUAGE:
        return [[key, title] for key, title in SECTION_TITLES.items()]
    return [[key, translate(SECTION_TITLE_KEYS[key], lang)] for key in SECTION_TITLES]


@dataclass(frozen=True)
class RendererOptions:
    """Everything static/js/stations-map.js reads besides the view message and the atlas, serialised
    once (``to_json``) with these names as keys. The renderer checks that every required key is
    there and says which one is missing (console and map) rather than guessing a default.

    statuses: the status vocabulary in rank order (key, label, colour, text colour, definition).
    diameters: marker diameter in px for 1, 2, … stations (maps.style.marker_diameter); a larger
        count takes the last (the cap).
    section_titles: the popup sections as [key, title], in the order the view numbers them
        (loaders.aggregate.SECTION_TITLES, maps.payload.SECTION_KEYS).
    words: the words the popup writes around the data (POPUP_WORDS; the panel uses the same).
    max_refs: source references shown per station line before "(+N)".
    fold_after: events a popup section shows before folding the rest under "N earlier".
    cluster_above: from this many places on, markers are grouped more widely.
    atlas_url: where the browser fetches the atlas; null when it comes inline (the draw call's
        last argument).
    open_place: a shown place (position in the view) whose popup opens on the first drawing, or null.
    open_from_url: a standalone file opens the place its own address names (?place=NL:Amsterdam).
    sync_view: write the map's position into the app page's address (?view=lat,lon,zoom).
    correction_url: the "Suggest a correction" link of a place less its record's id: the renderer
        appends the URL-encoded place id (loaders.permalinks.correction_link puts ``record`` last);
        null where there is no app to send a correction to (a standalone file).
    fit: [[south, west], [north, east]], the box the browser frames once when this view is new
        (maps.opening: the places shown, a search pick, a linked place), or null: keep the view.
    fit_max_zoom: the closest zoom that framing may reach (a single place is not framed at street
        level), or null.
    """

    statuses: list[dict[str, str]]
    diameters: list[int]
    section_titles: list[list[str]]
    words: dict[str, str]
    max_refs: int
    fold_after: int
    cluster_above: int
    atlas_url: str | None
    open_place: int | None
    open_from_url: bool
    sync_view: bool
    correction_url: str | None
    fit: list[list[float]] | None = None
    fit_max_zoom: int | None = None

    def to_json(self) -> str:
        return script_json(asdict(self))


def renderer_options(
    atlas_url: str | None = None,
    *,
    open_place: int | None = None,
    open_from_url: bool = True,
    sync_view: bool = False,
    correction_url: str | None = None,
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None,
    fit_max_zoom: int | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> RendererOptions:
    """The renderer's options with the project's vocabulary, words and limits; ``lang``: the
    language of the status names, section titles and words (i18n's catalogues)."""
    return RendererOptions(
        statuses=statuses_payload(lang),
        diameters=marker_diameters(),
        section_titles=section_titles(lang),
        words=popup_words(lang),
        max_refs=MAX_REFS_PER_ITEM,
        fold_after=FOLD_AFTER,
        cluster_above=CLUSTER_ABOVE,
        atlas_url=atlas_url,
        open_place=open_place,
        open_from_url=open_from_url,
        sync_view=sync_view,
        correction_url=correction_url,
        fit=None if fit is None else [list(fit[0]), list(fit[1])],
        fit_max_zoom=fit_max_zoom,
    )


class StationsLayer(folium.FeatureGroup):
    """Every place as one layer, drawn in the browser by static/js/stations-map.js.

    The layer's script is one call with the view message (maps.payload), the renderer's options
    and, when the browser cannot fetch it (no built file: an upload, a standalone file), the atlas
    (maps.atlas) through the template's slot. The same data version and filters give the same
    text, so st_folium keeps the markers (and an open popup) across reruns, and swaps them in
    place when the filters change.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        OverseasStations.draw(
            {{ this._parent.get_name() }}, {{ this.get_name() }}, {{ this.view_json }}, {{ this.options_json }},
            {{ this.atlas_json }}
        );
        {% endmacro %}
        """
    )

    def __init__(self, view_json: str, options: RendererOptions, atlas_json: str | None = None):
        super().__init__(name="Stations")  # keeps folium's _name: st_folium adds the layer by that variable name
        if (atlas_json is None) == (options.atlas_url is None):
            raise ValueError("the atlas comes either inline or from atlas_url, exactly one of them")
        self.view_json = view_json
        self.options_json = options.to_json()
        self.atlas_json = atlas_json or "null"


def make_station_layer(
    dataset: Dataset,
    stations: gpd.GeoDataFrame,
    as_of: date | None = None,
    options: RendererOptions | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> StationsLayer:
    """The layer for ``stations`` (status as of ``as_of``) with the atlas inline (a standalone
    file, tests); the app builds its layer from cached parts (ui.mapview). ``lang``: the atlas's
    place names, event types and actor kinds (maps.atlas) and the default options' words."""
    atlas_text = script_json(atlas_payload(dataset, lang))
    digest = atlas_digest(atlas_text)
    places = aggregate_places(stations)
    positions = {pid: n for n, pid in enumerate(aggregate_places(dataset.stations)["place_id"])}
    view = view_payload(dataset, stations, places, as_of, positions, digest, lang=lang, standalone=True)
    return StationsLayer(script_json(view), options or renderer_options(lang=lang), atlas_text)


def marker_diameters() -> list[int]:
    """Marker diameters for 1, 2, … stations up to the first that reaches the cap."""
    sizes = [marker_diameter(1)]
    while marker_diameter(len(sizes) + 1) != sizes[-1] or marker_diameter(len(sizes) + 50) != sizes[-1]:
        sizes.append(marker_diameter(len(sizes) + 1))
    return sizes


TILE_PX = 256  # a Web Mercator tile at zoom 0 covers the world in 256 px


def view_for_places(
    places: gpd.GeoDataFrame, width_px: int = 900, height_px: int = 620, max_zoom: int = 9
) -> MapView | None:
    """(center (lat, lon), zoom) that shows every place in a map of that size; None for no places.

    Used to follow the filters (Netherlands -> the Netherlands, not the world) through
    st_folium's ``center``/``zoom``, which move the map without rebuilding it. One place, or
    places in one city, get ``max_zoom`` (city level, as "jump to a city" does).
    """
    extent = points_extent(places)
    if extent is None:
        return None
    minx, miny, maxx, maxy = extent
    center = ((miny + maxy) / 2, (minx + maxx) / 2)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(clamp_lat(lat)) / 2))

    pad = 1.3  # room for the markers' radius and their labels at the edges
    dx = (maxx - minx) / 360.0 * pad
    dy = (merc_y(maxy) - merc_y(miny)) / (2 * math.pi) * pad
    if dx <= 0 and dy <= 0:
        return center, max_zoom
    fits = [math.log2(size / (TILE_PX * span)) for size, span in ((width_px, dx), (height_px, dy)) if span > 0]
    return center, max(1, min(max_zoom, math.floor(min(fits))))
