"""Which part of the world the Map page shows (maps.opening.frame_map): a table of cases."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import Point

from maps.opening import CITY_ZOOM, COUNTRY_ZOOM, MapFrame, frame_map, places_corners


def places(*rows: tuple[str, float, float, str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"place_id": [r[0] for r in rows], "location_precision": [r[3] for r in rows]},
        geometry=[Point(r[2], r[1]) for r in rows],
        crs="EPSG:4326",
    )


AMS = ("NL:Amsterdam", 52.37, 4.9, "city")
ROT = ("NL:Rotterdam", 51.92, 4.48, "city")
NYC = ("US:New York", 40.71, -74.0, "city")
DE = ("DE:*", 51.0, 10.0, "country")
WORLD = places(AMS, ROT, NYC, DE)
EUROPE = places(AMS, ROT, DE)
KEY, OTHER = ("v1", (), None), ("v1", (("country", "NL"),), None)
EARLY, LATE = date(2022, 9, 30), date(2023, 6, 30)


@pytest.mark.parametrize(
    ("case", "shown", "key", "as_of", "previous", "kwargs", "expected"),
    [
        ("the default: every place shown", WORLD, KEY, None, None, {},
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0)))),
        ("an ?asof= link: the places shown at that date, framed the same way", EUROPE, KEY, EARLY, None, {},
         MapFrame(KEY, EARLY, ((51.0, 4.48), (52.37, 10.0)))),
        ("an uploaded dataset (another data version): its places", EUROPE, ("v2", (), None), None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {},
         MapFrame(("v2", (), None), None, ((51.0, 4.48), (52.37, 10.0)))),
        ("a ?place= link: that place at city zoom, its popup open", WORLD, KEY, None, None,
         {"link_place": "NL:Rotterdam"},
         MapFrame(KEY, None, ((51.92, 4.48), (51.92, 4.48)), CITY_ZOOM, open_place="NL:Rotterdam")),
        ("a link to a place not shown: every place", WORLD, KEY, None, None, {"link_place": "ZZ:Atlantis"},
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0)))),
        ("a ?view= link: that position", WORLD, KEY, None, None, {"link_view": ((50.0, 10.0), 6)},
         MapFrame(KEY, None, view=((50.0, 10.0), 6))),
        ("a search pick of one city: that city, its popup open", WORLD, ("v1", (), "place:US:New York"), None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {"pick": ("US:New York",)},
         MapFrame(("v1", (), "place:US:New York"), None, ((40.71, -74.0), (40.71, -74.0)), CITY_ZOOM,
                  open_place="US:New York")),
        ("a search pick of a country-level place: the country", WORLD, ("v1", (), "place:DE:*"), None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {"pick": ("DE:*",)},
         MapFrame(("v1", (), "place:DE:*"), None, ((51.0, 10.0), (51.0, 10.0)), COUNTRY_ZOOM, open_place="DE:*")),
        ("a search pick of several places: all of them, no popup", WORLD, ("v1", (), "bureau"), None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {"pick": ("NL:Amsterdam", "NL:Rotterdam")},
         MapFrame(("v1", (), "bureau"), None, ((51.92, 4.48), (52.37, 4.9)))),
        ("new filters: the places they select", EUROPE, OTHER, None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {},
         MapFrame(OTHER, None, ((51.0, 4.48), (52.37, 10.0)))),
        ("a later date alone: the frame widens to the places that appeared", WORLD, KEY, LATE,
         MapFrame(KEY, EARLY, ((51.0, 4.48), (52.37, 10.0))), {},
         MapFrame(KEY, LATE, ((40.71, -74.0), (52.37, 10.0)))),
        ("an earlier date alone: the frame stays (the map does not jump month by month)", EUROPE, KEY, EARLY,
         MapFrame(KEY, LATE, ((40.71, -74.0), (52.37, 10.0))), {},
         MapFrame(KEY, EARLY, ((40.71, -74.0), (52.37, 10.0)))),
        ("a click or another basemap: the same frame, so the reader's panning stays", WORLD, KEY, None,
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0))), {"link_place": "NL:Amsterdam"},
         MapFrame(KEY, None, ((40.71, -74.0), (52.37, 10.0)))),
        ("nothing shown: the world", places(), KEY, None, None, {}, MapFrame(KEY, None, None)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)  # fmt: skip
def test_the_map_frames_what_the_reader_asked_for(
    case: str, shown: gpd.GeoDataFrame, key: object, as_of: date | None, previous: MapFrame | None,
    kwargs: dict[str, object], expected: MapFrame,
) -> None:  # fmt: skip
    assert frame_map(shown, key, as_of, previous=previous, **kwargs) == expected  # type: ignore[arg-type]


def test_the_corners_of_no_placed_point_are_none() -> None:
    assert places_corners(places()) is None
    assert places_corners(places(NYC)) == ((40.71, -74.0), (40.71, -74.0))
