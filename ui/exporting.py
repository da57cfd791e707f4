"""Cached wrappers around the pure exporters, keyed on what decides their output.

A re-render with the same data version, stations and options comes from the cache: a
journalist flipping between the preview and the download does not wait twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from exports import render_map_image, standalone_map_html
from loaders import Dataset, aggregate_places, select_stations


@st.cache_data(max_entries=32, show_spinner=False)
def map_image(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None, **options: Any) -> bytes:
    """``exports.render_map_image`` of these stations; ``options`` are its keyword arguments (part of the key)."""
    del checksum  # cache key only: the dataset itself is not hashed
    return render_map_image(aggregate_places(select_stations(_dataset, ids, as_of)), **options)


@st.cache_data(max_entries=8, show_spinner=False)
def standalone_html(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None, title: str) -> bytes:
    del checksum
    page = standalone_map_html(_dataset, select_stations(_dataset, ids, as_of), title=title, as_of=as_of)
    return page.encode("utf-8")
