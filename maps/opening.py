"""Which part of the world the Map page shows: its opening frame and every later move. Pure.

A frame is a box of places that the browser fits to the map's real size (``fit``, south-west
and north-east corners), so that a 1440 px window shows the places as large as they go, not a
world 512 px wide; or, for a link that names a position (``?view=lat,lon,zoom``), that position.

What decides it, in order:

- the session's first drawing: a linked place (``?place=``/``?station=``: that place, its popup
  open), a linked position, else every place shown (an ``?asof=`` link or an upload included);
- a new search pick: the places it names (one place: that place, its popup open);
- new filters or new data: every place shown;
- a new as-of date alone (the time slider, Play): the frame only grows to take in the places that
  appear, so the map does not jump month by month;
- anything else (a click, another basemap): the frame stays, and the reader's panning with it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import geopandas as gpd

from loaders.geography import points_extent

from .build import MapView

Corners = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east)), as Leaflet takes them

CITY_ZOOM = 9  # one city: its neighbours still in sight (as "jump to a city" always did)
COUNTRY_ZOOM = 5  # a place known only by its country: the country


@dataclass(frozen=True)
class MapFrame:
    key: Hashable  # what chose the frame: data version, filters but the date, search pick
    as_of: date | None
    fit: Corners | None = None  # None with no view: the world
    max_zoom: int = CITY_ZOOM
    view: MapView | None = None  # a position a link asked for, instead of a box
    open_place: str | None = None  # the place whose popup opens with the frame


def places_corners(places: gpd.GeoDataFrame) -> Corners | None:
    """The box round ``places``' points; None when none is placed."""
    extent = points_extent(places)
    if extent is None:
        return None
    west, south, east, north = (round(v, 4) for v in extent)
    return ((south, west), (north, east))


def _union(a: Corners | None, b: Corners | None) -> Corners | None:
    if a is None or b is None:
        return a or b
    return ((min(a[0][0], b[0][0]), min(a[0][1], b[0][1])), (max(a[1][0], b[1][0]), max(a[1][1], b[1][1])))


def _of_places(places: gpd.GeoDataFrame, key: Hashable, as_of: date | None, open_one: bool = False) -> MapFrame:
    corners = places_corners(places)
    if len(places) == 1:
        row = places.iloc[0]
        zoom = CITY_ZOOM if row["location_precision"] == "city" else COUNTRY_ZOOM
        return MapFrame(key, as_of, corners, zoom, open_place=str(row["place_id"]) if open_one else None)
    return MapFrame(key, as_of, corners)


def frame_map(
    places: gpd.GeoDataFrame,
    key: Hashable,
    as_of: date | None,
    *,
    previous: MapFrame | None = None,
    link_place: str | None = None,
    link_view: MapView | None = None,
    pick: Sequence[str] | None = None,
) -> MapFrame:
    """The frame for ``places`` (the places the map shows, with ``place_id``, ``location_precision``
    and a point each). ``key`` says what chose the places besides the date (the page passes the data
    version, the filters without the as-of date, and the search pick); ``previous`` is the frame of
    the last drawing, None on the session's first; ``link_place``/``link_view`` what a shared link
    asked for; ``pick`` the place ids of a search pick. See the module docstring for the rules."""
    if previous is None:
        if link_place is not None and link_place in set(places["place_id"]):
            return _of_places(places[places["place_id"] == link_place], key, as_of, open_one=True)
        if link_view is not None:
            return MapFrame(key, as_of, view=link_view)
    if previous is None or key != previous.key:
        if pick:
            picked = places[places["place_id"].isin(set(pick))]
            if len(picked):
                return _of_places(picked, key, as_of, open_one=True)
        return _of_places(places, key, as_of)
    if as_of != previous.as_of:
        if previous.view is not None or previous.fit is None:
            return replace(previous, as_of=as_of)
        grown = _union(previous.fit, places_corners(places))
        zoom = previous.max_zoom if grown == previous.fit else CITY_ZOOM
        return replace(previous, as_of=as_of, fit=grown, max_zoom=zoom)
    return previous
