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
from maps.build import MapText, MarkerSpec, layer_from_specs, make_base_map, marker_specs
from ui.frame import SOURCE_LINE, data_as_of


def base_map_for(dataset: Dataset, tiles: str) -> folium.Map:
    return make_base_map(tiles=tiles, text=MapText(SOURCE_LINE, data_as_of(dataset)))


@st.cache_data(max_entries=64, show_spinner=False)
def _specs(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None) -> list[MarkerSpec]:
    del checksum  # cache key only (the dataset itself is not hashed)
    return marker_specs(_dataset, select_stations(_dataset, ids, as_of), as_of)


def station_layer(dataset: Dataset, stations: gpd.GeoDataFrame, as_of: date | None) -> folium.FeatureGroup:
    """The markers for ``stations``, from specs cached on what decides them: ids and as-of date."""
    return layer_from_specs(_specs(dataset, dataset.checksum, tuple(sorted(stations["id"])), as_of))
