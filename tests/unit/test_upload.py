"""The upload mapper: CSV and GeoJSON of points -> the bundled schema's files -> a Dataset."""

from __future__ import annotations

import json
from datetime import date

import pytest

from loaders import StationDataError, filter_stations
from loaders.filters import Filters
from loaders.upload import NO_SOURCE_URL, TEMPLATE_CSV, dataset_from_upload

TODAY = date(2026, 11, 23)


def test_the_template_loads_with_its_statuses_dates_and_sources() -> None:
    ds = dataset_from_upload("template.csv", TEMPLATE_CSV.encode(), TODAY).dataset
    stations = ds.stations.set_index("city")
    assert stations.loc["Amsterdam", "status"] == "closure_ordered"
    assert stations.loc["Amsterdam", "status_since"] == "2022-11-01"
    assert stations.loc["Toronto", "bureau"] == "unknown", "an empty optional cell takes the default"
    assert set(ds.sources["url"]) == {"https://example.org/report", "https://example.org/article"}
    assert len(filter_stations(ds, Filters(as_of=date(2022, 10, 15)))) == 0, "Toronto counts from 2022-10-31"


def test_aliases_semicolons_and_case_are_accepted_and_undated_rows_date_from_the_upload() -> None:
    csv = "Name;Country;Latitude;Longitude;Status;Bureau\nRome;it;41.9028;12.4964;Closed;WENZHOU\n"
    ds = dataset_from_upload("semi.csv", csv.encode(), TODAY).dataset
    row = ds.stations.iloc[0]
    assert (row["city"], row["country_code"], row["status"], row["bureau"]) == ("Rome", "IT", "closed", "Wenzhou")
    assert row["status_since"] == TODAY.isoformat()
    assert list(ds.sources["url"]) == [NO_SOURCE_URL], "no link given: the upload itself, at a reserved domain"


def test_a_geojson_of_points_loads_with_its_properties() -> None:
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566, 35.0]},
                "properties": {"name": "Paris", "country_code": "FR", "date": 2023, "url": "https://example.org/p"},
            }
        ],
    }
    ds = dataset_from_upload("p.geojson", json.dumps(doc).encode(), TODAY).dataset
    assert list(ds.stations["city"]) == ["Paris"] and ds.stations.geometry.iloc[0].x == 2.3522
    assert ds.stations["status_since"].iloc[0] == "2023"


def test_one_place_with_two_points_is_refused_naming_both_rows() -> None:
    csv = "place,country_code,lat,lon\nRome,IT,41.9028,12.4964\nrome,IT,41.8,12.5\n"
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("two.csv", csv.encode(), TODAY)
    [problem] = caught.value.problems
    assert (problem.record, problem.field) == ("row 3", "lat/lon") and "row 2" in problem.message


def test_ids_given_are_kept_and_generated_ids_never_collide_with_them() -> None:
    csv = "id,place,country_code,lat,lon\nit-rome-1,Milan,IT,45.4642,9.19\n,Rome,IT,41.9028,12.4964\n"
    ds = dataset_from_upload("ids.csv", csv.encode(), TODAY).dataset
    assert sorted(ds.stations["id"]) == ["it-rome-1", "it-rome-2"]


def test_an_unknown_extension_is_refused() -> None:
    with pytest.raises(StationDataError, match=r"expected a \.csv"):
        dataset_from_upload("stations.xlsx", b"PK\x03\x04", TODAY)


def test_a_zip_without_stations_or_with_missing_companions_names_what_is_missing() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/stations.geojson", '{"type": "FeatureCollection", "features": []}')
        archive.writestr("data/events.json", '{"events": []}')
    with pytest.raises(StationDataError) as caught:
        dataset_from_upload("d.zip", buffer.getvalue(), TODAY)
    assert [p.file for p in caught.value.problems] == [
        "d.zip/data/sources.json",
        "d.zip/data/reports.json",
        "d.zip/data/disagreements.json",
    ]
    with pytest.raises(StationDataError, match="found none"):
        empty = io.BytesIO()
        with zipfile.ZipFile(empty, "w") as archive:
            archive.writestr("readme.txt", "hi")
        dataset_from_upload("e.zip", empty.getvalue(), TODAY)
    with pytest.raises(StationDataError, match="not a zip archive"):
        dataset_from_upload("f.zip", b"not a zip", TODAY)
