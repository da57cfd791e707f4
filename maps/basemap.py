"""The offline basemap: Natural Earth country outlines, split at the antimeridian."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import geopandas as gpd
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry

from loaders.geography import read_countries

ANTARCTICA_NUMERIC = "010"  # its ring circles the pole; no station is there, so it is left out


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose parts jump across ±180° into pieces that stay on one side.

    A part wider than 180° is taken to wrap around: its negative longitudes are moved
    east by 360°, and the result is cut at 180° with the eastern piece moved back.
    """
    parts = list(getattr(geom, "geoms", [geom]))
    out: list[Polygon] = []
    for part in parts:
        if not isinstance(part, Polygon) or part.is_empty:
            continue
        minx, _, maxx, _ = part.bounds
        if maxx - minx <= 180:
            out.append(part)
            continue
        shifted = Polygon(
            [(x + 360 if x < 0 else x, y) for x, y in part.exterior.coords],
            [[(x + 360 if x < 0 else x, y) for x, y in ring.coords] for ring in part.interiors],
        ).buffer(0)
        west = shifted.intersection(box(0, -90, 180, 90))
        east = translate(shifted.intersection(box(180, -90, 540, 90)), xoff=-360)
        for piece in (west, east):
            out.extend(p for p in getattr(piece, "geoms", [piece]) if isinstance(p, Polygon) and not p.is_empty)
    return MultiPolygon(out) if len(out) != 1 else out[0]


@lru_cache(maxsize=2)
def world_outlines(scale: str = "110m") -> gpd.GeoDataFrame:
    """Country outlines (EPSG:4326) ready to draw: no Antarctica, nothing crossing ±180°."""
    gdf = read_countries(scale)
    gdf = gdf[gdf["id"].astype("string") != ANTARCTICA_NUMERIC].copy()
    # Split first: repairing a ring that jumps from 180° to -180° turns it into a band across the map.
    gdf["geometry"] = [split_antimeridian(g) for g in gdf.geometry]
    gdf["geometry"] = gdf.geometry.make_valid()
    return gdf[["iso2", "name", "geometry"]].reset_index(drop=True)


def outlines_geojson(scale: str = "110m", precision: int = 3) -> dict[str, Any]:
    """The outlines as a GeoJSON dict, coordinates rounded to ``precision`` decimals (~100 m)."""
    features = []
    for row in world_outlines(scale).itertuples(index=False):
        geometry = json.loads(json.dumps(mapping(row.geometry)), parse_float=lambda s: round(float(s), precision))
        features.append({"type": "Feature", "properties": {"iso2": row.iso2, "name": row.name}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}
