"""Load the validated data into frames: stations (GeoDataFrame), events, sources, reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from .countries import country_name
from .dates import date_sort_key, display_date, parse_partial_date
from .errors import StationDataError
from .read import RawData, read_raw
from .status import DerivedStatus, StatusEvent, derive_status
from .validation import validate_raw
from .vocab import ACTOR_KINDS, EVENT_TYPES, STATUS_BY_KEY

DEFAULT_DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "stations.geojson"

STATION_COLUMNS = [
    "id",
    "city",
    "country_code",
    "country",
    "location_precision",
    "bureau",
    "reports",
    "origin",
    "sources",
    "note",
    "evidence",
]


@dataclass(frozen=True)
class Dataset:
    """Everything the app shows, validated.

    ``stations`` has one row per station with its status derived over all events;
    ``links`` says which event concerns which station (one row per pair), so an event
    that concerns many stations is still one row of ``events``.
    """

    stations: gpd.GeoDataFrame
    events: pd.DataFrame
    links: pd.DataFrame
    sources: pd.DataFrame
    reports: pd.DataFrame
    disagreements: list[dict[str, Any]]
    checksum: str
    data_as_of: date | None
    files: list[Path] = field(default_factory=list)

    def status_events(self) -> dict[str, list[StatusEvent]]:
        """Station id -> the events that concern it, in the form derive_status takes."""
        merged = self.links.merge(self.events, left_on="event_id", right_on="id")
        out: dict[str, list[StatusEvent]] = {sid: [] for sid in self.stations["id"]}
        for row in merged.itertuples(index=False):
            out[row.station_id].append(StatusEvent(row.event_id, row.type, row.date, row.end))
        return out


def data_checksum(paths: list[Path]) -> str:
    """SHA-256 over the data files' bytes, in order: the cache key of the UI layer."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_stations(path: Path | str = DEFAULT_DATA_PATH) -> gpd.GeoDataFrame:
    """The stations file as a GeoDataFrame (EPSG:4326), unvalidated; unplaced stations have no geometry."""
    raw = read_raw(path)
    return _stations_frame(raw.stations)


def _stations_frame(doc: dict[str, Any]) -> gpd.GeoDataFrame:
    rows = []
    geoms = []
    for feature in doc.get("features", []):
        props = dict(feature.get("properties") or {})
        props.setdefault("note", None)
        props.setdefault("evidence", [])
        props["country"] = country_name(props["country_code"]) if props.get("country_code") else None
        rows.append({c: props.get(c) for c in STATION_COLUMNS})
        geometry = feature.get("geometry")
        geoms.append(Point(geometry["coordinates"]) if geometry else None)
    frame = pd.DataFrame(rows, columns=STATION_COLUMNS)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def _events_frame(raw: RawData, stations: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    events: list[dict[str, Any]] = []
    links: list[tuple[str, str]] = []
    # A report's listing is derived here rather than stored as an event, so that the
    # stations' "reports" field is the only place that says which report listed what.
    for report in raw.reports["reports"]:
        listed = [sid for sid, reps in zip(stations["id"], stations["reports"], strict=True) if report["id"] in reps]
        eid = f"report-{report['id']}"
        events.append(
            {
                "id": eid,
                "date": report["published"],
                "type": "reported",
                "actor": report["publisher"],
                "actor_country": None,
                "actor_kind": "ngo",
                "summary": f"{report['publisher']} listed the station in its report “{report['title']}”.",
                "sources": list(report["sources"]),
                "evidence": [],
                "stations": listed,
                "countries": [],
                "global": False,
                "derived": True,
            }
        )
        links.extend((eid, sid) for sid in listed)
    by_country: dict[str, list[str]] = {}
    for sid, code in zip(stations["id"], stations["country_code"], strict=True):
        if code:
            by_country.setdefault(code, []).append(sid)
    all_ids = list(stations["id"])
    for event in raw.events["events"]:
        row = {
            "id": event["id"],
            "date": event["date"],
            "type": event["type"],
            "actor": event["actor"],
            "actor_country": event.get("actor_country"),
            "actor_kind": event["actor_kind"],
            "summary": event["summary"],
            "sources": list(event["sources"]),
            "evidence": list(event.get("evidence", [])),
            "stations": list(event.get("stations", [])),
            "countries": list(event.get("countries", [])),
            "global": bool(event.get("global", False)),
            "derived": False,
        }
        events.append(row)
        concerned = set(row["stations"])
        for code in row["countries"]:
            concerned.update(by_country.get(code, []))
        if row["global"]:
            concerned.update(all_ids)
        links.extend((row["id"], sid) for sid in sorted(concerned))
    frame = pd.DataFrame(events)
    parsed = [parse_partial_date(d) for d in frame["date"]]
    frame["start"] = [p.start for p in parsed]
    frame["end"] = [p.end for p in parsed]
    frame["precision"] = [p.precision for p in parsed]
    frame["date_shown"] = [display_date(d) for d in frame["date"]]
    frame["type_label"] = [EVENT_TYPES[t][0] for t in frame["type"]]
    frame["actor_kind_label"] = [ACTOR_KINDS[k][0] for k in frame["actor_kind"]]
    frame["actor_group"] = [ACTOR_KINDS[k][1] for k in frame["actor_kind"]]
    # A year or a month sorts after the dated events of that period (see date_sort_key).
    frame["sort_key"] = [date_sort_key(d) for d in frame["date"]]
    frame = frame.sort_values(["sort_key", "id"], kind="stable").reset_index(drop=True)
    link_frame = pd.DataFrame(links, columns=["event_id", "station_id"]).drop_duplicates()
    return frame, link_frame.reset_index(drop=True)


def with_status(
    stations: gpd.GeoDataFrame, status_events: dict[str, list[StatusEvent]], as_of: date | None
) -> gpd.GeoDataFrame:
    """Stations known by ``as_of`` (all if None) with status columns derived as of then."""
    derived: dict[str, DerivedStatus | None] = {
        sid: derive_status(status_events.get(sid, []), as_of) for sid in stations["id"]
    }
    known = stations[[derived[sid] is not None for sid in stations["id"]]].copy()
    statuses = [derived[sid] for sid in known["id"]]
    known["status"] = [s.key for s in statuses]  # type: ignore[union-attr]
    known["status_label"] = [STATUS_BY_KEY[s.key].label for s in statuses]  # type: ignore[union-attr]
    known["status_since"] = [s.since for s in statuses]  # type: ignore[union-attr]
    known["status_event"] = [s.event_id for s in statuses]  # type: ignore[union-attr]
    first = {sid: min((e.known_from for e in evs), default=None) for sid, evs in status_events.items()}
    known["first_known"] = [first.get(sid) for sid in known["id"]]
    return known


def load_dataset(path: Path | str = DEFAULT_DATA_PATH, today: date | None = None) -> Dataset:
    """Read and validate the data; raise StationDataError listing every problem."""
    raw = read_raw(path)
    problems = validate_raw(raw, today)
    if problems:
        raise StationDataError(problems)
    stations = _stations_frame(raw.stations)
    events, links = _events_frame(raw, stations)
    sources = pd.DataFrame(raw.sources["sources"])
    for column in ("language", "copy_of", "note"):
        if column not in sources:
            sources[column] = None
    reports = pd.DataFrame(raw.reports["reports"])
    dataset = Dataset(
        stations=stations,
        events=events,
        links=links,
        sources=sources.set_index("id", drop=False),
        reports=reports.set_index("id", drop=False),
        disagreements=list(raw.disagreements["disagreements"]),
        checksum=data_checksum(raw.files),
        data_as_of=max((parse_partial_date(a).end for a in sources["accessed"]), default=None),
        files=raw.files,
    )
    stations_with_status = with_status(stations, dataset.status_events(), None)
    return Dataset(**{**dataset.__dict__, "stations": stations_with_status})


def load_stations(path: Path | str = DEFAULT_DATA_PATH, today: date | None = None) -> gpd.GeoDataFrame:
    """Read + validate; the stations GeoDataFrame (EPSG:4326) with derived status columns."""
    return load_dataset(path, today).stations
