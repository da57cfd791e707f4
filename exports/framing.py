"""Which part of the world an export shows, and which stations that leaves in the picture.

An export's area is one of: fit the stations shown, the whole world, a named region, or the
view the reader left on the Map page. The area decides the framing and also *what the image
is about*: a Europe export counts, describes and names only the European stations, so its
file name, subtitle and alt text say the same thing the picture shows.

Regions are sets of countries (a station belongs to its country's region), not boxes: a box
round Europe takes in North Africa and misses Madeira; Russia's only station is placed in
Siberia and would stretch a Europe frame to the Pacific, so Russia counts with Asia here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from loaders.geography import clamp_lat
from maps.style import WORLD_BOUNDS  # the world as drawn, the same in the app and in images

Bounds = tuple[float, float, float, float]  # (min lon, min lat, max lon, max lat)


ALL_STATIONS = "all reported stations"  # ui.filters.describe_filters' words for no filter at all
AREA_FIT = "fit"
AREA_WORLD = "world"
AREA_VIEW = "view"

_EUROPE = (
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK "
    "MT NL NO PL PT RO RS SE SI SK SM UA VA XK"
)
_NORTH_AMERICA = "BM CA GL PM US"
_LATIN_AMERICA = (
    "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX "
    "NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
)
_AFRICA = (
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA "
    "NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
)
# Region name -> its countries (ISO 3166-1 alpha-2). Every other country is in "Asia and Oceania".
REGION_COUNTRIES: dict[str, frozenset[str]] = {
    "Europe": frozenset(_EUROPE.split()),
    "North America": frozenset(_NORTH_AMERICA.split()),
    "Latin America and the Caribbean": frozenset(_LATIN_AMERICA.split()),
    "Africa": frozenset(_AFRICA.split()),
    "Asia and Oceania": frozenset(),  # the rest
}
REST_REGION = "Asia and Oceania"
# Frames used only when a region has no station to fit (an empty selection still shows the region).
REGION_FALLBACK_BOUNDS: dict[str, Bounds] = {
    "Europe": (-11.0, 35.0, 32.0, 61.0),
    "North America": (-140.0, 15.0, -50.0, 62.0),
    "Latin America and the Caribbean": (-118.0, -56.0, -32.0, 33.0),
    "Africa": (-20.0, -36.0, 55.0, 38.0),
    "Asia and Oceania": (60.0, -48.0, 180.0, 56.0),
}
REGIONS = tuple(REGION_COUNTRIES)


MAIN_BODY_MIN_SHARE = 0.02  # an island or region of at least 2 % of the largest part's area (Sicily: ~10 %)
MAIN_BODY_MAX_DEG = 20.0  # ... whose centre lies within 20 degrees of it (not French Guiana, not Hawaii)


def country_body_bounds(country_code: str) -> Bounds | None:
    """The bounds of a country's main body: its largest part and the sizeable parts near it
    (Italy with Sicily and Sardinia; France without French Guiana). A marker that stands for
    "somewhere in this country" may be anywhere in it, so an image framing it shows this much."""
    from loaders.geography import country_shapes

    shape = country_shapes().get(country_code)
    if shape is None or shape.is_empty:  # type: ignore[attr-defined]
        return None
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(parts, key=lambda g: g.area)
    cx, cy = largest.centroid.x, largest.centroid.y
    body = [
        g
        for g in parts
        if g.area >= MAIN_BODY_MIN_SHARE * largest.area
        and math.hypot(g.centroid.x - cx, g.centroid.y - cy) <= MAIN_BODY_MAX_DEG
    ]
    west = min(g.bounds[0] for g in body)
    south = min(g.bounds[1] for g in body)
    east = max(g.bounds[2] for g in body)
    north = max(g.bounds[3] for g in body)
    return (west, south, east, north)


def region_of(country_code: Any) -> str | None:
    """The region a country's stations count in; None for no country (unplaced stations)."""
    if not isinstance(country_code, str) or not country_code:
        return None
    for name, codes in REGION_COUNTRIES.items():
        if country_code in codes:
            return name
    return REST_REGION


class IncompleteViewError(ValueError):
    """The Map page has not (yet) reported a complete view to export."""


NO_VIEW_MESSAGE = (
    "The Map page has not sent its view yet. Open the Map page, switch on “Use this map view for exports”, "
    "then pan or zoom the map once and come back."
)
INCOMPLETE_VIEW_MESSAGE = (
    "The Map page's view is incomplete (the map reported no edges yet). Go back to the Map page and pan or "
    "zoom the map once, then come back."
)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def view_bounds(raw: Any) -> Bounds:
    """The Map page's view as bounds an image can be drawn in.

    ``raw`` is what the Map page stored: a (west, south, east, north) tuple, or st_folium's
    ``{"_southWest": {"lat", "lng"}, "_northEast": {...}}``. Before the map has drawn once,
    st_folium reports ``None`` for every edge: that (or no view at all) raises
    IncompleteViewError with a message saying what to do. Longitudes of a map panned round
    the globe are brought back to [-180, 180); latitudes are clipped to what Leaflet draws.
    """
    if raw is None:
        raise IncompleteViewError(NO_VIEW_MESSAGE)
    if isinstance(raw, Mapping):
        sw, ne = raw.get("_southWest") or {}, raw.get("_northEast") or {}
        values = (sw.get("lng"), sw.get("lat"), ne.get("lng"), ne.get("lat"))
    else:
        try:
            values = tuple(raw)
        except TypeError:
            raise IncompleteViewError(INCOMPLETE_VIEW_MESSAGE) from None
    numbers = [_number(v) for v in values]
    if len(numbers) != 4 or any(n is None for n in numbers):
        raise IncompleteViewError(INCOMPLETE_VIEW_MESSAGE)
    west, south, east, north = (float(n) for n in numbers)  # type: ignore[arg-type]
    if east <= west or north <= south:
        raise IncompleteViewError(INCOMPLETE_VIEW_MESSAGE)
    if east - west >= 360:
        west, east = WORLD_BOUNDS[0], WORLD_BOUNDS[2]
    else:
        shift = math.floor((west + 180) / 360) * 360
        west, east = west - shift, min(east - shift, 360.0)
    south, north = clamp_lat(south), clamp_lat(north)
    return (west, south, east, north)


def _in_bounds(gdf: gpd.GeoDataFrame, bounds: Bounds) -> list[bool]:
    west, south, east, north = bounds
    out = []
    for geom in gdf.geometry:
        if geom is None or geom.is_empty:
            out.append(False)
            continue
        x, y = geom.x, geom.y
        inside_x = west <= x <= east or west <= x + 360 <= east
        out.append(inside_x and south <= y <= north)
    return out


@dataclass(frozen=True)
class Area:
    """What part of the world an export shows.

    ``kind`` is AREA_FIT, AREA_WORLD, AREA_VIEW or a region name; ``bounds`` the Map page's
    view for AREA_VIEW (checked with view_bounds), else None.
    """

    kind: str = AREA_FIT
    bounds: Bounds | None = None

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_COUNTRIES

    @property
    def name(self) -> str:
        """Words for a subtitle or alt text: "Europe", "the whole world", "the map's view"."""
        return {AREA_FIT: "", AREA_WORLD: "the whole world", AREA_VIEW: "the map's current view"}.get(
            self.kind, self.kind
        )

    @property
    def slug(self) -> str | None:
        """Its part of a file name; None when the area adds nothing to the countries' part."""
        if self.kind == AREA_FIT:
            return None
        return {AREA_WORLD: "world", AREA_VIEW: "map-view"}.get(self.kind, self.kind.lower().replace(" ", "-"))


def stations_in_area(stations_gdf: gpd.GeoDataFrame, area: Area) -> gpd.GeoDataFrame:
    """The stations the picture of ``area`` shows (and so counts and describes).

    Fit and world: all of them (unplaced stations included: the alt text counts them).
    A region: those of its countries. The map's view: those whose point lies inside it.
    """
    if area.kind in (AREA_FIT, AREA_WORLD):
        return stations_gdf
    if area.is_region:
        return stations_gdf[[region_of(c) == area.kind for c in stations_gdf["country_code"]]]
    if area.kind == AREA_VIEW:
        if area.bounds is None:
            raise IncompleteViewError(NO_VIEW_MESSAGE)
        return stations_gdf[_in_bounds(stations_gdf, area.bounds)]
    raise ValueError(f"unknown area {area.kind!r}; expected fit, world, view or one of {', '.join(REGIONS)}")


def area_bounds(area: Area, places_gdf: gpd.GeoDataFrame) -> Bounds | None:
    """The frame for ``area``: None (fit the places), the world, the region fitted tightly on its
    places (its fallback frame when it has none), or the Map page's view."""
    if area.kind == AREA_FIT:
        return None
    if area.kind == AREA_WORLD:
        return WORLD_BOUNDS
    if area.kind == AREA_VIEW:
        if area.bounds is None:
            raise IncompleteViewError(NO_VIEW_MESSAGE)
        return area.bounds
    if area.is_region:
        placed = places_gdf[places_gdf.geometry.notna()] if len(places_gdf) else places_gdf
        return None if len(placed) else REGION_FALLBACK_BOUNDS[area.kind]
    raise ValueError(f"unknown area {area.kind!r}")


def describe_area(description: str, area: Area) -> str:
    """The selection's words with the area added: "all reported stations in Europe",
    "Netherlands; status: Closed, in the map's current view". Fit and world add nothing."""
    if area.kind in (AREA_FIT, AREA_WORLD):
        return description
    where = area.name
    if description == ALL_STATIONS:
        return f"{ALL_STATIONS} in {where}"
    return f"{description}, in {where}"
