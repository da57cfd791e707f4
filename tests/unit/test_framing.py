"""exports.framing: the area an export frames, names and counts."""

from __future__ import annotations

import geopandas as gpd
import pytest

from exports import (
    ImageText,
    alt_text,
    export_subtitle,
    render_map_image,
)
from exports.framing import (
    AREA_VIEW,
    NO_VIEW_MESSAGE,
    Area,
    IncompleteViewError,
    area_bounds,
    describe_area,
    stations_in_area,
    view_bounds,
)
from exports.image import check_bounds, fit_bounds
from loaders import Dataset, aggregate_places

WORLD = (-170.0, -58.0, 190.0, 80.0)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    "raw",
    [
        (None, None, None, None),
        {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}},
        {"_southWest": {"lat": 40.0, "lng": 0.0}, "_northEast": {"lat": None, "lng": 10.0}},
        (0.0, float("nan"), 10.0, 50.0),
        (10.0, 40.0, 0.0, 50.0),
        "nonsense",
        {},
    ],
)
def test_an_incomplete_map_view_is_refused_with_a_message_saying_to_pan_or_zoom(raw: object) -> None:
    with pytest.raises(IncompleteViewError, match="pan or zoom the map once"):
        view_bounds(raw)


def test_no_map_view_at_all_says_how_to_send_one() -> None:
    with pytest.raises(IncompleteViewError, match="Use this map view for exports") as info:
        view_bounds(None)
    assert str(info.value) == NO_VIEW_MESSAGE


def test_the_image_renderer_refuses_bounds_with_none_instead_of_crashing(places: gpd.GeoDataFrame) -> None:
    with pytest.raises(IncompleteViewError, match="pan or zoom"):
        render_map_image(places, bounds=(None, None, None, None))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pan or zoom"):
        check_bounds((1.0, 2.0, float("inf"), 3.0))


def test_a_map_view_from_st_folium_is_read_and_a_panned_round_globe_is_brought_back() -> None:
    raw = {"_southWest": {"lat": 40.5, "lng": -2.0}, "_northEast": {"lat": 55.0, "lng": 20.0}}
    assert view_bounds(raw) == (-2.0, 40.5, 20.0, 55.0)
    assert view_bounds((358.0, 40.0, 380.0, 50.0)) == (-2.0, 40.0, 20.0, 50.0)
    assert view_bounds((-400.0, -89.0, 400.0, 89.0))[0::2] == (-170.0, 190.0)  # wider than the world
    assert view_bounds((0.0, -89.0, 10.0, 89.0))[1] == pytest.approx(-85.0511)


def test_the_map_view_area_keeps_only_the_stations_inside_it(mini: Dataset) -> None:
    inside = stations_in_area(mini.stations, Area(AREA_VIEW, (3.0, 50.0, 6.0, 53.0)))
    assert set(inside["country_code"]) == {"NL"}
    assert len(inside) == 2


def test_a_region_holds_its_countries_stations_and_is_framed_tightly_on_them(mini: Dataset) -> None:
    europe = stations_in_area(mini.stations, Area("Europe"))
    assert set(europe["country_code"]) == {"NL", "IT", "DE"}  # not Canada, not the unplaced one
    places = aggregate_places(europe)
    assert area_bounds(Area("Europe"), places) is None  # None: fit on the region's places
    minx, miny, maxx, maxy = fit_bounds(places)
    assert minx > -10 and maxx < 30 and miny > 30 and maxy < 65  # Rome to Amsterdam, not Iceland to the Urals


def test_russia_counts_in_asia_so_a_europe_frame_never_reaches_siberia() -> None:
    from exports import region_of

    assert region_of("RU") == "Asia and Oceania"
    assert region_of("PT") == "Europe" and region_of("US") == "North America" and region_of(None) is None


def test_the_area_is_named_in_the_selection_words() -> None:
    assert describe_area("all reported stations", Area("Europe")) == "all reported stations in Europe"
    assert describe_area("Netherlands", Area(AREA_VIEW, (0, 0, 1, 1))) == "Netherlands, in the map's current view"
    assert describe_area("Netherlands", Area()) == "Netherlands"


def test_the_subtitle_and_alt_text_count_only_the_region_shown(mini: Dataset) -> None:
    europe = stations_in_area(mini.stations, Area("Europe"))
    selection = describe_area("all reported stations", Area("Europe"))
    assert export_subtitle(europe, selection) == (
        "All reported stations in Europe: 5 stations in 3 countries, by place, coloured by status"
    )
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    assert export_subtitle(nl, "Netherlands") == "Netherlands: 2 stations, by place, coloured by status"
    assert export_subtitle(nl, "the map's view").startswith("The map's view: 2 stations in Netherlands")
    text = alt_text(europe, aggregate_places(europe), selection)
    assert "all reported stations in Europe" in text and "5 stations" in text and "Canada" not in text


# --- labels, inset, size -----------------------------------------------------------------------
