"""The reader's map (issue 9) in real headless Chromium against the real app: a link to a place,
a phone's first screen, accessible names and the table beside the map, time as an axis, and the
standalone file embedded in a story page from disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from exports import standalone_map_html
from exports.html import embed_id_of, embed_snippet
from loaders import Dataset, Filters, aggregate_places, filter_stations, place_summary

from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, expect_places, markers, open_map


def _place_with_most_stations(dataset: Dataset) -> Any:
    places = aggregate_places(dataset.stations)
    return places.sort_values(["count", "place_id"], ascending=[False, True]).iloc[0]


def test_a_link_to_a_place_opens_the_map_on_it_with_its_popup_and_panel(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    place = _place_with_most_stations(e2e_dataset)
    page.goto(f"{app_url}/?place={place['place_id']}")
    popup = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content .osm-popup h4")
    expect(popup).to_have_text(place["label"], timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", level=3, name=place["label"])).to_be_visible(timeout=TIMEOUT_MS)
    # The popup offers the same link back.
    page.frame_locator(MAP_IFRAME).get_by_role("button", name="Copy link to this place").click()
    link = page.frame_locator(MAP_IFRAME).get_by_role("textbox", name="Link to this place")
    expect(link).to_have_value(re.compile(r"[?&]place="), timeout=TIMEOUT_MS)
    assert parse_qs(urlparse(link.input_value()).query)["place"] == [place["place_id"]]


def test_an_unknown_place_in_a_link_gives_a_notice_and_the_whole_map(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    page.goto(f"{app_url}/?place=ZZ:Atlantis")
    expect(page.get_by_text("No place “ZZ:Atlantis” on the map")).to_be_visible(timeout=TIMEOUT_MS)
    expect_places(page, len(aggregate_places(e2e_dataset.stations)))


def test_every_marker_is_named_for_a_screen_reader_as_the_data_says(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    open_map(page, app_url, "?view=50,10,6")  # Europe at a zoom where its places stand apart
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-marker-pane > .leaflet-marker-icon')]"
        ".every(m => m.getAttribute('aria-label'))",
        timeout=TIMEOUT_MS,
    )
    names = set(frame.locator(".leaflet-marker-pane > .leaflet-marker-icon").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))"
    ))  # fmt: skip
    places = aggregate_places(e2e_dataset.stations)
    expected = {place_summary(p.label, e2e_dataset.stations.loc[p.members, "status"]) for p in places.itertuples()}
    named_places = {n for n in names if not n.endswith(": zoom in")}
    assert named_places and named_places <= expected  # the browser says what loaders.place_summary says
    # In the accessibility tree each marker is a button with that name.
    tree = frame.locator(".leaflet-marker-pane").aria_snapshot()
    assert all(f'button "{name}"' in tree for name in named_places)


def test_the_table_beside_the_map_and_the_live_summary_follow_the_filters(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    open_map(page, app_url)
    live = page.frame_locator(MAP_IFRAME).get_by_role("status")
    total = aggregate_places(e2e_dataset.stations)
    expect(live).to_have_text(f"The map shows {int(total['count'].sum())} stations in {len(total)} places.")
    # Opened before the filter: written on opening (issue 17), and it stays open when its label changes.
    table = page.get_by_role("table").filter(has_text="Place")
    page.get_by_text(re.compile(r"places on the map, as a table")).click()
    expect(table.locator("tbody tr")).to_have_count(len(total), timeout=TIMEOUT_MS)
    code = e2e_dataset.stations["country_code"].value_counts().index[0]
    name = e2e_dataset.stations.loc[e2e_dataset.stations["country_code"] == code, "country"].iloc[0]
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    # The list of countries closes: while it is open, the page is hidden from the accessibility tree.
    page.keyboard.press("Escape")
    selected = aggregate_places(filter_stations(e2e_dataset, Filters(countries=(code,))))
    expect_places(page, len(selected))
    expect(live).to_contain_text(f"in {len(selected)} place", timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile(rf"^The {len(selected)} places? on the map, as a table$"))).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(selected), timeout=TIMEOUT_MS)


def test_the_time_slider_recolours_the_markers_and_puts_the_date_in_the_link(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    closed = page.frame_locator(MAP_IFRAME).locator('.leaflet-marker-icon [data-status="closed"]')
    expect(closed.first).to_be_attached(timeout=TIMEOUT_MS)  # today some places are closed
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("Home")  # the first month: nothing had closed yet
    expect(page).to_have_url(re.compile(r"asof=\d{4}-\d{2}-\d{2}"), timeout=TIMEOUT_MS)
    expect(closed).to_have_count(0, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="▶", exact=True).click()  # one month on
    expect(page).to_have_url(re.compile(r"asof=\d{4}-\d{2}-\d{2}"), timeout=TIMEOUT_MS)


def test_on_a_phone_the_map_is_on_the_first_screen_and_one_finger_scrolls_the_page(browser: Any, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/")
        expect(markers(page).first).to_be_attached(timeout=TIMEOUT_MS)
        box = page.locator(MAP_IFRAME).bounding_box()
        assert box is not None and box["y"] < 844 - 150, f"the map starts at {box}: below the first screen"
        container = page.frame_locator(MAP_IFRAME).locator("#map_div")
        expect(container).not_to_have_class(re.compile(r"leaflet-touch-drag"), timeout=TIMEOUT_MS)
        expect(page.frame_locator(MAP_IFRAME).get_by_text("Two fingers move the map")).to_be_visible()
    finally:
        context.close()


def test_the_embedded_file_reports_its_height_to_the_story_page_with_no_network(
    offline_page: Any, mini: Dataset, tmp_path: Path
) -> None:
    page = offline_page
    html = standalone_map_html(mini, mini.stations, title="Stations")
    (tmp_path / "map.html").write_text(html, "utf-8")
    story = tmp_path / "story.html"
    snippet = embed_snippet("map.html", "Stations", embed_id_of(html))  # the snippet checks the file's id
    story.write_text(f"<!doctype html><html><body><p>Story text.</p>{snippet}</body></html>")
    page.goto(story.as_uri())
    iframe = page.locator("iframe")
    page.wait_for_function("() => document.querySelector('iframe').height !== '600'", timeout=TIMEOUT_MS)
    inner = page.frame_locator("iframe").locator("body").evaluate("b => b.scrollHeight")
    assert abs(int(iframe.get_attribute("height") or 0) - inner) <= 2
    data = page.frame_locator("iframe").get_by_role("link", name="Get the data (CSV)")
    assert (data.get_attribute("href") or "").startswith("data:text/csv")
    assert [u for u in page.requests if not u.startswith(("file://", "data:"))] == []
    assert page.errors == []


def test_thousands_of_places_arrive_in_the_view_message_and_are_grouped_by_zoom(browser: Any, tmp_path: Path) -> None:
    from bench.synthetic import write_synthetic
    from loaders import load_dataset

    from .browser import streamlit_server

    stations = write_synthetic(3000, tmp_path / "data")
    expected = len(aggregate_places(load_dataset(stations).stations))
    with streamlit_server(tmp_path / "streamlit.log", env={"OVERSEAS_STATIONS_DATA": str(stations)}) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        try:
            page.goto(f"{url}/")
            expect_places(page, expected)
            assert not any("/app/static/cache/" in u for u in fetched), "nothing is written for a view to fetch"
            groups = page.frame_locator(MAP_IFRAME).locator(".osm-cluster")
            expect(groups.first).to_be_attached(timeout=TIMEOUT_MS)
            assert groups.count() < 400, "a world view of 3 000 places draws groups, not every marker"
        finally:
            context.close()
