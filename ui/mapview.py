"""The interactive map: a base map built the same way every run, the stations as one layer.

Nothing here writes a file. What the browser draws comes in two parts (maps.atlas, maps.payload):

- the atlas (per data version): serialised once per version, and fetched by the browser from
  ``static/build/`` when ``make assets`` built exactly that file before the server started (a
  read-only deployment keeps this fast path); otherwise it travels inline in the layer's script;
- the view message (per data version and filters, as-of date included): a few KB, the layer's
  script, so st_folium swaps the markers in place when the filters or the time slider move.

Both are cached with ui.caching.cached: the server's data's for every session (bounded in bytes),
an upload's in its own session only (dropped with it, never shared).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import folium
import geopandas as gpd
import streamlit as st

from loaders import STATUS_BY_KEY, Dataset, Filters, aggregate_places, status_counts, status_mix
from loaders.permalinks import correction_link, place_link
from maps.assets import Assets, built_map_bundle
from maps.atlas import atlas_digest, atlas_payload, built_atlas_url
from maps.build import MapText, MapView, StationsLayer, make_base_map, renderer_options
from maps.payload import script_json, view_payload
from ui.caching import cached
from ui.frame import data_as_of, filtered_stations, filters_key
from ui.panels import md, md_url

_OPENING_VIEW = "_map_opening_view"
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


@cached
def atlas_for(dataset: Dataset) -> Atlas:
    """The atlas of the data version, serialised once, and the built file's URL if it matches."""
    text = script_json(atlas_payload(dataset))
    digest = atlas_digest(text)
    places = aggregate_places(dataset.stations)["place_id"]
    return Atlas(text, digest, built_atlas_url(text, digest), {pid: n for n, pid in enumerate(places)})


def places_of(dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], filters: Filters) -> gpd.GeoDataFrame:
    """One row per place of the view's stations (read-only)."""
    del checksum  # the cache's key has the dataset's version already
    return _places_of(dataset, key, filters)


@cached
def _places_of(dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters) -> gpd.GeoDataFrame:
    return aggregate_places(filtered_stations(dataset, dataset.checksum, key, filters))


def view_json(dataset: Dataset, filters: Filters, since: date | None = None) -> str:
    """The view message (maps.payload) for the filters, as script-safe JSON; with ``since``, the
    places that changed after that date are flagged (ui.since.map_since)."""
    return _view_json(dataset, filters_key(filters), filters, since)


@cached
def _view_json(dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, since: date | None) -> str:
    from ui.since import map_since  # ui.since draws with ui.frame, as this module does

    atlas = atlas_for(dataset)
    stations = filtered_stations(dataset, dataset.checksum, key, filters)
    places = places_of(dataset, dataset.checksum, key, filters)
    changes = map_since(dataset, filters, since) if since is not None else None
    changed = (changes.label, changes.places) if changes is not None else None
    return script_json(view_payload(dataset, stations, places, filters.as_of, atlas.places, atlas.digest, changed))


def places_table(
    dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], filters: Filters, limit: int
) -> str:
    """The places on the map as a Markdown table (its text alternative), once per data version and
    filters; each place's name links to it (the map opens on it with its popup and panel)."""
    del checksum  # the cache's key has the dataset's version already
    return _places_table(dataset, key, filters, limit)


@cached
def _places_table(dataset: Dataset, key: tuple[tuple[str, str], ...], _filters: Filters, limit: int) -> str:
    stations = filtered_stations(dataset, dataset.checksum, key, _filters)
    places = places_of(dataset, dataset.checksum, key, _filters)
    status = stations["status"]
    rows = [
        f"| [{md(p.label)}]({md_url(place_link(None, _filters, p.place_id))}) | {p.count} "
        f"| {md(status_mix(status.loc[p.members]))} |"
        for p in places.head(limit).itertuples()
    ]
    more = f"\n\n…and {len(places) - limit} more: the Stations page lists them all." if len(places) > limit else ""
    return "| Place | Stations | Status |\n|---|---|---|\n" + "\n".join(rows) + more


def camera_credit(licence: str) -> str:
    """The byline of the camera button's PNG: the app, and the data's licence when one is stated."""
    return "Map: Overseas Stations Map" + (f" ({licence} data)" if licence else "")


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
    credit = dataset.credit  # an upload's own title, source and licence (loaders.credit)
    text = MapText(credit.source_line, data_as_of(dataset), title=credit.title, credit=camera_credit(credit.licence))
    # One script for the iframe when `make assets` has built it (maps.assets.MAP_SCRIPTS).
    return make_base_map(tiles=tiles, text=text, view=opening, assets=Assets(bundle=built_map_bundle()))


def station_layer(
    dataset: Dataset,
    filters: Filters,
    open_place: int | None = None,
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None,
    fit_max_zoom: int | None = None,
    since: date | None = None,
) -> StationsLayer:
    """The stations layer for the view: the cached view message, the atlas by URL when built (else
    inline); ``open_place`` (a row of the view's places) opens with its popup open, as a shared
    link to it asks; ``fit`` (maps.opening) is the box the browser frames when it is new; ``since``: the places
    changed after that date are ringed."""
    atlas = atlas_for(dataset)
    options = renderer_options(
        atlas.url,
        open_place=open_place,
        sync_view=True,
        correction_url=correction_link(st.context.url, "place:", dataset.checksum),
        fit=fit,
        fit_max_zoom=fit_max_zoom,
    )
    return StationsLayer(view_json(dataset, filters, since), options, None if atlas.url else atlas.text)


_SKIP_CSS = (
    "<style>.osm-skip{position:absolute;left:-9999px}"
    ".osm-skip:focus{position:static;left:auto;display:inline-block;padding:2px 6px;background:#fff;"
    "outline:2px solid #1a73e8}</style>"
)


def skip_map_link() -> None:
    """A "Skip the map" link before the map (shown when focused): a keyboard reader jumps past the
    markers' Tab stops to what follows the map (``after_the_map``)."""
    # st.html, not Markdown with HTML: that would make every reader's browser load and run an HTML
    # parser for Markdown (Streamlit's rehype-raw) before the map.
    st.html(f'{_SKIP_CSS}<a class="osm-skip" href="#{SKIP_TARGET}">Skip the map</a>')


def after_the_map() -> None:
    """Where "Skip the map" lands: focusable, so the next Tab continues after the map."""
    st.html(f'<div id="{SKIP_TARGET}" tabindex="-1"></div>')


@dataclass(frozen=True)
class MapFigures:
    """What the Map page says beside and under the map, for one data version and filters."""

    stations: str  # "7 of 114"
    cities: str
    countries: str
    unplaced: int
    status_list: str  # Markdown
    unplaced_list: str  # Markdown; empty when every station is placed


def map_figures(dataset: Dataset, filters: Filters, limit: int) -> MapFigures:
    """The page's figures and lists, once per data version and filters (ui.caching), not on every run."""
    return _map_figures(dataset, filters_key(filters), filters, limit)


@cached
def _map_figures(dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, limit: int) -> MapFigures:
    stations = filtered_stations(dataset, dataset.checksum, key, filters)
    places = places_of(dataset, dataset.checksum, key, filters)
    every = dataset.stations
    unplaced = stations[stations["location_precision"] == "unplaced"]
    lines = [
        f"- `{md(row.id)}` · {md(row.bureau)} bureau · listed in {md(', '.join(row.reports) or 'no report')}"
        + (f" · _{md(row.note)}_" if isinstance(row.note, str) and row.note.strip() else "")
        for row in unplaced.head(limit).itertuples()
    ]
    more = f"\n\n…and {len(unplaced) - limit} more: Stations page." if len(unplaced) > limit else ""
    return MapFigures(
        stations=f"{len(stations)} of {len(every)}",
        cities=f"{int((places['location_precision'] == 'city').sum())} of {every['city'].nunique()}",
        countries=f"{stations['country_code'].nunique()} of {every['country_code'].nunique()}",
        unplaced=len(unplaced),
        status_list="**Status** (furthest step)\n\n"
        + "\n".join(f"- {STATUS_BY_KEY[k].label}: {n}" for k, n in status_counts(stations)),
        unplaced_list="\n".join(lines) + more if lines else "",
    )
