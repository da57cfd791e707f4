"""Load the dataset once per data version (the cache key is the files' checksum)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from loaders import DEFAULT_DATA_PATH, Dataset, load_dataset
from loaders.dataset import data_checksum
from loaders.errors import StationDataError
from loaders.read import COMPANION_FILES


def data_path() -> Path:
    """The stations file; OVERSEAS_STATIONS_DATA points the app at another copy (tests use it)."""
    import os

    override = os.environ.get("OVERSEAS_STATIONS_DATA")
    return Path(override) if override else DEFAULT_DATA_PATH


@st.cache_resource(show_spinner="Loading the stations…", max_entries=2)
def _load(path: str, checksum: str) -> Dataset:
    # Shared by every session: callers must treat it as read-only. ``checksum`` is only the
    # cache key, so an edited data file is picked up without a restart.
    del checksum
    return load_dataset(path)


def get_dataset() -> Dataset:
    """The validated dataset; raises StationDataError (every problem listed) if it is not valid."""
    path = data_path()
    files = [path] + [path.parent / name for name in COMPANION_FILES.values()]
    missing = [f for f in files if not f.exists()]
    if missing:
        raise StationDataError.single(missing[0], "file not found")
    return _load(str(path), data_checksum(files))
