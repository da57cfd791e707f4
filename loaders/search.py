"""Search the map's own contents: places, their aliases, the people and organisations the records
name, bureaus, countries and station ids. Pure; the Map page draws the box and moves the map.

No online geocoder and no hand-typed gazetteer: a place's aliases (boroughs, districts, former
names) come from the data itself, the proper names its station notes, event summaries and quotes
give for that place alone ("Manhattan Chinatown" in New York's note, "the Usera district" in
Madrid's). A name found in the records of several places (a defendant, a ministry, a newspaper)
is an entry of its own that shows all of them. (Natural Earth's populated places as bundled in
static/basemap/places.json carry no alternate names, so they add none.)

Matching is by whole words and word starts, never inside a word: "man" finds "Manhattan", not
"Germany"; accents and case are ignored; Chinese is matched as written (it has no spaces).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from i18n import bureau_key, translate

from .dataset import Dataset
from .vocab import BUREAUS


@dataclass(frozen=True)
class SearchEntry:
    text: str  # what the reader sees, e.g. "Prato, Italy · city · 3 stations"
    kind: str  # "place" | "country" | "station" | "bureau" | "name" | "actor"
    place_ids: tuple[str, ...]  # the places it shows (the map frames them)
    key: str = ""  # stable id of the entry (kind and what it names)
    bureau: str | None = None  # for a bureau: choosing it filters the map to its stations
    terms: tuple[str, ...] = field(default=(), compare=False)  # more words it is found by (aliases)


KIND_RANK = {"place": 0, "bureau": 1, "country": 2, "name": 3, "station": 4, "actor": 5}
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Lower-case words that may join a name ("Ministry of the Interior", "Santiago de Compostela").
_JOINERS = frozenset(
    {"of", "the", "de", "del", "della", "di", "da", "do", "dos", "la", "le", "les"}
    | {"van", "von", "der", "den", "du", "des", "y", "e", "i"}
)
_NOT_NAMES = frozenset(
    w.casefold() for w in (*calendar.month_name[1:], *calendar.day_name, *calendar.month_abbr[1:]) if w
)


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" and "zurich" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``; a run of Chinese characters is one word."""
    return [fold(w) for w in _WORD.findall(text)]


def _bureau_name_zh(bureau: str) -> str | None:
    """The bureau as the Chinese sources write it (福州), from the zh-Hans catalogue; none for "unknown"."""
    if bureau not in BUREAUS or bureau == "unknown":
        return None
    return translate(bureau_key(bureau), "zh-Hans")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# --- names in the records ------------------------------------------------------------------------


def proper_names(text: str, common: frozenset[str]) -> list[str]:
    """The proper names in ``text``: runs of capitalised words (with joiners such as "of" or "de"
    between them) not broken by punctuation, less words at either end that the records also write
    in lower case ("The", "Bureau") and month and day names. ``common`` is the set of folded words
    the records write in lower case."""
    names: list[str] = []
    run: list[str] = []
    end = 0

    def close() -> None:
        while run and (run[-1].casefold() in _JOINERS or fold(run[-1]) in common):
            run.pop()
        while run and (run[0].casefold() in _JOINERS or fold(run[0]) in common):
            run.pop(0)
        if run:
            run[-1] = re.sub(r"['’]s$", "", run[-1])  # "Fuzhou's" is Fuzhou
        if run and not (len(run) == 1 and (len(run[0]) < 3 or fold(run[0]) in _NOT_NAMES)):
            names.append(" ".join(run))
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group()
        gap = text[end : match.start()]
        end = match.end()
        if run and gap.strip(" "):  # punctuation or a line break ends a name
            close()
        if _CJK.search(word):
            close()
            continue
        if word[0].isupper() or (run and word in _JOINERS):
            run.append(word)
        else:
            close()
    close()
    return names


def _texts_of_event(event: Mapping[str, Any]) -> Iterable[str]:
    yield str(event.get("summary") or "")
    for item in event.get("evidence") or []:
        yield str(item.get("quote") or "")
        yield str(item.get("translation") or "")


def _common_words(texts: Iterable[str]) -> frozenset[str]:
    found = set()
    for text in texts:
        for w in _WORD.findall(text):
            if w[0].islower():
                found.add(fold(w))
    return frozenset(found)


def names_by_station(dataset: Dataset) -> dict[str, frozenset[str]]:
    """Proper name -> the ids of the stations whose records name it: station notes, and the
    summaries and quotes of events about those stations (an event about a country with no station
    named counts for every station of that country). Events about every station are left out:
    their names belong to no place. Once per data version: the map's places only narrow it."""
    by_country: dict[str, set[str]] = defaultdict(set)
    for sid, code in zip(dataset.stations["id"], dataset.stations["country_code"], strict=True):
        if isinstance(code, str):
            by_country[code].add(sid)
    records: list[tuple[list[str], set[str]]] = []
    for sid, note in zip(dataset.stations["id"], dataset.stations["note"], strict=True):
        if isinstance(note, str) and note.strip():
            records.append(([note], {sid}))
    linked: dict[str, set[str]] = defaultdict(set)
    for eid, sid in zip(dataset.links["event_id"], dataset.links["station_id"], strict=True):
        linked[eid].add(sid)
    events = dataset.events[~dataset.events["derived"] & ~dataset.events["global"]]
    for event in events.to_dict("records"):
        sids = set(linked.get(event["id"], ()))
        if not sids and not event.get("stations"):
            for code in event.get("countries") or []:
                sids |= by_country.get(code, set())
        if sids:
            records.append((list(_texts_of_event(event)), sids))
    common = _common_words(t for texts, _ in records for t in texts)
    found: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for texts, sids in records:
        for text in texts:
            for name in proper_names(text, common):
                key = fold(name)
                spelled.setdefault(key, name)
                found[key] |= sids
    return {spelled[k]: frozenset(v) for k, v in found.items()}


def names_by_place(
    dataset: Dataset, places: gpd.GeoDataFrame, names: Mapping[str, frozenset[str]] | None = None
) -> dict[str, set[str]]:
    """Proper name -> the ids of the shown ``places`` whose stations' records name it (see
    names_by_station, which ``names`` may give precomputed); a place's own city or country name
    is left out (the place is found by it already)."""
    names = names_by_station(dataset) if names is None else names
    place_of = {sid: pid for pid, ids in zip(places["place_id"], places["station_ids"], strict=True) for sid in ids}
    own = {fold(str(v)) for column in ("city", "country") for v in places[column].dropna()}
    out: dict[str, set[str]] = {}
    for name, sids in names.items():
        pids = {place_of[s] for s in sids if s in place_of}
        if pids and fold(name) not in own:
            out[name] = pids
    return out


# --- the entries -------------------------------------------------------------------------------------


def search_entries(
    dataset: Dataset, places: gpd.GeoDataFrame, names: Mapping[str, frozenset[str]] | None = None
) -> list[SearchEntry]:
    """Everything the search box can find among ``places`` (the places the map shows); ``names``
    is names_by_station(dataset) when the caller keeps it."""
    if places.empty:
        return []
    names = names_by_place(dataset, places, names)
    aliases: dict[str, list[str]] = defaultdict(list)
    for name, pids in names.items():
        if len(pids) == 1:
            aliases[next(iter(pids))].append(name)
    label_of = dict(zip(places["place_id"], places["label"], strict=True))
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
        entries.append(
            SearchEntry(
                f"{label} · {kind} · {_count(int(count), 'station')}",
                "place",
                (pid,),
                key=f"place:{pid}",
                terms=tuple(sorted(aliases.get(pid, []))),
            )
        )
        place_of.update(dict.fromkeys(ids, pid))
    for name, pids in sorted(names.items()):
        where = label_of[next(iter(pids))] if len(pids) == 1 else _count(len(pids), "place")
        text = f"{name} · named in the records · {where}"
        entries.append(SearchEntry(text, "name", _ordered(pids, places), f"name:{fold(name)}"))
    for country, group in places.groupby("country", sort=True):
        entries.append(
            SearchEntry(
                f"{country} · country · {_count(int(group['count'].sum()), 'station')}",
                "country",
                tuple(group["place_id"]),
                key=f"country:{country}",
            )
        )
    shown = dataset.stations[dataset.stations["id"].isin(place_of.keys())]
    for sid in sorted(shown["id"]):
        entries.append(SearchEntry(f"{sid} · station", "station", (place_of[sid],), key=f"station:{sid}"))
    for bureau, group in shown.groupby("bureau", sort=True):
        pids = tuple(dict.fromkeys(place_of[s] for s in group["id"]))
        chinese = _bureau_name_zh(str(bureau))
        entries.append(
            SearchEntry(
                f"{bureau}{f' ({chinese})' if chinese else ''} bureau · {_count(len(group), 'station')}",
                "bureau",
                pids,
                key=f"bureau:{bureau}",
                bureau=str(bureau),
            )
        )
    links = dataset.links[dataset.links["station_id"].isin(place_of.keys())]
    actors = dataset.events.loc[~dataset.events["derived"], ["id", "actor"]].merge(
        links, left_on="id", right_on="event_id"
    )
    for actor, group in actors.groupby("actor", sort=True):
        pids = tuple(dict.fromkeys(place_of[s] for s in group["station_id"]))
        entries.append(SearchEntry(f"{actor} · actor · {_count(len(pids), 'place')}", "actor", pids, f"actor:{actor}"))
    return entries


def _ordered(pids: set[str], places: gpd.GeoDataFrame) -> tuple[str, ...]:
    return tuple(p for p in places["place_id"] if p in pids)


# --- matching ------------------------------------------------------------------------------------------


def _head(entry: SearchEntry) -> list[str]:
    """The words of what the entry is called (its text before the first " · ")."""
    return words(entry.text.split(" · ")[0])


def _matches(query_words: list[str], entry_words: list[str]) -> tuple[bool, int]:
    """(every query word starts a word of the entry, how many match a whole word); Chinese words
    match where they occur inside a word of the entry."""
    exact = 0
    for q in query_words:
        if _CJK.search(q):
            if not any(q in w for w in entry_words):
                return False, 0
            exact += 1
            continue
        if q in entry_words:
            exact += 1
        elif not any(w.startswith(q) for w in entry_words):
            return False, 0
    return True, exact


def search(entries: list[SearchEntry], query: str, limit: int = 10) -> list[SearchEntry]:
    """Entries whose words (name and aliases) start with every word of ``query``, accents and case
    ignored. First those whose name starts with the query ("Fuzhou" -> the Fuzhou bureau, "Lu
    Jianwang" -> that name), then those matching more whole words; then places, bureaus,
    countries, names, stations, actors; shorter names first."""
    query_words = words(query)
    if not query_words:
        return []
    scored = []
    for entry in entries:
        head = _head(entry)
        ok, exact = _matches(query_words, head + words(" ".join(entry.terms)))
        if not ok:
            continue
        starts = head[: len(query_words)] == query_words or (
            len(head) >= len(query_words)
            and head[: len(query_words) - 1] == query_words[:-1]
            and head[len(query_words) - 1].startswith(query_words[-1])
        )
        scored.append(((not starts, -exact, KIND_RANK[entry.kind], len(head), entry.text), entry))
    scored.sort(key=lambda s: s[0])
    return [entry for _, entry in scored[:limit]]
