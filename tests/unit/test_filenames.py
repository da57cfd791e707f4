"""exports.filenames: what an export file is called."""

from __future__ import annotations

from datetime import date

import pytest

from exports import (
    ImageText,
    export_filename,
)
from exports.framing import (
    AREA_VIEW,
    AREA_WORLD,
    Area,
)
from loaders import Filters

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
    ("filters", "ext", "expected"),
    [
        (Filters(), "png", "overseas-stations_world_2026-11-23.png"),
        (Filters(countries=("NL",)), "png", "overseas-stations_netherlands_2026-11-23.png"),
        (Filters(countries=("NL", "IT")), ".SVG", "overseas-stations_netherlands-italy_2026-11-23.svg"),
        (Filters(countries=("NL", "IT", "DE")), "csv", "overseas-stations_selection_2026-11-23.csv"),
        (Filters(statuses=("closure_ordered",)), "pdf", "overseas-stations_world_closure-ordered_2026-11-23.pdf"),
        (
            Filters(countries=("CA",), as_of=date(2023, 1, 1)),
            "html",
            "overseas-stations_canada_as-of-2023-01-01_2026-11-23.html",
        ),
    ],
)
def test_export_filename_says_what_and_when(filters: Filters, ext: str, expected: str) -> None:
    assert export_filename(filters, ext, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("filters", "area", "expected"),
    [
        (Filters(), Area("Europe"), "overseas-stations_europe_2026-11-23.png"),
        (Filters(), Area(AREA_WORLD), "overseas-stations_world_2026-11-23.png"),
        (Filters(), Area(AREA_VIEW, (0.0, 40.0, 10.0, 50.0)), "overseas-stations_map-view_2026-11-23.png"),
        (Filters(countries=("NL",)), Area("Europe"), "overseas-stations_netherlands_2026-11-23.png"),
        (
            Filters(countries=("NL",)),
            Area(AREA_VIEW, (0.0, 40.0, 10.0, 50.0)),
            "overseas-stations_netherlands_map-view_2026-11-23.png",
        ),
        (
            Filters(as_of=date(2023, 1, 1)),
            Area("Latin America and the Caribbean"),
            "overseas-stations_latin-america-and-the-caribbean_as-of-2023-01-01_2026-11-23.png",
        ),
    ],
)
def test_export_filename_names_the_area_when_no_country_is_chosen(filters: Filters, area: Area, expected: str) -> None:
    assert export_filename(filters, "png", date(2026, 11, 23), area) == expected


def test_export_filename_rejects_an_extension_that_could_escape_the_name() -> None:
    with pytest.raises(ValueError):
        export_filename(Filters(), "png/../x", date(2026, 11, 23))


# --- tables ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pictured", "expected"),
    [
        (["NL", "IT", "FR"], "overseas-stations_europe_2026-11-23.png"),
        (["US", "CA"], "overseas-stations_north-america_2026-11-23.png"),
        (["NL", "US"], "overseas-stations_world_2026-11-23.png"),
        ([None], "overseas-stations_world_2026-11-23.png"),
    ],
)
def test_an_image_fitted_to_its_stations_is_named_after_the_region_it_frames(
    pictured: list[str | None], expected: str
) -> None:
    assert export_filename(Filters(), "png", date(2026, 11, 23), Area(), pictured) == expected
    assert export_filename(Filters(), "png", date(2026, 11, 23), None, pictured) == expected
