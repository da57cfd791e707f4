"""Where every page gets its Dataset: the session's upload if there is one, else the server's data.

The server's data is loaded once per version (the cache key is the files' checksum). If the
files change and the new version cannot be loaded, whatever the reason (invalid data, or any
error while reading or building it), every session keeps the last valid version, the problems
are logged once and the About page lists them; fixed files are picked up on the next run,
without a restart. A process that has never loaded a valid version raises StationDataError
(app.py then shows its error page).

An upload lives in its session's state only, credited as its uploader says (``set_credit``).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from loaders import DEFAULT_DATA_PATH, DataProblem, Dataset, load_dataset
from loaders.credit import Credit
from loaders.dataset import data_checksum
from loaders.errors import StationDataError
from loaders.files import COMPANION_FILES
from loaders.upload import Upload
from ui.frame import md

LOG = logging.getLogger("overseas_stations")
_UPLOAD_KEY = "_uploaded_data"


def data_path() -> Path:
    """The stations file; OVERSEAS_STATIONS_DATA points the app at another copy (tests use it)."""
    override = os.environ.get("OVERSEAS_STATIONS_DATA")
    return Path(override) if override else DEFAULT_DATA_PATH


@st.cache_resource(show_spinner="Loading the stations…", max_entries=2)
def _load(path: str, checksum: str) -> Dataset:
    # Shared by every session: callers must treat it as read-only. ``checksum`` is only the
    # cache key, so an edited data file is picked up without a restart.
    del checksum
    return load_dataset(path)


@dataclass(frozen=True)
class StaleData:
    """The server's data files changed and did not validate: what is served instead, and why."""

    serving: Dataset  # the last valid version
    problems: list[DataProblem]
    since: datetime  # when this invalid version was first seen


@dataclass
class _ServerData:
    """Per process, per data path: the last valid version and the last invalid one seen."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    last_good: dict[str, Dataset] = field(default_factory=dict)
    failed: dict[str, tuple[str, StaleData | None, StationDataError]] = field(default_factory=dict)


@st.cache_resource
def _server_data() -> _ServerData:
    return _ServerData()


def _files(path: Path) -> list[Path]:
    return [path] + [path.parent / name for name in COMPANION_FILES.values()]


_CHECKSUMS: dict[tuple[tuple[str, int, int], ...], str] = {}  # files' (path, size, mtime) -> checksum


def _checksum(files: list[Path]) -> str:
    """The files' checksum, hashed again only when a file's size or modification time changed:
    every rerun asks, and hashing a newsroom's 40 MB file each time would cost every reader."""
    signature = tuple((str(f), (st := f.stat()).st_size, st.st_mtime_ns) for f in files)
    known = _CHECKSUMS.get(signature)
    if known is None:
        known = data_checksum(files)
        if len(_CHECKSUMS) > 16:
            _CHECKSUMS.clear()
        _CHECKSUMS[signature] = known
    return known


def server_dataset() -> Dataset:
    """The server's data: the current files if valid, else the last valid version this process
    loaded; raises StationDataError (every problem listed) if there never was one."""
    path = data_path()
    key = str(path)
    store = _server_data()
    try:
        missing = [f for f in _files(path) if not f.exists()]
        if missing:
            raise StationDataError.single(missing[0], "file not found")
        checksum = _checksum(_files(path))
    except OSError as exc:  # a file replaced or removed between the two looks
        checksum, error = "unreadable", StationDataError.single(path, f"cannot be read: {exc}")
    except StationDataError as exc:
        checksum, error = "missing", exc
    else:
        with store.lock:
            seen = store.failed.get(key)
        if seen is not None and seen[0] == checksum:  # the same invalid version: not validated again
            if seen[1] is None:
                raise seen[2]
            return seen[1].serving
        try:
            dataset = _load(key, checksum)
        except StationDataError as exc:
            error = exc
        except Exception as exc:  # any failure keeps every session on the last good version
            LOG.exception("loading the data at %s failed", key)
            error = StationDataError.single(path, f"could not be loaded ({type(exc).__name__}: {str(exc)[:200]})")
        else:
            with store.lock:
                store.last_good[key] = dataset
                if store.failed.pop(key, None) is not None:
                    LOG.warning("data at %s is valid again (version %s): serving it", key, dataset.checksum[:12])
            return dataset
    with store.lock:
        good = store.last_good.get(key)
        stale = StaleData(good, error.problems, datetime.now(UTC)) if good is not None else None
        if store.failed.get(key, ("",))[0] != checksum:  # log each invalid version once
            LOG.error(
                "data at %s changed and is invalid (%d problems); %s:\n%s",
                key,
                len(error.problems),
                f"serving the last valid version {good.checksum[:12]}" if good else "nothing valid to serve",
                "\n".join(f"- {p}" for p in error.problems),
            )
            store.failed[key] = (checksum, stale, error)
        else:
            stale = store.failed[key][1]
    if stale is None:
        raise error
    return stale.serving


def stale_data() -> StaleData | None:
    """If the server is serving its last valid version because the files are invalid: what and why."""
    seen = _server_data().failed.get(str(data_path()))
    return seen[1] if seen else None


def is_server_dataset(dataset: Dataset) -> bool:
    """True if ``dataset`` is a version of the server's data this process loaded (its outputs may be
    shared by every session); False for an upload, even one of the same files (credited otherwise)."""
    loaded = list(_server_data().last_good.values())
    return any(d is dataset or (d.checksum == dataset.checksum and d.credit == dataset.credit) for d in loaded)


def uploaded() -> Upload | None:
    """This session's uploaded data, if it has one."""
    value = st.session_state.get(_UPLOAD_KEY)
    return value if isinstance(value, Upload) else None


def use_upload(upload: Upload | None) -> None:
    """Show ``upload`` on every page of this session (None: back to the server's data)."""
    if upload is None:
        st.session_state.pop(_UPLOAD_KEY, None)
    else:
        st.session_state[_UPLOAD_KEY] = upload


def set_credit(credit: Credit) -> bool:
    """Credit this session's upload as its uploader says (title, source line, credit, licence);
    True if that changed it (the frame, drawn before the page, then needs a rerun)."""
    upload = uploaded()
    if upload is None or upload.dataset.credit == credit:
        return False
    st.session_state[_UPLOAD_KEY] = upload.with_credit(credit)
    return True


def get_dataset() -> Dataset:
    """The Dataset every page shows: this session's upload, or the server's data."""
    upload = uploaded()
    return upload.dataset if upload is not None else server_dataset()


def upload_banner() -> None:
    """On every page while an upload is shown: whose data this is, and the way back."""
    upload = uploaded()
    if upload is None:
        return
    text, button = st.columns([5, 1], vertical_alignment="center")
    # The file name is the uploader's text: escaped, so that it shows as written and never as Markdown.
    text.info(f"Showing your uploaded data — {md(upload.name)}", icon=":material/upload_file:")
    button.button("back to the bundled data", key="_back_to_bundled", on_click=use_upload, args=(None,))
