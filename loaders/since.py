"""What changed since a date, as the Map and Reactions pages list it and the map rings it. Pure.

``loaders.history.changes_since`` says what happened after a date (events, status changes) and what
the data learned after it (records added, corrected, removed). Here that is narrowed to a view (the
filtered stations and the events a page lists) and put in words: one item per event, status change
and record, each with the place on the map it concerns (or, for a source, its page), the places the
map highlights, and the CHANGELOG's sections for the data versions since.

A dataset without a history (an upload; data/history.json missing) has no "learned" part: without
it every record would look new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .aggregate import place_id
from .changelog import ChangelogEntry, read_changelog
from .dataset import Dataset
from .dates import display_date
from .filters import Filters, filter_events
from .history import changes_since, read_history
from .urls import http_url
from .vocab import STATUS_BY_KEY

HISTORY_FILE = "history.json"  # beside the data files (data/history.json for the bundled data)
CHANGELOG_FILE = "CHANGELOG.md"
_KIND_WORDS = {
    "station": "Station",
    "event": "Event",
    "source": "Source",
    "report": "Report",
    "disagreement": "Disagreement",
}


@dataclass(frozen=True)
class SinceItem:
    """One line of the "since" list. ``text`` is plain words from the data: whoever shows it escapes it."""

    day: str  # as displayed: the event's date, or the day the data learned the record ("" if unknown)
    text: str
    place_id: str | None = None  # the place on the map it concerns (the first, in reading order)
    url: str | None = None  # else an http(s) page (a source's own)
    key: str = ""  # "event:<id>", "station:<id>"…: what it is about
    when: str = ""  # the day as YYYY-MM-DD (the list's order); "" if unknown


@dataclass(frozen=True)
class SinceView:
    since: date
    happened: tuple[SinceItem, ...]  # events dated after ``since``, newest first
    status_changes: tuple[SinceItem, ...]  # stations whose status is not what it was on ``since``
    learned: tuple[SinceItem, ...]  # records added, corrected or removed after ``since``, newest first
    places: frozenset[str]  # the places to highlight on the map
    changelog: tuple[ChangelogEntry, ...]  # the CHANGELOG's sections dated after ``since``
    has_history: bool  # False: the data carries no history, so nothing is "learned"
    # The first day the data's history knows; a ``since`` before it cannot say what the data learned
    # then (every record would look new): the records are not listed, and the list says why.
    history_starts: date | None = None

    @property
    def learned_known(self) -> bool:
        return self.has_history and (self.history_starts is None or self.since >= self.history_starts)

    @property
    def label(self) -> str:
        """The words the map and the list say it with: "Changed since 1 Jan 2025"."""
        return f"Changed since {display_date(self.since.isoformat())}"

    def summary(self) -> str:
        """ "Since 1 Jan 2025: 3 events, 1 status change, 5 records added or corrected."""
        parts = [
            _count(len(self.happened), "event"),
            _count(len(self.status_changes), "status change"),
        ]
        if self.learned_known:
            parts.append(_count(len(self.learned), "record") + " added, corrected or removed")
        return f"Since {display_date(self.since.isoformat())}: " + ", ".join(parts) + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def history_path(dataset: Dataset) -> Path | None:
    """The history beside the dataset's files (data/history.json), or None (an upload has none)."""
    return dataset.files[0].parent / HISTORY_FILE if dataset.files else None


def read_since_sources(dataset: Dataset) -> tuple[dict[str, Any], list[ChangelogEntry]]:
    """The dataset's history and changelog, from beside its files; empty when there are none."""
    path = history_path(dataset)
    if path is None:
        return {"versions": [], "records": {}, "removed": {}}, []
    return read_history(path), read_changelog(path.parent / CHANGELOG_FILE)


def view_events(dataset: Dataset, filters: Filters, stations: gpd.GeoDataFrame) -> pd.DataFrame:
    """The events a view is about: the reactions and statements it lists (``filter_events``) and the
    reports' listings of its stations."""
    listed = set(filter_events(dataset, filters, stations)["id"])
    linked = set(dataset.links.loc[dataset.links["station_id"].isin(set(stations["id"])), "event_id"])
    events = dataset.events
    keep = events["id"].isin(listed) | (events["derived"].astype(bool) & events["id"].isin(linked))
    return events[keep]


def _station_places(stations: gpd.GeoDataFrame) -> dict[str, str]:
    """Station id -> its place id, for the placed stations, in reading order (as aggregate_places)."""
    placed = stations[stations["location_precision"].isin(["city", "country"]) & stations.geometry.notna()]
    placed = placed.sort_values(["country", "location_precision", "city", "id"], kind="stable")
    return {
        str(s["id"]): place_id(s["location_precision"], s["country_code"], s["city"])
        for s in placed[["id", "location_precision", "country_code", "city"]].to_dict("records")
    }


def since_view(
    dataset: Dataset,
    history: Mapping[str, Any],
    changelog: Sequence[ChangelogEntry],
    since: date,
    stations: gpd.GeoDataFrame,
    events: pd.DataFrame,
) -> SinceView:
    """What changed after ``since`` among ``stations`` (a view's, status as of its date) and
    ``events`` (the events the page lists: ``view_events``, or the Reactions page's choice)."""
    changes = changes_since(dataset, history, since, changelog)
    has_history = bool(history.get("records"))
    days = sorted(str(v.get("date", "")) for v in history.get("versions", []) if isinstance(v, Mapping))
    starts = date.fromisoformat(days[0]) if days and days[0] else None
    station_ids = set(stations["id"])
    places = _station_places(stations)
    order = {pid: n for n, pid in enumerate(dict.fromkeys(places.values()))}
    links = dataset.links[dataset.links["station_id"].isin(station_ids)]
    event_stations: dict[str, list[str]] = {}
    for eid, sid in zip(links["event_id"], links["station_id"], strict=True):
        event_stations.setdefault(eid, []).append(sid)

    def first_place(sids: Iterable[str]) -> str | None:
        found = [places[s] for s in sids if s in places]
        return min(found, key=lambda p: order[p]) if found else None

    listed = set(events["id"])
    after = changes.events[changes.events["id"].isin(listed)]
    after = after.sort_values(["end", "sort_key", "id"], ascending=[False, False, True], kind="stable")
    happened = tuple(
        SinceItem(
            str(e["date_shown"]),
            _event_words(e),
            first_place(event_stations.get(e["id"], [])),
            None,
            f"event:{e['id']}",
        )
        for e in after.to_dict("records")
    )
    events_by_id = {e["id"]: e for e in dataset.events.to_dict("records")}
    by_station = {str(s["id"]): s for s in stations[["id", "bureau", "city", "country"]].to_dict("records")}
    status_changes = tuple(
        SinceItem(
            str(events_by_id[c.event_id]["date_shown"]) if c.event_id in events_by_id else "",
            f"{_station_words(by_station[c.station_id])}: {_status_words(c.before)} → {_status_words(c.after)}",
            places.get(c.station_id),
            None,
            f"station:{c.station_id}",
        )
        for c in changes.status_changes
        if c.station_id in by_station
    )
    learned: list[SinceItem] = []
    touched = {c.station_id for c in changes.status_changes} | {
        s for e in after["id"] for s in event_stations.get(e, [])
    }
    if has_history and (starts is None or since >= starts):
        records = history.get("records", {})
        cited = _cited_sources(stations, events)
        reports = {r for listed_in in stations["reports"] for r in listed_in or ()}
        for which in ("added", "changed"):
            for key in getattr(changes, which):
                kind, rid = key.split(":", 1)
                place = places.get(rid) if kind == "station" else first_place(event_stations.get(rid, []))
                item = _record_item(dataset, which, kind, rid, records.get(key), by_station, events_by_id, place)
                if item is None:
                    continue
                if kind == "station" and rid not in station_ids:
                    continue
                if kind == "event" and rid not in listed:
                    continue
                if (kind == "source" and rid not in cited) or (kind == "report" and rid not in reports):
                    continue
                learned.append(item)
                if kind == "station":
                    touched.add(rid)
                elif kind == "event":
                    touched.update(event_stations.get(rid, []))
        for key in changes.removed:
            kind, rid = key.split(":", 1)
            day = str(history.get("removed", {}).get(key, {}).get("removed", ""))
            words = f"{_KIND_WORDS.get(kind, kind.title())} {rid} removed from the data"
            learned.append(SinceItem(display_date(day) if day else "", words, None, None, key, day))
        # Newest first; a record the history does not know yet (edited since it was recorded) on top.
        learned.sort(key=lambda i: (i.when or "9999-12-31", i.key), reverse=True)
    return SinceView(
        since,
        happened,
        status_changes,
        tuple(learned),
        frozenset(places[s] for s in touched if s in places),
        tuple(changes.changelog),
        has_history,
        starts,
    )


def _cited_sources(stations: gpd.GeoDataFrame, events: pd.DataFrame) -> set[str]:
    cited = {sid for ids in stations["sources"] for sid in ids or ()}
    return cited | {sid for ids in events["sources"] for sid in ids or ()}


def _event_words(event: Mapping[str, Any]) -> str:
    return f"{event['type_label']} · {event['actor']}: {event['summary']}"


def _station_words(station: Mapping[str, Any]) -> str:
    where = station["city"] if isinstance(station["city"], str) and station["city"] else None
    country = station["country"] if isinstance(station["country"], str) else ""
    place = ", ".join(p for p in (where, country) if p)
    return (
        f"{station['bureau']} bureau station "
        + (f"in {place}" if place else "placed by no source")
        + f" ({station['id']})"
    )


def _status_words(key: str | None) -> str:
    return STATUS_BY_KEY[key].label if key in STATUS_BY_KEY else "not yet public"


def _record_item(
    dataset: Dataset,
    which: str,
    kind: str,
    rid: str,
    record: Mapping[str, Any] | None,
    stations: Mapping[str, Mapping[str, Any]],
    events: Mapping[str, Mapping[str, Any]],
    place: str | None,
) -> SinceItem | None:
    """A record the data learned after the date, in words: "Station … added", "Source “…” corrected";
    ``place``: the place of a station, or the first of an event's."""
    verb = "added" if which == "added" else "corrected"
    when = str(record["first_seen"] if which == "added" else record["last_changed"]) if record else ""
    day = display_date(when) if when else ""
    key = f"{kind}:{rid}"

    def item(text: str, place: str | None = None, url: str | None = None) -> SinceItem:
        return SinceItem(day, text, place, url, key, when)

    if kind == "station":
        if rid not in stations:
            return None
        return item(f"{_station_words(stations[rid])} {verb}", place)
    if kind == "event":
        event = events.get(rid)
        if event is None:
            return None
        return item(f"Event {verb}: {event['date_shown']} · {_event_words(event)}", place)
    if kind == "source":
        if rid not in dataset.sources.index:
            return None
        src = dataset.sources.loc[rid]
        return item(f"Source {verb}: {src['publisher']}, “{src['title']}”", None, http_url(src["url"]))
    if kind == "report":
        if rid not in dataset.reports.index:
            return None
        return item(f"Report {verb}: {dataset.reports.loc[rid, 'title']}")
    if kind == "disagreement":
        subject = next((d.get("subject") for d in dataset.disagreements if d.get("id") == rid), rid)
        return item(f"Disagreement {verb}: {subject}")
    return None
