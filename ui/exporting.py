"""Cached wrappers around the pure exporters, keyed on what decides their output.

A re-render with the same data version, stations and options comes from the cache: a
journalist flipping between the preview and the download does not wait twice.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from exports import Background, Bounds, ImageFormat, ImageText, Preset, render_map_image, standalone_map_html
from loaders import Dataset, Filters, aggregate_places, filter_stations


def _stations(dataset: Dataset, ids: tuple[str, ...], as_of: date | None):
    stations = filter_stations(dataset, Filters(as_of=as_of))
    return stations[stations["id"].isin(ids)]


@st.cache_data(max_entries=32, show_spinner=False)
def map_image(
    _dataset: Dataset,
    checksum: str,
    ids: tuple[str, ...],
    as_of: date | None,
    *,
    fmt: ImageFormat,
    preset: Preset,
    scale: int,
    background: Background,
    bounds: Bounds | None,
    text: ImageText,
    show_legend: bool,
) -> bytes:
    del checksum  # cache key only: the dataset itself is not hashed
    places = aggregate_places(_stations(_dataset, ids, as_of))
    return render_map_image(
        places,
        fmt=fmt,
        preset=preset,
        scale=scale,
        background=background,
        bounds=bounds,
        text=text,
        show_legend=show_legend,
    )


@st.cache_data(max_entries=8, show_spinner=False)
def standalone_html(_dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None, title: str) -> bytes:
    del checksum
    return standalone_map_html(_dataset, _stations(_dataset, ids, as_of), title=title, as_of=as_of).encode("utf-8")
