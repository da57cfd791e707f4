"""The popup as a reader meets it (issue 19), in real headless Chromium against the real app: on a
phone it fits, scrolls and closes; from the keyboard it opens and gives focus back; the panel under
the map says what the popup says; groups say where they are; the table's rows and a correction
link lead on; the source box keeps off the markers; the time slider keeps an open popup."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from exports import standalone_map_html
from exports.framing import region_of
from loaders import Dataset, Filters, aggregate_places, filter_stations
from loaders.aggregate import place_popups
from loaders.permalinks import correction_link
from maps.payload import view_payload
from ui.panels import panel_html

from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, expect_places, markers, open_map
from .test_map_delivery_browser import _harness

ROTTERDAM = "NL:Rotterdam"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _map_frame(page: Page) -> Any:
    frame = page.frame(url=re.compile("streamlit_folium"))
    assert frame is not None
    return frame


def _lines(root_js: str) -> str:
    """A JS expression: the text of every [data-line] element under ROOT, whitespace collapsed."""
    return f"[...{root_js}.querySelectorAll('[data-line]')].map(e => e.textContent.replace(/\\s+/g, ' ').trim())"


POPUP_LINES = "() => " + _lines("document.querySelector('.leaflet-popup-content')")


def _box(frame: Any, selector: str) -> dict[str, float]:
    return frame.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect(); "
        "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }",
        selector,
    )


def test_on_a_phone_a_places_popup_fits_the_map_scrolls_and_closes_three_ways(browser: Any, app_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?place={ROTTERDAM}")
        map_frame = page.frame_locator(MAP_IFRAME)
        popup = map_frame.locator(".leaflet-popup")
        expect(map_frame.locator(".leaflet-popup-content h4")).to_have_text(
            "Rotterdam, Netherlands", timeout=TIMEOUT_MS
        )
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
        frame = _map_frame(page)
        frame.wait_for_function(
            "() => { const p = document.querySelector('.leaflet-popup').getBoundingClientRect();"
            " const m = document.getElementById('map_div').getBoundingClientRect();"
            " return p.left >= m.left && p.right <= m.right && p.top >= m.top && p.bottom <= m.bottom; }",
            timeout=TIMEOUT_MS,
        )  # inside the map once Leaflet has panned it in
        content = frame.evaluate(
            "() => { const c = document.querySelector('.leaflet-popup-content');"
            " return [c.scrollHeight, c.clientHeight, getComputedStyle(c).overflowY]; }"
        )
        assert content[0] > content[1] and content[2] == "auto", "a long popup scrolls inside itself"
        frame.evaluate("() => { document.querySelector('.leaflet-popup-content').scrollTop = 400; }")
        assert frame.evaluate("() => document.querySelector('.leaflet-popup-content').scrollTop") > 0
        close = map_frame.locator(".leaflet-popup-close-button")
        box = _box(frame, ".leaflet-popup-close-button")
        assert box["right"] <= _box(frame, "#map_div")["right"], "the × is on screen"
        close.tap()
        expect(popup).to_have_count(0, timeout=TIMEOUT_MS)

        def reopen() -> None:
            frame.evaluate(
                "() => OverseasStations.active.openPlace(OverseasStations.active.placeIndex('NL:Rotterdam'))"
            )
            expect(map_frame.locator(".leaflet-popup-content h4").last).to_be_visible(timeout=TIMEOUT_MS)
            # Leaflet pans the map to show the popup: where the map is outside it is known once it stands.
            frame.wait_for_function(
                "() => { const m = window.map, p = document.querySelectorAll('.leaflet-popup');"
                " if (p.length !== 1 || (m._panAnim && m._panAnim._inProgress) || m._animatingZoom) return false;"
                " const r = p[0].getBoundingClientRect();"
                " const b = document.getElementById('map_div').getBoundingClientRect();"
                " return r.top >= b.top && r.bottom <= b.bottom; }",
                timeout=TIMEOUT_MS,
            )

        reopen()
        outside = frame.evaluate(
            "() => { const p = document.querySelector('.leaflet-popup').getBoundingClientRect();"
            " const m = document.getElementById('map_div').getBoundingClientRect();"
            " return {x: (m.left + m.right) / 2, y: p.bottom + (m.bottom - p.bottom) / 2, room: m.bottom - p.bottom}; }"
        )
        assert outside["room"] > 20, "some of the map shows below the popup"
        # The map, outside the popup: a tap on the frame at that point (scrolled into view first: the
        # page under a 560 px map on an 844 px screen may have left part of the map below the fold).
        page.locator(MAP_IFRAME).tap(position={"x": outside["x"], "y": outside["y"]})
        expect(popup).to_have_count(0, timeout=TIMEOUT_MS)
        reopen()
        # The reader is in the popup … (the newest: a popup closed a moment ago fades out for 200 ms)
        map_frame.locator(".leaflet-popup-content h4").last.tap()
        page.keyboard.press("Escape")  # … and presses Escape (a phone's keyboard)
        expect(popup).to_have_count(0, timeout=TIMEOUT_MS)
    finally:
        context.close()


def test_enter_on_a_marker_moves_focus_into_its_popup_and_escape_gives_it_back(page: Page, app_url: str) -> None:
    open_map(page, app_url, "?country=NL")  # two places that stand apart
    map_frame = page.frame_locator(MAP_IFRAME)
    marker = markers(page).first
    marker.focus()
    page.keyboard.press("Enter")
    expect(map_frame.locator(".leaflet-popup-content h4")).to_be_visible(timeout=TIMEOUT_MS)
    frame = _map_frame(page)
    frame.wait_for_function("() => document.activeElement.closest('.leaflet-popup') !== null", timeout=TIMEOUT_MS)
    page.keyboard.press("Tab")  # onwards inside the popup: its links
    assert frame.evaluate("() => document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    expect(map_frame.locator(".leaflet-popup")).to_have_count(0, timeout=TIMEOUT_MS)
    frame.wait_for_function(
        "() => document.activeElement.classList.contains('leaflet-marker-icon')"
        " && document.activeElement.querySelector('.osm-city, .osm-country') !== null",
        timeout=TIMEOUT_MS,
    )


def test_a_skip_link_before_the_map_jumps_past_its_markers(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    skip = page.get_by_role("link", name="Skip the map")
    skip.focus()
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(
        """() => {
            const iframe = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const focused = document.activeElement;
            return focused !== iframe && focused !== document.body
                && !!(iframe.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert after, "the next Tab stop after Skip the map comes after the map"


def test_a_groups_accessible_name_says_how_many_and_where(page: Page, app_url: str, e2e_dataset: Dataset) -> None:
    open_map(page, app_url)  # the world: Europe's places are grouped
    frame = _map_frame(page)
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-marker-icon:has(.osm-cluster)')]"
        ".every(m => / around /.test(m.getAttribute('aria-label') || ''))",
        timeout=TIMEOUT_MS,
    )
    groups = frame.evaluate(
        """() => {
            const d = OverseasStations.active;
            return [...d.markers.values()].filter(m => m.groupProps).map(m => ({
                name: m.getElement().getAttribute('aria-label'),
                places: d.index.getLeaves(m.groupProps.cluster_id, Infinity)
                    .map(l => d.loader.data.places.id[d.atlasPlace(l.properties.i)]),
            }));
        }"""
    )
    assert groups, "the world view groups places"
    places = aggregate_places(e2e_dataset.stations).set_index("place_id")
    for group in groups:
        stations = Counter()
        for pid in group["places"]:
            stations[region_of(places.loc[pid, "country_code"])] += int(places.loc[pid, "count"])
        region = stations.most_common(1)[0][0]
        n = sum(stations.values())
        assert group["name"] == f"{n} stations in {len(group['places'])} places around {region}: zoom in"
    assert any(" around Europe" in g["name"] for g in groups)


def test_a_row_of_the_places_table_opens_its_place(page: Page, app_url: str) -> None:
    open_map(page, app_url, "?country=NL")
    page.get_by_text(re.compile(r"places on the map, as a table")).click()
    # Streamlit opens every Markdown link in a new tab: the place opens there, the map stays here.
    with page.context.expect_page(timeout=TIMEOUT_MS) as opened:
        page.get_by_role("table").get_by_role("link", name="Rotterdam, Netherlands").click()
    place = opened.value
    try:
        expect(place).to_have_url(re.compile(r"[?&]place=NL(:|%3A)Rotterdam"), timeout=TIMEOUT_MS)
        assert "country=NL" in place.url, "with the filters it was opened from"
        expect(place.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content h4")).to_have_text(
            "Rotterdam, Netherlands", timeout=TIMEOUT_MS
        )
        expect(place.get_by_role("heading", level=3, name="Rotterdam, Netherlands")).to_be_visible(timeout=TIMEOUT_MS)
    finally:
        place.close()


def test_the_panel_and_the_popup_say_the_same_words_for_every_place(
    browser: Any, app_url: str, e2e_dataset: Dataset
) -> None:
    # Every place of the data, today and at a date: each popup as the reader opens it on the map,
    # each panel as ui.panels renders it for the page; then one place through the real page.
    from datetime import date

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        for as_of in (None, date(2023, 6, 30)):
            query = f"?asof={as_of.isoformat()}" if as_of else ""
            open_map(page, app_url, query)
            stations = filter_stations(e2e_dataset, Filters(as_of=as_of))
            places = aggregate_places(stations)
            expect_places(page, len(places))
            frame = _map_frame(page)
            frame.wait_for_function("() => OverseasStations.active.loader.state === 'ready'", timeout=TIMEOUT_MS)
            popups = []
            for i in range(len(places)):
                frame.evaluate("i => OverseasStations.active.openPlace(i)", i)
                frame.wait_for_function(
                    "label => { const h = document.querySelector('.leaflet-popup-content h4'); return h"
                    " && h.textContent === label && document.querySelectorAll('.leaflet-popup').length === 1; }",
                    arg=places["label"].iloc[i],
                    timeout=TIMEOUT_MS,
                )
                popups.append(frame.evaluate(POPUP_LINES))
            panels = [panel_html(e2e_dataset, p, as_of) for p in place_popups(e2e_dataset, stations, places, as_of)]
            sheet = context.new_page()
            sheet.set_content("".join(f"<section>{html}</section>" for html in panels))
            rendered = sheet.evaluate(f"() => [...document.querySelectorAll('section')].map(s => {_lines('s')})")
            sheet.close()
            for label, popup, panel in zip(places["label"], popups, rendered, strict=True):
                assert popup == panel, label
                assert len(popup) > 4
        # The panel in the page itself, as Streamlit shows it, for one place.
        page.goto(f"{app_url}/?place={ROTTERDAM}")
        map_frame = page.frame_locator(MAP_IFRAME)
        expect(map_frame.locator(".leaflet-popup-content h4")).to_have_text(
            "Rotterdam, Netherlands", timeout=TIMEOUT_MS
        )
        panel = page.locator(".osm-panel")
        expect(panel).to_be_visible(timeout=TIMEOUT_MS)
        in_page = panel.evaluate(f"p => {_lines('p')}")
        in_popup = _map_frame(page).evaluate(POPUP_LINES)
        assert in_page == in_popup
    finally:
        context.close()


def test_every_popup_and_panel_offers_to_suggest_a_correction(page: Page, app_url: str, e2e_dataset: Dataset) -> None:
    page.goto(f"{app_url}/?place={ROTTERDAM}")
    expected = correction_link(app_url + "/", f"place:{ROTTERDAM}", e2e_dataset.checksum)
    popup_link = page.frame_locator(MAP_IFRAME).get_by_role("link", name="Suggest a correction")
    expect(popup_link).to_have_attribute("href", expected, timeout=TIMEOUT_MS)
    in_panel = page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Suggest a correction")
    expect(in_panel).to_have_attribute("href", expected)  # (the sidebar's page link has the same name)
    assert re.search(r"/correct\?version=[0-9a-f]{12}&record=place%3ANL%3ARotterdam$", expected)


def test_an_open_popup_stays_open_and_follows_the_time_slider(offline_page: Any, mini: Dataset) -> None:
    # As st_folium swaps a layer (the old group off the map, the new script, the new group on): the
    # popup a reader has open speaks of the new month, with no click. (In the app the Map page may
    # also move the map to frame the month's places; a place then inside a group stays closed.)
    page = offline_page
    data = _harness(page, mini)
    page.evaluate(
        """d => {
            window.group = L.featureGroup();
            OverseasStations.draw(map, group, d.all, d.inline_options, d.atlas);
            map.addLayer(group);
            map.setView([41.9, 12.5], 8, {animate: false});
            OverseasStations.active.openPlace(OverseasStations.active.placeIndex('IT:Rome'));
        }""",
        data,
    )
    mix = page.locator(".leaflet-popup-content [data-line=mix]")
    expect(mix).not_to_contain_text("as of")
    page.evaluate(
        """d => {
            map.removeLayer(group);
            window.group = L.featureGroup();
            OverseasStations.draw(map, group, d.then, d.inline_options, d.atlas);
            map.addLayer(group);
        }""",
        data,
    )
    expect(page.locator(".leaflet-popup")).to_have_count(1)  # the old one has faded out
    expect(mix).to_have_text(re.compile(r" · as of 1 Oct 2022$"))
    expect(page.locator(".leaflet-popup-content h4")).to_have_text("Rome, Italy")
    assert page.errors == []


def test_the_source_box_never_covers_a_marker_in_a_narrow_embed(
    offline_page: Any, bundled: Dataset, tmp_path: Path
) -> None:
    # The Netherlands' embed in a 640 px column opens framed on its two places, Rotterdam at the
    # bottom left, where the source box sat.
    page = offline_page
    page.set_viewport_size({"width": 640, "height": 700})
    path = tmp_path / "embed.html"
    path.write_text(
        standalone_map_html(bundled, filter_stations(bundled, Filters(countries=("NL",))), title="NL"), "utf-8"
    )
    page.goto(path.as_uri())
    page.locator(".osm-marker").first.wait_for(timeout=TIMEOUT_MS)
    covered = """() => {
        const box = document.querySelector('.osm-source').getBoundingClientRect();
        return [...document.querySelectorAll('.leaflet-marker-pane > *')].filter(m => {
            const r = m.getBoundingClientRect();
            return box.left < r.right && r.left < box.right && box.top < r.bottom && r.top < box.bottom;
        }).length;
    }"""
    assert page.evaluate(covered) == 0, "the source box covers a marker as the embed opens"
    for view in ([51.9, 4.5, 7], [52.1, 4.7, 8], [52.4, 4.9, 9], [51.0, 5.5, 6]):
        page.evaluate("v => OverseasStations.active.map.setView([v[0], v[1]], v[2], {animate: false})", view)
        assert page.evaluate(covered) == 0, f"the source box covers a marker at {view}"
    assert page.errors == []


def test_groups_recolour_when_the_date_changes_their_places_status(offline_page: Any, mini: Dataset) -> None:
    # Same places, other statuses (before Rome's verdict): the groups take the month's colours too.
    from datetime import date

    from loaders.vocab import STATUS_RANK

    page = offline_page
    data = _harness(page, mini)
    before_verdict = date(2024, 1, 1)
    stations = filter_stations(mini, Filters(as_of=before_verdict))
    atlas_places = {pid: n for n, pid in enumerate(data["atlas"]["places"]["id"])}
    then = view_payload(mini, stations, aggregate_places(stations), before_verdict, atlas_places, data["all"]["atlas"])
    assert then["place"] == data["all"]["place"] and then["status"] != data["all"]["status"]
    group_statuses = "() => [...document.querySelectorAll('.osm-cluster')].map(g => g.dataset.status).sort()"
    page.evaluate(
        "d => OverseasStations.draw(map, L.featureGroup().addTo(map), d.all, d.inline_options, d.atlas)", data
    )
    page.evaluate("() => map.setView([45, 0], 0, {animate: false})")  # Europe in one group
    today = page.evaluate(group_statuses)
    assert "convicted" in today  # Rome's verdict
    # A group never reads as one black "Sentenced" station: a white ring inside its status ring.
    shadows = page.evaluate(
        "() => [...document.querySelectorAll('.osm-cluster')].map(g => getComputedStyle(g).boxShadow)"
    )
    assert shadows and all("inset" in s and "rgb(255, 255, 255)" in s for s in shadows), shadows
    page.evaluate(
        "v => OverseasStations.draw(map, L.featureGroup().addTo(map), v[0], v[1].inline_options, v[1].atlas)",
        [then, data],
    )
    earlier = page.evaluate(group_statuses)
    assert "convicted" not in earlier and len(earlier) == len(today)
    ranks = [STATUS_RANK[s] for s in earlier]
    assert max(ranks) < STATUS_RANK["prosecuted"]
