"""Validate the data files: JSON Schema first, then the rules a schema cannot say.

The command line that prints every problem is ``python -m loaders.validate`` (loaders/validate.py).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import orjson
import shapely

from .dates import parse_partial_date
from .errors import DataProblem, StationDataError
from .evidence import UNQUOTED_FILE, iter_claims, quote_flag, quote_problems, read_unquoted
from .files import RawData, read_raw
from .geography import country_shape, is_iso2
from .schemas import certainly_valid, validator
from .urls import http_url
from .verification import log_problems

MAX_RECORDS = 100_000  # per file: the map draws one marker per place, the checks visit every record
MAX_TEXT_CHARS = 20_000  # per text field: the longest curated note is under 500 characters

# name -> (top-level array key, singular used in messages)
_COLLECTIONS = {
    "stations": ("features", "feature"),
    "events": ("events", "event"),
    "sources": ("sources", "source"),
    "reports": ("reports", "report"),
    "disagreements": ("disagreements", "disagreement"),
}


def _items(doc: Any, key: str) -> list[Any]:
    value = doc.get(key) if isinstance(doc, dict) else None
    return value if isinstance(value, list) else []


def _record_id(item: Any, name: str) -> Any:
    if not isinstance(item, dict):
        return None
    if name == "stations":
        props = item.get("properties")
        return props.get("id") if isinstance(props, dict) else None
    return item.get("id")


def _record_label(name: str, index: int, item: Any) -> str:
    singular = _COLLECTIONS[name][1]
    rid = _record_id(item, name)
    return f'{singular} {index} (id "{rid}")' if isinstance(rid, str) else f"{singular} {index}"


class _Checker:
    """Collects problems for one data set; each check appends and never stops early."""

    def __init__(self, raw: RawData, today: date, require_quotes: bool = True) -> None:
        self.raw = raw
        self.today = today
        self.require_quotes = require_quotes
        self.problems: list[DataProblem] = []
        self._records: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._given_ids: dict[str, list[str]] = {}

    def add(self, name: str, record: str | None, field: str | None, message: str) -> None:
        self.problems.append(DataProblem(str(self.raw.path_of(name)), record, field, message))

    def records(self, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(label, record) for each record that is an object; labels made once per collection."""
        if name not in self._records:
            key = _COLLECTIONS[name][0]
            self._records[name] = [
                (_record_label(name, i, item), item)
                for i, item in enumerate(_items(getattr(self.raw, name), key))
                if isinstance(item, dict)
            ]
        return iter(self._records[name])

    # --- schema -----------------------------------------------------------------
    def check_schemas(self) -> None:
        for name, (key, _) in _COLLECTIONS.items():
            doc = getattr(self.raw, name)
            items = _items(doc, key)
            if certainly_valid(name, doc):
                continue  # else jsonschema lists every problem with its path
            for error in sorted(validator(name).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
                path = list(error.absolute_path)
                record = field = None
                if len(path) >= 2 and path[0] == key and isinstance(path[1], int):
                    record = _record_label(name, path[1], items[path[1]])
                    rest = [p for p in path[2:] if p != "properties"]
                    field = ".".join(str(p) for p in rest) or None
                elif path:
                    field = ".".join(str(p) for p in path)
                if error.validator == "additionalProperties" or error.validator == "required":
                    message = error.message
                elif error.validator == "enum":
                    allowed = ", ".join(map(str, error.validator_value))
                    message = f"expected one of {allowed}; got {error.instance!r}"
                else:
                    message = f"{error.message}"
                self.add(name, record, field, message)

    # --- ids and references ----------------------------------------------------
    def given_ids(self, name: str) -> list[str]:
        """The ids given as text, in file order, repeats included; made once per collection."""
        if name not in self._given_ids:
            self._given_ids[name] = [
                rid for _, item in self.records(name) if isinstance(rid := _record_id(item, name), str)
            ]
        return self._given_ids[name]

    def ids(self, name: str) -> set[str]:
        return set(self.given_ids(name))  # a new set each time: callers may change it

    def check_duplicate_ids(self) -> None:
        for name in _COLLECTIONS:
            if len(self.ids(name)) == len(self.given_ids(name)):
                continue  # no id is given twice: no record to name
            ids = UniqueIds()
            for label, item in self.records(name):
                rid = _record_id(item, name)
                if isinstance(rid, str) and (problem := ids.problem(label, rid)):
                    self.add(name, label, "id", problem)

    def check_refs(self, name: str, label: str, field: str, values: Any, known: set[str], target: str) -> None:
        if not isinstance(values, list):
            return
        for value in values:
            if isinstance(value, str) and value not in known:
                self.add(name, label, field, f'refers to unknown {target} "{value}" (not in {target}s)')

    def check_date(self, name: str, label: str, field: str, value: Any, *, allow_null: bool = False) -> date | None:
        if value is None and allow_null:
            return None
        problem = date_problem(value, self.today)
        if problem:
            self.add(name, label, field, problem)
            return None
        return parse_partial_date(value).start

    # --- stations -------------------------------------------------------------
    def check_stations(self, source_ids: set[str], report_ids: set[str]) -> None:
        places = OnePointPerPlace()
        located = [(label, _point_of(feature)) for label, feature in self.records("stations")]
        codes = [_props(f).get("country_code") for _, f in self.records("stations")]
        usable = [
            (c, *p) if p and coordinate_problem(*p) is None else (None, 0.0, 0.0)
            for c, (_, p) in zip(codes, located, strict=True)
        ]
        inside = inside_countries(usable)
        for (label, feature), position, within in zip(self.records("stations"), located, inside, strict=True):
            props = feature.get("properties")
            if not isinstance(props, dict):
                continue
            geometry = feature.get("geometry")
            precision = props.get("location_precision")
            code = props.get("country_code")
            city = props.get("city")
            if isinstance(code, str) and not is_iso2(code):
                self.add("stations", label, "country_code", f'"{code}" is not an ISO 3166-1 alpha-2 code')
            if precision == "city" and not city:
                self.add("stations", label, "city", 'location_precision "city" needs a city')
            if precision in ("country", "unplaced") and city:
                self.add("stations", label, "city", f'must be null when location_precision is "{precision}"')
            if precision in ("city", "country") and not code:
                self.add("stations", label, "country_code", f'location_precision "{precision}" needs a country')
            if precision == "unplaced" and geometry is not None:
                self.add("stations", label, "geometry", 'must be null when location_precision is "unplaced"')
            if precision in ("city", "country") and geometry is None:
                self.add("stations", label, "geometry", f'location_precision "{precision}" needs a Point')
            point = position[1]
            if point is not None:
                found = point_problem(point[0], point[1], code if is_iso2(code) else None, inside=within)
                if found is not None:
                    self.add("stations", label, "geometry", found.message)
                elif (
                    precision == "city"
                    and isinstance(code, str)
                    and isinstance(city, str)
                    and (problem := places.problem(label, code, city, point[0], point[1]))
                ):
                    self.add("stations", label, "geometry", problem)
            if isinstance(city, str) and (problem := text_problem(city, name=True)):
                self.add("stations", label, "city", problem)
            if props.get("origin") == "report" and props.get("reports") == []:
                self.add("stations", label, "reports", 'origin "report" needs at least one report')
            self.check_refs("stations", label, "sources", props.get("sources"), source_ids, "source")
            self.check_refs("stations", label, "reports", props.get("reports"), report_ids, "report")

    # --- events ----------------------------------------------------------------
    def check_events(self, source_ids: set[str], station_ids: set[str]) -> None:
        for label, event in self.records("events"):
            self.check_date("events", label, "date", event.get("date"))
            self.check_refs("events", label, "sources", event.get("sources"), source_ids, "source")
            self.check_refs("events", label, "stations", event.get("stations"), station_ids, "station")
            for code in _list(event.get("countries")):
                if isinstance(code, str) and not is_iso2(code):
                    self.add("events", label, "countries", f'"{code}" is not an ISO 3166-1 alpha-2 code')
            actor_country = event.get("actor_country")
            if isinstance(actor_country, str) and not is_iso2(actor_country):
                self.add("events", label, "actor_country", f'"{actor_country}" is not an ISO 3166-1 alpha-2 code')
            if not (event.get("stations") or event.get("countries") or event.get("global")):
                self.add(
                    "events", label, "stations", 'concerns nothing: give "stations", "countries" or "global": true'
                )

    # --- sources, reports, disagreements -----------------------------------------
    def check_sources(self) -> None:
        for label, source in self.records("sources"):
            url = source.get("url")
            if isinstance(url, str) and (problem := url_problem(url)):
                self.add("sources", label, "url", problem)
            published = self.check_date("sources", label, "published", source.get("published"), allow_null=True)
            accessed = self.check_date("sources", label, "accessed", source.get("accessed"))
            if published and accessed and published > accessed:
                self.add("sources", label, "published", "published after the date it was accessed")

    def check_reports(self, source_ids: set[str]) -> None:
        for label, report in self.records("reports"):
            self.check_date("reports", label, "published", report.get("published"))
            self.check_refs("reports", label, "sources", report.get("sources"), source_ids, "source")
            for rev in _list(report.get("revisions")):
                if isinstance(rev, dict):
                    self.check_date("reports", label, "revisions.date", rev.get("date"))
                    self.check_refs("reports", label, "revisions.sources", rev.get("sources"), source_ids, "source")

    def check_disagreements(self, source_ids: set[str], station_ids: set[str]) -> None:
        for label, item in self.records("disagreements"):
            self.check_refs("disagreements", label, "stations", item.get("stations"), station_ids, "station")
            for claim in _list(item.get("claims")):
                if isinstance(claim, dict):
                    self.check_refs(
                        "disagreements", label, "claims.sources", claim.get("sources"), source_ids, "source"
                    )

    def check_unused_sources(self) -> None:
        uncited = self.ids("sources")
        # The small files first: once every source is cited, the stations need no walk.
        for name in ("events", "reports", "disagreements", "stations"):
            for _, item in self.records(name):
                if not uncited:
                    break
                uncited.difference_update(_cited_sources(item))
        for label, source in self.records("sources"):
            if isinstance(source.get("id"), str) and source["id"] in uncited:
                self.add("sources", label, "id", "cited by nothing: remove it or cite it")

    def check_every_station_dated(self) -> None:
        named: set[str] = set()
        countries: set[str] = set()
        any_global = False
        for _, event in self.records("events"):
            named.update(v for v in _list(event.get("stations")) if isinstance(v, str))
            countries.update(v for v in _list(event.get("countries")) if isinstance(v, str))
            any_global = any_global or event.get("global") is True
        for label, feature in self.records("stations"):
            props = feature.get("properties")
            if not isinstance(props, dict) or props.get("reports") or any_global:
                continue
            if props.get("id") not in named and props.get("country_code") not in countries:
                self.add("stations", label, "reports", "no report lists it and no event concerns it: it has no date")

    def check_sizes(self) -> bool:
        """Refuse collections too large to check or draw; True if any is (the rest is then skipped)."""
        too_big = False
        for name, (key, singular) in _COLLECTIONS.items():
            count = len(_items(getattr(self.raw, name), key))
            if count > MAX_RECORDS:
                self.add(name, None, key, f"{count:,} {singular}s: at most {MAX_RECORDS:,} can be checked and drawn")
                too_big = True
        return too_big

    def check_texts(self) -> None:
        """Every text is at most MAX_TEXT_CHARS long and is valid Unicode without control characters."""
        for name in _COLLECTIONS:
            records = list(self.records(name))
            for start in range(0, len(records), _TEXT_CHUNK):
                chunk = records[start : start + _TEXT_CHUNK]
                if not _texts_certainly_fine([item for _, item in chunk]):
                    self.check_texts_one_by_one(name, chunk)

    def check_texts_one_by_one(self, name: str, records: list[tuple[str, dict[str, Any]]]) -> None:
        for label, item in records:
            texts = _all_strings(item)
            if max(map(len, texts), default=0) <= MAX_TEXT_CHARS and not _any_odd_text(texts):  # type: ignore[arg-type]
                continue  # the common case, checked without field names
            for field, text in _strings(item):
                if len(text) > MAX_TEXT_CHARS:
                    self.add(name, label, field, f"text of {len(text):,} characters: at most {MAX_TEXT_CHARS:,}")
                elif (name != "stations" or field != "city") and (problem := text_problem(text)):
                    self.add(name, label, field, problem)  # a station's city is checked as a name

    # --- evidence ----------------------------------------------------------------
    def check_evidence(self) -> None:
        """Every quote is short, non-empty, from a source the record cites, translated if not English;
        every claim has a quote unless data/unquoted.json still lists it (a list that only shrinks)."""
        languages = {
            item["id"]: item.get("language") for _, item in self.records("sources") if isinstance(item.get("id"), str)
        }
        unquoted_path = str(self.raw.stations_path.parent / UNQUOTED_FILE)
        pending = None
        # Only the curated data has a list of claims still unquoted beside it. An upload's path is
        # a label made from its file name, never a place on this server's disk to read from.
        if self.require_quotes:
            try:
                pending = read_unquoted(self.raw.stations_path)
            except (ValueError, OSError) as exc:  # json.JSONDecodeError is a ValueError
                self.problems.append(DataProblem(unquoted_path, None, None, f"cannot be read: {exc}"))
        allowed = set(pending or [])
        claims = list(iter_claims(self.raw.stations, self.raw.events, self.raw.disagreements))
        seen = {claim.key for claim in claims}
        for claim in claims:
            messages = [m for item in claim.evidence for m in quote_problems(item, claim.cited, languages)]
            quoted = quote_flag(claim.evidence) is None
            if quoted and not messages and claim.key not in allowed:
                continue  # the common case: nothing to say
            name = "stations" if claim.key.startswith("station:") else claim.key.split(":")[0] + "s"
            for message in messages:
                self.add(name, claim.label, claim.field, message)
            if not quoted and self.require_quotes and claim.key.startswith("event:"):
                # Every event of the curated data was quoted: none may fall back into the unquoted list.
                self.add(
                    name,
                    claim.label,
                    claim.field,
                    f"{claim.key} has no quote: every event needs a quote from a page it cites",
                )
            elif not quoted and claim.key not in allowed and self.require_quotes:
                self.add(
                    name,
                    claim.label,
                    claim.field,
                    f"{claim.key} has no quote: give evidence (source, quote, translation) from a page it cites",
                )
            if quoted and claim.key in allowed:
                self.problems.append(
                    DataProblem(unquoted_path, None, "claims", f"{claim.key} has a quote now: remove it from the list")
                )
        for key in sorted(allowed - seen):
            self.problems.append(DataProblem(unquoted_path, None, "claims", f"{key} is not a claim of the data"))
        if self.require_quotes:  # the curated data's verification and search logs; an upload has none
            ids = self.ids("events") | self.ids("disagreements") | self.ids("stations")
            files = {kind: str(self.raw.path_of(f"{kind}s")) for kind in ("station", "event", "disagreement")}
            self.problems += log_problems(self.raw.stations_path, claims, ids, self.today, files)

    def run(self) -> list[DataProblem]:
        if self.check_sizes():
            return self.problems
        self.check_schemas()
        return self.run_semantic()

    def check_not_empty(self) -> None:
        if isinstance(self.raw.stations, dict) and not _items(self.raw.stations, "features"):
            self.add("stations", None, "features", "no features: the map needs at least one station")

    def run_semantic(self) -> list[DataProblem]:
        self.check_not_empty()
        self.check_duplicate_ids()
        source_ids, station_ids, report_ids = self.ids("sources"), self.ids("stations"), self.ids("reports")
        self.check_stations(source_ids, report_ids)
        self.check_events(source_ids, station_ids)
        self.check_sources()
        self.check_reports(source_ids)
        self.check_disagreements(source_ids, station_ids)
        self.check_unused_sources()
        self.check_every_station_dated()
        self.check_texts()
        self.check_evidence()
        return self.problems


def _list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one (the schema check has said what is wrong)."""
    return value if isinstance(value, list) else []


def _all_strings(item: Any) -> list[str]:
    """Every string inside ``item`` (keys too), walked without recursion. Exact type checks: this
    runs over every record of a 100 000-station file."""
    found: list[str] = []
    stack = [item]
    pop, push, add, add_all = stack.pop, stack.extend, found.append, found.extend
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            add(value)
        elif kind is dict:
            add_all(value)  # JSON keys are text
            push(value.values())
        elif kind is list:
            push(value)
    return found


_TEXT_CHUNK = 5_000  # records written out at once by _texts_certainly_fine (about 7 MB of a station file)
# How orjson writes a control character in a text: \u00XX, \b or \f (a tab, line feed or carriage
# return as \t, \n, \r: allowed in texts), DEL as it is. It escapes nothing else but \\ and \".
_CONTROL_ESCAPES = b"ubf"
_DEL = b"\x7f"
_QUOTE = ord('"')


def _texts_certainly_fine(items: list[Any]) -> bool:
    """True if every text in ``items`` (keys too) is certainly valid Unicode, at most MAX_TEXT_CHARS
    long and free of control characters; False means "look at each record" (check_texts_one_by_one
    says which text is wrong and why, and may find nothing). Decided on the items written out as
    JSON by orjson, with searches at C speed, instead of a walk over every value in Python (1.3 s of
    CPU for 100 000 stations): orjson refuses a lone surrogate (and anything it cannot write: a key
    that is not text, an integer beyond 64 bits); a control character shows as DEL or as one of the
    escapes above; and every quotation mark that is not escaped opens or closes a text, so a text of
    more than MAX_TEXT_CHARS characters (each written as at least a byte) is a stretch between two
    of them that covers a whole block of half that size."""
    try:
        written = orjson.dumps(items)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return False
    if written.find(_DEL) >= 0:
        return False
    escaped_quotes = set()
    at = written.find(b"\\")
    while at >= 0:  # a backslash and the byte after it are one escape (so \\\" is a backslash, then a quote)
        escaped = written[at + 1]
        if escaped in _CONTROL_ESCAPES:
            return False
        if escaped == _QUOTE:
            escaped_quotes.add(at + 1)
        at = written.find(b"\\", at + 2)
    block = MAX_TEXT_CHARS // 2
    for start in range(0, len(written) - block + 1, block):
        at = written.find(b'"', start, start + block)
        while at in escaped_quotes:
            at = written.find(b'"', at + 1, start + block)
        if at < 0:
            return False
    return True


def _any_odd_text(texts: list[str]) -> bool:
    """True if any text is not valid Unicode or holds a control character: one C-speed pass over all
    of them (joined by spaces, so that two halves of a surrogate pair in two texts stay apart)."""
    try:
        joined = " ".join(texts)
    except TypeError:  # a key that is not text, in data built in memory: said by the schema check
        joined = " ".join(map(str, texts))
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return _CONTROL_CHARACTER.search(joined) is not None


def _strings(item: Any) -> Iterator[tuple[str, str]]:
    """(dotted field, text) for every string inside ``item``, walked without recursion."""
    stack: list[tuple[str, Any]] = [("", item)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path.removeprefix("properties.") or "(value)", value
        elif isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path, v) for v in value)


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be linked to, or None: only http(s) links with a host are ever rendered.

    The schema's pattern says the same, but this check is the one the app relies on (uploads
    and the popups reach it without the schema), so it is tested on its own.
    """
    if http_url(url) is None or url != url.strip():
        return f"expected an http(s) URL with a host; got {url[:200]!r}"
    return None


def _number_text(value: Any) -> str:
    text = str(value) if not isinstance(value, int) or abs(value) < 10**30 else f"a {len(str(abs(value)))}-digit number"
    return text if len(text) <= 40 else text[:39] + "…"


def _as_float(value: Any) -> float | None:
    """``value`` as a finite float, or None (not a number, infinite, NaN, or too large for a float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of 309 digits or more
        return None
    return number if math.isfinite(number) else None


def coordinate_problem(lon: Any, lat: Any) -> str | None:
    """Why [lon, lat] is not a WGS 84 position, or None."""
    x, y = _as_float(lon), _as_float(lat)
    if x is None or y is None:
        return f"coordinates [{_number_text(lon)}, {_number_text(lat)}] are not finite numbers"
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        return f"coordinates [{x}, {y}] out of range: expected [longitude -180..180, latitude -90..90]"
    return None


# --- rules shared by the curated data and uploads ------------------------------------------------

# Distance from a country's Natural Earth 1:50m outline within which a point still counts as in it:
# coasts are simplified by a few kilometres, small islands and city-states are a few pixels, and a
# harbour city's centre may sit on the water's edge. About 30 km of latitude.
INSIDE_TOLERANCE_DEG = 0.27
PROJECTED_ABOVE = 1000  # no degree is this large: the numbers are metres or feet of a projection


@dataclass(frozen=True)
class PointProblem:
    """What is wrong with a point, and which coordinate says so ("both" when it is the pair)."""

    axis: Literal["lat", "lon", "both"]
    message: str


def point_problem(lon: Any, lat: Any, code: str | None, inside: bool | None = None) -> PointProblem | None:
    """Why (lon, lat) cannot be a station in the country ``code`` (None: not checked), or None.

    Not finite, projected (metres, not degrees), out of range (with a hint when the two look
    swapped), or outside the country (more than INSIDE_TOLERANCE_DEG from its outline; when the
    swapped pair is inside, it says so). ``inside``: the answer of inside_countries when the
    caller checked many points at once.
    """
    x, y = _as_float(lon), _as_float(lat)
    if x is None or y is None:
        return PointProblem("both", coordinate_problem(lon, lat) or "")
    if max(abs(x), abs(y)) > PROJECTED_ABOVE:
        return PointProblem(
            "both",
            f"[{x}, {y}] looks like projected coordinates (metres), not WGS 84 degrees: "
            "reproject to EPSG:4326 longitude/latitude",
        )
    if not -90 <= y <= 90:
        swapped = -90 <= x <= 90 and -180 <= y <= 180
        hint = " (latitude and longitude look swapped)" if swapped else ""
        return PointProblem("lat", f"latitude {y} out of range -90..90{hint}")
    if not -180 <= x <= 180:
        return PointProblem("lon", f"longitude {x} out of range -180..180")
    if code is None:
        return None
    if inside is None:
        inside = inside_countries([(code, x, y)])[0]
    if inside is not False:
        return None
    if inside_countries([(code, y, x)])[0]:
        return PointProblem(
            "both", f"point (latitude {y}, longitude {x}) lies outside {code}: latitude and longitude look swapped"
        )
    return PointProblem("both", f"point (latitude {y}, longitude {x}) lies outside {code}")


@cache
def _prepared_shape(code: str) -> Any:
    shape = country_shape(code)
    if shape is not None:
        shapely.prepare(shape)
    return shape


def inside_countries(points: Sequence[tuple[Any, float, float]]) -> list[bool | None]:
    """For each (country code, lon, lat): within INSIDE_TOLERANCE_DEG of the country's outline?
    None where the code is not a country with an outline. Checked a country at a time, vectorised:
    a 100 000-station file takes a second."""
    result: list[bool | None] = [None] * len(points)
    by_code: dict[str, list[int]] = {}
    for i, (code, _, _) in enumerate(points):
        if isinstance(code, str) and is_iso2(code):
            by_code.setdefault(code, []).append(i)
    for code, rows in by_code.items():
        shape = _prepared_shape(code)
        if shape is None:
            continue
        xs = np.array([float(points[i][1]) for i in rows])
        ys = np.array([float(points[i][2]) for i in rows])
        within = shapely.dwithin(shape, shapely.points(xs, ys), INSIDE_TOLERANCE_DEG)
        for i, ok in zip(rows, within, strict=True):
            result[i] = bool(ok)
    return result


class OnePointPerPlace:
    """One place, one point: the same place (country and name, any case) given two points is refused."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str], tuple[float, float, str]] = {}

    def problem(self, label: str, code: str, name: str, lon: float, lat: float) -> str | None:
        key = (code, name.casefold())
        first = self._first.setdefault(key, (lon, lat, label))
        if first[:2] == (lon, lat):
            return None
        return (
            f"{name}, {code} is at (latitude {lat}, longitude {lon}) here but at (latitude {first[1]}, "
            f"longitude {first[0]}) in {first[2]}: one place, one point (give it the same point, or another name)"
        )


class UniqueIds:
    """Ids are unique: every repeat is refused, naming where the id was first given."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def problem(self, label: str, rid: str) -> str | None:
        first = self._first.setdefault(rid, label)
        return None if first == label else f'duplicate id "{rid}" (first in {first}): ids must be unique'


def date_problem(value: Any, today: date) -> str | None:
    """Why ``value`` is not a date known to a year, a month or a day up to ``today``, or None."""
    try:
        parsed = parse_partial_date(value)
    except ValueError:
        shown = str(value) if len(str(value)) <= 40 else str(value)[:39] + "…"
        return f'unparseable date: "{shown}" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)'
    if parsed.start > today:
        return f"date {value} is in the future (today is {today.isoformat()})"
    return None


_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DIRECTION_OVERRIDE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def text_problem(text: str, *, name: bool = False) -> str | None:
    """Why ``text`` cannot be shown as it is, or None: a lone surrogate (not Unicode: it breaks
    every encoder downstream) or a control character anywhere; in a name (``name``) also a line
    break or tab, a direction override (it makes a name read backwards) or no visible character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start + 1}: not Unicode text"
    control = (_NAME_CONTROL if name else _CONTROL_CHARACTER).search(text)
    if control:
        return f"holds the control character U+{ord(control.group()):04X} at character {control.start() + 1}"
    if not name or (text.isprintable() and text.strip()):
        return None  # the common case, without a look at each character
    override = _DIRECTION_OVERRIDE.search(text)
    if override:
        return (
            f"holds the direction override U+{ord(override.group()):04X} at character {override.start() + 1}: "
            "a name must read as it is written"
        )
    if not any(unicodedata.category(c)[0] in "LNPS" for c in text):
        return "has no visible character: a name must be readable"
    return None


def _props(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature.get("properties")
    return props if isinstance(props, dict) else {}


def _point_of(feature: dict[str, Any]) -> tuple[Any, Any] | None:
    """A feature's (lon, lat) as given, if it has two numbers (the schema says what else is wrong)."""
    geometry = feature.get("geometry")
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if isinstance(coords, list) and len(coords) == 2 and all(isinstance(c, int | float) for c in coords):
        return coords[0], coords[1]
    return None


def semantic_problems(raw: RawData, today: date | None = None) -> list[DataProblem]:
    """The problems the JSON Schema cannot see (references, ranges, links, dates), without the schema pass."""
    return _Checker(raw, today or date.today()).run_semantic()


def _cited_sources(item: Any) -> list[str]:
    """Every value under a "sources" key anywhere inside ``item`` (geometries hold none);
    walked without recursion, with exact type checks (a 100 000-station file has two million
    values; parsed JSON holds only plain dicts and lists)."""
    found: list[str] = []
    stack = [item]
    pop, push = stack.pop, stack.append
    while stack:
        value = pop()
        if type(value) is dict:
            for key, child in value.items():
                kind = type(child)
                if key == "sources" and kind is list:
                    found += [v for v in child if isinstance(v, str)]
                elif key != "geometry" and (kind is dict or kind is list):
                    push(child)
        elif type(value) is list:
            stack += [v for v in value if type(v) is dict or type(v) is list]
    return found


def validate_raw(raw: RawData, today: date | None = None, require_quotes: bool = True) -> list[DataProblem]:
    """Every problem in the five files, in file order; an empty list means valid.

    ``require_quotes``: every claim needs a quote (the curated data: its data/unquoted.json lists the
    exceptions). A newsroom's own upload is held to everything else but may carry no quotes.
    """
    return _Checker(raw, today or date.today(), require_quotes).run()


def validate_stations(stations_path: Path | str, today: date | None = None) -> list[DataProblem]:
    """Read and validate ``stations.geojson`` and its companions; return every problem found.

    A file that cannot be read or parsed is itself reported as a problem.
    """
    return read_and_validate(stations_path, today)[0]


def read_and_validate(stations_path: Path | str, today: date | None = None) -> tuple[list[DataProblem], RawData | None]:
    """``validate_stations``'s problems, and the parsed files (None when they could not be read):
    ``python -m loaders.validate`` keeps them to the end of its process rather than free them."""
    try:
        raw = read_raw(stations_path)
    except StationDataError as exc:
        return exc.problems, None
    return validate_raw(raw, today), raw
