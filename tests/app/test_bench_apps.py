"""The bench's floor app (bench/apps/floor_app.py) shows what bench/bench_map.py waits for.

The floor stands in for the map with one line, "N places shown", counted as ours counts places;
the bench waits for exactly that text after a cold load and after a country filter.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders import Dataset, Filters, aggregate_places, filter_stations
from tests.conftest import BUNDLED, ROOT

FLOOR = str(ROOT / "bench" / "apps" / "floor_app.py")


def places_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.endswith("places shown"))


def test_the_floor_shows_as_many_places_as_our_map_and_filters_by_the_sidebar_country(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset
) -> None:
    monkeypatch.setenv("OVERSEAS_STATIONS_DATA", str(BUNDLED))
    at = AppTest.from_file(FLOOR).run()
    assert not at.exception
    assert places_line(at) == f"{len(aggregate_places(bundled.stations))} places shown"
    country = at.sidebar.multiselect[0]
    assert country.label == "Country"
    country.set_value(["IT"]).run()
    it = len(aggregate_places(filter_stations(bundled, Filters(countries=("IT",)))))
    assert places_line(at) == f"{it} places shown"
    assert any(option.startswith("Italy (") for option in country.options), "labelled as ours: name (stations)"


def test_the_floor_takes_the_country_from_the_link_and_ignores_an_unknown_code(
    monkeypatch: pytest.MonkeyPatch, bundled: Dataset
) -> None:
    monkeypatch.setenv("OVERSEAS_STATIONS_DATA", str(BUNDLED))
    at = AppTest.from_file(FLOOR)
    at.query_params["country"] = "NL,ZZ"
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["NL"]
    nl = len(aggregate_places(filter_stations(bundled, Filters(countries=("NL",)))))
    assert places_line(at) == f"{nl} places shown"
