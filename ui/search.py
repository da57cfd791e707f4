"""The map page's search box over its own contents (loaders.search)."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from loaders import Dataset
from loaders.search import SearchEntry, search, search_entries

SINGLE_BOX_LIMIT = 3000  # entries; more would make every rerun send a long option list


@st.cache_resource(max_entries=64, show_spinner=False)
def _entries(
    _dataset: Dataset, checksum: str, view_key: tuple[tuple[str, str], ...], _places: gpd.GeoDataFrame
) -> list[SearchEntry]:
    del checksum, view_key  # cache key only
    return search_entries(_dataset, _places)


def search_box(dataset: Dataset, places: gpd.GeoDataFrame, view_key: tuple[tuple[str, str], ...]) -> SearchEntry | None:
    """A box that suggests places, countries, station ids, bureaus and actors as the reader types;
    returns the chosen entry (the map jumps to its places) or None (the map follows the filters)."""
    label = "Find on the map"
    helptext = "A city, country, station id, bureau or the name of an actor (police, ministry, court…)."
    if len(places) <= SINGLE_BOX_LIMIT // 4:  # a few entries per place: one box with every suggestion
        entries = _entries(dataset, dataset.checksum, view_key, places)
        return st.selectbox(
            label,
            entries,
            index=None,
            format_func=lambda e: e.text,
            placeholder="Type a city, country, bureau…",
            help=helptext,
            key="find",
        )
    # Many places: a text box, and the index built only once somebody searches.
    query = st.text_input(label, key="find_text", placeholder="Type a city, country, bureau…", help=helptext)
    hits = search(_entries(dataset, dataset.checksum, view_key, places), query) if query else []
    if query and not hits:
        st.caption("Nothing on the map matches.")
    return st.selectbox("Matches", hits, index=None, format_func=lambda e: e.text, key="find_hit") if hits else None
