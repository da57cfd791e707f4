"""What every page shares: the current view (dataset + filters) and the footer."""

from __future__ import annotations

import re
import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import streamlit as st

from exports.citation import SOURCE_LINE
from exports.citation import data_as_of as citation_data_as_of
from loaders import Dataset, Filters, filter_stations
from loaders.credit import BUNDLED
from loaders.evidence import QuoteCoverage, dataset_quote_coverage
from loaders.filters import filters_to_query
from loaders.freshness import data_freshness, freshness_line
from ui.caching import cached

DATA_LICENCE = BUNDLED.licence  # the curated data's; a view's own is dataset.credit.licence
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


def filtered_stations(
    dataset: Dataset, checksum: str, key: tuple[tuple[str, str], ...], filters: Filters
) -> gpd.GeoDataFrame:
    """The stations a view shows, computed once per data version and filters (a 100 000-station
    file with an as-of date takes a second to derive): for every session when it is the server's
    data, for this session only when it is an upload (ui.caching). Read-only."""
    del checksum  # the cache's key has the dataset's version already
    return _filtered_stations(dataset, key, filters)


@cached
def _filtered_stations(dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters) -> gpd.GeoDataFrame:
    del key  # the filters' hashable form: Filters itself is the argument used
    return filter_stations(dataset, filters)


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


# GitHub-flavoured Markdown links "https://…", "www.…" and "a@b.org" found in plain text, escaped or
# not: an invisible zero-width space inside each keeps it text (the reader sees the same characters).
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\\?\.)|(?<=@)")


def md(text: object) -> str:
    """Text from outside (a link's values, a file's name, an uploader's words) made inert in
    Markdown: ui.panels.md's escapes, and no autolink either."""
    from ui.panels import md as escape  # ui.panels imports this module

    return _AUTOLINK.sub("\u200b", escape(text))


def lazy_expander(label: str, key: str) -> Any:
    """An expander whose contents are sent only once a reader opens it (opening reruns the page;
    write into it only ``if .open``), and that stays open when its label changes with the filters
    ("The 73 places…" → "The 2 places…": Streamlit makes that a new expander, which opens as the
    last one was)."""
    return st.expander(label, expanded=bool(st.session_state.get(key)), key=key, on_change="rerun")


def data_as_of(dataset: Dataset) -> str:
    return citation_data_as_of(dataset) or "unknown"


@cached
def _freshness_line(dataset: Dataset) -> str:
    return freshness_line(data_freshness(dataset))  # once per data version, not on every page view


@cached
def quote_coverage(dataset: Dataset) -> QuoteCoverage:
    """How many claims carry a quote (loaders.evidence), once per data version."""
    return dataset_quote_coverage(dataset)


def footer_text(dataset: Dataset) -> str:
    """The footer's words: who the data comes from (``dataset.credit``: an upload is credited as its
    uploader says, never to the bundled data's sources), its version and date, the licences."""
    credit = dataset.credit
    licence = f"data licence {credit.licence}" if credit.licence else "no data licence stated"
    words = (
        f"{credit.source_line}. {credit.compiled_by}. Data as of {data_as_of(dataset)} · "
        f"version {dataset.checksum[:12]} · {licence} · code licence {CODE_LICENCE}."
    )
    if credit.bundled:
        words += (
            " Attribution, not assertion: the stations are as reported; China says they are volunteer service centres."
        )
        return words
    return md(words)  # the uploader's words: shown as written, never as Markdown


def footer(dataset: Dataset | None) -> None:
    st.divider()
    if dataset is None:
        st.caption(f"{SOURCE_LINE}. Data licence {DATA_LICENCE}; code licence {CODE_LICENCE}.")
        return
    st.caption(footer_text(dataset))
    st.caption(_freshness_line(dataset))


# On a phone (Streamlit stacks columns below 640 px) the first screen must show the map: a smaller
# title, the four figures two by two in small type. Plain CSS, no script.
_PHONE_CSS = """
<style>
@media (max-width: 640px) {
  h1 { font-size: 1.45rem !important; line-height: 1.25 !important; padding-bottom: 0.2rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]):not(:has([data-testid="stHorizontalBlock"])) {
    flex-direction: row !important; flex-wrap: wrap !important; gap: 0.25rem 0.75rem !important;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]):not(:has([data-testid="stHorizontalBlock"]))
    > [data-testid="stColumn"] {
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
