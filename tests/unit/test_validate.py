"""Each kind of bad input gives a message naming the file, the record and the field."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from loaders import StationDataError, load_dataset, validate_stations
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
        ['feature 0 (id "nl-amsterdam-fuzhou-1")', 'field "geometry"', "outside the bounds of NL", "swapped"],
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
