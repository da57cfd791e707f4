"""Group stations by place for the map, and gather what a popup says about a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from .dataset import Dataset
from .vocab import STATUS_RANK, STATUSES

PLACE_COLUMNS = [
    "place_id",
    "label",
    "city",
    "country",
    "country_code",
    "location_precision",
    "count",
    "station_ids",
    "status",
    "geometry",
]


def place_id(precision: str, country_code: str, city: str | None) -> str:
    return f"{country_code}:{city}" if precision == "city" else f"{country_code}:*"


def aggregate_places(stations: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per city (or per country for country-level stations); unplaced stations are left out.

    ``status`` is the furthest status among the place's stations; ``count`` how many.
    """
    placed = stations[stations["location_precision"].isin(["city", "country"]) & stations.geometry.notna()]
    rows: list[dict[str, Any]] = []
    keys = ["location_precision", "country_code", "city"]
    for (precision, code, city), group in placed.groupby(keys, dropna=False, sort=True):
        city_name = city if isinstance(city, str) else None
        country = group["country"].iloc[0]
        rows.append(
            {
                "place_id": place_id(precision, code, city_name),
                "label": f"{city_name}, {country}" if city_name else f"{country} (city not known)",
                "city": city_name,
                "country": country,
                "country_code": code,
                "location_precision": precision,
                "count": len(group),
                "station_ids": list(group["id"]),
                "status": max(group["status"], key=lambda s: STATUS_RANK[s]),
                "geometry": group.geometry.iloc[0],
            }
        )
    frame = pd.DataFrame(rows, columns=PLACE_COLUMNS)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


@dataclass(frozen=True)
class StationDetail:
    station: dict[str, Any]
    reports: list[dict[str, Any]]  # report rows (id, title, published)
    events: list[dict[str, Any]]  # reactions concerning it, oldest first, not the report listings


@dataclass(frozen=True)
class PlaceDetail:
    label: str
    stations: list[StationDetail]
    china_statements: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    source_ids: list[str]  # every source cited in this place's popup, in first-cited order


def events_by_station(dataset: Dataset, as_of: date | None) -> dict[str, list[dict[str, Any]]]:
    """Station id -> its events known by ``as_of``, oldest first (one lookup for all popups)."""
    events = dataset.events
    if as_of is not None:
        events = events[events["end"] <= as_of]
    merged = dataset.links.merge(events, left_on="event_id", right_on="id")
    out: dict[str, list[dict[str, Any]]] = {}
    for record in merged.sort_values(["start", "id"]).to_dict("records"):
        out.setdefault(record["station_id"], []).append(record)
    return out


def place_detail(
    dataset: Dataset,
    stations: gpd.GeoDataFrame,
    station_events: dict[str, list[dict[str, Any]]],
    label: str,
) -> PlaceDetail:
    """What a popup or the panel under the map says about one place's ``stations``."""
    details: list[StationDetail] = []
    china: dict[str, dict[str, Any]] = {}
    cited: dict[str, None] = {}
    for station in stations.sort_values("id").to_dict("records"):
        for sid in station["sources"]:
            cited[sid] = None
        reports = [dataset.reports.loc[r].to_dict() for r in station["reports"]]
        reactions = []
        for event in station_events.get(station["id"], []):
            if event["type"] == "china_statement":
                china[event["id"]] = event
            elif not event["derived"]:
                reactions.append(event)
            for sid in event["sources"]:
                cited[sid] = None
        details.append(StationDetail(station, reports, reactions))
    ids = set(stations["id"])
    codes = set(stations["country_code"].dropna())
    disagreements = [
        d for d in dataset.disagreements if ids & set(d.get("stations", [])) or codes & set(d.get("countries", []))
    ]
    for d in disagreements:
        for claim in d["claims"]:
            for sid in claim["sources"]:
                cited[sid] = None
    return PlaceDetail(label, details, list(china.values()), disagreements, list(cited))


def status_counts(stations: gpd.GeoDataFrame) -> list[tuple[str, int]]:
    """(status key, number of stations) for every status, in vocabulary order."""
    counts = stations["status"].value_counts()
    return [(s.key, int(counts.get(s.key, 0))) for s in STATUSES]
