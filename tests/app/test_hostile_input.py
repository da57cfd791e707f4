"""What a stranger sends (issue 14) and what an uploader says of their data (issue 19), page by page.

A link's text and a file's name show as written, never as Markdown; every bad file is a listed
problem on the upload page; any failure while loading the server's data keeps every reader on the
last good version; nothing derived from an upload outlives its session in the process; an upload is
named and credited as its uploader says.
"""

from __future__ import annotations

import gc
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from loaders.upload import upload_suffixes
from tests.conftest import FIXTURE, ROOT

from .conftest import PAGES, assert_clean, make_app, shown
from .test_data_sources import copy_data, open_page, upload

BAD = ROOT / "tests" / "fixtures" / "bad"
# Markdown that would be a link, an image, maths or styled text if it were not escaped
UNESCAPED = re.compile(r"(?<!\\)[\[\]()!$\\](?![\[\]()!$\\])|(?<!\\)https?:")

LINKS = {
    "place": "[Data withdrawn - read](https://evil.example)",
    "station": "![](https://evil.example/pixel.png)",
    "country": "$\\color{red}{\\text{RETRACTED}}$",
}


def _inert(markdown: str) -> bool:
    """Every Markdown-special character of the text is escaped: nothing in it is a link or maths."""
    plain = re.sub(r"\\.", "", markdown)  # escaped characters are text
    unescaped = re.sub(r"\\(.)", r"\1", markdown)  # what the autolinker reads
    return not re.search(r"[\[\]()!$`*_<>]", plain) and not re.search(r"https?://|www\.|\w@\w", unescaped)


@pytest.mark.parametrize("key", sorted(LINKS))
def test_a_links_value_in_a_notice_is_text_never_markdown(fixture_app: Callable[[], AppTest], key: str) -> None:
    at = fixture_app()
    at.query_params[key] = LINKS[key]
    at.run()
    assert_clean(at)
    notices = [n.value for n in [*at.info, *at.warning, *at.sidebar.warning] if LINKS[key][:6] in shown(n.value)]
    assert notices, "the ignored value is named"
    for body in notices:
        assert LINKS[key][:30] in shown(body), "shown as written (long values are cut)"
        assert _inert(body), body


def test_an_uploads_file_name_in_banners_is_text_never_markdown(fixture_app: Callable[[], AppTest]) -> None:
    name = "![](https://evil.example/pixel.png) [read](https://evil.example) $x$.csv"
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    upload(at, name, b"place,country_code,lat,lon\nRome,IT,41.9028,12.4964\n")
    for page in PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        banner = next(i.value for i in at.info if shown(i.value).startswith("Showing your uploaded data"))
        assert shown(banner).endswith(name) and _inert(banner.split("—", 1)[1]), page
        footer = next(c.value for c in at.caption if "version" in c.value)
        assert _inert(footer), page


# --- every bad file is a listed problem ------------------------------------------------------------

CORPUS = sorted(f.name for f in BAD.iterdir() if f.name != "README.md" and not f.name.startswith(("bom", "html-")))


def test_every_bad_file_is_a_listed_problem_on_the_upload_page_never_a_traceback(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    for name in CORPUS:
        upload(at, name, (BAD / name).read_bytes())
        assert not at.exception, (name, [e.value for e in at.exception])
        assert shown(at.error[0].value).split(" in ", 1)[1].startswith(name), name
        rows = at.dataframe[-1].value.to_dict("records")
        assert rows and all(r["File"].startswith(name) for r in rows), name
    assert not at.info, "nothing was drawn: no banner"


def test_the_upload_page_offers_the_formats_the_loader_reads(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    picker = at.get("file_uploader")[0].proto
    assert [t.lstrip(".") for t in picker.type] == upload_suffixes()


# --- the server's data: any failure keeps the last good version -----------------------------------


def _versions_shown(at: AppTest) -> set[str]:
    """Every data version a caption names: the footer's on every page, and a page's own (the
    Correct page says which version a correction is about)."""
    return {v for c in at.caption for v in re.findall(r"\bversion ([0-9a-f]{12})\b", c.value)}


def _edit_first_station(data: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(data.read_text())
    change(doc["features"][0])
    data.write_text(json.dumps(doc, ensure_ascii=True))


GARBAGE: dict[str, Callable[[dict], None]] = {
    "a 400-digit coordinate": lambda f: f["geometry"].update(coordinates=[10**400, 52.3676]),
    "a lone surrogate": lambda f: f["properties"].update(note="half an emoji: \ud800"),
    "an unclosed IPv6 bracket in a link": lambda f: None,  # set in sources.json below
}


@pytest.mark.parametrize("garbage", sorted(GARBAGE))
def test_garbage_in_the_servers_data_keeps_every_page_on_the_last_good_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, garbage: str
) -> None:
    data = copy_data(tmp_path)
    at = open_page(monkeypatch, data, "pages/map.py")
    good_version = _versions_shown(at)
    assert len(good_version) == 1
    if garbage == "an unclosed IPv6 bracket in a link":
        sources = json.loads((tmp_path / "sources.json").read_text())
        sources["sources"][0]["url"] = "https://[example.org/x"
        (tmp_path / "sources.json").write_text(json.dumps(sources))
    else:
        _edit_first_station(data, GARBAGE[garbage])
    for page in PAGES:
        at = open_page(monkeypatch, data, page)
        assert_clean(at)
        assert at.title, page
        assert _versions_shown(at) == good_version, page
    about = open_page(monkeypatch, data, "pages/about.py")
    assert any("did not pass validation" in w.value for w in about.warning)


def test_any_failure_while_loading_the_servers_data_keeps_the_last_good_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    at = open_page(monkeypatch, data, "pages/map.py")
    good_version = _versions_shown(at)
    assert len(good_version) == 1
    _edit_first_station(data, lambda f: f["properties"].update(note="a valid edit the loader chokes on"))

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("something no check foresaw")

    monkeypatch.setattr("ui.data.load_dataset", broken)
    for page in PAGES:
        at = open_page(monkeypatch, data, page)
        assert_clean(at)
        assert _versions_shown(at) == good_version, page
    about = open_page(monkeypatch, data, "pages/about.py")
    assert "could not be loaded (KeyError" in about.code[0].value


# --- nothing of an upload outlives its session --------------------------------------------------------

MARKER = "".join(reversed("kwvjxqZ"))  # a place name nothing else in the process holds (built: no constant)


def _upload_csv() -> bytes:
    rows = ["place,country_code,lat,lon,note"]
    rows += [f"{MARKER} {i},NL,{52 + i / 100:.4f},4.9,{MARKER} note {i}" for i in range(30)]
    return "\n".join(rows).encode()


def _holders_of_the_marker() -> list[str]:
    """Live objects in this process that hold text from the upload: frames, and the containers of
    any string (payloads, bytes of files) that mentions it."""
    gc.collect()
    found = []
    for obj in gc.get_objects():
        if isinstance(obj, pd.DataFrame):
            if any(
                obj[c].astype(str).str.contains(MARKER, regex=False).any()
                for c in obj.columns
                if obj[c].dtype == object or pd.api.types.is_string_dtype(obj[c].dtype)
            ):
                found.append(f"DataFrame {list(obj.columns)[:4]}")
        elif isinstance(obj, dict | list | tuple):
            values = obj.values() if isinstance(obj, dict) else obj
            for value in values:
                text = value.decode("utf-8", "ignore") if isinstance(value, bytes) else value
                if isinstance(text, str) and MARKER in text and text != MARKER:  # the marker alone: this module's
                    found.append(f"{type(obj).__name__} holding {str(value)[:60]!r}")
                    break
    return found


def _visit_with_an_upload(pages: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    at = make_app(monkeypatch, FIXTURE)
    at.switch_page("pages/upload.py").run()
    upload(at, "secret list.csv", _upload_csv())
    for page in pages:
        at.switch_page(page).run()
        assert_clean(at)
    at.switch_page("pages/stations.py").run()
    assert at.caption[0].value.startswith("30 of 30 stations"), "the upload was shown"
    del at  # the session ends


OWN_PAGES = [p for p in PAGES if p not in ("pages/map.py", "pages/country.py")]


def test_nothing_derived_from_an_upload_outlives_its_session(monkeypatch: pytest.MonkeyPatch) -> None:
    _visit_with_an_upload(OWN_PAGES, monkeypatch)
    holders = _holders_of_the_marker()
    assert holders == [], holders


def test_nothing_derived_from_an_upload_outlives_its_session_on_the_map_and_country_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _visit_with_an_upload(["pages/map.py", "pages/country.py"], monkeypatch)
    holders = _holders_of_the_marker()
    assert holders == [], holders


# --- an upload is named as its uploader says ------------------------------------------------------


def test_an_upload_is_titled_sourced_and_licensed_as_its_uploader_says(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="upload_title").input("Police posts we found").run()
    at.text_input(key="upload_source").input("Our own reporting, 2026").run()
    at.text_input(key="upload_licence").input("CC BY-SA 4.0").run()
    upload(at, "list.csv", b"place,country_code,lat,lon\nRome,IT,41.9028,12.4964\n")
    assert_clean(at)
    at.switch_page("pages/map.py").run()
    assert_clean(at)
    assert shown(at.title[0].value) == "Police posts we found"
    page_text = " ".join(shown(c.value) for c in at.caption)
    assert "Source: Our own reporting, 2026" in page_text and "data licence CC BY-SA 4.0" in page_text
    assert "Safeguard" not in page_text
    at.switch_page("pages/export.py").run()
    assert_clean(at)
    assert at.text_input(key="exp_title:Police posts we found").value == "Police posts we found"
    at.switch_page("pages/upload.py").run()
    at.text_input(key="upload_title").input("").run()  # back to the default: the file's name
    at.switch_page("pages/map.py").run()
    assert shown(at.title[0].value) == "list.csv"


def test_a_bundled_copy_uploaded_is_still_the_uploaders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The same files as the server's, uploaded: credited to the upload, cached in its session only.
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in FIXTURE.parent.iterdir():
            archive.writestr(f"data/{f.name}", f.read_bytes())
    at = make_app(monkeypatch, FIXTURE)
    at.switch_page("pages/upload.py").run()
    upload(at, "copy.zip", buffer.getvalue())
    at.switch_page("pages/stations.py").run()
    assert_clean(at)
    footer = shown(next(c.value for c in at.caption if "version" in c.value))
    assert footer.startswith("Source: copy.zip (uploaded)"), footer
    shutil.rmtree(tmp_path, ignore_errors=True)
