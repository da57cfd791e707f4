"""Group stations by place for the map, and decide what a place's popup and panel say.

``place_popups`` is the one function that decides a place's popup: which stations with which
status since when (and the event that set it), the latest development, the events per voice
newest first, which general Chinese statements, which disagreements. The map's renderer
(static/js/stations-map.js, through maps.payload) and the panel under the map (ui.panels) both
lay out its ``PlacePopup``; neither decides anything.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from .dataset import Dataset
from .dates import display_date
from .evidence import quote_flag, station_claims
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


# ---- what a place's popup and panel say (one decision, two layouts) ----

MAX_REFS_PER_ITEM = 3  # a station can have a dozen sources; the Stations page lists them all
FOLD_AFTER = 3  # a popup shows a section's latest three events; the rest fold under "N earlier"
SINCE_CHARS = 80  # the actor and summary of the event that set a status, clipped in the "since" line
SECTION_TITLES = {
    "reactions": "Reactions",
    "others": "Press, NGOs, legislators and operators",
    "china": "Chinese government's position",
}
_SECTION_ROLES = {"reactions": ("reaction",), "others": ("other",), "china": ("china", "general_china")}


@dataclass(frozen=True)
class StationLine:
    """One station of a place as of the view's date."""

    station_id: str
    position: int  # row position in dataset.stations (the atlas's station order)
    status: str  # status key as of the view's date
    since: str  # "5 Dec 2022 (Ministry of Justice: Ordered the station closed…)": when, and what set it
    set_by: str | None  # the id of the event that set the status
    since_day: str | None = None  # the partial date ``since`` begins with (as loaders.dates reads it)


@dataclass(frozen=True)
class PopupSection:
    key: str  # a key of SECTION_TITLES
    title: str
    events: tuple[int, ...]  # positions in dataset.events, newest first


@dataclass(frozen=True)
class PlacePopup:
    """What a place's popup and the panel under the map say, in display order. Events are positions
    in ``dataset.events`` (chronological), disagreements positions in ``dataset.disagreements``."""

    place_id: str
    label: str
    mix: str  # status_mix of the place's stations: "2 stations (1 closed, 1 reported)"
    stations: tuple[StationLine, ...]  # by station id
    latest: int | None  # the newest event of the place's own sections (general statements aside)
    sections: tuple[PopupSection, ...]  # non-empty ones, in SECTION_TITLES order
    more: str | None  # "3 more general statements on all stations: Reactions page."
    disagreements: tuple[int, ...]
    more_count: int = 0  # how many general statements ``more`` speaks of (a standalone file says it otherwise)

    @property
    def summary(self) -> str:
        """The tooltip and the marker's accessible name (``place_summary``)."""
        return f"{self.label}: {self.mix}"

    @property
    def record(self) -> str:
        """What a correction of this popup is about (loaders.permalinks.correction_link)."""
        return f"place:{self.place_id}"


def listing_text(reports: Iterable[Mapping[str, Any]], origin: str) -> str:
    """Which reports list a station, or who named it: "110 Overseas (2022-09-12)", or
    "not in the reports; named by host government"."""
    listed = "; ".join(f"{r['title']} ({r['published']})" for r in reports)
    return listed or f"not in the reports; named by {str(origin).replace('-', ' ')}"


def since_text(since: Any, event: Mapping[str, Any] | None) -> str:
    """When a status was set and by what: "5 Dec 2022 (Ministry of Justice: Ordered the two…)", the
    event's actor and summary clipped at a word to SINCE_CHARS (the whole event is in the lists)."""
    when = display_date(since) if isinstance(since, str) else "?"
    if event is None:
        return when
    what = f"{str(event['actor']).strip()}: {str(event['summary']).strip()}"
    if len(what) > SINCE_CHARS:
        what = what[: SINCE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
    return f"{when} ({what})"


def unquoted_claims(station: Mapping[str, Any]) -> list[str]:
    """The station's claims (placement, bureau, listing) that no quote supports yet."""
    evidence = station.get("evidence") if isinstance(station.get("evidence"), list) else []
    return [
        claim
        for claim in station_claims(station)
        if quote_flag([q for q in evidence if isinstance(q, dict) and q.get("claim") == claim])
    ]


def general_more_text(left_out: int) -> str | None:
    if left_out <= 0:
        return None
    noun = "statement" if left_out == 1 else "statements"
    return f"{left_out} more general {noun} on all stations: Reactions page."


class _PopupContext:
    """Per dataset and as-of date: each station's events and roles, looked up once for all places."""

    def __init__(self, dataset: Dataset, as_of: date | None, stations: Collection[str] | None = None) -> None:
        events = dataset.events
        self.dataset = dataset
        # Only the fields a role and a "since" line need (whole records would copy every list).
        columns = ["derived", "type", "global", "actor_group", "actor", "summary"]
        self.records = [dict(zip(columns, row, strict=True)) for row in zip(*(events[c] for c in columns), strict=True)]
        known = np.ones(len(events), dtype=bool) if as_of is None else (events["end"] <= as_of).to_numpy()
        self.roles: list[EventRole | None] = [
            event_role(e) if k else None for e, k in zip(self.records, known, strict=True)
        ]
        # Station -> its known events (positions, chronological), grouped with numpy: a 100 000-station
        # file has a million links. Stations with the same events share one tuple.
        position = pd.Index(events["id"]).get_indexer(dataset.links["event_id"])
        keep = position >= 0
        keep[keep] = known[position[keep]]
        if stations is not None:  # one place's panel: only its stations' links
            keep &= dataset.links["station_id"].isin(stations).to_numpy()
        station_codes, station_ids = pd.factorize(dataset.links["station_id"].to_numpy(dtype=object)[keep])
        position = position[keep]
        order = np.lexsort((position, station_codes))
        grouped, sorted_events = station_codes[order], position[order]
        bounds = np.flatnonzero(np.diff(grouped)) + 1
        firsts = np.r_[0, bounds] if len(grouped) else np.array([], dtype=int)
        shared: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.station_events: dict[str, tuple[int, ...]] = {}
        for sid, group in zip(station_ids[grouped[firsts]], np.split(sorted_events, bounds), strict=True):
            events_of = tuple(dict.fromkeys(group.tolist()))
            self.station_events[sid] = shared.setdefault(events_of, events_of)
        self.event_position = {eid: n for n, eid in enumerate(events["id"])}
        self.disagreement_stations = [set(d.get("stations", [])) for d in dataset.disagreements]
        self.disagreement_countries = [set(d.get("countries", [])) for d in dataset.disagreements]
        self.named = set().union(*self.disagreement_stations) if self.disagreement_stations else set()
        self.since: dict[tuple[Any, Any], str] = {}
        self.bodies: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def since_for(self, since: Any, event_id: Any) -> str:
        key = (since, event_id)
        text = self.since.get(key)
        if text is None:
            n = self.event_position.get(event_id) if isinstance(event_id, str) else None
            text = self.since[key] = since_text(since, self.records[n] if n is not None else None)
        return text

    def body(
        self, event_sets: tuple[tuple[int, ...], ...], codes: frozenset[str], named: frozenset[str]
    ) -> tuple[Any, ...]:
        """(latest, sections, more, disagreements, more count) for a place whose stations have these events,
        in these countries, naming these disputed stations; the same for every place alike."""
        key = (event_sets, codes, named)
        found = self.bodies.get(key)
        if found is not None:
            return found
        events = sorted(set().union(*event_sets)) if event_sets else []
        by_role: dict[str, list[int]] = {}
        general = 0
        for n in events:
            role = self.roles[n]
            if role is None:
                continue
            if role in ("general_china", "general"):
                general += 1
            by_role.setdefault(role, []).append(n)  # chronological: events are sorted by (sort_key, id)
        shown_general = by_role.get("general_china", [])[-MAX_GENERAL_CHINA_STATEMENTS:]
        lists = {
            "reactions": by_role.get("reaction", []),
            "others": by_role.get("other", []),
            "china": sorted([*by_role.get("china", []), *shown_general]),
        }
        sections = tuple(
            PopupSection(key, SECTION_TITLES[key], tuple(reversed(ids))) for key, ids in lists.items() if ids
        )
        own = [*lists["reactions"], *lists["others"], *by_role.get("china", [])]
        latest = max(own) if own else None
        disagreements = tuple(
            n
            for n, (ids, countries) in enumerate(
                zip(self.disagreement_stations, self.disagreement_countries, strict=True)
            )
            if ids & named or countries & codes
        )
        left_out = general - len(shown_general)
        found = self.bodies[key] = (latest, sections, general_more_text(left_out), disagreements, max(0, left_out))
        return found


def place_popups(
    dataset: Dataset, stations: gpd.GeoDataFrame, places: gpd.GeoDataFrame, as_of: date | None
) -> list[PlacePopup]:
    """The popup of every place in ``places`` (``aggregate_places(stations)``), where ``stations``
    carry their status as of ``as_of`` (``filter_stations`` gives both) and keep the dataset's row
    labels. Places alike (same events, countries and disputes) share their lists, so 100 000 places
    cost little more than their station lines."""
    few = len(stations) < len(dataset.stations) // 10
    ctx = _PopupContext(dataset, as_of, set(stations["id"]) if few else None)
    labels = stations.index.tolist()
    row_position = dict(zip(dataset.stations.index.tolist(), range(len(dataset.stations)), strict=True))

    def column(name: str) -> dict[Any, Any]:
        return dict(zip(labels, stations[name].to_numpy(dtype=object).tolist(), strict=True))

    ids, status, since, set_by, codes = (
        column(c) for c in ("id", "status", "status_since", "status_event", "country_code")
    )
    mixes: dict[tuple[str, ...], str] = {}
    no_names: frozenset[str] = frozenset()
    country_sets: dict[Any, frozenset[str]] = {}
    out: list[PlacePopup] = []
    columns = (places[c].tolist() for c in ("place_id", "label", "members"))
    for place_id, label, members in zip(*columns, strict=True):
        if len(members) > 1:
            members = sorted(members, key=lambda m: ids[m])
        lines = tuple(
            StationLine(
                ids[m],
                row_position[m],
                status[m],
                ctx.since_for(since[m], set_by[m]),
                set_by[m] if isinstance(set_by[m], str) else None,
                since[m] if isinstance(since[m], str) else None,
            )
            for m in members
        )
        event_sets = tuple(ctx.station_events.get(ids[m], ()) for m in members)
        place_codes = frozenset(c for m in members if isinstance(c := codes[m], str))
        place_codes = country_sets.setdefault(place_codes, place_codes)
        named = frozenset(ids[m] for m in members if ids[m] in ctx.named) if ctx.named else no_names
        latest, sections, more, disagreements, more_count = ctx.body(event_sets, place_codes, named)
        statuses = tuple(sorted(status[m] for m in members))
        mix = mixes.get(statuses)
        if mix is None:
            mix = mixes[statuses] = status_mix(statuses)
        out.append(PlacePopup(place_id, label, mix, lines, latest, sections, more, disagreements, more_count))
    return out


def place_popup(dataset: Dataset, stations: gpd.GeoDataFrame, place_id: str, as_of: date | None) -> PlacePopup | None:
    """The popup of one place of ``stations`` (see ``place_popups``); None if no station is there."""
    places = aggregate_places(stations)
    one = places[places["place_id"] == place_id]
    return place_popups(dataset, stations, one, as_of)[0] if len(one) else None


def popup_sources(dataset: Dataset, popup: PlacePopup) -> list[str]:
    """The sources a popup cites, numbered in the order they first appear: the stations' first
    MAX_REFS_PER_ITEM each, then the sections' events as shown, then the disagreements' claims."""
    cited: dict[str, None] = {}
    records = dataset.stations["sources"].to_numpy(dtype=object)
    for line in popup.stations:
        cited.update(dict.fromkeys(list(records[line.position])[:MAX_REFS_PER_ITEM]))
    event_sources = dataset.events["sources"].to_numpy(dtype=object)
    for section in popup.sections:
        for n in section.events:
            cited.update(dict.fromkeys(event_sources[n]))
    for n in popup.disagreements:
        for claim in dataset.disagreements[n]["claims"]:
            cited.update(dict.fromkeys(claim["sources"]))
    return list(cited)
