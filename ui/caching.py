"""The UI's one cache: what is derived from the server's data is shared by every session, in a
cache bounded in bytes; what is derived from a session's upload lives in that session's state and
goes with it (issue 14: an upload never reaches a process-wide cache that outlives its session).

``@cached`` wraps a function whose first argument is a Dataset; its other arguments (hashable)
and the dataset's checksum and credit are the key:

    @cached
    def filtered_stations(dataset: Dataset, key: tuple, filters: Filters) -> gpd.GeoDataFrame: ...

``store_for(dataset)`` gives the store itself, for work done outside the script's thread (a
download button's deferred callable runs on another thread, with no session state to look up).
Entries are read-only for their callers. Streamlit's own ``st.cache_data``/``st.cache_resource``
are process-wide: use them only for what no upload reaches.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from loaders import Dataset

P = ParamSpec("P")
R = TypeVar("R")

SHARED_MAX_BYTES = 768 * 2**20  # the server's data: filtered frames, downloads and images of every session
SESSION_MAX_BYTES = 256 * 2**20  # one session's upload: the same, for that session only
SESSION_KEY = "_session_cache"


def sizeof(value: Any) -> int:
    """Roughly what ``value`` holds in memory, in bytes (frames: their columns, deeply)."""
    if isinstance(value, bytes | bytearray | str):
        return len(value) + 64
    if isinstance(value, pd.DataFrame | pd.Series):
        usage = value.memory_usage(index=True, deep=True)
        return int(usage.sum() if isinstance(usage, pd.Series) else usage)
    nbytes = getattr(value, "nbytes", None)  # numpy arrays; ui.mapview.Atlas
    if isinstance(nbytes, int):
        return nbytes + 64
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(sizeof(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(sizeof(k) + sizeof(v) for k, v in value.items())
    return sys.getsizeof(value)


class Store:
    """A least-recently-used cache bounded in bytes; thread-safe, and each key computed once at a
    time (a second caller of the same key waits for the first instead of doing the work again)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._entries)

    def get_or_compute(self, key: Hashable, compute: Callable[[], R]) -> R:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._entries:
                    return self._entries[key][0]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            self.put(key, value)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        size = sizeof(value)
        with self._lock:
            if key in self._entries:
                self.bytes -= self._entries.pop(key)[1]
            if size > self.max_bytes:  # larger than the whole cache: computed, handed out, not kept
                return
            self._entries[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


SHARED = Store(SHARED_MAX_BYTES)


def store_for(dataset: Dataset) -> Store:
    """The shared store for the server's data, else this session's own (made on first use)."""
    from ui.data import is_server_dataset  # ui.data imports nothing of this module's users

    if is_server_dataset(dataset):
        return SHARED
    store = st.session_state.get(SESSION_KEY)
    if not isinstance(store, Store):
        store = st.session_state[SESSION_KEY] = Store(SESSION_MAX_BYTES)
    return store


def dataset_key(dataset: Dataset) -> tuple[str, Hashable]:
    """What identifies a dataset's outputs: its version, and who it is credited to."""
    return (dataset.checksum, dataset.credit)


def cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache ``fn(dataset, *args, **kwargs)`` in ``store_for(dataset)``, keyed on the function,
    the dataset's checksum and credit, and the other arguments (which must be hashable)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        dataset = args[0]
        assert isinstance(dataset, Dataset), f"{fn.__qualname__}: the first argument is the Dataset"
        key = (fn.__module__, fn.__qualname__, dataset_key(dataset), args[1:], tuple(sorted(kwargs.items())))
        return store_for(dataset).get_or_compute(key, lambda: fn(*args, **kwargs))

    return wrapper
