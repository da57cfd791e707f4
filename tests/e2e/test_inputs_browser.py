"""What a stranger sends and what an uploader says, in a real browser (issues 14 and 19): a link's
text stays text and loads nothing; an upload's problems are listed by row and column; an upload is
titled and credited as its uploader says, on the map, in the footer and in the PNG; an embed's
height message resizes only its own frame."""

from __future__ import annotations

import http.server
import re
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Page, expect

from exports.html import embed_id_of, embed_snippet, standalone_map_html
from loaders import load_dataset
from tests.conftest import FIXTURE

from .browser import free_port
from .conftest import real_console_errors
from .test_app_browser import TIMEOUT_MS


def _leaving(requests: list[str]) -> list[str]:
    return [u for u in requests if urlparse(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]


@pytest.mark.parametrize(
    ("key", "value"),
    [("station", "![](https://evil.example/pixel.png)"), ("place", "[Data withdrawn - read](https://evil.example)")],
)
def test_a_links_markdown_shows_as_text_and_loads_nothing(page: Page, app_url: str, key: str, value: str) -> None:
    page.goto(f"{app_url}/?{key}={quote(value)}")
    notice = page.locator("[data-testid='stAlertContainer']").filter(has_text=f"No {key} “")
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    assert notice.locator("img, a").count() == 0, notice.inner_html()
    text = notice.inner_text().replace("\u200b", "")
    assert value[:30] in text, text
    assert _leaving(page.requests) == []  # type: ignore[attr-defined]


def _upload(page: Page, app_url: str, path: Path) -> None:
    page.goto(f"{app_url}/upload")
    page.locator('input[type="file"]').set_input_files(str(path))


def test_an_upload_with_lat_and_lon_swapped_lists_its_problems_by_row_and_column(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    csv = tmp_path / "swapped.csv"
    csv.write_text("place,country_code,lat,lon\nLyon,FR,4.8357,45.7640\nMunich,FR,48.1351,11.5820\n")
    _upload(page, app_url, csv)
    expect(page.get_by_text("2 problems in swapped.csv")).to_be_visible(timeout=TIMEOUT_MS)
    grid = page.locator("[data-testid='stDataFrame']").last
    expect(grid).to_contain_text("latitude and longitude look swapped", timeout=TIMEOUT_MS)
    expect(grid).to_contain_text("row 2")
    expect(grid).to_contain_text("lies outside FR")
    expect(grid).to_contain_text("row 3")
    expect(page.get_by_text("Showing your uploaded data")).to_have_count(0)


def test_an_upload_titled_by_its_uploader_names_the_map_the_footer_and_the_png(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    csv = tmp_path / "list.csv"
    csv.write_text("place,country_code,lat,lon\nRome,IT,41.9028,12.4964\nMilan,IT,45.4642,9.19\n")
    page.goto(f"{app_url}/upload")
    title = page.get_by_label("Title")
    expect(title).to_be_visible(timeout=TIMEOUT_MS)
    title.fill("Police posts we found")
    title.press("Enter")
    page.get_by_label("Source").fill("Our own reporting")
    page.get_by_label("Source").press("Enter")
    page.locator('input[type="file"]').set_input_files(str(csv))
    expect(page.get_by_text("Showing your uploaded data — list.csv")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Open the map").click()
    expect(page.get_by_role("heading", name="Police posts we found")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"^Source: Our own reporting\. .*no data licence stated"))).to_be_visible()
    assert page.get_by_text("Safeguard Defenders").count() == 0
    page.get_by_role("link", name="Export").click()  # in-app navigation: the same session, the same upload
    button = page.get_by_role("button", name=re.compile(r"^Download PNG"))
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    assert info.value.suggested_filename.startswith("police-posts-we-found_")
    assert real_console_errors(page.console_errors) == []  # type: ignore[attr-defined]


# --- the embed ------------------------------------------------------------------------------------


@pytest.fixture()
def story_page(tmp_path: Path) -> Iterator[str]:
    """A story page on a loopback server with two embeds of two different files and a foreign frame
    that posts a height message of its own."""
    ds = load_dataset(FIXTURE)
    snippets = []
    for i, subset in enumerate((ds.stations, ds.stations.iloc[:2])):
        page = standalone_map_html(ds, subset, title=f"Map {i}")
        (tmp_path / f"map{i}.html").write_text(page, "utf-8")
        snippets.append(embed_snippet(f"map{i}.html", f"Map {i}", embed_id_of(page), height=150))
    (tmp_path / "advert.html").write_text(
        "<script>parent.postMessage({'overseas-stations-height': 4321, id: ''}, '*');"
        "setInterval(function(){parent.postMessage({'overseas-stations-height': 4321, id: ''}, '*')}, 50);</script>"
    )
    (tmp_path / "story.html").write_text(
        "<!doctype html><html><body><p>Story</p>"
        + snippets[0]
        + '<iframe id="advert" src="advert.html" height="90"></iframe>'
        + snippets[1]
        + "</body></html>"
    )
    port = free_port()
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = socketserver.TCPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/story.html"
    finally:
        server.shutdown()
        server.server_close()


def test_two_embeds_on_one_page_each_take_their_own_height_and_no_other_frame_is_resized(
    page: Page, story_page: str
) -> None:
    page.goto(story_page)
    frames = page.locator("iframe[data-overseas-stations]")
    expect(frames).to_have_count(2)
    for i in range(2):  # each reports its own height: the snippet sets it on its own frame only
        expect(frames.nth(i)).not_to_have_attribute("height", "150", timeout=TIMEOUT_MS)
    heights = [int(frames.nth(i).get_attribute("height") or 0) for i in range(2)]
    assert all(300 < h < 2000 for h in heights), heights
    own = [
        frames.nth(i).content_frame.locator("html").evaluate("() => Math.ceil(document.body.scrollHeight)")
        for i in range(2)
    ]
    assert heights == own
    page.wait_for_function("() => window.frames.length === 3")
    assert page.locator("#advert").get_attribute("height") == "90", "a foreign frame's message resizes nothing"
    assert "4321" not in [f.get_attribute("height") for f in frames.all()]
