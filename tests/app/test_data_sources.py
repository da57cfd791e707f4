"""Where the data comes from: the server's files (with the last valid version kept) or an upload."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.geography import representative_point
from tests.conftest import FIXTURE, ROOT

from .conftest import PAGES, assert_clean, make_app, metric, shown

COUNTRIES = ["NL", "IT", "DE", "FR", "ES", "GB", "US", "CA", "BR", "ZA", "AU", "JP"]


def csv_of_points(count: int) -> bytes:
    lines = ["place,country_code,lat,lon,status,date,bureau,source_url,note"]
    for i in range(count):
        code = COUNTRIES[i % len(COUNTRIES)]
        point = representative_point(code)
        assert point is not None
        lines.append(
            f"Place {i},{code},{point.y:.5f},{point.x:.5f},closed,2023-0{1 + i % 9},Fuzhou,"
            f"https://example.org/{i % 7},<script>alert({i})</script>"
        )
    return "\n".join(lines).encode()


def copy_data(tmp_path: Path) -> Path:
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / "stations.geojson"


def open_page(monkeypatch: pytest.MonkeyPatch, data: Path, page: str) -> AppTest:
    at = make_app(monkeypatch, data)
    at.switch_page(page).run()
    return at


# --- last good data -------------------------------------------------------------------------------


def test_an_invalid_edit_keeps_every_reader_on_the_last_valid_version_until_it_is_fixed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    at = open_page(monkeypatch, data, "pages/map.py")
    assert_clean(at)
    assert metric(at, "Stations shown") == "7 of 7"
    good_version = next(c.value for c in at.caption if "version" in c.value)

    events = tmp_path / "events.json"
    events.write_text(events.read_text()[:200])  # truncated mid-edit
    for page in PAGES:  # a new reader, and every page, still gets the last valid data
        at = open_page(monkeypatch, data, page)
        assert_clean(at)
        assert at.title
    at = open_page(monkeypatch, data, "pages/map.py")
    assert metric(at, "Stations shown") == "7 of 7"
    assert next(c.value for c in at.caption if "version" in c.value) == good_version
    about = open_page(monkeypatch, data, "pages/about.py")
    assert any("did not pass validation" in w.value for w in about.warning)
    assert "events.json" in about.code[0].value and "not valid JSON" in about.code[0].value

    doc = json.loads((tmp_path / "stations.geojson").read_text())
    doc["features"][0]["properties"]["bureau"] = "Fujian"  # valid JSON, invalid data: file, record, field
    shutil.copy(FIXTURE.parent / "events.json", events)
    (tmp_path / "stations.geojson").write_text(json.dumps(doc))
    about = open_page(monkeypatch, data, "pages/about.py")
    problems = about.code[0].value
    assert 'feature 0 (id "nl-amsterdam-fuzhou-1")' in problems and 'field "bureau"' in problems

    doc["features"][0]["properties"]["bureau"] = "Qingtian"  # fixed: picked up without a restart
    (tmp_path / "stations.geojson").write_text(json.dumps(doc))
    at = open_page(monkeypatch, data, "pages/about.py")
    assert_clean(at)
    assert not any("did not pass validation" in w.value for w in at.warning)
    assert next(c.value for c in at.caption if "version" in c.value) != good_version


def test_a_process_that_starts_on_invalid_data_shows_the_error_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    (tmp_path / "sources.json").write_text("{")
    at = open_page(monkeypatch, data, "pages/map.py")
    assert not at.exception
    assert "cannot be shown" in at.title[0].value
    assert "sources.json" in at.code[0].value


# --- uploads --------------------------------------------------------------------------------------


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload_file").upload(name, content, "application/octet-stream").run()
    return at


def test_a_csv_of_500_points_is_shown_on_every_page_with_a_banner_and_the_way_back(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    upload(at, "newsroom list.csv", csv_of_points(500))
    assert_clean(at)
    for page in PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        assert at.title
        assert any(shown(i.value) == "Showing your uploaded data — newsroom list.csv" for i in at.info), page
    at.switch_page("pages/map.py").run()
    assert metric(at, "Stations shown") == "500 of 500"
    at.multiselect(key="filter_countries").set_value(["JP"]).run()
    assert metric(at, "Stations shown") == "41 of 500", "the filters work on the upload"
    at.button(key="_back_to_bundled").click().run()
    assert_clean(at)
    assert not at.info
    assert metric(at, "Stations shown") == "7 of 7"
    assert any("JP" in w.value for w in at.sidebar.warning), "the upload's filter is dropped with a notice"


def test_a_csv_with_three_errors_gives_exactly_three_precise_messages_and_draws_nothing(
    fixture_app: Callable[[], AppTest],
) -> None:
    csv = (
        "place,country_code,lat,lon,date,source_url\n"
        "Amsterdam,NL,4.9041,52.3676,2023-01-01,https://example.org/a\n"
        "Rome,IT,41.9028,12.4964,2023-13-01,https://example.org/b\n"
        "Paris,FR,48.8566,2.3522,2023,javascript:alert(1)\n"
        "Berlin,DE,52.52,13.405,2022-11,https://example.org/c\n"
    )
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    upload(at, "three.csv", csv.encode())
    assert not at.exception
    assert shown(at.error[0].value).startswith("3 problems in three.csv")
    rows = at.dataframe[-1].value.to_dict("records")
    assert [(r["Row or feature"], r["Field"]) for r in rows] == [
        ("row 2", "lat/lon"),
        ("row 3", "date"),
        ("row 4", "source_url"),
    ]
    assert all(r["File"] == "three.csv" for r in rows)
    assert "swapped" in rows[0]["Problem"] and "YYYY" in rows[1]["Problem"] and "http(s)" in rows[2]["Problem"]
    assert not at.info, "no banner: the bundled data is still shown"
    at.switch_page("pages/map.py").run()
    assert metric(at, "Stations shown") == "7 of 7"


def test_a_zipped_data_folder_is_shown_and_its_problems_name_the_file_inside(
    fixture_app: Callable[[], AppTest],
) -> None:
    def zipped(change: Callable[[dict], None] | None = None) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for f in FIXTURE.parent.iterdir():
                text = f.read_text()
                if change and f.name == "stations.geojson":
                    doc = json.loads(text)
                    change(doc)
                    text = json.dumps(doc)
                archive.writestr(f"mydata/{f.name}", text)
        return buffer.getvalue()

    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    upload(at, "bad.zip", zipped(lambda d: d["features"][2]["geometry"].update(coordinates=[12.5, 141.9])))
    rows = at.dataframe[-1].value.to_dict("records")
    assert all(r["File"] == "bad.zip/mydata/stations.geojson" for r in rows)
    assert rows[0]["Row or feature"] == 'feature 2 (id "it-rome-qingtian-1")' and rows[0]["Field"] == "geometry"
    assert "out of range" in rows[0]["Problem"]
    upload(at, "good.zip", zipped())
    assert_clean(at)
    assert any(shown(i.value) == "Showing your uploaded data — good.zip" for i in at.info)


def test_html_and_script_in_every_field_of_an_upload_stay_inert_on_every_page(
    fixture_app: Callable[[], AppTest],
) -> None:
    hostile = (ROOT / "tests" / "fixtures" / "bad" / "html-script-in-every-field.csv").read_bytes()
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    upload(at, "hostile.csv", hostile)
    assert any(shown(i.value) == "Showing your uploaded data — hostile.csv" for i in at.info)
    for page in PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        for element in at.markdown:
            if element.proto.allow_html:  # only the app's own HTML may be raw; data never is
                assert "<script" not in element.value and "onerror" not in element.value, page
