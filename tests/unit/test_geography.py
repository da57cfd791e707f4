"""loaders.geography: the places' extent and the Web Mercator limit, each defined once."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from loaders.geography import MERCATOR_MAX_LAT, clamp_lat, points_extent

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("loaders", "maps", "exports", "ui", "pages")


def _python_files() -> list[Path]:
    return [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")] + [ROOT / "app.py"]


def test_the_extent_skips_unplaced_and_empty_points() -> None:
    gdf = gpd.GeoDataFrame(geometry=[Point(4.9, 52.4), None, Point(), Point(-74.0, 40.7)], crs="EPSG:4326")
    assert points_extent(gdf) == (-74.0, 40.7, 4.9, 52.4)
    assert points_extent(gdf.iloc[[1, 2]]) is None and points_extent(gdf.iloc[:0]) is None


def test_a_latitude_is_clamped_to_what_web_mercator_shows() -> None:
    assert clamp_lat(89.9) == MERCATOR_MAX_LAT and clamp_lat(-90) == -MERCATOR_MAX_LAT and clamp_lat(52.0) == 52.0


def test_the_extent_and_the_mercator_limit_have_one_definition() -> None:
    # A second copy (".total_bounds" on the places, or the limit typed again) would drift.
    home = ROOT / "loaders" / "geography.py"
    copies = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _python_files()
        if p != home
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if ".total_bounds" in line or re.search(r"\b85\.0\d*\b", line)
    ]
    assert copies == [], copies
