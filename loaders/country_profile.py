"""A country at a glance: its stations and statuses, what its government did (each action
once, in date order, with its sources), what the Chinese side said about it, and where the
sources disagree.

A popup repeats a government's actions under each of its cities; a reporter writing about
the Netherlands wants them once, in order. Pure: the Country page, the panel under the map
and the printable page all read this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd

from .aggregate import aggregate_places, disagreements_about, sources_cited, status_mix
from .dataset import Dataset
from .filters import Filters, filter_stations
from .geography import country_name


@dataclass(frozen=True)
class CountrySummary:
    code: str
    name: str
    as_of: date | None
    stations: gpd.GeoDataFrame  # its stations known by as_of, status as of then
    places: gpd.GeoDataFrame  # loaders.aggregate_places of them
    mix: str  # "2 stations (2 closed)"
    listings: list[dict[str, Any]]  # the reports and press reports that made its stations public, oldest first
    actions: list[dict[str, Any]]  # host government, police and court actions, each once, oldest first
    china_statements: list[dict[str, Any]]  # the Chinese side on this country's stations, oldest first
    general_china_statements: int  # statements about every station, not repeated here
    other_statements: list[dict[str, Any]]  # other governments' words about stations here
    disagreements: list[dict[str, Any]]
    source_ids: list[str] = field(default_factory=list)  # everything cited above, first-cited order

    @property
    def headline(self) -> str:
        """ "Netherlands: 2 stations (2 closed)"."""
        return f"{self.name}: {self.mix}"


def _when(event: dict[str, Any]) -> tuple[Any, str]:
    return (event["start"], event["id"])


def country_codes(dataset: Dataset) -> list[str]:
    """Every country the data says something about (stations or events), by name."""
    codes = set(dataset.stations["country_code"].dropna())
    for countries in dataset.events["countries"]:
        codes.update(countries)
    codes.update(c for c in dataset.events["actor_country"].dropna() if c != "CN")
    return sorted(codes, key=lambda c: country_name(c) or c)


def country_summary(dataset: Dataset, code: str, as_of: date | None = None) -> CountrySummary:
    """What the data says about the country ``code`` (ISO 3166-1 alpha-2), as known by ``as_of``.

    Events concern the country when they name one of its stations or the country itself, or when
    its own authorities acted; events about every station (general statements) are counted, not
    listed. Raises ValueError for a code that is not a country.
    """
    name = country_name(code)
    if name is None:
        raise ValueError(f"unknown country code {code!r}: expected an ISO 3166-1 alpha-2 code such as NL")
    stations = filter_stations(dataset, Filters(countries=(code,), as_of=as_of))
    ids = set(stations["id"])
    events = dataset.events
    if as_of is not None:
        events = events[events["end"] <= as_of]
    linked = set(dataset.links.loc[dataset.links["station_id"].isin(ids), "event_id"])
    listings, actions, china, others = [], [], [], []
    general = 0
    for event in events.sort_values(["start", "id"]).to_dict("records"):
        names_country = code in event["countries"] or bool(ids & set(event["stations"]))
        own = event["actor_country"] == code
        if event["derived"] or event["type"] == "reported":  # a report or the press made stations public
            if ids & set(event["stations"]) or (not event["derived"] and names_country):
                listings.append(event)
            continue
        if event["global"] and not names_country:
            if event["type"] == "china_statement" and event["id"] in linked:
                general += 1
            continue
        if not (names_country or own):
            continue
        if event["type"] == "china_statement" or event["actor_country"] == "CN":
            china.append(event)
        elif own or event["actor_country"] is None:
            actions.append(event)
        else:
            others.append(event)
    disagreements = disagreements_about(dataset, ids, {code})
    cited = sources_cited(stations["sources"], [*listings, *actions, *others, *china], disagreements)
    return CountrySummary(
        code=code,
        name=name,
        as_of=as_of,
        stations=stations,
        places=aggregate_places(stations),
        mix=status_mix(stations["status"]),
        listings=sorted(listings, key=_when),
        actions=sorted(actions, key=_when),
        china_statements=sorted(china, key=_when),
        general_china_statements=general,
        other_statements=sorted(others, key=_when),
        disagreements=disagreements,
        source_ids=[s for s in cited if s in dataset.sources.index],
    )
