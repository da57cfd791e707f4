"""The corpus of bad inputs (tests/fixtures/bad/): each is refused with a precise message, or loads inert."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from loaders import StationDataError
from loaders.files import RawData, parse_json, read_json
from loaders.rules import MAX_RECORDS, validate_raw
from loaders.upload import MAX_UPLOAD_BYTES, dataset_from_upload
from tests.bombs import BOMBS
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
    # issue 14: garbage that crashed the upload page, and odd text in names
    "huge-integer-coordinate.geojson": [("feature 0", "geometry", "a 400-digit number is not a coordinate")],
    "lone-surrogate.geojson": [("feature 0", "note", "lone surrogate (U+D800)")],
    "nul-in-place.geojson": [("feature 0", "place", "control character U+0000 at character 7")],
    "crs-without-name.geojson": [(None, "crs", "declares the coordinate system")],
    "bad-ipv6-url.csv": [("row 2", "source_url", "expected an http(s) URL with a host")],
    "zero-width-place.csv": [("row 2", "place", "has no visible character")],
    "rtl-override-place.csv": [("row 2", "place", "direction override U+202E")],
    "utf16-without-bom.csv": [(None, None, "looks like UTF-16 text without a byte-order mark")],
    "utf16-with-bom.csv": [(None, None, "is UTF-16 text")],
    "unclosed-quote.csv": [("row 2", None, "a quoted cell opened on line 2 is never closed")],
    # issue 19: a likely swap and a point outside its country, by row and column
    "lyon-lat-lon-swapped.csv": [("row 2", "lat/lon", "lies outside FR: latitude and longitude look swapped")],
    "outside-its-country.csv": [("row 2", "lat/lon", "lies outside DE")],
}
# zips: every problem is said of the archive, or of the member inside it (file, problem words)
REFUSED_ZIPS: dict[str, list[tuple[str, str]]] = {
    "absolute-paths.zip": [("absolute-paths.zip", "'/etc/overseas/stations.geojson': a file outside the folder")] * 5,
    "dotdot-paths.zip": [("dotdot-paths.zip", "'../../data/stations.geojson': a file outside the folder")] * 5,
    "garbled-deflate.zip": [("garbled-deflate.zip/stations.geojson", "cannot be read from the archive: Error -3")],
    "corrupt-lzma.zip": [("corrupt-lzma.zip/stations.geojson", "cannot be read from the archive: Corrupt input data")],
}
ACCEPTED = ["bom.csv", "bom.geojson", "html-script-in-every-field.csv", "html-script-in-every-field.geojson"]


def test_every_file_in_the_corpus_has_an_expectation() -> None:
    stored = {f.name for f in BAD.iterdir() if f.name != "README.md"}
    assert stored == set(REFUSED) | set(REFUSED_ZIPS) | set(ACCEPTED)


@pytest.mark.parametrize("name", sorted(REFUSED_ZIPS))
def test_a_bad_zip_is_refused_naming_the_archive_or_its_member(name: str) -> None:
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload(name, (BAD / name).read_bytes())
    problems = caught.value.problems
    assert len(problems) == len(REFUSED_ZIPS[name]), [str(p) for p in problems]
    first_file, words = REFUSED_ZIPS[name][0]
    assert problems[0].file == first_file and words in problems[0].message, str(problems[0])


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


# --- bombs: refused while reading, within bounded memory ----------------------------------------------

BOMB_PEAK_BYTES = 64 * 2**20  # Python allocations while refusing one (its bytes, already in memory, aside)
BOMB_WORDS = {
    "empty-objects.zip": ("empty-objects.zip/stations.geojson", "JSON values"),
    "blank-lines.csv": ("blank-lines.csv", "more than 100,000 blank rows"),
    "lying-member.zip": ("lying-member.zip/stations.geojson", "cannot be read from the archive: Bad CRC-32"),
    "many-members.zip": ("many-members.zip", "holds about 20,000 files"),
}


@pytest.mark.large
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_an_upload_bomb_is_refused_with_a_message_before_it_is_materialised(name: str) -> None:
    # The figures before and after, and how long each takes, are in bench/README.md (bench/bench_uploads.py).
    data = BOMBS[name]()
    tracemalloc.start()
    try:
        with pytest.raises(StationDataError) as caught:
            dataset_from_upload(name, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [problem] = caught.value.problems
    file, words = BOMB_WORDS[name]
    assert problem.file == file and words in problem.message, str(problem)
    assert peak < BOMB_PEAK_BYTES, f"{peak / 2**20:.0f} MiB allocated to refuse {name}"


def test_a_zip_member_with_an_absolute_path_is_never_read_from_the_servers_disk(tmp_path: Path) -> None:
    # The old reader validated "/<folder>/stations.geojson" and read unquoted.json from that folder.
    secret = tmp_path / "newsroom"
    secret.mkdir()
    (secret / "unquoted.json").write_text(json.dumps({"claims": ["station:SECRET-SOURCE-NAME"]}))
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("abs.zip", _rezip_with_prefix(str(secret) + "/"))
    messages = " ".join(str(p) for p in caught.value.problems)
    assert "a file outside the folder" in messages
    assert "SECRET-SOURCE-NAME" not in messages


def _rezip_with_prefix(prefix: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in FIXTURE.parent.iterdir():
            archive.writestr(prefix + f.name, f.read_bytes())
    return buffer.getvalue()


def test_an_upload_never_reads_the_unquoted_list_beside_its_made_up_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An upload's path is "<its name>/<its folder>/stations.geojson": here it names a real folder of the
    # server (relative to where it runs), whose unquoted.json the old validator read and checked.
    (tmp_path / "x.zip" / "mydata").mkdir(parents=True)
    (tmp_path / "x.zip" / "mydata" / "unquoted.json").write_text(json.dumps({"claims": ["station:SECRET"]}))
    monkeypatch.chdir(tmp_path)
    upload = dataset_from_upload("x.zip", _rezip_with_prefix("mydata/"))
    assert len(upload.dataset.stations) == 7 and upload.dataset.files == []


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
