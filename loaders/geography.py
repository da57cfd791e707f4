"""Country reference: ISO 3166-1 codes (pycountry) and Natural Earth outlines (world-atlas).

The outlines are Natural Earth 1:50m (public domain) as packaged by the npm module
``world-atlas`` 2.0.2, vendored under ``vendor/world-atlas/``.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pycountry
import shapely
from shapely.geometry import Point

if TYPE_CHECKING:
    import geopandas as gpd

ROOT = Path(__file__).resolve().parent.parent
WORLD_ATLAS_DIR = ROOT / "vendor" / "world-atlas"

# Degrees allowed outside a country's bounding box before a point counts as outside it:
# Natural Earth 1:50m simplifies coasts and small islands by up to a few kilometres.
BOUNDS_MARGIN_DEG = 0.5
# Web Mercator (Leaflet, the exports' maps) ends here: the one limit every frame and link clamps to
# (static/js/stations-map.js receives it as its bbox's limit through the same number, 85).
MERCATOR_MAX_LAT = 85.0511


def clamp_lat(lat: float) -> float:
    """A latitude inside what a Web Mercator map can show."""
    return max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))


def points_extent(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the placed points of ``gdf`` (missing and empty geometries
    ignored), or None when none is placed: the one definition of "the places' extent"."""
    import geopandas as gpd  # here, not at the top: the validator reads outlines without geopandas

    geometry = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    points = geometry[geometry.notna() & ~geometry.is_empty] if len(geometry) else geometry
    if len(points) == 0:
        return None
    west, south, east, north = (float(v) for v in points.total_bounds)
    return west, south, east, north


@cache  # a 100 000-station file asks for the same few dozen codes over and over
def country_name(iso2: str) -> str | None:
    """The common English name for an ISO 3166-1 alpha-2 code, or None if unknown."""
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def is_iso2(code: object) -> bool:
    return isinstance(code, str) and len(code) == 2 and _known_alpha_2(code)


@cache
def _known_alpha_2(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=2)
def read_countries(scale: str = "50m") -> gpd.GeoDataFrame:
    """Natural Earth countries at ``scale`` ("50m" or "110m") with an ``iso2`` column, EPSG:4326.

    Geometries are as stored: rings that cross ±180° are not yet split or repaired
    (maps.basemap.world_outlines does both, in that order).
    """
    import pyogrio  # with geopandas and pandas: imported by what draws maps, not by the validator

    path = WORLD_ATLAS_DIR / f"countries-{scale}.json"
    gdf = pyogrio.read_dataframe(path, layer="countries")
    # world-atlas keeps the ISO 3166-1 numeric code in the TopoJSON id; pyogrio names it "id".
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    numeric = gdf["id"].astype("string")
    gdf["iso2"] = [_iso2_from_numeric(n) for n in numeric]
    return gdf


def _iso2_from_numeric(numeric: object) -> str | None:
    if not isinstance(numeric, str) or not numeric.isdigit():
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2 if country else None


@lru_cache(maxsize=1)
def country_shapes() -> dict[str, object]:
    """ISO2 -> shapely geometry (1:50m), countries with several parts merged (and made valid)."""
    return {iso2: shape for iso2 in _country_parts() if (shape := country_shape(iso2)) is not None}


@cache
def country_shape(iso2: str) -> object | None:
    """One country's outline as in ``country_shapes``, or None: made when first asked for (the
    validator asks for the few dozen countries its stations are in, not all 235)."""
    parts = _country_parts().get(iso2)
    if not parts:
        return None
    return shapely.union_all(shapely.make_valid(np.array(parts, dtype=object)))


@lru_cache(maxsize=1)
def _country_parts() -> dict[str, list[Any]]:
    """ISO2 -> its polygons as stored, read from the TopoJSON by ``topojson_shapes`` without
    geopandas: the validator needs outlines, and importing geopandas and pandas took half a
    second of its start."""
    parts: dict[str, list[Any]] = {}
    for numeric, geometry in topojson_shapes(WORLD_ATLAS_DIR / "countries-50m.json", "countries"):
        iso2 = _iso2_from_numeric(numeric)
        if iso2 is not None:
            parts.setdefault(iso2, []).append(geometry)
    return parts


def topojson_shapes(path: Path, layer: str) -> list[tuple[str | None, Any]]:
    """(id, shapely Polygon or MultiPolygon) of each polygon geometry of a TopoJSON ``layer``, as
    GDAL's TopoJSON driver reads it: quantized arcs delta-decoded and transformed, each ring the
    arcs joined (a negative index ~i is arc i reversed; an arc's first point repeats the last one's
    end and is dropped). Rings as stored: not split at ±180° nor repaired (make_valid does that)."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)
        if transform is not None:
            points = points.cumsum(axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)

    def ring(indexes: list[int]) -> np.ndarray:
        pieces = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
        return np.concatenate([pieces[0], *(piece[1:] for piece in pieces[1:])])

    def polygon(rings: list[list[int]]) -> Any:
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    shapes: list[tuple[str | None, Any]] = []
    for geometry in topology["objects"][layer]["geometries"]:
        gid = geometry.get("id")
        numeric = None if gid is None else str(gid)
        if geometry["type"] == "Polygon":
            shapes.append((numeric, polygon(geometry["arcs"])))
        elif geometry["type"] == "MultiPolygon":
            shapes.append((numeric, shapely.MultiPolygon([polygon(p) for p in geometry["arcs"]])))
    return shapes


@cache
def country_bounds(iso2: str) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the country, or None if Natural Earth lacks it."""
    shape = country_shapes().get(iso2)
    return None if shape is None else tuple(shape.bounds)  # type: ignore[attr-defined]


def is_within_country(iso2: str, lon: float, lat: float) -> bool | None:
    """True if (lon, lat) lies in the country's bounding box (with margin); None if unknown country."""
    bounds = country_bounds(iso2)
    if bounds is None:
        return None
    minx, miny, maxx, maxy = bounds
    m = BOUNDS_MARGIN_DEG
    return minx - m <= lon <= maxx + m and miny - m <= lat <= maxy + m


def representative_point(iso2: str) -> Point | None:
    """A point guaranteed inside the country's largest part (for country-level stations)."""
    shape = country_shapes().get(iso2)
    if shape is None:
        return None
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(parts, key=lambda g: g.area)
    return largest.representative_point()
