"""Group stations by place for the map, and gather what a popup says about a place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from .dataset import Dataset
from .vocab import STATUS_BY_KEY, STATUS_RANK, STATUSES

PLACE_COLUMNS = [
    "place_id",
    "label",
    "city",
    "country",
    "country_code",
    "location_precision",
    "count",
    "station_ids",
    "members",
    "status",
    "geometry",
]


def place_id(precision: str, country_code: str, city: str | None) -> str:
    return f"{country_code}:{city}" if precision == "city" else f"{country_code}:*"


def place_label(city: str | None, country: str) -> str:
    """What a place is called: "Prato, Italy", or "Angola (city not known)" for country-level stations."""
    return f"{city}, {country}" if city else f"{country} (city not known)"


def aggregate_places(stations: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per city (or per country for country-level stations); unplaced stations are left out.

    ``status`` is the furthest status among the place's stations; ``count`` how many;
    ``members`` the stations' row labels in ``stations`` (the dataset's positions, which the
    map's payload refers to). Vectorised: a newsroom's file of 100 000 points takes well
    under a second.
    """
    placed = stations[stations["location_precision"].isin(["city", "country"]) & stations.geometry.notna()]
    # Reading order, which is also the map's keyboard order: by country name, then city, a
    # country's "city not known" place last.
    placed = placed.sort_values(["country", "location_precision", "city", "id"], kind="stable")
    is_city = (placed["location_precision"] == "city").to_numpy()
    codes = placed["country_code"].astype(str).to_numpy(dtype=object)
    cities = placed["city"].to_numpy(dtype=object)
    keys = np.where(is_city, codes + ":" + np.where(is_city, cities, "").astype(object), codes + ":*")
    group, first_rows = _group_codes(keys)
    n = len(first_rows)
    ranks = placed["status"].map(STATUS_RANK).to_numpy()
    best = np.full(n, -1)
    np.maximum.at(best, group, ranks)
    counts = np.bincount(group, minlength=n)
    order = np.argsort(group, kind="stable")
    bounds = np.cumsum(counts)[:-1]
    ids = placed["id"].to_numpy(dtype=object)
    labels_index = placed.index.to_numpy()
    first = placed.iloc[first_rows]
    city_names = [
        c if isinstance(c, str) and city else None for c, city in zip(first["city"], is_city[first_rows], strict=True)
    ]
    countries = first["country"].tolist()
    frame = pd.DataFrame(
        {
            "place_id": keys[first_rows],
            "label": [place_label(c, k) for c, k in zip(city_names, countries, strict=True)],
            "city": city_names,
            "country": countries,
            "country_code": first["country_code"].tolist(),
            "location_precision": first["location_precision"].tolist(),
            "count": counts,
            "station_ids": [list(a) for a in np.split(ids[order], bounds)] if n else [],
            "members": [a.tolist() for a in np.split(labels_index[order], bounds)] if n else [],
            "status": [STATUSES[r].key for r in best],
        },
        columns=PLACE_COLUMNS,
    )
    return gpd.GeoDataFrame(frame, geometry=list(first.geometry), crs="EPSG:4326")


def _group_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group number of each key, numbered in order of first appearance, and each group's first row."""
    codes, uniques = pd.factorize(keys, sort=False)
    first_rows = np.full(len(uniques), len(keys), dtype=np.int64)
    np.minimum.at(first_rows, codes, np.arange(len(keys)))
    return codes, first_rows


MAX_GENERAL_CHINA_STATEMENTS = 2  # the rest are on the Reactions page; popups stay readable


@dataclass(frozen=True)
class StationDetail:
    station: dict[str, Any]
    reports: list[dict[str, Any]]  # report rows (id, title, published)
    events: list[dict[str, Any]]  # reactions naming it or its country, oldest first; no report listings


@dataclass(frozen=True)
class PlaceDetail:
    """What a popup (or the panel under the map) says about one place."""

    label: str
    stations: list[StationDetail]
    reactions: list[
        dict[str, Any]
    ]  # host authorities' (and relayed) steps concerning these stations, each once, oldest first
    china_statements: list[dict[str, Any]]  # about this country, plus the latest general ones
    general_statements_left_out: int  # general (all-station) statements not repeated here
    disagreements: list[dict[str, Any]]
    source_ids: list[str]  # every source cited by what is shown, in first-cited order
    # Press, NGO, a legislator acting alone, the operators: never shown as the host government's reaction.
    other_voices: list[dict[str, Any]] = field(default_factory=list)


EventRole = Literal["reaction", "other", "china", "general_china", "general"]


def event_role(event: Mapping[str, Any]) -> EventRole | None:
    """Where a place's popup and panel put an event: among the host side's reactions, the other
    voices (press, NGOs, a legislator acting alone, the operators: never shown as the host
    government's reaction), China's statements about the country, or the general statements
    (about every station) that places do not repeat; None for a report's listing, which the
    station line shows instead."""
    if event["derived"]:
        return None
    china = event["type"] == "china_statement"
    if event["global"]:
        return "general_china" if china else "general"
    if china:
        return "china"
    return "other" if event.get("actor_group") == "other" else "reaction"


def events_by_station(dataset: Dataset, as_of: date | None) -> dict[str, list[dict[str, Any]]]:
    """Station id -> its events known by ``as_of``, oldest first (one lookup for all popups)."""
    events = dataset.events
    if as_of is not None:
        events = events[events["end"] <= as_of]
    merged = dataset.links.merge(events, left_on="event_id", right_on="id")
    out: dict[str, list[dict[str, Any]]] = {}
    for record in merged.sort_values(["sort_key", "id"]).to_dict("records"):
        out.setdefault(record["station_id"], []).append(record)
    return out


def place_detail(
    dataset: Dataset,
    stations: gpd.GeoDataFrame,
    station_events: dict[str, list[dict[str, Any]]],
    label: str,
) -> PlaceDetail:
    """Gather one place's stations, the reactions that name them or their country, China's
    statements about the country (plus the latest general ones) and the disagreements.

    Events that concern every station (general statements) are not repeated in every place:
    only the latest few Chinese ones are, and the rest are counted.
    """
    details: list[StationDetail] = []
    reactions: dict[str, dict[str, Any]] = {}
    others: dict[str, dict[str, Any]] = {}
    china: dict[str, dict[str, Any]] = {}
    general: dict[str, dict[str, Any]] = {}
    for station in stations.sort_values("id").to_dict("records"):
        reports = [dataset.reports.loc[r].to_dict() for r in station["reports"]]
        own = []
        for event in station_events.get(station["id"], []):
            role = event_role(event)
            if role is None:
                continue
            if role in ("general_china", "general"):
                general[event["id"]] = event
            elif role == "china":
                china[event["id"]] = event
            else:
                own.append(event)
                (others if role == "other" else reactions).setdefault(event["id"], event)
        details.append(StationDetail(station, reports, own))
    general_china = sorted((e for e in general.values() if event_role(e) == "general_china"), key=_when)
    shown_general = general_china[-MAX_GENERAL_CHINA_STATEMENTS:]
    china_shown = sorted([*china.values(), *shown_general], key=_when)
    ids = set(stations["id"])
    codes = set(stations["country_code"].dropna())
    disagreements = disagreements_about(dataset, ids, codes)
    reaction_list = sorted(reactions.values(), key=_when)
    other_list = sorted(others.values(), key=_when)
    cited = sources_cited(
        [item.station["sources"] for item in details], [*reaction_list, *other_list, *china_shown], disagreements
    )
    return PlaceDetail(
        label=label,
        stations=details,
        reactions=reaction_list,
        china_statements=china_shown,
        general_statements_left_out=len(general) - len(shown_general),
        disagreements=disagreements,
        source_ids=cited,
        other_voices=other_list,
    )


def disagreements_about(dataset: Dataset, station_ids: set[str], country_codes: set[str]) -> list[dict[str, Any]]:
    """The disagreements that name any of these stations or countries."""
    return [
        d
        for d in dataset.disagreements
        if station_ids & set(d.get("stations", [])) or country_codes & set(d.get("countries", []))
    ]


def sources_cited(
    station_sources: Iterable[list[str]],
    events: Iterable[Mapping[str, Any]],
    disagreements: Iterable[Mapping[str, Any]],
) -> list[str]:
    """Every source cited by what a popup, panel or country summary shows, once, in first-cited order."""
    cited: dict[str, None] = {}
    for sources in station_sources:
        cited.update(dict.fromkeys(sources))
    for event in events:
        cited.update(dict.fromkeys(event["sources"]))
    for d in disagreements:
        for claim in d["claims"]:
            cited.update(dict.fromkeys(claim["sources"]))
    return list(cited)


def _when(event: dict[str, Any]) -> tuple[Any, str]:
    return (event["sort_key"], event["id"])


def status_counts(stations: gpd.GeoDataFrame) -> list[tuple[str, int]]:
    """(status key, number of stations) for every status, in vocabulary order."""
    counts = stations["status"].value_counts()
    return [(s.key, int(counts.get(s.key, 0))) for s in STATUSES]


def status_phrase(key: str) -> str:
    """A status label as it reads inside a sentence: "Denied by host" -> "denied by host"."""
    label = STATUS_BY_KEY[key].label
    return label[0].lower() + label[1:]


def status_mix(statuses: Iterable[str]) -> str:
    """How many stations and which statuses, furthest first: "2 stations (1 prosecuted, 1 reported)".

    A place's colour is its furthest status; this says what the colour hides (one of the
    two may only be reported). One status for all reads "3 stations (all closed)"; a single
    station "1 station (reported)"; none "no stations".
    """
    keys = list(statuses)
    if not keys:
        return "no stations"
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    n = len(keys)
    noun = "station" if n == 1 else "stations"
    if len(counts) == 1:
        only = status_phrase(keys[0])
        return f"1 {noun} ({only})" if n == 1 else f"{n} {noun} (all {only})"
    ordered = sorted(counts, key=lambda k: -STATUS_RANK[k])
    return f"{n} {noun} (" + ", ".join(f"{counts[k]} {status_phrase(k)}" for k in ordered) + ")"


def place_summary(label: str, statuses: Iterable[str]) -> str:
    """A place and its mix, for a tooltip: "New York, United States: 2 stations (1 prosecuted, 1 reported)"."""
    return f"{label}: {status_mix(statuses)}"
