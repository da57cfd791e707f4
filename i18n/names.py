"""Country, region and place names in the exports' languages, never translated by hand.

- Countries: Unicode CLDR's territory names through Babel ("Niederlande", "荷兰"); English keeps the
  app's own names (loaders.geography), so an English export does not change.
- Regions of exports.framing: CLDR's names of the UN regions they are made of, joined the
  language's way ("Asien und Ozeanien"); English keeps the app's own.
- Places (cities): static/basemap/places.json's ``names`` table, written by scripts/build_places.py
  from Natural Earth's populated places or CLDR's exemplar cities; a city neither names keeps its
  own spelling.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.core import get_global
from babel.dates import get_timezone_location

from loaders.geography import country_name as english_country_name

from . import DEFAULT_LANGUAGE, LANGUAGES, join_list

PLACES_PATH = Path(__file__).resolve().parent.parent / "static" / "basemap" / "places.json"
PLACE_SEPARATOR = "|"  # "Amsterdam|NL": a city's key in places.json's names table

# exports.framing's regions as CLDR's UN M.49 regions: Europe (150), Northern America (021), Latin
# America (419) and the Caribbean (029), Africa (002), Asia (142) and Oceania (009).
REGION_TERRITORIES: dict[str, tuple[str, ...]] = {
    "Europe": ("150",),
    "North America": ("021",),
    "Latin America and the Caribbean": ("419", "029"),
    "Africa": ("002",),
    "Asia and Oceania": ("142", "009"),
}


def country_name(code: object, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """A country's name in ``lang`` from CLDR; None for a code CLDR and pycountry do not know."""
    if not isinstance(code, str) or not code:
        return None
    english = english_country_name(code)
    if english is None or lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return english  # CLDR would call an unknown code "Unknown Region": None says so plainly
    return LANGUAGES[lang].babel.territories.get(code) or english


def region_name(region: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An export region's name in ``lang`` (the app's own words in English)."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES or region not in REGION_TERRITORIES:
        return region
    territories = LANGUAGES[lang].babel.territories
    return join_list([territories[code] for code in REGION_TERRITORIES[region]], lang)


def _folded(name: str) -> str:
    """Accents and case set aside, so the data's "Bogotá" meets CLDR's "Bogota"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def _exemplar_zones() -> dict[tuple[str, str], str]:
    """(English exemplar city, folded; country code) -> the time zone CLDR names after that city."""
    out: dict[tuple[str, str], str] = {}
    for zone, territory in get_global("zone_territories").items():
        try:
            city = get_timezone_location(zone, locale="en", return_city=True)
        except LookupError:  # a zone CLDR lists but the tz database does not ship (Etc/Unknown)
            continue
        if city and territory != "001":
            out.setdefault((_folded(city), territory), zone)
    return out


def cldr_city_names(name: str, country_code: str) -> dict[str, str]:
    """{language: name} for a city that names a time zone in CLDR (its "exemplar city"), matched on
    the English name and the country; {} for any other city. Used by scripts/build_places.py."""
    zone = _exemplar_zones().get((_folded(name), country_code))
    if zone is None:
        return {}
    return {
        lang: get_timezone_location(zone, locale=language.babel, return_city=True)
        for lang, language in LANGUAGES.items()
        if lang != DEFAULT_LANGUAGE
    }


@cache
def _place_table(path: Path = PLACES_PATH) -> tuple[tuple[str, ...], Mapping[str, list[str | None]]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    names = doc.get("names") or {}
    return tuple(names.get("languages") or ()), names.get("places") or {}


def place_name(name: str, country_code: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A city's name in ``lang`` (places.json's table), else the name as given."""
    if lang == DEFAULT_LANGUAGE or not isinstance(country_code, str):
        return name
    languages, places = _place_table()
    row = places.get(f"{name}{PLACE_SEPARATOR}{country_code}")
    if row is None or lang not in languages:
        return name
    return row[languages.index(lang)] or name


def place_names(name: str, country_code: object) -> set[str]:
    """Every name a city is known by here (for search: a reader may type 米兰 or Mailand)."""
    return {name, *(place_name(name, country_code, lang) for lang in LANGUAGES)}
