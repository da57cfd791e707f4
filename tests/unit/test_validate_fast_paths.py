"""The validator's shortcuts (issue 17: 100 000 stations in 5 s) decide nothing: on valid data and on
every kind of broken record, it reports exactly what it reports with each shortcut turned off
(every record then goes through the slow path that names file, record, field and reason)."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from loaders import rules
from loaders.errors import DataProblem
from loaders.files import RawData, read_raw
from loaders.schemas import certainly_valid, validator
from tests.conftest import FIXTURE
from tests.unit.test_validate import CASES as FIXTURE_CASES

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
LONG = rules.MAX_TEXT_CHARS

_FILE_OF = {
    "stations.geojson": "stations",
    "events.json": "events",
    "sources.json": "sources",
    "reports.json": "reports",
    "disagreements.json": "disagreements",
}


def _note(text: str) -> Callable[[Any], None]:
    return lambda d: d["features"][1]["properties"].update(note=text)


def _event(field: str, value: Any) -> Callable[[Any], None]:
    return lambda d: d["events"][0].update({field: value})


# file -> change: broken where a shortcut looks (texts, the schema's corners, sources cited late)
CASES: dict[str, tuple[str, Callable[[Any], None]]] = {
    **{name: (file, change) for name, (file, change, _) in FIXTURE_CASES.items()},
    "nul in a note": ("stations.geojson", _note("a\x00b")),
    "backspace in a note": ("stations.geojson", _note("a\x08b")),
    "form feed in a note": ("stations.geojson", _note("a\x0cb")),
    "escape in a note": ("stations.geojson", _note("a\x1bb")),
    "delete in a note": ("stations.geojson", _note("a\x7fb")),
    "tab and line breaks in a note (allowed)": ("stations.geojson", _note("a\tb\nc\r\nd")),
    "lone surrogate in a note": ("stations.geojson", _note("a\ud800b")),
    "control character in a key": ("stations.geojson", lambda d: d["features"][1]["properties"].update({"n\x01": 1})),
    "control character in a nested quote": (
        "stations.geojson",
        lambda d: d["features"][0]["properties"]["evidence"][0].update(quote="The office\x02 is in Amsterdam."),
    ),
    "control character in a city (a name, checked apart)": (
        "stations.geojson",
        lambda d: d["features"][0]["properties"].update(city="Amster\x01dam"),
    ),
    "text of the longest length (allowed)": ("stations.geojson", _note("x" * LONG)),
    "text one character too long": ("stations.geojson", _note("x" * (LONG + 1))),
    "long text of quotation marks": ("stations.geojson", _note('"' * (LONG + 1))),
    "long text of backslashes": ("stations.geojson", _note("\\" * (LONG + 1))),
    "long text of escaped quotes": ("stations.geojson", _note('\\"' * (LONG // 2 + 1))),
    "long text, quoted words every 100 characters": ("stations.geojson", _note(('"a" ' + "x" * 96) * 201)),
    "backslash then u, b, f (allowed)": ("stations.geojson", _note("C:\\users\\bob\\files")),
    "backslash before a control character": ("stations.geojson", _note("a\\\x01")),
    "long text in an event": ("events.json", _event("summary", "y" * (LONG + 5))),
    "control character in a source's title": (
        "sources.json",
        lambda d: d["sources"][0].update(title="A\x03 title"),
    ),
    "date with a final line break": (
        "events.json",
        _event("date", "2022-10\n"),
    ),
    "date in other digits": ("events.json", _event("date", "٢٠٢٢")),
    "integer beyond 64 bits as a coordinate": (
        "stations.geojson",
        lambda d: d["features"][0]["geometry"].update(coordinates=[2**70, 52.0]),
    ),
    "infinite coordinate": (
        "stations.geojson",
        lambda d: d["features"][0]["geometry"].update(coordinates=[float("inf"), 52.0]),
    ),
    "true as a coordinate": (
        "stations.geojson",
        lambda d: d["features"][0]["geometry"].update(coordinates=[True, 52.0]),
    ),
    "repeated source": (
        "stations.geojson",
        lambda d: d["features"][0]["properties"].update(sources=["src-report-a", "src-report-a"]),
    ),
    "source cited only by the last station": (
        "sources.json",
        lambda d: d["sources"].append({**d["sources"][0], "id": "src-late"}),
    ),
}


def _raw(file: str | None = None, change: Callable[[Any], None] | None = None) -> RawData:
    raw = read_raw(FIXTURE)
    parts = {name: copy.deepcopy(getattr(raw, name)) for name in _FILE_OF.values()}
    if file is not None and change is not None:
        change(parts[_FILE_OF[file]])
    if file == "sources.json" and parts["sources"]["sources"][-1]["id"] == "src-late":
        parts["stations"]["features"][-1]["properties"]["sources"].append("src-late")
    return RawData(stations_path=raw.stations_path, **parts)


def _slow(raw: RawData, monkeypatch: pytest.MonkeyPatch) -> list[DataProblem]:
    with monkeypatch.context() as m:
        m.setattr(rules, "certainly_valid", lambda name, doc: False)
        m.setattr(rules, "_texts_certainly_fine", lambda items: False)
        return rules.validate_raw(raw, TODAY)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_broken_record_gets_the_same_problems_with_and_without_the_shortcuts(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, change = CASES[case]
    fast = rules.validate_raw(_raw(file, change), TODAY)
    assert fast == _slow(_raw(file, change), monkeypatch)
    allowed = "(allowed" in case or case == "source cited only by the last station"
    assert (fast == []) == allowed, fast


def test_valid_data_takes_the_shortcuts_and_gets_no_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _raw()
    for name, (key, _) in rules._COLLECTIONS.items():
        assert certainly_valid(name, getattr(raw, name)), name
        assert rules._texts_certainly_fine(getattr(raw, name)[key]), name
    assert rules.validate_raw(raw, TODAY) == [] == _slow(_raw(), monkeypatch)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_the_fast_schema_check_never_passes_what_jsonschema_refuses(case: str) -> None:
    file, change = CASES[case]
    raw = _raw(file, change)
    for name in rules._COLLECTIONS:
        doc = getattr(raw, name)
        if certainly_valid(name, doc):
            assert validator(name).is_valid(doc), (case, name)


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a\x7fb",
        "\x00",
        "\x1f",
        "tab\there",
        "x" * LONG,
        "x" * (LONG + 1),
        '"' * (LONG + 1),
        "\\" * (LONG + 1),
        '\\"' * LONG,
        "\\\x01",
        "\ud800",
        "日本語" * (LONG // 3 + 1),
    ],
)
def test_the_texts_shortcut_passes_only_texts_the_rules_pass(text: str) -> None:
    items = [{"id": "a", "text": text}, {text: ["x", {"deeper": text}]}]
    fine = max(len(text), 5) <= LONG and rules.text_problem(text) is None
    if rules._texts_certainly_fine(items):
        assert fine
    if len(text) < 100 and fine:
        assert rules._texts_certainly_fine(items)  # short, clean texts do take the shortcut


def test_a_tuple_is_the_one_thing_the_fast_schema_check_reads_as_jsonschema_does_not() -> None:
    # jsonschema-rs reads a tuple as an array; jsonschema does not. Parsed JSON holds no tuple, and
    # loaders.upload builds lists: certainly_valid's docstring says so. Any other difference fails here.
    raw = _raw()
    doc = copy.deepcopy(raw.stations)
    doc["features"][0]["properties"]["sources"] = tuple(doc["features"][0]["properties"]["sources"])
    assert certainly_valid("stations", doc) and not validator("stations").is_valid(doc)


def test_the_command_prints_every_problem_through_a_pipe_and_exits_1(tmp_path: Path) -> None:
    # The command ends with os._exit (the parsed files are not freed value by value): what it printed
    # must still arrive, all of it, when its output is a pipe (block-buffered).
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    doc = json.loads((tmp_path / "stations.geojson").read_text())
    for feature in doc["features"]:
        feature["properties"]["note"] = "a\x01b"
    (tmp_path / "stations.geojson").write_text(json.dumps(doc))
    expected = [str(p) for p in rules.validate_stations(tmp_path / "stations.geojson")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as in a pipe by default
    done = subprocess.run(
        [sys.executable, "-m", "loaders.validate", str(tmp_path / "stations.geojson")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert len(expected) == len(doc["features"])
    assert (done.returncode, done.stdout.splitlines(), done.stderr) == (
        1,
        expected,
        f"{len(expected)} problem(s) found.\n",
    )
    done = subprocess.run(
        [sys.executable, "-m", "loaders.validate", str(FIXTURE)], cwd=ROOT, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, f"{FIXTURE}: valid.\n")


@pytest.mark.parametrize("value", ["[1, 2]", '"text"', "null", "3"])
def test_a_data_file_that_is_json_but_not_an_object_is_named_never_a_traceback(tmp_path: Path, value: str) -> None:
    # A complete folder whose stations, events or disagreements file is an array, a string, null or a
    # number: each is said to be no object, file by file; the claims check used to crash on .get.
    for name in ("stations.geojson", "events.json", "disagreements.json"):
        for f in FIXTURE.parent.iterdir():
            shutil.copy(f, tmp_path / f.name)
        (tmp_path / name).write_text(value)
        problems = [str(p) for p in rules.validate_stations(tmp_path / "stations.geojson")]
        assert f"{tmp_path / name}: {json.loads(value)!r} is not of type 'object'" in problems, (name, problems[:5])
