"""The interactive map: a base map built the same way every run, the stations as one layer.

What the data version and the filters decide is computed once per process and shared by every
session (``st.cache_resource``; callers treat the results as read-only):

- the places payload (a JSON string, a few dozen bytes a place), keyed on data checksum + filters;
- the details payload (every station, event, source once), keyed on checksum + as-of date and
  written once as a static file that browsers fetch after the first paint and may cache. Where
  static/ cannot be written (a read-only deployment), the details go inline instead.

st_folium keeps its iframe while the base map's script is unchanged, and swaps the layer in
place when the layer's script changes (a filter change).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st

from exports.citation import TITLE
from loaders import Dataset, Filters, aggregate_places, status_mix
from maps.assets import STATIC_DIR, Assets
from maps.build import MapText, MapView, StationsLayer, make_base_map, renderer_options
from maps.payload import INLINE_PLACES_BYTES, details_payload, places_payload, script_json
from ui.frame import SOURCE_LINE, data_as_of, filtered_stations, filters_key
from ui.panels import md

_OPENING_VIEW = "_map_opening_view"
CAMERA_CREDIT = "Map: Overseas Stations Map (CC BY 4.0 data)"
DETAILS_DIR = "cache"  # under static/, served at /app/static/cache/ (git-ignored)
_log = logging.getLogger("overseas_stations")


@st.cache_resource(max_entries=256, show_spinner=False)
def places_of(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters
) -> gpd.GeoDataFrame:
    """One row per place of the view's stations (read-only)."""
    return aggregate_places(filtered_stations(_dataset, checksum, key, _filters))


@st.cache_resource(max_entries=256, show_spinner=False)
def _places_json(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters
) -> tuple[str | None, str]:
    """(URL of the places file when it is too large to inline and could be written, the JSON)."""
    text = script_json(places_payload(_dataset, places_of(_dataset, checksum, key, _filters)))
    if len(text) <= INLINE_PLACES_BYTES:
        return None, text
    return _static_file("places", text), text


@st.cache_resource(max_entries=32, show_spinner=False)
def _details(_dataset: Dataset, checksum: str, as_of: date | None) -> tuple[str | None, str]:
    """(URL of the details file, or None if it could not be written; the details JSON)."""
    text = script_json(details_payload(_dataset, as_of))
    return _static_file("details", text), text


def _static_file(kind: str, text: str) -> str | None:
    """Write ``text`` once under static/cache/, named by its content; its URL, or None when static/
    cannot be written (a read-only deployment: the caller sends the text inline instead).

    Named by content: a new data version or payload format is a new file, and a browser may keep
    any file it fetched. The oldest files go beyond MAX_CACHE_FILES (filter combinations add up).
    """
    digest = hashlib.sha256(text.encode()).hexdigest()[:20]
    name = f"{kind}-{digest}.json"
    folder = STATIC_DIR / DETAILS_DIR
    try:
        folder.mkdir(exist_ok=True)
        target = folder / name
        if not target.exists():
            _write_atomically(target, text)
            _prune(folder)
    except OSError as exc:
        _log.warning("map %s not written to %s (%s); sending them inline", kind, folder, exc)
        return None
    return Assets().url(f"{DETAILS_DIR}/{name}")


MAX_CACHE_FILES = 512


def _write_atomically(target: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
    os.replace(tmp.name, target)  # readers never see half a file


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda f: f.stat().st_mtime)
    for old in files[:-MAX_CACHE_FILES]:
        old.unlink(missing_ok=True)


@st.cache_resource(max_entries=256, show_spinner=False)
def places_table(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters, limit: int
) -> str:
    """The places on the map as a Markdown table (its text alternative), once per data version and filters."""
    stations = filtered_stations(_dataset, checksum, key, _filters)
    places = places_of(_dataset, checksum, key, _filters)
    status = stations["status"]
    rows = [
        f"| {md(p.label)} | {p.count} | {md(status_mix(status.loc[p.members]))} |"
        for p in places.head(limit).itertuples()
    ]
    more = f"\n\n…and {len(places) - limit} more: the Stations page lists them all." if len(places) > limit else ""
    return "| Place | Stations | Status |\n|---|---|---|\n" + "\n".join(rows) + more


def base_map_for(dataset: Dataset, tiles: str, wanted: MapView | None) -> folium.Map:
    """The base map, opening at the first view this session asked for (a shared link to the
    Netherlands opens on the Netherlands). Later views move it through st_folium's center/zoom,
    so the base map, and the iframe, stay the same for the whole session. st_folium moves the map
    only when center/zoom differ from what it was last sent, so a rerun (a marker click) leaves
    the reader's panning alone."""
    opened_tiles, opening = st.session_state.get(_OPENING_VIEW, (None, None))
    if opened_tiles != tiles:  # first run, or another basemap: the iframe is new anyway
        opening = wanted
        st.session_state[_OPENING_VIEW] = (tiles, opening)
    text = MapText(SOURCE_LINE, data_as_of(dataset), title=TITLE, credit=CAMERA_CREDIT)
    return make_base_map(tiles=tiles, text=text, view=opening)


def station_layer(
    dataset: Dataset,
    filters: Filters,
    open_place: int | None = None,
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None,
    fit_max_zoom: int | None = None,
) -> StationsLayer:
    """The stations layer for the view: cached places, details by URL (or inline); ``open_place``
    (a row of the view's places) opens with its popup open, as a shared link to it asks; ``fit``
    (maps.opening) is the box the browser frames when it is new."""
    key = filters_key(filters)
    places_url, places_json = _places_json(dataset, dataset.checksum, key, filters)
    url, details_json = _details(dataset, dataset.checksum, filters.as_of)
    options = renderer_options(details_url=url) if url else renderer_options(details={})
    options.update(open=open_place, syncView=True)
    if fit is not None:
        options.update(fit=[list(fit[0]), list(fit[1])], fitMaxZoom=fit_max_zoom)
    if places_url:
        options["placesUrl"] = places_url
    layer = StationsLayer("null" if places_url else places_json, options)
    if url is None:  # inline: splice the cached JSON text in rather than re-serialising it
        layer.options_json = layer.options_json.replace('"details":{}', f'"details":{details_json}', 1)
    return layer
