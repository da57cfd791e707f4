"""Search the map's own contents: places, countries, station ids, bureaus and event actors.

No online geocoder: a reader types "Fuzhou", "Prato" or a station id and the map jumps to
the places that match. Pure; the Map page draws the box and moves the map.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import geopandas as gpd

from .dataset import Dataset


@dataclass(frozen=True)
class SearchEntry:
    text: str  # what the reader sees, e.g. "Prato, Italy · city · 3 stations"
    kind: str  # "place" | "country" | "station" | "bureau" | "actor"
    place_ids: tuple[str, ...]  # the places it shows (the map fits them)


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" and "zurich" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def search_entries(dataset: Dataset, places: gpd.GeoDataFrame) -> list[SearchEntry]:
    """Everything the search box can find among ``places`` (the places the map shows)."""
    if places.empty:
        return []
    entries: list[SearchEntry] = []
    place_of: dict[str, str] = {}
    for pid, label, precision, count, ids in zip(
        places["place_id"],
        places["label"],
        places["location_precision"],
        places["count"],
        places["station_ids"],
        strict=True,
    ):
        kind = "city" if precision == "city" else "country only"
        entries.append(SearchEntry(f"{label} · {kind} · {_count(int(count), 'station')}", "place", (pid,)))
        place_of.update(dict.fromkeys(ids, pid))
    for country, group in places.groupby("country", sort=True):
        entries.append(
            SearchEntry(
                f"{country} · country · {_count(int(group['count'].sum()), 'station')}",
                "country",
                tuple(group["place_id"]),
            )
        )
    shown = dataset.stations[dataset.stations["id"].isin(place_of.keys())]
    for sid in sorted(shown["id"]):
        entries.append(SearchEntry(f"{sid} · station", "station", (place_of[sid],)))
    for bureau, group in shown.groupby("bureau", sort=True):
        pids = tuple(dict.fromkeys(place_of[s] for s in group["id"]))
        entries.append(SearchEntry(f"{bureau} bureau · {_count(len(group), 'station')}", "bureau", pids))
    links = dataset.links[dataset.links["station_id"].isin(place_of.keys())]
    actors = dataset.events.loc[~dataset.events["derived"], ["id", "actor"]].merge(
        links, left_on="id", right_on="event_id"
    )
    for actor, group in actors.groupby("actor", sort=True):
        pids = tuple(dict.fromkeys(place_of[s] for s in group["station_id"]))
        entries.append(SearchEntry(f"{actor} · actor · {_count(len(pids), 'place')}", "actor", pids))
    return entries


def search(entries: list[SearchEntry], query: str, limit: int = 10) -> list[SearchEntry]:
    """Entries whose text contains every word of ``query`` (accents and case ignored);
    those starting with the query first, then places before countries, stations, bureaus, actors."""
    words = fold(query).split()
    if not words:
        return []
    rank = {"place": 0, "country": 1, "station": 2, "bureau": 3, "actor": 4}
    hits = [e for e in entries if all(w in fold(e.text) for w in words)]
    hits.sort(key=lambda e: (not fold(e.text).startswith(words[0]), rank[e.kind], e.text))
    return hits[:limit]
