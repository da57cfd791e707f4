"""The corpus of bad inputs (tests/fixtures/bad/): each is refused with a precise message, or loads inert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import StationDataError
from loaders.files import RawData, parse_json, read_json
from loaders.rules import MAX_RECORDS, validate_raw
from loaders.upload import MAX_UPLOAD_BYTES, dataset_from_upload
from tests.conftest import FIXTURE, ROOT

BAD = ROOT / "tests" / "fixtures" / "bad"

# file -> every problem expected, as (record, field, words in the message); record/field None: the whole file.
REFUSED: dict[str, list[tuple[str | None, str | None, str]]] = {
    "not-json.geojson": [(None, None, "not valid JSON: Expecting property name enclosed in double quotes at line 3")],
    "empty.geojson": [(None, None, "is empty")],
    "whitespace-only.geojson": [(None, None, "is empty")],
    "empty.csv": [(None, None, "is empty")],
    "invalid-utf8.csv": [(None, None, "not UTF-8 text: byte 0xff at offset 37")],
    "invalid-utf8.geojson": [(None, None, "not UTF-8 text: byte 0xc3")],
    "no-features.geojson": [(None, "features", "no features")],
    "not-a-feature-collection.geojson": [(None, None, "expected a GeoJSON FeatureCollection")],
    "non-point-geometry.geojson": [
        ("feature 0", "geometry", 'a "Polygon": only Point geometries'),
        ("feature 1", "geometry", 'a "LineString": only Point geometries'),
        ("feature 2", "geometry", "no geometry"),
    ],
    "nan-infinity.geojson": [(None, None, "NaN is not a JSON number at line 2")],
    "strings-for-numbers.geojson": [("feature 0", "geometry", "expected [longitude, latitude]")],
    "strings-for-numbers.csv": [
        ("row 2", "lat", "'fifty-two' is not a number"),
        ("row 3", "lat", "'41,9' is not a number (use a dot as the decimal separator)"),
    ],
    "swapped-coordinates.geojson": [("feature 0", "geometry", "look swapped")],
    "swapped-coordinates.csv": [("row 2", "lat/lon", "look swapped")],
    "declared-crs-epsg3857.geojson": [(None, "crs", "EPSG::3857")],
    "projected-coordinates.csv": [("row 2", "lat/lon", "projected coordinates")],
    "out-of-range.csv": [("row 2", "lat", "out of range -90..90"), ("row 3", "lon", "out of range -180..180")],
    "missing-columns.csv": [(None, "country_code", "missing column"), (None, "lon", "missing column")],
    "duplicate-ids.csv": [("row 3", "id", 'duplicate id "ams-1" (first in row 2)')],
    "bad-dates.csv": [
        ("row 2", "date", '"2023-02-30" is not a date'),
        ("row 3", "date", '"yesterday" is not a date'),
        ("row 4", "date", "in the future"),
    ],
    "javascript-data-vbscript-urls.csv": [
        ("row 2", "source_url", "javascript:"),
        ("row 3", "source_url", "data:text/html"),
        ("row 4", "source_url", "vbscript:"),
    ],
    "deep-nesting.geojson": [(None, None, "nested deeper than 32 levels")],
}
ACCEPTED = ["bom.csv", "bom.geojson", "html-script-in-every-field.csv", "html-script-in-every-field.geojson"]


def test_every_file_in_the_corpus_has_an_expectation() -> None:
    stored = {f.name for f in BAD.iterdir() if f.name != "README.md"}
    assert stored == set(REFUSED) | set(ACCEPTED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_upload_is_refused_naming_file_record_and_field(name: str) -> None:
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload(name, (BAD / name).read_bytes())
    problems = caught.value.problems
    assert len(problems) == len(REFUSED[name]), [str(p) for p in problems]
    for problem, (record, field, words) in zip(problems, REFUSED[name], strict=True):
        assert problem.file == name
        assert (problem.record, problem.field) == (record, field), str(problem)
        assert words in problem.message, str(problem)


@pytest.mark.parametrize("name", [n for n in sorted(REFUSED) if n.endswith(".geojson") and "utf8" not in n])
def test_the_bundled_loader_refuses_the_same_json_with_a_message_and_nothing_else(name: str) -> None:
    # The server's own files go through read_json: it raises the one domain error, whatever the bytes.
    try:
        read_json(BAD / name)
    except StationDataError as exc:
        assert exc.problems[0].file == str(BAD / name)


def test_the_bundled_loader_refuses_a_byte_order_mark_that_an_upload_accepts() -> None:
    with pytest.raises(StationDataError, match="byte-order mark"):
        read_json(BAD / "bom.geojson")
    assert len(dataset_from_upload("bom.geojson", (BAD / "bom.geojson").read_bytes()).dataset.stations) == 1


def test_the_bundled_loader_names_the_undecodable_byte() -> None:
    with pytest.raises(StationDataError, match="byte 0xc3"):
        read_json(BAD / "invalid-utf8.geojson")


@pytest.mark.parametrize("name", ACCEPTED)
def test_text_with_html_and_script_is_kept_as_text(name: str) -> None:
    stations = dataset_from_upload(name, (BAD / name).read_bytes()).dataset.stations
    assert len(stations) == 1
    assert "<script>" in stations["city"].iloc[0] or not name.startswith("html"), "kept verbatim, escaped on output"


def test_a_bom_csv_reads_its_first_column_name() -> None:
    stations = dataset_from_upload("bom.csv", (BAD / "bom.csv").read_bytes()).dataset.stations
    assert list(stations["city"]) == ["Amsterdam"]


def test_a_10_mb_string_is_refused_by_field_in_an_upload_and_in_the_server_data(tmp_path: Path) -> None:
    huge = "x" * (10 * 1024 * 1024)
    csv = f'place,country_code,lat,lon,note\nAmsterdam,NL,52.3676,4.9041,"{huge}"\n'.encode()
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("huge.csv", csv)
    # the csv module's cell limit (128 kB) speaks first: still the one domain error, naming the row
    [problem] = caught.value.problems
    assert problem.record == "row 2" and "a cell longer than 131,072 characters" in problem.message
    geojson = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [4.9041, 52.3676]},
                    "properties": {"place": "Amsterdam", "country_code": "NL", "note": huge},
                }
            ],
        }
    ).encode()
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("huge.geojson", geojson)
    [problem] = caught.value.problems
    assert (problem.record, problem.field) == ("feature 0", "note") and "10,485,760 characters" in problem.message
    raw = _fixture_raw()
    raw.stations["features"][0]["properties"]["note"] = huge
    problems = validate_raw(raw)
    assert [(p.record, p.field) for p in problems] == [('feature 0 (id "nl-amsterdam-fuzhou-1")', "note")]


@pytest.mark.large
def test_a_million_features_are_refused_before_anything_slow_runs() -> None:
    features = ",".join(['{"type":"Feature"}'] * 1_000_000)
    data = ('{"type":"FeatureCollection","features":[' + features + "]}").encode()
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("million.geojson", data)
    [problem] = caught.value.problems
    assert problem.field == "features" and "1,000,000 features" in problem.message
    raw = _fixture_raw()
    raw.stations["features"] = parse_json(data, "million.geojson")["features"]
    problems = validate_raw(raw)
    assert len(problems) == 1 and f"at most {MAX_RECORDS:,}" in problems[0].message


def test_an_upload_past_the_size_limit_says_the_limit() -> None:
    with pytest.raises(StationDataError, match="up to 50 MB"):
        dataset_from_upload("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1))


def test_the_upload_limit_is_the_servers() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
    assert config["server"]["enableXsrfProtection"] is True


def _fixture_raw() -> RawData:
    from loaders.files import read_raw

    return read_raw(FIXTURE)
