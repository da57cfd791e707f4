"""Each kind of bad input gives a message naming the file, the record and the field."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from loaders import StationDataError, load_dataset, validate_stations
from loaders.files import read_raw
from loaders.rules import coordinate_problem, semantic_problems, url_problem
from loaders.validate import main as validate_main
from tests.conftest import FIXTURE

TODAY = date(2026, 11, 23)


def copy_fixture(tmp_path: Path) -> Path:
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / "stations.geojson"


def edit(path: Path, change: Callable[[Any], None]) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


def station(doc: Any, i: int) -> dict[str, Any]:
    return doc["features"][i]["properties"]


CASES: dict[str, tuple[str, Callable[[Any], None], list[str]]] = {
    "swapped lat lon": (
        "stations.geojson",
        lambda d: d["features"][0]["geometry"].update(coordinates=[52.3676, 4.9041]),
        ['feature 0 (id "nl-amsterdam-fuzhou-1")', 'field "geometry"', "lies outside NL", "look swapped"],
    ),
    "coordinates out of range": (
        "stations.geojson",
        lambda d: d["features"][2]["geometry"].update(coordinates=[212.5, 41.9]),
        ['feature 2 (id "it-rome-qingtian-1")', 'field "geometry"', "out of range"],
    ),
    "duplicate ids": (
        "stations.geojson",
        lambda d: station(d, 1).update(id="nl-amsterdam-fuzhou-1"),
        ['feature 1 (id "nl-amsterdam-fuzhou-1")', 'field "id"', "duplicate id"],
    ),
    "unknown bureau": (
        "stations.geojson",
        lambda d: station(d, 0).update(bureau="Fujian"),
        ['feature 0 (id "nl-amsterdam-fuzhou-1")', 'field "bureau"', "expected one of Fuzhou", "'Fujian'"],
    ),
    "unknown precision": (
        "stations.geojson",
        lambda d: station(d, 0).update(location_precision="street"),
        ['field "location_precision"', "expected one of city, country, unplaced"],
    ),
    "not an iso code": (
        "stations.geojson",
        lambda d: station(d, 0).update(country_code="XX"),
        ['field "country_code"', '"XX" is not an ISO 3166-1 alpha-2 code'],
    ),
    "dangling source on a station": (
        "stations.geojson",
        lambda d: station(d, 3).update(sources=["src-nowhere"]),
        ['feature 3 (id "it-rome-wenzhou-1")', 'field "sources"', 'unknown source "src-nowhere"'],
    ),
    "dangling report": (
        "stations.geojson",
        lambda d: station(d, 3).update(reports=["report-z"]),
        ['field "reports"', 'unknown report "report-z"'],
    ),
    "city point with a null geometry": (
        "stations.geojson",
        lambda d: d["features"][0].update(geometry=None),
        ['field "geometry"', 'location_precision "city" needs a Point'],
    ),
    "event without sources": (
        "events.json",
        lambda d: d["events"][0].update(sources=[]),
        ["events.json", 'event 0 (id "nl-closure-order")', 'field "sources"', "should be non-empty"],
    ),
    "event pointing at a missing station": (
        "events.json",
        lambda d: d["events"][0]["stations"].append("nl-utrecht-fuzhou-1"),
        ['event 0 (id "nl-closure-order")', 'field "stations"', 'unknown station "nl-utrecht-fuzhou-1"'],
    ),
    "event in the future": (
        "events.json",
        lambda d: d["events"][1].update(date="2031-01-01"),
        ['event 1 (id "it-investigation")', 'field "date"', "in the future"],
    ),
    "unparseable event date": (
        "events.json",
        lambda d: d["events"][1].update(date="2022-02-30"),
        ['event 1 (id "it-investigation")', 'field "date"', "unparseable date"],
    ),
    "unknown event type": (
        "events.json",
        lambda d: d["events"][1].update(type="raid"),
        ['field "type"', "expected one of reported"],
    ),
    "event concerning nothing": (
        "events.json",
        lambda d: d["events"][1].pop("countries"),
        ['event 1 (id "it-investigation")', "concerns nothing"],
    ),
    "javascript url": (
        "sources.json",
        lambda d: d["sources"][0].update(url="javascript:alert(1)"),
        ["sources.json", 'source 0 (id "src-report-a")', 'field "url"'],
    ),
    "url without host": (
        "sources.json",
        lambda d: d["sources"][0].update(url="https:///nohost"),
        ['source 0 (id "src-report-a")', 'field "url"', "with a host"],
    ),
    "unused source": (
        "sources.json",
        lambda d: d["sources"].append({**d["sources"][0], "id": "src-orphan"}),
        ['source 6 (id "src-orphan")', "cited by nothing"],
    ),
    "dangling source in a disagreement": (
        "disagreements.json",
        lambda d: d["disagreements"][0]["claims"][0].update(sources=["src-missing"]),
        ["disagreements.json", 'field "claims.sources"', 'unknown source "src-missing"'],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_invalid_fixture_fails_with_a_message_naming_file_record_and_field(tmp_path: Path, case: str) -> None:
    file_name, change, expected = CASES[case]
    path = copy_fixture(tmp_path)
    edit(tmp_path / file_name, change)
    problems = validate_stations(path, TODAY)
    messages = [str(p) for p in problems]
    assert any(all(part in m for part in expected) for m in messages), messages
    assert any(str(tmp_path / file_name) in m for m in messages)


def test_the_fixture_is_valid() -> None:
    assert validate_stations(FIXTURE, TODAY) == []


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    edit(path, lambda d: (station(d, 0).update(bureau="X"), station(d, 2).update(country_code="XX")))
    edit(tmp_path / "events.json", lambda d: d["events"][0].update(date="soon"))
    assert len(validate_stations(path, TODAY)) >= 3


def test_malformed_json_names_the_file_and_position(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    (tmp_path / "events.json").write_text('{"events": [')
    problems = validate_stations(path, TODAY)
    assert len(problems) == 1 and "events.json" in str(problems[0]) and "not valid JSON" in str(problems[0])


def test_missing_companion_file_is_named(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    (tmp_path / "sources.json").unlink()
    assert [p.message for p in validate_stations(path, TODAY)] == ["file not found"]


def test_load_raises_one_domain_error_listing_every_problem(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    edit(path, lambda d: (station(d, 0).update(bureau="X"), station(d, 1).update(bureau="Y")))
    with pytest.raises(StationDataError) as info:
        load_dataset(path, TODAY)
    assert len(info.value.problems) == 2
    assert "nl-amsterdam-fuzhou-1" in str(info.value) and "nl-rotterdam-fuzhou-1" in str(info.value)


def test_validate_command_prints_every_problem_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_fixture(tmp_path)
    edit(path, lambda d: station(d, 0).update(bureau="X"))
    assert validate_main([str(path)]) == 1
    assert 'field "bureau"' in capsys.readouterr().out


def test_validate_command_exits_zero_on_valid_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_main([str(FIXTURE)]) == 0
    assert "valid" in capsys.readouterr().out


# Below the schema: each of these failed on a deliberate bug the other tests missed (the validator's
# own http(s) check removed, the latitude range widened to ±180).

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
