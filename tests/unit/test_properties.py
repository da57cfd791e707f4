"""Property-based tests: whatever the input, the loaders and the upload mapper either load it or raise
the one domain error (StationDataError); the link parser never raises."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import BUREAUS, STATUSES, Dataset, StationDataError, filters_from_query
from loaders.dataset import dataset_from_raw
from loaders.files import RawData, parse_json, read_raw
from loaders.geography import representative_point
from loaders.rules import text_problem, validate_raw
from loaders.upload import PointRow, dataset_from_upload, raw_from_points
from tests.conftest import FIXTURE

TODAY = date(2026, 11, 23)
# HYPOTHESIS_EXAMPLES=600 for a longer hunt; 60 keeps the suite fast.
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
COLUMN_NAMES = ["place", "country_code", "lat", "lon", "status", "date", "bureau", "source_url", "note", "id", "x"]
cell = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NL", "IT", "nl", "XX", "52.37", "4.9", "2023-01", "closed", "Fuzhou", "https://a.org/"]),
)


def loads_or_refuses(call: Any) -> None:
    try:
        call()
    except StationDataError as exc:
        assert exc.problems and all(p.file and p.message for p in exc.problems)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_parse_as_json_or_raise_the_domain_error(data: bytes) -> None:
    loads_or_refuses(lambda: parse_json(data, "x.json"))


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["a.csv", "a.geojson", "a.json", "a.zip", "a.txt"]))
def test_any_bytes_upload_or_raise_the_domain_error(data: bytes, name: str) -> None:
    loads_or_refuses(lambda: dataset_from_upload(name, data, TODAY))


@SETTINGS
@given(
    st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(cell, min_size=0, max_size=9), max_size=6),
    st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_table_uploads_or_raises_the_domain_error(header: list[str], rows: list[list[str]], sep: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(header)
    writer.writerows(rows)
    loads_or_refuses(
        lambda: dataset_from_upload("table.csv", buffer.getvalue().encode("utf-8", "surrogatepass"), TODAY)
    )


@SETTINGS
@given(st.lists(st.fixed_dictionaries({}, optional={"type": json_values, "geometry": json_values,
                                                   "properties": st.dictionaries(st.sampled_from(COLUMN_NAMES),
                                                                                 json_values, max_size=6)}),
                max_size=5),
       st.none() | json_values)  # fmt: skip
def test_any_feature_collection_uploads_or_raises_the_domain_error(features: list[Any], crs: Any) -> None:
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        doc["crs"] = crs
    data = json.dumps(doc, allow_nan=True).encode()
    loads_or_refuses(lambda: dataset_from_upload("points.geojson", data, TODAY))


_FIXTURE_RAW = read_raw(FIXTURE)
_PATHS = [
    ("stations", ["features", 0, "properties", "city"]),
    ("stations", ["features", 1, "geometry"]),
    ("stations", ["features", 2, "geometry", "coordinates"]),
    ("stations", ["features", 3, "properties"]),
    ("stations", ["features"]),
    ("events", ["events", 0, "date"]),
    ("events", ["events", 1]),
    ("events", ["events"]),
    ("sources", ["sources", 0, "url"]),
    ("sources", ["sources", 1, "accessed"]),
    ("reports", ["reports", 0, "published"]),
    ("reports", ["reports"]),
    ("disagreements", ["disagreements", 0, "claims"]),
]


@SETTINGS
@given(st.sampled_from(_PATHS), json_values)
def test_the_loader_loads_or_raises_the_domain_error_whatever_a_field_holds(
    where: tuple[str, list[Any]], value: Any
) -> None:
    name, path = where
    doc = copy.deepcopy(getattr(_FIXTURE_RAW, name))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    raw = RawData(**{**_FIXTURE_RAW.__dict__, name: doc})
    assert isinstance(validate_raw(raw, TODAY), list)
    loads_or_refuses(lambda: dataset_from_raw(raw, today=TODAY))


@SETTINGS
@given(st.dictionaries(st.text(max_size=12), st.text(max_size=40) | st.lists(st.text(max_size=20), max_size=4)))
def test_the_link_parser_never_raises_and_keeps_only_known_values(mini: Dataset, query: dict[str, Any]) -> None:
    filters, warnings = filters_from_query(query, mini, today=TODAY)
    assert set(filters.countries) <= set(mini.stations["country_code"].dropna())
    assert len(set(filters.countries)) == len(filters.countries)
    assert filters.as_of is None or date(2022, 9, 12) <= filters.as_of <= TODAY
    assert all(isinstance(w, str) and len(w) < 600 for w in warnings)


COUNTRIES = ["NL", "IT", "DE", "FR", "CA", "JP", "BR", "ZA"]
point_rows = st.builds(
    lambda i, code, place, status, bureau, note, url: PointRow(
        f"row {i}",
        place,
        code,
        representative_point(code).x,  # type: ignore[union-attr]
        representative_point(code).y,  # type: ignore[union-attr]
        status,
        None,
        bureau,
        url,
        note,
        None,
    ),
    st.integers(2, 9999),
    st.sampled_from(COUNTRIES),
    # texts as the upload's own checks let through (loaders.rules.text_problem)
    st.text(min_size=1, max_size=30).filter(str.strip).map(str.strip).filter(lambda t: not text_problem(t, name=True)),
    st.sampled_from([s.key for s in STATUSES]),
    st.sampled_from(BUREAUS),
    st.none() | st.text(max_size=60).filter(lambda t: not text_problem(t)),
    st.none() | st.sampled_from(["https://example.org/a", "http://example.net/b?c=<d>"]),
)


@SETTINGS
@given(st.lists(point_rows, min_size=1, max_size=8))
def test_checked_points_always_map_to_files_that_pass_the_bundled_validation(points: list[PointRow]) -> None:
    # one point per (country, place), as the upload's own checks guarantee
    unique = list({(p.country_code, p.place.casefold()): p for p in points}.values())
    raw = raw_from_points("upload.csv", unique, TODAY)
    assert validate_raw(raw, TODAY, require_quotes=False) == []  # a newsroom's file carries no quotes
    assert len(dataset_from_raw(raw, today=TODAY, require_quotes=False).stations) == len(unique)
