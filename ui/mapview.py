"""The interactive map: a base map built the same way every run, the stations as a swappable layer.

st_folium attaches the layer it is given to the map object (and keeps it there), so neither
is reused across runs: the base map is rebuilt (milliseconds) and the markers are rebuilt from
cached plain-data specs. An identical base map script keeps the same iframe, so filter changes
update the markers in place.
"""

from __future__ import annotations

from datetime import date

import folium
import geopandas as gpd
import streamlit as st

from loaders import Dataset, select_stations
from maps.build import MapText, MapView, MarkerSpec, layer_from_specs, make_base_map, marker_specs
from ui.frame import SOURCE_LINE, data_as_of

_OPENING_VIEW = "_map_opening_view"


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
    return make_base_map(tiles=tiles, text=MapText(SOURCE_LINE, data_as_of(dataset)), view=opening)


@st.cache_data(max_entries=64, show_spinner=False)
def _specs(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None) -> list[MarkerSpec]:
    del checksum  # cache key only (the dataset itself is not hashed)
    return marker_specs(_dataset, select_stations(_dataset, ids, as_of), as_of)


def station_layer(dataset: Dataset, stations: gpd.GeoDataFrame, as_of: date | None) -> folium.FeatureGroup:
    """The markers for ``stations``, from specs cached on what decides them: ids and as-of date."""
    return layer_from_specs(_specs(dataset, dataset.checksum, tuple(sorted(stations["id"])), as_of))
