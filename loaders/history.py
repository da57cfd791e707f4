"""When each record entered the data or last changed, and what changed since a date.

data/history.json is written by scripts/record_history.py from the data's git history: for every
record (station, event, source, report, disagreement, keyed "kind:id" like data/unquoted.json) the
first commit that had it and the last that changed it, with their dates; the records removed; and
each data version (the app's 12-digit version, loaders.dataset.data_checksum) with its commit.
Dates are the commits' days (UTC) along the first-parent line: the day the record reached this
line of the data, which for merged work is the day of the merge.

``changes_since`` answers "what happened and what did the data learn since <date>": the events
dated after it, the stations whose status changed, and the records added, changed or removed
after it. Pure; nothing here runs git.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from .changelog import ChangelogEntry, entries_since
from .dataset import Dataset, with_status

HISTORY_PATH = Path(__file__).resolve().parent.parent / "data" / "history.json"
VERSION_DIGITS = 12  # as exports.citation.VERSION_DIGITS
# The data files in loaders.dataset.data_checksum's order, each with its record kind and list.
RECORD_FILES: dict[str, tuple[str, str]] = {
    "stations.geojson": ("station", "features"),
    "events.json": ("event", "events"),
    "sources.json": ("source", "sources"),
    "reports.json": ("report", "reports"),
    "disagreements.json": ("disagreement", "disagreements"),
}
KINDS = tuple(kind for kind, _ in RECORD_FILES.values())


@dataclass(frozen=True)
class Snapshot:
    """The data files as one commit had them (bytes, or None for a file it did not have)."""

    commit: str
    day: date
    files: Mapping[str, bytes | None]


def _record_id(kind: str, record: Mapping[str, Any]) -> str | None:
    value = (record.get("properties") or {}).get("id") if kind == "station" else record.get("id")
    return value if isinstance(value, str) and value else None


def record_digests(files: Mapping[str, bytes | None]) -> dict[str, str] | None:
    """ "kind:id" -> SHA-256 of the record's canonical JSON, for the files given; None if a file
    is not valid JSON (a commit in the middle of an edit: the caller keeps the previous state)."""
    out: dict[str, str] = {}
    for name, (kind, member) in RECORD_FILES.items():
        data = files.get(name)
        if data is None:
            continue
        try:
            doc = json.loads(data)
        except ValueError:
            return None
        for record in doc.get(member, []) if isinstance(doc, dict) else []:
            if not isinstance(record, dict):
                continue
            rid = _record_id(kind, record)
            if rid is None:
                continue
            canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            out[f"{kind}:{rid}"] = hashlib.sha256(canonical.encode()).hexdigest()
    return out


def data_version(files: Mapping[str, bytes | None]) -> str | None:
    """The app's version of these files (loaders.dataset.data_checksum, first 12 digits); None
    unless all five are there."""
    if any(files.get(name) is None for name in RECORD_FILES):
        return None
    digest = hashlib.sha256()
    for name in RECORD_FILES:
        digest.update(name.encode())
        digest.update(files[name] or b"")
    return digest.hexdigest()[:VERSION_DIGITS]


def build_history(snapshots: Iterable[Snapshot]) -> dict[str, Any]:
    """data/history.json's content from the snapshots, oldest first."""
    records: dict[str, dict[str, str]] = {}
    removed: dict[str, dict[str, str]] = {}
    versions: list[dict[str, str]] = []
    state: dict[str, str] = {}
    for snap in snapshots:
        digests = record_digests(snap.files)
        if digests is None:
            continue
        day = snap.day.isoformat()
        for key, digest in digests.items():
            if key not in records or key in removed:
                records[key] = {"first_seen": day, "first_commit": snap.commit}
                removed.pop(key, None)
            if state.get(key) != digest:
                records[key].update(last_changed=day, last_commit=snap.commit)
        for key in state.keys() - digests.keys():
            removed[key] = {"removed": day, "commit": snap.commit}
            records.pop(key, None)
        state = digests
        version = data_version(snap.files)
        if version and (not versions or versions[-1]["data_version"] != version):
            versions.append({"data_version": version, "date": day, "commit": snap.commit})
    return {
        "about": "When each record entered the data and last changed, from the data's git history (first-parent "
        "commits, days in UTC): written by scripts/record_history.py; do not edit by hand.",
        "versions": versions,
        "records": dict(sorted(records.items())),
        "removed": dict(sorted(removed.items())),
    }


def read_history(path: Path = HISTORY_PATH) -> dict[str, Any]:
    """data/history.json, or an empty history when there is none (an upload, a fresh export)."""
    if not path.exists():
        return {"versions": [], "records": {}, "removed": {}}
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class StatusChange:
    station_id: str
    before: str | None  # the status as of ``since``; None: not known then
    after: str
    event_id: str | None  # the event that set the new status


@dataclass(frozen=True)
class Changes:
    """What happened after ``since`` and what the data learned after it."""

    since: date
    events: pd.DataFrame  # rows of dataset.events dated after ``since``
    status_changes: list[StatusChange]
    added: list[str]  # "kind:id" of records that entered the data after ``since``
    changed: list[str]  # records there before ``since`` and changed after it
    removed: list[str]  # records taken out after ``since``
    changelog: list[ChangelogEntry] = field(default_factory=list)

    def ids(self, kind: str, which: Sequence[str] = ("added", "changed")) -> set[str]:
        """The ids of ``kind`` records in the lists named (added and changed by default)."""
        keys = [k for name in which for k in getattr(self, name)]
        return {k.split(":", 1)[1] for k in keys if k.startswith(f"{kind}:")}

    def stations_touched(self, dataset: Dataset) -> set[str]:
        """Stations to highlight: status changed, record added or changed, or concerned by a new event."""
        concerned = dataset.links[dataset.links["event_id"].isin(set(self.events["id"]))]["station_id"]
        return {c.station_id for c in self.status_changes} | self.ids("station") | set(concerned)


def _current_keys(dataset: Dataset) -> set[str]:
    keys = {f"station:{i}" for i in dataset.stations["id"]}
    keys |= {f"event:{i}" for i in dataset.events.loc[~dataset.events["derived"].astype(bool), "id"]}
    keys |= {f"source:{i}" for i in dataset.sources["id"]}
    keys |= {f"report:{i}" for i in dataset.reports["id"]}
    keys |= {f"disagreement:{d['id']}" for d in dataset.disagreements}
    return keys


def changes_since(
    dataset: Dataset,
    history: Mapping[str, Any],
    since: date,
    changelog: Sequence[ChangelogEntry] = (),
) -> Changes:
    """The events dated after ``since``, the status changes they made, and the records added,
    changed or removed after it; with the changelog's entries dated after it.

    An event dated to a month or a year counts from the last day of that period, as in the
    "as of" view: it is "after" ``since`` exactly when the as-of view of ``since`` leaves it out.
    A record the history does not know yet (edited after the history was last recorded) counts as
    added now.
    """
    events = dataset.events[dataset.events["end"] > since]
    before = with_status(dataset.stations, dataset.links, dataset.events, since).set_index("id")["status"]
    status_changes = [
        StatusChange(str(s["id"]), before.get(s["id"]), str(s["status"]), s.get("status_event"))
        for s in dataset.stations.to_dict("records")
        if before.get(s["id"]) != s["status"]
    ]
    records = history.get("records", {})
    day = since.isoformat()
    added, changed = [], []
    for key in sorted(_current_keys(dataset)):
        seen = records.get(key)
        if seen is None or seen["first_seen"] > day:
            added.append(key)
        elif seen["last_changed"] > day:
            changed.append(key)
    removed = sorted(k for k, r in history.get("removed", {}).items() if r["removed"] > day)
    return Changes(since, events, status_changes, added, changed, removed, entries_since(list(changelog), since))
