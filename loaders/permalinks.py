"""Links to a place, a station or a map position: ``?place=NL:Amsterdam``, ``?station=<id>``,
``?view=52.37,4.90,7``; and what changed since a date: ``?since=2025-01-01`` (Map and Reactions).
Pure: parse what a shared link says, never raise, say what was ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd

from .filters import Filters, filters_to_query
from .geography import clamp_lat

PLACE_KEYS = ("place", "station", "view")  # where the Map page opens, besides the filters
SINCE_KEY = "since"  # "what changed since <date>": the Map and Reactions pages, kept in their links
MAP_KEYS = (*PLACE_KEYS, SINCE_KEY)  # every parameter the Map page reads besides the filters
REACTIONS_KEYS = (SINCE_KEY,)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_ZOOM, MAX_ZOOM = 1, 12  # as maps.build: city level is as precise as the data gets
_SHOWN = 40


@dataclass(frozen=True)
class LinkTarget:
    """What a link asks the map to show first."""

    place_index: int | None = None  # row of the places frame: zoom to it, open its popup and panel
    view: tuple[tuple[float, float], int] | None = None  # ((lat, lon), zoom) the reader had panned to
    notices: tuple[str, ...] = ()


def _first(query: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    raw = query.get(key)
    if raw is None:
        return None
    values = [raw] if isinstance(raw, str) else list(raw)
    return str(values[0]).strip() if values else None


def _quoted(text: str) -> str:
    return "“" + (text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…") + "”"


def parse_view(text: str) -> tuple[tuple[float, float], int] | None:
    """``lat,lon,zoom`` -> ((lat, lon), zoom), clamped to the map's range; None if it is not that."""
    parts = text.split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (lat, lon, zoom)):
        return None
    lat = clamp_lat(lat)
    lon = (lon + 180.0) % 360.0 - 180.0
    return (round(lat, 4), round(lon, 4)), int(max(MIN_ZOOM, min(MAX_ZOOM, round(zoom))))


def link_target(
    query: Mapping[str, str | Sequence[str]], places: gpd.GeoDataFrame, stations: gpd.GeoDataFrame
) -> LinkTarget:
    """What ``query`` asks the Map page to show among ``places`` (the filtered places) and
    ``stations`` (every station of the data): a place (``place`` or ``station``), else a view."""
    notices: list[str] = []
    index = None
    place = _first(query, "place")
    station = _first(query, "station")
    if station and not place:
        match = stations[stations["id"] == station]
        if match.empty:
            notices.append(f"No station {_quoted(station)} in the data: the link's station was ignored.")
        else:
            row = match.iloc[0]
            if row["location_precision"] == "unplaced":
                notices.append(f"Station {_quoted(station)} is counted by a report but placed by no public source.")
            else:
                place = f"{row['country_code']}:{row['city']}" if row["location_precision"] == "city" else None
                place = place or f"{row['country_code']}:*"
    if place:
        hits = [i for i, pid in enumerate(places["place_id"]) if pid == place]
        if hits:
            index = hits[0]
        else:
            notices.append(f"No place {_quoted(place)} on the map with these filters: the link's place was ignored.")
    view = None
    view_text = _first(query, "view")
    if view_text and index is None:
        view = parse_view(view_text)
        if view is None:
            notices.append(f"Ignored the map position {_quoted(view_text)}: expected latitude,longitude,zoom.")
    return LinkTarget(index, view, tuple(notices))


def parse_since(raw: str | Sequence[str] | None, today: date) -> tuple[date | None, str | None]:
    """``?since=YYYY-MM-DD`` -> (the day, None); a value that is not a day up to today -> (None, a
    notice quoting it); absent or empty -> (None, None). The first value of a repeated key counts."""
    text = (_first({SINCE_KEY: raw}, SINCE_KEY) or "") if raw is not None else ""
    if not text:
        return None, None
    try:
        day = date.fromisoformat(text) if _ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        return None, f"Ignored “since” {_quoted(text)} in the link: expected a date as YYYY-MM-DD, e.g. 2025-01-01."
    if day > today:
        return None, f"Ignored “since” {day.isoformat()} in the link: it is after today, so nothing has changed since."
    return day, None


def place_link(page_url: str | None, filters: Filters, place_id: str, since: date | None = None) -> str:
    """A link that reopens the Map page with ``filters`` on ``place_id``, its popup open (and the
    "since" view of ``since`` when given)."""
    from urllib.parse import urlencode

    base = (page_url or "").split("?", 1)[0].split("#", 1)[0]
    extra = {SINCE_KEY: since.isoformat()} if since else {}
    return f"{base}?{urlencode({**filters_to_query(filters), **extra, 'place': place_id}, safe=',:*')}"


CORRECTION_PAGE = "correct"  # the app's "Suggest a correction" page (its url_path)


def app_root(page_url: str | None) -> str:
    """The app's root URL from any of its pages' URLs ("http://host/country?x=1" -> "http://host/");
    "" when unknown (links are then relative to the app's root page)."""
    from urllib.parse import urlsplit, urlunsplit

    if not page_url:
        return ""
    parts = urlsplit(page_url)
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path[: path.rfind("/") + 1], "", ""))


def correction_link(page_url: str | None, record: str, version: str) -> str:
    """The link to suggest a correction of ``record`` (``place:<place id>``, a station or an event
    id) as it reads in data version ``version`` (its first 12 hex digits):
    ``<app>/correct?version=<12 hex>&record=<record>``. ``record`` comes last and is encoded as
    JavaScript's encodeURIComponent does for ids, so the map's renderer can append a place's id
    to the link of ``place:`` (maps.build.RendererOptions.correction_url)."""
    return f"{app_root(page_url)}{CORRECTION_PAGE}?version={uri_component(version[:12])}&record={uri_component(record)}"


def uri_component(text: str) -> str:
    """``text`` percent-encoded exactly as JavaScript's encodeURIComponent does."""
    from urllib.parse import quote

    return quote(text, safe="!*'()")


LANG_PARAM = "lang"  # the Export page's language (issue 18): ?lang=de


def link_language(query: Mapping[str, str | Sequence[str]]) -> tuple[str, tuple[str, ...]]:
    """The language a link asks for (``?lang=``), and a notice per thing ignored.

    A region tag folds to its catalogue ("de-AT" -> "de", "zh-TW" -> "zh-Hant") silently; a
    language the exports do not have is English, with a notice that quotes it; a second value
    is ignored with a notice, as the filters do with a second date."""
    from i18n import DEFAULT_LANGUAGE, LANGUAGES, language_of

    raw = query.get(LANG_PARAM)
    values = [] if raw is None else [raw] if isinstance(raw, str) else [str(v) for v in raw]
    values = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not values:
        return DEFAULT_LANGUAGE, ()
    first, *rest = values
    notices = [f"Ignored the further languages {', '.join(_quoted(v) for v in rest)} in the link."] if rest else []
    lang = language_of(first)
    folded = first.lower().replace("_", "-")
    if lang == DEFAULT_LANGUAGE and folded != "en" and not folded.startswith("en-"):
        expected = ", ".join(LANGUAGES)
        notices.insert(
            0, f"Ignored the language {_quoted(first)} in the link: expected one of {expected}; showing English."
        )
    return lang, tuple(notices)
