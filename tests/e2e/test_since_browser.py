"""``/?since=<date>`` in a real browser: the places that changed after the date are ringed on the map
(and named so), the others are not, and the list under the map says what changed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from loaders import Filters, filter_stations, load_dataset
from loaders.since import read_since_sources, since_view, view_events
from tests.conftest import FIXTURE

from .browser import streamlit_server
from .conftest import real_console_errors
from .test_app_browser import TIMEOUT_MS

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SINCE = date(2024, 6, 1)
LABEL = "Changed since 1 Jun 2024"


def _expected_places() -> set[str]:
    ds = load_dataset(FIXTURE)
    history, changelog = read_since_sources(ds)
    stations = filter_stations(ds, Filters())
    return set(since_view(ds, history, changelog, SINCE, stations, view_events(ds, Filters(), stations)).places)


def test_since_in_the_link_rings_the_places_that_changed_after_it(browser: Any, tmp_path: Path) -> None:
    expected = _expected_places()
    assert expected == {"IT:Rome", "CA:Montreal"}  # a verdict after the date, a record corrected after it
    with streamlit_server(tmp_path / "streamlit.log", env={"OVERSEAS_STATIONS_DATA": str(FIXTURE)}) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(f"{url}/?since={SINCE.isoformat()}")
            frame = page.frame_locator(MAP_IFRAME)
            expect(frame.locator("#map_div[data-places-drawn='5']")).to_be_attached(timeout=TIMEOUT_MS)
            ringed = frame.locator(".osm-marker.osm-changed")
            expect(ringed.first).to_be_visible(timeout=TIMEOUT_MS)
            # Every drawn marker: whether it is ringed, its name, and the places it stands for.
            inner = page.frame(url=re.compile("streamlit_folium"))
            assert inner is not None
            inner.wait_for_function(
                "() => [...document.querySelectorAll('.leaflet-marker-icon.osm-icon')]"
                ".every(m => (m.getAttribute('aria-label') || '').includes(':'))",
                timeout=TIMEOUT_MS,
            )
            drawn = inner.evaluate(
                """() => {
                    const d = OverseasStations.active;
                    return [...d.markers.values()].map(m => ({
                        ringed: m.getElement().querySelector('.osm-marker').classList.contains('osm-changed'),
                        ring: getComputedStyle(m.getElement().querySelector('.osm-marker')).boxShadow,
                        name: m.getElement().getAttribute('aria-label'),
                        places: m.groupProps
                            ? d.index.getLeaves(m.groupProps.cluster_id, Infinity)
                                .map(l => d.loader.data.places.id[d.atlasPlace(l.properties.i)])
                            : [d.loader.data.places.id[d.atlasPlace(m.placeIndex)]],
                    }));
                }"""
            )
            shown = {p for m in drawn for p in m["places"]}
            assert shown == {"IT:Rome", "CA:Montreal", "NL:Amsterdam", "NL:Rotterdam", "DE:*"}
            for marker in drawn:
                assert marker["ringed"] == bool(expected & set(marker["places"])), marker
                if marker["ringed"]:
                    assert "rgb(194, 24, 91)" in marker["ring"], "a visible magenta ring"
                    assert marker["name"].endswith(" · " + LABEL), marker["name"]
                else:
                    assert LABEL not in marker["name"]
            assert {p for m in drawn if m["ringed"] for p in m["places"]} >= expected
            # Its popup says so too.
            frame.get_by_role("button", name=re.compile(r"^Montreal, Canada: .* · " + LABEL)).click()
            expect(frame.locator(".leaflet-popup [data-line='changed']")).to_have_text(LABEL, timeout=TIMEOUT_MS)
            # The list under the map, and the date kept in the address.
            expect(page.get_by_role("heading", name=LABEL)).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_role("link", name=re.compile(r"^Guilty verdict · Fixture Court"))).to_have_attribute(
                "href", re.compile(r"since=2024-06-01&place=IT:Rome$")
            )
            assert re.search(r"[?&]since=2024-06-01(&|$)", page.url)
            assert real_console_errors(errors) == []
        finally:
            context.close()


def test_a_since_date_chosen_on_the_map_reaches_the_sidebars_link(browser: Any, tmp_path: Path) -> None:
    # The date box is inside the Map page's fragment; the sidebar's "Link to this view" is drawn by
    # the whole app's run: choosing a date must bring the link along (the fragment alone would not).
    with streamlit_server(tmp_path / "streamlit.log", env={"OVERSEAS_STATIONS_DATA": str(FIXTURE)}) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"{url}/")
            expect(page.frame_locator(MAP_IFRAME).locator("#map_div[data-places-drawn='5']")).to_be_attached(
                timeout=TIMEOUT_MS
            )
            # The date box's segments, typed as a reader types them (year, month, day).
            page.get_by_role("spinbutton", name="year, Changed since").click()
            page.keyboard.type("20240601")  # year, month, day: the box moves on by itself
            page.locator("h1").first.click()  # leaving the box sends the date
            expect(page).to_have_url(re.compile(r"since=2024-06-01"), timeout=TIMEOUT_MS)
            link = page.get_by_test_id("stSidebar").get_by_role("link", name=re.compile(r"since=2024-06-01"))
            expect(link).to_be_visible(timeout=TIMEOUT_MS)
        finally:
            context.close()
