"""Names on the exported images (issue 19): every marker named, a leader line's name never beside
another marker, a country-only marker named by its country, a country never cropped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import geopandas as gpd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from shapely.geometry import Point

from exports import render_map_image
from exports.framing import Area, area_bounds, country_body_bounds, stations_in_area
from exports.image import (
    THEMES,
    _draw_map,
    _font_scale,
    _renderer,
    expand_to_box,
    fit_bounds,
)
from loaders import Dataset, Filters, aggregate_places, filter_stations

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: bytes) -> list[str]:
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]


def area_places(dataset: Dataset, filters: Filters, area: Area) -> gpd.GeoDataFrame:
    return aggregate_places(stations_in_area(filter_stations(dataset, filters), area))


def marker_names(places: gpd.GeoDataFrame) -> set[str]:
    return {
        str(p.city) if p.location_precision == "city" else str(p.country)
        for p in places.itertuples()
        if p.location_precision in ("city", "country")
    }


@pytest.mark.parametrize(
    ("filters", "area", "preset"),
    [
        (Filters(countries=("NL",)), Area(), "16:9"),
        (Filters(countries=("NL",)), Area(), "1:1"),
        (Filters(countries=("IT",)), Area(), "1:1"),
        (Filters(countries=("IT",)), Area(), "4:5"),
        (Filters(), Area("Europe"), "16:9"),
        (Filters(countries=("US", "CA")), Area(), "16:9"),
    ],
    ids=["NL-16:9", "NL-1:1", "IT-1:1", "IT-4:5", "Europe", "US-CA"],
)
def test_every_marker_of_a_regional_image_is_named_by_its_city_or_country(
    bundled: Dataset, filters: Filters, area: Area, preset: str
) -> None:
    places = area_places(bundled, filters, area)
    texts = set(svg_texts(render_map_image(places, fmt="svg", preset=preset, bounds=area_bounds(area, places))))
    assert marker_names(places) - texts == set()


def test_rotterdam_has_a_station_and_its_name_whatever_the_gazetteer_offers(bundled: Dataset) -> None:
    places = area_places(bundled, Filters(countries=("NL",)), Area())
    texts = svg_texts(render_map_image(places, fmt="svg", preset="16:9"))
    assert "Rotterdam" in texts and "Amsterdam" in texts


def test_a_countrys_image_frames_the_whole_country_when_a_marker_stands_for_it(bundled: Dataset) -> None:
    italy = area_places(bundled, Filters(countries=("IT",)), Area())
    assert (italy["location_precision"] == "country").any()
    body = country_body_bounds("IT")
    assert body is not None and body[1] < 37.0, "Sicily is part of Italy's main body"
    view = expand_to_box(fit_bounds(italy), 10.8, 10.8)  # the square preset's map box
    assert view[0] <= body[0] and view[1] <= body[1] and view[2] >= body[2] and view[3] >= body[3]


# An upload's crowded middle of Europe, where a leader line's name ended beside another marker.
CROWD = [
    ("Frankfurt", 50.11, 8.68), ("Vienna", 48.21, 16.37), ("Munich", 48.14, 11.58), ("Stuttgart", 48.78, 9.18),
    ("Nuremberg", 49.45, 11.08), ("Zurich", 47.37, 8.54), ("Prague", 50.08, 14.44), ("Salzburg", 47.81, 13.04),
    ("Linz", 48.31, 14.29), ("Innsbruck", 47.27, 11.39), ("Basel", 47.56, 7.59), ("Mannheim", 49.49, 8.47),
    ("Karlsruhe", 49.01, 8.40), ("Augsburg", 48.37, 10.90), ("Regensburg", 49.01, 12.10), ("Graz", 47.07, 15.44),
    ("Bratislava", 48.15, 17.11), ("Brno", 49.20, 16.61), ("Wurzburg", 49.79, 9.95), ("Ulm", 48.40, 9.99),
]  # fmt: skip


def crowd_places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "place_id": [f"X:{c}" for c, _, _ in CROWD],
            "city": [c for c, _, _ in CROWD],
            "country": ["Somewhere"] * len(CROWD),
            "country_code": ["DE"] * len(CROWD),
            "label": [c for c, _, _ in CROWD],
            "location_precision": ["city"] * len(CROWD),
            "count": [1 + (i % 3) for i in range(len(CROWD))],
            "status": ["reported"] * len(CROWD),
        },
        geometry=[Point(lon, lat) for _, lat, lon in CROWD],
        crs="EPSG:4326",
    )


def leader_names_beside_other_markers(places: gpd.GeoDataFrame, size_in: tuple[float, float]) -> tuple[list, int]:
    """Draw ``places`` in a figure of ``size_in`` inches (an inset included, as the exports do) and
    return ([(name, the other marker it ends beside)], how many names sit at a leader line's end).
    In each axes the markers are its scatter points (the gazetteer's dots are far smaller)."""
    fig = Figure(figsize=size_in, dpi=100)
    k = _font_scale(*size_in)
    _draw_map(fig, (0, 0, 1, 1), places, fit_bounds(places), THEMES["light"], k, False, 100.0, True, True)
    renderer = _renderer(fig)
    px = fig.dpi / 72
    beside, leaders = [], 0
    for ax in fig.axes:
        centres = [
            tuple(xy)
            for c in ax.collections
            if isinstance(c, PathCollection) and len(c.get_sizes()) and c.get_sizes()[0] > 40
            for xy in c.get_offsets()
        ]
        for text in ax.texts:
            name = text.get_text()
            if not name or name.isdigit() or not hasattr(text, "xy") or tuple(text.xy) not in centres:
                continue
            box = text.get_window_extent(renderer)
            own = ax.transData.transform(text.xy)
            if math.dist(own, ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)) < 26 * k * px:
                continue  # beside its own marker: no leader line
            leaders += 1
            for xy in centres:
                if xy == tuple(text.xy):
                    continue
                x, y = ax.transData.transform(xy)
                if math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)) <= 7.0 * k * px:
                    beside.append((name, xy))
    return beside, leaders


@pytest.mark.parametrize("size_in", [(12.0, 6.75), (10.8, 10.8)], ids=["16:9", "1:1"])
def test_on_the_world_map_and_its_inset_a_leader_lines_name_ends_beside_no_other_marker(
    bundled: Dataset, size_in: tuple[float, float]
) -> None:
    beside, leaders = leader_names_beside_other_markers(aggregate_places(bundled.stations), size_in)
    assert leaders > 0, "the inset needs leader lines: the test would prove nothing"
    assert beside == []


@pytest.mark.parametrize("size_in", [(12.0, 6.75), (10.8, 10.8), (6.0, 4.0)], ids=["16:9", "1:1", "small"])
def test_in_a_crowd_every_marker_is_named_and_no_leader_ends_beside_another(size_in: tuple[float, float]) -> None:
    places = crowd_places()
    beside, leaders = leader_names_beside_other_markers(places, size_in)
    assert leaders > 0 and beside == []
    fig = Figure(figsize=size_in, dpi=100)
    _draw_map(fig, (0, 0, 1, 1), places, fit_bounds(places), THEMES["light"], _font_scale(*size_in), False, 100.0)
    assert {t.get_text() for t in fig.axes[0].texts} >= {c for c, _, _ in CROWD}, "every marker is named"
