"""Hostile text in every field, in a real browser: popups, tooltips and accessible names show it
as written; nothing runs, no markup appears, only http(s) links are made.

Uses the standalone HTML (the same renderer and payloads as the app) from disk, offline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from exports import standalone_map_html
from loaders import aggregate_places, load_dataset
from loaders.aggregate import place_popups
from maps.atlas import atlas_payload
from tests.hostile import HOSTILE, JS_URL, write_hostile_data
from ui.panels import panel_html

WAIT_MS = 15_000


def _open(offline_page: Any, tmp_path: Path) -> Any:
    ds = load_dataset(write_hostile_data(tmp_path))
    path = tmp_path / "hostile.html"
    path.write_text(standalone_map_html(ds, ds.stations, title="Hostile"), "utf-8")
    offline_page.goto(path.as_uri())
    offline_page.locator(".osm-marker").first.wait_for(timeout=WAIT_MS)
    return ds


def test_every_popup_shows_hostile_text_as_text_and_runs_nothing(offline_page: Any, tmp_path: Path) -> None:
    page = offline_page
    _open(page, tmp_path)
    n = page.evaluate("() => OverseasStations.active.n")
    assert n == 5
    for i in range(n):
        page.evaluate("i => OverseasStations.active.openPlace(i)", i)  # zooms into a group if need be
        content = page.locator(".leaflet-popup-content .osm-popup")
        content.wait_for(timeout=WAIT_MS)
        text = content.inner_text()
        assert "<script>window.__pwned=1</script>" in text  # shown as written
        assert "${window.__pwned=3}" in text
        lines = content.locator("[data-line]").evaluate_all("els => els.map(e => [e.dataset.line, e.textContent])")
        kinds = {kind for kind, line in lines if "__pwned" in line}
        assert {"station", "event", "source"} <= kinds  # the since line (an actor), events, sources
        assert "latest" in kinds or not any(kind == "latest" for kind, _ in lines)
        assert content.locator("script, img, iframe, object").count() == 0
        hrefs = content.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
        page.evaluate("() => OverseasStations.active.map.closePopup()")
        content.wait_for(state="detached", timeout=WAIT_MS)
    # Keyboard: a marker reached with Tab opens with Enter.
    page.evaluate("() => OverseasStations.active.map.setView([50, 5], 7, {animate: false})")  # places apart
    marker = page.locator(".leaflet-marker-pane > .leaflet-marker-icon:has(.osm-city)").first
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content .osm-popup")).to_be_visible(timeout=WAIT_MS)
    # Subjects, claims, report titles and copies' publishers appear somewhere in the popups too.
    assert page.evaluate("() => window.__pwned") is None
    assert page.errors == []


def test_tooltips_and_accessible_names_carry_hostile_text_inertly(offline_page: Any, tmp_path: Path) -> None:
    page = offline_page
    _open(page, tmp_path)
    page.evaluate("() => OverseasStations.active.map.setView([50, 5], 7, {animate: false})")  # places apart
    page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-marker-pane > .leaflet-marker-icon')]"
        ".every(m => m.getAttribute('aria-label'))",
        timeout=WAIT_MS,
    )
    labels = page.locator(".leaflet-marker-pane > .leaflet-marker-icon").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))"
    )
    assert any(HOSTILE in label for label in labels)
    page.locator(".leaflet-marker-icon:has(.osm-city)").first.dispatch_event("mouseover")  # Leaflet's hover
    page.locator(".leaflet-tooltip").wait_for(timeout=WAIT_MS)
    assert page.locator(".leaflet-tooltip script, .leaflet-tooltip img").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_the_renderer_refuses_non_http_links_even_if_the_server_sent_one(offline_page: Any, tmp_path: Path) -> None:
    page = offline_page
    ds = _open(page, tmp_path)
    atlas = atlas_payload(ds)
    for n, source in enumerate(atlas["sources"]):  # as if a bug on the server let them through
        bad = [JS_URL, "data:text/html,<script>1</script>", " vbscript:x", "//example.org/x"]
        source["url"] = bad[n % 4]
        source["archive"] = [bad[(n + 1) % 4], bad[(n + 2) % 4]]
    hrefs = page.evaluate(
        """atlas => {
            const d = OverseasStations.active;
            const options = Object.assign({}, d.options, {correction_url: null});
            const out = [];
            for (let i = 0; i < d.n; i++) {
                const root = OverseasStations.buildPopup(atlas, d.view, i, options);
                out.push(...[...root.querySelectorAll('a')].map(a => a.getAttribute('href')));
            }
            return out;
        }""",
        json.loads(json.dumps(atlas)),
    )
    assert hrefs == []
    assert page.evaluate("() => OverseasStations.safeHref('HTTPS://example.org/a')") == "https://example.org/a"


def test_the_panel_shows_hostile_text_as_text_and_runs_nothing(offline_page: Any, tmp_path: Path) -> None:
    page = offline_page
    ds = load_dataset(write_hostile_data(tmp_path))
    popups = place_popups(ds, ds.stations, aggregate_places(ds.stations), None)
    page.set_content("".join(panel_html(ds, p) for p in popups))
    text = page.locator("body").inner_text()
    assert "<script>window.__pwned=1</script>" in text and "${window.__pwned=3}" in text
    assert page.locator("script, img, iframe, object").count() == 0
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert page.evaluate("() => window.__pwned") is None
    assert page.errors == []
