"""The interactive map: a stable base map, the stations as a swappable layer."""

from __future__ import annotations

from datetime import date

import folium
import geopandas as gpd
import streamlit as st

from loaders import Dataset, Filters, filter_stations
from maps.build import MapText, make_base_map, make_station_layer
from ui.frame import SOURCE_LINE, data_as_of


@st.cache_resource(max_entries=8)
def _base_map(tiles: str, checksum: str, as_of_text: str) -> folium.Map:
    del checksum  # cache key only
    return make_base_map(tiles=tiles, text=MapText(SOURCE_LINE, as_of_text))


def base_map_for(dataset: Dataset, tiles: str) -> folium.Map:
    """Built once per basemap choice and data version, so its script (and the iframe) stays the same."""
    return _base_map(tiles, dataset.checksum, data_as_of(dataset))


@st.cache_resource(max_entries=64)
def _station_layer(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None) -> folium.FeatureGroup:
    del checksum  # cache key only (the dataset itself is not hashed)
    stations = filter_stations(_dataset, Filters(as_of=as_of))
    return make_station_layer(_dataset, stations[stations["id"].isin(ids)], as_of)


def station_layer(dataset: Dataset, stations: gpd.GeoDataFrame, as_of: date | None) -> folium.FeatureGroup:
    """The markers for ``stations``, cached on what decides them: the ids and the as-of date."""
    return _station_layer(dataset, dataset.checksum, tuple(sorted(stations["id"])), as_of)
