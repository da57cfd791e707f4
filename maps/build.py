"""GeoDataFrame -> folium objects. Pure: no streamlit.

The base map is built the same way on every rerun, so streamlit-folium keeps its iframe;
the stations go in a separate FeatureGroup passed as ``feature_group_to_add`` and are
swapped in place when the filters change.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from loaders import (
    LOCATION_PRECISIONS,
    STATUS_BY_KEY,
    STATUSES,
    Dataset,
    aggregate_places,
    events_by_station,
    place_detail,
)

from .assets import BASEMAP, SCREENSHOTER, Assets
from .popup import place_popup_html, place_tooltip

WORLD_BOUNDS = [[-58.0, -170.0], [78.0, 190.0]]
MAX_ZOOM = 12  # city level is as precise as the data gets

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

    def __init__(self, js_url: str, file_name: str):
        super().__init__()
        self._name = "CameraButton"
        self.default_js = [("simple_map_screenshoter", js_url)]
        self.options = {
            "position": "topleft",
            "screenName": file_name,
            "mimeType": "image/png",
            "hideElementsWithSelectors": [".leaflet-control-container > .leaflet-top"],
        }


@dataclass(frozen=True)
class MapText:
    """Text burned into the map: the legend title and the source line."""

    source_line: str
    data_as_of: str


def legend_html() -> str:
    items = "".join(
        f'<div title="{s.definition}"><span style="display:inline-block;width:12px;height:12px;'
        f'border-radius:50%;background:{s.colour};border:1px solid #333;margin-right:6px;vertical-align:middle">'
        f"</span>{s.label}</div>"
        for s in STATUSES
    )
    hollow = (
        '<div title="' + LOCATION_PRECISIONS["country"] + '"><span style="display:inline-block;width:10px;height:10px;'
        'border-radius:50%;border:2px dashed #333;margin-right:6px;vertical-align:middle"></span>Country only</div>'
    )
    return (
        '<div style="background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px/1.5 sans-serif;'
        'box-shadow:0 1px 4px rgba(0,0,0,.3)"><b>Status</b> (furthest step)' + items + hollow + "</div>"
    )


def source_html(text: MapText, attribution: str) -> str:
    from .safe import escape_text

    return (
        '<div style="background:rgba(255,255,255,.92);padding:3px 6px;font:11px/1.4 sans-serif;max-width:420px">'
        f"{escape_text(text.source_line)} · Data as of {escape_text(text.data_as_of)} · {attribution}</div>"
    )


MapView = tuple[tuple[float, float], int]  # ((lat, lon), zoom), as view_for_places gives it


def make_base_map(
    tiles: str = "outline",
    assets: Assets | None = None,
    text: MapText | None = None,
    camera: bool = True,
    inline_basemap: dict[str, Any] | None = None,
    view: MapView | None = None,
) -> folium.Map:
    """The map without stations: outlines (or online tiles), legend, source line, camera button.

    ``inline_basemap`` embeds the outlines instead of fetching them (standalone HTML).
    ``view`` is where the map opens; None fits the world.
    """
    assets = assets or Assets()
    if tiles not in TILE_CHOICES:
        raise ValueError(f"unknown basemap {tiles!r}; expected one of {', '.join(TILE_CHOICES)}")
    m = folium.Map(
        location=list(view[0]) if view else [30, 10],
        zoom_start=view[1] if view else 2,
        tiles=None,
        min_zoom=1,
        max_zoom=MAX_ZOOM,  # MarkerCluster and tiles=None need it ("Map has no maxZoom specified")
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
        attribution = NATURAL_EARTH_ATTRIBUTION
    else:
        url, attribution = online
        folium.TileLayer(url, attr=attribution, name=TILE_LABELS[tiles], max_zoom=MAX_ZOOM).add_to(m)
    if view is None:
        m.fit_bounds(WORLD_BOUNDS)
    HtmlControl(legend_html(), "bottomright", "osm-legend").add_to(m)
    if text is not None:
        HtmlControl(source_html(text, attribution), "bottomleft", "osm-source").add_to(m)
    if camera:
        CameraButton(assets.url(SCREENSHOTER), "overseas-stations-map").add_to(m)
    return m


def _text_colour(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > 0.45 else "#fff"


def marker_diameter(count: int) -> int:
    """22 px for one station, growing with the square root of the count up to 56 px.

    Area proportional to the count would make Europe's clusters cover their neighbours;
    the number inside each marker gives the exact count.
    """
    return min(56, round(22 * math.sqrt(count) ** 0.8))


def marker_icon(count: int, status: str, precision: str) -> folium.DivIcon:
    colour = STATUS_BY_KEY[status].colour
    d = marker_diameter(count)
    if precision == "country":
        style = f"background:rgba(255,255,255,.85);color:#000;border:3px dashed {colour}"
    else:
        style = f"background:{colour};color:{_text_colour(colour)};border:1.5px solid #222"
    html = (
        f'<div class="osm-marker osm-{precision}" data-count="{count}" style="{style};width:{d}px;height:{d}px;'
        f"line-height:{d - 3}px;border-radius:50%;text-align:center;font:bold 12px sans-serif;"
        f'box-sizing:border-box;box-shadow:0 1px 3px rgba(0,0,0,.4)">{count}</div>'
    )
    return folium.DivIcon(html=html, icon_size=(d, d), icon_anchor=(d // 2, d // 2), class_name="osm-icon")


@dataclass(frozen=True)
class MarkerSpec:
    """Everything one marker needs, as plain data (cacheable, picklable)."""

    place_id: str
    lat: float
    lon: float
    count: int
    status: str
    precision: str
    popup_html: str
    tooltip_html: str


def marker_specs(dataset: Dataset, stations: gpd.GeoDataFrame, as_of: date | None = None) -> list[MarkerSpec]:
    """One spec per place (city, or country when only that is known) for ``stations``."""
    places = aggregate_places(stations)
    station_events = events_by_station(dataset, as_of)
    by_id = stations.set_index("id", drop=False).rename_axis(None)
    specs = []
    for place in places.itertuples(index=False):
        detail = place_detail(dataset, by_id.loc[place.station_ids], station_events, place.label)
        specs.append(
            MarkerSpec(
                place_id=place.place_id,
                lat=place.geometry.y,
                lon=place.geometry.x,
                count=place.count,
                status=place.status,
                precision=place.location_precision,
                popup_html=place_popup_html(detail, dataset, as_of),
                tooltip_html=place_tooltip(place.label, place.count, place.status),
            )
        )
    return specs


def layer_from_specs(specs: list[MarkerSpec]) -> folium.FeatureGroup:
    """A new FeatureGroup of markers (st_folium attaches it to the map it renders, so never reuse one)."""
    layer = folium.FeatureGroup(name="Stations")
    for spec in specs:
        marker = folium.Marker(
            location=[spec.lat, spec.lon],
            icon=marker_icon(spec.count, spec.status, spec.precision),
            popup=folium.Popup(spec.popup_html, max_width=440),
            tooltip=folium.Tooltip(spec.tooltip_html),
        ).add_to(layer)
        _fix_ids(marker, spec.place_id)
    return layer


def _fix_ids(element: Element, seed: str) -> None:
    """Give an element and everything in it ids derived from ``seed`` instead of random ones.

    st_folium redraws the markers whenever their script text changes; random ids (folium's
    popup HTML gets a fresh uuid per build) made every rerun, a marker click included, redraw
    them and close the popup the reader had just opened.
    """
    elements = _descendants(element)
    for n, child in enumerate(elements):
        child._id = hashlib.sha1(f"{seed}/{n}".encode()).hexdigest()[:32]
    for child in elements:  # templates name children by their key (e.g. a popup's html_<id> var)
        child._children = type(child._children)((c.get_name(), c) for c in child._children.values())


def _descendants(element: Element) -> list[Element]:
    out = [element]
    for child in [*element._children.values(), *(getattr(element, a, None) for a in ("header", "html", "script"))]:
        if isinstance(child, Element):
            out += _descendants(child)
    return out


def make_station_layer(dataset: Dataset, stations: gpd.GeoDataFrame, as_of: date | None = None) -> folium.FeatureGroup:
    """One marker per place for ``stations``, with popup and tooltip."""
    return layer_from_specs(marker_specs(dataset, stations, as_of))


TILE_PX = 256  # a Web Mercator tile at zoom 0 covers the world in 256 px


def view_for_places(
    places: gpd.GeoDataFrame, width_px: int = 900, height_px: int = 620, max_zoom: int = 9
) -> MapView | None:
    """(center (lat, lon), zoom) that shows every place in a map of that size; None for no places.

    Used to follow the filters (Netherlands -> the Netherlands, not the world) through
    st_folium's ``center``/``zoom``, which move the map without rebuilding it. One place, or
    places in one city, get ``max_zoom`` (city level, as "jump to a city" does).
    """
    points = places.geometry.dropna() if len(places) else places.geometry
    if len(points) == 0:
        return None
    minx, miny, maxx, maxy = (float(v) for v in points.total_bounds)
    center = ((miny + maxy) / 2, (minx + maxx) / 2)

    def merc_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    pad = 1.3  # room for the markers' radius and their labels at the edges
    dx = (maxx - minx) / 360.0 * pad
    dy = (merc_y(maxy) - merc_y(miny)) / (2 * math.pi) * pad
    if dx <= 0 and dy <= 0:
        return center, max_zoom
    fits = [math.log2(size / (TILE_PX * span)) for size, span in ((width_px, dx), (height_px, dy)) if span > 0]
    return center, max(1, min(max_zoom, math.floor(min(fits))))
