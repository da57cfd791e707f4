"""Tests that fail on small deliberate bugs the other tests did not notice (issue 11).

Each was checked by making the bug and watching the test fail: the validator's own http(s) check
removed (the schema's pattern hides it, so it is tested below the schema), the latitude range
widened to ±180, several reports combined with AND instead of OR, repeated query parameters
keeping only the first value, or not de-duplicated.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from loaders import NO_REPORT, Dataset, Filters, filter_stations, filters_from_query
from loaders.files import read_raw
from loaders.rules import coordinate_problem, semantic_problems, url_problem
from tests.conftest import FIXTURE

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/a",
        "http://",
        "https:///path-only",
        "//example.org/no-scheme",
        " https://example.org/leading-space",
        "example.org",
    ],
)
def test_the_validator_itself_refuses_a_link_that_is_not_http_with_a_host(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG"])
def test_the_validator_accepts_http_and_https_links(url: str) -> None:
    assert url_problem(url) is None


def test_a_javascript_source_link_is_refused_below_the_schema_naming_file_record_and_field() -> None:
    raw = read_raw(FIXTURE)
    sources = copy.deepcopy(raw.sources)
    sources["sources"][3]["url"] = "javascript:alert(document.cookie)"
    bad = type(raw)(**{**raw.__dict__, "sources": sources})
    problems = [p for p in semantic_problems(bad, TODAY) if p.field == "url"]
    assert len(problems) == 1
    assert problems[0].file.endswith("sources.json")
    assert problems[0].record == 'source 3 (id "src-police")'
    assert "http(s)" in problems[0].message
    assert not semantic_problems(raw, TODAY), "the fixture itself is clean below the schema too"


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(0, 90.0001), (0, -90.5), (10, 100), (10, -179), (180.01, 0), (-181, 0), (float("nan"), 0), (0, float("inf"))],
)
def test_a_position_outside_wgs84_is_refused(lon: float, lat: float) -> None:
    assert coordinate_problem(lon, lat) is not None


@pytest.mark.parametrize(("lon", "lat"), [(0, 90), (0, -90), (180, 0), (-180, 0), (4.9, 52.37)])
def test_a_position_on_the_edge_of_wgs84_is_accepted(lon: float, lat: float) -> None:
    assert coordinate_problem(lon, lat) is None


def test_a_station_without_a_country_is_still_refused_at_latitude_100() -> None:
    # The country-bounds check hides the range check when a country is known; without one,
    # only the range check stands between the map and an impossible point.
    raw = read_raw(FIXTURE)
    stations = copy.deepcopy(raw.stations)
    stations["features"][0]["properties"]["country_code"] = "XX"
    stations["features"][0]["geometry"]["coordinates"] = [4.9, 100.0]
    bad = type(raw)(**{**raw.__dict__, "stations": stations})
    geometry = [p for p in semantic_problems(bad, TODAY) if p.field == "geometry"]
    assert len(geometry) == 1 and "out of range" in geometry[0].message
    assert geometry[0].record == 'feature 0 (id "nl-amsterdam-fuzhou-1")'


def test_several_reports_select_the_stations_of_any_of_them(mini: Dataset) -> None:
    either = set(filter_stations(mini, Filters(reports=("report-a", "report-b")))["id"])
    assert either == {
        "nl-amsterdam-fuzhou-1",
        "nl-rotterdam-fuzhou-1",
        "it-rome-qingtian-1",
        "it-rome-wenzhou-1",
        "de-country-nantong-1",
        "unplaced-wenzhou-1",
    }, "OR, not AND (AND would leave only Rome's Qingtian station, listed by both)"
    with_none = set(filter_stations(mini, Filters(reports=("report-a", NO_REPORT)))["id"])
    assert with_none == {
        "nl-amsterdam-fuzhou-1",
        "nl-rotterdam-fuzhou-1",
        "it-rome-qingtian-1",
        "ca-montreal-unknown-1",
    }


def test_a_query_key_given_twice_keeps_every_value(mini: Dataset) -> None:
    filters, _ = filters_from_query({"country": ["NL", "IT"], "report": ["report-a", "none"]}, mini)
    assert filters.countries == ("NL", "IT")
    assert filters.reports == ("report-a", "none")


def test_repeated_query_values_are_kept_once_with_a_notice(mini: Dataset) -> None:
    filters, warnings = filters_from_query({"country": ["NL", "NL,IT"], "status": "closed,closed"}, mini)
    assert filters.countries == ("NL", "IT")
    assert filters.statuses == ("closed",)
    assert any("repeated country" in w and "NL" in w for w in warnings)
    assert any("repeated status" in w for w in warnings)


@pytest.mark.parametrize(
    ("given", "used", "notice"),
    [
        ("2000-01-01", date(2022, 9, 12), "before the first event"),
        ("2099-01-01", TODAY, "after today"),
        ("2022-09-12", date(2022, 9, 12), None),
        ("garbage", None, "expected YYYY-MM-DD"),
    ],
)
def test_an_as_of_date_outside_the_date_box_is_clamped_with_a_notice(
    mini: Dataset, given: str, used: date | None, notice: str | None
) -> None:
    filters, warnings = filters_from_query({"asof": given}, mini, today=TODAY)
    assert filters.as_of == used
    if notice:
        assert len(warnings) == 1 and notice in warnings[0]
    else:
        assert warnings == []


def test_unknown_keys_and_huge_values_give_short_notices(mini: Dataset) -> None:
    filters, warnings = filters_from_query(
        {"fbclid": "x", "country": ",".join(["ZZ"] * 5000) + "," + "Q" * 10_000}, mini
    )
    assert filters == Filters()
    assert len(warnings) == 2 and all(len(w) < 300 for w in warnings)
    assert "fbclid" in warnings[0]
