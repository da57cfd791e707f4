"""The map page's search box over its own contents (loaders.search).

A text box (the reader types and presses Enter), then the matches, best first and already chosen:
the map frames what the best match names and opens its popup when it is one place; another match
is one click away. A bureau filters the map to its stations (the sidebar's Bureau filter).
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import streamlit as st

from loaders import Dataset
from loaders.search import SearchEntry, names_by_station, search, search_entries
from ui.caching import cached, dataset_key, store_for
from ui.filters import request_filter

QUERY_KEY = "find_text"
_CLEAR = "_find_clear"  # set when a pick was applied as a filter: the box starts empty on the next run


@cached
def _names(dataset: Dataset) -> Mapping[str, frozenset[str]]:
    return names_by_station(dataset)


def _entries(dataset: Dataset, view_key: tuple[tuple[str, str], ...], places: gpd.GeoDataFrame) -> list[SearchEntry]:
    """The search index of the view (``view_key`` names its places), once per data version and view:
    for every session on the server's data, in this session only for an upload (ui.caching)."""
    return store_for(dataset).get_or_compute(
        ("ui.search._entries", dataset_key(dataset), view_key),
        lambda: search_entries(dataset, places, _names(dataset)),
    )


def search_box(dataset: Dataset, places: gpd.GeoDataFrame, view_key: tuple[tuple[str, str], ...]) -> SearchEntry | None:
    """The box and its matches; returns the chosen entry (the map frames its places) or None (the
    map follows the filters). The index is built only once somebody searches."""
    if st.session_state.pop(_CLEAR, False):
        st.session_state[QUERY_KEY] = ""
    query = st.text_input(
        "Find on the map",
        key=QUERY_KEY,
        placeholder="A city, district, person, bureau…",
        help="A city or district, a country, a station id, a bureau (also 福州, 青田, 南通, 温州), or a person "
        "or organisation named in the records (police, ministry, court, defendant…). Press Enter.",
    )
    if not query.strip():
        return None
    hits = search(_entries(dataset, view_key, places), query)
    if not hits:
        st.caption("Nothing on the map matches.")
        return None
    chosen = st.selectbox(
        "Matches",
        hits,
        index=0,
        format_func=lambda e: e.text,
        key=f"find_hit:{query.strip()}",  # a new query starts at its best match
    )
    if chosen is not None and chosen.bureau is not None:
        # A bureau is a filter: the sidebar's Bureau filter takes it on the next run (ui.filters).
        request_filter("bureaus", (chosen.bureau,))
        st.session_state[_CLEAR] = True
        st.rerun()
    return chosen
