"""The map opens framed and the search box finds what a reader means (issue 19), in a real browser
at 1440x900: the places shown fill the map (never a world 512 px wide), the whole map is on the first
screen, and typing a district, a defendant or a bureau opens what it names."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from loaders import Dataset, Filters, aggregate_places, filter_stations

from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, expect_places

DESKTOP = {"width": 1440, "height": 900}
# Is the map framed on these points? Leaflet's own fitting rule, in the quarter steps the app uses:
# every point inside the view, and the zoom no lower than the largest that still shows them all.
FRAMED = """(pts) => {
  if (!window.map || !window.L) return null;
  const b = L.latLngBounds(pts), snap = map.options.zoomSnap;
  map.options.zoomSnap = 0.25;
  const fit = Math.min(map.getBoundsZoom(b, false, L.point(56, 56)), 9);
  map.options.zoomSnap = snap;
  const inside = pts.every(p => map.getBounds().contains(p));
  return {inside, zoom: map.getZoom(), fit, ok: inside && map.getZoom() >= fit - 0.01};
}"""


@pytest.fixture()
def desktop(browser: Any) -> Any:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def points(dataset: Dataset, filters: Filters) -> list[list[float]]:
    places = aggregate_places(filter_stations(dataset, filters))
    return [[float(g.y), float(g.x)] for g in places.geometry if g is not None and not g.is_empty]


def expect_framed(page: Page, pts: list[list[float]]) -> dict[str, Any]:
    frame = page.frame(url=re.compile(r"streamlit_folium"))
    assert frame is not None
    handle = frame.wait_for_function(f"(pts) => {{ const r = ({FRAMED})(pts); return r && r.ok ? r : false; }}",
                                     arg=pts, timeout=TIMEOUT_MS)  # fmt: skip
    return handle.json_value()


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", Filters()),
        ("?asof=2022-12-31", Filters(as_of=date(2022, 12, 31))),
        ("?asof=2024-06-30&country=FR&country=IT", Filters(countries=("FR", "IT"), as_of=date(2024, 6, 30))),
    ],
    ids=["default", "asof", "asof-and-countries"],
)
def test_every_opening_view_frames_the_places_shown_with_the_whole_map_on_the_first_screen(
    desktop: Page, app_url: str, e2e_dataset: Dataset, query: str, filters: Filters
) -> None:
    page = desktop
    page.goto(f"{app_url}/{query}")
    pts = points(e2e_dataset, filters)
    expect_places(page, len(aggregate_places(filter_stations(e2e_dataset, filters))))
    view = expect_framed(page, pts)
    assert view["zoom"] > 1, f"a world no wider than 512 px: {view}"
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], box


def find(page: Page, text: str) -> None:
    """Type into the search box as a person does, and press Enter."""
    box = page.get_by_role("textbox", name="Find on the map")
    box.click()
    box.press("Control+A")
    page.keyboard.type(text, delay=30)
    page.keyboard.press("Enter")


@pytest.mark.parametrize(
    ("typed", "place_id", "label"),
    [
        ("Manhattan", "US:New York", "New York, United States"),
        ("Lu Jianwang", "US:New York", "New York, United States"),
        ("Usera", "ES:Madrid", "Madrid, Spain"),
    ],
)
def test_typing_a_district_or_a_person_opens_the_place_framed_with_its_popup(
    desktop: Page, app_url: str, e2e_dataset: Dataset, typed: str, place_id: str, label: str
) -> None:
    page = desktop
    page.goto(f"{app_url}/")
    expect_places(page, len(aggregate_places(e2e_dataset.stations)))
    find(page, typed)
    expect(page.get_by_role("combobox", name="Matches")).to_be_visible(timeout=TIMEOUT_MS)
    popup = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content .osm-popup h4")
    expect(popup).to_have_text(label, timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", level=3, name=label)).to_be_visible(timeout=TIMEOUT_MS)
    place = aggregate_places(e2e_dataset.stations).set_index("place_id").loc[place_id]
    view = expect_framed(page, [[float(place.geometry.y), float(place.geometry.x)]])
    assert view["zoom"] >= 8, view


def test_typing_a_bureau_in_chinese_filters_the_map_to_its_stations(
    desktop: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    page = desktop
    page.goto(f"{app_url}/")
    expect_places(page, len(aggregate_places(e2e_dataset.stations)))
    find(page, "福州")
    expect(page).to_have_url(re.compile(r"[?&]bureau=Fuzhou\b"), timeout=TIMEOUT_MS)
    fuzhou = Filters(bureaus=("Fuzhou",))
    expect_places(page, len(aggregate_places(filter_stations(e2e_dataset, fuzhou))))
    expect(page.locator("[data-testid='stSidebar']").get_by_text("Fuzhou", exact=True)).to_be_visible()
    expect_framed(page, points(e2e_dataset, fuzhou))
    expect(page.get_by_role("textbox", name="Find on the map")).to_have_value("")
