"""A country at a glance: its stations and statuses, what its government did (each action
once, in date order, with its sources), what the Chinese side said about it, and where the
sources disagree.

A popup repeats a government's actions under each of its cities; a reporter writing about
the Netherlands wants them once, in order. Pure: the Country page, the panel under the map
and the printable page all read this.

It agrees with the popup by construction: which list an event goes in is
``loaders.aggregate.event_role`` (so the press, NGOs, a legislator acting alone and the
operators are never the host government's reaction), and the order is the events' ``sort_key``
(``loaders.dataset``: a year or a month sorts after the dated events of that period).
tests/unit/test_country_profile.py compares both with the popup's grouping for every country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd

from .aggregate import aggregate_places, disagreements_about, event_role, sources_cited, status_mix
from .dataset import Dataset
from .filters import Filters, filter_stations
from .geography import country_name

# The Country page's link parameter: /country?panel=NL opens it on the Netherlands, whatever the
# filters. ui.navigation declares it as the page's own, so the sidebar does not call it unknown.
PANEL_PARAM = "panel"


@dataclass(frozen=True)
class CountrySummary:
    """What the data says about one country. Each list is oldest first (the events' ``sort_key``)."""

    code: str
    name: str
    as_of: date | None
    stations: gpd.GeoDataFrame  # its stations known by as_of, status as of then
    places: gpd.GeoDataFrame  # loaders.aggregate_places of them
    mix: str  # "2 stations (2 closed)"
    # The reports that listed its stations, and the press reports (or a member's words) that named
    # them: the other voices that made its stations public.
    listings: list[dict[str, Any]]
    reactions: list[dict[str, Any]]  # event_role "reaction": the popup's "Reactions", each once
    china_statements: list[dict[str, Any]]  # event_role "china": the Chinese side on this country
    general_china_statements: int  # statements about every station (event_role "general_china"), counted
    # event_role "other" (press, NGOs, a legislator acting alone, the operators) but the listings:
    # never shown as the host government's reaction.
    other_voices: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    source_ids: list[str] = field(default_factory=list)  # everything cited above, first-cited order

    @property
    def headline(self) -> str:
        """ "Netherlands: 2 stations (2 closed)"."""
        return f"{self.name}: {self.mix}"

    @property
    def actions(self) -> list[dict[str, Any]]:
        """The reactions of this country's own authorities (or of an actor tied to no country)."""
        return [e for e in self.reactions if e["actor_country"] in (self.code, None)]

    @property
    def other_governments(self) -> list[dict[str, Any]]:
        """The reactions of another state's authorities to this country's stations."""
        return [e for e in self.reactions if e["actor_country"] not in (self.code, None)]


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
    lists: dict[str, list[dict[str, Any]]] = {"listing": [], "reaction": [], "china": [], "other": []}
    general = 0
    # In the popup's order (appended in this order, each list stays sorted).
    for event in events.sort_values(["sort_key", "id"], kind="stable").to_dict("records"):
        role = event_role(event)
        names_its_stations = bool(ids & set(event["stations"]))
        if role is None:  # a report's listing
            if names_its_stations:
                lists["listing"].append(event)
            continue
        if role in ("general", "general_china"):  # about every station: counted, not repeated
            if role == "general_china" and event["id"] in linked:
                general += 1
            continue
        concerns = names_its_stations or code in event["countries"]
        own = role == "reaction" and event["actor_country"] == code  # its authorities, whatever they named
        if not (concerns or own):
            continue
        # A press report made its stations public; where it has none (Norway, Poland: "none found"),
        # the same line is another voice, not a listing.
        made_public = role == "other" and event["type"] == "reported" and bool(ids)
        lists["listing" if made_public else role].append(event)
    disagreements = disagreements_about(dataset, ids, {code})
    listings, reactions, china, others = (lists[k] for k in ("listing", "reaction", "china", "other"))
    cited = sources_cited(stations["sources"], [*listings, *reactions, *others, *china], disagreements)
    return CountrySummary(
        code=code,
        name=name,
        as_of=as_of,
        stations=stations,
        places=aggregate_places(stations),
        mix=status_mix(stations["status"]),
        listings=listings,
        reactions=reactions,
        china_statements=china,
        general_china_statements=general,
        other_voices=others,
        disagreements=disagreements,
        source_ids=[s for s in cited if s in dataset.sources.index],
    )
