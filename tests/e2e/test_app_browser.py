"""The real app in real headless Chromium: markers, popups, filters, offline, no console errors."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from loaders import Dataset, Filters, aggregate_places, filter_stations

from .browser import streamlit_server
from .conftest import E2E_DATA, real_console_errors

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 60_000


def markers(page: Page):
    """The place markers drawn (groups of places that would overlap are drawn as one other marker)."""
    return page.frame_locator(MAP_IFRAME).locator(
        ".leaflet-marker-pane > .leaflet-marker-icon:has(.osm-city, .osm-country)"
    )


def expect_places(page: Page, n: int) -> None:
    """The map shows exactly ``n`` places, each as its own marker or within a group (the renderer
    writes both counts on the map's container after every drawing)."""
    container = page.frame_locator(MAP_IFRAME).locator("#map_div")
    expect(container).to_have_attribute("data-places", str(n), timeout=TIMEOUT_MS)
    expect(container).to_have_attribute("data-places-drawn", str(n), timeout=TIMEOUT_MS)


def open_map(page: Page, url: str, query: str = "") -> None:
    page.goto(f"{url}/{query}")
    expect(markers(page).first).to_be_visible(timeout=TIMEOUT_MS)


def test_the_map_shows_one_marker_per_place_in_the_data(page: Page, app_url: str, e2e_dataset: Dataset) -> None:
    open_map(page, app_url)
    expect_places(page, len(aggregate_places(e2e_dataset.stations)))


def test_clicking_a_marker_opens_its_popup_with_safe_source_links(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    frame = page.frame_locator(MAP_IFRAME)
    markers(page).first.click()
    page.get_by_role("heading", level=3).first.wait_for(timeout=TIMEOUT_MS)  # the rerun drew the panel
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=TIMEOUT_MS)
    expect(popup).to_contain_text("Sources")
    # One atomic read: the click reruns the page, and the popup may be redrawn meanwhile.
    links = popup.locator("a").evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])"
    )
    assert links
    for href, target, rel in links:
        assert re.match(r"https?://", href or "")
        assert target == "_blank"
        assert rel == "noopener noreferrer"


def test_a_filter_change_updates_the_markers_without_reloading_the_map(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    open_map(page, app_url)
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None
    frame.evaluate("window.__sameMap = true")  # gone if the iframe reloads
    code = e2e_dataset.stations["country_code"].value_counts().index[0]
    name = e2e_dataset.stations.loc[e2e_dataset.stations["country_code"] == code, "country"].iloc[0]
    expected = len(aggregate_places(filter_stations(e2e_dataset, Filters(countries=(code,)))))
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect_places(page, expected)
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None and frame.evaluate("window.__sameMap === true"), "the map iframe was reloaded"
    expect(page).to_have_url(re.compile(rf"country={code}"), timeout=TIMEOUT_MS)


def map_view(page: Page) -> dict[str, float]:
    """Zoom and centre of the Leaflet map inside st_folium's iframe (st_folium keeps it as window.map)."""
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None
    return frame.evaluate("() => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng})")


def test_a_shared_link_reproduces_the_filtered_view_and_opens_on_it(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    code = e2e_dataset.stations["country_code"].value_counts().index[0]
    open_map(page, app_url, f"?country={code}")
    selected = aggregate_places(filter_stations(e2e_dataset, Filters(countries=(code,))))
    expect_places(page, len(selected))
    view = map_view(page)
    minx, miny, maxx, maxy = selected.total_bounds
    assert view["zoom"] >= 4, "the map opens on the selected country, not the world"
    assert miny - 5 <= view["lat"] <= maxy + 5 and minx - 5 <= view["lng"] <= maxx + 5
    link = page.locator("[data-testid='stSidebar'] a[href*='?']")
    expect(link).to_have_text(re.compile(rf"^{re.escape(app_url)}/?\?country={code}$"), timeout=TIMEOUT_MS)


def test_clicking_a_marker_does_not_pull_the_map_back_from_where_the_reader_panned(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None
    frame.evaluate("() => map.setView([40.7, -74.0], 6, {animate: false})")  # pan and zoom to New York
    in_view = frame.evaluate(
        """() => {
          const box = document.getElementById("map_div").getBoundingClientRect();
          const icons = [...document.querySelectorAll(".leaflet-marker-pane > *")];
          return icons.findIndex(el => {
            const r = el.getBoundingClientRect();
            return r.left > box.left && r.right < box.right && r.top > box.top && r.bottom < box.bottom;
          });
        }"""
    )
    assert in_view >= 0, "a marker in New York is in view"
    markers(page).nth(in_view).click()  # the click reruns the page
    page.get_by_role("heading", level=3).first.wait_for(timeout=TIMEOUT_MS)  # the panel under the map
    view = map_view(page)
    # Leaflet pans a little to fit the opened popup; a reset would be back at the world (zoom 2).
    assert view["zoom"] == 6 and abs(view["lat"] - 40.7) < 10 and abs(view["lng"] + 74.0) < 5


def test_every_request_stays_on_the_loopback_address_and_nothing_logs_an_error(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    markers(page).first.click()
    expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content")).to_be_visible(timeout=TIMEOUT_MS)
    # the basemap outlines arrived: the vector pane has country paths
    expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-basemap-pane path").first).to_be_attached(
        timeout=TIMEOUT_MS
    )
    outside = [
        u
        for u in page.requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
    ]  # type: ignore[attr-defined]
    assert outside == []
    assert real_console_errors(page.console_errors) == []  # type: ignore[attr-defined]


def test_the_camera_button_downloads_a_png_of_the_view(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    button = page.frame_locator(MAP_IFRAME).locator(".leaflet-control-simpleMapScreenshoter a").first
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    path = info.value.path()
    assert info.value.suggested_filename.endswith(".png")
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_every_page_renders_in_the_browser_without_errors(page: Page, app_url: str) -> None:
    for path, heading in [
        ("stations", "Stations"),
        ("reactions", "Reactions"),
        ("about", "About & method"),
        ("export", "Export"),
        ("country?panel=NL", "Country"),
        ("dictionary", "Data dictionary"),
    ]:
        page.goto(f"{app_url}/{path}")  # a first visit straight to the page's own URL
        expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text(re.compile(r"Data as of \d{4}-\d{2}-\d{2}")).first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert real_console_errors(page.console_errors) == []  # type: ignore[attr-defined]


def test_the_export_page_previews_and_downloads_a_png_of_the_filtered_map(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    code = e2e_dataset.stations["country_code"].value_counts().index[0]
    page.goto(f"{app_url}/export?country={code}")
    preview = page.locator("[data-testid='stImage'] img").first
    expect(preview).to_be_visible(timeout=TIMEOUT_MS)
    button = page.get_by_role("button", name=re.compile(r"^Download PNG"))
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    name = info.value.suggested_filename
    assert name.startswith("overseas-stations_") and name.endswith(".png")
    with open(info.value.path(), "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (2400, 1350), "the default is a 2x 16:9 image"


def test_a_fresh_servers_first_visit_to_a_page_url_shows_that_page_in_the_frame(
    browser: object, tmp_path: Path
) -> None:
    # A new server starts in Streamlit's legacy pages/ mode until app.py has run once
    # (ui/navigation.py): the first visitor may well arrive by a shared link to a page.
    with streamlit_server(tmp_path / "streamlit.log", env={"OVERSEAS_STATIONS_DATA": str(E2E_DATA)}) as url:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{url}/stations?country=NL")
        expect(page.get_by_role("heading", name="Stations").first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text(re.compile(r"Data as of \d{4}-\d{2}-\d{2}")).first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text(re.compile(r"^\d+ of \d+ stations · Netherlands"))).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        link = page.locator("[data-testid='stSidebar'] a[href*='?']")
        expect(link).to_have_text(f"{url}/stations?country=NL", timeout=TIMEOUT_MS)
        context.close()
