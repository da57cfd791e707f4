"""The interactive map: a base map built the same way every run, the stations as one layer.

Nothing here writes a file. What the browser draws comes in two parts (maps.atlas, maps.payload):

- the atlas (per data version): serialised once per version, and fetched by the browser from
  ``static/build/`` when ``make assets`` built exactly that file before the server started (a
  read-only deployment keeps this fast path); otherwise it travels inline in the layer's script;
- the view message (per data version and filters, as-of date included): a few KB, the layer's
  script, so st_folium swaps the markers in place when the filters or the time slider move.

The server's data is cached per process for every session (bounded in bytes); an upload's
atlas and views are kept in its own session (dropped with it, never shared).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import folium
import geopandas as gpd
import streamlit as st

from exports.citation import TITLE
from loaders import Dataset, Filters, aggregate_places, status_mix
from loaders.permalinks import correction_link, place_link
from maps.atlas import atlas_digest, atlas_payload, built_atlas_url
from maps.build import MapText, MapView, StationsLayer, make_base_map, renderer_options
from maps.payload import script_json, view_payload
from ui.data import uploaded
from ui.frame import SOURCE_LINE, data_as_of, filtered_stations, filters_key
from ui.panels import md, md_url

_OPENING_VIEW = "_map_opening_view"
_SESSION_CACHE = "_map_session_cache"
CAMERA_CREDIT = "Map: Overseas Stations Map (CC BY 4.0 data)"
SHARED_CACHE_BYTES = 256 * 1024 * 1024  # view messages of the server's data, all sessions together
SESSION_CACHE_ENTRIES = 8  # an upload's atlas and last views, per session
SKIP_TARGET = "after-the-map"
T = TypeVar("T")


@dataclass(frozen=True)
class Atlas:
    """The atlas of one data version as the app serves it."""

    text: str  # script-safe JSON (maps.payload.script_json)
    digest: str
    url: str | None  # the built file's URL when static/build/ holds exactly this text
    places: dict[str, int]  # place id -> position in the atlas's places

    @property
    def nbytes(self) -> int:
        return len(self.text)


class ByteLRU:
    """A thread-safe least-recently-used cache bounded by the total size of its values."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Any, make: Callable[[], T], size: Callable[[T], int]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
        value = make()  # outside the lock: one session's heavy work never blocks another's lookups
        nbytes = size(value)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, nbytes)
                self.size += nbytes
            while self.size > self.max_bytes and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value


@st.cache_resource(show_spinner=False)
def _shared_cache() -> ByteLRU:
    return ByteLRU(SHARED_CACHE_BYTES)


def _cached(dataset: Dataset, key: Any, make: Callable[[], T], size: Callable[[T], int]) -> T:
    """``make()`` cached per ``key``: in this session for an upload, else for every session."""
    upload = uploaded()
    if upload is not None and upload.dataset is dataset:
        store = st.session_state.setdefault(_SESSION_CACHE, OrderedDict())
        if key not in store:
            store[key] = make()
            while len(store) > SESSION_CACHE_ENTRIES:
                store.popitem(last=False)
        store.move_to_end(key)
        return store[key]
    return _shared_cache().get_or_make(key, make, size)


def atlas_for(dataset: Dataset) -> Atlas:
    """The atlas of the data version, serialised once, and the built file's URL if it matches."""

    def make() -> Atlas:
        text = script_json(atlas_payload(dataset))
        digest = atlas_digest(text)
        places = aggregate_places(dataset.stations)["place_id"]
        return Atlas(text, digest, built_atlas_url(text, digest), {pid: n for n, pid in enumerate(places)})

    return _cached(dataset, ("atlas", dataset.checksum), make, lambda a: a.nbytes)


@st.cache_resource(max_entries=256, show_spinner=False)
def places_of(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters
) -> gpd.GeoDataFrame:
    """One row per place of the view's stations (read-only)."""
    return aggregate_places(filtered_stations(_dataset, checksum, key, _filters))


def view_json(dataset: Dataset, filters: Filters) -> str:
    """The view message (maps.payload) for the filters, as script-safe JSON."""
    key = filters_key(filters)

    def make() -> str:
        atlas = atlas_for(dataset)
        stations = filtered_stations(dataset, dataset.checksum, key, filters)
        places = places_of(dataset, dataset.checksum, key, filters)
        return script_json(view_payload(dataset, stations, places, filters.as_of, atlas.places, atlas.digest))

    return _cached(dataset, ("view", dataset.checksum, key), make, len)


@st.cache_resource(max_entries=256, show_spinner=False)
def places_table(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters, limit: int
) -> str:
    """The places on the map as a Markdown table (its text alternative), once per data version and
    filters; each place's name links to it (the map opens on it with its popup and panel)."""
    stations = filtered_stations(_dataset, checksum, key, _filters)
    places = places_of(_dataset, checksum, key, _filters)
    status = stations["status"]
    rows = [
        f"| [{md(p.label)}]({md_url(place_link(None, _filters, p.place_id))}) | {p.count} "
        f"| {md(status_mix(status.loc[p.members]))} |"
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


def station_layer(dataset: Dataset, filters: Filters, open_place: int | None = None) -> StationsLayer:
    """The stations layer for the view: the cached view message, the atlas by URL when built (else
    inline); ``open_place`` (a row of the view's places) opens with its popup open, as a shared
    link to it asks."""
    atlas = atlas_for(dataset)
    options = renderer_options(
        atlas.url,
        open_place=open_place,
        sync_view=True,
        correction_url=correction_link(st.context.url, "place:", dataset.checksum),
    )
    return StationsLayer(view_json(dataset, filters), options, None if atlas.url else atlas.text)


_SKIP_CSS = (
    "<style>.osm-skip{position:absolute;left:-9999px}"
    ".osm-skip:focus{position:static;left:auto;display:inline-block;padding:2px 6px;background:#fff;"
    "outline:2px solid #1a73e8}</style>"
)


def skip_map_link() -> None:
    """A "Skip the map" link before the map (shown when focused): a keyboard reader jumps past the
    markers' Tab stops to what follows the map (``after_the_map``)."""
    st.markdown(f'{_SKIP_CSS}<a class="osm-skip" href="#{SKIP_TARGET}">Skip the map</a>', unsafe_allow_html=True)


def after_the_map() -> None:
    """Where "Skip the map" lands: focusable, so the next Tab continues after the map."""
    st.markdown(f'<div id="{SKIP_TARGET}" tabindex="-1"></div>', unsafe_allow_html=True)
