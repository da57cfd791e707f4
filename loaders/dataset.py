"""Load the validated data into frames: stations (GeoDataFrame), events, sources, reports."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from .credit import BUNDLED, Credit
from .dates import date_sort_key, display_date, parse_partial_date
from .errors import StationDataError
from .files import RawData, read_raw
from .geography import country_name
from .rules import validate_raw
from .schemas import schema
from .status import StatusEvent, derive_statuses, first_known
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
# Properties of data/schema/stations.schema.json that the frame leaves out, each with its reason
# (none yet). tests/unit/test_schema.py fails on a schema property that is neither a column nor here.
STATION_PROPERTIES_LEFT_OUT: dict[str, str] = {}


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
    credit: Credit = BUNDLED  # who the data comes from (an upload: what the uploader says)

    def with_credit(self, credit: Credit) -> Dataset:
        """The same data credited otherwise (an upload's title, source, credit and licence)."""
        return Dataset(**{**self.__dict__, "credit": credit})

    def status_events(self, ids: Iterable[str] | None = None) -> dict[str, list[StatusEvent]]:
        """Station id -> the events that concern it, in the form derive_status takes (for the
        stations ``ids``, or all: a loop, fine for a place's few stations, slow for 100 000)."""
        wanted = list(self.stations["id"]) if ids is None else list(ids)
        links = self.links if ids is None else self.links[self.links["station_id"].isin(set(wanted))]
        merged = links.merge(self.events, left_on="event_id", right_on="id")
        out: dict[str, list[StatusEvent]] = {sid: [] for sid in wanted}
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


def _report_events(raw: RawData, stations: gpd.GeoDataFrame) -> list[tuple[dict[str, Any], list[str]]]:
    """Each report's listing as an event, with the stations it listed.

    Derived here rather than stored as an event, so that the stations' "reports" field is the only
    place that says which report listed what."""
    out = []
    for report in raw.reports["reports"]:
        listed = [sid for sid, reps in zip(stations["id"], stations["reports"], strict=True) if report["id"] in reps]
        event = {
            "id": f"report-{report['id']}",
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
        out.append((event, listed))
    return out


def _recorded_events(raw: RawData, stations: gpd.GeoDataFrame) -> list[tuple[dict[str, Any], list[str]]]:
    """The data's events, each with the stations it concerns: all of them for a general event,
    else those it names and those of the countries it names (each station once)."""
    by_country: dict[str, list[str]] = {}
    for sid, code in zip(stations["id"], stations["country_code"], strict=True):
        if code:
            by_country.setdefault(code, []).append(sid)
    all_ids = list(stations["id"])
    out = []
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
        if row["global"]:
            concerned = all_ids
        else:
            named = set(row["stations"])
            for code in row["countries"]:
                named.update(by_country.get(code, []))
            concerned = sorted(named)
        out.append((row, concerned))
    return out


def _with_derived_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates parsed and shown, labels of the vocabulary, sorted: a year or a month sorts after the
    dated events of that period (see date_sort_key)."""
    parsed = [parse_partial_date(d) for d in frame["date"]]
    frame["start"] = [p.start for p in parsed]
    frame["end"] = [p.end for p in parsed]
    frame["precision"] = [p.precision for p in parsed]
    frame["date_shown"] = [display_date(d) for d in frame["date"]]
    frame["type_label"] = [EVENT_TYPES[t][0] for t in frame["type"]]
    frame["actor_kind_label"] = [ACTOR_KINDS[k][0] for k in frame["actor_kind"]]
    frame["actor_group"] = [ACTOR_KINDS[k][1] for k in frame["actor_kind"]]
    frame["sort_key"] = [date_sort_key(d) for d in frame["date"]]
    return frame.sort_values(["sort_key", "id"], kind="stable").reset_index(drop=True)


def _events_frame(raw: RawData, stations: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events (the reports' listings, then the data's) and which stations each concerns."""
    pairs = _report_events(raw, stations) + _recorded_events(raw, stations)
    frame = _with_derived_columns(pd.DataFrame([event for event, _ in pairs]))
    # Built as two columns at once: a 100 000-station file links ~1.6 million pairs. Each list holds a
    # station once and each event is listed once, so no pair repeats.
    lengths = [len(ids) for _, ids in pairs]
    link_frame = pd.DataFrame(
        {
            "event_id": np.repeat(np.array([event["id"] for event, _ in pairs], dtype=object), lengths),
            "station_id": np.array([sid for _, ids in pairs for sid in ids], dtype=object),
        }
    )
    return frame, link_frame


def with_status(
    stations: gpd.GeoDataFrame, links: pd.DataFrame, events: pd.DataFrame, as_of: date | None
) -> gpd.GeoDataFrame:
    """Stations known by ``as_of`` (all if None) with status columns derived as of then
    (``derive_status``'s rule, computed for all stations at once by ``derive_statuses``)."""
    derived = derive_statuses(links, events, as_of)
    known = stations[stations["id"].isin(derived.index)].copy()
    rows = derived.reindex(known["id"])
    known["status"] = rows["status"].to_numpy(dtype=object)
    known["status_label"] = [STATUS_BY_KEY[s].label for s in known["status"]]
    known["status_since"] = rows["status_since"].to_numpy(dtype=object)
    known["status_event"] = rows["status_event"].to_numpy(dtype=object)
    known["first_known"] = first_known(links, events).reindex(known["id"]).to_numpy(dtype=object)
    return known


def _columns_of(records: list[dict[str, Any]], schema_name: str) -> list[str]:
    """Every field of ``records``, and of the schema's records, so that an empty list has columns too."""
    declared = list(schema(schema_name)["properties"][schema_name]["items"]["properties"])
    return list(dict.fromkeys([*declared, *(k for r in records for k in r)]))


def load_dataset(path: Path | str = DEFAULT_DATA_PATH, today: date | None = None) -> Dataset:
    """Read and validate the data; raise StationDataError listing every problem."""
    raw = read_raw(path)
    return dataset_from_raw(raw, data_checksum(raw.files), today)


def raw_checksum(raw: RawData) -> str:
    """SHA-256 of data held in memory (an upload): its file names and canonical JSON."""
    digest = hashlib.sha256()
    for name in ("stations", "events", "sources", "reports", "disagreements"):
        digest.update(raw.path_of(name).name.encode())
        digest.update(json.dumps(getattr(raw, name), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def dataset_from_raw(
    raw: RawData,
    checksum: str | None = None,
    today: date | None = None,
    require_quotes: bool = True,
    *,
    files: list[Path] | None = None,
    credit: Credit = BUNDLED,
) -> Dataset:
    """Validate data already parsed (from disk or an upload) into a Dataset; raise StationDataError
    listing every problem. ``checksum`` identifies the version (the caches' key); by default it
    is computed from the parsed data. ``require_quotes``: see ``validate_raw``. ``files``: where
    it was read from (default ``raw.files``; an upload, held in memory only, passes []).
    ``credit``: who the data comes from."""
    problems = validate_raw(raw, today, require_quotes)
    if problems:
        raise StationDataError(problems)
    checksum = checksum or raw_checksum(raw)
    stations = _stations_frame(raw.stations)
    events, links = _events_frame(raw, stations)
    sources = pd.DataFrame(raw.sources["sources"])
    for column in ("language", "copy_of", "note"):
        if column not in sources:
            sources[column] = None
    # An upload lists no reports: the frame still has the columns the pages read.
    reports = pd.DataFrame(raw.reports["reports"], columns=_columns_of(raw.reports["reports"], "reports"))
    dataset = Dataset(
        stations=stations,
        events=events,
        links=links,
        sources=sources.set_index("id", drop=False),
        reports=reports.set_index("id", drop=False),
        disagreements=list(raw.disagreements["disagreements"]),
        checksum=checksum,
        data_as_of=max((parse_partial_date(a).end for a in sources["accessed"]), default=None),
        files=raw.files if files is None else files,
        credit=credit,
    )
    stations_with_status = with_status(stations, links, events, None)
    return Dataset(**{**dataset.__dict__, "stations": stations_with_status})


def load_stations(path: Path | str = DEFAULT_DATA_PATH, today: date | None = None) -> gpd.GeoDataFrame:
    """Read + validate; the stations GeoDataFrame (EPSG:4326) with derived status columns."""
    return load_dataset(path, today).stations
