"""The standalone HTML export opened from disk in headless Chromium, with the network off.

Uses the session ``browser`` fixture of tests/e2e/conftest.py, which skips without
/usr/bin/chromium locally and fails under CI=true.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from exports import standalone_map_html
from loaders import Dataset, aggregate_places

WAIT_MS = 15_000  # ceiling for a loaded 2-core box; the waits end as soon as the condition holds


@pytest.fixture()
def standalone_file(mini: Dataset, tmp_path: Path) -> Path:
    path = tmp_path / "overseas-stations_world.html"
    path.write_text(standalone_map_html(mini, mini.stations, title="Overseas police service stations"), "utf-8")
    return path


def test_standalone_map_shows_every_place_from_disk_with_no_network(
    offline_page: Any, standalone_file: Path, mini: Dataset
) -> None:
    page = offline_page
    expected = len(aggregate_places(mini.stations))
    page.goto(standalone_file.as_uri())
    # Every place is drawn, as its own marker or in a group of markers that would overlap.
    container = page.locator(".folium-map")
    expect(container).to_have_attribute("data-places-drawn", str(expected), timeout=WAIT_MS)
    expect(container).to_have_attribute("data-places", str(expected))
    page.wait_for_function("() => document.querySelectorAll('.leaflet-pane path').length > 0", timeout=WAIT_MS)
    assert page.title() == "Overseas police service stations"
    left_disk = [url for url in page.requests if not url.startswith(("file://", "data:"))]
    assert left_disk == []
    assert page.errors == []


def test_clicking_a_marker_opens_a_popup_whose_source_links_are_safe(offline_page: Any, standalone_file: Path) -> None:
    page = offline_page
    page.goto(standalone_file.as_uri())
    page.goto(standalone_file.as_uri() + "?place=IT:Rome")  # a link to a place opens it, here from disk
    links = page.locator(".leaflet-popup-content a")
    links.first.wait_for(timeout=WAIT_MS)
    assert "Rome, Italy" in page.locator(".leaflet-popup-content").inner_text()
    assert links.count() > 0
    for i in range(links.count()):
        link = links.nth(i)
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("target") == "_blank"
        assert (link.get_attribute("href") or "").startswith(("https://", "http://"))
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []


def test_a_german_standalone_map_opens_a_popup_in_german(offline_page: Any, mini: Dataset, tmp_path: Path) -> None:
    """Issue 18: the downloadable map in the newsroom's language, its popups included."""
    from i18n import translate

    path = tmp_path / "uebersee-stationen.html"
    path.write_text(standalone_map_html(mini, mini.stations, title="Übersee-Polizeistationen", lang="de"), "utf-8")
    page = offline_page
    page.goto(path.as_uri() + "?place=IT:Rome")  # the file opens the place its address names
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".osm-badge").first).to_be_visible(timeout=WAIT_MS)
    text = popup.inner_text()
    assert "Rom, Italien" in text  # the place: the city from the gazetteer's names, the country from CLDR
    badges = popup.locator(".osm-badge").all_inner_texts()
    assert translate("status.convicted", "de") in badges, badges  # Rome's stations, by their German status
    assert translate("status.under_investigation", "de") in badges, badges
    for word in ("Quellen", "Zuletzt:", "Aufgeführt in:", translate("popup.reactions", "de")):
        assert word in text, word
    assert "Sources" not in text and "Latest:" not in text
    assert page.locator("html").get_attribute("lang") == "de"
    # What a screen reader hears: counted with CLDR's German plural forms, picked by Intl.PluralRules.
    live = page.locator(".osm-live")
    expect(live).to_have_text(re.compile(r"^Die Karte zeigt \d+ Stationen an 5 Orten\.$"), timeout=WAIT_MS)
    assert "Datenstand" in page.locator(".osm-source").inner_text()
    assert translate("status.convicted", "de") in page.locator(".osm-legend").inner_text()
    assert [url for url in page.requests if not url.startswith(("file://", "data:"))] == []
    assert page.errors == []
