"""What every page shares: the current view (dataset + filters) and the footer."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st

from exports.citation import SOURCE_LINE
from exports.citation import data_as_of as citation_data_as_of
from loaders import Dataset, Filters, filter_stations
from loaders.filters import filters_to_query
from loaders.freshness import data_freshness, freshness_line

DATA_LICENCE = "CC BY 4.0"
CODE_LICENCE = "MIT"


@dataclass(frozen=True)
class View:
    dataset: Dataset
    filters: Filters
    stations: gpd.GeoDataFrame  # filtered, status as of filters.as_of
    description: str


_VIEW_KEY = "_current_view"
_IN_FRAME = "_in_frame"  # True while app.py runs a page; a page run by itself sees it False
APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


def filters_key(filters: Filters) -> tuple[tuple[str, str], ...]:
    """A small hashable key for the filters (what a shared link carries)."""
    return tuple(sorted(filters_to_query(filters).items()))


@st.cache_resource(max_entries=256, show_spinner=False)
def filtered_stations(
    _dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], _filters: Filters
) -> gpd.GeoDataFrame:
    """The stations a view shows, computed once per data version and filters for every session
    (a 100 000-station file with an as-of date takes a second to derive). Read-only."""
    del checksum, key  # cache key only
    return filter_stations(_dataset, _filters)


def set_view(dataset: Dataset, filters: Filters, description: str) -> View:
    stations = filtered_stations(dataset, dataset.checksum, filters_key(filters), filters)
    view = View(dataset, filters, stations, description)
    st.session_state[_VIEW_KEY] = view
    return view


@contextmanager
def in_frame() -> Iterator[None]:
    """Mark the page that app.py runs as run inside the frame (see current_view)."""
    st.session_state[_IN_FRAME] = True
    try:
        yield
    finally:
        st.session_state[_IN_FRAME] = False


def current_view() -> View:
    """The view app.py prepared for this run (pages never load or filter data themselves).

    A page script run without app.py (Streamlit's legacy pages/ mode on a fresh server's first
    run; see ui/navigation.py) runs app.py instead: it draws the frame, sets the view and runs
    this same page through st.navigation; then this outer run stops.
    """
    if not st.session_state.get(_IN_FRAME):  # app.py sets the view before it marks the page in frame
        runpy.run_path(str(APP_PATH), run_name="__main__")
        st.stop()
    return st.session_state[_VIEW_KEY]


def data_as_of(dataset: Dataset) -> str:
    return citation_data_as_of(dataset) or "unknown"


@st.cache_resource(max_entries=8, show_spinner=False)
def _freshness_line(_dataset: Dataset, checksum: str) -> str:
    del checksum  # cache key only: once per data version, not on every page view
    return freshness_line(data_freshness(_dataset))


def footer(dataset: Dataset | None) -> None:
    st.divider()
    if dataset is None:
        st.caption(f"{SOURCE_LINE}. Data licence {DATA_LICENCE}; code licence {CODE_LICENCE}.")
        return
    st.caption(
        f"{SOURCE_LINE}. Compiled by the Overseas Stations Map team from public sources; every fact links to "
        f"its source. Data as of {data_as_of(dataset)} · version {dataset.checksum[:12]} · "
        f"data licence {DATA_LICENCE} · code licence {CODE_LICENCE}. "
        "Attribution, not assertion: the stations are as reported; China says they are volunteer service centres."
    )
    st.caption(_freshness_line(dataset, dataset.checksum))


# On a phone (Streamlit stacks columns below 640 px) the first screen must show the map: a smaller
# title, the four figures two by two in small type. Plain CSS, no script.
_PHONE_CSS = """
<style>
@media (max-width: 640px) {
  h1 { font-size: 1.45rem !important; line-height: 1.25 !important; padding-bottom: 0.2rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {
    flex-direction: row !important; flex-wrap: wrap !important; gap: 0.25rem 0.75rem !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    min-width: 44% !important; flex: 1 1 44% !important; width: auto !important;
  }
  .st-key-time_controls [data-testid="stHorizontalBlock"] {
    flex-direction: row !important; flex-wrap: nowrap !important; gap: 0.25rem !important;
  }
  .st-key-time_controls [data-testid="stColumn"] { min-width: 0 !important; width: auto !important; }
  .st-key-time_controls [data-testid="stColumn"]:has(button) { flex: 0 0 auto !important; }
  .st-key-time_controls [data-testid="stColumn"]:has([data-testid="stSlider"]) { flex: 1 1 auto !important; }
  [data-testid="stMetricValue"] { font-size: 1.05rem !important; }
  [data-testid="stMetricLabel"] { font-size: 0.75rem !important; }
  .block-container, [data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
}
</style>
"""


def page_style() -> None:
    """The app's few style rules (phone layout, icons kept out of the text), added without taking space."""
    from ui.navigation import ICON_CSS

    st.html(_PHONE_CSS + ICON_CSS)
